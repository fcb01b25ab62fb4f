output "alert_topic_arn" {
  description = "SNS topic that receives every alarm (subscribe Slack/ChatOps/Datadog here)."
  value       = aws_sns_topic.alerts.arn
}

output "alarm_names" {
  description = "Names of all alarms created."
  value = concat(
    [for a in aws_cloudwatch_metric_alarm.ecs_cpu_high : a.alarm_name],
    [for a in aws_cloudwatch_metric_alarm.ecs_memory_high : a.alarm_name],
    [aws_cloudwatch_metric_alarm.alb_5xx_rate.alarm_name],
    aws_cloudwatch_metric_alarm.aurora_connections_high[*].alarm_name,
    aws_cloudwatch_metric_alarm.aurora_cpu_high[*].alarm_name
  )
}
