locals {
  generated_database_url = "postgresql://${var.master_username}:${data.aws_secretsmanager_random_password.master.random_password}@${aws_rds_cluster.this.endpoint}:${aws_rds_cluster.this.port}/${var.database_name}?schema=public"
}

# DATABASE_URL (seed 004), read by the tasks through the execution role and by
# the pipeline's migration step. Write-only: the value never enters the state.
resource "aws_ssm_parameter" "database_url" {
  name        = "${local.ssm_prefix}/DATABASE_URL"
  description = "PostgreSQL connection URL of ${local.name_prefix}"
  type        = "SecureString"
  key_id      = var.ssm_kms_key_id

  value_wo         = var.database_url_override != null ? var.database_url_override : local.generated_database_url
  value_wo_version = var.master_password_version + var.database_url_override_version

  tags = var.tags
}

# Non-secret connection facts, for scripts (connect_to_aurora.sh) and humans.
resource "aws_ssm_parameter" "plain" {
  for_each = {
    DB_HOST        = aws_rds_cluster.this.endpoint
    DB_READER_HOST = aws_rds_cluster.this.reader_endpoint
    DB_PORT        = tostring(aws_rds_cluster.this.port)
    DB_NAME        = var.database_name
    DB_USER        = var.master_username
    DB_CLUSTER_ID  = aws_rds_cluster.this.cluster_identifier
  }

  name  = "${local.ssm_prefix}/${each.key}"
  type  = "String"
  value = each.value

  tags = var.tags
}

# Placeholders for secrets set outside Terraform (seed 003: MONGODB_URI etc.).
# Terraform creates them once and never overwrites the value afterwards.
resource "aws_ssm_parameter" "external" {
  for_each = toset(var.external_secret_names)

  name        = "${local.ssm_prefix}/${each.key}"
  description = "Set with: aws ssm put-parameter --overwrite --type SecureString --name ${local.ssm_prefix}/${each.key}"
  type        = "SecureString"
  value       = "CHANGE_ME"

  tags = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}
