# The secret CloudFront adds to every request to the ALB (the edge module's
# origin_verify_header) and that the listener rules require
# (require_origin_header): a request straight to the ALB's DNS name lacks it and
# gets the listener's 403. Two UUIDs without hyphens (64 hex characters, within
# the ALB's 128 per header value), generated once with Terraform's built-in
# uuid() (no random provider) and then kept: ignore_changes on the value, so
# later plans neither change it nor depend on a new uuid(). Rotate it by
# replacing the parameter (apply -replace=aws_ssm_parameter.origin_verify): the
# listener rules take the new value in that apply, CloudFront in the edge
# module's next apply (the same run in envs/local and with `run --all apply`);
# in between, requests through CloudFront get the 403.
resource "aws_ssm_parameter" "origin_verify" {
  name        = "/${var.project}/${var.environment}/origin-verify"
  description = "Value of the ${local.origin_verify_header_name} header CloudFront sends to the ALB of ${local.name_prefix}"
  type        = "SecureString"
  value       = replace(join("", [uuid(), uuid()]), "-", "")

  tags = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}
