output "cloudfront_distribution_id" {
  description = "CloudFront distribution ID (target of the pipeline's invalidation)."
  value       = local.distribution.id
}

output "cloudfront_distribution_arn" {
  description = "CloudFront distribution ARN (input of the storage module's bucket policy)."
  value       = local.distribution.arn
}

output "cloudfront_domain_name" {
  description = "The distribution's *.cloudfront.net domain name."
  value       = local.distribution.domain_name
}

output "cloudfront_hosted_zone_id" {
  description = "Route53 zone ID of CloudFront (for alias records)."
  value       = local.distribution.hosted_zone_id
}

output "site_url" {
  description = "Public base URL: https://<first custom domain> or https://<cloudfront domain>."
  value       = "https://${local.custom_domain ? var.domain_names[0] : local.distribution.domain_name}"
}

output "viewer_minimum_protocol_version" {
  description = "Effective viewer TLS minimum (TLSv1 only with the default certificate, where AWS enforces it)."
  value       = local.minimum_protocol_version
}

output "certificate_arn" {
  description = "us-east-1 ACM certificate used by the distribution (null without custom domain)."
  value       = local.custom_domain ? local.certificate_arn : null
}
