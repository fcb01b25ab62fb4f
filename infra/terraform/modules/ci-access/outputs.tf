output "deploy_role_arn" {
  description = "Role the deploy pipeline assumes from GitHub Actions (aws-actions/configure-aws-credentials role-to-assume)."
  value       = aws_iam_role.deploy.arn
}

output "infra_role_arn" {
  description = "Role for applying the Terraform stack (empty string when create_infra_role is false)."
  value       = var.create_infra_role ? aws_iam_role.infra[0].arn : ""
}

output "oidc_provider_arn" {
  description = "GitHub OIDC provider ARN."
  value       = local.oidc_provider_arn
}

output "deploy_metadata_bucket" {
  description = "Bucket for the pipeline's deploy lock and audit objects (the state bucket)."
  value       = var.state_bucket_name
}

output "deploy_metadata_prefix" {
  description = "Key prefix for the pipeline's deploy lock and audit objects."
  value       = var.deploy_metadata_prefix
}
