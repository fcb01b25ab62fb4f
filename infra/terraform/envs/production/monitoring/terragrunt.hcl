include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//monitoring"
}

dependency "compute" {
  config_path = "../compute"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    ecs_cluster_name  = "mock-cluster"
    ecs_service_names = { web = "mock-web", api = "mock-api" }
    alb_arn_suffix    = "app/mock-alb/0000000000000000"
  }
}

dependency "database" {
  config_path = "../database"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    cluster_identifier = "mock-aurora"
  }
}

inputs = {
  ecs_cluster_name         = dependency.compute.outputs.ecs_cluster_name
  ecs_service_names        = dependency.compute.outputs.ecs_service_names
  alb_arn_suffix           = dependency.compute.outputs.alb_arn_suffix
  db_cluster_identifier    = dependency.database.outputs.cluster_identifier
  db_connections_threshold = local.env.db_connections_threshold
  alarm_email_addresses    = local.env.alarm_email_addresses
}
