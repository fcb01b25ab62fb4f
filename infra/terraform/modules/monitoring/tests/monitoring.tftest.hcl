mock_provider "aws" {}

override_resource {
  target          = aws_sns_topic.alerts
  override_during = plan
  values = {
    arn = "arn:aws:sns:ap-northeast-1:123456789012:alerts"
  }
}

variables {
  project               = "bookmark-manager"
  environment           = "production"
  ecs_cluster_name      = "bookmark-manager-production-cluster"
  ecs_service_names     = { web = "bookmark-manager-production-web", api = "bookmark-manager-production-api" }
  alb_arn_suffix        = "app/bookmark-manager-production-alb/123"
  db_cluster_identifier = "bookmark-manager-production-aurora"
  alarm_email_addresses = ["ops@example.com"]
}

run "seed_004_alarms" {
  command = plan

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.ecs_cpu_high : a.threshold == 80 && a.metric_name == "CPUUtilization" && a.namespace == "AWS/ECS"]) && length(aws_cloudwatch_metric_alarm.ecs_cpu_high) == 2
    error_message = "ECS CPU > 80% per service."
  }

  assert {
    condition     = alltrue([for a in aws_cloudwatch_metric_alarm.ecs_memory_high : a.threshold == 80 && a.metric_name == "MemoryUtilization"]) && length(aws_cloudwatch_metric_alarm.ecs_memory_high) == 2
    error_message = "ECS memory > 80% per service."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.ecs_cpu_high["api"].dimensions["ServiceName"] == "bookmark-manager-production-api"
    error_message = "Alarms watch the right service."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.alb_5xx_rate.threshold == 5 && length(aws_cloudwatch_metric_alarm.alb_5xx_rate.metric_query) == 4
    error_message = "ALB 5xx rate > 5% (metric math)."
  }

  assert {
    condition     = aws_cloudwatch_metric_alarm.aurora_connections_high[0].metric_name == "DatabaseConnections" && aws_cloudwatch_metric_alarm.aurora_connections_high[0].dimensions["DBClusterIdentifier"] == "bookmark-manager-production-aurora"
    error_message = "Aurora connections are watched."
  }

  assert {
    condition     = alltrue([for a in concat(values(aws_cloudwatch_metric_alarm.ecs_cpu_high), [aws_cloudwatch_metric_alarm.alb_5xx_rate]) : contains(a.alarm_actions, "arn:aws:sns:ap-northeast-1:123456789012:alerts")])
    error_message = "Alarms notify the SNS alert topic."
  }

  assert {
    condition     = aws_sns_topic_subscription.email["ops@example.com"].protocol == "email"
    error_message = "E-mail subscribers are added."
  }
}

run "no_database_alarms_without_database" {
  command = plan

  variables {
    db_cluster_identifier = null
  }

  assert {
    condition     = length(aws_cloudwatch_metric_alarm.aurora_connections_high) == 0
    error_message = "Database alarms need a cluster."
  }
}
