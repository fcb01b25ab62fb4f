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

variable "assets_bucket_regional_domain_name" {
  description = "Regional domain name of the assets bucket (<bucket>.s3.<region>.amazonaws.com)."
  type        = string
}

variable "alb_dns_name" {
  description = "DNS name of the ALB (origin of the API behaviour)."
  type        = string
}

variable "alb_origin_domain_name" {
  description = "Host name CloudFront uses for the ALB origin (e.g. origin.example.com, covered by the ALB's certificate, needed for https-only). null = alb_dns_name."
  type        = string
  default     = null
}

variable "alb_origin_protocol_policy" {
  description = "How CloudFront talks to the ALB: https-only (ALB has a certificate) or http-only."
  type        = string
  default     = "https-only"

  validation {
    condition     = contains(["https-only", "http-only", "match-viewer"], var.alb_origin_protocol_policy)
    error_message = "alb_origin_protocol_policy must be https-only, http-only or match-viewer."
  }
}

variable "s3_origin_access" {
  description = "oac: CloudFront signs S3 requests with Origin Access Control (always, except local). none: no OAC (local only: moto drops OriginAccessControlId, which makes every plan show a diff)."
  type        = string
  default     = "oac"

  validation {
    condition     = contains(["oac", "none"], var.s3_origin_access)
    error_message = "s3_origin_access must be oac or none."
  }
}

variable "web_acl_arn" {
  description = "ARN of the CLOUDFRONT-scoped WAF web ACL (security module); null = no WAF."
  type        = string
  default     = null
}

variable "domain_names" {
  description = "Custom domain names (aliases). Empty = the *.cloudfront.net name only."
  type        = list(string)
  default     = []
}

variable "route53_zone_id" {
  description = "Route53 hosted zone for alias and certificate validation records (null = manage DNS elsewhere)."
  type        = string
  default     = null
}

variable "acm_certificate_arn" {
  description = "Existing us-east-1 ACM certificate for domain_names; null = create and DNS-validate one in route53_zone_id."
  type        = string
  default     = null
}

variable "minimum_protocol_version" {
  description = "Viewer TLS minimum when a custom domain is used."
  type        = string
  default     = "TLSv1.2_2021"

  validation {
    condition     = contains(["TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021"], var.minimum_protocol_version)
    error_message = "minimum_protocol_version must be TLSv1.2_2018 or later."
  }
}

variable "price_class" {
  description = "CloudFront price class (seed 002: PriceClass_All)."
  type        = string
  default     = "PriceClass_All"

  validation {
    condition     = contains(["PriceClass_All", "PriceClass_200", "PriceClass_100"], var.price_class)
    error_message = "price_class must be PriceClass_All, PriceClass_200 or PriceClass_100."
  }
}

variable "api_path_pattern" {
  description = "Path pattern routed to the ALB without caching."
  type        = string
  default     = "/api/*"
}

variable "default_root_object" {
  description = "Object served for / and for SPA fallbacks."
  type        = string
  default     = "index.html"
}

variable "spa_fallback" {
  description = "Map 403 and 404 to /index.html with status 200 (SPA routing). Applies to the whole distribution, including /api/*."
  type        = bool
  default     = true
}

variable "access_log_bucket_domain_name" {
  description = "Bucket domain (<bucket>.s3.amazonaws.com, ACLs enabled) for CloudFront standard logs; null = off."
  type        = string
  default     = null
}

variable "wait_for_deployment" {
  description = "Wait until the distribution is deployed (about 5-15 minutes on AWS)."
  type        = bool
  default     = true
}

variable "static_cache_policy_id" {
  description = "Cache policy of the S3 behaviour (default: the managed CachingOptimized policy)."
  type        = string
  default     = "658327ea-f89d-4fab-a63d-7e88639e58f6"
}

variable "api_cache_policy_id" {
  description = "Cache policy of the API behaviour (default: the managed CachingDisabled policy)."
  type        = string
  default     = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
}

variable "api_origin_request_policy_id" {
  description = "Origin request policy of the API behaviour (default: the managed AllViewerExceptHostHeader policy: all headers, cookies and query strings)."
  type        = string
  default     = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
}

variable "ignore_changes_after_create" {
  description = "Local cloud only: create the distribution, then ignore every difference (moto returns a distribution that differs from the request, so plans never settle). Never set for AWS."
  type        = bool
  default     = false
}
