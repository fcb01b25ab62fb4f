output "cluster_identifier" {
  description = "Aurora cluster identifier (CloudWatch DBClusterIdentifier dimension)."
  value       = aws_rds_cluster.this.cluster_identifier
}

output "cluster_arn" {
  description = "Aurora cluster ARN."
  value       = aws_rds_cluster.this.arn
}

output "cluster_endpoint" {
  description = "Writer endpoint."
  value       = aws_rds_cluster.this.endpoint
}

output "reader_endpoint" {
  description = "Reader endpoint."
  value       = aws_rds_cluster.this.reader_endpoint
}

output "database_port" {
  description = "PostgreSQL port."
  value       = aws_rds_cluster.this.port
}

output "database_name" {
  description = "Initial database name."
  value       = var.database_name
}

output "ssm_parameter_names" {
  description = "Map of key (DATABASE_URL, DB_HOST, ...) to SSM parameter name."
  value = merge(
    { DATABASE_URL = aws_ssm_parameter.database_url.name },
    { for k, p in aws_ssm_parameter.plain : k => p.name },
    { for k, p in aws_ssm_parameter.external : k => p.name }
  )
}

output "ssm_parameter_arns" {
  description = "Map of key to SSM parameter ARN (for ECS container secrets)."
  value = merge(
    { DATABASE_URL = aws_ssm_parameter.database_url.arn },
    { for k, p in aws_ssm_parameter.plain : k => p.arn },
    { for k, p in aws_ssm_parameter.external : k => p.arn }
  )
}

output "secret_parameter_arns" {
  description = "Map of key to ARN of the SecureString parameters only (DATABASE_URL and external secrets), the ones ECS injects as secrets."
  value = merge(
    { DATABASE_URL = aws_ssm_parameter.database_url.arn },
    { for k, p in aws_ssm_parameter.external : k => p.arn }
  )
}

output "database_url_redacted" {
  description = "DATABASE_URL as generated, with the password replaced by ****, e.g. for logs (null when database_url_override is used)."
  value       = local.database_url_overridden ? null : local.database_url_redacted
}

output "master_password_secret_arn" {
  description = "ARN of the Secrets Manager secret holding the master password (the cluster's and DATABASE_URL's source)."
  value       = aws_secretsmanager_secret.master.arn
}
