locals {
  name_prefix  = "${var.project}-${var.environment}"
  ssm_prefix   = "/${var.project}/${var.environment}"
  engine_major = split(".", var.engine_version)[0]
}
