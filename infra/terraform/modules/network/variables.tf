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

variable "availability_zones" {
  description = "Exactly two availability zones (seed 002: ap-northeast-1a and ap-northeast-1c)."
  type        = list(string)

  validation {
    condition     = length(var.availability_zones) == 2 && length(distinct(var.availability_zones)) == 2
    error_message = "availability_zones must list two distinct zones."
  }
}

variable "vpc_cidr" {
  description = "VPC CIDR block."
  type        = string
  default     = "10.0.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0))
    error_message = "vpc_cidr must be a valid IPv4 CIDR block."
  }
}

variable "public_subnet_cidrs" {
  description = "Public subnet CIDRs, one per AZ (ALB, NAT gateways)."
  type        = list(string)
  default     = ["10.0.1.0/24", "10.0.2.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) == 2 && alltrue([for c in var.public_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "public_subnet_cidrs must be two valid CIDR blocks."
  }
}

variable "private_subnet_cidrs" {
  description = "Private subnet CIDRs, one per AZ (ECS tasks, interface endpoints)."
  type        = list(string)
  default     = ["10.0.11.0/24", "10.0.12.0/24"]

  validation {
    condition     = length(var.private_subnet_cidrs) == 2 && alltrue([for c in var.private_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "private_subnet_cidrs must be two valid CIDR blocks."
  }
}

variable "database_subnet_cidrs" {
  description = "Database subnet CIDRs, one per AZ (Aurora); no route to the internet."
  type        = list(string)
  default     = ["10.0.21.0/24", "10.0.22.0/24"]

  validation {
    condition     = length(var.database_subnet_cidrs) == 2 && alltrue([for c in var.database_subnet_cidrs : can(cidrhost(c, 0))])
    error_message = "database_subnet_cidrs must be two valid CIDR blocks."
  }
}

variable "enable_nat_gateway" {
  description = "Create NAT gateway(s) so private subnets reach the internet (ECR/SSM also work through the endpoints)."
  type        = bool
  default     = true
}

variable "one_nat_gateway_per_az" {
  description = "One NAT gateway per AZ (production, survives an AZ outage) instead of a single shared one (staging, cheaper)."
  type        = bool
  default     = false
}

variable "enable_s3_gateway_endpoint" {
  description = "Create the S3 gateway endpoint (free) on the private route tables."
  type        = bool
  default     = true
}

variable "enable_interface_endpoints" {
  description = "Create the interface endpoints in interface_endpoint_services (about 7 USD/month each per AZ; switch off to save cost)."
  type        = bool
  default     = true
}

variable "interface_endpoint_services" {
  description = "Interface endpoint service suffixes (com.amazonaws.<region>.<suffix>)."
  type        = list(string)
  default     = ["ecr.api", "ecr.dkr", "logs", "ssm", "ssmmessages"]
}

variable "enable_flow_logs" {
  description = "Send VPC flow logs (ALL traffic) to CloudWatch Logs."
  type        = bool
  default     = true
}

variable "flow_log_retention_days" {
  description = "Retention of the flow log group in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.flow_log_retention_days)
    error_message = "flow_log_retention_days must be a CloudWatch Logs retention value."
  }
}
