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

  mock_data "aws_ec2_managed_prefix_list" {
    defaults = {
      id = "pl-58a04531"
    }
  }
}

mock_provider "aws" {
  alias = "us_east_1"
}

# Fixed IDs so the security group chain can be checked at plan time.
override_resource {
  target          = aws_security_group.alb
  override_during = plan
  values = {
    id = "sg-alb"
  }
}

override_resource {
  target          = aws_security_group.ecs
  override_during = plan
  values = {
    id = "sg-ecs"
  }
}

override_resource {
  target          = aws_security_group.database
  override_during = plan
  values = {
    id = "sg-db"
  }
}

override_resource {
  target          = aws_wafv2_ip_set.allowed
  override_during = plan
  values = {
    arn = "arn:aws:wafv2:us-east-1:123456789012:global/ipset/allowed/1"
  }
}

variables {
  project     = "bookmark-manager"
  environment = "staging"
  vpc_id      = "vpc-123"
  app_ports   = [3000, 3001]
}

run "security_group_chain_from_the_internet" {
  command = plan

  assert {
    condition     = toset(keys(aws_security_group_rule.alb_in_internet)) == toset(["80", "443"]) && alltrue([for r in aws_security_group_rule.alb_in_internet : r.type == "ingress" && join(",", r.cidr_blocks) == "0.0.0.0/0" && r.from_port == r.to_port])
    error_message = "ALB accepts 80 and 443 from the internet."
  }

  assert {
    condition     = length(aws_security_group_rule.alb_in_cloudfront) == 0
    error_message = "No CloudFront prefix list rule in internet mode."
  }

  assert {
    condition     = alltrue([for r in aws_security_group_rule.alb_out_ecs : r.type == "egress" && r.source_security_group_id == "sg-ecs" && r.security_group_id == "sg-alb"]) && toset(keys(aws_security_group_rule.alb_out_ecs)) == toset(["3000", "3001"])
    error_message = "ALB egress goes only to the ECS security group on the app ports."
  }

  assert {
    condition     = alltrue([for r in aws_security_group_rule.ecs_in_alb : r.type == "ingress" && r.source_security_group_id == "sg-alb" && r.security_group_id == "sg-ecs" && r.from_port == r.to_port && contains([3000, 3001], r.from_port)]) && length(aws_security_group_rule.ecs_in_alb) == 2
    error_message = "ECS accepts only the app ports, only from the ALB security group."
  }

  assert {
    condition     = aws_security_group_rule.ecs_out_database.source_security_group_id == "sg-db" && aws_security_group_rule.ecs_out_database.from_port == 5432 && aws_security_group_rule.ecs_out_database.to_port == 5432
    error_message = "ECS may reach Aurora on 5432."
  }

  assert {
    condition     = aws_security_group_rule.ecs_out_https.from_port == 443 && aws_security_group_rule.ecs_out_https.to_port == 443 && aws_security_group_rule.ecs_out_https.protocol == "tcp"
    error_message = "ECS egress to the internet is HTTPS only."
  }

  assert {
    condition = (
      aws_security_group_rule.database_in_ecs.type == "ingress" &&
      aws_security_group_rule.database_in_ecs.security_group_id == "sg-db" &&
      aws_security_group_rule.database_in_ecs.source_security_group_id == "sg-ecs" &&
      aws_security_group_rule.database_in_ecs.from_port == 5432 &&
      aws_security_group_rule.database_in_ecs.to_port == 5432 &&
      aws_security_group_rule.database_in_ecs.cidr_blocks == null
    )
    error_message = "Aurora accepts 5432 only from the ECS security group."
  }

  assert {
    condition = alltrue([for r in concat(
      values(aws_security_group_rule.alb_out_ecs),
      [aws_security_group_rule.ecs_out_database, aws_security_group_rule.ecs_out_https],
      values(aws_security_group_rule.ecs_out_extra),
    ) : r.security_group_id != "sg-db"])
    error_message = "Aurora has no egress rule."
  }
}

run "alb_only_from_cloudfront" {
  command = plan

  variables {
    alb_ingress_source         = "cloudfront"
    alb_cloudfront_origin_port = 443
  }

  assert {
    condition     = length(aws_security_group_rule.alb_in_internet) == 0
    error_message = "No internet rule in cloudfront mode."
  }

  assert {
    condition     = aws_security_group_rule.alb_in_cloudfront[0].prefix_list_ids[0] == "pl-58a04531" && aws_security_group_rule.alb_in_cloudfront[0].from_port == 443 && aws_security_group_rule.alb_in_cloudfront[0].cidr_blocks == null
    error_message = "ALB accepts 443 from the CloudFront origin-facing prefix list only."
  }
}

run "api_port_8080" {
  command = plan

  variables {
    app_ports = [3000, 8080]
  }

  assert {
    condition     = toset(keys(aws_security_group_rule.ecs_in_alb)) == toset(["3000", "8080"])
    error_message = "The API port is a variable (seed 002: 8080)."
  }
}

run "iam_least_privilege" {
  command = plan

  assert {
    condition     = jsondecode(aws_iam_role_policy.task_execution_ssm.policy).Statement[0].Resource == "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bookmark-manager/staging/*"
    error_message = "The execution role reads SSM parameters under /<project>/<env>/ only."
  }

  assert {
    condition     = aws_iam_role_policy_attachment.task_execution_managed.policy_arn == "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
    error_message = "The execution role has the ECS task execution managed policy."
  }

  assert {
    condition     = jsondecode(aws_iam_role.task.assume_role_policy).Statement[0].Principal.Service == "ecs-tasks.amazonaws.com"
    error_message = "Only ECS tasks may assume the task role."
  }

  assert {
    condition = alltrue([for s in jsondecode(aws_iam_role_policy.task.policy).Statement :
    !(contains(flatten([s.Action]), "*") || anytrue([for a in flatten([s.Action]) : endswith(a, ":*")]))])
    error_message = "The task role has no wildcard actions."
  }

  assert {
    condition     = [for s in jsondecode(aws_iam_role_policy.task.policy).Statement : s.Resource if s.Sid == "ReadOwnParameters"][0] == "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bookmark-manager/staging/*"
    error_message = "The task role reads SSM parameters under /<project>/<env>/ only."
  }
}

run "waf_rules" {
  command = plan

  assert {
    condition     = aws_wafv2_web_acl.this[0].scope == "CLOUDFRONT"
    error_message = "The web ACL is CloudFront-scoped."
  }

  assert {
    condition = alltrue([for n in ["AWS-AWSManagedRulesCommonRuleSet", "AWS-AWSManagedRulesSQLiRuleSet", "rate-limit"] :
    contains([for r in aws_wafv2_web_acl.this[0].rule : r.name], n)])
    error_message = "Common rule set, SQLi rule set and rate limit rules must be present."
  }

  assert {
    condition     = [for r in aws_wafv2_web_acl.this[0].rule : r.statement[0].rate_based_statement[0].limit if r.name == "rate-limit"][0] == 2000
    error_message = "Rate limit defaults to 2000 requests per 5 minutes."
  }

  assert {
    condition     = length(aws_wafv2_ip_set.allowed) == 0 && length(aws_wafv2_web_acl.this[0].default_action[0].allow) == 1
    error_message = "Without an allow list, everyone passes the default action."
  }

  assert {
    condition = (length(aws_ssm_parameter.smoke_test_token) == 0 && output.smoke_test_header_name == "" &&
    !contains([for r in aws_wafv2_web_acl.this[0].rule : r.name], "allow-smoke-test"))
    error_message = "Without an allow list there is no bypass: no token, no allow rule."
  }
}

run "staging_ip_allow_list" {
  command = plan

  variables {
    waf_allowed_ip_cidrs = ["203.0.113.0/24"]
  }

  assert {
    condition     = aws_wafv2_ip_set.allowed[0].scope == "CLOUDFRONT" && contains(aws_wafv2_ip_set.allowed[0].addresses, "203.0.113.0/24")
    error_message = "The allow list becomes a CloudFront IP set."
  }

  assert {
    condition     = [for r in aws_wafv2_web_acl.this[0].rule : r.priority if r.name == "block-not-allow-listed"][0] == 1
    error_message = "Requests from outside the allow list are blocked right after the smoke test's bypass."
  }

  # HCL does not short-circuit: pick the rule first, then look into it.
  assert {
    condition = alltrue([for r in aws_wafv2_web_acl.this[0].rule : (
      r.priority == 0 && length(r.action[0].allow) == 1 &&
      r.statement[0].byte_match_statement[0].positional_constraint == "EXACTLY" &&
      r.statement[0].byte_match_statement[0].field_to_match[0].single_header[0].name == "x-smoke-test-token" &&
      one(r.statement[0].byte_match_statement[0].text_transformation).type == "NONE"
    ) if r.name == "allow-smoke-test"]) && length([for r in aws_wafv2_web_acl.this[0].rule : r if r.name == "allow-smoke-test" || r.priority == 0]) == 1
    error_message = "The smoke test passes the allow list by an exact match of its secret header, and only that rule comes first."
  }

  assert {
    condition = (aws_ssm_parameter.smoke_test_token[0].type == "SecureString" &&
      aws_ssm_parameter.smoke_test_token[0].name == "/bookmark-manager/staging/smoke-test-token" &&
      output.smoke_test_token_parameter_name == aws_ssm_parameter.smoke_test_token[0].name &&
    output.smoke_test_header_name == "x-smoke-test-token")
    error_message = "The smoke test's token is a SecureString under the environment's prefix, named by the outputs."
  }
}

run "waf_off" {
  command = plan

  variables {
    enable_waf = false
  }

  assert {
    condition     = length(aws_wafv2_web_acl.this) == 0 && output.waf_web_acl_arn == null
    error_message = "No web ACL when disabled."
  }
}
