output "password" {
  description = "The current password (ephemeral: usable only in write-only arguments, other ephemeral contexts and provider configuration)."
  value       = ephemeral.aws_secretsmanager_secret_version.current.secret_string
  ephemeral   = true
}

output "secret_arn" {
  description = "ARN of the secret."
  value       = aws_secretsmanager_secret.this.arn
}

output "secret_version_id" {
  description = "Secrets Manager version ID of the current password (changes when password_version does)."
  value       = aws_secretsmanager_secret_version.this.version_id
}
