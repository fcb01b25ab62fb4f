# moto hangs on aws_appautoscaling_target (no ListTagsForResource): the local
# root sets enable_autoscaling = false.

resource "aws_appautoscaling_target" "service" {
  for_each = var.enable_autoscaling ? var.services : {}

  service_namespace  = "ecs"
  scalable_dimension = "ecs:service:DesiredCount"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.this[each.key].name}"
  min_capacity       = each.value.min_capacity
  max_capacity       = each.value.max_capacity

  tags = var.tags
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each = aws_appautoscaling_target.service

  name               = "${local.name_prefix}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = each.value.service_namespace
  scalable_dimension = each.value.scalable_dimension
  resource_id        = each.value.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "memory" {
  for_each = var.memory_target_percent == null ? {} : aws_appautoscaling_target.service

  name               = "${local.name_prefix}-${each.key}-memory"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = each.value.service_namespace
  scalable_dimension = each.value.scalable_dimension
  resource_id        = each.value.resource_id

  target_tracking_scaling_policy_configuration {
    target_value       = var.memory_target_percent
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageMemoryUtilization"
    }
  }
}

# Staging runs in business hours only (seed 001): scale to zero in the evening
# and back to the normal range in the morning, weekdays only, so weekends stay at zero.
resource "aws_appautoscaling_scheduled_action" "scale_down" {
  for_each = var.enable_autoscaling && var.business_hours != null ? aws_appautoscaling_target.service : {}

  name               = "${local.name_prefix}-${each.key}-scale-down"
  service_namespace  = each.value.service_namespace
  scalable_dimension = each.value.scalable_dimension
  resource_id        = each.value.resource_id
  schedule           = var.business_hours.stop_cron
  timezone           = var.business_hours.timezone

  scalable_target_action {
    min_capacity = 0
    max_capacity = 0
  }
}

resource "aws_appautoscaling_scheduled_action" "scale_up" {
  for_each = var.enable_autoscaling && var.business_hours != null ? aws_appautoscaling_target.service : {}

  name               = "${local.name_prefix}-${each.key}-scale-up"
  service_namespace  = each.value.service_namespace
  scalable_dimension = each.value.scalable_dimension
  resource_id        = each.value.resource_id
  schedule           = var.business_hours.start_cron
  timezone           = var.business_hours.timezone

  scalable_target_action {
    min_capacity = var.services[each.key].min_capacity
    max_capacity = var.services[each.key].max_capacity
  }

  # Both actions write the same scalable target; serialise them.
  depends_on = [aws_appautoscaling_scheduled_action.scale_down]
}
