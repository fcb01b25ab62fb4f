# One image repository: lets the tests apply the "ecr" unit alone (-target=module.ecr).

terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

variable "name" {
  description = "Repository name."
  type        = string
}

resource "aws_ecr_repository" "this" {
  name         = var.name
  force_delete = true
}

output "repository_url" {
  description = "Repository URL."
  value       = aws_ecr_repository.this.repository_url
}
