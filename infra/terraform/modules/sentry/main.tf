locals {
  name_prefix = "${var.project}-${var.environment}"
}

# Seed 004: one Sentry project per service.
resource "sentry_project" "this" {
  for_each = var.services

  organization = var.sentry_organization
  teams        = [var.sentry_team]
  name         = "${local.name_prefix}-${each.key}"
  platform     = each.value
}

resource "sentry_key" "this" {
  for_each = sentry_project.this

  organization = var.sentry_organization
  project      = each.value.slug
  name         = "${local.name_prefix}-${each.key}"
}

# DSNs for the containers: /<project>/<env>/SENTRY_DSN_<SERVICE>.
resource "aws_ssm_parameter" "dsn" {
  for_each = sentry_key.this

  name  = "/${var.project}/${var.environment}/SENTRY_DSN_${upper(each.key)}"
  type  = "SecureString"
  value = each.value.dsn_public

  tags = var.tags
}
