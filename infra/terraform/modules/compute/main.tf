locals {
  name_prefix = "${var.project}-${var.environment}"

  default_service_key = one([for k, s in var.services : k if length(s.path_patterns) == 0])
  https_enabled       = var.certificate_arn != null

  # The header CloudFront adds and the listener rules require (origin_verify.tf).
  origin_verify_header_name = "X-Origin-Verify"
  refused_message           = "direct access to the load balancer is refused"
  # Services with a listener rule: those with path_patterns, and with the header
  # required also the default service ("/*" at default_listener_priority).
  listener_rules = {
    for k, s in var.services : k => {
      path_patterns = length(s.path_patterns) > 0 ? s.path_patterns : ["/*"]
      priority      = length(s.path_patterns) > 0 ? s.listener_priority : var.default_listener_priority
    } if length(s.path_patterns) > 0 || var.require_origin_header
  }

  common_secrets = [for name in sort(keys(var.container_secrets)) : { name = name, valueFrom = var.container_secrets[name] }]
}

data "aws_region" "current" {}

resource "aws_cloudwatch_log_group" "service" {
  for_each = var.services

  name              = "/ecs/${local.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}
