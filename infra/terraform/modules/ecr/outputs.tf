output "ecr_repository_urls" {
  description = "Map of image name (e.g. web, api) to repository URL (<account>.dkr.ecr.<region>.amazonaws.com/<name>)."
  value       = { for k, r in aws_ecr_repository.this : k => r.repository_url }
}

output "ecr_repository_names" {
  description = "Map of image name to repository name."
  value       = { for k, r in aws_ecr_repository.this : k => r.name }
}

output "ecr_repository_arns" {
  description = "Map of image name to repository ARN."
  value       = { for k, r in aws_ecr_repository.this : k => r.arn }
}
