# CloudFront-scoped web ACL; CLOUDFRONT scope only exists in us-east-1.

resource "aws_wafv2_ip_set" "allowed" {
  count    = var.enable_waf && length(var.waf_allowed_ip_cidrs) > 0 ? 1 : 0
  provider = aws.us_east_1

  name               = "${local.name_prefix}-allowed-ips"
  description        = "Only these addresses may reach ${local.name_prefix} (staging IP restriction)"
  scope              = "CLOUDFRONT"
  ip_address_version = "IPV4"
  addresses          = var.waf_allowed_ip_cidrs

  tags = var.tags
}

resource "aws_wafv2_web_acl" "this" {
  count    = var.enable_waf ? 1 : 0
  provider = aws.us_east_1

  name        = "${local.name_prefix}-waf"
  description = "${local.name_prefix}: AWS managed rules, SQLi, rate limit"
  scope       = "CLOUDFRONT"

  default_action {
    allow {}
  }

  # Priorities are fixed, with gaps where a rule is absent (WAF allows gaps).
  dynamic "rule" {
    for_each = local.smoke_test_bypass ? [1] : []
    content {
      name     = "allow-smoke-test"
      priority = 0

      action {
        allow {}
      }

      statement {
        byte_match_statement {
          search_string         = aws_ssm_parameter.smoke_test_token[0].value
          positional_constraint = "EXACTLY"

          field_to_match {
            single_header {
              name = local.smoke_test_header_name
            }
          }

          text_transformation {
            priority = 0
            type     = "NONE"
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name_prefix}-allow-smoke-test"
        sampled_requests_enabled   = true
      }
    }
  }

  dynamic "rule" {
    for_each = length(var.waf_allowed_ip_cidrs) > 0 ? [1] : []
    content {
      name     = "block-not-allow-listed"
      priority = 1

      action {
        block {}
      }

      statement {
        not_statement {
          statement {
            ip_set_reference_statement {
              arn = aws_wafv2_ip_set.allowed[0].arn
            }
          }
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name_prefix}-block-not-allow-listed"
        sampled_requests_enabled   = true
      }
    }
  }

  rule {
    name     = "rate-limit"
    priority = 2

    action {
      block {}
    }

    statement {
      rate_based_statement {
        limit              = var.waf_rate_limit
        aggregate_key_type = "IP"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-rate-limit"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWS-AWSManagedRulesCommonRuleSet"
    priority = 3

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesCommonRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-common"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWS-AWSManagedRulesSQLiRuleSet"
    priority = 4

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesSQLiRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-sqli"
      sampled_requests_enabled   = true
    }
  }

  rule {
    name     = "AWS-AWSManagedRulesKnownBadInputsRuleSet"
    priority = 5

    override_action {
      none {}
    }

    statement {
      managed_rule_group_statement {
        vendor_name = "AWS"
        name        = "AWSManagedRulesKnownBadInputsRuleSet"
      }
    }

    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "${local.name_prefix}-bad-inputs"
      sampled_requests_enabled   = true
    }
  }

  dynamic "rule" {
    for_each = length(var.waf_blocked_country_codes) > 0 ? [1] : []
    content {
      name     = "geo-block"
      priority = 6

      action {
        block {}
      }

      statement {
        geo_match_statement {
          country_codes = var.waf_blocked_country_codes
        }
      }

      visibility_config {
        cloudwatch_metrics_enabled = true
        metric_name                = "${local.name_prefix}-geo-block"
        sampled_requests_enabled   = true
      }
    }
  }

  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = "${local.name_prefix}-waf"
    sampled_requests_enabled   = true
  }

  tags = var.tags
}
