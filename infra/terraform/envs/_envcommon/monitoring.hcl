# Wiring of the monitoring unit (modules/monitoring), the same in every environment:
# included by envs/<environment>/monitoring/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//monitoring"
}

dependency "compute" {
  config_path = "../compute"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    ecs_cluster_name  = "mock-cluster"
    ecs_service_names = { web = "mock-web", api = "mock-api" }
    alb_arn_suffix    = "app/mock-alb/0000000000000000"
  }
}

dependency "database" {
  config_path = "../database"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    cluster_identifier = "mock-aurora"
  }
}

inputs = {
  ecs_cluster_name         = dependency.compute.outputs.ecs_cluster_name
  ecs_service_names        = dependency.compute.outputs.ecs_service_names
  alb_arn_suffix           = dependency.compute.outputs.alb_arn_suffix
  db_cluster_identifier    = dependency.database.outputs.cluster_identifier
  db_connections_threshold = local.settings.db_connections_threshold
  alarm_email_addresses    = local.settings.alarm_email_addresses
}
