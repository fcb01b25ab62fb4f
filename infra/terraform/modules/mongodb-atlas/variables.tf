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

variable "atlas_project_id" {
  description = "MongoDB Atlas project ID."
  type        = string
}

variable "atlas_region" {
  description = "Atlas region name of the AWS region."
  type        = string
  default     = "AP_NORTHEAST_1"
}

variable "instance_size" {
  description = "Cluster tier (seed 004: M10 in production; M0/M10 for staging)."
  type        = string
  default     = "M10"
}

variable "mongo_db_major_version" {
  description = "MongoDB major version."
  type        = string
  default     = "8.0"
}

variable "database_name" {
  description = "Database the application user may read and write."
  type        = string
  default     = "logs"
}

variable "allowed_ip_addresses" {
  description = "Addresses allowed to connect (the network module's nat_public_ips)."
  type        = list(string)
}

variable "app_user_password" {
  description = "Password of the application database user (write-only into Atlas and SSM)."
  type        = string
  sensitive   = true
}

variable "app_user_password_version" {
  description = "Bump when app_user_password changes so that MONGODB_URI is rewritten."
  type        = number
  default     = 1
}
