# The master password, in neither the state nor any plan (saved or JSON):
#
# 1. Secrets Manager's GetRandomPassword, as an ephemeral resource (opened for
#    each plan and apply, never recorded), proposes one.
# 2. The secret stores it through the write-only secret_string_wo, once per
#    master_password_version (a new version replaces the secret version). The
#    secret is the password's only durable home.
# 3. The ephemeral aws_secretsmanager_secret_version reads it back for the
#    write-only master_password_wo (aurora.tf) and value_wo (DATABASE_URL,
#    parameter_store.tf). Reading it back, rather than passing on the
#    proposal, means DATABASE_URL can be rewritten at any time (new endpoint,
#    TLS options, a recreated parameter) and still carries the cluster's
#    password.
#
# Both write-only versions follow the secret's version ID (local below), so
# whatever gives the secret a new password (master_password_version, a
# recreated secret, the first apply over a state from before the secret) sets
# it on the cluster and in DATABASE_URL in the same apply. Running tasks keep
# the old DATABASE_URL until they are replaced: deploy right after a rotation.
ephemeral "aws_secretsmanager_random_password" "master" {
  password_length = 32
  # Letters and digits only: the password goes into a URL unchanged.
  exclude_punctuation = true
  # Always null, but unknown until the secret exists: a first plan does not
  # call Secrets Manager. This is what lets the module tests plan offline
  # (Terraform 1.11 cannot mock ephemeral resources; depends_on does not defer
  # an ephemeral resource).
  exclude_characters = aws_secretsmanager_secret.master.arn == "" ? "" : null
}

resource "aws_secretsmanager_secret" "master" {
  name        = "${local.name_prefix}/aurora/master-password"
  description = "Master password of the Aurora cluster ${local.name_prefix}-aurora (written by Terraform as a write-only value; DATABASE_URL carries it too)"
  kms_key_id  = var.master_password_kms_key_id
  # Without deletion protection (staging, local) one destroy must free the name
  # for the next apply; otherwise keep the minimum recovery window.
  recovery_window_in_days = var.deletion_protection ? 7 : 0

  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "master" {
  secret_id                = aws_secretsmanager_secret.master.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.master.random_password
  secret_string_wo_version = var.master_password_version
}

ephemeral "aws_secretsmanager_secret_version" "master" {
  secret_id  = aws_secretsmanager_secret_version.master.secret_id
  version_id = aws_secretsmanager_secret_version.master.version_id
}

locals {
  # Ephemeral: usable in write-only arguments only.
  master_password = ephemeral.aws_secretsmanager_secret_version.master.secret_string

  # A number (write-only versions are numbers) that changes with the secret's version ID.
  master_password_version = parseint(substr(sha256(aws_secretsmanager_secret_version.master.version_id), 0, 12), 16)
}
