# Wiring of the ecr unit (modules/ecr), the same in every environment:
# included by envs/<environment>/ecr/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//ecr"
}

inputs = {
  repositories = ["web", "api"]
  force_delete = local.settings.force_destroy
  # The deploy roles of the environments promoting these images (staging's: production's).
  pull_principal_arns = local.settings.image_pull_principal_arns
}
