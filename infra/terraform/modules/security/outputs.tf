output "alb_security_group_id" {
  description = "Security group of the ALB."
  value       = aws_security_group.alb.id
}

output "ecs_security_group_id" {
  description = "Security group of the ECS tasks (also for one-off tasks such as migrations)."
  value       = aws_security_group.ecs.id
}

output "database_security_group_id" {
  description = "Security group of the Aurora cluster."
  value       = aws_security_group.database.id
}

output "task_execution_role_arn" {
  description = "ARN of the ECS task execution role."
  value       = aws_iam_role.task_execution.arn
}

output "task_execution_role_name" {
  description = "Name of the ECS task execution role."
  value       = aws_iam_role.task_execution.name
}

output "task_role_arn" {
  description = "ARN of the ECS task role (application permissions)."
  value       = aws_iam_role.task.arn
}

output "task_role_name" {
  description = "Name of the ECS task role."
  value       = aws_iam_role.task.name
}

output "waf_web_acl_arn" {
  description = "ARN of the CloudFront-scoped WAF web ACL (null when enable_waf is false)."
  value       = var.enable_waf ? aws_wafv2_web_acl.this[0].arn : null
}

output "ssm_parameter_prefix" {
  description = "SSM path the tasks may read: /<project>/<environment>/."
  value       = local.ssm_prefix
}

output "smoke_test_header_name" {
  description = "Header the smoke test sends to pass the WAF's allow list (empty when there is no allow list)."
  value       = local.smoke_test_bypass ? local.smoke_test_header_name : ""
}

output "smoke_test_token_parameter_name" {
  description = "SSM SecureString holding that header's value (empty when there is no allow list)."
  value       = local.smoke_test_bypass ? aws_ssm_parameter.smoke_test_token[0].name : ""
}
