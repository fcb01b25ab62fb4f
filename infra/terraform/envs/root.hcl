# Root Terragrunt configuration, included by every unit
# (envs/<environment>/<unit>/terragrunt.hcl). It owns what all units share:
# remote state, provider generation and the common inputs. Environment values
# come from envs/<environment>/env.hcl.

locals {
  env = read_terragrunt_config(find_in_parent_folders("env.hcl")).locals

  project        = "bookmark-manager"
  environment    = local.env.environment
  aws_region     = local.env.aws_region
  aws_account_id = local.env.aws_account_id

  state_bucket = "${local.project}-${local.environment}-tfstate-${local.aws_account_id}"

  tags = {
    Project     = local.project
    Environment = local.environment
    ManagedBy   = "terragrunt"
  }
}

# State in S3 with S3-native locking (use_lockfile; no DynamoDB table).
# Terragrunt creates the bucket (versioned, encrypted) on first init.
remote_state {
  backend = "s3"

  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }

  config = {
    bucket       = local.state_bucket
    key          = "${path_relative_to_include()}/terraform.tfstate"
    region       = local.aws_region
    encrypt      = true
    use_lockfile = true
  }
}

# Same file name as the modules' proxy providers.tf (security, edge), which it
# replaces: if_exists = "overwrite".
# allowed_account_ids makes Terraform refuse to run against the wrong account.
generate "provider" {
  path      = "providers.tf"
  if_exists = "overwrite"
  contents  = <<-EOT
    provider "aws" {
      region              = "${local.aws_region}"
      allowed_account_ids = ["${local.aws_account_id}"]

      default_tags {
        tags = ${jsonencode(local.tags)}
      }
    }

    # CloudFront-scoped WAF and CloudFront certificates live in us-east-1.
    provider "aws" {
      alias               = "us_east_1"
      region              = "us-east-1"
      allowed_account_ids = ["${local.aws_account_id}"]

      default_tags {
        tags = ${jsonencode(local.tags)}
      }
    }
  EOT
}

# Common inputs: every module declares these three variables.
inputs = {
  project     = local.project
  environment = local.environment
  tags        = local.tags
}
