#!/usr/bin/env bash
# Opens a local port to the environment's Aurora cluster through an SSM port-forwarding
# session via a running ECS task (seed 003), and prints how to connect.
set -euo pipefail

# shellcheck source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<USAGE
Usage: $(basename "$0") <staging|production> [local_port] [--show-password] [--print-only]

Reads the connection info from SSM (/<project>/<env>/DATABASE_URL), finds a running task of the
API service (ECS Exec enabled), starts an SSM port-forwarding session to Aurora on
localhost:<local_port> (default 5432) and prints how to connect. The password is shown only
with --show-password.

Options:
  --show-password  print the password in the connection string
  --print-only     print the session command instead of starting it
  -h, --help       this help

Environment:
  AWS_REGION       region (default: deploy.yml's region)
  PROJECT          project name (default: deploy.yml's project)
  ECS_CLUSTER      cluster (default: <project>-<env>-cluster)
  ECS_SERVICE      service whose task is the tunnel (default: <project>-<env>-api)
  AWS_ENDPOINT_URL another endpoint for the AWS CLI (e.g. the local cloud)

Needs: aws CLI v2 and the Session Manager plugin.
USAGE
}

show_password=0
print_only=0
positional=()
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    --show-password) show_password=1 ;;
    --print-only) print_only=1 ;;
    -*) usage_error "unknown option '$arg'" ;;
    *) positional+=("$arg") ;;
  esac
done
((${#positional[@]} >= 1 && ${#positional[@]} <= 2)) || usage_error "expected <env> [local_port]"

env_name="${positional[0]}"
local_port="${positional[1]:-5432}"
require_env_name "$env_name"
if [[ ! "$local_port" =~ ^[0-9]+$ ]] || ((local_port < 1 || local_port > 65535)); then
  usage_error "local_port must be a port number, got '$local_port'"
fi
require_command aws "install the AWS CLI v2 (mise install awscli)"

project="${PROJECT:-$(config_value project)}"
region="${AWS_REGION:-$(config_value region)}"
cluster="${ECS_CLUSTER:-$project-$env_name-cluster}"
service="${ECS_SERVICE:-$project-$env_name-api}"
export AWS_REGION="$region" AWS_DEFAULT_REGION="$region"

# 1. Connection info from SSM (SecureString, decrypted); kept in memory only.
database_url="$(aws ssm get-parameter --name "/$project/$env_name/DATABASE_URL" --with-decryption \
  --query Parameter.Value --output text)" || die "cannot read /$project/$env_name/DATABASE_URL from SSM"
if [[ ! "$database_url" =~ ^postgres(ql)?://([^:/@]+):([^@]*)@([^:/]+):?([0-9]*)/([^?]+) ]]; then
  die "DATABASE_URL in SSM is not a postgres:// URL"
fi
db_user="${BASH_REMATCH[2]}"
db_password="${BASH_REMATCH[3]}"
db_host="${BASH_REMATCH[4]}"
db_port="${BASH_REMATCH[5]:-5432}"
db_name="${BASH_REMATCH[6]}"

# 2. A running task of the API service, and its container's runtime id (the SSM target).
task_arn="$(aws ecs list-tasks --cluster "$cluster" --service-name "$service" --desired-status RUNNING \
  --query 'taskArns[0]' --output text)" || die "cannot list tasks of $service in $cluster"
[[ -n "$task_arn" && "$task_arn" != "None" ]] || die "no running task of $service in $cluster (is the service scaled to zero?)"
runtime_id="$(aws ecs describe-tasks --cluster "$cluster" --tasks "$task_arn" \
  --query 'tasks[0].containers[0].runtimeId' --output text)"
task_id="${task_arn##*/}"
target="ecs:${cluster}_${task_id}_${runtime_id}"
parameters="{\"host\":[\"$db_host\"],\"portNumber\":[\"$db_port\"],\"localPortNumber\":[\"$local_port\"]}"

# 3. How to connect (password only on request).
shown_password='<PASSWORD>'
((show_password)) && shown_password="$db_password"
echo "Aurora ($env_name) on localhost:$local_port via task $task_id"
echo "  psql \"postgresql://$db_user:$shown_password@localhost:$local_port/$db_name\""
((show_password)) || echo "  (password: rerun with --show-password, or read /$project/$env_name/DATABASE_URL from SSM)"

# 4. The port-forwarding session (runs until Ctrl-C).
if ((print_only)); then
  echo "aws ssm start-session --target $target --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters '$parameters'"
  exit 0
fi
require_command session-manager-plugin "install the AWS Session Manager plugin"
exec aws ssm start-session --target "$target" \
  --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters "$parameters"
