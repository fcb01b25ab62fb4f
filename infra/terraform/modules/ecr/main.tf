locals {
  name_prefix = "${var.project}-${var.environment}"

  # ECR refuses a policy naming a principal that does not exist yet ("Principal
  # not found"), and production's deploy role may be created after staging's
  # repositories. So the policy trusts the principals' accounts and names the
  # principals in a condition (aws:PrincipalArn), which needs nothing to exist.
  pull_accounts = distinct([for a in var.pull_principal_arns : join(":", slice(split(":", a), 0, 5))])

  pull_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PullForPromotion"
      Effect    = "Allow"
      Principal = { AWS = [for account in local.pull_accounts : "${account}:root"] }
      Action = [
        "ecr:BatchCheckLayerAvailability",
        "ecr:BatchGetImage",
        "ecr:DescribeImages",
        "ecr:GetDownloadUrlForLayer",
      ]
      Condition = {
        ArnEquals = { "aws:PrincipalArn" = var.pull_principal_arns }
      }
    }]
  })

  lifecycle_policy = jsonencode({
    rules = [
      {
        rulePriority = 1
        description  = "Keep the last ${var.max_image_count} images"
        selection = {
          tagStatus   = "any"
          countType   = "imageCountMoreThan"
          countNumber = var.max_image_count
        }
        action = {
          type = "expire"
        }
      }
    ]
  })
}

resource "aws_ecr_repository" "this" {
  for_each = toset(var.repositories)

  name                 = "${local.name_prefix}-${each.key}"
  image_tag_mutability = var.image_tag_mutability
  force_delete         = var.force_delete

  image_scanning_configuration {
    scan_on_push = var.scan_on_push
  }

  encryption_configuration {
    encryption_type = var.encryption_type
    kms_key         = var.encryption_type == "KMS" ? var.kms_key_arn : null
  }

  tags = merge(var.tags, { Name = "${local.name_prefix}-${each.key}" })
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy     = local.lifecycle_policy
}

resource "aws_ecr_repository_policy" "pull" {
  for_each = length(var.pull_principal_arns) == 0 ? toset([]) : toset(var.repositories)

  repository = aws_ecr_repository.this[each.key].name
  policy     = local.pull_policy
}
