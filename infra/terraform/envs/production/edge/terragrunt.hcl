include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//edge"
}

dependency "compute" {
  config_path = "../compute"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    alb_dns_name      = "mock-alb-000000000.ap-northeast-1.elb.amazonaws.com"
    alb_https_enabled = false
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    waf_web_acl_arn = "arn:aws:wafv2:us-east-1:000000000000:global/webacl/mock/00000000-0000-0000-0000-000000000000"
  }
}

# The assets bucket (storage unit) depends on this distribution for its bucket
# policy, so its domain name is derived from the agreed bucket name instead of
# a dependency (CloudFront does not need the bucket to exist yet).
inputs = {
  assets_bucket_regional_domain_name = "${local.env.assets_bucket_name}.s3.${local.env.aws_region}.amazonaws.com"
  alb_dns_name                       = dependency.compute.outputs.alb_dns_name
  alb_origin_domain_name             = local.env.alb_origin_domain_name
  alb_origin_protocol_policy         = dependency.compute.outputs.alb_https_enabled ? "https-only" : "http-only"
  web_acl_arn                        = dependency.security.outputs.waf_web_acl_arn
  domain_names                       = local.env.domain_names
  route53_zone_id                    = local.env.route53_zone_id
}
