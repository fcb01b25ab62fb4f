# Chain (seeds 002/004): internet or CloudFront -> ALB -> ECS (app ports) -> Aurora (5432).
# Rules are separate resources so that the ALB <-> ECS references do not form a cycle.

data "aws_ec2_managed_prefix_list" "cloudfront" {
  count = var.alb_ingress_source == "cloudfront" ? 1 : 0

  name = "com.amazonaws.global.cloudfront.origin-facing"
}

resource "aws_security_group" "alb" {
  name        = "${local.name_prefix}-alb-sg"
  description = "ALB: HTTP/HTTPS in, app ports out to ECS only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name_prefix}-alb-sg" })
}

resource "aws_security_group" "ecs" {
  name        = "${local.name_prefix}-ecs-sg"
  description = "ECS tasks: app ports from the ALB only"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name_prefix}-ecs-sg" })
}

resource "aws_security_group" "database" {
  name        = "${local.name_prefix}-aurora-sg"
  description = "Aurora: PostgreSQL from ECS tasks only, no egress"
  vpc_id      = var.vpc_id

  tags = merge(var.tags, { Name = "${local.name_prefix}-aurora-sg" })
}

# --- ALB ---------------------------------------------------------------------

resource "aws_security_group_rule" "alb_in_internet" {
  for_each = var.alb_ingress_source == "internet" ? toset(["80", "443"]) : toset([])

  type              = "ingress"
  description       = "Port ${each.key} from the internet"
  security_group_id = aws_security_group.alb.id
  protocol          = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  cidr_blocks       = ["0.0.0.0/0"]
}

# The CloudFront origin-facing prefix list weighs about 55 rules, so only the one
# port CloudFront uses to reach the ALB is opened (two ports would exceed the
# default quota of 60 rules per security group).
resource "aws_security_group_rule" "alb_in_cloudfront" {
  count = var.alb_ingress_source == "cloudfront" ? 1 : 0

  type              = "ingress"
  description       = "Port ${var.alb_cloudfront_origin_port} from CloudFront origin-facing servers"
  security_group_id = aws_security_group.alb.id
  protocol          = "tcp"
  from_port         = var.alb_cloudfront_origin_port
  to_port           = var.alb_cloudfront_origin_port
  prefix_list_ids   = [data.aws_ec2_managed_prefix_list.cloudfront[0].id]
}

resource "aws_security_group_rule" "alb_out_ecs" {
  for_each = toset([for p in var.app_ports : tostring(p)])

  type                     = "egress"
  description              = "To ECS tasks on app port ${each.key}"
  security_group_id        = aws_security_group.alb.id
  protocol                 = "tcp"
  from_port                = tonumber(each.key)
  to_port                  = tonumber(each.key)
  source_security_group_id = aws_security_group.ecs.id
}

# --- ECS ---------------------------------------------------------------------

resource "aws_security_group_rule" "ecs_in_alb" {
  for_each = toset([for p in var.app_ports : tostring(p)])

  type                     = "ingress"
  description              = "App port ${each.key} from the ALB"
  security_group_id        = aws_security_group.ecs.id
  protocol                 = "tcp"
  from_port                = tonumber(each.key)
  to_port                  = tonumber(each.key)
  source_security_group_id = aws_security_group.alb.id
}

resource "aws_security_group_rule" "ecs_out_database" {
  type                     = "egress"
  description              = "PostgreSQL to Aurora"
  security_group_id        = aws_security_group.ecs.id
  protocol                 = "tcp"
  from_port                = var.database_port
  to_port                  = var.database_port
  source_security_group_id = aws_security_group.database.id
}

resource "aws_security_group_rule" "ecs_out_https" {
  type              = "egress"
  description       = "HTTPS to AWS APIs (ECR, SSM, Logs), the ALB and external services"
  security_group_id = aws_security_group.ecs.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = var.ecs_https_egress_cidrs
}

resource "aws_security_group_rule" "ecs_out_extra" {
  for_each = toset([for p in var.ecs_extra_egress_ports : tostring(p)])

  type              = "egress"
  description       = "Extra TCP port ${each.key} (e.g. MongoDB Atlas 27017)"
  security_group_id = aws_security_group.ecs.id
  protocol          = "tcp"
  from_port         = tonumber(each.key)
  to_port           = tonumber(each.key)
  cidr_blocks       = ["0.0.0.0/0"]
}

# --- Aurora ------------------------------------------------------------------
# Ingress from ECS only. No egress rule at all: Terraform removes the default
# allow-all egress rule of every security group it creates.

resource "aws_security_group_rule" "database_in_ecs" {
  type                     = "ingress"
  description              = "PostgreSQL from ECS tasks"
  security_group_id        = aws_security_group.database.id
  protocol                 = "tcp"
  from_port                = var.database_port
  to_port                  = var.database_port
  source_security_group_id = aws_security_group.ecs.id
}
