locals {
  name_prefix  = "${var.project}-${var.environment}"
  ssm_prefix   = "/${var.project}/${var.environment}"
  engine_major = split(".", var.engine_version)[0]

  # A number (write-only versions are numbers) that changes with the secret's version ID.
  master_password_version = parseint(substr(sha256(module.master_password.secret_version_id), 0, 12), 16)
}
