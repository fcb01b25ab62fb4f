locals {
  name_prefix = "${var.project}-${var.environment}"

  s3_origin_id  = "s3-assets"
  alb_origin_id = "alb"

  custom_domain      = length(var.domain_names) > 0
  create_certificate = local.custom_domain && var.acm_certificate_arn == null
  certificate_arn    = local.create_certificate ? aws_acm_certificate_validation.this[0].certificate_arn : var.acm_certificate_arn

  # AWS only accepts TLSv1 with the default *.cloudfront.net certificate; the
  # configured minimum applies as soon as a custom domain (own certificate) is used.
  minimum_protocol_version = local.custom_domain ? var.minimum_protocol_version : "TLSv1"

  # The behaviours (cloudfront.tf, both distributions). default_origin = alb:
  # pages from the ALB like the API (all methods, CachingDisabled, every viewer
  # header but Host), hashed files from S3 under assets_path_pattern. s3: the
  # SPA-only shape, S3 by default.
  all_methods    = ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]
  static_methods = ["GET", "HEAD", "OPTIONS"]
  alb_behavior = {
    target_origin_id         = local.alb_origin_id
    allowed_methods          = local.all_methods
    cache_policy_id          = var.api_cache_policy_id
    origin_request_policy_id = var.api_origin_request_policy_id
  }
  s3_behavior = {
    target_origin_id         = local.s3_origin_id
    allowed_methods          = local.static_methods
    cache_policy_id          = var.static_cache_policy_id
    origin_request_policy_id = null
  }
  default_behavior = var.default_origin == "alb" ? local.alb_behavior : local.s3_behavior
  # Ordered behaviours after the API's: the assets path when pages come from the ALB.
  assets_behaviors = var.default_origin == "alb" ? { (var.assets_path_pattern) = local.s3_behavior } : {}

  # Origin custom headers of the ALB origin (the secret; nonsensitive only on
  # whether it is set, so the block count can be planned).
  alb_origin_headers = nonsensitive(var.origin_verify_header != null) ? [var.origin_verify_header] : []

  distribution = var.ignore_changes_after_create ? aws_cloudfront_distribution.local_cloud[0] : aws_cloudfront_distribution.this[0]
}
