# Production security unit. Its wiring (module, dependencies, mocks, inputs) is shared
# by every environment: ../../_envcommon/security.hcl. Production's values are
# ../env.hcl over ../../common.hcl. Only what this unit does differently in
# production belongs below.
include "root" {
  path = find_in_parent_folders("root.hcl")
}

include "envcommon" {
  path   = "${dirname(find_in_parent_folders("root.hcl"))}/_envcommon/security.hcl"
  expose = true
}
