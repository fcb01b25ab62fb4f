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

variable "api_service_name" {
  description = "APM service name of the API (DD_SERVICE)."
  type        = string
  default     = "api"
}

variable "apm_operation_name" {
  description = "APM operation of the API's requests (e.g. express.request, hono.request)."
  type        = string
  default     = "express.request"
}

variable "error_rate_critical" {
  description = "Critical error rate (fraction)."
  type        = number
  default     = 0.05
}

variable "error_rate_warning" {
  description = "Warning error rate (fraction)."
  type        = number
  default     = 0.03
}

variable "latency_p95_critical_seconds" {
  description = "Critical p95 latency in seconds."
  type        = number
  default     = 1
}

variable "notify_handles" {
  description = "Datadog notification handles, e.g. [\"@slack-alerts\"]."
  type        = list(string)
  default     = []
}
