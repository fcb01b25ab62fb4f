# Wiring of the network unit (modules/network), the same in every environment:
# included by envs/<environment>/network/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//network"
}

inputs = {
  availability_zones         = local.settings.availability_zones
  one_nat_gateway_per_az     = local.settings.one_nat_gateway_per_az
  enable_interface_endpoints = local.settings.enable_interface_endpoints
  flow_log_retention_days    = local.settings.flow_log_retention_days
}
