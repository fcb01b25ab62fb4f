locals {
  # Whether an override is given is not a secret (its value is).
  database_url_overridden = nonsensitive(var.database_url_override != null)

  # TLS: the cluster requires it (rds.force_ssl, aurora.tf) and the URL asks for it.
  database_url_query = join("&", compact([
    "schema=public",
    "sslmode=${var.database_url_sslmode}",
    var.database_url_sslrootcert == null ? "" : "sslrootcert=${urlencode(var.database_url_sslrootcert)}",
  ]))
  database_url_location = "${aws_rds_cluster.this.endpoint}:${aws_rds_cluster.this.port}/${var.database_name}?${local.database_url_query}"

  # The URL as stored, without its password: an output, and the input of the version below.
  database_url_redacted = "postgresql://${var.master_username}:****@${local.database_url_location}"

  # Only in the write-only value_wo: the password is the ephemeral read of the secret (master_password.tf).
  generated_database_url = "postgresql://${var.master_username}:${urlencode(local.master_password)}@${local.database_url_location}"

  # value_wo is only sent when value_wo_version changes. The version follows every
  # part of the URL (endpoint, port, name, TLS options) and the secret's version
  # ID, so DATABASE_URL is rewritten whenever one of them changes. The password
  # itself is not hashed into the state.
  generated_database_url_version = parseint(substr(sha256("${aws_secretsmanager_secret_version.master.version_id}|${local.database_url_redacted}"), 0, 12), 16)
}

# DATABASE_URL (seed 004), read by the tasks through the execution role and by
# the pipeline's migration step. Write-only: neither the URL nor the password is
# in the state or in a plan (the state keeps value_wo_version only).
resource "aws_ssm_parameter" "database_url" {
  name        = "${local.ssm_prefix}/DATABASE_URL"
  description = "PostgreSQL connection URL of ${local.name_prefix}"
  type        = "SecureString"
  key_id      = var.ssm_kms_key_id

  value_wo         = local.database_url_overridden ? var.database_url_override : local.generated_database_url
  value_wo_version = local.database_url_overridden ? var.master_password_version + var.database_url_override_version : local.generated_database_url_version

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
