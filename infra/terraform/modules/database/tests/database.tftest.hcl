mock_provider "aws" {
  mock_data "aws_secretsmanager_random_password" {
    defaults = {
      random_password = "Abcdefghijklmnopqrstuvwxyz012345"
    }
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
