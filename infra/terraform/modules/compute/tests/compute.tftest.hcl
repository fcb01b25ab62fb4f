mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  project                 = "bookmark-manager"
  environment             = "production"
  vpc_id                  = "vpc-123"
  public_subnet_ids       = ["subnet-pub-a", "subnet-pub-c"]
  task_subnet_ids         = ["subnet-priv-a", "subnet-priv-c"]
  alb_security_group_id   = "sg-alb"
  ecs_security_group_id   = "sg-ecs"
  task_execution_role_arn = "arn:aws:iam::123456789012:role/exec"
  task_role_arn           = "arn:aws:iam::123456789012:role/task"
  ecr_repository_urls = {
    web = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-web"
    api = "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api"
  }
  initial_image_tag = "3f9c2a1"
  certificate_arn   = "arn:aws:acm:ap-northeast-1:123456789012:certificate/abc"
  container_secrets = { DATABASE_URL = "arn:aws:ssm:ap-northeast-1:123456789012:parameter/bookmark-manager/production/DATABASE_URL" }
}

run "alb_https_and_path_routing" {
  command = plan

  assert {
    condition     = aws_lb.this.internal == false && aws_lb.this.load_balancer_type == "application"
    error_message = "An internet-facing application load balancer is expected."
  }

  assert {
    condition     = aws_lb_listener.http.default_action[0].type == "redirect" && aws_lb_listener.http.default_action[0].redirect[0].protocol == "HTTPS" && aws_lb_listener.http.default_action[0].redirect[0].port == "443" && aws_lb_listener.http.default_action[0].redirect[0].status_code == "HTTP_301"
    error_message = "HTTP must redirect to HTTPS."
  }

  assert {
    condition     = aws_lb_listener.https[0].port == 443 && aws_lb_listener.https[0].protocol == "HTTPS" && aws_lb_listener.https[0].certificate_arn == var.certificate_arn && startswith(aws_lb_listener.https[0].ssl_policy, "ELBSecurityPolicy-TLS13-1-2")
    error_message = "HTTPS listener with the certificate and a TLS 1.2+ policy."
  }

  assert {
    condition     = aws_lb_listener_rule.path["web"].action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/web/1" && flatten([for c in aws_lb_listener_rule.path["web"].condition : [for p in c.path_pattern : tolist(p.values)]]) == ["/*"] && aws_lb_listener_rule.path["web"].priority == 50000
    error_message = "The web service is the default target: \"/*\", after every other rule."
  }

  assert {
    condition     = aws_lb_listener.https[0].default_action[0].type == "fixed-response"
    error_message = "Without the origin header the HTTPS listener refuses (tests/origin_header.tftest.hcl)."
  }

  assert {
    condition     = flatten([for c in aws_lb_listener_rule.path["api"].condition : [for p in c.path_pattern : tolist(p.values)]]) == ["/api/*"] && aws_lb_listener_rule.path["api"].action[0].target_group_arn == "arn:aws:elasticloadbalancing:ap-northeast-1:123456789012:targetgroup/api/2"
    error_message = "/api/* is routed to the API target group."
  }
}

run "target_groups_and_health_checks" {
  command = plan

  assert {
    condition     = aws_lb_target_group.service["web"].port == 3000 && aws_lb_target_group.service["api"].port == 3001
    error_message = "Web listens on 3000, API on 3001."
  }

  assert {
    condition     = aws_lb_target_group.service["web"].health_check[0].path == "/api/health" && aws_lb_target_group.service["api"].health_check[0].path == "/health"
    error_message = "Health check paths follow seeds 004 (web) and 002 (api)."
  }

  assert {
    condition = alltrue([for tg in aws_lb_target_group.service :
      tg.target_type == "ip" && tg.protocol == "HTTP" && tg.deregistration_delay == "30" &&
      tg.health_check[0].interval == 30 && tg.health_check[0].timeout == 5 &&
      tg.health_check[0].healthy_threshold == 2 && tg.health_check[0].unhealthy_threshold == 3 &&
    tg.health_check[0].matcher == "200"])
    error_message = "Target groups use the seeds' health check (30s/5s/2/3/200) and a 30s deregistration delay."
  }
}

run "cluster_services_and_tasks" {
  command = plan

  assert {
    condition     = [for s in aws_ecs_cluster.this.setting : s.value if s.name == "containerInsights"][0] == "enabled"
    error_message = "Container Insights must be enabled."
  }

  assert {
    condition = alltrue([for s in aws_ecs_service.this :
      s.launch_type == "FARGATE" && s.enable_execute_command &&
      s.deployment_circuit_breaker[0].enable && s.deployment_circuit_breaker[0].rollback &&
      s.deployment_minimum_healthy_percent == 100 && s.deployment_maximum_percent == 200 &&
    s.network_configuration[0].assign_public_ip == false])
    error_message = "Services: Fargate, ECS Exec, circuit breaker with rollback, 100/200 rolling update, no public IP."
  }

  assert {
    condition     = one(aws_ecs_service.this["api"].load_balancer).container_name == "api" && one(aws_ecs_service.this["api"].load_balancer).container_port == 3001
    error_message = "The API service registers container api on port 3001."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].portMappings[0].containerPort == 3001
    error_message = "The API container listens on 3001."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].secrets[0].name == "DATABASE_URL"
    error_message = "DATABASE_URL is injected from SSM."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].logConfiguration.options["awslogs-group"] == "/ecs/bookmark-manager-production-web"
    error_message = "Containers log to their CloudWatch log group."
  }

  assert {
    condition     = alltrue([for t in aws_ecs_task_definition.this : t.network_mode == "awsvpc" && t.cpu == "512" && t.memory == "1024" && contains(t.requires_compatibilities, "FARGATE")])
    error_message = "Task definitions: awsvpc, Fargate, 512 CPU / 1024 MB by default."
  }

  assert {
    condition     = alltrue([for g in aws_cloudwatch_log_group.service : g.retention_in_days == 30])
    error_message = "Log groups keep 30 days by default."
  }

  assert {
    condition     = output.ecs_container_names == { web = "web", api = "api" } && output.task_assign_public_ip == false
    error_message = "Output contract: container names and assign public IP."
  }
}

run "first_revision_runs_the_pushed_release" {
  command = plan

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api:3f9c2a1"
    error_message = "The first revision runs the release tag the pipeline pushed (initial_image_tag), not latest."
  }

  assert {
    condition     = alltrue([for k, s in aws_ecs_service.this : s.desired_count == 2])
    error_message = "Services start with their desired count: the image exists."
  }
}

run "image_by_digest" {
  command = plan

  variables {
    initial_image_tag = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["web"].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    error_message = "A digest is referenced with @."
  }
}

run "rejects_latest_outside_local" {
  command = plan

  variables {
    environment       = "staging"
    initial_image_tag = "latest"
  }

  expect_failures = [var.initial_image_tag]
}

run "rejects_invalid_tag" {
  command = plan

  variables {
    initial_image_tag = "-not/a:tag"
  }

  expect_failures = [var.initial_image_tag]
}

run "autoscaling_on_cpu" {
  command = plan

  assert {
    condition     = alltrue([for p in aws_appautoscaling_policy.cpu : p.target_tracking_scaling_policy_configuration[0].target_value == 70 && p.target_tracking_scaling_policy_configuration[0].predefined_metric_specification[0].predefined_metric_type == "ECSServiceAverageCPUUtilization"])
    error_message = "Target tracking on 70% CPU."
  }

  assert {
    condition     = aws_appautoscaling_target.service["api"].min_capacity == 1 && aws_appautoscaling_target.service["api"].max_capacity == 4
    error_message = "Min/max capacity come from the service settings."
  }

  assert {
    condition     = length(aws_appautoscaling_scheduled_action.scale_down) == 0
    error_message = "No business-hours schedule unless requested."
  }

  assert {
    condition     = length(aws_appautoscaling_policy.memory) == 0
    error_message = "No memory policy unless requested."
  }
}

run "memory_target_tracking" {
  command = plan

  variables {
    memory_target_percent = 80
  }

  assert {
    condition     = alltrue([for p in aws_appautoscaling_policy.memory : p.target_tracking_scaling_policy_configuration[0].target_value == 80]) && length(aws_appautoscaling_policy.memory) == 2
    error_message = "Memory target tracking at 80% when requested (seed 002)."
  }
}

run "staging_business_hours_and_plain_http" {
  command = plan

  variables {
    environment     = "staging"
    certificate_arn = null
    business_hours  = {}
  }

  assert {
    condition     = alltrue([for a in aws_appautoscaling_scheduled_action.scale_down : a.scalable_target_action[0].max_capacity == "0" && a.timezone == "Asia/Tokyo" && a.schedule == "cron(0 20 ? * MON-FRI *)"]) && length(aws_appautoscaling_scheduled_action.scale_down) == 2
    error_message = "Staging scales every service to zero at 20:00 JST on weekdays."
  }

  assert {
    condition     = alltrue([for a in aws_appautoscaling_scheduled_action.scale_up : a.schedule == "cron(0 8 ? * MON-FRI *)"])
    error_message = "Staging scales back up at 08:00 JST on weekdays."
  }

  assert {
    condition     = length(aws_lb_listener.https) == 0 && aws_lb_listener.http.default_action[0].type == "fixed-response"
    error_message = "Without a certificate, HTTP serves (no HTTPS listener): its rules forward, its default refuses."
  }
}

run "local_cloud_without_autoscaling" {
  command = plan

  variables {
    environment        = "local"
    initial_image_tag  = "latest"
    enable_autoscaling = false
    business_hours     = {}
  }

  assert {
    condition     = length(aws_appautoscaling_target.service) == 0 && length(aws_appautoscaling_scheduled_action.scale_down) == 0
    error_message = "enable_autoscaling = false removes every autoscaling resource."
  }
}

run "rejects_two_default_services" {
  command = plan

  variables {
    services = {
      web = { container_port = 3000 }
      api = { container_port = 3001 }
    }
  }

  expect_failures = [var.services]
}

# The three applies below share one (mocked) state; only the task definitions
# (and what they need) are applied.
run "created_with_the_first_release" {
  plan_options {
    target = [aws_ecs_task_definition.this]
  }

  variables {
    initial_image_tag = "1111111"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api:1111111"
    error_message = "The first revision runs the first release."
  }
}

run "a_new_release_alone_changes_no_revision" {
  plan_options {
    target = [aws_ecs_task_definition.this]
  }

  variables {
    initial_image_tag = "2222222"
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api:1111111"
    error_message = "A deploy (new tag only) leaves Terraform's revision alone: the pipeline registers the deploy's revision."
  }
}

run "changed_settings_take_the_current_release" {
  plan_options {
    target = [aws_ecs_task_definition.this]
  }

  variables {
    initial_image_tag     = "3333333"
    container_environment = { LOG_LEVEL = "debug" }
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].image == "123456789012.dkr.ecr.ap-northeast-1.amazonaws.com/bookmark-manager-production-api:3333333"
    error_message = "A revision Terraform registers for new settings runs the release of that run (which exists), not the first one."
  }

  assert {
    condition     = contains(jsondecode(aws_ecs_task_definition.this["api"].container_definitions)[0].environment, { name = "LOG_LEVEL", value = "debug" })
    error_message = "The new settings are in the revision."
  }
}
