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

variable "database_subnet_ids" {
  description = "Database subnets (two AZs) for the DB subnet group."
  type        = list(string)

  validation {
    condition     = length(var.database_subnet_ids) >= 2
    error_message = "Aurora needs subnets in at least two AZs."
  }
}

variable "security_group_ids" {
  description = "Security groups of the cluster (the security module's database group)."
  type        = list(string)
}

variable "engine_version" {
  description = "Aurora PostgreSQL engine version (must support Serverless v2)."
  type        = string
  default     = "16.6"

  validation {
    condition     = can(regex("^1[3-9]\\.[0-9]+$", var.engine_version))
    error_message = "engine_version must look like 16.6 (Aurora PostgreSQL 13 or later)."
  }
}

variable "database_name" {
  description = "Initial database name."
  type        = string
  default     = "app"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.database_name))
    error_message = "database_name must be a lowercase PostgreSQL identifier."
  }
}

variable "master_username" {
  description = "Master user name."
  type        = string
  default     = "dbadmin"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.master_username)) && var.master_username != "admin"
    error_message = "master_username must be a lowercase identifier (not the reserved 'admin')."
  }
}

variable "master_password_version" {
  description = "Bump to generate a new master password (a new version of the master password secret), set it on the cluster and rewrite DATABASE_URL, in one apply."
  type        = number
  default     = 1

  validation {
    condition     = var.master_password_version >= 1 && floor(var.master_password_version) == var.master_password_version
    error_message = "master_password_version must be a positive integer."
  }
}

variable "min_capacity" {
  description = "Minimum Aurora Serverless v2 capacity in ACU."
  type        = number
  default     = 0.5

  validation {
    condition     = var.min_capacity >= 0 && var.min_capacity <= 256
    error_message = "min_capacity must be between 0 and 256 ACU."
  }
}

variable "max_capacity" {
  description = "Maximum Aurora Serverless v2 capacity in ACU (staging 2, production 16)."
  type        = number
  default     = 2

  validation {
    condition     = var.max_capacity >= 1 && var.max_capacity <= 256
    error_message = "max_capacity must be between 1 and 256 ACU."
  }
}

variable "reader_count" {
  description = "Number of reader instances besides the writer (1 or more = multi-AZ failover; production)."
  type        = number
  default     = 0

  validation {
    condition     = var.reader_count >= 0 && var.reader_count <= 15
    error_message = "reader_count must be between 0 and 15."
  }
}

variable "backup_retention_days" {
  description = "Automated backup retention in days (seeds: 7)."
  type        = number
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "preferred_backup_window" {
  description = "Daily backup window in UTC (03:00-04:00 UTC = 12:00-13:00 JST)."
  type        = string
  default     = "03:00-04:00"
}

variable "preferred_maintenance_window" {
  description = "Weekly maintenance window in UTC."
  type        = string
  default     = "mon:04:00-mon:05:00"
}

variable "kms_key_arn" {
  description = "KMS key for storage encryption (null = the AWS-managed aws/rds key). Encryption itself is always on."
  type        = string
  default     = null
}

variable "deletion_protection" {
  description = "Protect the cluster from deletion (production true; staging false so that one destroy removes everything)."
  type        = bool
  default     = true
}

variable "skip_final_snapshot" {
  description = "Skip the final snapshot on destroy (staging/local)."
  type        = bool
  default     = false
}

variable "apply_immediately" {
  description = "Apply modifications immediately instead of in the maintenance window."
  type        = bool
  default     = false
}

variable "performance_insights_enabled" {
  description = "Performance Insights (7 days retention) on every instance."
  type        = bool
  default     = true
}

variable "enhanced_monitoring_interval" {
  description = "Enhanced Monitoring interval in seconds (0 = off; seed 002: 60)."
  type        = number
  default     = 60

  validation {
    condition     = contains([0, 1, 5, 10, 15, 30, 60], var.enhanced_monitoring_interval)
    error_message = "enhanced_monitoring_interval must be one of 0, 1, 5, 10, 15, 30, 60."
  }
}

variable "ssm_kms_key_id" {
  description = "KMS key for the SecureString parameters (null = aws/ssm)."
  type        = string
  default     = null
}

variable "master_password_kms_key_id" {
  description = "KMS key of the master password secret in Secrets Manager (null = aws/secretsmanager)."
  type        = string
  default     = null
}

variable "database_url_sslmode" {
  description = "libpq sslmode in DATABASE_URL. require: TLS without certificate checks (works with any client that has TLS). verify-full: also checks the server certificate against database_url_sslrootcert (the RDS CA bundle in the image). The cluster refuses connections without TLS either way (rds.force_ssl = 1)."
  type        = string
  default     = "require"

  validation {
    condition     = contains(["require", "verify-ca", "verify-full"], var.database_url_sslmode)
    error_message = "database_url_sslmode must be require, verify-ca or verify-full (the cluster refuses non-TLS connections)."
  }
}

variable "database_url_sslrootcert" {
  description = "Path, inside the containers, of the RDS CA bundle (global-bundle.pem) for sslmode verify-ca/verify-full; added to DATABASE_URL as sslrootcert. null = none."
  type        = string
  default     = null

  validation {
    condition     = var.database_url_sslrootcert != null || !contains(["verify-ca", "verify-full"], var.database_url_sslmode)
    error_message = "database_url_sslmode verify-ca/verify-full needs database_url_sslrootcert (the RDS CA is not in the system trust store)."
  }
}

variable "database_url_override" {
  description = "Store this URL as DATABASE_URL instead of the Aurora one (local cloud: the local PostgreSQL). Stored exactly as given: no TLS options are added."
  type        = string
  default     = null
  sensitive   = true
}

variable "database_url_override_version" {
  description = "Bump when database_url_override changes (write-only values are only sent when the version changes)."
  type        = number
  default     = 0
}

variable "external_secret_names" {
  description = "SecureString parameters created as CHANGE_ME placeholders under /<project>/<environment>/ and filled in by hand (e.g. MONGODB_URI)."
  type        = list(string)
  default     = []
}
