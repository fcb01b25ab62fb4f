variable "project" {
  description = "Project name; prefix of every resource name and of the SSM path /<project>/<environment>/."
  type        = string

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,30}[a-z0-9]$", var.project))
    error_message = "project must be 3-32 lowercase letters, digits or hyphens, starting with a letter."
  }
}

variable "environment" {
  description = "Environment name (local, staging or production)."
  type        = string

  validation {
    condition     = contains(["local", "staging", "production"], var.environment)
    error_message = "environment must be one of local, staging, production."
  }
}

variable "tags" {
  description = "Extra tags for every resource (the provider's default_tags also apply)."
  type        = map(string)
  default     = {}
}

variable "github_repository" {
  description = "GitHub repository allowed to assume the roles, as owner/name."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$", var.github_repository))
    error_message = "github_repository must be owner/name."
  }
}

variable "github_environment" {
  description = "GitHub deployment environment whose jobs may assume the deploy and infra roles (OIDC subject repo:<repo>:environment:<name>); null = the environment name."
  type        = string
  default     = null

  validation {
    condition     = var.github_environment == null || can(regex("^[A-Za-z0-9_.-]+$", coalesce(var.github_environment, "x")))
    error_message = "github_environment must be a plain environment name (letters, digits, _ . -; no wildcards)."
  }
}

variable "plan_subjects" {
  description = "OIDC subjects the plan role trusts (exact match); null = repo:<repo>:ref:refs/heads/main only. The role reads the database master password (a plan of the database unit does), so do not add repo:<repo>:pull_request."
  type        = list(string)
  default     = null

  validation {
    condition = var.plan_subjects == null || alltrue([
      for s in(var.plan_subjects == null ? [] : var.plan_subjects) :
      startswith(s, "repo:${var.github_repository}:") && !can(regex("[*?]", s))
    ])
    error_message = "plan_subjects must be exact subjects of this repository (repo:<github_repository>:...), without wildcards."
  }

  validation {
    condition     = var.plan_subjects == null || length(var.plan_subjects == null ? ["default"] : var.plan_subjects) > 0
    error_message = "plan_subjects must not be empty (null = the default subjects)."
  }
}

variable "create_oidc_provider" {
  description = "Create the GitHub OIDC provider (once per AWS account)."
  type        = bool
  default     = true
}

variable "oidc_provider_arn" {
  description = "Existing GitHub OIDC provider ARN when create_oidc_provider is false."
  type        = string
  default     = null
}

variable "github_oidc_thumbprints" {
  description = "Thumbprints of token.actions.githubusercontent.com (AWS no longer checks them for GitHub, but the API wants one)."
  type        = list(string)
  default     = ["6938fd4d98bab03faadb97b34396831e3780aea1", "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]
}

variable "state_bucket_name" {
  description = "Terraform state bucket of the environment (state, S3 lock files, deploy lock and audit objects under deploy_metadata_prefix)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be an S3 bucket name."
  }
}

variable "state_key_prefix" {
  description = "Key prefix of the Terraform states in the state bucket (Terragrunt writes <unit>/terraform.tfstate: no prefix). The infra role writes only *.tfstate and *.tflock under it."
  type        = string
  default     = ""

  validation {
    condition     = !can(regex("[*?]", var.state_key_prefix)) && !startswith(var.state_key_prefix, "/")
    error_message = "state_key_prefix must be a plain key prefix (no wildcards, no leading /)."
  }
}

variable "deploy_metadata_prefix" {
  description = "Key prefix in the state bucket for the pipeline's deploy lock and audit objects (the only keys besides *.tflock the deploy role may write)."
  type        = string
  default     = "deploy/"

  validation {
    condition     = length(var.deploy_metadata_prefix) > 0 && endswith(var.deploy_metadata_prefix, "/") && !can(regex("[*?]", var.deploy_metadata_prefix)) && !startswith(var.deploy_metadata_prefix, "/")
    error_message = "deploy_metadata_prefix must be a plain key prefix ending in / (e.g. deploy/), without wildcards: it must never cover the state keys."
  }
}

variable "assets_bucket_name" {
  description = "Static assets bucket (the storage module's bucket); null = its default name <project>-<environment>-assets-<account id>. Its access-log bucket is <name>-logs."
  type        = string
  default     = null

  validation {
    condition     = var.assets_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", coalesce(var.assets_bucket_name, "xxx")))
    error_message = "assets_bucket_name must be an S3 bucket name."
  }
}

variable "image_source_repository_arns" {
  description = "ECR repositories in another account (staging's) the deploy role may read images from, to promote them (production). Empty = no cross-account read."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.image_source_repository_arns : can(regex("^arn:[a-z-]+:ecr:[a-z0-9-]+:[0-9]{12}:repository/.+$", a))])
    error_message = "image_source_repository_arns must be ECR repository ARNs (arn:<partition>:ecr:<region>:<account>:repository/<name>)."
  }
}
