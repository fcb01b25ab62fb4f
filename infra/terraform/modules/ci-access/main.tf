locals {
  name_prefix = "${var.project}-${var.environment}"

  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn

  # Only this repository, and only the environment's branch (or the GitHub
  # environment of the same name, whose own rules restrict the branch).
  allowed_subjects = concat(
    ["repo:${var.github_repository}:ref:refs/heads/${var.github_branch}"],
    var.github_environment == null ? [] : ["repo:${var.github_repository}:environment:${var.github_environment}"]
  )

  ssm_parameters_arn = "arn:${local.partition}:ssm:${local.region}:${local.account_id}:parameter/${var.project}/${var.environment}/*"
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url             = "https://token.actions.githubusercontent.com"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = var.github_oidc_thumbprints

  tags = var.tags
}

locals {
  github_trust = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Federated = local.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "token.actions.githubusercontent.com:aud" = "sts.amazonaws.com"
          "token.actions.githubusercontent.com:sub" = local.allowed_subjects
        }
      }
    }]
  })
}

# max_session_duration: two hours. The workflows ask for role-duration-seconds up to their job
# timeout (90 min; a first staging deploy takes about an hour), and a job cannot refresh them.
resource "aws_iam_role" "deploy" {
  name                 = "${local.name_prefix}-github-deploy"
  description          = "Assumed by GitHub Actions (${var.github_repository}, branch ${var.github_branch}) to deploy ${local.name_prefix}"
  assume_role_policy   = local.github_trust
  max_session_duration = 7200

  tags = var.tags
}

resource "aws_iam_role_policy" "deploy" {
  name   = "deploy-pipeline"
  role   = aws_iam_role.deploy.id
  policy = local.deploy_policy
}

# Optional second role for `terragrunt run --all apply` (creating the
# infrastructure needs far more than a deploy). Same trust, policies chosen by
# the account owner.
resource "aws_iam_role" "infra" {
  count = var.create_infra_role ? 1 : 0

  name                 = "${local.name_prefix}-github-infra"
  description          = "Assumed by GitHub Actions (${var.github_repository}, branch ${var.github_branch}) to apply the Terraform stack"
  assume_role_policy   = local.github_trust
  max_session_duration = 7200

  tags = var.tags
}

resource "aws_iam_role_policy_attachment" "infra" {
  for_each = var.create_infra_role ? toset(var.infra_role_policy_arns) : toset([])

  role       = aws_iam_role.infra[0].name
  policy_arn = each.key
}
