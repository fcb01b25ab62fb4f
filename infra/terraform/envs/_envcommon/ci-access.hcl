# Wiring of the ci-access unit (modules/ci-access), the same in every environment:
# included by envs/<environment>/ci-access/terragrunt.hcl (with root.hcl). Values
# come from the environment's settings (../common.hcl).
#
# No dependency blocks, on purpose: the roles' ARNs come from the other modules'
# naming conventions, so an account admin applies this unit first, before any
# other unit exists (tools/check-terragrunt.mjs keeps it that way). The GitHub
# jobs then run everything else with these roles; none of them can change this
# unit (the infra role is denied IAM writes on the GitHub roles), and a destroy
# leaves it alone.
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//ci-access"
}

inputs = {
  github_repository  = local.settings.github_repository
  github_environment = local.settings.environment
  state_bucket_name  = local.settings.state_bucket
  assets_bucket_name = local.settings.assets_bucket_name
  # Production: staging's repositories, to promote their images.
  image_source_repository_arns = local.settings.image_source_repository_arns
}
