output "assets_bucket_name" {
  description = "Name of the static assets bucket (target of the pipeline's S3 sync)."
  value       = aws_s3_bucket.assets.id
}

output "assets_bucket_arn" {
  description = "ARN of the static assets bucket."
  value       = aws_s3_bucket.assets.arn
}

output "assets_bucket_regional_domain_name" {
  description = "Regional domain name of the assets bucket (CloudFront S3 origin)."
  value       = aws_s3_bucket.assets.bucket_regional_domain_name
}

output "log_bucket_name" {
  description = "Name of the access log bucket (null when disabled)."
  value       = var.enable_access_logging ? aws_s3_bucket.logs[0].id : null
}
