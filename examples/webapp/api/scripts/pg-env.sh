# shellcheck shell=sh
# Sourced by migrate and handle. Turns $DATABASE_URL into the standard libpq
# environment variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...)
# so that psql never gets the connection string, and so the password, on its
# command line (where `ps` would show it).
#
#   postgres[ql]://[user[:password]@]host[:port][/dbname][?sslmode=...&...]
#
# User, password and database name may be percent-encoded. Without
# DATABASE_URL the PG* variables already in the environment are used as is.

# percent-decode $1 (busybox printf %b understands \xHH)
pg_env_decode() {
  printf '%b' "$(printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/%\([0-9A-Fa-f][0-9A-Fa-f]\)/\\x\1/g')"
}

# pg_env_from_url: exports PG* variables; returns 1 (with a message that never
# contains the URL) if DATABASE_URL is set but not a postgres URL
pg_env_from_url() {
  [ -n "${DATABASE_URL:-}" ] || return 0
  case "$DATABASE_URL" in
    postgres://*|postgresql://*) ;;
    *) echo "DATABASE_URL must start with postgres:// or postgresql://" >&2; return 1 ;;
  esac
  _rest="${DATABASE_URL#*://}"
  _query=""
  case "$_rest" in *\?*) _query="${_rest#*\?}"; _rest="${_rest%%\?*}" ;; esac
  _db=""
  case "$_rest" in */*) _db="${_rest#*/}"; _rest="${_rest%%/*}" ;; esac
  _userinfo=""
  case "$_rest" in *@*) _userinfo="${_rest%@*}"; _rest="${_rest##*@}" ;; esac
  _host="$_rest"
  _port=""
  case "$_host" in
    \[*\]:*) _port="${_host##*\]:}"; _host="${_host%\]:*}"; _host="${_host#\[}" ;;
    \[*\]) _host="${_host#\[}"; _host="${_host%\]}" ;;
    *:*) _port="${_host##*:}"; _host="${_host%:*}" ;;
  esac
  if [ -n "$_userinfo" ]; then
    case "$_userinfo" in
      *:*) PGUSER="$(pg_env_decode "${_userinfo%%:*}")"
           PGPASSWORD="$(pg_env_decode "${_userinfo#*:}")"
           export PGPASSWORD ;;
      *) PGUSER="$(pg_env_decode "$_userinfo")" ;;
    esac
    export PGUSER
  fi
  [ -z "$_host" ] || { PGHOST="$_host"; export PGHOST; }
  [ -z "$_port" ] || { PGPORT="$_port"; export PGPORT; }
  [ -z "$_db" ] || { PGDATABASE="$(pg_env_decode "$_db")"; export PGDATABASE; }
  _oldifs="$IFS"
  IFS='&'
  for _kv in $_query; do
    _k="${_kv%%=*}"
    _v="$(pg_env_decode "${_kv#*=}")"
    case "$_k" in
      sslmode) PGSSLMODE="$_v"; export PGSSLMODE ;;
      sslrootcert) PGSSLROOTCERT="$_v"; export PGSSLROOTCERT ;;
      connect_timeout) PGCONNECT_TIMEOUT="$_v"; export PGCONNECT_TIMEOUT ;;
      application_name) PGAPPNAME="$_v"; export PGAPPNAME ;;
      target_session_attrs) PGTARGETSESSIONATTRS="$_v"; export PGTARGETSESSIONATTRS ;;
      options) PGOPTIONS="${PGOPTIONS:+$PGOPTIONS }$_v"; export PGOPTIONS ;;
      "") ;;
      *) echo "ignoring unsupported DATABASE_URL parameter '$_k'" >&2 ;;
    esac
  done
  IFS="$_oldifs"
  unset _rest _query _db _userinfo _host _port _kv _k _v _oldifs
  return 0
}
