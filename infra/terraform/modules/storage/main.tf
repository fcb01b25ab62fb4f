locals {
  name_prefix     = "${var.project}-${var.environment}"
  bucket_name     = coalesce(var.bucket_name, "${local.name_prefix}-assets-${data.aws_caller_identity.current.account_id}")
  log_bucket_name = coalesce(var.log_bucket_name, "${local.bucket_name}-logs")

  access_log_prefix = "s3/${local.bucket_name}/"
}

data "aws_caller_identity" "current" {}
