# The infra role: what `terraform plan/apply/destroy` of this project's stack
# needs (network, security with WAF in us-east-1, database, compute, edge,
# storage, monitoring, ecr; ci-access itself excluded).
#
# - Services whose resource ids are random, or whose APIs have no resource-level
#   permissions, get a service-level wildcard, limited to the environment's
#   region (and us-east-1 for CloudFront, WAF and the CloudFront certificate).
#   Each environment is its own AWS account, so "the account's" is "the stack's".
# - Named resources (repositories, log groups, parameters, secrets, topics,
#   buckets, IAM) are limited to the stack's names.
# - IAM: read anywhere (refresh), write only <prefix>-* roles, policies and
#   instance profiles, pass only <prefix>-* roles, service-linked roles only for
#   the services that create them. An explicit Deny keeps the role off the GitHub
#   roles and the OIDC provider: it can never widen, re-trust or remove itself
#   (or the deploy and plan roles). That is also why a destroy run as this role
#   is safe: it excludes the ci-access unit, which an account admin manages.
# - State: *.tfstate and *.tflock under state_key_prefix; never the deploy
#   lock/audit objects.
locals {
  infra_regional_services = ["application-autoscaling", "cloudwatch", "ec2", "ecs", "elasticloadbalancing", "rds"]
  infra_edge_services     = ["acm", "cloudfront", "wafv2"]

  infra_service_linked_roles = [
    "ecs.amazonaws.com",
    "ecs.application-autoscaling.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "rds.amazonaws.com",
  ]

  # Services that use KMS on the caller's behalf (customer-managed keys passed to the modules).
  infra_kms_via_services = [for s in ["ecr", "logs", "rds", "secretsmanager", "ssm"] : "${s}.${local.region}.amazonaws.com"]

  infra_statements = [
    {
      Sid      = "StackServices"
      Effect   = "Allow"
      Action   = [for s in local.infra_regional_services : "${s}:*"]
      Resource = "*"
      Condition = {
        StringEquals = { "aws:RequestedRegion" = local.region }
      }
    },
    {
      # CloudFront, its WAF web ACL (scope CLOUDFRONT) and its certificate live in us-east-1.
      Sid      = "EdgeServices"
      Effect   = "Allow"
      Action   = [for s in local.infra_edge_services : "${s}:*"]
      Resource = "*"
      Condition = {
        StringEquals = { "aws:RequestedRegion" = distinct([local.region, "us-east-1"]) }
      }
    },
    {
      # Records of the custom domain in an existing hosted zone (edge, when domain_names is set).
      Sid    = "DnsRecords"
      Effect = "Allow"
      Action = [
        "route53:ChangeResourceRecordSets",
        "route53:GetChange",
        "route53:GetHostedZone",
        "route53:ListHostedZones",
        "route53:ListResourceRecordSets",
        "route53:ListTagsForResource",
      ]
      Resource = "*"
    },
    {
      Sid      = "EcrRepositories"
      Effect   = "Allow"
      Action   = ["ecr:*"]
      Resource = local.arn.ecr_repositories
    },
    {
      Sid      = "LogGroups"
      Effect   = "Allow"
      Action   = ["logs:*"]
      Resource = [local.arn.service_log_groups, local.arn.vpc_log_groups]
    },
    {
      Sid      = "LogGroupsDescribe"
      Effect   = "Allow"
      Action   = ["logs:DescribeLogGroups"]
      Resource = "*"
    },
    {
      Sid      = "Parameters"
      Effect   = "Allow"
      Action   = ["ssm:*"]
      Resource = local.arn.ssm_parameters
    },
    {
      Sid      = "ParametersDescribe"
      Effect   = "Allow"
      Action   = ["ssm:DescribeParameters"]
      Resource = "*"
    },
    {
      Sid      = "Secrets"
      Effect   = "Allow"
      Action   = ["secretsmanager:*"]
      Resource = local.arn.stack_secrets
    },
    {
      # The database module's master password comes from GetRandomPassword (no resource-level permissions).
      Sid      = "SecretsAccount"
      Effect   = "Allow"
      Action   = ["secretsmanager:GetRandomPassword", "secretsmanager:ListSecrets"]
      Resource = "*"
    },
    {
      Sid      = "KmsRead"
      Effect   = "Allow"
      Action   = ["kms:DescribeKey", "kms:ListAliases"]
      Resource = "*"
    },
    {
      Sid      = "KmsThroughStackServices"
      Effect   = "Allow"
      Action   = ["kms:CreateGrant", "kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*", "kms:ReEncrypt*"]
      Resource = "*"
      Condition = {
        StringEquals = { "kms:ViaService" = local.infra_kms_via_services }
      }
    },
    {
      Sid      = "AlertTopics"
      Effect   = "Allow"
      Action   = ["sns:*"]
      Resource = local.arn.alert_topics
    },
    {
      # The assets bucket and its access-log bucket (storage); never the state bucket.
      Sid    = "AssetBuckets"
      Effect = "Allow"
      Action = ["s3:*"]
      Resource = [
        local.arn.assets_bucket,
        "${local.arn.assets_bucket}/*",
        local.arn.asset_log_bucket,
        "${local.arn.asset_log_bucket}/*",
      ]
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
      Sid    = "StateWrite"
      Effect = "Allow"
      Action = ["s3:PutObject", "s3:DeleteObject"]
      Resource = [
        "${local.arn.state_bucket}/${var.state_key_prefix}*.tfstate",
        "${local.arn.state_bucket}/${var.state_key_prefix}*.tflock",
      ]
    },
    {
      Sid      = "IamRead"
      Effect   = "Allow"
      Action   = ["iam:Get*", "iam:List*"]
      Resource = "*"
    },
    {
      Sid    = "StackRoles"
      Effect = "Allow"
      Action = [
        "iam:CreateRole",
        "iam:DeleteRole",
        "iam:DeleteRolePolicy",
        "iam:DetachRolePolicy",
        "iam:PutRolePolicy",
        "iam:TagRole",
        "iam:UntagRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:UpdateRole",
        "iam:UpdateRoleDescription",
      ]
      Resource = local.arn.stack_roles
    },
    {
      # Managed policies: AWS's service-role policies (ECS task execution, RDS monitoring) and the stack's own.
      Sid      = "StackRolesManagedPolicies"
      Effect   = "Allow"
      Action   = ["iam:AttachRolePolicy"]
      Resource = local.arn.stack_roles
      Condition = {
        ArnLike = {
          "iam:PolicyARN" = [
            "arn:${local.partition}:iam::aws:policy/service-role/*",
            local.arn.stack_policies,
          ]
        }
      }
    },
    {
      Sid    = "StackPolicies"
      Effect = "Allow"
      Action = [
        "iam:CreatePolicy",
        "iam:CreatePolicyVersion",
        "iam:DeletePolicy",
        "iam:DeletePolicyVersion",
        "iam:SetDefaultPolicyVersion",
        "iam:TagPolicy",
        "iam:UntagPolicy",
      ]
      Resource = local.arn.stack_policies
    },
    {
      Sid    = "StackInstanceProfiles"
      Effect = "Allow"
      Action = [
        "iam:AddRoleToInstanceProfile",
        "iam:CreateInstanceProfile",
        "iam:DeleteInstanceProfile",
        "iam:RemoveRoleFromInstanceProfile",
        "iam:TagInstanceProfile",
        "iam:UntagInstanceProfile",
      ]
      Resource = local.arn.stack_instance_profile
    },
    {
      # Task roles to ECS, the flow-log role to VPC Flow Logs, the monitoring role to RDS.
      Sid      = "PassStackRoles"
      Effect   = "Allow"
      Action   = ["iam:PassRole"]
      Resource = local.arn.stack_roles
    },
    {
      Sid      = "ServiceLinkedRoles"
      Effect   = "Allow"
      Action   = ["iam:CreateServiceLinkedRole"]
      Resource = local.arn.service_linked_roles
      Condition = {
        StringEquals = { "iam:AWSServiceName" = local.infra_service_linked_roles }
      }
    },
    {
      # Overrides every Allow above (and any policy attached later): no IAM write on the GitHub roles
      # (this one included) or the OIDC provider they trust.
      Sid    = "NeverTheGitHubAccess"
      Effect = "Deny"
      Action = [
        "iam:Add*",
        "iam:Attach*",
        "iam:Create*",
        "iam:Delete*",
        "iam:Detach*",
        "iam:PassRole",
        "iam:Put*",
        "iam:Remove*",
        "iam:Tag*",
        "iam:Untag*",
        "iam:Update*",
      ]
      Resource = [local.arn.github_roles, local.oidc_provider_arn_by_name]
    },
  ]

  infra_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = local.infra_statements
  })
}
