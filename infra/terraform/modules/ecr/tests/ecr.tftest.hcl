mock_provider "aws" {}

variables {
  project     = "bookmark-manager"
  environment = "staging"
}

run "repositories_follow_the_seed_rules" {
  command = plan

  assert {
    condition     = toset(keys(aws_ecr_repository.this)) == toset(["web", "api"])
    error_message = "One repository per image (web, api) is expected."
  }

  assert {
    condition     = aws_ecr_repository.this["api"].name == "bookmark-manager-staging-api"
    error_message = "Repository names must be <project>-<environment>-<image>."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_tag_mutability == "IMMUTABLE"])
    error_message = "Tags must be immutable by default."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.image_scanning_configuration[0].scan_on_push])
    error_message = "Scan on push must be enabled."
  }

  assert {
    condition     = alltrue([for r in aws_ecr_repository.this : r.encryption_configuration[0].encryption_type == "AES256"])
    error_message = "Repositories must be encrypted (AES256 by default)."
  }

  assert {
    condition     = alltrue([for p in aws_ecr_lifecycle_policy.this : jsondecode(p.policy).rules[0].selection.countNumber == 10])
    error_message = "The lifecycle policy must keep the last 10 images."
  }

  assert {
    condition = alltrue([for p in aws_ecr_lifecycle_policy.this :
      jsondecode(p.policy).rules[0].selection.tagStatus == "any" &&
      jsondecode(p.policy).rules[0].selection.countType == "imageCountMoreThan" &&
    jsondecode(p.policy).rules[0].action.type == "expire"])
    error_message = "The lifecycle rule must expire any image beyond the count."
  }
}

run "kms_encryption_is_selectable" {
  command = plan

  variables {
    encryption_type = "KMS"
    kms_key_arn     = "arn:aws:kms:ap-northeast-1:123456789012:key/abc"
  }

  assert {
    condition     = aws_ecr_repository.this["web"].encryption_configuration[0].kms_key == "arn:aws:kms:ap-northeast-1:123456789012:key/abc"
    error_message = "The KMS key must be used when encryption_type is KMS."
  }
}

run "rejects_unknown_mutability" {
  command = plan

  variables {
    image_tag_mutability = "SOMETIMES"
  }

  expect_failures = [var.image_tag_mutability]
}

run "no_repository_policy_by_default" {
  command = plan

  assert {
    condition     = length(aws_ecr_repository_policy.pull) == 0
    error_message = "Without pull_principal_arns no repository policy is set (same-account access only)."
  }
}

run "pull_for_promotion_by_another_account" {
  command = plan

  variables {
    pull_principal_arns = ["arn:aws:iam::222222222222:role/bookmark-manager-production-github-deploy"]
  }

  assert {
    condition     = toset(keys(aws_ecr_repository_policy.pull)) == toset(["web", "api"])
    error_message = "Every repository gets the pull policy."
  }

  assert {
    condition     = aws_ecr_repository_policy.pull["api"].repository == "bookmark-manager-staging-api"
    error_message = "The policy is set on the module's repository."
  }

  assert {
    condition = alltrue([for p in aws_ecr_repository_policy.pull :
      length(jsondecode(p.policy).Statement) == 1 &&
      jsondecode(p.policy).Statement[0].Effect == "Allow" &&
      toset(jsondecode(p.policy).Statement[0].Action) == toset(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages"])
    ])
    error_message = "Pull only: BatchGetImage, GetDownloadUrlForLayer, BatchCheckLayerAvailability, DescribeImages."
  }

  assert {
    condition     = jsondecode(aws_ecr_repository_policy.pull["web"].policy).Statement[0].Principal.AWS == ["arn:aws:iam::222222222222:root"]
    error_message = "The principal is the other account (ECR refuses principals that do not exist yet)."
  }

  assert {
    condition     = jsondecode(aws_ecr_repository_policy.pull["web"].policy).Statement[0].Condition.ArnEquals["aws:PrincipalArn"] == ["arn:aws:iam::222222222222:role/bookmark-manager-production-github-deploy"]
    error_message = "Only the named principals of that account: aws:PrincipalArn condition."
  }

  assert {
    condition     = !anytrue([for a in jsondecode(aws_ecr_repository_policy.pull["web"].policy).Statement[0].Action : contains(["ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:*"], a)])
    error_message = "The other account may never push."
  }
}

run "rejects_non_iam_pull_principals" {
  command = plan

  variables {
    pull_principal_arns = ["222222222222"]
  }

  expect_failures = [var.pull_principal_arns]
}
