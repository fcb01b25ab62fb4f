# Wiring of the compute unit (modules/compute), the same in every environment:
# included by envs/<environment>/compute/terragrunt.hcl (with root.hcl). Relative
# paths (terraform source, dependency config_path) resolve from that unit's
# folder; values come from the environment's settings (../common.hcl).
locals {
  environment = basename(dirname(find_in_parent_folders("env.hcl")))
  settings    = read_terragrunt_config(find_in_parent_folders("common.hcl")).locals.settings[local.environment]
}

terraform {
  source = "../../../modules//compute"
}

dependency "ecr" {
  config_path = "../ecr"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    ecr_repository_urls = {
      web = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/mock-web"
      api = "000000000000.dkr.ecr.ap-northeast-1.amazonaws.com/mock-api"
    }
  }
}

dependency "network" {
  config_path = "../network"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    vpc_id             = "vpc-00000000000000000"
    public_subnet_ids  = ["subnet-00000000000000001", "subnet-00000000000000002"]
    private_subnet_ids = ["subnet-00000000000000011", "subnet-00000000000000012"]
  }
}

dependency "security" {
  config_path = "../security"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    alb_security_group_id   = "sg-00000000000000001"
    ecs_security_group_id   = "sg-00000000000000002"
    task_execution_role_arn = "arn:aws:iam::000000000000:role/mock-execution"
    task_role_arn           = "arn:aws:iam::000000000000:role/mock-task"
  }
}

dependency "database" {
  config_path = "../database"

  mock_outputs_allowed_terraform_commands = ["validate", "plan", "destroy"]
  mock_outputs = {
    secret_parameter_arns = {
      DATABASE_URL = "arn:aws:ssm:ap-northeast-1:000000000000:parameter/mock/DATABASE_URL"
    }
  }
}

# business_hours: the environment's scheduled scaling actions (null = always on).
inputs = {
  vpc_id                  = dependency.network.outputs.vpc_id
  public_subnet_ids       = dependency.network.outputs.public_subnet_ids
  task_subnet_ids         = dependency.network.outputs.private_subnet_ids
  alb_security_group_id   = dependency.security.outputs.alb_security_group_id
  ecs_security_group_id   = dependency.security.outputs.ecs_security_group_id
  task_execution_role_arn = dependency.security.outputs.task_execution_role_arn
  task_role_arn           = dependency.security.outputs.task_role_arn
  ecr_repository_urls     = dependency.ecr.outputs.ecr_repository_urls
  container_secrets       = dependency.database.outputs.secret_parameter_arns
  services                = local.settings.services
  # The release tag the pipeline pushed (it sets DEPLOY_RELEASE_TAG on every Terragrunt run). Unset, the compute
  # module refuses the empty tag at plan time; static checks (terragrunt hcl validate) need no value.
  initial_image_tag       = get_env("DEPLOY_RELEASE_TAG", "")
  certificate_arn         = local.settings.alb_certificate_arn
  alb_deletion_protection = local.settings.alb_deletion_protection
  business_hours          = local.settings.business_hours
  memory_target_percent   = local.settings.memory_target_percent
  log_retention_days      = local.settings.log_retention_days
}
