output "ecs_cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "ecs_cluster_arn" {
  description = "ECS cluster ARN."
  value       = aws_ecs_cluster.this.arn
}

output "ecs_service_names" {
  description = "Map of service key (web, api) to ECS service name."
  value       = { for k, s in aws_ecs_service.this : k => s.name }
}

output "ecs_service_arns" {
  description = "Map of service key to ECS service ARN (id)."
  value       = { for k, s in aws_ecs_service.this : k => s.id }
}

output "ecs_task_definition_families" {
  description = "Map of service key to task definition family (the pipeline registers new revisions in it)."
  value       = { for k, t in aws_ecs_task_definition.this : k => t.family }
}

output "ecs_container_names" {
  description = "Map of service key to the name of the container whose image the pipeline replaces."
  value       = { for k, s in var.services : k => k }
}

output "container_ports" {
  description = "Map of service key to container port."
  value       = { for k, s in var.services : k => s.container_port }
}

output "task_subnet_ids" {
  description = "Subnets for one-off tasks (migrations): the same as the services'."
  value       = var.task_subnet_ids
}

output "task_security_group_ids" {
  description = "Security groups for one-off tasks (migrations)."
  value       = [var.ecs_security_group_id]
}

output "task_assign_public_ip" {
  description = "assignPublicIp for one-off tasks."
  value       = var.assign_public_ip
}

output "log_group_names" {
  description = "Map of service key to CloudWatch log group name (stream prefix ecs/<container>/<task id>)."
  value       = { for k, g in aws_cloudwatch_log_group.service : k => g.name }
}

output "log_group_arns" {
  description = "Map of service key to CloudWatch log group ARN."
  value       = { for k, g in aws_cloudwatch_log_group.service : k => g.arn }
}

output "alb_dns_name" {
  description = "DNS name of the ALB."
  value       = aws_lb.this.dns_name
}

output "alb_zone_id" {
  description = "Route53 zone ID of the ALB (for alias records)."
  value       = aws_lb.this.zone_id
}

output "alb_arn" {
  description = "ALB ARN."
  value       = aws_lb.this.arn
}

output "alb_arn_suffix" {
  description = "ALB ARN suffix (CloudWatch LoadBalancer dimension)."
  value       = aws_lb.this.arn_suffix
}

output "alb_https_enabled" {
  description = "Whether the ALB has an HTTPS listener (decides the CloudFront origin protocol)."
  value       = local.https_enabled
}

output "target_group_arn_suffixes" {
  description = "Map of service key to target group ARN suffix (CloudWatch TargetGroup dimension)."
  value       = { for k, t in aws_lb_target_group.service : k => t.arn_suffix }
}

output "origin_verify_header_name" {
  description = "Name of the header CloudFront must send to the ALB (X-Origin-Verify); the listener rules require it when require_origin_header is set."
  value       = local.origin_verify_header_name
}

output "origin_verify_header_value" {
  description = "Secret value of the origin header (SSM SecureString /<project>/<environment>/origin-verify): the edge module's origin_verify_header.value."
  value       = aws_ssm_parameter.origin_verify.value
  sensitive   = true
}
