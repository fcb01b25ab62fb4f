# Test helper (tests/edge.tftest.hcl, run "twin_distributions_are_identical"):
# the bodies of the two aws_cloudfront_distribution resources in cloudfront.tf,
# as written, without what may differ between them: the count line, the
# lifecycle block, comments and blank lines.

variable "source_file" {
  description = "Path of cloudfront.tf."
  type        = string
  default     = null
}

locals {
  text = file(coalesce(var.source_file, "${path.module}/../../cloudfront.tf"))

  raw = {
    for name in ["this", "local_cloud"] : name =>
    regex("(?s)(?:\\A|\n)resource \"aws_cloudfront_distribution\" \"${name}\" \\{\n(.*?)\n\\}\n", local.text)[0]
  }

  normalized = {
    for name, body in local.raw : name => trimspace(
      replace(
        replace(
          replace(
            replace(body, "/(?m)^[ \\t]*#.*$/", ""), # comments
          "/(?m)^  count[ \\t]*=.*$/", ""),          # count (top level only)
        "/(?s)\\n  lifecycle \\{.*?\\n  \\}/", ""),  # lifecycle block (top level only)
      "/\\n[ \\t]*(\\n[ \\t]*)*\\n/", "\n")          # blank lines
    )
  }
}

output "bodies" {
  description = "Normalized bodies, keyed by resource name."
  value       = local.normalized
}

output "raw_bodies" {
  description = "Bodies as written, keyed by resource name."
  value       = local.raw
}

output "top_level_blocks" {
  description = "Names of the top-level blocks of each body (origin, default_cache_behavior, dynamic \"...\", ...)."
  value = {
    for name, body in local.raw : name => [for m in regexall("(?m)^  ((?:dynamic \"[a-z_]+\")|[a-z_]+) \\{", body) : m[0]]
  }
}
