terraform {
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }

  # The pipeline runs `terraform init -backend-config=path=<repo>/.local-cloud/terraform/terraform.tfstate`.
  backend "local" {}
}
