mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }
}

override_resource {
  target          = aws_s3_bucket.assets
  override_during = plan
  values = {
    id  = "bookmark-manager-staging-assets-123456789012"
    arn = "arn:aws:s3:::bookmark-manager-staging-assets-123456789012"
  }
}

override_resource {
  target          = aws_s3_bucket.logs
  override_during = plan
  values = {
    id  = "bookmark-manager-staging-assets-123456789012-logs"
    arn = "arn:aws:s3:::bookmark-manager-staging-assets-123456789012-logs"
  }
}

variables {
  project                     = "bookmark-manager"
  environment                 = "staging"
  cloudfront_distribution_arn = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
  force_destroy               = true
}

run "assets_bucket_is_private" {
  command = plan

  assert {
    condition     = aws_s3_bucket.assets.bucket == "bookmark-manager-staging-assets-123456789012"
    error_message = "Default bucket name is <project>-<env>-assets-<account>."
  }

  assert {
    condition = (
      aws_s3_bucket_public_access_block.assets.block_public_acls &&
      aws_s3_bucket_public_access_block.assets.block_public_policy &&
      aws_s3_bucket_public_access_block.assets.ignore_public_acls &&
      aws_s3_bucket_public_access_block.assets.restrict_public_buckets
    )
    error_message = "All public access must be blocked."
  }

  assert {
    condition     = aws_s3_bucket_ownership_controls.assets.rule[0].object_ownership == "BucketOwnerEnforced"
    error_message = "ACLs disabled (bucket owner enforced)."
  }

  assert {
    condition     = one(one(aws_s3_bucket_server_side_encryption_configuration.assets.rule).apply_server_side_encryption_by_default).sse_algorithm == "AES256"
    error_message = "Server-side encryption must be on."
  }

  assert {
    condition     = aws_s3_bucket_versioning.assets.versioning_configuration[0].status == "Suspended"
    error_message = "Versioning is off by default (seed 002)."
  }

  assert {
    condition     = aws_s3_bucket_lifecycle_configuration.assets[0].rule[0].noncurrent_version_expiration[0].noncurrent_days == 7
    error_message = "Old versions are deleted after 7 days."
  }

  assert {
    condition     = aws_s3_bucket.assets.force_destroy == true
    error_message = "force_destroy is passed through (staging)."
  }
}

run "bucket_policy_allows_only_the_distribution" {
  command = plan

  assert {
    condition     = length([for s in jsondecode(aws_s3_bucket_policy.assets[0].policy).Statement : s if s.Effect == "Allow"]) == 1
    error_message = "Exactly one Allow statement."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_s3_bucket_policy.assets[0].policy).Statement : (
      s.Principal.Service == "cloudfront.amazonaws.com" &&
      s.Action == "s3:GetObject" &&
      s.Resource == "arn:aws:s3:::bookmark-manager-staging-assets-123456789012/*" &&
      s.Condition.StringEquals["AWS:SourceArn"] == "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
    ) if s.Effect == "Allow"])
    error_message = "Only the CloudFront distribution (OAC, SourceArn) may read objects."
  }

  assert {
    condition     = [for s in jsondecode(aws_s3_bucket_policy.assets[0].policy).Statement : s.Condition.Bool["aws:SecureTransport"] if s.Effect == "Deny"][0] == "false"
    error_message = "Plain HTTP access is denied."
  }
}

run "access_log_bucket" {
  command = plan

  assert {
    condition     = aws_s3_bucket.logs[0].bucket == "bookmark-manager-staging-assets-123456789012-logs" && aws_s3_bucket_public_access_block.logs[0].block_public_policy
    error_message = "A private access log bucket exists."
  }

  assert {
    condition     = aws_s3_bucket_logging.assets[0].target_bucket == "bookmark-manager-staging-assets-123456789012-logs"
    error_message = "The assets bucket logs to the log bucket."
  }
}

run "rejects_a_non_distribution_arn" {
  command = plan

  variables {
    cloudfront_distribution_arn = "arn:aws:s3:::not-a-distribution"
  }

  expect_failures = [var.cloudfront_distribution_arn]
}
