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

variable "bucket_name" {
  description = "Assets bucket name (null = <project>-<environment>-assets-<account id>)."
  type        = string
  default     = null

  validation {
    condition     = var.bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be a valid S3 bucket name."
  }
}

variable "log_bucket_name" {
  description = "Access log bucket name (null = <bucket_name>-logs)."
  type        = string
  default     = null
}

variable "cloudfront_distribution_arn" {
  description = "ARN of the CloudFront distribution that may read the bucket (through OAC). The only reader the bucket policy allows."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:cloudfront:[^/]*:distribution/[A-Za-z0-9]+$", var.cloudfront_distribution_arn))
    error_message = "cloudfront_distribution_arn must be a CloudFront distribution ARN."
  }
}

variable "enable_versioning" {
  description = "Keep object versions (seed 002: off; a rollback of static files is then a re-sync)."
  type        = bool
  default     = false
}

variable "enable_lifecycle_rules" {
  description = "Lifecycle rules (expire noncurrent versions, abort incomplete uploads, expire logs)."
  type        = bool
  default     = true
}

variable "noncurrent_version_expiration_days" {
  description = "Delete noncurrent object versions after this many days (seed 002: 7)."
  type        = number
  default     = 7

  validation {
    condition     = var.noncurrent_version_expiration_days >= 1
    error_message = "noncurrent_version_expiration_days must be at least 1."
  }
}

variable "enable_bucket_policy" {
  description = "Attach the bucket policies (OAC-only read, TLS-only, log delivery)."
  type        = bool
  default     = true
}

variable "deny_insecure_transport" {
  description = "Deny every request to the assets bucket that is not over TLS. Only the local cloud (moto on plain HTTP, which enforces bucket policies) turns this off."
  type        = bool
  default     = true
}

variable "enable_access_logging" {
  description = "Create the access log bucket and send the assets bucket's server access logs to it."
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days after which access logs expire."
  type        = number
  default     = 90

  validation {
    condition     = var.log_retention_days >= 1
    error_message = "log_retention_days must be at least 1."
  }
}

variable "force_destroy" {
  description = "Allow destroying non-empty buckets (staging/local, so that one destroy removes everything)."
  type        = bool
  default     = false
}
