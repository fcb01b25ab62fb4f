# Ephemeral resources cannot be mocked (Terraform 1.11: "No ephemeral resource
# types in mock providers"), so this file plans with the real provider, offline:
# fake credentials, no account lookup, and every run a plan. On a first plan the
# ephemeral resources (master_password.tf) are not opened yet (their
# configuration is unknown until the secret exists), so nothing calls AWS.
# The state guarantees (no password in state or plan) are tested against moto:
# tests/moto (see README.md).
provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "offline"
  secret_key                  = "offline"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
}

# The endpoint is known only after apply; give it a value so that the URL can be checked in a plan.
override_resource {
  target          = aws_rds_cluster.this
  override_during = plan
  values = {
    endpoint        = "bookmark-manager-staging-aurora.cluster-c0abcdefghij.ap-northeast-1.rds.amazonaws.com"
    reader_endpoint = "bookmark-manager-staging-aurora.cluster-ro-c0abcdefghij.ap-northeast-1.rds.amazonaws.com"
    port            = 5432
  }
}

variables {
  project             = "bookmark-manager"
  environment         = "staging"
  database_subnet_ids = ["subnet-db-a", "subnet-db-c"]
  security_group_ids  = ["sg-db"]
}

run "staging_cluster" {
  command = plan

  variables {
    deletion_protection = false
    skip_final_snapshot = true
  }

  assert {
    condition     = aws_rds_cluster.this.engine == "aurora-postgresql" && aws_rds_cluster.this.engine_mode == "provisioned"
    error_message = "Aurora PostgreSQL (provisioned mode for Serverless v2)."
  }

  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].min_capacity == 0.5 && aws_rds_cluster.this.serverlessv2_scaling_configuration[0].max_capacity == 2
    error_message = "Serverless v2 from 0.5 ACU."
  }

  assert {
    condition     = aws_rds_cluster.this.storage_encrypted == true
    error_message = "Storage must be encrypted."
  }

  assert {
    condition     = aws_rds_cluster.this.backup_retention_period == 7 && aws_rds_cluster.this.preferred_backup_window == "03:00-04:00"
    error_message = "Backups kept 7 days, window 03:00-04:00 UTC."
  }

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 1 && alltrue([for i in aws_rds_cluster_instance.this : i.publicly_accessible == false && i.instance_class == "db.serverless"])
    error_message = "One writer, db.serverless, not publicly accessible."
  }

  assert {
    condition     = alltrue([for i in aws_rds_cluster_instance.this : i.performance_insights_enabled])
    error_message = "Performance Insights on by default."
  }

  assert {
    condition     = aws_rds_cluster.this.vpc_security_group_ids == toset(["sg-db"]) && aws_db_subnet_group.this.subnet_ids == toset(["subnet-db-a", "subnet-db-c"])
    error_message = "The cluster sits in the DB subnets behind the database security group."
  }

  assert {
    condition     = aws_rds_cluster.this.deletion_protection == false && aws_rds_cluster.this.skip_final_snapshot == true
    error_message = "Staging can be destroyed in one command."
  }

  assert {
    condition     = aws_ssm_parameter.database_url.name == "/bookmark-manager/staging/DATABASE_URL" && aws_ssm_parameter.database_url.type == "SecureString"
    error_message = "DATABASE_URL is a SecureString under /<project>/<env>/."
  }

  assert {
    condition     = output.ssm_parameter_names["DATABASE_URL"] == "/bookmark-manager/staging/DATABASE_URL"
    error_message = "ssm_parameter_names exposes DATABASE_URL."
  }
}

run "password_is_write_only" {
  command = plan

  assert {
    condition     = aws_rds_cluster.this.master_password == null && aws_rds_cluster.this.manage_master_user_password == null
    error_message = "The state-tracked master_password is never set (the password goes through master_password_wo)."
  }

  assert {
    condition     = aws_rds_cluster.this.master_password_wo == null
    error_message = "master_password_wo is write-only (null in plan and state); only its version is recorded."
  }

  assert {
    condition     = aws_ssm_parameter.database_url.value_wo == null && aws_ssm_parameter.database_url.type == "SecureString"
    error_message = "DATABASE_URL is a SecureString written through value_wo (null in plan and state)."
  }
}

run "tls_required" {
  command = plan

  assert {
    condition     = aws_rds_cluster_parameter_group.this.family == "aurora-postgresql16" && aws_rds_cluster.this.db_cluster_parameter_group_name == aws_rds_cluster_parameter_group.this.name
    error_message = "The cluster uses its own aurora-postgresql16 cluster parameter group."
  }

  assert {
    condition     = [for p in aws_rds_cluster_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"] == ["1"]
    error_message = "rds.force_ssl = 1: the cluster refuses connections without TLS."
  }

  assert {
    condition     = endswith(output.database_url_redacted, "/app?schema=public&sslmode=require") && startswith(output.database_url_redacted, "postgresql://dbadmin:****@")
    error_message = "DATABASE_URL asks for TLS (sslmode=require) and carries no password in the redacted form."
  }
}

run "tls_verify_full_with_ca_bundle" {
  command = plan

  variables {
    database_url_sslmode     = "verify-full"
    database_url_sslrootcert = "/etc/ssl/certs/rds-global-bundle.pem"
  }

  assert {
    condition     = endswith(output.database_url_redacted, "?schema=public&sslmode=verify-full&sslrootcert=%2Fetc%2Fssl%2Fcerts%2Frds-global-bundle.pem")
    error_message = "verify-full adds the CA bundle path (URL-encoded) to DATABASE_URL."
  }
}

run "rejects_verify_full_without_ca_bundle" {
  command = plan

  variables {
    database_url_sslmode = "verify-full"
  }

  expect_failures = [var.database_url_sslrootcert]
}

run "rejects_sslmode_without_tls" {
  command = plan

  variables {
    database_url_sslmode = "prefer"
  }

  expect_failures = [var.database_url_sslmode]
}

run "local_override_is_stored_as_given" {
  command = plan

  variables {
    environment                   = "local"
    database_url_override         = "postgresql://postgres:postgres@127.0.0.1:5432/app?schema=public"
    database_url_override_version = 7
  }

  assert {
    condition     = aws_ssm_parameter.database_url.value_wo_version == 8 && output.database_url_redacted == null
    error_message = "With an override, DATABASE_URL is the given URL (plain, no TLS options), versioned by master_password_version + database_url_override_version."
  }
}

run "production_inputs" {
  command = plan

  variables {
    environment         = "production"
    reader_count        = 1
    max_capacity        = 16
    deletion_protection = true
    skip_final_snapshot = false
  }

  assert {
    condition     = length(aws_rds_cluster_instance.this) == 2
    error_message = "Production runs a writer and a reader (multi-AZ)."
  }

  assert {
    condition     = aws_rds_cluster.this.deletion_protection == true && aws_rds_cluster.this.final_snapshot_identifier == "bookmark-manager-production-aurora-final"
    error_message = "Production is deletion protected and keeps a final snapshot."
  }

  assert {
    condition     = aws_rds_cluster.this.serverlessv2_scaling_configuration[0].max_capacity == 16
    error_message = "Production scales to 16 ACU."
  }
}

run "protected_by_default" {
  command = plan

  assert {
    condition     = aws_rds_cluster.this.deletion_protection == true && aws_rds_cluster.this.skip_final_snapshot == false
    error_message = "Without explicit inputs the cluster is deletion protected and keeps a final snapshot."
  }
}

run "rejects_backup_retention_zero" {
  command = plan

  variables {
    backup_retention_days = 0
  }

  expect_failures = [var.backup_retention_days]
}
