provider "aws" {
  region = var.aws_region
  # No keys here: the local cloud enforces IAM, and the pipeline runs terraform with the session of the role of
  # the phase (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN), as a GitHub job would.
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  # moto's STS answers; asking for the account id avoids perpetual security group rule diffs.
  skip_requesting_account_id = false
  s3_use_path_style          = true
  max_retries                = var.aws_max_retries

  endpoints {
    acm                    = var.aws_endpoint
    applicationautoscaling = var.aws_endpoint
    cloudfront             = var.aws_endpoint
    cloudwatch             = var.aws_endpoint
    ec2                    = var.aws_endpoint
    ecr                    = var.aws_endpoint
    ecs                    = var.aws_endpoint
    elbv2                  = var.aws_endpoint
    iam                    = var.aws_endpoint
    kms                    = var.aws_endpoint
    logs                   = var.aws_endpoint
    rds                    = var.aws_endpoint
    route53                = var.aws_endpoint
    s3                     = var.aws_endpoint
    secretsmanager         = var.aws_endpoint
    sns                    = var.aws_endpoint
    ssm                    = var.aws_endpoint
    sts                    = var.aws_endpoint
    wafv2                  = var.aws_endpoint
  }

  default_tags {
    tags = local.tags
  }
}

provider "aws" {
  alias = "us_east_1"

  region = "us-east-1"
  # No keys here: the local cloud enforces IAM, and the pipeline runs terraform with the session of the role of
  # the phase (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN), as a GitHub job would.
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true
  max_retries                 = var.aws_max_retries

  endpoints {
    acm                    = var.aws_endpoint
    applicationautoscaling = var.aws_endpoint
    cloudfront             = var.aws_endpoint
    cloudwatch             = var.aws_endpoint
    ec2                    = var.aws_endpoint
    ecr                    = var.aws_endpoint
    ecs                    = var.aws_endpoint
    elbv2                  = var.aws_endpoint
    iam                    = var.aws_endpoint
    kms                    = var.aws_endpoint
    logs                   = var.aws_endpoint
    rds                    = var.aws_endpoint
    route53                = var.aws_endpoint
    s3                     = var.aws_endpoint
    secretsmanager         = var.aws_endpoint
    sns                    = var.aws_endpoint
    ssm                    = var.aws_endpoint
    sts                    = var.aws_endpoint
    wafv2                  = var.aws_endpoint
  }

  default_tags {
    tags = local.tags
  }
}
