resource "aws_lb" "this" {
  name                       = "${local.name_prefix}-alb"
  internal                   = false
  load_balancer_type         = "application"
  security_groups            = [var.alb_security_group_id]
  subnets                    = var.public_subnet_ids
  enable_deletion_protection = var.alb_deletion_protection
  enable_http2               = true
  drop_invalid_header_fields = true
  idle_timeout               = 60

  tags = var.tags
}

resource "aws_lb_target_group" "service" {
  for_each = var.services

  # Target group names are limited to 32 characters.
  name                 = substr("${local.name_prefix}-${each.key}", 0, 29)
  port                 = each.value.container_port
  protocol             = "HTTP"
  vpc_id               = var.vpc_id
  target_type          = "ip"
  deregistration_delay = var.deregistration_delay_seconds

  health_check {
    path                = each.value.health_check_path
    matcher             = "200"
    interval            = var.health_check_interval_seconds
    timeout             = var.health_check_timeout_seconds
    healthy_threshold   = var.health_check_healthy_threshold
    unhealthy_threshold = var.health_check_unhealthy_threshold
  }

  tags = var.tags
}

# HTTP: redirect to HTTPS when a certificate is given, otherwise serve directly
# (no certificate: e.g. staging without a custom domain, behind CloudFront).
# Serving listener (HTTPS, or HTTP without a certificate): with
# require_origin_header only the listener rules forward (each requires the
# origin header) and the default action refuses; without it the default
# action forwards to the default service.
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  dynamic "default_action" {
    for_each = local.https_enabled ? [1] : []
    content {
      type = "redirect"
      redirect {
        port        = "443"
        protocol    = "HTTPS"
        status_code = "HTTP_301"
      }
    }
  }

  dynamic "default_action" {
    for_each = !local.https_enabled && var.require_origin_header ? [1] : []
    content {
      type = "fixed-response"
      fixed_response {
        content_type = "text/plain"
        message_body = local.refused_message
        status_code  = "403"
      }
    }
  }

  dynamic "default_action" {
    for_each = !local.https_enabled && !var.require_origin_header ? [1] : []
    content {
      type             = "forward"
      target_group_arn = aws_lb_target_group.service[local.default_service_key].arn
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  count = local.https_enabled ? 1 : 0

  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.ssl_policy
  certificate_arn   = var.certificate_arn

  dynamic "default_action" {
    for_each = var.require_origin_header ? [1] : []
    content {
      type = "fixed-response"
      fixed_response {
        content_type = "text/plain"
        message_body = local.refused_message
        status_code  = "403"
      }
    }
  }

  dynamic "default_action" {
    for_each = var.require_origin_header ? [] : [1]
    content {
      type             = "forward"
      target_group_arn = aws_lb_target_group.service[local.default_service_key].arn
    }
  }

  tags = var.tags
}

# One rule per service with path_patterns; with require_origin_header also the
# default service ("/*", evaluated last), and every rule also requires the
# origin header with the secret.
resource "aws_lb_listener_rule" "path" {
  for_each = local.listener_rules

  listener_arn = local.https_enabled ? aws_lb_listener.https[0].arn : aws_lb_listener.http.arn
  priority     = each.value.priority

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.service[each.key].arn
  }

  condition {
    path_pattern {
      values = each.value.path_patterns
    }
  }

  dynamic "condition" {
    for_each = var.require_origin_header ? [1] : []
    content {
      http_header {
        http_header_name = local.origin_verify_header_name
        values           = [aws_ssm_parameter.origin_verify.value]
      }
    }
  }

  tags = var.tags
}
