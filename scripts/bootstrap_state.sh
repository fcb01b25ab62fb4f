#!/usr/bin/env bash
# Creates the Terraform state bucket of an environment's account, once: versioned, encrypted,
# public access blocked, TLS-only. Safe to run again.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") <staging|production>

Creates s3://<project>-<env>-tfstate-<account id> (the bucket infra/terraform/envs/root.hcl uses)
in the account of the current credentials: versioning on, SSE-S3 encryption, all public access
blocked, bucket owner enforced, a policy denying non-TLS requests. Existing buckets are brought
to that configuration; nothing is deleted.

Environment:
  AWS_REGION       region (default: deploy.yml's region)
  PROJECT          project name (default: deploy.yml's project)
  AWS_ENDPOINT_URL another endpoint for the AWS CLI (e.g. the local cloud)
USAGE
}

case "${1:-}" in
  -h | --help) usage; exit 0 ;;
  "") usage_error "expected <env>" ;;
esac
(($# == 1)) || usage_error "expected exactly one argument, <env>"
env_name="$1"
require_env_name "$env_name"
require_command aws "install the AWS CLI v2 (mise install awscli)"

project="${PROJECT:-$(config_value project)}"
region="${AWS_REGION:-$(config_value region)}"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"
account="$(aws sts get-caller-identity --query Account --output text)" || die "no usable AWS credentials"
bucket="$project-$env_name-tfstate-$account"

if aws s3api head-bucket --bucket "$bucket" >/dev/null 2>&1; then
  echo "State bucket s3://$bucket exists; checking its settings"
else
  echo "Creating state bucket s3://$bucket in $region"
  if [[ "$region" == "us-east-1" ]]; then
    aws s3api create-bucket --bucket "$bucket" >/dev/null
  else
    aws s3api create-bucket --bucket "$bucket" --create-bucket-configuration "LocationConstraint=$region" >/dev/null
  fi
fi

aws s3api put-bucket-versioning --bucket "$bucket" --versioning-configuration Status=Enabled
aws s3api put-bucket-encryption --bucket "$bucket" --server-side-encryption-configuration \
  '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"},"BucketKeyEnabled":true}]}'
aws s3api put-public-access-block --bucket "$bucket" --public-access-block-configuration \
  BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
aws s3api put-bucket-ownership-controls --bucket "$bucket" --ownership-controls \
  'Rules=[{ObjectOwnership=BucketOwnerEnforced}]'
aws s3api put-bucket-policy --bucket "$bucket" --policy "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyInsecureTransport\",\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::$bucket\",\"arn:aws:s3:::$bucket/*\"],\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"

echo "State bucket s3://$bucket: versioned, encrypted, public access blocked, TLS only"
