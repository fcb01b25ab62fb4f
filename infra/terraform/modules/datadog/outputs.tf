output "monitor_ids" {
  description = "IDs of the monitors created."
  value       = [datadog_monitor.api_error_rate.id, datadog_monitor.api_latency.id]
}
