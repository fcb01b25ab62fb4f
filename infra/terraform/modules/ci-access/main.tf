# GitHub Actions access to one environment (one AWS account): the OIDC provider
# and three roles, one per kind of job. Every ARN in the policies is built from
# the naming conventions of the other modules, so this unit reads no other
# unit's outputs: an account admin applies it first, before anything else exists.
locals {
  name_prefix = "${var.project}-${var.environment}"

  account_id = data.aws_caller_identity.current.account_id
  region     = data.aws_region.current.name
  partition  = data.aws_partition.current.partition

  github_oidc_host  = "token.actions.githubusercontent.com"
  oidc_provider_arn = var.create_oidc_provider ? aws_iam_openid_connect_provider.github[0].arn : var.oidc_provider_arn
  # The same ARN by name (known before the provider exists): the infra role's Deny names it.
  oidc_provider_arn_by_name = "arn:${local.partition}:iam::${local.account_id}:oidc-provider/${local.github_oidc_host}"

  github_environment = coalesce(var.github_environment, var.environment)

  # Exact OIDC subjects (StringEquals, no wildcards). A job with `environment: X`
  # sends repo:<repo>:environment:X whatever its branch or event; no role
  # accepts pull requests by default.
  trusted_subjects = {
    deploy = ["repo:${var.github_repository}:environment:${local.github_environment}"]
    infra  = ["repo:${var.github_repository}:environment:${local.github_environment}"]
    # Main only by default: a plan of the database unit reads the master password (the provider refreshes the
    # secret version with GetSecretValue), so code from a pull request must not run as this role.
    plan = var.plan_subjects != null ? var.plan_subjects : [
      "repo:${var.github_repository}:ref:refs/heads/main",
    ]
  }

  role_descriptions = {
    deploy = "GitHub Actions deploy jobs of ${var.github_repository} (environment ${local.github_environment}): images, ECS rollout and migrations, static site, CDN invalidation of ${local.name_prefix}"
    infra  = "GitHub Actions infrastructure jobs of ${var.github_repository} (environment ${local.github_environment}): terraform plan/apply/destroy of the ${local.name_prefix} stack, never of its own GitHub roles"
    plan   = "GitHub Actions main-branch dry runs of ${var.github_repository}: read-only terraform plan and pipeline --dry-run of ${local.name_prefix}"
  }

  # Inline policy names (deploy-pipeline is the earlier deploy role's).
  policy_names = {
    deploy = "deploy-pipeline"
    infra  = "terraform-stack"
    plan   = "read-only-plan"
  }

  role_policies = {
    deploy = local.deploy_policy
    infra  = local.infra_policy
    plan   = local.plan_policy
  }

  trust_policies = {
    for kind, subjects in local.trusted_subjects : kind => jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect    = "Allow"
        Principal = { Federated = local.oidc_provider_arn }
        Action    = "sts:AssumeRoleWithWebIdentity"
        Condition = {
          StringEquals = {
            "${local.github_oidc_host}:aud" = "sts.amazonaws.com"
            "${local.github_oidc_host}:sub" = subjects
          }
        }
      }]
    })
  }
}

data "aws_caller_identity" "current" {}

data "aws_region" "current" {}

data "aws_partition" "current" {}

resource "aws_iam_openid_connect_provider" "github" {
  count = var.create_oidc_provider ? 1 : 0

  url             = "https://${local.github_oidc_host}"
  client_id_list  = ["sts.amazonaws.com"]
  thumbprint_list = var.github_oidc_thumbprints

  tags = var.tags
}

# <project>-<environment>-github-deploy | -github-infra | -github-plan: the .NET
# pipeline computes these names and assumes them itself with the job's OIDC
# token. max_session_duration: two hours, the duration the pipeline asks for
# (WebIdentityRoleCredentials.SessionSeconds; it renews sessions before they
# expire, and a first staging deploy takes about an hour).
resource "aws_iam_role" "github" {
  for_each = local.trusted_subjects

  name                 = "${local.name_prefix}-github-${each.key}"
  description          = local.role_descriptions[each.key]
  assume_role_policy   = local.trust_policies[each.key]
  max_session_duration = 7200

  tags = var.tags
}

resource "aws_iam_role_policy" "github" {
  for_each = local.trusted_subjects

  name   = local.policy_names[each.key]
  role   = aws_iam_role.github[each.key].id
  policy = local.role_policies[each.key]
}

# Earlier versions: one deploy role and an optional infra role with attached managed policies.
moved {
  from = aws_iam_role.deploy
  to   = aws_iam_role.github["deploy"]
}

moved {
  from = aws_iam_role_policy.deploy
  to   = aws_iam_role_policy.github["deploy"]
}

moved {
  from = aws_iam_role.infra[0]
  to   = aws_iam_role.github["infra"]
}
