include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//security"
}

dependency "network" {
  config_path = "../network"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    vpc_id = "vpc-00000000000000000"
  }
}

inputs = {
  vpc_id                     = dependency.network.outputs.vpc_id
  app_ports                  = [for s in values(local.env.services) : s.container_port]
  alb_ingress_source         = local.env.alb_ingress_source
  alb_cloudfront_origin_port = local.env.alb_certificate_arn == null ? 80 : 443
  assets_bucket_arn          = "arn:aws:s3:::${local.env.assets_bucket_name}"
  enable_waf                 = local.env.enable_waf
  waf_rate_limit             = local.env.waf_rate_limit
  waf_allowed_ip_cidrs       = local.env.waf_allowed_ip_cidrs
}
