include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//network"
}

inputs = {
  availability_zones         = local.env.availability_zones
  one_nat_gateway_per_az     = local.env.one_nat_gateway_per_az
  enable_interface_endpoints = local.env.enable_interface_endpoints
  flow_log_retention_days    = local.env.flow_log_retention_days
}
