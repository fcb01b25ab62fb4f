mock_provider "aws" {}

mock_provider "aws" {
  alias = "us_east_1"
}

override_resource {
  target          = aws_cloudfront_origin_access_control.assets
  override_during = plan
  values = {
    id = "E3OACEXAMPLE"
  }
}

variables {
  project                            = "bookmark-manager"
  environment                        = "production"
  assets_bucket_regional_domain_name = "bookmark-manager-production-assets.s3.ap-northeast-1.amazonaws.com"
  alb_dns_name                       = "bookmark-manager-production-alb-1.ap-northeast-1.elb.amazonaws.com"
  web_acl_arn                        = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/waf/1"
}

run "custom_domain_with_tls12" {
  command = plan

  variables {
    domain_names        = ["www.example.com"]
    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
    route53_zone_id     = "Z123"
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].viewer_certificate[0].minimum_protocol_version == "TLSv1.2_2021" && aws_cloudfront_distribution.this[0].viewer_certificate[0].ssl_support_method == "sni-only"
    error_message = "Viewer TLS must be 1.2+ (TLSv1.2_2021) with SNI."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].aliases == toset(["www.example.com"])
    error_message = "The custom domain is an alias."
  }

  assert {
    condition     = toset(keys(aws_route53_record.alias)) == toset(["www.example.com-A", "www.example.com-AAAA"])
    error_message = "A and AAAA alias records point at the distribution."
  }

  assert {
    condition     = length(aws_acm_certificate.this) == 0
    error_message = "An existing certificate is not recreated."
  }
}

run "certificate_is_created_in_us_east_1" {
  command = plan

  variables {
    domain_names    = ["www.example.com", "example.com"]
    route53_zone_id = "Z123"
  }

  assert {
    condition     = aws_acm_certificate.this[0].domain_name == "www.example.com" && aws_acm_certificate.this[0].validation_method == "DNS"
    error_message = "A DNS-validated certificate is requested."
  }
}

run "distribution_rules" {
  command = plan

  assert {
    condition     = aws_cloudfront_distribution.this[0].http_version == "http2" && aws_cloudfront_distribution.this[0].is_ipv6_enabled
    error_message = "HTTP/2 and IPv6 must be enabled."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].web_acl_id == var.web_acl_arn
    error_message = "The WAF web ACL is attached."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].price_class == "PriceClass_All"
    error_message = "Price class follows seed 002."
  }

  # default_origin = alb (the default): pages and API from the ALB, /assets/* from S3.
  assert {
    condition = (
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].target_origin_id == "alb" &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https" &&
      toset(aws_cloudfront_distribution.this[0].default_cache_behavior[0].allowed_methods) == toset(["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]) &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].origin_request_policy_id == "b689b0a8-53d0-40ab-baf2-68738e2966ac"
    )
    error_message = "The default behaviour sends pages to the ALB over HTTPS, all methods, with the API's policies (CachingDisabled, AllViewerExceptHostHeader)."
  }

  assert {
    condition = (
      length(aws_cloudfront_distribution.this[0].ordered_cache_behavior) == 2 &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[0].path_pattern == "/api/*" &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[0].target_origin_id == "alb" &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" &&
      contains(aws_cloudfront_distribution.this[0].ordered_cache_behavior[0].allowed_methods, "POST")
    )
    error_message = "/api/* goes to the ALB origin, not cached (CachingDisabled), all methods."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[1].path_pattern == "/assets/*" &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[1].target_origin_id == "s3-assets" &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[1].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" &&
      toset(aws_cloudfront_distribution.this[0].ordered_cache_behavior[1].allowed_methods) == toset(["GET", "HEAD", "OPTIONS"]) &&
      aws_cloudfront_distribution.this[0].ordered_cache_behavior[1].viewer_protocol_policy == "redirect-to-https"
    )
    error_message = "/assets/* (hashed static files) comes from S3, cached (CachingOptimized), read-only methods."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this[0].custom_error_response) == 0
    error_message = "No custom error responses with the ALB default: an API or page 404 reaches the client."
  }

  assert {
    condition     = length(flatten([for o in aws_cloudfront_distribution.this[0].origin : o.custom_header])) == 0
    error_message = "No origin header unless origin_verify_header is set."
  }

  assert {
    condition     = [for o in aws_cloudfront_distribution.this[0].origin : o.origin_access_control_id if o.origin_id == "s3-assets"][0] == "E3OACEXAMPLE"
    error_message = "The S3 origin uses Origin Access Control."
  }

  assert {
    condition     = aws_cloudfront_origin_access_control.assets[0].signing_behavior == "always" && aws_cloudfront_origin_access_control.assets[0].origin_access_control_origin_type == "s3"
    error_message = "OAC signs every request."
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this[0].origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == "alb"]) == "https-only"
    error_message = "CloudFront reaches the ALB over HTTPS by default."
  }

  assert {
    condition     = length(aws_cloudfront_distribution.local_cloud) == 0
    error_message = "The local-cloud variant is off by default."
  }
}

run "local_cloud_variant" {
  command = plan

  variables {
    environment                 = "local"
    ignore_changes_after_create = true
  }

  assert {
    condition     = length(aws_cloudfront_distribution.this) == 0 && length(aws_cloudfront_distribution.local_cloud) == 1
    error_message = "Local uses the create-only distribution."
  }
}

# D1: cloudfront.tf has the distribution twice, "this" (AWS) and "local_cloud"
# (the same with lifecycle { ignore_changes = all }, for moto), because Terraform
# has no conditional lifecycle. The two bodies must stay identical. The helper
# module tests/twin reads them as written and drops only what may differ (the
# count line, the lifecycle block, comments, blank lines): an argument, block or
# value changed in one copy only (origins, behaviours, error responses, root
# object, certificate, logging, ...) fails here, whatever the inputs.
run "twin_distributions_are_identical" {
  command = plan

  module {
    source = "./tests/twin"
  }

  assert {
    condition     = output.bodies["this"] == output.bodies["local_cloud"]
    error_message = "aws_cloudfront_distribution.this and .local_cloud in cloudfront.tf differ in more than count and lifecycle: make the same change in both."
  }

  assert {
    condition     = output.top_level_blocks["this"] == ["origin", "origin", "default_cache_behavior", "ordered_cache_behavior", "dynamic \"ordered_cache_behavior\"", "dynamic \"custom_error_response\"", "dynamic \"logging_config\"", "restrictions", "viewer_certificate"]
    error_message = "The comparison sees every block of the distribution (update this list when a block is added)."
  }

  assert {
    condition     = strcontains(output.raw_bodies["local_cloud"], "ignore_changes = all") && !strcontains(output.raw_bodies["this"], "lifecycle")
    error_message = "Only the local-cloud copy ignores changes."
  }
}

# The guard itself: it ignores count, lifecycle and comments, and catches a changed value.
run "twin_guard_ignores_count_lifecycle_and_comments" {
  command = plan

  module {
    source = "./tests/twin"
  }

  variables {
    source_file = "tests/twin/fixtures/in_sync.tf.txt"
  }

  assert {
    condition     = output.bodies["this"] == output.bodies["local_cloud"]
    error_message = "Copies that differ only in count, lifecycle and comments are in sync."
  }
}

run "twin_guard_catches_drift" {
  command = plan

  module {
    source = "./tests/twin"
  }

  variables {
    source_file = "tests/twin/fixtures/drifted.tf.txt"
  }

  assert {
    condition     = output.bodies["this"] != output.bodies["local_cloud"]
    error_message = "A value changed in one copy only is a difference."
  }
}

# And what the local-cloud copy renders: the same as the AWS variant (distribution_rules).
run "local_cloud_variant_renders_the_same_settings" {
  command = plan

  variables {
    environment                 = "local"
    ignore_changes_after_create = true
    origin_verify_header        = { name = "X-Origin-Verify", value = "0123456789abcdef" }
  }

  assert {
    condition = (
      aws_cloudfront_distribution.local_cloud[0].default_root_object == "index.html" &&
      aws_cloudfront_distribution.local_cloud[0].http_version == "http2" &&
      aws_cloudfront_distribution.local_cloud[0].is_ipv6_enabled &&
      aws_cloudfront_distribution.local_cloud[0].web_acl_id == var.web_acl_arn &&
      aws_cloudfront_distribution.local_cloud[0].price_class == "PriceClass_All"
    )
    error_message = "Root object, HTTP/2, IPv6, WAF and price class as in AWS."
  }

  assert {
    condition = (
      toset([for o in aws_cloudfront_distribution.local_cloud[0].origin : o.origin_id]) == toset(["s3-assets", "alb"]) &&
      [for o in aws_cloudfront_distribution.local_cloud[0].origin : o.origin_access_control_id if o.origin_id == "s3-assets"][0] == "E3OACEXAMPLE"
    )
    error_message = "The same two origins, S3 with OAC."
  }

  assert {
    condition = (
      aws_cloudfront_distribution.local_cloud[0].default_cache_behavior[0].target_origin_id == "alb" &&
      aws_cloudfront_distribution.local_cloud[0].default_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" &&
      [for b in aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior : [b.path_pattern, b.target_origin_id]] == [["/api/*", "alb"], ["/assets/*", "s3-assets"]] &&
      aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior[0].cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" &&
      length(aws_cloudfront_distribution.local_cloud[0].custom_error_response) == 0
    )
    error_message = "The same behaviours: the ALB by default, /api/* uncached to the ALB, /assets/* from S3, no error responses."
  }

  assert {
    condition     = [for o in aws_cloudfront_distribution.local_cloud[0].origin : [for h in o.custom_header : h.name] if o.origin_id == "alb"] == [["X-Origin-Verify"]]
    error_message = "The same origin header on the ALB origin."
  }
}

run "local_cloud_variant_renders_the_spa_shape_too" {
  command = plan

  variables {
    environment                 = "local"
    ignore_changes_after_create = true
    default_origin              = "s3"
    spa_fallback                = true
  }

  assert {
    condition = (
      aws_cloudfront_distribution.local_cloud[0].default_cache_behavior[0].target_origin_id == "s3-assets" &&
      [for b in aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior : b.path_pattern] == ["/api/*"] &&
      toset([for e in aws_cloudfront_distribution.local_cloud[0].custom_error_response : e.error_code]) == toset([403, 404]) &&
      alltrue([for e in aws_cloudfront_distribution.local_cloud[0].custom_error_response : e.response_page_path == "/index.html" && e.response_code == 200])
    )
    error_message = "The same SPA shape: S3 by default, /api/* to the ALB, 403/404 to /index.html."
  }
}

run "rejects_old_tls" {
  command = plan

  variables {
    minimum_protocol_version = "TLSv1"
  }

  expect_failures = [var.minimum_protocol_version]
}

# --- the SPA-only shape (default_origin = s3) -------------------------------------

run "s3_default_with_spa_fallback_keeps_the_spa_shape" {
  command = plan

  variables {
    default_origin = "s3"
    spa_fallback   = true
  }

  assert {
    condition = (
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].target_origin_id == "s3-assets" &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].cache_policy_id == "658327ea-f89d-4fab-a63d-7e88639e58f6" &&
      toset(aws_cloudfront_distribution.this[0].default_cache_behavior[0].allowed_methods) == toset(["GET", "HEAD", "OPTIONS"]) &&
      aws_cloudfront_distribution.this[0].default_cache_behavior[0].origin_request_policy_id == null
    )
    error_message = "Everything but /api/* comes from S3, cached, read-only methods."
  }

  assert {
    condition     = [for b in aws_cloudfront_distribution.this[0].ordered_cache_behavior : [b.path_pattern, b.target_origin_id]] == [["/api/*", "alb"]]
    error_message = "Only /api/* goes to the ALB (no separate assets behaviour)."
  }

  assert {
    condition = (
      toset([for e in aws_cloudfront_distribution.this[0].custom_error_response : e.error_code]) == toset([403, 404]) &&
      alltrue([for e in aws_cloudfront_distribution.this[0].custom_error_response : e.response_page_path == "/index.html" && e.response_code == 200])
    )
    error_message = "403 and 404 map to /index.html (SPA)."
  }
}

run "s3_default_without_spa_fallback" {
  command = plan

  variables {
    default_origin = "s3"
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].default_cache_behavior[0].target_origin_id == "s3-assets" && length(aws_cloudfront_distribution.this[0].custom_error_response) == 0
    error_message = "spa_fallback is off by default."
  }
}

run "rejects_spa_fallback_with_the_alb_default" {
  command = plan

  variables {
    spa_fallback = true
  }

  expect_failures = [var.spa_fallback]
}

run "assets_path_is_configurable" {
  command = plan

  variables {
    assets_path_pattern = "/_app/*"
  }

  assert {
    condition     = [for b in aws_cloudfront_distribution.this[0].ordered_cache_behavior : [b.path_pattern, b.target_origin_id]] == [["/api/*", "alb"], ["/_app/*", "s3-assets"]]
    error_message = "assets_path_pattern names the S3 behaviour."
  }
}

run "rejects_assets_path_catching_everything" {
  command = plan

  variables {
    assets_path_pattern = "/*"
  }

  expect_failures = [var.assets_path_pattern]
}

# --- the origin header and the protocol to the ALB ---------------------------------

run "origin_header_in_the_alb_origin" {
  command = plan

  variables {
    origin_verify_header = { name = "X-Origin-Verify", value = "0123456789abcdef0123456789abcdef" }
  }

  assert {
    condition     = [for o in aws_cloudfront_distribution.this[0].origin : [for h in o.custom_header : { name = h.name, value = h.value }] if o.origin_id == "alb"] == [[{ name = "X-Origin-Verify", value = "0123456789abcdef0123456789abcdef" }]]
    error_message = "The ALB origin carries the origin header with the secret."
  }

  assert {
    condition     = [for o in aws_cloudfront_distribution.this[0].origin : length(o.custom_header) if o.origin_id == "s3-assets"] == [0]
    error_message = "The S3 origin gets no origin header."
  }
}

run "rejects_http_only_in_production" {
  command = plan

  variables {
    alb_origin_protocol_policy = "http-only"
  }

  expect_failures = [var.alb_origin_protocol_policy]
}

run "http_only_outside_production" {
  command = plan

  variables {
    environment                = "staging"
    alb_origin_protocol_policy = "http-only"
  }

  assert {
    condition     = one([for o in aws_cloudfront_distribution.this[0].origin : o.custom_origin_config[0].origin_protocol_policy if o.origin_id == "alb"]) == "http-only"
    error_message = "Staging (no ALB certificate) may reach the ALB over HTTP."
  }
}
