#!/usr/bin/env bash
# End-to-end check of the example app on this machine, with no network:
# builds the local base, the web site and both images, starts a throwaway
# PostgreSQL, runs the API, the migrations (twice, then the failing and the
# edited fixtures) and the web image (a Node server that renders the page),
# checks every answer, then removes everything it started.
set -euo pipefail

usage() {
  cat <<USAGE
Usage: $(basename "$0") [--keep-images] [--help]

Needs: docker (running engine), initdb + pg_ctl (PostgreSQL), node 20, curl.
As root, PostgreSQL runs as the 'postgres' user.

Options:
  --keep-images  keep the deploy-example-{api,web}:smoke images afterwards
  --help         show this help

Environment:
  BASE_IMAGE     base image tag (default: deploy-example-base:local, built
                 or brought up to date with base-image/build-local-base.sh;
                 another tag is built with it only if missing)
  SMOKE_PG_PORT, SMOKE_API_PORT, SMOKE_WEB_PORT
                 loopback ports (defaults 45432, 43001, 43000)
USAGE
}

keep_images=0
case "${1:-}" in
  --help|-h) usage; exit 0 ;;
  --keep-images) keep_images=1 ;;
  "") ;;
  *) usage >&2; exit 2 ;;
esac

here="$(cd "$(dirname "$0")" && pwd)"
base="${BASE_IMAGE:-deploy-example-base:local}"
pg_port="${SMOKE_PG_PORT:-45432}"
api_port="${SMOKE_API_PORT:-43001}"
web_port="${SMOKE_WEB_PORT:-43000}"
api_image="deploy-example-api:smoke"
web_image="deploy-example-web:smoke"
version="smoke-$$"

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
check() { # description, command...
  local what="$1"; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}

work="$(mktemp -d "${TMPDIR:-/tmp}/webapp-smoke.XXXXXX")"
containers=()
pg_started=0
as_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then
    su postgres -s /bin/sh -c "$*"
  else
    sh -c "$*"
  fi
}
cleanup() {
  local cid
  for cid in "${containers[@]}"; do docker rm -f "$cid" >/dev/null 2>&1 || true; done
  if [[ $pg_started -eq 1 ]]; then as_pg "pg_ctl -D '$work/pg/data' -m fast -w stop" >/dev/null 2>&1 || true; fi
  if [[ $keep_images -eq 0 ]]; then docker rmi "$api_image" "$web_image" >/dev/null 2>&1 || true; fi
  rm -rf -- "$work"
}
trap cleanup EXIT

psql_bin="$(find /usr/lib/postgresql -maxdepth 3 -path '*/bin/psql' -type f 2>/dev/null | sort -V | tail -n 1 || true)"
psql_bin="${psql_bin:-psql}"

timed() { # label, command...
  local label="$1" start end; shift
  start="$(date +%s.%N)"
  "$@" >"$work/last.log" 2>&1 || { cat "$work/last.log" >&2; echo "FAIL $label" >&2; exit 1; }
  end="$(date +%s.%N)"
  awk -v l="$label" -v s="$start" -v e="$end" 'BEGIN { printf "TIME %s %.1fs\n", l, e - s }'
}

# --- build ---
# the default local base is always handed to the script: it returns at once when
# the image is current and rebuilds an older layout (e.g. one without node)
if [[ -z "${BASE_IMAGE:-}" ]] || ! docker image inspect "$base" >/dev/null 2>&1; then
  timed "base image" "$here/base-image/build-local-base.sh" "$base"
fi
timed "web build" node "$here/web/build.mjs"
timed "api image" docker build --network host --build-arg "BASE_IMAGE=$base" -t "$api_image" "$here/api"
timed "web image" docker build --network host --build-arg "BASE_IMAGE=$base" -t "$web_image" "$here/web"

# --- database ---
mkdir -p "$work/pg/sock"
password="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
if [[ "$(id -u)" -eq 0 ]]; then chown -R postgres "$work"; fi
as_pg "initdb -D '$work/pg/data' -U postgres --auth-local=trust --auth-host=scram-sha-256" >"$work/initdb.log" 2>&1
as_pg "pg_ctl -D '$work/pg/data' -l '$work/pg/log' -o \"-k $work/pg/sock -h 127.0.0.1 -p $pg_port\" -w start" >/dev/null
pg_started=1
"$psql_bin" -X -q -h "$work/pg/sock" -p "$pg_port" -U postgres -d postgres \
  -c "create role smoke login password '$password'" -c "create database smoke owner smoke"
db_url="postgres://smoke:$password@127.0.0.1:$pg_port/smoke"

# --- api ---
cid="$(docker run -d --network host -e HOST=127.0.0.1 -e PORT="$api_port" -e APP_VERSION="$version" \
  -e DATABASE_URL="$db_url" "$api_image")"
containers+=("$cid")
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$api_port/health" >/dev/null && break; sleep 0.1; done
expect_health="{\"status\":\"ok\",\"service\":\"api\",\"version\":\"$version\"}"
check "api /health" test "$(curl -fs "http://127.0.0.1:$api_port/health")" = "$expect_health"
check "api /api/health" test "$(curl -fs "http://127.0.0.1:$api_port/api/health")" = "$expect_health"
check "api /health content type" sh -c "curl -fsI 'http://127.0.0.1:$api_port/health' | grep -qi '^content-type: application/json'"
check "api /api/db before migrations" sh -c "curl -fs 'http://127.0.0.1:$api_port/api/db' | grep -q '\"migrations\":\[\]'"

migrate() { docker run --rm --network host -e DATABASE_URL="$db_url" "$@" "$api_image" /app/bin/migrate; }
rc=0; migrate >"$work/m1.log" 2>&1 || rc=$?
check "migrate run 1 applies 2" grep -q 'applied 2, skipped 0' "$work/m1.log"
check "migrate run 1 exits 0" test "$rc" -eq 0
rc=0; migrate >"$work/m2.log" 2>&1 || rc=$?
check "migrate run 2 applies 0" grep -q 'applied 0, skipped 2' "$work/m2.log"
check "migrate run 2 exits 0" test "$rc" -eq 0
# The fixtures are test data, not part of the image: mounted read-only for these two runs.
rc=0; migrate -v "$here/api/migrations-failing:/fixtures/migrations-failing:ro" -e MIGRATIONS_DIR=/fixtures/migrations-failing >"$work/fail.log" 2>&1 || rc=$?
check "failing migration exits 1" test "$rc" -eq 1
recorded="$("$psql_bin" -X -A -t -h "$work/pg/sock" -p "$pg_port" -U postgres -d smoke \
  -c "select string_agg(version, ',' order by version) from schema_migrations")"
probe="$("$psql_bin" -X -A -t -h "$work/pg/sock" -p "$pg_port" -U postgres -d smoke \
  -c "select to_regclass('migration_failure_probe') is null")"
check "failing migration not recorded" test "$recorded" = "0001,0002"
check "failing migration rolled back" test "$probe" = t
rc=0; migrate -v "$here/api/migrations-changed:/fixtures/migrations-changed:ro" -e MIGRATIONS_DIR=/fixtures/migrations-changed >"$work/changed.log" 2>&1 || rc=$?
check "edited migration refused (exit 3)" test "$rc" -eq 3
check "api /api/db lists migrations" sh -c "curl -fs 'http://127.0.0.1:$api_port/api/db' | grep -q '\"migrations\":\[\"0001\",\"0002\"\]'"

# notes: the data path the migrations define (created, listed newest first, input checked by PostgreSQL)
notes="http://127.0.0.1:$api_port/api/notes"
check "api /api/notes empty" test "$(curl -fs "$notes")" = '{"notes":[]}'
check "api POST /api/notes 201" test "$(curl -s -o "$work/note.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  --data '{"body":"first note; it'"'"'s \"quoted\""}' "$notes")" = 201
check "api POST answers the note" grep -q '"body" : "first note; it'"'"'s \\"quoted\\""' "$work/note.json"
curl -fs -H 'Content-Type: application/json' --data '{"body":"second note"}' "$notes" >/dev/null
check "api /api/notes newest first" sh -c "curl -fs '$notes' | grep -q '\"body\":\"second note\".*\"body\":\"first note'"
check "api POST without a body field is 400" test \
  "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' --data '{"text":"x"}' "$notes")" = 400
check "api POST that is not JSON is 400" test \
  "$(curl -s -o /dev/null -w '%{http_code}' --data "x'); drop table notes; --" "$notes")" = 400
check "api notes table survives" test "$(curl -s -o /dev/null -w '%{http_code}' "$notes")" = 200
check "api POST elsewhere is 405" test "$(curl -s -o /dev/null -w '%{http_code}' --data '{}' "http://127.0.0.1:$api_port/api/db")" = 405

bad="$(docker run -d --network host -e HOST=127.0.0.1 -e PORT=$((api_port + 1)) \
  -e DATABASE_URL="postgres://smoke:wrong@127.0.0.1:$pg_port/smoke" "$api_image")"
containers+=("$bad")
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$((api_port + 1))/health" >/dev/null && break; sleep 0.1; done
check "api /api/db 503 when the database refuses" test \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((api_port + 1))/api/db")" = 503
failing="$(docker run -d --network host -e HOST=127.0.0.1 -e PORT=$((api_port + 2)) -e FAIL_HEALTH=1 "$api_image")"
containers+=("$failing")
for _ in $(seq 1 300); do curl -s "http://127.0.0.1:$((api_port + 2))/health" >/dev/null && break; sleep 0.1; done
check "FAIL_HEALTH=1 gives 500" test \
  "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$((api_port + 2))/health")" = 500

logs="$(docker logs "$cid" 2>&1; cat "$work"/m1.log "$work"/m2.log "$work/fail.log" "$work/changed.log")"
check "no password in logs" sh -c "! printf '%s' \"\$1\" | grep -q -- '$password'" _ "$logs"
check "no password in process list" sh -c "! docker exec '$cid' ps -o args 2>/dev/null | grep -q -- '$password'"

# --- web (node server.mjs: the page rendered on the server, the rest of dist/) ---
wid="$(docker run -d --network host -e HOST=127.0.0.1 -e PORT="$web_port" -e APP_VERSION="$version" "$web_image")"
containers+=("$wid")
web="http://127.0.0.1:$web_port"
for _ in $(seq 1 300); do curl -fs "$web/health" >/dev/null && break; sleep 0.1; done
check "web /health" test "$(curl -fs "$web/health")" = \
  "{\"status\":\"ok\",\"service\":\"web\",\"version\":\"$version\"}"
# the page as served, before any JavaScript runs
curl -fs -D "$work/page.headers" -o "$work/page.html" "$web/"
check "web / renders the release on the server" grep -q "id=\"web-status\" class=\"ok\">ok, version $version<" "$work/page.html"
assets="$(node -e 'for (const a of Object.values(require(process.argv[1]))) console.log(a)' "$here/web/dist/asset-manifest.json")"
# shellcheck disable=SC2016 # $1 and $2 belong to the inner sh
check "web / references every asset of the manifest" sh -c 'for a in $1; do grep -qF "\"$a\"" "$2" || exit 1; done' _ "$assets" "$work/page.html"
check "web / is HTML, Cache-Control: no-cache" sh -c "grep -qi '^content-type: text/html' '$work/page.headers' && grep -qi '^cache-control: no-cache' '$work/page.headers'"
check "web /index.html is the same page" cmp -s <(curl -fs "$web/index.html") "$work/page.html"
asset="$(grep -o 'assets/app\.[0-9a-f]\{8\}\.js' "$here/web/dist/index.html")"
check "web hashed asset served" cmp -s <(curl -fs "$web/$asset") "$here/web/dist/$asset"
check "web hashed asset immutable" sh -c "curl -fsI '$web/$asset' | grep -qi '^cache-control: public, max-age=31536000, immutable'"
check "web /logo.svg served as SVG" sh -c "curl -fsI '$web/logo.svg' | grep -qi '^content-type: image/svg+xml'"
check "web /robots.txt served" cmp -s <(curl -fs "$web/robots.txt") "$here/web/dist/robots.txt"
check "web 404 for missing file" test "$(curl -s -o /dev/null -w '%{http_code}' "$web/nope.js")" = 404
check "web 404 (not the page) for an unknown path" test "$(curl -s -o /dev/null -w '%{http_code}' "$web/about")" = 404
check "web HEAD / is 200" test "$(curl -s -I -o /dev/null -w '%{http_code}' "$web/")" = 200
check "web POST is 405" test "$(curl -s -o /dev/null -w '%{http_code}' --data x "$web/")" = 405

start="$(date +%s)"; docker stop "$wid" >/dev/null; stop_s=$(( $(date +%s) - start ))
check "web stops quickly on SIGTERM (${stop_s}s)" test "$stop_s" -le 3

docker image ls --format 'SIZE {{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "deploy-example-(base|api|web)" || true
if [[ $failures -gt 0 ]]; then
  echo "smoke test: $failures check(s) failed"
  exit 1
fi
echo "smoke test: all checks passed"
