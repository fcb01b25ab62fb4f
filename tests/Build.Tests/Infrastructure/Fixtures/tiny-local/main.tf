# A tiny local root for the runner's integration tests: one bucket, one SSM parameter and (in module
# "ecr") one image repository in moto,
# with outputs named as in the output contract (infra/terraform/OUTPUTS.md).

terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # The runner passes -backend-config=path=<state file>.
  backend "local" {}
}

variable "aws_endpoint" {
  description = "moto_server endpoint (set by the runner as TF_VAR_aws_endpoint)."
  type        = string
}

variable "aws_region" {
  description = "Region moto pretends to be."
  type        = string
  default     = "ap-northeast-1"
}

variable "name_prefix" {
  description = "Prefix of every name, so that tests sharing one moto do not collide."
  type        = string
  default     = "tiny"
}

variable "bucket_suffix" {
  description = "Part of the bucket name; changing it replaces the bucket (used to test the destroy guard)."
  type        = string
  default     = "a"
}

variable "release" {
  description = "Value of the SSM parameter; changing it is an in-place update."
  type        = string
  default     = "one"
}

provider "aws" {
  region                      = var.aws_region
  access_key                  = "test"
  secret_key                  = "test"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
  skip_requesting_account_id  = true
  s3_use_path_style           = true
  max_retries                 = 1

  endpoints {
    ecr = var.aws_endpoint
    s3  = var.aws_endpoint
    ssm = var.aws_endpoint
    sts = var.aws_endpoint
  }
}

resource "aws_s3_bucket" "assets" {
  bucket        = "${var.name_prefix}-assets-${var.bucket_suffix}"
  force_destroy = true
}

resource "aws_ssm_parameter" "release" {
  name  = "/${var.name_prefix}/local/release"
  type  = "String"
  value = var.release
}

module "ecr" {
  source = "./modules/ecr"
  name   = "${var.name_prefix}/api"
}

output "ecr_repository_urls" {
  description = "Map of image name to ECR repository URL."
  value       = { api = module.ecr.repository_url }
}

output "assets_bucket_name" {
  description = "Bucket for static assets."
  value       = aws_s3_bucket.assets.bucket
}

output "ssm_parameter_names" {
  description = "Map of key to SSM parameter name."
  value       = { release = aws_ssm_parameter.release.name }
}
