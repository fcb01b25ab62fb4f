# The deploy role: exactly what the deploy pipeline does, nothing more:
# EnsureEcr verify/PushImages/PromoteImages (ECR), rollout + MigrateDb (ECS),
# SyncStatic (S3), InvalidateCdn (CloudFront), config (SSM), Terraform outputs
# (state read), the deploy lock and audit records (S3), logs, smoke test.
# Secrets Manager is not needed: the tasks read their secrets through the
# execution role. Infrastructure changes are the infra role's.
locals {
  deploy_statements = concat(
    [
      {
        Sid      = "EcrLogin"
        Effect   = "Allow"
        Action   = ["ecr:GetAuthorizationToken"]
        Resource = "*"
      },
      {
        Sid    = "EcrPushPull"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:CompleteLayerUpload",
          "ecr:DescribeImages",
          "ecr:DescribeRepositories",
          "ecr:GetDownloadUrlForLayer",
          "ecr:GetLifecyclePolicy",
          "ecr:InitiateLayerUpload",
          "ecr:ListImages",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = local.arn.ecr_repositories
      },
      {
        # These ECS actions do not support resource-level permissions.
        Sid    = "EcsTaskDefinitions"
        Effect = "Allow"
        Action = [
          "ecs:DescribeTaskDefinition",
          "ecs:ListTaskDefinitions",
          "ecs:RegisterTaskDefinition",
        ]
        Resource = "*"
      },
      {
        # New revisions carry the family's tags: tagging on create needs ecs:TagResource, for that action only.
        Sid      = "EcsTagTaskDefinitionsOnCreate"
        Effect   = "Allow"
        Action   = ["ecs:TagResource"]
        Resource = local.arn.task_definitions
        Condition = {
          StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" }
        }
      },
      {
        Sid      = "EcsServices"
        Effect   = "Allow"
        Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
        Resource = local.arn.ecs_services
      },
      {
        Sid      = "EcsRunTask"
        Effect   = "Allow"
        Action   = ["ecs:RunTask"]
        Resource = local.arn.task_definitions
        Condition = {
          ArnEquals = { "ecs:cluster" = local.arn.ecs_cluster }
        }
      },
      {
        Sid      = "EcsTasks"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTasks", "ecs:StopTask"]
        Resource = local.arn.ecs_tasks
      },
      {
        Sid      = "EcsListTasks"
        Effect   = "Allow"
        Action   = ["ecs:ListTasks"]
        Resource = "*"
        Condition = {
          ArnEquals = { "ecs:cluster" = local.arn.ecs_cluster }
        }
      },
      {
        Sid      = "EcsCluster"
        Effect   = "Allow"
        Action   = ["ecs:DescribeClusters"]
        Resource = local.arn.ecs_cluster
      },
      {
        Sid      = "PassTaskRoles"
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = local.arn.task_roles
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      },
      {
        Sid      = "AssetsList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = local.arn.assets_bucket
      },
      {
        # Multipart uploads of large files: PutObject covers initiate/part/complete; abort has its own action.
        Sid      = "AssetsSync"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
        Resource = "${local.arn.assets_bucket}/*"
      },
      {
        Sid      = "StateBucketList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"]
        Resource = local.arn.state_bucket
      },
      {
        Sid      = "StateRead"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "${local.arn.state_bucket}/*"
      },
      {
        # S3 lock files (use_lockfile), deploy lock and audit objects; never the state itself.
        Sid    = "LocksAndDeployObjects"
        Effect = "Allow"
        Action = ["s3:PutObject", "s3:DeleteObject"]
        Resource = [
          local.state_lock_files,
          "${local.arn.state_bucket}/${var.deploy_metadata_prefix}*",
        ]
      },
      {
        Sid      = "CdnInvalidation"
        Effect   = "Allow"
        Action   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", "cloudfront:ListInvalidations", "cloudfront:GetDistribution"]
        Resource = local.arn.distributions
      },
      {
        Sid      = "ReadConfig"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
        Resource = local.arn.ssm_parameters
      },
      {
        Sid      = "ReadLogs"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"]
        Resource = local.arn.service_log_groups
      },
      {
        # VerifyDeploy: the task definitions' log groups exist. DescribeLogGroups is
        # authorized on log-group:* (it lists names and settings, no events).
        Sid      = "VerifyLogGroups"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogGroups"]
        Resource = "*"
      },
      {
        # Describe actions of Elastic Load Balancing have no resource-level permissions.
        Sid      = "SmokeTestTargets"
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTargetGroups"]
        Resource = "*"
      },
    ],
    # Production promotes the images staging tested: read them from staging's
    # registry (its ecr unit's repository policy lets this role in).
    length(var.image_source_repository_arns) == 0 ? [] : [
      {
        Sid    = "PullImagesToPromote"
        Effect = "Allow"
        Action = [
          "ecr:BatchCheckLayerAvailability",
          "ecr:BatchGetImage",
          "ecr:DescribeImages",
          "ecr:GetDownloadUrlForLayer",
        ]
        Resource = var.image_source_repository_arns
      },
    ],
  )

  deploy_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.deploy_statements
  })
}
