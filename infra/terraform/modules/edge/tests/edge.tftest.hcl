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

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].ordered_cache_behavior).path_pattern == "/api/*" && one(aws_cloudfront_distribution.this[0].ordered_cache_behavior).target_origin_id == "alb"
    error_message = "/api/* goes to the ALB origin."
  }

  assert {
    condition     = one(aws_cloudfront_distribution.this[0].ordered_cache_behavior).cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad" && contains(one(aws_cloudfront_distribution.this[0].ordered_cache_behavior).allowed_methods, "POST")
    error_message = "/api/* is not cached (CachingDisabled) and allows all methods."
  }

  assert {
    condition     = aws_cloudfront_distribution.this[0].default_cache_behavior[0].target_origin_id == "s3-assets" && aws_cloudfront_distribution.this[0].default_cache_behavior[0].viewer_protocol_policy == "redirect-to-https"
    error_message = "Everything else comes from S3 over HTTPS."
  }

  assert {
    condition = (
      toset([for e in aws_cloudfront_distribution.this[0].custom_error_response : e.error_code]) == toset([403, 404]) &&
      alltrue([for e in aws_cloudfront_distribution.this[0].custom_error_response : e.response_page_path == "/index.html" && e.response_code == 200])
    )
    error_message = "403 and 404 map to /index.html (SPA)."
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
    condition     = output.top_level_blocks["this"] == ["origin", "origin", "default_cache_behavior", "ordered_cache_behavior", "dynamic \"custom_error_response\"", "dynamic \"logging_config\"", "restrictions", "viewer_certificate"]
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
      aws_cloudfront_distribution.local_cloud[0].default_cache_behavior[0].target_origin_id == "s3-assets" &&
      one(aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior).path_pattern == "/api/*" &&
      one(aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior).target_origin_id == "alb" &&
      one(aws_cloudfront_distribution.local_cloud[0].ordered_cache_behavior).cache_policy_id == "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"
    )
    error_message = "The same behaviours: S3 by default, /api/* uncached to the ALB."
  }

  assert {
    condition = (
      toset([for e in aws_cloudfront_distribution.local_cloud[0].custom_error_response : e.error_code]) == toset([403, 404]) &&
      alltrue([for e in aws_cloudfront_distribution.local_cloud[0].custom_error_response : e.response_page_path == "/index.html" && e.response_code == 200])
    )
    error_message = "The same SPA error responses."
  }
}

run "rejects_old_tls" {
  command = plan

  variables {
    minimum_protocol_version = "TLSv1"
  }

  expect_failures = [var.minimum_protocol_version]
}
