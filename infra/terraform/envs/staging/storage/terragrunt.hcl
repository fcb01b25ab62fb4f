include "root" {
  path   = find_in_parent_folders("root.hcl")
  expose = true
}

locals {
  env = include.root.locals.env
}

terraform {
  source = "../../../modules//storage"
}

dependency "edge" {
  config_path = "../edge"

  mock_outputs_allowed_terraform_commands = ["validate", "plan"]
  mock_outputs = {
    cloudfront_distribution_arn = "arn:aws:cloudfront::000000000000:distribution/EMOCK0000000"
  }
}

inputs = {
  bucket_name                 = local.env.assets_bucket_name
  cloudfront_distribution_arn = dependency.edge.outputs.cloudfront_distribution_arn
  force_destroy               = local.env.force_destroy
  enable_versioning           = local.env.enable_versioning
}
