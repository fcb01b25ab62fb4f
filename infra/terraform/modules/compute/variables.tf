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

variable "vpc_id" {
  description = "VPC of the target groups."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets of the ALB (two AZs)."
  type        = list(string)

  validation {
    condition     = length(var.public_subnet_ids) >= 2
    error_message = "An ALB needs subnets in at least two AZs."
  }
}

variable "task_subnet_ids" {
  description = "Subnets of the ECS tasks (the private subnets)."
  type        = list(string)

  validation {
    condition     = length(var.task_subnet_ids) >= 1
    error_message = "At least one task subnet is required."
  }
}

variable "assign_public_ip" {
  description = "Give tasks a public IP (false: tasks sit in private subnets behind NAT/endpoints)."
  type        = bool
  default     = false
}

variable "alb_security_group_id" {
  description = "Security group of the ALB (security module)."
  type        = string
}

variable "ecs_security_group_id" {
  description = "Security group of the ECS tasks (security module)."
  type        = string
}

variable "task_execution_role_arn" {
  description = "ECS task execution role ARN (security module)."
  type        = string
}

variable "task_role_arn" {
  description = "ECS task role ARN (security module)."
  type        = string
}

variable "ecr_repository_urls" {
  description = "Map of image name to ECR repository URL (ecr module)."
  type        = map(string)
}

variable "initial_image_tag" {
  description = "Image tag (or sha256:<digest>) that the pipeline pushed for this release, in every repository of the services: the image of the revisions Terraform registers, the first one included. The pipeline passes it on every plan and apply (Terragrunt: envs/_envcommon/compute.hcl reads DEPLOY_RELEASE_TAG, which the pipeline sets); a new value alone changes nothing (see fargate_task.tf). Later revisions are registered by the deploy pipeline."
  type        = string

  validation {
    condition     = can(regex("^([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[0-9a-f]{64})$", var.initial_image_tag))
    error_message = "initial_image_tag must be a docker tag ([A-Za-z0-9_.-], at most 128, not starting with . or -) or sha256:<64 hex digits>; empty means DEPLOY_RELEASE_TAG was not set (the pipeline sets it on every run)."
  }

  validation {
    condition     = var.initial_image_tag != "latest" || var.environment == "local"
    error_message = "initial_image_tag = \"latest\" outside the local cloud: the ECR repositories are IMMUTABLE and the pipeline pushes release tags only, so the services would never start. Pass the release tag (the pipeline sets DEPLOY_RELEASE_TAG, which envs/_envcommon/compute.hcl reads)."
  }
}

variable "services" {
  description = <<-EOT
    ECS services keyed by service name (also the container name). Exactly one
    service has no path_patterns: it is the ALB's default target. repository
    defaults to the key (an entry of ecr_repository_urls).
  EOT
  type = map(object({
    container_port    = number
    cpu               = optional(number, 512)
    memory            = optional(number, 1024)
    desired_count     = optional(number, 2)
    min_capacity      = optional(number, 1)
    max_capacity      = optional(number, 4)
    health_check_path = optional(string, "/health")
    path_patterns     = optional(list(string), [])
    listener_priority = optional(number, 100)
    repository        = optional(string)
    environment       = optional(map(string), {})
  }))
  default = {
    web = {
      container_port    = 3000
      health_check_path = "/api/health"
    }
    api = {
      container_port    = 3001
      health_check_path = "/health"
      path_patterns     = ["/api/*"]
    }
  }

  validation {
    condition     = length([for s in var.services : s if length(s.path_patterns) == 0]) == 1
    error_message = "Exactly one service must have no path_patterns (the ALB default target)."
  }

  validation {
    condition     = alltrue([for s in var.services : s.container_port >= 1 && s.container_port <= 65535])
    error_message = "container_port must be a TCP port."
  }

  validation {
    condition     = alltrue([for s in var.services : s.min_capacity <= s.max_capacity && s.min_capacity >= 0])
    error_message = "min_capacity must be >= 0 and <= max_capacity."
  }

  validation {
    condition     = alltrue([for s in var.services : contains([256, 512, 1024, 2048, 4096, 8192, 16384], s.cpu)])
    error_message = "cpu must be a Fargate CPU value (256 ... 16384)."
  }

  validation {
    condition     = alltrue([for s in var.services : length(s.path_patterns) <= 3])
    error_message = "A service has at most 3 path_patterns (the ALB's limit per condition; with the origin header the rule holds at most 4 of its 5 values)."
  }

  validation {
    condition     = alltrue([for s in var.services : s.listener_priority >= 1 && s.listener_priority <= 50000])
    error_message = "listener_priority must be in 1-50000 (the ALB's rule priorities)."
  }
}

variable "container_environment" {
  description = "Plain environment variables for every container (NODE_ENV and PORT are set already)."
  type        = map(string)
  default     = {}
}

variable "container_secrets" {
  description = "Secrets for every container: environment variable name -> SSM parameter ARN (e.g. DATABASE_URL from the database module)."
  type        = map(string)
  default     = {}
}

variable "cpu_architecture" {
  description = "Fargate CPU architecture (X86_64 or ARM64); images must match."
  type        = string
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "certificate_arn" {
  description = "ACM certificate (same region) for the HTTPS listener. null: no HTTPS listener and HTTP forwards instead of redirecting."
  type        = string
  default     = null
}

variable "ssl_policy" {
  description = "TLS policy of the HTTPS listener."
  type        = string
  default     = "ELBSecurityPolicy-TLS13-1-2-2021-06"
}

variable "alb_deletion_protection" {
  description = "Protect the ALB from deletion (production)."
  type        = bool
  default     = false
}

variable "enable_container_insights" {
  description = "Container Insights on the cluster."
  type        = bool
  default     = true
}

variable "enable_capacity_providers" {
  description = "Attach the FARGATE and FARGATE_SPOT capacity providers to the cluster."
  type        = bool
  default     = true
}

variable "enable_execute_command" {
  description = "ECS Exec (SSM session into containers, used by scripts/connect_to_aurora.sh)."
  type        = bool
  default     = true
}

variable "enable_autoscaling" {
  description = "Application Auto Scaling on CPU (and the business-hours schedule). false in the local root: moto hangs on aws_appautoscaling_target."
  type        = bool
  default     = true
}

variable "cpu_target_percent" {
  description = "Target average CPU utilisation of the target tracking policy."
  type        = number
  default     = 70

  validation {
    condition     = var.cpu_target_percent > 0 && var.cpu_target_percent <= 100
    error_message = "cpu_target_percent must be in (0, 100]."
  }
}

variable "memory_target_percent" {
  description = "Optional second target tracking policy on average memory (seed 002: 80). null = CPU only."
  type        = number
  default     = null

  validation {
    condition     = var.memory_target_percent == null || (coalesce(var.memory_target_percent, 1) > 0 && coalesce(var.memory_target_percent, 1) <= 100)
    error_message = "memory_target_percent must be in (0, 100] or null."
  }
}

variable "business_hours" {
  description = "Scale every service to zero outside business hours (staging). null = always on. Cron expressions in Application Auto Scaling syntax."
  type = object({
    timezone   = optional(string, "Asia/Tokyo")
    start_cron = optional(string, "cron(0 8 ? * MON-FRI *)")
    stop_cron  = optional(string, "cron(0 20 ? * MON-FRI *)")
  })
  default = null
}

variable "log_retention_days" {
  description = "Retention of the service log groups in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)
    error_message = "log_retention_days must be a CloudWatch Logs retention value."
  }
}

# --- origin header: only CloudFront reaches the services ------------------------

variable "require_origin_header" {
  description = "Forward a request only when it carries the origin header (origin_verify_header_name = the SSM parameter /<project>/<environment>/origin-verify, which CloudFront adds): every service's listener rule also matches the header, the default service gets a \"/*\" rule at default_listener_priority, and the listener's default action answers 403. false: no header check, the listener forwards to the default service."
  type        = bool
  default     = true
}

variable "default_listener_priority" {
  description = "Priority of the default service's \"/*\" rule when require_origin_header is set: after every other service's listener_priority."
  type        = number
  default     = 50000

  validation {
    condition     = var.default_listener_priority >= 1 && var.default_listener_priority <= 50000
    error_message = "default_listener_priority must be in 1-50000 (the ALB's rule priorities)."
  }

  validation {
    condition     = alltrue([for s in var.services : s.listener_priority < var.default_listener_priority if length(s.path_patterns) > 0])
    error_message = "default_listener_priority must be greater than every service's listener_priority: the default service's \"/*\" rule is evaluated last."
  }
}

# --- target groups (defaults: the seeds' values; the local root uses the local cloud's sizes) ---

variable "deregistration_delay_seconds" {
  description = "Seconds a target group waits for in-flight requests before it deregisters a task (AWS: 0-3600)."
  type        = number
  default     = 30

  validation {
    condition     = var.deregistration_delay_seconds >= 0 && var.deregistration_delay_seconds <= 3600 && floor(var.deregistration_delay_seconds) == var.deregistration_delay_seconds
    error_message = "deregistration_delay_seconds must be a whole number in 0-3600."
  }
}

variable "health_check_interval_seconds" {
  description = "Seconds between two health checks of a target (AWS: 5-300)."
  type        = number
  default     = 30

  validation {
    condition     = var.health_check_interval_seconds >= 5 && var.health_check_interval_seconds <= 300 && floor(var.health_check_interval_seconds) == var.health_check_interval_seconds
    error_message = "health_check_interval_seconds must be a whole number in 5-300."
  }
}

variable "health_check_timeout_seconds" {
  description = "Seconds without an answer after which a health check fails (AWS: 2-120, less than the interval)."
  type        = number
  default     = 5

  validation {
    condition     = var.health_check_timeout_seconds >= 2 && var.health_check_timeout_seconds <= 120 && floor(var.health_check_timeout_seconds) == var.health_check_timeout_seconds
    error_message = "health_check_timeout_seconds must be a whole number in 2-120."
  }

  validation {
    condition     = var.health_check_timeout_seconds < var.health_check_interval_seconds
    error_message = "health_check_timeout_seconds must be less than health_check_interval_seconds."
  }
}

variable "health_check_healthy_threshold" {
  description = "Consecutive successful health checks before a target is healthy (AWS: 2-10)."
  type        = number
  default     = 2

  validation {
    condition     = var.health_check_healthy_threshold >= 2 && var.health_check_healthy_threshold <= 10 && floor(var.health_check_healthy_threshold) == var.health_check_healthy_threshold
    error_message = "health_check_healthy_threshold must be a whole number in 2-10."
  }
}

variable "health_check_unhealthy_threshold" {
  description = "Consecutive failed health checks before a target is unhealthy (AWS: 2-10)."
  type        = number
  default     = 3

  validation {
    condition     = var.health_check_unhealthy_threshold >= 2 && var.health_check_unhealthy_threshold <= 10 && floor(var.health_check_unhealthy_threshold) == var.health_check_unhealthy_threshold
    error_message = "health_check_unhealthy_threshold must be a whole number in 2-10."
  }
}
