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

variable "github_branch" {
  description = "Branch whose workflows may assume the roles (staging or production)."
  type        = string

  validation {
    condition     = length(var.github_branch) > 0 && !can(regex("[*?]", var.github_branch))
    error_message = "github_branch must be a plain branch name (no wildcards)."
  }
}

variable "github_environment" {
  description = "GitHub deployment environment whose jobs may also assume the roles (its OIDC subject is repo:<repo>:environment:<name>); null = branch only."
  type        = string
  default     = null
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

variable "ecr_repository_arns" {
  description = "ECR repositories the pipeline pushes to."
  type        = list(string)
}

variable "ecs_cluster_name" {
  description = "ECS cluster name."
  type        = string
}

variable "ecs_cluster_arn" {
  description = "ECS cluster ARN."
  type        = string
}

variable "ecs_service_arns" {
  description = "ECS services the pipeline updates."
  type        = list(string)
}

variable "ecs_task_definition_families" {
  description = "Task definition families the pipeline may run (migrations)."
  type        = list(string)
}

variable "pass_role_arns" {
  description = "Roles the pipeline may pass to ECS tasks (task execution role and task role)."
  type        = list(string)
}

variable "assets_bucket_arn" {
  description = "Static assets bucket the pipeline syncs to."
  type        = string
}

variable "cloudfront_distribution_arn" {
  description = "Distribution the pipeline invalidates."
  type        = string
}

variable "state_bucket_name" {
  description = "Terraform state bucket (read state/outputs, S3 lock files, deploy lock and audit objects under deploy_metadata_prefix)."
  type        = string
}

variable "deploy_metadata_prefix" {
  description = "Key prefix in the state bucket for the pipeline's deploy lock and audit objects."
  type        = string
  default     = "deploy/"
}

variable "log_group_arns" {
  description = "Log groups the pipeline reads (migration and service logs)."
  type        = list(string)
  default     = []
}

variable "create_infra_role" {
  description = "Also create a role for applying the Terraform stack, with infra_role_policy_arns attached."
  type        = bool
  default     = false
}

variable "infra_role_policy_arns" {
  description = "Managed policies of the infra role."
  type        = list(string)
  default     = []
}
