output "project_slugs" {
  description = "Map of service key to Sentry project slug."
  value       = { for k, p in sentry_project.this : k => p.slug }
}

output "ssm_parameter_names" {
  description = "Map of SENTRY_DSN_<SERVICE> to SSM parameter name."
  value       = { for k, p in aws_ssm_parameter.dsn : "SENTRY_DSN_${upper(k)}" => p.name }
}
