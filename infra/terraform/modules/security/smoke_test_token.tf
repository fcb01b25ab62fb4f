# The secret the deploy's smoke test sends so that it passes an IP allow list
# it is not on (a GitHub-hosted runner's address is anyone's): the web ACL's
# first rule allows a request whose x-smoke-test-token header carries this
# value, before the allow list blocks it. Only where an allow list exists
# (staging); elsewhere nothing blocks the smoke test and no bypass exists.
#
# Same pattern as compute's origin-verify: two UUIDs without hyphens made once
# by Terraform's built-in uuid() and then kept (ignore_changes); rotate by
# replacing the parameter (apply -replace=aws_ssm_parameter.smoke_test_token[0]),
# the web ACL takes the new value in the same apply. The deploy role may read
# it (ci-access grants ssm:GetParameter* under /<project>/<environment>/).
locals {
  smoke_test_bypass      = var.enable_waf && length(var.waf_allowed_ip_cidrs) > 0
  smoke_test_header_name = "x-smoke-test-token"
}

resource "aws_ssm_parameter" "smoke_test_token" {
  count = local.smoke_test_bypass ? 1 : 0

  name        = "${local.ssm_prefix}smoke-test-token"
  description = "Value of the ${local.smoke_test_header_name} header that lets the smoke test of ${local.name_prefix} pass the WAF's allow list"
  type        = "SecureString"
  value       = replace(join("", [uuid(), uuid()]), "-", "")

  tags = var.tags

  lifecycle {
    ignore_changes = [value]
  }
}
