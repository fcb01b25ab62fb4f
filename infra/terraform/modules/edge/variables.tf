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
  description = "DNS name of the ALB (origin of the API behaviour and, with default_origin = alb, of the default one)."
  type        = string
}

variable "alb_origin_domain_name" {
  description = "Host name CloudFront uses for the ALB origin (e.g. origin.example.com, covered by the ALB's certificate, needed for https-only). null = alb_dns_name."
  type        = string
  default     = null
}

variable "alb_origin_protocol_policy" {
  description = "How CloudFront talks to the ALB: https-only (ALB has a certificate) or http-only (not in production: the origin header's secret would cross the internet in clear)."
  type        = string
  default     = "https-only"

  validation {
    condition     = contains(["https-only", "http-only", "match-viewer"], var.alb_origin_protocol_policy)
    error_message = "alb_origin_protocol_policy must be https-only, http-only or match-viewer."
  }

  validation {
    condition     = !(var.environment == "production" && var.alb_origin_protocol_policy == "http-only")
    error_message = "Production refuses alb_origin_protocol_policy = \"http-only\": pages, API calls and the origin header's secret would cross the internet unencrypted between CloudFront and the ALB. Give the ALB a certificate (alb_certificate_arn and alb_origin_domain_name in envs/production/env.hcl; the edge unit then uses https-only)."
  }
}

variable "origin_verify_header" {
  description = "Header CloudFront adds to every request to the ALB origin (compute module: origin_verify_header_name / origin_verify_header_value), the secret the ALB's listener rules require. null = no header (the ALB must then not require it: compute's require_origin_header = false)."
  type = object({
    name  = string
    value = string
  })
  default   = null
  sensitive = true
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

variable "default_origin" {
  description = "Origin of the default behaviour. alb: pages come from the ALB (server-rendered web service) uncached like the API, hashed static files from S3 under assets_path_pattern. s3: the SPA-only shape, everything but api_path_pattern from S3 (with spa_fallback for client-side routing)."
  type        = string
  default     = "alb"

  validation {
    condition     = contains(["alb", "s3"], var.default_origin)
    error_message = "default_origin must be alb or s3."
  }
}

variable "api_path_pattern" {
  description = "Path pattern routed to the ALB without caching."
  type        = string
  default     = "/api/*"
}

variable "assets_path_pattern" {
  description = "With default_origin = alb: path pattern of the hashed static files served from S3 (cached with static_cache_policy_id). Unused with s3 (the default behaviour serves S3)."
  type        = string
  default     = "/assets/*"

  validation {
    condition     = startswith(var.assets_path_pattern, "/") && var.assets_path_pattern != "/*" && var.assets_path_pattern != var.api_path_pattern
    error_message = "assets_path_pattern must start with /, must not be /* (that is the default behaviour) and must differ from api_path_pattern."
  }
}

variable "default_root_object" {
  description = "Object served for / and for SPA fallbacks."
  type        = string
  default     = "index.html"
}

variable "spa_fallback" {
  description = "Map 403 and 404 to /index.html with status 200 (SPA routing). Applies to the whole distribution, including /api/*, so only with default_origin = s3: behind the ALB default a 404 of a page or of the API must reach the client."
  type        = bool
  default     = false

  validation {
    condition     = !var.spa_fallback || var.default_origin == "s3"
    error_message = "spa_fallback needs default_origin = \"s3\": CloudFront's custom error responses apply to every behaviour, so with the ALB as default origin an API or page 403/404 would become index.html with status 200."
  }
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
  description = "Cache policy of the S3 behaviour, the default one or assets_path_pattern (default: the managed CachingOptimized policy)."
  type        = string
  default     = "658327ea-f89d-4fab-a63d-7e88639e58f6"
}

variable "api_cache_policy_id" {
  description = "Cache policy of the ALB behaviours, the API and with default_origin = alb the default one (default: the managed CachingDisabled policy)."
  type        = string
  default     = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
}

variable "api_origin_request_policy_id" {
  description = "Origin request policy of the ALB behaviours, the API and with default_origin = alb the default one (default: the managed AllViewerExceptHostHeader policy: all headers, cookies and query strings)."
  type        = string
  default     = "b689b0a8-53d0-40ab-baf2-68738e2966ac"
}

variable "ignore_changes_after_create" {
  description = "Local cloud only: create the distribution, then ignore every difference (moto returns a distribution that differs from the request, so plans never settle). Never set for AWS."
  type        = bool
  default     = false
}
