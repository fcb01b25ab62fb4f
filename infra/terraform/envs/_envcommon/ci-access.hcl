# Wiring of the ci-access unit (modules/ci-access), the same in every environment:
# included by envs/<environment>/ci-access/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//ci-access"
}

dependency "ecr" {
  config_path = "../ecr"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    ecr_repository_arns = {
      web = "arn:aws:ecr:ap-northeast-1:000000000000:repository/mock-web"
      api = "arn:aws:ecr:ap-northeast-1:000000000000:repository/mock-api"
    }
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    task_execution_role_arn = "arn:aws:iam::000000000000:role/mock-execution"
    task_role_arn           = "arn:aws:iam::000000000000:role/mock-task"
  }
}

dependency "compute" {
  config_path = "../compute"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    ecs_cluster_name             = "mock-cluster"
    ecs_cluster_arn              = "arn:aws:ecs:ap-northeast-1:000000000000:cluster/mock-cluster"
    ecs_service_arns             = { web = "arn:aws:ecs:ap-northeast-1:000000000000:service/mock-cluster/mock-web" }
    ecs_task_definition_families = { web = "mock-web", api = "mock-api" }
    log_group_arns               = { web = "arn:aws:logs:ap-northeast-1:000000000000:log-group:/ecs/mock-web" }
  }
}

dependency "storage" {
  config_path = "../storage"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    assets_bucket_arn = "arn:aws:s3:::mock-assets"
  }
}

dependency "edge" {
  config_path = "../edge"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    cloudfront_distribution_arn = "arn:aws:cloudfront::000000000000:distribution/EMOCK0000000"
  }
}

inputs = {
  github_repository            = local.settings.github_repository
  github_branch                = local.settings.github_branch
  github_environment           = local.settings.environment
  ecr_repository_arns          = values(dependency.ecr.outputs.ecr_repository_arns)
  ecs_cluster_name             = dependency.compute.outputs.ecs_cluster_name
  ecs_cluster_arn              = dependency.compute.outputs.ecs_cluster_arn
  ecs_service_arns             = values(dependency.compute.outputs.ecs_service_arns)
  ecs_task_definition_families = values(dependency.compute.outputs.ecs_task_definition_families)
  log_group_arns               = values(dependency.compute.outputs.log_group_arns)
  pass_role_arns               = [dependency.security.outputs.task_execution_role_arn, dependency.security.outputs.task_role_arn]
  assets_bucket_arn            = dependency.storage.outputs.assets_bucket_arn
  cloudfront_distribution_arn  = dependency.edge.outputs.cloudfront_distribution_arn
  state_bucket_name            = local.settings.state_bucket
}
