# The master password, kept out of state and plans:
#
# 1. Secrets Manager's GetRandomPassword, as an ephemeral resource (opened for
#    each plan and apply, never recorded), proposes a password.
# 2. It is stored in the secret through the write-only secret_string_wo, once
#    per password_version (a new version replaces the secret version resource).
#    The secret is the password's only durable home.
# 3. The password is read back with the ephemeral aws_secretsmanager_secret_version
#    and handed on as an ephemeral output: the caller passes it to write-only
#    arguments only (master_password_wo, value_wo). Reading it back, rather than
#    passing on the proposal, means a caller can rewrite what embeds it (e.g.
#    DATABASE_URL after a new endpoint, or a recreated parameter) at any time
#    and still write the password the database has.
#
# Ephemeral resources cannot be mocked by `terraform test` (Terraform 1.11), so
# they live in this small module: the database module's tests replace it with
# override_module, and the state guarantees are checked against moto
# (../../tests/moto, README.md).
ephemeral "aws_secretsmanager_random_password" "proposal" {
  password_length = var.password_length
  # Letters and digits only: the password goes into a URL unchanged.
  exclude_punctuation = true
  # Always null, but unknown until the secret exists: the first plan does not
  # call Secrets Manager (so the module tests can plan offline; depends_on does
  # not defer an ephemeral resource).
  exclude_characters = aws_secretsmanager_secret.this.arn == "" ? "" : null
}

resource "aws_secretsmanager_secret" "this" {
  name                    = var.name
  description             = "Master password of the Aurora cluster ${var.cluster} (written by Terraform as a write-only value)"
  kms_key_id              = var.kms_key_id
  recovery_window_in_days = var.recovery_window_in_days

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "this" {
  secret_id                = aws_secretsmanager_secret.this.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.proposal.random_password
  secret_string_wo_version = var.password_version
}

ephemeral "aws_secretsmanager_secret_version" "current" {
  secret_id  = aws_secretsmanager_secret_version.this.secret_id
  version_id = aws_secretsmanager_secret_version.this.version_id
}
