terraform {
  # Ephemeral resources and outputs: 1.10; write-only arguments: 1.11.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Ephemeral aws_secretsmanager_random_password / aws_secretsmanager_secret_version
      # and secret_string_wo are in 5.100.0 (checked with `terraform providers schema -json`).
      version = "~> 5.100"
    }
  }
}
