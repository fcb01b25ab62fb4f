#!/usr/bin/env bash
# Offline checks of infra/terraform: formatting, init + validate of every module
# and of envs/local, `terraform test` of every module, and the Terragrunt
# configuration checker with its own tests. Prints PASS <name> / FAIL <name> per
# check and exits non-zero when any check fails.
#
# Environment:
#   TF_PROVIDER_MIRROR  filesystem mirror holding registry.terraform.io/hashicorp/aws
#                       (default: found with `find / -maxdepth 5 -type d -name registry.terraform.io`)
#   TF_PLUGIN_CACHE_DIR optional plugin cache shared between runs
#   CHECK_VERBOSE=1     print the output of passing checks too
#
# A CLI config is written to a temporary folder (never the user's home) and
# exported as TF_CLI_CONFIG_FILE.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tf_root="$(cd "${script_dir}/.." && pwd)"

# Optional modules whose providers are not in the offline mirror.
optional_modules=(mongodb-atlas datadog sentry)

work_dir="$(mktemp -d)"
trap 'rm -rf "${work_dir}"' EXIT

find_mirror() {
  local found
  found="$(find / -maxdepth 5 -type d -name registry.terraform.io -not -path '/proc/*' 2>/dev/null | head -n 1 || true)"
  if [[ -n "${found}" ]]; then
    dirname "${found}"
  fi
}

mirror="${TF_PROVIDER_MIRROR:-}"
if [[ -z "${mirror}" ]]; then
  mirror="$(find_mirror)"
fi

cli_config="${work_dir}/terraform.rc"
if [[ -n "${mirror}" ]]; then
  if [[ ! -d "${mirror}/registry.terraform.io" ]]; then
    echo "TF_PROVIDER_MIRROR=${mirror} has no registry.terraform.io folder" >&2
    exit 2
  fi
  cat >"${cli_config}" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "${mirror}"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF
else
  echo "no provider mirror found; installing providers from the registry" >&2
  : >"${cli_config}"
fi
export TF_CLI_CONFIG_FILE="${cli_config}"
export TF_IN_AUTOMATION=1
export TF_INPUT=0
export CHECKPOINT_DISABLE=1
if [[ -z "${TF_PLUGIN_CACHE_DIR:-}" ]]; then
  export TF_PLUGIN_CACHE_DIR="${work_dir}/plugin-cache"
fi
mkdir -p "${TF_PLUGIN_CACHE_DIR}"

failures=0

# run_check NAME COMMAND... : runs the command, prints PASS/FAIL, shows output on failure.
run_check() {
  local name="$1"
  shift
  local log="${work_dir}/check.log"
  if "$@" >"${log}" 2>&1; then
    echo "PASS ${name}"
    if [[ "${CHECK_VERBOSE:-0}" == "1" ]]; then
      sed 's/^/    /' "${log}"
    fi
  else
    echo "FAIL ${name}"
    sed 's/^/    /' "${log}"
    failures=$((failures + 1))
  fi
}

is_optional() {
  local candidate="$1" m
  for m in "${optional_modules[@]}"; do
    [[ "${m}" == "${candidate}" ]] && return 0
  done
  return 1
}

# terraform fmt ignores *.hcl files (Terragrunt); format them through stdin.
check_hcl_fmt() {
  local file bad=0
  while IFS= read -r -d '' file; do
    terraform fmt - <"${file}" >"${work_dir}/formatted.hcl"
    if ! cmp -s "${work_dir}/formatted.hcl" "${file}"; then
      echo "not formatted: ${file#"${tf_root}/"}"
      bad=1
    fi
  done < <(find "${tf_root}/envs" -name '*.hcl' -not -path '*/.terragrunt-cache/*' -print0)
  return "${bad}"
}

init_and_validate() {
  local dir="$1" data_dir="$2"
  (
    cd "${dir}"
    TF_DATA_DIR="${data_dir}" terraform init -backend=false -input=false -no-color
    TF_DATA_DIR="${data_dir}" terraform validate -no-color
  )
}

module_test() {
  local dir="$1" data_dir="$2"
  (
    cd "${dir}"
    TF_DATA_DIR="${data_dir}" terraform test -no-color
  )
}

node_tools() {
  if [[ ! -d "${tf_root}/tools/node_modules/@cdktf/hcl2json" || ! -d "${tf_root}/tools/node_modules/yaml" ]]; then
    (cd "${tf_root}/tools" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

terragrunt_checker() {
  node_tools && (cd "${tf_root}/tools" && node check-terragrunt.mjs "${tf_root}")
}

# The checker's own tests: broken copies of the tree must fail with the right problem.
terragrunt_checker_tests() {
  node_tools && (cd "${tf_root}/tools" && node --test check-terragrunt.test.mjs)
}

run_check "fmt" terraform fmt -check -recursive -diff "${tf_root}"
run_check "fmt-hcl" check_hcl_fmt

for module_dir in "${tf_root}"/modules/*/; do
  module="$(basename "${module_dir}")"
  if is_optional "${module}"; then
    echo "SKIP ${module} (optional module; its provider is not in the offline mirror)"
    continue
  fi
  data_dir="${work_dir}/data/${module}"
  run_check "validate ${module}" init_and_validate "${module_dir}" "${data_dir}"
  if compgen -G "${module_dir}tests/*.tftest.hcl" >/dev/null; then
    run_check "test ${module}" module_test "${module_dir}" "${data_dir}"
  else
    echo "FAIL test ${module} (no tests/*.tftest.hcl)"
    failures=$((failures + 1))
  fi
done

run_check "validate envs/local" init_and_validate "${tf_root}/envs/local" "${work_dir}/data/envs-local"
run_check "terragrunt-config" terragrunt_checker
run_check "terragrunt-config-tests" terragrunt_checker_tests

if command -v terragrunt >/dev/null 2>&1; then
  echo "NOTE terragrunt is on PATH: with credentials for the account, also run 'terragrunt run --all validate' in envs/staging and envs/production"
fi

if ((failures > 0)); then
  echo "${failures} check(s) failed"
  exit 1
fi
echo "all checks passed"
