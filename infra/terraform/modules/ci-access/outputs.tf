output "deploy_role_arn" {
  description = "Role of the deploy phases of the environment's jobs (the pipeline assumes it by name with the job's OIDC token): <project>-<environment>-github-deploy."
  value       = aws_iam_role.github["deploy"].arn
}

output "infra_role_arn" {
  description = "Role of the Terraform/Terragrunt plan, apply and destroy of the stack (same GitHub environment): <project>-<environment>-github-infra."
  value       = aws_iam_role.github["infra"].arn
}

output "plan_role_arn" {
  description = "Read-only role (and the database master password) of main-branch dry runs: <project>-<environment>-github-plan."
  value       = aws_iam_role.github["plan"].arn
}

output "role_policies" {
  description = "Map of role kind (deploy, infra, plan) to its inline policy JSON."
  value       = local.role_policies
}

output "trusted_subjects" {
  description = "Map of role kind (deploy, infra, plan) to the OIDC subjects its trust policy accepts (exact match)."
  value       = local.trusted_subjects
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
  description = "Key prefix for the pipeline's deploy lock and audit objects (the deploy role writes nothing else in the state bucket but *.tflock)."
  value       = var.deploy_metadata_prefix
}
