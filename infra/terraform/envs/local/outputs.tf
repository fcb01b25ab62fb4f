# The output contract (../../OUTPUTS.md): the same names as the Terragrunt units.

output "ecr_repository_urls" {
  description = "Map of image name to ECR repository URL."
  value       = module.ecr.ecr_repository_urls
}

output "ecr_repository_names" {
  description = "Map of image name to ECR repository name."
  value       = module.ecr.ecr_repository_names
}

output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = module.compute.ecs_cluster_name
}

output "ecs_service_names" {
  description = "Map of service key to ECS service name."
  value       = module.compute.ecs_service_names
}

output "ecs_task_definition_families" {
  description = "Map of service key to task definition family."
  value       = module.compute.ecs_task_definition_families
}

output "ecs_container_names" {
  description = "Map of service key to container name."
  value       = module.compute.ecs_container_names
}

output "container_ports" {
  description = "Map of service key to container port."
  value       = module.compute.container_ports
}

output "task_subnet_ids" {
  description = "Subnets for one-off tasks (migrations)."
  value       = module.compute.task_subnet_ids
}

output "task_security_group_ids" {
  description = "Security groups for one-off tasks."
  value       = module.compute.task_security_group_ids
}

output "task_assign_public_ip" {
  description = "assignPublicIp for one-off tasks."
  value       = module.compute.task_assign_public_ip
}

output "log_group_names" {
  description = "Map of service key to CloudWatch log group name."
  value       = module.compute.log_group_names
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = module.compute.alb_dns_name
}

output "assets_bucket_name" {
  description = "Static assets bucket."
  value       = module.storage.assets_bucket_name
}

output "cloudfront_distribution_id" {
  description = "CloudFront distribution ID."
  value       = module.edge.cloudfront_distribution_id
}

output "cloudfront_domain_name" {
  description = "CloudFront domain name."
  value       = module.edge.cloudfront_domain_name
}

output "site_url" {
  description = "Public base URL."
  value       = module.edge.site_url
}

output "ssm_parameter_names" {
  description = "Map of key (DATABASE_URL, ...) to SSM parameter name."
  value       = module.database.ssm_parameter_names
}

output "deploy_role_arn" {
  description = "GitHub deploy role ARN (<project>-local-github-deploy; empty string when enable_ci_access is false)."
  value       = var.enable_ci_access ? module.ci_access[0].deploy_role_arn : ""
}

output "alert_topic_arn" {
  description = "SNS alert topic ARN."
  value       = module.monitoring.alert_topic_arn
}

output "smoke_test_header_name" {
  description = "Header the smoke test sends to pass the WAF's allow list (empty without one)."
  value       = module.security.smoke_test_header_name
}

output "smoke_test_token_parameter_name" {
  description = "SSM SecureString holding that header's value (empty without an allow list)."
  value       = module.security.smoke_test_token_parameter_name
}
