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

  distribution = var.ignore_changes_after_create ? aws_cloudfront_distribution.local_cloud[0] : aws_cloudfront_distribution.this[0]
}
