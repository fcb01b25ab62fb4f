variable "name" {
  description = "Name of the Secrets Manager secret (e.g. bookmark-manager-staging/aurora/master-password)."
  type        = string
}

variable "cluster" {
  description = "Name of the database the password belongs to (only used in the secret's description)."
  type        = string
}

variable "password_version" {
  description = "Bump to store a new password (the caller rotates the database in the same apply)."
  type        = number

  validation {
    condition     = var.password_version >= 1 && floor(var.password_version) == var.password_version
    error_message = "password_version must be a positive integer."
  }
}

variable "password_length" {
  description = "Length of a new password (letters and digits)."
  type        = number
  default     = 32

  validation {
    condition     = var.password_length >= 16 && var.password_length <= 99
    error_message = "password_length must be between 16 and 99 (the RDS limit for PostgreSQL master passwords)."
  }
}

variable "kms_key_id" {
  description = "KMS key of the secret (null = aws/secretsmanager)."
  type        = string
  default     = null
}

variable "recovery_window_in_days" {
  description = "Days a deleted secret can be restored (0 = delete at once, so the name is free for the next apply; else 7-30)."
  type        = number
  default     = 7

  validation {
    condition     = var.recovery_window_in_days == 0 || (var.recovery_window_in_days >= 7 && var.recovery_window_in_days <= 30)
    error_message = "recovery_window_in_days must be 0 or between 7 and 30."
  }
}

variable "tags" {
  description = "Tags of the secret."
  type        = map(string)
  default     = {}
}
