# Exactly what the deploy pipeline does, nothing more:
# EnsureEcr/PushImages, rollout + MigrateDb (ECS), SyncStatic (S3),
# InvalidateCdn (CloudFront), config (SSM), state + deploy lock/audit (S3), logs.
locals {
  deploy_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
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
          "ecr:InitiateLayerUpload",
          "ecr:ListImages",
          "ecr:PutImage",
          "ecr:UploadLayerPart",
        ]
        Resource = var.ecr_repository_arns
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
        Resource = "arn:aws:ecs:*:*:task-definition/*"
        Condition = {
          StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" }
        }
      },
      {
        Sid      = "EcsServices"
        Effect   = "Allow"
        Action   = ["ecs:DescribeServices", "ecs:UpdateService"]
        Resource = var.ecs_service_arns
      },
      {
        Sid      = "EcsRunTask"
        Effect   = "Allow"
        Action   = ["ecs:RunTask"]
        Resource = [for f in var.ecs_task_definition_families : "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task-definition/${f}:*"]
        Condition = {
          ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn }
        }
      },
      {
        Sid      = "EcsTasks"
        Effect   = "Allow"
        Action   = ["ecs:DescribeTasks", "ecs:StopTask"]
        Resource = "arn:${local.partition}:ecs:${local.region}:${local.account_id}:task/${var.ecs_cluster_name}/*"
      },
      {
        Sid      = "EcsListTasks"
        Effect   = "Allow"
        Action   = ["ecs:ListTasks"]
        Resource = "*"
        Condition = {
          ArnEquals = { "ecs:cluster" = var.ecs_cluster_arn }
        }
      },
      {
        Sid      = "EcsCluster"
        Effect   = "Allow"
        Action   = ["ecs:DescribeClusters"]
        Resource = var.ecs_cluster_arn
      },
      {
        Sid      = "PassTaskRoles"
        Effect   = "Allow"
        Action   = ["iam:PassRole"]
        Resource = var.pass_role_arns
        Condition = {
          StringEquals = { "iam:PassedToService" = "ecs-tasks.amazonaws.com" }
        }
      },
      {
        Sid      = "AssetsList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation"]
        Resource = var.assets_bucket_arn
      },
      {
        Sid      = "AssetsSync"
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]
        Resource = "${var.assets_bucket_arn}/*"
      },
      {
        Sid      = "StateBucketList"
        Effect   = "Allow"
        Action   = ["s3:ListBucket", "s3:GetBucketLocation", "s3:GetBucketVersioning"]
        Resource = "arn:${local.partition}:s3:::${var.state_bucket_name}"
      },
      {
        Sid      = "StateRead"
        Effect   = "Allow"
        Action   = ["s3:GetObject"]
        Resource = "arn:${local.partition}:s3:::${var.state_bucket_name}/*"
      },
      {
        # S3 lock files of plan (use_lockfile), deploy lock and audit objects; never the state itself.
        Sid    = "LocksAndDeployObjects"
        Effect = "Allow"
        Action = ["s3:PutObject", "s3:DeleteObject"]
        Resource = [
          "arn:${local.partition}:s3:::${var.state_bucket_name}/*.tflock",
          "arn:${local.partition}:s3:::${var.state_bucket_name}/${var.deploy_metadata_prefix}*",
        ]
      },
      {
        Sid      = "CdnInvalidation"
        Effect   = "Allow"
        Action   = ["cloudfront:CreateInvalidation", "cloudfront:GetInvalidation", "cloudfront:ListInvalidations", "cloudfront:GetDistribution"]
        Resource = var.cloudfront_distribution_arn
      },
      {
        Sid      = "ReadConfig"
        Effect   = "Allow"
        Action   = ["ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath"]
        Resource = local.ssm_parameters_arn
      },
      {
        Sid      = "ReadLogs"
        Effect   = "Allow"
        Action   = ["logs:DescribeLogStreams", "logs:FilterLogEvents", "logs:GetLogEvents"]
        Resource = concat(var.log_group_arns, [for a in var.log_group_arns : "${trimsuffix(a, ":*")}:*"])
      },
      {
        Sid      = "SmokeTestTargets"
        Effect   = "Allow"
        Action   = ["elasticloadbalancing:DescribeTargetHealth", "elasticloadbalancing:DescribeTargetGroups"]
        Resource = "*"
      },
    ]
  })
}
