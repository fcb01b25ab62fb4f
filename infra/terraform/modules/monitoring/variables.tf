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

variable "alarm_email_addresses" {
  description = "E-mail addresses subscribed to the alert topic (each must confirm the subscription)."
  type        = list(string)
  default     = []
}

variable "ecs_cluster_name" {
  description = "ECS cluster name (compute module)."
  type        = string
}

variable "ecs_service_names" {
  description = "Map of service key to ECS service name (compute module)."
  type        = map(string)
}

variable "alb_arn_suffix" {
  description = "ALB ARN suffix (compute module), the LoadBalancer dimension."
  type        = string
}

variable "db_cluster_identifier" {
  description = "Aurora cluster identifier (database module); null = no database alarms."
  type        = string
  default     = null
}

variable "ecs_cpu_threshold_percent" {
  description = "CPU alarm threshold (ECS services and Aurora)."
  type        = number
  default     = 80

  validation {
    condition     = var.ecs_cpu_threshold_percent > 0 && var.ecs_cpu_threshold_percent <= 100
    error_message = "ecs_cpu_threshold_percent must be in (0, 100]."
  }
}

variable "ecs_memory_threshold_percent" {
  description = "Memory alarm threshold of the ECS services."
  type        = number
  default     = 80

  validation {
    condition     = var.ecs_memory_threshold_percent > 0 && var.ecs_memory_threshold_percent <= 100
    error_message = "ecs_memory_threshold_percent must be in (0, 100]."
  }
}

variable "alb_5xx_rate_threshold_percent" {
  description = "ALB 5xx rate alarm threshold in percent of requests."
  type        = number
  default     = 5

  validation {
    condition     = var.alb_5xx_rate_threshold_percent > 0 && var.alb_5xx_rate_threshold_percent <= 100
    error_message = "alb_5xx_rate_threshold_percent must be in (0, 100]."
  }
}

variable "db_connections_threshold" {
  description = "Aurora DatabaseConnections alarm threshold (size to max_connections of the ACU range)."
  type        = number
  default     = 100

  validation {
    condition     = var.db_connections_threshold > 0
    error_message = "db_connections_threshold must be positive."
  }
}
