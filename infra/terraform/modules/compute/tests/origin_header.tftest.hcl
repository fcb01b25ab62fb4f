# The origin header (origin_verify.tf, alb.tf): only requests that carry the
# secret CloudFront adds are forwarded; the listener refuses everything else.
# Target group settings as variables. The targeted applies (mocked provider)
# make the secret known; this file has its own state, apart from
# compute.tftest.hcl's.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  project                 = "bookmark-manager"
  environment             = "staging"
  vpc_id                  = "vpc-123"
  public_subnet_ids       = ["subnet-pub-a", "subnet-pub-c"]
  task_subnet_ids         = ["subnet-priv-a", "subnet-priv-c"]
  alb_security_group_id   = "sg-alb"
  ecs_security_group_id   = "sg-ecs"
  task_execution_role_arn = "arn:aws:iam::123456789012:role/exec"
  task_role_arn           = "arn:aws:iam::123456789012:role/task"
  ecr_repository_urls = {
    web = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-staging-web"
    api = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-staging-api"
  }
  initial_image_tag = "3f9c2a1"
  certificate_arn   = "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc"
}

# Only the parameter is applied (a whole mocked apply would need valid ARNs
# everywhere); the plans below then read its value from the state.
run "the_secret_is_created_once" {
  plan_options {
    target = [aws_ssm_parameter.origin_verify]
  }

  assert {
    condition = (
      aws_ssm_parameter.origin_verify.name == "/bookmark-manager/staging/origin-verify" &&
      aws_ssm_parameter.origin_verify.type == "SecureString" &&
      can(regex("^[0-9a-f]{64}$", nonsensitive(aws_ssm_parameter.origin_verify.value)))
    )
    error_message = "The secret is a SecureString /<project>/<environment>/origin-verify of 64 hex characters (two UUIDs without hyphens)."
  }

  assert {
    condition     = output.origin_verify_header_value == aws_ssm_parameter.origin_verify.value
    error_message = "The output gives the edge module the secret."
  }
}

run "the_secret_stays_on_the_next_apply" {
  plan_options {
    target = [aws_ssm_parameter.origin_verify]
  }

  assert {
    condition     = output.origin_verify_header_value == run.the_secret_is_created_once.origin_verify_header_value
    error_message = "uuid() is evaluated on every run; ignore_changes keeps the value the parameter was created with."
  }
}

run "every_rule_requires_the_secret_and_the_default_refuses" {
  command = plan

  assert {
    condition     = keys(aws_lb_listener_rule.path) == ["api", "web"]
    error_message = "Every service has a rule, the default service (web) too."
  }

  assert {
    condition = alltrue([for r in aws_lb_listener_rule.path :
      length([for c in r.condition : c if length(c.path_pattern) == 1]) == 1 &&
      flatten([for c in r.condition : [for h in c.http_header : h.http_header_name]]) == ["X-Origin-Verify"] &&
      flatten([for c in r.condition : [for h in c.http_header : tolist(h.values)]]) == [run.the_secret_is_created_once.origin_verify_header_value]
    ])
    error_message = "Every rule matches its path patterns AND the X-Origin-Verify header with the secret."
  }

  assert {
    condition     = output.origin_verify_header_name == "X-Origin-Verify" && output.origin_verify_header_value == run.the_secret_is_created_once.origin_verify_header_value
    error_message = "The outputs give the edge module the header name and the secret."
  }

  assert {
    condition = (
      flatten([for c in aws_lb_listener_rule.path["api"].condition : [for p in c.path_pattern : tolist(p.values)]]) == ["/api/*"] && aws_lb_listener_rule.path["api"].priority == 100 &&
      aws_lb_listener_rule.path["api"].action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/api/2" &&
      flatten([for c in aws_lb_listener_rule.path["web"].condition : [for p in c.path_pattern : tolist(p.values)]]) == ["/*"] && aws_lb_listener_rule.path["web"].priority == 50000 &&
      aws_lb_listener_rule.path["web"].action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1"
    )
    error_message = "/api/* (priority 100) to the API, everything else (\"/*\", priority 50000, last) to the web service."
  }

  assert {
    condition = (
      length(aws_lb_listener.https[0].default_action) == 1 &&
      aws_lb_listener.https[0].default_action[0].type == "fixed-response" &&
      aws_lb_listener.https[0].default_action[0].fixed_response[0].status_code == "403" &&
      aws_lb_listener.https[0].default_action[0].fixed_response[0].content_type == "text/plain" &&
      aws_lb_listener.https[0].default_action[0].fixed_response[0].message_body == "direct access to the load balancer is refused"
    )
    error_message = "A request without the header gets a 403 text/plain from the HTTPS listener."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && length(aws_lb_listener.http.default_action) == 1
    error_message = "With a certificate HTTP still redirects to HTTPS."
  }
}

run "plain_http_listener_refuses_too" {
  command = plan

  variables {
    certificate_arn = null
  }

  assert {
    condition = (
      length(aws_lb_listener.https) == 0 &&
      length(aws_lb_listener.http.default_action) == 1 &&
      aws_lb_listener.http.default_action[0].type == "fixed-response" &&
      aws_lb_listener.http.default_action[0].fixed_response[0].status_code == "403" &&
      aws_lb_listener.http.default_action[0].fixed_response[0].message_body == "direct access to the load balancer is refused"
    )
    error_message = "Without a certificate the HTTP listener serves: its default action refuses with 403."
  }

  assert {
    condition     = alltrue([for r in aws_lb_listener_rule.path : flatten([for c in r.condition : [for h in c.http_header : h.http_header_name]]) == ["X-Origin-Verify"]]) && length(aws_lb_listener_rule.path) == 2
    error_message = "Both rules require the header on the HTTP listener too."
  }
}

run "without_the_header_the_default_forwards" {
  command = plan

  variables {
    require_origin_header = false
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "forward" && aws_lb_listener.https[0].default_action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1"
    error_message = "require_origin_header = false: the HTTPS listener forwards to the default service, as before."
  }

  assert {
    condition     = keys(aws_lb_listener_rule.path) == ["api"] && alltrue([for c in aws_lb_listener_rule.path["api"].condition : length(c.http_header) == 0])
    error_message = "Only the API has a rule, on its path alone."
  }
}

run "without_the_header_plain_http_forwards" {
  command = plan

  variables {
    require_origin_header = false
    certificate_arn       = null
  }

  assert {
    condition     = length(aws_lb_listener.http.default_action) == 1 && aws_lb_listener.http.default_action[0].type == "forward" && aws_lb_listener.http.default_action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1"
    error_message = "require_origin_header = false without a certificate: HTTP forwards to the default service."
  }
}

run "default_rule_priority_is_configurable" {
  command = plan

  variables {
    default_listener_priority = 900
  }

  assert {
    condition     = aws_lb_listener_rule.path["web"].priority == 900
    error_message = "The default service's rule takes default_listener_priority."
  }
}

run "rejects_a_default_rule_before_another_service" {
  command = plan

  variables {
    default_listener_priority = 100
  }

  expect_failures = [var.default_listener_priority]
}

run "rejects_too_many_path_patterns" {
  command = plan

  variables {
    services = {
      web = { container_port = 3000 }
      api = { container_port = 3001, path_patterns = ["/api/*", "/v1/*", "/v2/*", "/v3/*"] }
    }
  }

  expect_failures = [var.services]
}

# --- target group settings -------------------------------------------------------

run "target_group_settings_default_to_the_seeds" {
  command = plan

  assert {
    condition = alltrue([for tg in aws_lb_target_group.service :
      tg.deregistration_delay == "30" && tg.health_check[0].interval == 30 && tg.health_check[0].timeout == 5 &&
      tg.health_check[0].healthy_threshold == 2 && tg.health_check[0].unhealthy_threshold == 3
    ])
    error_message = "Defaults: 30 s delay, 30 s interval, 5 s timeout, 2 healthy, 3 unhealthy."
  }
}

run "target_group_settings_from_the_variables" {
  command = plan

  variables {
    deregistration_delay_seconds     = 5
    health_check_interval_seconds    = 5
    health_check_timeout_seconds     = 2
    health_check_healthy_threshold   = 3
    health_check_unhealthy_threshold = 4
  }

  assert {
    condition = alltrue([for tg in aws_lb_target_group.service :
      tg.deregistration_delay == "5" && tg.health_check[0].interval == 5 && tg.health_check[0].timeout == 2 &&
      tg.health_check[0].healthy_threshold == 3 && tg.health_check[0].unhealthy_threshold == 4
    ]) && length(aws_lb_target_group.service) == 2
    error_message = "Every target group takes the delay, interval, timeout and thresholds from the variables."
  }
}

run "rejects_a_short_interval" {
  command = plan

  variables {
    health_check_interval_seconds = 4
    health_check_timeout_seconds  = 2
  }

  expect_failures = [var.health_check_interval_seconds]
}

run "rejects_a_timeout_not_below_the_interval" {
  command = plan

  variables {
    health_check_interval_seconds = 10
    health_check_timeout_seconds  = 10
  }

  expect_failures = [var.health_check_timeout_seconds]
}

run "rejects_a_long_timeout" {
  command = plan

  variables {
    health_check_interval_seconds = 300
    health_check_timeout_seconds  = 121
  }

  expect_failures = [var.health_check_timeout_seconds]
}

run "rejects_thresholds_outside_2_to_10" {
  command = plan

  variables {
    health_check_healthy_threshold   = 1
    health_check_unhealthy_threshold = 11
  }

  expect_failures = [var.health_check_healthy_threshold, var.health_check_unhealthy_threshold]
}

run "rejects_a_long_deregistration_delay" {
  command = plan

  variables {
    deregistration_delay_seconds = 3601
  }

  expect_failures = [var.deregistration_delay_seconds]
}

run "rejects_a_negative_deregistration_delay" {
  command = plan

  variables {
    deregistration_delay_seconds = -1
  }

  expect_failures = [var.deregistration_delay_seconds]
}
