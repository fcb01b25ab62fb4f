#!/usr/bin/env bash
# Runs the deploy pipeline: ./build.sh --target=DeployStaging [--dry-run]. Arguments pass through unchanged.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REQUIRED_MAJOR=10

if ! command -v dotnet >/dev/null 2>&1; then
  echo "Error: the .NET ${REQUIRED_MAJOR} SDK is required but 'dotnet' is not on PATH." >&2
  echo "Install it from https://dot.net/download or with: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel ${REQUIRED_MAJOR}.0" >&2
  exit 127
fi

if ! dotnet --list-sdks 2>/dev/null | grep -q "^${REQUIRED_MAJOR}\."; then
  echo "Error: a .NET ${REQUIRED_MAJOR} SDK is required (global.json); installed SDKs: $(dotnet --list-sdks | cut -d' ' -f1 | tr '\n' ' ')" >&2
  echo "Install it from https://dot.net/download or with: curl -sSL https://dot.net/v1/dotnet-install.sh | bash -s -- --channel ${REQUIRED_MAJOR}.0" >&2
  exit 127
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
cd "$ROOT"

# Build only when sources changed; then run the built pipeline directly (faster than dotnet run).
BUILD_DLL="$ROOT/build/bin/Debug/net10.0/Build.dll"
STAMP="$ROOT/build/obj/.build-stamp"
if [[ ! -f "$BUILD_DLL" || ! -f "$STAMP" ]] || [[ -n "$(find "$ROOT/build" "$ROOT/Directory.Build.props" "$ROOT/global.json" -newer "$STAMP" \( -name '*.cs' -o -name '*.py' -o -name '*.csproj' -o -name '*.props' -o -name 'global.json' \) -not -path '*/obj/*' -not -path '*/bin/*' -print -quit)" ]]; then
  dotnet build "$ROOT/build/Build.csproj" -c Debug --nologo -v quiet "-clp:NoSummary;ErrorsOnly" >&2
  touch "$STAMP"
fi

exec dotnet "$BUILD_DLL" "$@"
