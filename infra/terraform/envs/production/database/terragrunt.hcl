include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//database"
}

dependency "network" {
  config_path = "../network"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    database_subnet_ids = ["subnet-00000000000000021", "subnet-00000000000000022"]
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    database_security_group_id = "sg-00000000000000003"
  }
}

inputs = {
  database_subnet_ids          = dependency.network.outputs.database_subnet_ids
  security_group_ids           = [dependency.security.outputs.database_security_group_id]
  engine_version               = local.env.db_engine_version
  min_capacity                 = local.env.db_min_capacity
  max_capacity                 = local.env.db_max_capacity
  reader_count                 = local.env.db_reader_count
  deletion_protection          = local.env.db_deletion_protection
  skip_final_snapshot          = local.env.db_skip_final_snapshot
  enhanced_monitoring_interval = local.env.enhanced_monitoring_seconds
  external_secret_names        = local.env.external_secret_names
}
