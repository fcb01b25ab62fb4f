# Root Terragrunt configuration, included by every unit
# (envs/<environment>/<unit>/terragrunt.hcl, next to its _envcommon/<unit>.hcl).
# It owns what all units share: remote state, provider generation, Terraform
# settings and the common inputs. The settings of the unit's environment (the
# folder holding the env.hcl above it) come from common.hcl: shared values,
# overridden by envs/<environment>/env.hcl, plus derived names.

locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]

  tags = {
    Project     = local.settings.project
    Environment = local.settings.environment
    ManagedBy   = "terragrunt"
  }
}

# The lock file stays in the unit's .terragrunt-cache: Terragrunt would
# otherwise copy .terraform.lock.hcl next to every terragrunt.hcl after init.
# Such a copy is untracked (infra/terraform/.gitignore ignores lock files, so
# Preflight's clean-tree check is not affected either way), yet Terragrunt
# copies it back into the cache on every run, silently pinning one machine's
# provider versions.
terraform {
  copy_terraform_lock_file = false
}

# Production sets this: Terragrunt refuses `destroy` of its units.
prevent_destroy = local.settings.prevent_destroy

# State in S3 with S3-native locking (use_lockfile; no DynamoDB table).
# The bucket must exist before the first init: scripts/bootstrap_state.sh
# creates it (versioned, encrypted, public access blocked, TLS only). Terragrunt
# does not (it would only with --backend-bootstrap), and the pipeline's deploy
# lock lives in the same bucket before Terragrunt runs.
remote_state {
  backend = "s3"

  generate = {
    path      = "backend.tf"
    if_exists = "overwrite_terragrunt"
  }

  config = {
    bucket       = local.settings.state_bucket
    key          = "${path_relative_to_include()}/terraform.tfstate"
    region       = local.settings.aws_region
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
      region              = "${local.settings.aws_region}"
      allowed_account_ids = ["${local.settings.aws_account_id}"]

      default_tags {
        tags = ${jsonencode(local.tags)}
      }
    }

    # CloudFront-scoped WAF and CloudFront certificates live in us-east-1.
    provider "aws" {
      alias               = "us_east_1"
      region              = "us-east-1"
      allowed_account_ids = ["${local.settings.aws_account_id}"]

      default_tags {
        tags = ${jsonencode(local.tags)}
      }
    }
  EOT
}

# Common inputs: every module declares these three variables.
inputs = {
  project     = local.settings.project
  environment = local.settings.environment
  tags        = local.tags
}
