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

variable "repositories" {
  description = "Image names; one repository <project>-<environment>-<name> is created per entry."
  type        = list(string)
  default     = ["web", "api"]

  validation {
    condition     = length(var.repositories) > 0 && alltrue([for r in var.repositories : can(regex("^[a-z][a-z0-9-]*$", r))])
    error_message = "repositories must be a non-empty list of lowercase names."
  }
}

variable "image_tag_mutability" {
  description = "IMMUTABLE (default: a pushed tag can never be overwritten, so deploy by commit SHA) or MUTABLE."
  type        = string
  default     = "IMMUTABLE"

  validation {
    condition     = contains(["IMMUTABLE", "MUTABLE"], var.image_tag_mutability)
    error_message = "image_tag_mutability must be IMMUTABLE or MUTABLE."
  }
}

variable "scan_on_push" {
  description = "Run the basic vulnerability scan on every push."
  type        = bool
  default     = true
}

variable "encryption_type" {
  description = "Repository encryption: AES256 (S3-managed) or KMS."
  type        = string
  default     = "AES256"

  validation {
    condition     = contains(["AES256", "KMS"], var.encryption_type)
    error_message = "encryption_type must be AES256 or KMS."
  }
}

variable "kms_key_arn" {
  description = "KMS key ARN when encryption_type is KMS (null = the AWS-managed aws/ecr key)."
  type        = string
  default     = null
}

variable "max_image_count" {
  description = "Number of most recent images kept by the lifecycle policy."
  type        = number
  default     = 10

  validation {
    condition     = var.max_image_count >= 1 && var.max_image_count <= 1000
    error_message = "max_image_count must be between 1 and 1000."
  }
}

variable "force_delete" {
  description = "Delete repositories even when they still contain images (true for staging/local so that one destroy removes everything)."
  type        = bool
  default     = false
}

variable "pull_principal_arns" {
  description = "IAM principals of other accounts that may pull (read) images of every repository, e.g. production's deploy role promoting staging's images. Empty = no repository policy."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for a in var.pull_principal_arns : can(regex("^arn:[a-z-]+:iam::[0-9]{12}:(root|role/.+|user/.+)$", a))])
    error_message = "pull_principal_arns must be IAM role, user or account root ARNs (arn:<partition>:iam::<account>:role/<name>)."
  }
}
