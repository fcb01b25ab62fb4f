# Wiring of the security unit (modules/security), the same in every environment:
# included by envs/<environment>/security/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//security"
}

dependency "network" {
  config_path = "../network"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    vpc_id = "vpc-00000000000000000"
  }
}

inputs = {
  vpc_id                     = dependency.network.outputs.vpc_id
  app_ports                  = [for s in values(local.settings.services) : s.container_port]
  alb_ingress_source         = local.settings.alb_ingress_source
  alb_cloudfront_origin_port = local.settings.alb_certificate_arn == null ? 80 : 443
  assets_bucket_arn          = "arn:aws:s3:::${local.settings.assets_bucket_name}"
  enable_waf                 = local.settings.enable_waf
  waf_rate_limit             = local.settings.waf_rate_limit
  waf_allowed_ip_cidrs       = local.settings.waf_allowed_ip_cidrs
}
