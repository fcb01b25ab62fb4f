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

# Only names and the state bucket: nothing from other units.
variables {
  project           = "bookmark-manager"
  environment       = "production"
  github_repository = "example-org/deploy-pipeline"
  state_bucket_name = "bookmark-manager-production-tfstate-123456789012"
}

run "three_roles_named_by_convention" {
  command = plan

  assert {
    condition = { for k, r in aws_iam_role.github : k => r.name } == {
      deploy = "bookmark-manager-production-github-deploy"
      infra  = "bookmark-manager-production-github-infra"
      plan   = "bookmark-manager-production-github-plan"
    }
    error_message = "Roles <project>-<environment>-github-{deploy,infra,plan} (the pipeline computes these names)."
  }

  assert {
    condition     = alltrue([for r in aws_iam_role.github : r.max_session_duration == 7200])
    error_message = "Every role allows two-hour sessions (the jobs run up to 90 minutes)."
  }

  assert {
    condition     = alltrue([for k, p in aws_iam_role_policy.github : p.policy == output.role_policies[k]]) && keys(aws_iam_role_policy.github) == keys(aws_iam_role.github)
    error_message = "Each role carries its own policy, as output in role_policies."
  }

  assert {
    condition     = alltrue([for k, p in output.role_policies : length(p) <= 10240])
    error_message = "An inline policy fits the 10,240-character limit of a role's inline policies."
  }

  assert {
    condition     = alltrue([for r in aws_iam_role.github : length(r.assume_role_policy) <= 2048])
    error_message = "A trust policy fits the default 2,048-character limit."
  }
}

run "trust_matches_github_oidc_subjects_exactly" {
  command = plan

  assert {
    condition     = aws_iam_openid_connect_provider.github[0].url == "https://token.actions.githubusercontent.com" && contains(aws_iam_openid_connect_provider.github[0].client_id_list, "sts.amazonaws.com")
    error_message = "GitHub OIDC provider with the STS audience."
  }

  assert {
    condition = jsonencode(output.trusted_subjects) == jsonencode({
      deploy = ["repo:example-org/deploy-pipeline:environment:production"]
      infra  = ["repo:example-org/deploy-pipeline:environment:production"]
      plan   = ["repo:example-org/deploy-pipeline:ref:refs/heads/main"]
    })
    error_message = "deploy and infra: the GitHub environment's jobs; plan: main (its plans read the master password)."
  }

  assert {
    condition = alltrue([for k, r in aws_iam_role.github :
      jsonencode(jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:sub"]) == jsonencode(output.trusted_subjects[k])
    ])
    error_message = "Each trust policy accepts exactly the role's subjects (StringEquals)."
  }

  assert {
    condition = alltrue([for r in aws_iam_role.github :
      length(jsondecode(r.assume_role_policy).Statement) == 1 &&
      jsondecode(r.assume_role_policy).Statement[0].Effect == "Allow" &&
      jsondecode(r.assume_role_policy).Statement[0].Action == "sts:AssumeRoleWithWebIdentity" &&
      jsondecode(r.assume_role_policy).Statement[0].Principal.Federated == "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com" &&
      jsondecode(r.assume_role_policy).Statement[0].Condition.StringEquals["token.actions.githubusercontent.com:aud"] == "sts.amazonaws.com" &&
      keys(jsondecode(r.assume_role_policy).Statement[0].Condition) == ["StringEquals"]
    ])
    error_message = "Web identity of the GitHub OIDC provider, audience sts.amazonaws.com, only StringEquals conditions."
  }

  assert {
    condition     = alltrue([for r in aws_iam_role.github : !strcontains(r.assume_role_policy, "*") && !strcontains(r.assume_role_policy, "?")])
    error_message = "No wildcard in any trust policy."
  }

  assert {
    condition = alltrue([for k, r in aws_iam_role.github :
      k == "plan" || (!strcontains(r.assume_role_policy, ":pull_request") && !anytrue([for s in output.trusted_subjects[k] : strcontains(s, "pull_request")]))
    ])
    error_message = "No role but plan trusts pull requests."
  }

  assert {
    condition     = !anytrue([for s in output.trusted_subjects.plan : strcontains(s, ":environment:")])
    error_message = "The plan role is not the GitHub environment's: its subject is main only."
  }
}

run "no_role_allows_everything" {
  command = plan

  assert {
    condition = alltrue(flatten([for k, p in output.role_policies : [for s in jsondecode(p).Statement :
    !contains(flatten([s.Action]), "*") && !contains(keys(s), "NotAction") && !contains(keys(s), "NotResource")]]))
    error_message = "No statement in any role has Action \"*\" (nor NotAction/NotResource)."
  }

  assert {
    condition = alltrue(flatten([for k, p in output.role_policies : [for s in jsondecode(p).Statement :
      !(contains(flatten([s.Resource]), "*") && anytrue([for a in flatten([s.Action]) : contains(["iam:*", "sts:*"], a)]))
    ]]))
    error_message = "No statement has a service-wide iam or sts wildcard on Resource \"*\"."
  }

  assert {
    condition = alltrue(flatten([for k, p in output.role_policies : [for s in jsondecode(p).Statement :
      [for a in flatten([s.Action]) : a != "iam:*" && !startswith(a, "sts:")] if s.Effect == "Allow"
    ]]))
    error_message = "No role allows iam:* anywhere, nor any sts action (sts:GetCallerIdentity needs no permission)."
  }
}

run "deploy_role_is_least_privilege_and_name_based" {
  command = plan

  assert {
    condition = alltrue(flatten([for s in jsondecode(output.role_policies.deploy).Statement :
    [for a in flatten([s.Action]) : !endswith(a, "*")]]))
    error_message = "The deploy role has no wildcard actions at all."
  }

  assert {
    condition = alltrue([for s in jsondecode(output.role_policies.deploy).Statement :
      contains(["EcrLogin", "EcsTaskDefinitions", "EcsListTasks", "SmokeTestTargets", "VerifyLogGroups"], s.Sid)
    if contains(flatten([s.Resource]), "*")])
    error_message = "Only the actions without resource-level permissions use Resource *."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(output.role_policies.deploy).Statement : flatten([s.Resource])
      if length(setintersection(flatten([s.Action]), ["s3:PutObject", "s3:DeleteObject"])) > 0 && anytrue([for r in flatten([s.Resource]) : startswith(r, "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012")])
      ])) == toset([
      "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*.tflock",
      "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/deploy/*",
    ])
    error_message = "In the state bucket the deploy role writes only *.tflock and the deploy/ prefix, never the state."
  }

  assert {
    condition = alltrue([for s in jsondecode(output.role_policies.deploy).Statement :
      alltrue([for r in flatten([s.Resource]) : !startswith(r, "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012") || contains([
        "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012",
        "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*.tflock",
        "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/deploy/*",
      ], r) || (r == "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*" && jsonencode(s.Action) == jsonencode(["s3:GetObject"]))])
    ])
    error_message = "State bucket: list, get; writes only on the lock and deploy objects."
  }

  assert {
    condition     = jsonencode([for s in jsondecode(output.role_policies.deploy).Statement : s.Condition if contains(flatten([s.Action]), "ecs:TagResource")]) == jsonencode([{ StringEquals = { "ecs:CreateAction" = "RegisterTaskDefinition" } }])
    error_message = "ecs:TagResource only for tags sent with RegisterTaskDefinition."
  }

  assert {
    condition = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "PassTaskRoles"][0] == [
      "arn:aws:iam::123456789012:role/bookmark-manager-production-ecs-task-execution",
      "arn:aws:iam::123456789012:role/bookmark-manager-production-ecs-task",
    ]
    error_message = "iam:PassRole only on the two task roles (security module names)."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.deploy).Statement : s.Condition.StringEquals["iam:PassedToService"] if s.Sid == "PassTaskRoles"][0] == "ecs-tasks.amazonaws.com"
    error_message = "The task roles may only be passed to ECS tasks."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "EcrPushPull"][0] == "arn:aws:ecr:ap-northeast-1:123456789012:repository/bookmark-manager-production-*"
    error_message = "ECR push only to the project's repositories of this environment."
  }

  assert {
    condition = { for s in jsondecode(output.role_policies.deploy).Statement : s.Sid => s.Resource if startswith(s.Sid, "Ecs") && s.Resource != "*" } == {
      EcsTagTaskDefinitionsOnCreate = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bookmark-manager-production-*:*"
      EcsServices                   = "arn:aws:ecs:ap-northeast-1:123456789012:service/bookmark-manager-production-cluster/bookmark-manager-production-*"
      EcsRunTask                    = "arn:aws:ecs:ap-northeast-1:123456789012:task-definition/bookmark-manager-production-*:*"
      EcsTasks                      = "arn:aws:ecs:ap-northeast-1:123456789012:task/bookmark-manager-production-cluster/*"
      EcsCluster                    = "arn:aws:ecs:ap-northeast-1:123456789012:cluster/bookmark-manager-production-cluster"
    }
    error_message = "ECS resources by the compute module's names."
  }

  assert {
    condition     = alltrue([for s in jsondecode(output.role_policies.deploy).Statement : s.Condition.ArnEquals["ecs:cluster"] == "arn:aws:ecs:ap-northeast-1:123456789012:cluster/bookmark-manager-production-cluster" if contains(["EcsRunTask", "EcsListTasks"], s.Sid)])
    error_message = "Tasks are run and listed only on the environment's cluster."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "CdnInvalidation"][0] == "arn:aws:cloudfront::123456789012:distribution/*"
    error_message = "Invalidation on the account's distributions (the id is random; the account is the environment's)."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "ReadConfig"][0] == "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bookmark-manager/production/*"
    error_message = "SSM read only under /<project>/<env>/."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "ReadLogs"][0] == "arn:aws:logs:ap-northeast-1:123456789012:log-group:/ecs/bookmark-manager-production-*"
    error_message = "Log reads only of the services' log groups."
  }

  assert {
    condition = [for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "AssetsSync"][0] == "arn:aws:s3:::bookmark-manager-production-assets-123456789012/*" && [
    for s in jsondecode(output.role_policies.deploy).Statement : s.Resource if s.Sid == "AssetsList"][0] == "arn:aws:s3:::bookmark-manager-production-assets-123456789012"
    error_message = "Static site sync only to the storage module's default bucket name."
  }

  assert {
    condition     = !anytrue([for a in flatten([for s in jsondecode(output.role_policies.deploy).Statement : s.Action]) : startswith(a, "secretsmanager:") || startswith(a, "kms:")])
    error_message = "The deploy role reads no secrets (the tasks' execution role does)."
  }

  assert {
    condition     = !contains([for s in jsondecode(output.role_policies.deploy).Statement : s.Sid], "PullImagesToPromote")
    error_message = "No cross-account image read unless image_source_repository_arns is set."
  }
}

run "deploy_role_reads_the_source_registry_for_promotion" {
  command = plan

  variables {
    image_source_repository_arns = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/bookmark-manager-staging-*"]
  }

  assert {
    condition = [for s in jsondecode(output.role_policies.deploy).Statement : { a = toset(s.Action), r = s.Resource } if s.Sid == "PullImagesToPromote"] == [{
      a = toset(["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability", "ecr:DescribeImages"])
      r = ["arn:aws:ecr:ap-northeast-1:111111111111:repository/bookmark-manager-staging-*"]
    }]
    error_message = "Read-only image access to the source repositories."
  }
}

run "infra_role_can_build_the_stack_but_never_its_own_access" {
  command = plan

  assert {
    condition = [for s in jsondecode(output.role_policies.infra).Statement : {
      a = toset(s.Action)
      r = toset(s.Resource)
      } if s.Effect == "Deny"] == [{
      a = toset(["iam:Add*", "iam:Attach*", "iam:Create*", "iam:Delete*", "iam:Detach*", "iam:PassRole", "iam:Put*", "iam:Remove*", "iam:Tag*", "iam:Untag*", "iam:Update*"])
      r = toset([
        "arn:aws:iam::123456789012:role/bookmark-manager-production-github-*",
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
      ])
    }]
    error_message = "An explicit Deny of every IAM write on the GitHub roles and the OIDC provider."
  }

  assert {
    condition = alltrue(flatten([for s in jsondecode(output.role_policies.infra).Statement : [
      for r in flatten([s.Resource]) : r == "*" || can(regex("^arn:aws:iam::123456789012:(role|policy|instance-profile)/bookmark-manager-production-[*]$", r)) || r == "arn:aws:iam::123456789012:role/aws-service-role/*"
    ] if s.Effect == "Allow" && anytrue([for a in flatten([s.Action]) : startswith(a, "iam:") && !startswith(a, "iam:Get") && !startswith(a, "iam:List")])]))
    error_message = "IAM writes only on <project>-<environment>-* roles, policies and instance profiles (and service-linked roles)."
  }

  assert {
    condition = alltrue([for s in jsondecode(output.role_policies.infra).Statement :
      flatten([s.Resource]) == ["*"] ? toset(flatten([s.Action])) == toset(["iam:Get*", "iam:List*"]) : true
    if s.Effect == "Allow" && anytrue([for a in flatten([s.Action]) : startswith(a, "iam:")])])
    error_message = "On Resource * only IAM reads (refresh)."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.infra).Statement : s.Resource if s.Effect == "Allow" && contains(flatten([s.Action]), "iam:PassRole")] == ["arn:aws:iam::123456789012:role/bookmark-manager-production-*"]
    error_message = "iam:PassRole only for the stack's roles."
  }

  assert {
    condition = [for s in jsondecode(output.role_policies.infra).Statement : toset(s.Condition.StringEquals["iam:AWSServiceName"]) if contains(flatten([s.Action]), "iam:CreateServiceLinkedRole")] == [toset([
      "ecs.amazonaws.com", "elasticloadbalancing.amazonaws.com", "rds.amazonaws.com", "ecs.application-autoscaling.amazonaws.com",
    ])]
    error_message = "Service-linked roles only for ECS, ELB, RDS and ECS autoscaling."
  }

  assert {
    condition     = [for s in jsondecode(output.role_policies.infra).Statement : s.Condition.ArnLike["iam:PolicyARN"] if contains(flatten([s.Action]), "iam:AttachRolePolicy")] == [["arn:aws:iam::aws:policy/service-role/*", "arn:aws:iam::123456789012:policy/bookmark-manager-production-*"]]
    error_message = "Managed policies attached only from AWS's service-role policies or the stack's own."
  }

  assert {
    condition = alltrue([for s in jsondecode(output.role_policies.infra).Statement : contains(keys(s), "Condition") && contains(keys(s.Condition.StringEquals), "aws:RequestedRegion")
    if s.Resource == "*" && anytrue([for a in flatten([s.Action]) : endswith(a, ":*")])])
    error_message = "Service-wide wildcards on Resource * are limited to the stack's regions."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(output.role_policies.infra).Statement : flatten([s.Action]) if s.Resource == "*" && anytrue([for a in flatten([s.Action]) : endswith(a, ":*")])])) == toset([
      "application-autoscaling:*", "cloudwatch:*", "ec2:*", "ecs:*", "elasticloadbalancing:*", "rds:*", "acm:*", "cloudfront:*", "wafv2:*",
    ])
    error_message = "Service-wide wildcards on Resource * only for the stack's services with random ids."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(output.role_policies.infra).Statement : flatten([s.Resource])
      if anytrue([for r in flatten([s.Resource]) : startswith(r, "arn:aws:s3:::bookmark-manager-production-tfstate")]) && length(setintersection(flatten([s.Action]), ["s3:PutObject", "s3:DeleteObject", "s3:*"])) > 0
      ])) == toset([
      "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*.tfstate",
      "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*.tflock",
    ])
    error_message = "In the state bucket the infra role writes states and lock files only."
  }

  assert {
    condition     = !anytrue([for s in jsondecode(output.role_policies.infra).Statement : anytrue([for r in flatten([s.Resource]) : startswith(r, "arn:aws:s3:::bookmark-manager-production-tfstate")]) && contains(flatten([s.Action]), "s3:*")])
    error_message = "No s3:* on the state bucket (it is not part of the stack)."
  }
}

run "plan_role_is_read_only" {
  command = plan

  assert {
    condition = alltrue(flatten([for s in jsondecode(output.role_policies.plan).Statement : [
      for a in flatten([s.Action]) : can(regex("^[a-z0-9-]+:(Describe|Get|List)", a)) || alltrue([for r in flatten([s.Resource]) : endswith(r, ".tflock")])
    ] if s.Effect == "Allow"]))
    error_message = "The plan role reads (Describe*/Get*/List*); its only writes are on *.tflock."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(output.role_policies.plan).Statement : flatten([s.Resource])
    if s.Effect == "Allow" && !alltrue([for a in flatten([s.Action]) : can(regex("^[a-z0-9-]+:(Describe|Get|List)", a))])])) == toset(["arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*.tflock"])
    error_message = "Its writes are the state bucket's lock files (plan's S3 lockfile)."
  }

  assert {
    condition = !anytrue([for a in flatten([for s in jsondecode(output.role_policies.plan).Statement : s.Action if s.Effect == "Allow" && s.Sid != "ReadMasterPasswordForPlan"]) :
    contains(["secretsmanager:GetSecretValue", "secretsmanager:Get*", "secretsmanager:*", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:GetAuthorizationToken", "ecr:Get*", "logs:GetLogEvents", "logs:FilterLogEvents", "logs:Get*", "ec2:Get*", "wafv2:Get*", "wafv2:GetSampledRequests", "kms:Decrypt"], a)])
    error_message = "No secret values (but the master password), images, log events, console output or sampled requests."
  }

  assert {
    condition = [for s in jsondecode(output.role_policies.plan).Statement : [s.Resource, s.Effect] if contains(flatten([s.Action]), "secretsmanager:GetSecretValue") && s.Effect == "Allow"] == [
      ["arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:bookmark-manager-production/aurora/master-password-*", "Allow"],
    ] && length([for s in jsondecode(output.role_policies.plan).Statement : s if s.Effect == "Deny"]) == 0
    error_message = "The one secret value the plan role reads is the database master password (its plan refreshes it)."
  }

  assert {
    condition = toset(flatten([for s in jsondecode(output.role_policies.plan).Statement : flatten([s.Resource]) if contains(flatten([s.Action]), "s3:GetObject")])) == toset([
      "arn:aws:s3:::bookmark-manager-production-tfstate-123456789012/*",
      "arn:aws:s3:::bookmark-manager-production-assets-123456789012/*",
    ])
    error_message = "Objects read: the state bucket and the assets bucket only."
  }
}

# The README's roles table counts the distinct action strings of each policy.
run "action_counts_match_the_readme" {
  command = plan

  assert {
    condition     = { for k, p in output.role_policies : k => length(distinct(flatten([for s in jsondecode(p).Statement : s.Action]))) } == { deploy = 44, infra = 76, plan = 58 }
    error_message = "Update the roles table in infra/terraform/README.md: ${jsonencode({ for k, p in output.role_policies : k => length(distinct(flatten([for s in jsondecode(p).Statement : s.Action]))) })}"
  }
}

run "explicit_plan_subjects_and_github_environment" {
  command = plan

  variables {
    github_environment = "production-approval"
    plan_subjects      = ["repo:example-org/deploy-pipeline:ref:refs/heads/main"]
  }

  assert {
    condition = jsonencode(output.trusted_subjects) == jsonencode({
      deploy = ["repo:example-org/deploy-pipeline:environment:production-approval"]
      infra  = ["repo:example-org/deploy-pipeline:environment:production-approval"]
      plan   = ["repo:example-org/deploy-pipeline:ref:refs/heads/main"]
    })
    error_message = "The subjects follow github_environment and plan_subjects exactly."
  }
}

run "existing_oidc_provider" {
  command = plan

  variables {
    create_oidc_provider = false
    oidc_provider_arn    = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"
  }

  assert {
    condition     = length(aws_iam_openid_connect_provider.github) == 0 && alltrue([for r in aws_iam_role.github : jsondecode(r.assume_role_policy).Statement[0].Principal.Federated == var.oidc_provider_arn])
    error_message = "The roles trust the existing provider."
  }
}

run "rejects_wildcard_plan_subjects" {
  command = plan

  variables {
    plan_subjects = ["repo:example-org/deploy-pipeline:*"]
  }

  expect_failures = [var.plan_subjects]
}

run "rejects_plan_subjects_of_another_repository" {
  command = plan

  variables {
    plan_subjects = ["repo:someone-else/fork:ref:refs/heads/main"]
  }

  expect_failures = [var.plan_subjects]
}

run "rejects_a_deploy_prefix_that_could_cover_the_state" {
  command = plan

  variables {
    deploy_metadata_prefix = ""
  }

  expect_failures = [var.deploy_metadata_prefix]
}

run "rejects_a_deploy_prefix_without_a_slash" {
  command = plan

  variables {
    deploy_metadata_prefix = "deploy"
  }

  expect_failures = [var.deploy_metadata_prefix]
}
