# The database module applied for real, against moto: the master password is in
# Secrets Manager and in DATABASE_URL, and in none of the state-tracked attributes.
# Not part of the offline module tests (needs moto_server); run it with
#
#   moto_server -H 127.0.0.1 -p 5000 &
#   terraform init -backend=false -test-directory=tests/moto
#   AWS_ENDPOINT_URL=http://127.0.0.1:5000 terraform test -test-directory=tests/moto
#
# (AWS_ENDPOINT_URL sends every service to moto; the provider block below has
# fake credentials only.)
#
# The same against a state file and saved plans (grep for the password) is
# described in README.md.

variables {
  project                      = "motocheck"
  environment                  = "staging"
  deletion_protection          = false
  skip_final_snapshot          = true
  apply_immediately            = true
  performance_insights_enabled = false
  enhanced_monitoring_interval = 0
}

provider "aws" {
  region                      = "ap-northeast-1"
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = false
}

run "network" {
  module {
    source = "./tests/moto/fixtures/network"
  }
}

run "first_apply" {
  variables {
    database_subnet_ids = run.network.subnet_ids
    security_group_ids  = [run.network.security_group_id]
  }

  assert {
    condition     = aws_rds_cluster.this.master_password == null && aws_rds_cluster.this.master_password_wo == null && aws_rds_cluster.this.master_password_wo_version > 0
    error_message = "The cluster's state holds no password, only its version."
  }

  assert {
    condition     = aws_ssm_parameter.database_url.value == "" && aws_ssm_parameter.database_url.insecure_value == null && aws_ssm_parameter.database_url.has_value_wo
    error_message = "The DATABASE_URL parameter's state holds no value (written write-only; the provider records an empty string)."
  }

  assert {
    condition     = [for p in aws_rds_cluster_parameter_group.this.parameter : p.value if p.name == "rds.force_ssl"] == ["1"] && aws_rds_cluster.this.db_cluster_parameter_group_name == aws_rds_cluster_parameter_group.this.name
    error_message = "The cluster requires TLS."
  }
}

run "readback_first" {
  module {
    source = "./tests/moto/fixtures/readback"
  }

  variables {
    secret_arn             = run.first_apply.master_password_secret_arn
    database_url_parameter = run.first_apply.ssm_parameter_names["DATABASE_URL"]
  }

  assert {
    condition     = length(nonsensitive(output.password)) == 32
    error_message = "The secret holds a 32-character password."
  }

  assert {
    condition     = nonsensitive(output.database_url == "postgresql://dbadmin:${output.password}@${run.first_apply.cluster_endpoint}:5432/app?schema=public&sslmode=require")
    error_message = "DATABASE_URL carries the secret's password and asks for TLS."
  }
}

run "rotation" {
  variables {
    database_subnet_ids     = run.network.subnet_ids
    security_group_ids      = [run.network.security_group_id]
    master_password_version = 2
  }

  assert {
    condition     = aws_rds_cluster.this.master_password == null && aws_ssm_parameter.database_url.value == ""
    error_message = "After the rotation the state still holds no password."
  }
}

run "readback_rotated" {
  module {
    source = "./tests/moto/fixtures/readback"
  }

  variables {
    secret_arn             = run.rotation.master_password_secret_arn
    database_url_parameter = run.rotation.ssm_parameter_names["DATABASE_URL"]
  }

  assert {
    condition     = nonsensitive(output.password != run.readback_first.password)
    error_message = "A new master_password_version stores a new password."
  }

  assert {
    condition     = nonsensitive(output.database_url == "postgresql://dbadmin:${output.password}@${run.rotation.cluster_endpoint}:5432/app?schema=public&sslmode=require")
    error_message = "After the rotation DATABASE_URL carries the new password."
  }
}
