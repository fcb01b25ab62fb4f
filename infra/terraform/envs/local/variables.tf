variable "aws_endpoint" {
  description = "Endpoint of the local cloud (moto_server) for every AWS service."
  type        = string
  default     = "http://127.0.0.1:4566"

  validation {
    condition     = can(regex("^https?://", var.aws_endpoint))
    error_message = "aws_endpoint must be an http(s) URL."
  }
}

variable "aws_region" {
  description = "Region the local cloud pretends to be."
  type        = string
  default     = "ap-northeast-1"
}

variable "project" {
  description = "Project name (resource prefix and SSM path /<project>/local/)."
  type        = string
  default     = "bookmark-manager"
}

variable "api_port" {
  description = "Container port of the API service; null = ../services.json's (3001)."
  type        = number
  default     = null
}

variable "web_port" {
  description = "Container port of the web service; null = ../services.json's (3000)."
  type        = number
  default     = null
}

variable "local_database_url" {
  description = "DATABASE_URL stored in SSM: the local PostgreSQL that stands in for Aurora (moto's Aurora endpoint does not answer). Plain, no sslmode: the local PostgreSQL has no TLS."
  type        = string
  default     = "postgresql://postgres:postgres@127.0.0.1:5432/app?schema=public"
  sensitive   = true
}

variable "local_database_url_version" {
  description = "Bump when local_database_url changes (it is written as a write-only value)."
  type        = number
  default     = 1
}

variable "initial_image_tag" {
  description = "Image tag of the task definition revisions Terraform registers (compute module). latest is allowed here only: the local data plane runs the revisions the pipeline registers."
  type        = string
  default     = "latest"
}

# --- moto feature switches (see README.md) -------------------------------------

variable "enable_autoscaling" {
  description = "Application Auto Scaling. Off: moto hangs on aws_appautoscaling_target (no ListTagsForResource)."
  type        = bool
  default     = false
}

variable "cloudfront_ignore_changes" {
  description = "Create the CloudFront distribution, then ignore differences: moto drops OriginAccessControlId and S3OriginConfig and adds ForwardedValues and SslSupportMethod, so it would differ on every plan."
  type        = bool
  default     = true
}

variable "enable_performance_insights" {
  description = "Performance Insights on the Aurora instance. Off: moto does not keep the setting, so every plan would show a change."
  type        = bool
  default     = false
}

variable "enable_ci_access" {
  description = "Create the GitHub OIDC provider and the deploy, infra and plan roles in the local cloud (as in staging/production; false leaves IAM for GitHub out)."
  type        = bool
  default     = true
}

variable "aws_max_retries" {
  description = "Retries of the AWS provider per call. Few by default, so a moto 500 (an unsupported call) fails fast; not 1, as moto drops connections under load. The fault-injection tests raise it (TF_VAR_aws_max_retries) as real AWS runs use the provider's default of 25."
  type        = number
  default     = 3

  validation {
    condition     = var.aws_max_retries >= 1 && var.aws_max_retries <= 25
    error_message = "aws_max_retries must be between 1 and 25."
  }
}

variable "github_repository" {
  description = "Repository the local roles trust, as owner/name (the pipeline passes LocalCloudSettings.GitHubRepository)."
  type        = string
}

variable "deploy_state_bucket" {
  description = "Bucket of the deploy lock and audit records (the pipeline passes DeployStateLocation's local name); the roles' state rights point at it."
  type        = string
}
