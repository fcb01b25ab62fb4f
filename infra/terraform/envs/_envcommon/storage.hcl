# Wiring of the storage unit (modules/storage), the same in every environment:
# included by envs/<environment>/storage/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//storage"
}

dependency "edge" {
  config_path = "../edge"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    cloudfront_distribution_arn = "arn:aws:cloudfront::000000000000:distribution/EMOCK0000000"
  }
}

inputs = {
  bucket_name                 = local.settings.assets_bucket_name
  cloudfront_distribution_arn = dependency.edge.outputs.cloudfront_distribution_arn
  force_destroy               = local.settings.force_destroy
  enable_versioning           = local.settings.enable_versioning
}
