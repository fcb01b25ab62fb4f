# Wiring of the edge unit (modules/edge), the same in every environment:
# included by envs/<environment>/edge/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//edge"
}

dependency "compute" {
  config_path = "../compute"

  # alb_https_enabled as compute will output it (certificate_arn = the same
  # setting), so a first plan before compute exists picks the protocol the
  # apply will (production refuses http-only).
  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    alb_dns_name               = "mock-alb-000000000.ap-northeast-1.elb.amazonaws.com"
    alb_https_enabled          = local.settings.alb_certificate_arn != null
    origin_verify_header_name  = "X-Origin-Verify"
    origin_verify_header_value = "mock-origin-verify-0000000000000000"
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    waf_web_acl_arn = "arn:aws:wafv2:us-east-1:000000000000:global/webacl/mock/00000000-0000-0000-0000-000000000000"
  }
}

# The assets bucket (storage unit) depends on this distribution for its bucket
# policy, so its domain name is derived from the bucket name in the settings
# instead of a dependency (CloudFront does not need the bucket to exist yet).
# origin_verify_header: the secret compute's listener rules require, sent by
# CloudFront to the ALB origin. cdn_default_origin: alb (pages from the ALB,
# /assets/* from S3) or s3 (the SPA-only shape, with cdn_spa_fallback).
inputs = {
  assets_bucket_regional_domain_name = "${local.settings.assets_bucket_name}.s3.${local.settings.aws_region}.amazonaws.com"
  alb_dns_name                       = dependency.compute.outputs.alb_dns_name
  alb_origin_domain_name             = local.settings.alb_origin_domain_name
  alb_origin_protocol_policy         = dependency.compute.outputs.alb_https_enabled ? "https-only" : "http-only"
  default_origin                     = local.settings.cdn_default_origin
  spa_fallback                       = local.settings.cdn_spa_fallback
  web_acl_arn                        = dependency.security.outputs.waf_web_acl_arn
  domain_names                       = local.settings.domain_names
  route53_zone_id                    = local.settings.route53_zone_id
  origin_verify_header = {
    name  = dependency.compute.outputs.origin_verify_header_name
    value = dependency.compute.outputs.origin_verify_header_value
  }
}
