include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//ecr"
}

inputs = {
  repositories = ["web", "api"]
  force_delete = local.env.force_destroy
}
