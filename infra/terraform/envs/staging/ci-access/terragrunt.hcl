# Staging ci-access unit. Its wiring (module, inputs; no dependencies) is shared
# by every environment: ../../_envcommon/ci-access.hcl. Staging's values are
# ../env.hcl over ../../common.hcl. Only what this unit does differently in
# staging belongs below.
include "root" {
  path = find_in_parent_folders("root.hcl")
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/ci-access.hcl"
  expose = true
}
