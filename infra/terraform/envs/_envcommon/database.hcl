# Wiring of the database unit (modules/database), the same in every environment:
# included by envs/<environment>/database/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//database"
}

dependency "network" {
  config_path = "../network"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    database_subnet_ids = ["subnet-00000000000000021", "subnet-00000000000000022"]
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    database_security_group_id = "sg-00000000000000003"
  }
}

inputs = {
  database_subnet_ids          = dependency.network.outputs.database_subnet_ids
  security_group_ids           = [dependency.security.outputs.database_security_group_id]
  engine_version               = local.settings.db_engine_version
  min_capacity                 = local.settings.db_min_capacity
  max_capacity                 = local.settings.db_max_capacity
  reader_count                 = local.settings.db_reader_count
  deletion_protection          = local.settings.db_deletion_protection
  skip_final_snapshot          = local.settings.db_skip_final_snapshot
  enhanced_monitoring_interval = local.settings.enhanced_monitoring_seconds
  external_secret_names        = local.settings.external_secret_names
}
