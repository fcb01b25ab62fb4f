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
  description = "VPC in which the security groups are created."
  type        = string
}

variable "app_ports" {
  description = "Container ports the ALB may reach on ECS tasks (web 3000, api 3001 or 8080)."
  type        = list(number)
  default     = [3000, 3001]

  validation {
    condition     = length(var.app_ports) > 0 && alltrue([for p in var.app_ports : p >= 1 && p <= 65535])
    error_message = "app_ports must be a non-empty list of TCP ports."
  }
}

variable "database_port" {
  description = "PostgreSQL port."
  type        = number
  default     = 5432
}

variable "alb_ingress_source" {
  description = "Who may reach the ALB: internet (80 and 443 from 0.0.0.0/0) or cloudfront (alb_cloudfront_origin_port from the CloudFront origin-facing prefix list only)."
  type        = string
  default     = "internet"

  validation {
    condition     = contains(["internet", "cloudfront"], var.alb_ingress_source)
    error_message = "alb_ingress_source must be internet or cloudfront."
  }
}

variable "alb_cloudfront_origin_port" {
  description = "Port CloudFront uses to reach the ALB when alb_ingress_source is cloudfront: 443 with an ALB certificate, 80 without."
  type        = number
  default     = 443

  validation {
    condition     = contains([80, 443], var.alb_cloudfront_origin_port)
    error_message = "alb_cloudfront_origin_port must be 80 or 443."
  }
}

variable "ecs_https_egress_cidrs" {
  description = "Destinations of the tasks' HTTPS egress (AWS APIs, ECR, SSM, external SaaS)."
  type        = list(string)
  default     = ["0.0.0.0/0"]
}

variable "ecs_extra_egress_ports" {
  description = "Extra TCP ports the tasks may open to anywhere (e.g. 27017 for MongoDB Atlas)."
  type        = list(number)
  default     = []
}

variable "assets_bucket_arn" {
  description = "ARN of the static assets bucket the application may read and write (null = no S3 access)."
  type        = string
  default     = null
}

variable "enable_waf" {
  description = "Create the CloudFront-scoped WAF web ACL (in us-east-1)."
  type        = bool
  default     = true
}

variable "waf_rate_limit" {
  description = "Requests per 5 minutes per IP before the rate-based rule blocks."
  type        = number
  default     = 2000

  validation {
    condition     = var.waf_rate_limit >= 100
    error_message = "waf_rate_limit must be at least 100 (WAF minimum)."
  }
}

variable "waf_allowed_ip_cidrs" {
  description = "If non-empty, only these IPv4 CIDRs may pass the WAF (staging IP restriction, seed 000)."
  type        = list(string)
  default     = []

  validation {
    condition     = alltrue([for c in var.waf_allowed_ip_cidrs : can(cidrhost(c, 0))])
    error_message = "waf_allowed_ip_cidrs must be IPv4 CIDR blocks."
  }
}

variable "waf_blocked_country_codes" {
  description = "ISO country codes blocked by a geo-match rule (seed 004: 地域ブロック). Empty = no geo rule."
  type        = list(string)
  default     = []
}
