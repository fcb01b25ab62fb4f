# Empty proxy block for the us-east-1 provider (CloudFront-scoped WAF / ACM).
# It only exists so that `terraform validate` works with this folder as the root
# module. Callers pass `aws.us_east_1` in `providers = {}`; Terragrunt's root.hcl
# generates a file with this same name (if_exists = "overwrite") that replaces it
# with the real provider configurations.
provider "aws" {
  alias = "us_east_1"
}
