resource "aws_cloudfront_origin_access_control" "assets" {
  count = var.s3_origin_access == "oac" ? 1 : 0

  name                              = "${local.name_prefix}-assets"
  description                       = "CloudFront -> S3 assets of ${local.name_prefix}"
  origin_access_control_origin_type = "s3"
  signing_behavior                  = "always"
  signing_protocol                  = "sigv4"
}

resource "aws_cloudfront_distribution" "this" {
  count = var.ignore_changes_after_create ? 0 : 1

  enabled             = true
  comment             = "${local.name_prefix} web + api"
  aliases             = var.domain_names
  price_class         = var.price_class
  http_version        = "http2"
  is_ipv6_enabled     = true
  default_root_object = var.default_root_object
  web_acl_id          = var.web_acl_arn
  wait_for_deployment = var.wait_for_deployment

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = var.assets_bucket_regional_domain_name
    origin_access_control_id = var.s3_origin_access == "oac" ? aws_cloudfront_origin_access_control.assets[0].id : null

    # Without OAC (local only) an empty origin access identity keeps the origin an S3 origin.
    dynamic "s3_origin_config" {
      for_each = var.s3_origin_access == "oac" ? [] : [1]
      content {
        origin_access_identity = ""
      }
    }
  }

  origin {
    origin_id   = local.alb_origin_id
    domain_name = coalesce(var.alb_origin_domain_name, var.alb_dns_name)

    # The secret the ALB's listener rules require (compute: require_origin_header).
    dynamic "custom_header" {
      for_each = local.alb_origin_headers
      content {
        name  = custom_header.value.name
        value = custom_header.value.value
      }
    }

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.alb_origin_protocol_policy
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # default_origin = alb: pages to the ALB, never cached, everything forwarded.
  # s3: static files from S3, cached (SPA-only shape).
  default_cache_behavior {
    target_origin_id         = local.default_behavior.target_origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = local.default_behavior.allowed_methods
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = local.default_behavior.cache_policy_id
    origin_request_policy_id = local.default_behavior.origin_request_policy_id
  }

  # API to the ALB, never cached, everything forwarded.
  ordered_cache_behavior {
    path_pattern             = var.api_path_pattern
    target_origin_id         = local.alb_origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = local.all_methods
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = var.api_cache_policy_id
    origin_request_policy_id = var.api_origin_request_policy_id
  }

  # default_origin = alb: hashed static files from S3, cached. The API's
  # pattern and this one are disjoint, so their order decides nothing.
  dynamic "ordered_cache_behavior" {
    for_each = local.assets_behaviors
    content {
      path_pattern           = ordered_cache_behavior.key
      target_origin_id       = ordered_cache_behavior.value.target_origin_id
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ordered_cache_behavior.value.allowed_methods
      cached_methods         = ["GET", "HEAD"]
      compress               = true
      cache_policy_id        = ordered_cache_behavior.value.cache_policy_id
    }
  }

  # SPA routing (seed 002, default_origin = s3 only): unknown paths are served index.html.
  dynamic "custom_error_response" {
    for_each = var.spa_fallback ? [403, 404] : []
    content {
      error_code            = custom_error_response.value
      response_code         = 200
      response_page_path    = "/${var.default_root_object}"
      error_caching_min_ttl = 10
    }
  }

  dynamic "logging_config" {
    for_each = var.access_log_bucket_domain_name == null ? [] : [1]
    content {
      bucket          = var.access_log_bucket_domain_name
      prefix          = "cloudfront/"
      include_cookies = false
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.custom_domain ? false : true
    acm_certificate_arn            = local.custom_domain ? local.certificate_arn : null
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.minimum_protocol_version
  }

  tags = var.tags
}

# Local cloud only (ignore_changes_after_create = true): moto answers with a
# distribution that differs from the request (drops OriginAccessControlId and
# S3OriginConfig, adds ForwardedValues and SslSupportMethod), so every plan
# would show a diff. This copy is created from the same settings and then
# left alone. Keep both resources in sync: the test
# twin_distributions_are_identical (tests/edge.tftest.hcl) fails when their
# bodies differ in more than count and lifecycle.
resource "aws_cloudfront_distribution" "local_cloud" {
  count = var.ignore_changes_after_create ? 1 : 0

  enabled             = true
  comment             = "${local.name_prefix} web + api"
  aliases             = var.domain_names
  price_class         = var.price_class
  http_version        = "http2"
  is_ipv6_enabled     = true
  default_root_object = var.default_root_object
  web_acl_id          = var.web_acl_arn
  wait_for_deployment = var.wait_for_deployment

  origin {
    origin_id                = local.s3_origin_id
    domain_name              = var.assets_bucket_regional_domain_name
    origin_access_control_id = var.s3_origin_access == "oac" ? aws_cloudfront_origin_access_control.assets[0].id : null

    # Without OAC (local only) an empty origin access identity keeps the origin an S3 origin.
    dynamic "s3_origin_config" {
      for_each = var.s3_origin_access == "oac" ? [] : [1]
      content {
        origin_access_identity = ""
      }
    }
  }

  origin {
    origin_id   = local.alb_origin_id
    domain_name = coalesce(var.alb_origin_domain_name, var.alb_dns_name)

    # The secret the ALB's listener rules require (compute: require_origin_header).
    dynamic "custom_header" {
      for_each = local.alb_origin_headers
      content {
        name  = custom_header.value.name
        value = custom_header.value.value
      }
    }

    custom_origin_config {
      http_port              = 80
      https_port             = 443
      origin_protocol_policy = var.alb_origin_protocol_policy
      origin_ssl_protocols   = ["TLSv1.2"]
    }
  }

  # default_origin = alb: pages to the ALB, never cached, everything forwarded.
  # s3: static files from S3, cached (SPA-only shape).
  default_cache_behavior {
    target_origin_id         = local.default_behavior.target_origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = local.default_behavior.allowed_methods
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = local.default_behavior.cache_policy_id
    origin_request_policy_id = local.default_behavior.origin_request_policy_id
  }

  # API to the ALB, never cached, everything forwarded.
  ordered_cache_behavior {
    path_pattern             = var.api_path_pattern
    target_origin_id         = local.alb_origin_id
    viewer_protocol_policy   = "redirect-to-https"
    allowed_methods          = local.all_methods
    cached_methods           = ["GET", "HEAD"]
    compress                 = true
    cache_policy_id          = var.api_cache_policy_id
    origin_request_policy_id = var.api_origin_request_policy_id
  }

  # default_origin = alb: hashed static files from S3, cached. The API's
  # pattern and this one are disjoint, so their order decides nothing.
  dynamic "ordered_cache_behavior" {
    for_each = local.assets_behaviors
    content {
      path_pattern           = ordered_cache_behavior.key
      target_origin_id       = ordered_cache_behavior.value.target_origin_id
      viewer_protocol_policy = "redirect-to-https"
      allowed_methods        = ordered_cache_behavior.value.allowed_methods
      cached_methods         = ["GET", "HEAD"]
      compress               = true
      cache_policy_id        = ordered_cache_behavior.value.cache_policy_id
    }
  }

  # SPA routing (seed 002, default_origin = s3 only): unknown paths are served index.html.
  dynamic "custom_error_response" {
    for_each = var.spa_fallback ? [403, 404] : []
    content {
      error_code            = custom_error_response.value
      response_code         = 200
      response_page_path    = "/${var.default_root_object}"
      error_caching_min_ttl = 10
    }
  }

  dynamic "logging_config" {
    for_each = var.access_log_bucket_domain_name == null ? [] : [1]
    content {
      bucket          = var.access_log_bucket_domain_name
      prefix          = "cloudfront/"
      include_cookies = false
    }
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = local.custom_domain ? false : true
    acm_certificate_arn            = local.custom_domain ? local.certificate_arn : null
    ssl_support_method             = local.custom_domain ? "sni-only" : null
    minimum_protocol_version       = local.minimum_protocol_version
  }

  tags = var.tags

  lifecycle {
    ignore_changes = all
  }
}
