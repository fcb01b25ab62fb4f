locals {
  name_prefix = "${var.project}-${var.environment}"
  notify      = join(" ", var.notify_handles)
}

# Seed 004: API error rate above 5 % (warning 3 %).
resource "datadog_monitor" "api_error_rate" {
  name    = "${local.name_prefix} API error rate"
  type    = "query alert"
  message = "API error rate is too high. ${local.notify}"

  query = "sum(last_5m):sum:trace.${var.apm_operation_name}.errors{env:${var.environment},service:${var.api_service_name}}.as_count() / sum:trace.${var.apm_operation_name}.hits{env:${var.environment},service:${var.api_service_name}}.as_count() > ${var.error_rate_critical}"

  monitor_thresholds {
    critical = var.error_rate_critical
    warning  = var.error_rate_warning
  }

  tags = ["env:${var.environment}", "project:${var.project}"]
}

resource "datadog_monitor" "api_latency" {
  name    = "${local.name_prefix} API p95 latency"
  type    = "query alert"
  message = "API p95 latency above ${var.latency_p95_critical_seconds}s. ${local.notify}"

  query = "percentile(last_10m):p95:trace.${var.apm_operation_name}{env:${var.environment},service:${var.api_service_name}} > ${var.latency_p95_critical_seconds}"

  monitor_thresholds {
    critical = var.latency_p95_critical_seconds
  }

  tags = ["env:${var.environment}", "project:${var.project}"]
}
