# The plan role: main-branch dry runs. What the refresh of a `terraform plan`
# and the pipeline's --dry-run read, and one write: the S3 lock files of the
# plans (use_lockfile). One secret value, the database master password the
# database unit's plan reads (no other secret's: GetSecretValue is allowed on
# that ARN only), so the role trusts main-branch jobs only by default; no log
# events, no image layers, no ec2:Get* (console output, password data), no
# wafv2 sampled requests. SSM parameters are readable (the dry run's env
# files), as is the state.
locals {
  plan_statements = [
    {
      Sid    = "ReadStackServices"
      Effect = "Allow"
      Action = [
        "acm:Describe*",
        "acm:Get*",
        "acm:List*",
        "application-autoscaling:Describe*",
        "application-autoscaling:ListTagsForResource",
        "cloudfront:Describe*",
        "cloudfront:Get*",
        "cloudfront:List*",
        "cloudwatch:Describe*",
        "cloudwatch:Get*",
        "cloudwatch:List*",
        "ec2:Describe*",
        "ec2:GetManagedPrefixListEntries",
        "ecs:Describe*",
        "ecs:List*",
        "elasticloadbalancing:Describe*",
        "iam:Get*",
        "iam:List*",
        "kms:DescribeKey",
        "kms:ListAliases",
        "kms:ListResourceTags",
        "logs:Describe*",
        "logs:ListTagsForResource",
        "logs:ListTagsLogGroup",
        "rds:Describe*",
        "rds:ListTagsForResource",
        "route53:Get*",
        "route53:List*",
        "secretsmanager:DescribeSecret",
        # A fresh random string, no stored secret: the database module's ephemeral master password is opened on
        # every plan (found by the IAM-enforcing local cloud's dry run).
        "secretsmanager:GetRandomPassword",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:ListSecrets",
        "secretsmanager:ListSecretVersionIds",
        "sns:Get*",
        "sns:List*",
        "ssm:DescribeParameters",
        "wafv2:GetIPSet",
        "wafv2:GetLoggingConfiguration",
        "wafv2:GetWebACL",
        "wafv2:List*",
      ]
      Resource = "*"
    },
    {
      Sid    = "ReadRepositories"
      Effect = "Allow"
      Action = [
        "ecr:DescribeImages",
        "ecr:DescribeRepositories",
        "ecr:GetLifecyclePolicy",
        "ecr:GetRepositoryPolicy",
        "ecr:ListImages",
        "ecr:ListTagsForResource",
      ]
      Resource = local.arn.ecr_repositories
    },
    {
      Sid      = "ReadParameters"
      Effect   = "Allow"
      Action   = ["ssm:GetParameter*", "ssm:ListTagsForResource"]
      Resource = local.arn.ssm_parameters
    },
    {
      # Bucket configuration of the environment's buckets (refresh of the storage unit, the state backend).
      Sid    = "ReadBuckets"
      Effect = "Allow"
      Action = [
        "s3:GetAccelerateConfiguration",
        "s3:GetBucket*",
        "s3:GetEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:GetReplicationConfiguration",
        "s3:ListBucket",
      ]
      Resource = [local.arn.stack_buckets, local.arn.state_bucket]
    },
    {
      # State and outputs, the deploy lock's holder; the site's objects and release manifests (SyncStatic's plan).
      Sid      = "ReadStateAndAssets"
      Effect   = "Allow"
      Action   = ["s3:GetObject"]
      Resource = ["${local.arn.state_bucket}/*", "${local.arn.assets_bucket}/*"]
    },
    {
      Sid      = "PlanLockFiles"
      Effect   = "Allow"
      Action   = ["s3:PutObject", "s3:DeleteObject"]
      Resource = local.state_lock_files
    },
    {
      # terraform plan of the database unit refreshes the master password's secret version (GetSecretValue, even
      # for the write-only secret_string_wo) and opens it as an ephemeral value: found by the IAM-enforcing local
      # cloud's dry run. This one secret, and only for main-branch code (plan_subjects).
      Sid      = "ReadMasterPasswordForPlan"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = local.arn.master_password
    },
  ]

  plan_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.plan_statements
  })
}
