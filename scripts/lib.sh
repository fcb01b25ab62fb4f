#!/usr/bin/env bash
# Shared helpers for the operator scripts: project settings from deploy.yml, errors, checks.
# shellcheck shell=bash

SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPTS_DIR/.." && pwd)"

die() {
  echo "Error: $*" >&2
  exit 1
}

usage_error() {
  echo "Error: $*" >&2
  echo "Run with --help for usage." >&2
  exit 2
}

# Reads a top-level scalar (project, region) from deploy.yml without a YAML library.
config_value() {
  local key="$1" file="${DEPLOY_CONFIG:-$REPO_ROOT/deploy.yml}"
  [[ -f "$file" ]] || die "configuration file not found: $file"
  sed -n -E "s/^${key}:[[:space:]]*\"?([^\"#]*[^\"#[:space:]])\"?[[:space:]]*(#.*)?$/\1/p" "$file" | head -1
}

require_env_name() {
  case "$1" in
    staging | production) ;;
    *) usage_error "unknown environment '$1': use staging or production" ;;
  esac
}

require_command() {
  command -v "$1" >/dev/null 2>&1 || die "$1 is required but not on PATH: $2"
}
