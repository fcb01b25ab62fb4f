mock_provider "aws" {
  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  mock_data "aws_region" {
    defaults = {
      name = "ap-northeast-1"
    }
  }

  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }
}

override_resource {
  target          = aws_iam_openid_connect_provider.github
  override_during = plan
  values = {
    arn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }
}

variables {
  project                      = "bookmark-manager"
  environment                  = "production"
  github_repository            = "example-org/deploy-pipeline"
  github_branch                = "production"
  ecr_repository_arns          = ["arn:aws:ecr:ap-northeast-1:123456789012:repository/bookmark-manager-production-web", "arn:aws:ecr:ap-northeast-1:123456789012:repository/bookmark-manager-production-api"]
  ecs_cluster_name             = "bookmark-manager-production-cluster"
  ecs_cluster_arn              = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/bookmark-manager-production-cluster"
  ecs_service_arns             = ["arn:aws:ecs:ap-northeast-1:123456789012:service/bookmark-manager-production-cluster/bookmark-manager-production-web"]
  ecs_task_definition_families = ["bookmark-manager-production-web", "bookmark-manager-production-api"]
  pass_role_arns               = ["arn:aws:iam::123456789012:role/exec", "arn:aws:iam::123456789012:role/task"]
  assets_bucket_arn            = "arn:aws:s3:::bookmark-manager-production-assets"
  cloudfront_distribution_arn  = "arn:aws:cloudfront::123456789012:distribution/E2EXAMPLE"
  state_bucket_name            = "bookmark-manager-production-tfstate"
  log_group_arns               = ["arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/bookmark-manager-production-api"]
}

run "trust_is_limited_to_repository_and_branch" {
  command = plan

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && contains(aws_iam_openid_connect_provider.github[0].client_id_list, "sts.amazonaws.com")
    error_message = "GitHub OIDC provider with the STS audience."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"] == ["repo:example-org/deploy-pipeline:ref:refs/heads/production"]
    error_message = "Only the production branch of this repository may assume the role."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com"
    error_message = "The audience must be sts.amazonaws.com."
  }

  assert {
    condition     = jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
    error_message = "Trust goes to the GitHub OIDC provider."
  }

  assert {
    condition     = !strcontains(aws_iam_role.deploy.assume_role_policy, "*")
    error_message = "No wildcard in the trust policy."
  }
}

run "deploy_policy_is_least_privilege" {
  command = plan

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement :
    !(contains(flatten([s.Action]), "*") && contains(flatten([s.Resource]), "*"))])
    error_message = "No statement allows action * on resource *."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement :
    [for a in flatten([s.Action]) : a != "*" && !endswith(a, ":*")]]))
    error_message = "No wildcard actions (service:*) at all."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement :
      contains(["EcrLogin", "EcsTaskDefinitions", "EcsListTasks", "SmokeTestTargets"], s.Sid)
    if contains(flatten([s.Resource]), "*")])
    error_message = "Only the actions without resource-level permissions use Resource *."
  }

  assert {
    condition     = jsonencode([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Condition if contains(flatten([s.Action]), "ecs:TagResource")]) == jsonencode([{ StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" } }])
    error_message = "ecs:TagResource only for tags sent with RegisterTaskDefinition."
  }

  assert {
    condition     = jsonencode([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "PassTaskRoles"][0]) == jsonencode(var.pass_role_arns)
    error_message = "iam:PassRole only on the two task roles."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Condition.StringEquals["iam:PassedToService"] if s.Sid == "PassTaskRoles"][0] == "ecs-tasks.amazonaws.com"
    error_message = "The task roles may only be passed to ECS tasks."
  }

  assert {
    condition     = jsonencode([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "EcrPushPull"][0]) == jsonencode(var.ecr_repository_arns)
    error_message = "ECR push only to the project's repositories."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "CdnInvalidation"][0] == var.cloudfront_distribution_arn
    error_message = "Invalidation only on the project's distribution."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "ReadConfig"][0] == "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bookmark-manager/production/*"
    error_message = "SSM read only under /<project>/<env>/."
  }

  assert {
    condition     = !contains(flatten([for s in jsondecode(aws_iam_role_policy.deploy.policy).Statement : s.Resource if s.Sid == "LocksAndDeployObjects"]), "arn:aws:s3:::bookmark-manager-production-tfstate/*")
    error_message = "The deploy role cannot overwrite Terraform state."
  }

  assert {
    condition     = length(aws_iam_role.infra) == 0 && output.infra_role_arn == ""
    error_message = "No infra role unless requested."
  }
}

run "github_environment_subject" {
  command = plan

  variables {
    github_environment = "production"
  }

  assert {
    condition     = contains(jsondecode(aws_iam_role.deploy.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"], "repo:example-org/deploy-pipeline:environment:production")
    error_message = "Jobs in the GitHub environment may assume the role."
  }
}

run "rejects_branch_wildcards" {
  command = plan

  variables {
    github_branch = "*"
  }

  expect_failures = [var.github_branch]
}
