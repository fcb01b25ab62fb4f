locals {
  name_prefix = "${var.project}-${var.environment}"

  default_service_key = one([for k, s in var.services : k if length(s.path_patterns) == 0])
  https_enabled       = var.certificate_arn != null

  common_secrets = [for name in sort(keys(var.container_secrets)) : { name = name, valueFrom = var.container_secrets[name] }]
}

data "aws_region" "current" {}

resource "aws_cloudwatch_log_group" "service" {
  for_each = var.services

  name              = "/ecs/${local.name_prefix}-${each.key}"
  retention_in_days = var.log_retention_days

  tags = var.tags
}
