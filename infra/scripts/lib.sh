# shellcheck shell=bash
#
# Shared helpers for ATUM DESK's scripts (setup.sh, demo.sh, test.sh).
# Sourced, never executed: the calling script sets `set -euo pipefail`.
#
# Only what must be shell lives here: npm ci, apt-get, starting PostgreSQL,
# Redis and Chromium without systemd, and creating the database role and
# database as the postgres superuser before the app can connect. Node does
# the rest: infra/scripts/env.mjs reads .env the way the app does, and
# `node ace doctor` checks every service with the app's settings and
# explains what to fix (docs/architecture.md, "Operations").
#
# Every ensure_* function is idempotent: when everything is in place it only
# probes. On a fresh Debian/Ubuntu machine, as root, it installs what is
# missing with ONE apt-get call and starts services (containers have no
# systemd); without root it prints the apt-get commands to run. Services
# are installed and started only when DB_HOST/REDIS_HOST is this machine.
#
# Fatal errors call `fail`, which exits the whole script; functions check
# their own errors instead of relying on `set -e` (which bash ignores inside
# functions called from `if`, `||` or `&&`).

if [[ -n ${ATUM_LIB_SOURCED:-} ]]; then return 0; fi
ATUM_LIB_SOURCED=1

ROOT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"
# Browser tests drive Debian's chromium through playwright-core.
CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}

# ---------------------------------------------------------------------------
# Output and steps
# ---------------------------------------------------------------------------

# Colours only on a terminal: CI logs stay plain text.
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  C_BOLD=$'\e[1m' C_RED=$'\e[31m' C_GREEN=$'\e[32m' C_RESET=$'\e[0m'
else
  C_BOLD='' C_RED='' C_GREEN='' C_RESET=''
fi

log() { printf '%s\n' "$@"; }
info() { printf '%s-->%s %s\n' "$C_BOLD" "$C_RESET" "$*"; }

# fail LINE... : print every argument on its own line, then exit 1.
fail() {
  printf '%sERROR:%s %s\n' "$C_RED" "$C_RESET" "$1" >&2
  shift
  if (($#)); then printf '  %s\n' "$@" >&2; fi
  exit 1
}

have() { command -v "$1" >/dev/null 2>&1; }
is_root() { [[ $(id -u) -eq 0 ]]; }

# Hosts for which we may install and start services on this machine.
is_local_host() {
  case ${1:-} in
    127.0.0.1 | localhost | ::1 | '[::1]') return 0 ;;
    *) return 1 ;;
  esac
}

now_ms() { date +%s%3N; }
fmt_ms() { printf '%d.%ds' $(($1 / 1000)) $((($1 % 1000) / 100)); } # 12345 -> 12.3s

ATUM_STEP=''
ATUM_STEP_NO=0
ATUM_START_MS=$(now_ms)

# step NAME COMMAND [ARGS...]
# Runs COMMAND in the current shell (functions may export variables),
# announced and timed. A failure exits the script through `set -e` (step is
# never called from a condition) and the EXIT trap below names the step.
step() {
  local name=$1 t0
  shift
  ATUM_STEP=$name
  ATUM_STEP_NO=$((ATUM_STEP_NO + 1))
  printf '\n%s[%d] %s%s\n' "$C_BOLD" "$ATUM_STEP_NO" "$name" "$C_RESET"
  t0=$(now_ms)
  "$@"
  printf '%s[%d] ok%s  %s (%s)\n' "$C_GREEN" "$ATUM_STEP_NO" "$C_RESET" "$name" "$(fmt_ms $(($(now_ms) - t0)))"
  ATUM_STEP=''
}

# Install with: trap report_exit EXIT
report_exit() {
  local rc=$?
  if ((rc != 0)); then
    if [[ -n $ATUM_STEP ]]; then
      printf '\n%sFAILED:%s step [%d] "%s" (exit status %d) after %s\n' \
        "$C_RED" "$C_RESET" "$ATUM_STEP_NO" "$ATUM_STEP" "$rc" "$(elapsed_total)" >&2
    else
      printf '\n%sFAILED%s (exit status %d)\n' "$C_RED" "$C_RESET" "$rc" >&2
    fi
  fi
  return "$rc"
}

elapsed_total() { fmt_ms $(($(now_ms) - ATUM_START_MS)); }

# wait_until SECONDS COMMAND [ARGS...]: poll until COMMAND succeeds.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.5
  done
}

# tcp_open HOST PORT: true when something accepts TCP connections there.
# `timeout` guards against hosts that drop packets (connect would hang).
tcp_open() {
  # shellcheck disable=SC2016 # $1/$2 are expanded by the inner bash
  timeout 3 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$1" "$2" 2>/dev/null
}

# ---------------------------------------------------------------------------
# Node.js, npm dependencies, environment
# ---------------------------------------------------------------------------

# Node.js must run before anything else can (npm ci, env.mjs, node ace).
ensure_node() {
  have node || fail "Node.js >= 20.6 is required (node is not on PATH)."
  node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 6) ? 0 : 1)' ||
    fail "Node.js >= 20.6 is required; found $(node --version)."
  have npm || fail "npm is required (it ships with Node.js)."
}

# `npm ci` when node_modules is missing or older than package-lock.json
# (npm writes node_modules/.package-lock.json at the end of every install).
ensure_node_modules() {
  ensure_node
  local lock=$ROOT_DIR/package-lock.json marker=$ROOT_DIR/node_modules/.package-lock.json
  [[ -f $lock ]] || fail "package-lock.json is missing: run 'npm install' and commit the lock file."
  if [[ -d $ROOT_DIR/node_modules && -f $marker && ! $lock -nt $marker ]]; then
    info "node_modules is up to date with package-lock.json"
    return 0
  fi
  info "Installing npm dependencies (npm ci)"
  # --include=dev: building and testing need devDependencies even when the
  # caller's environment says NODE_ENV=production.
  (cd "$ROOT_DIR" && npm ci --include=dev --no-audit --no-fund) || fail "npm ci failed."
}

# .env from .env.example with a random APP_KEY, on first run only.
ensure_env_file() { node "$ROOT_DIR/infra/scripts/env.mjs" init || fail "Could not write .env."; }

# load_env [--test]: exports the app's settings into this shell (the process
# environment wins, then .env, then .env.example; --test: as a test run sees
# them), so every command below and the app itself use the same values.
# shellcheck disable=SC2120 # test.sh passes --test
load_env() {
  local exports
  exports=$(node "$ROOT_DIR/infra/scripts/env.mjs" export "$@") || fail "Could not read the .env files."
  eval "$exports"
  : "${DB_HOST:?DB_HOST is not set (see .env.example)}" "${DB_PORT:?DB_PORT is not set}" \
    "${DB_USER:?DB_USER is not set}" "${DB_DATABASE:?DB_DATABASE is not set}" \
    "${REDIS_HOST:?REDIS_HOST is not set}" "${REDIS_PORT:?REDIS_PORT is not set}"
}

# ---------------------------------------------------------------------------
# System packages (apt)
# ---------------------------------------------------------------------------

ATUM_APT_UPDATED=''

# apt_install PKG...: one `apt-get install` for everything missing. Without
# root (or without apt) it prints the commands to run and exits 1.
apt_install() {
  (($#)) || return 0
  if ! have apt-get; then
    fail "Missing software: $*." "This is not a Debian/Ubuntu machine: install the equivalent packages, then re-run."
  fi
  if ! is_root; then
    fail "Missing system packages: $*. Run these commands, then re-run this script:" \
      "sudo apt-get update" \
      "sudo DEBIAN_FRONTEND=noninteractive apt-get install -y $*"
  fi
  info "Installing with apt-get: $*"
  if [[ -z $ATUM_APT_UPDATED ]]; then
    apt-get update || fail "apt-get update failed."
    ATUM_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" || fail "apt-get install $* failed."
}

pg_server_installed() {
  have pg_ctlcluster && compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null
}

# ensure_packages COMPONENT...  (postgres | psql | redis | chromium)
# Works out which Debian packages are still needed and installs them all in
# one apt-get call. A service that already listens needs nothing, except
# the psql client that creates the role and database.
ensure_packages() {
  local -a pkgs=()
  local component
  for component in "$@"; do
    case $component in
      postgres)
        if pg_is_up; then
          have psql || pkgs+=(postgresql-client)
        elif is_local_host "$DB_HOST" && ! pg_server_installed; then
          pkgs+=(postgresql) # brings postgresql-client and the extensions (pg_trgm, btree_gin)
        fi
        ;;
      psql) have psql || pkgs+=(postgresql-client) ;;
      redis)
        if ! redis_is_up && is_local_host "$REDIS_HOST" && ! have redis-server; then
          pkgs+=(redis-server)
        fi
        ;;
      chromium) [[ -x $CHROMIUM_PATH ]] || pkgs+=(chromium) ;;
      *) fail "ensure_packages: unknown component '$component'" ;;
    esac
  done
  # postgresql already depends on postgresql-client: keep one of them.
  if [[ " ${pkgs[*]} " == *" postgresql "* ]]; then
    local -a kept=()
    for component in "${pkgs[@]}"; do [[ $component == postgresql-client ]] || kept+=("$component"); done
    pkgs=("${kept[@]}")
  fi
  if ((${#pkgs[@]})); then apt_install "${pkgs[@]}"; fi
}

# ensure_services COMPONENT...: install everything missing at once, then
# make sure each local service runs. Whether they answer as the app needs
# (password, database, extensions) is `node ace doctor`'s to say.
ensure_services() {
  ensure_packages "$@"
  local component
  for component in "$@"; do
    case $component in
      postgres) ensure_postgres ;;
      redis) ensure_redis ;;
      chromium) ensure_chromium ;;
      *) fail "ensure_services: unknown component '$component'" ;;
    esac
  done
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

# Accepting connections? pg_isready when installed, else a plain TCP connect
# (a fresh machine may have neither client nor server).
pg_is_up() {
  if have pg_isready; then
    pg_isready -q -h "$DB_HOST" -p "$DB_PORT" -t 3
  else
    tcp_open "$DB_HOST" "$DB_PORT"
  fi
}

# Start the local cluster that should listen on DB_PORT, without systemd.
_pg_start_local() {
  local ver='' cluster='' status='' line
  # The cluster configured for DB_PORT, if pg_lsclusters knows one.
  if have pg_lsclusters; then
    line=$(pg_lsclusters -h 2>/dev/null | awk -v port="$DB_PORT" '$3 == port { print $1, $2, $4; exit }')
    if [[ -n $line ]]; then read -r ver cluster status <<<"$line"; fi
  fi
  if [[ -z $ver ]]; then
    # Debian's package creates <newest version>/main (port 5432).
    ver=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
    cluster=main
    if [[ -n $ver && -d /etc/postgresql/$ver/main ]]; then
      fail "PostgreSQL cluster $ver/main does not listen on DB_PORT=$DB_PORT." \
        "Set DB_PORT to its port (see: pg_lsclusters), or create a cluster: pg_createcluster -p $DB_PORT $ver atum --start"
    fi
    # Server installed but no cluster at all (e.g. dropped): create main.
    ver=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -type d -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)
    [[ -n $ver ]] || fail "PostgreSQL server binaries not found under /usr/lib/postgresql."
    is_root || fail "No PostgreSQL cluster exists. Run:" "sudo pg_createcluster -p $DB_PORT $ver main"
    info "Creating PostgreSQL cluster $ver/main on port $DB_PORT"
    pg_createcluster -p "$DB_PORT" "$ver" main || fail "pg_createcluster failed."
  fi
  if [[ $status == online* ]]; then
    fail "PostgreSQL cluster $ver/$cluster is running but does not accept connections on $DB_HOST:$DB_PORT." \
      "Check listen_addresses in /etc/postgresql/$ver/$cluster/postgresql.conf and /var/log/postgresql/postgresql-$ver-$cluster.log"
  fi
  is_root || fail "PostgreSQL is installed but not running. Run:" \
    "sudo pg_ctlcluster --skip-systemctl-redirect $ver $cluster start"
  # /run is often empty after a container restart: the socket dir must exist.
  if [[ ! -d /var/run/postgresql ]]; then
    install -d -m 2775 -o postgres -g postgres /var/run/postgresql
  fi
  info "Starting PostgreSQL $ver/$cluster (pg_ctlcluster, no systemd)"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start ||
    fail "pg_ctlcluster $ver $cluster start failed; see /var/log/postgresql/postgresql-$ver-$cluster.log"
}

ensure_postgres() {
  if pg_is_up; then
    info "PostgreSQL is accepting connections on $DB_HOST:$DB_PORT"
  elif ! is_local_host "$DB_HOST"; then
    info "PostgreSQL at $DB_HOST:$DB_PORT is another machine's: nothing to start here"
  else
    ensure_packages postgres
    _pg_start_local
    wait_until 30 pg_is_up ||
      fail "PostgreSQL did not start accepting connections on $DB_HOST:$DB_PORT within 30s; see /var/log/postgresql/."
    info "PostgreSQL is accepting connections on $DB_HOST:$DB_PORT"
  fi
}

# psql as the superuser "postgres": peer authentication over the local
# socket (Debian's default pg_hba.conf), run from / so the postgres user can
# read its working directory. Without a postgres OS user or socket (e.g. a
# server in a container), TCP as "postgres" (works with trust auth).
_psql_admin() {
  if id -u postgres >/dev/null 2>&1 && [[ -S /var/run/postgresql/.s.PGSQL.$DB_PORT ]]; then
    (cd / && runuser -u postgres -- psql -X -w -q -v ON_ERROR_STOP=1 -p "$DB_PORT" "$@")
  else
    PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U postgres "$@"
  fi
}

_can_admin_pg() { is_root && is_local_host "$DB_HOST"; }

# ensure_db_role_and_database NAME
# As the postgres superuser, on this machine and as root only: DB_USER can
# log in with DB_PASSWORD (created with CREATEDB when missing; its password
# set when it cannot log in), and database NAME exists, owned by DB_USER
# (so the migrations may create tables in schema public and the trusted
# extensions pg_trgm and btree_gin). Elsewhere that is the server admin's
# job, and `node ace doctor` prints the SQL to run.
ensure_db_role_and_database() {
  local db=${1:?usage: ensure_db_role_and_database DATABASE}
  if ! _can_admin_pg; then
    info "Not root, or PostgreSQL runs elsewhere: the role and database are left to its admin (node ace doctor checks them)"
    return 0
  fi
  ensure_packages psql

  if ! PGPASSWORD=${DB_PASSWORD:-} PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$DB_HOST" -p "$DB_PORT" \
    -U "$DB_USER" -d postgres -c 'SELECT 1' >/dev/null 2>&1; then
    info "Role '$DB_USER' cannot log in with DB_PASSWORD: creating it, or setting its password"
    # Values travel as psql variables, quoted by format(%I, %L): no shell
    # interpolation into SQL.
    _psql_admin -d postgres -v role="$DB_USER" -v pass="${DB_PASSWORD:-}" <<'SQL' || fail "Could not create or alter role '$DB_USER' as the postgres superuser."
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
            THEN format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pass')
            ELSE format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'role', :'pass')
       END
\gexec
SQL
  fi

  _psql_admin -d postgres -v db="$db" -v role="$DB_USER" <<'SQL' || fail "Could not create database '$db' as the postgres superuser."
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')
\gexec
SQL
  info "Role '$DB_USER' and database '$db' are in place"
}

# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------

# Something listens on REDIS_HOST:REDIS_PORT (whether it answers PING with
# REDIS_PASSWORD is node ace doctor's check).
redis_is_up() { tcp_open "$REDIS_HOST" "$REDIS_PORT"; }

ensure_redis() {
  if redis_is_up; then
    info "Redis is listening on $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  if ! is_local_host "$REDIS_HOST"; then
    info "Redis at $REDIS_HOST:$REDIS_PORT is another machine's: nothing to start here"
    return 0
  fi
  ensure_packages redis
  local bind=127.0.0.1
  if [[ $REDIS_HOST == ::1 || $REDIS_HOST == '[::1]' ]]; then bind=::1; fi
  # No systemd in containers: daemonize directly. Nothing is persisted (the
  # app keeps only sessions, cache and queues there). Any user may do this.
  local log=${TMPDIR:-/tmp}/atum-desk-redis-$REDIS_PORT.log
  local -a args=(--daemonize yes --bind "$bind" --port "$REDIS_PORT" --save '' --appendonly no --logfile "$log")
  if [[ -n ${REDIS_PASSWORD:-} ]]; then args+=(--requirepass "$REDIS_PASSWORD"); fi
  info "Starting redis-server on $bind:$REDIS_PORT (daemonized, no persistence)"
  redis-server "${args[@]}" || fail "redis-server failed to start."
  wait_until 15 redis_is_up || fail "Redis did not listen on $REDIS_HOST:$REDIS_PORT within 15s; see $log"
  info "Redis is listening on $REDIS_HOST:$REDIS_PORT"
}

# ---------------------------------------------------------------------------
# Chromium (browser tests)
# ---------------------------------------------------------------------------

ensure_chromium() {
  [[ -x $CHROMIUM_PATH ]] || ensure_packages chromium
  if [[ ! -x $CHROMIUM_PATH ]]; then
    fail "apt-get installed 'chromium' but $CHROMIUM_PATH is still missing." \
      "On Ubuntu that package is a stub for the snap, which the browser tests cannot use." \
      "Install a real Chromium (e.g. Debian's chromium package) so that $CHROMIUM_PATH exists."
  fi
  info "Chromium found at $CHROMIUM_PATH"
}

# ---------------------------------------------------------------------------
# The shared part of `npm run setup` and `npm run demo`
# ---------------------------------------------------------------------------

setup_app() {
  step "Node.js and npm dependencies" ensure_node_modules
  step ".env file" ensure_env_file
  # shellcheck disable=SC2119 # the app's own settings: no --test
  load_env
  step "PostgreSQL and Redis" ensure_services postgres redis
  step "Database role '$DB_USER' and database '$DB_DATABASE'" ensure_db_role_and_database "$DB_DATABASE"
  step "Environment check (node ace doctor)" node ace doctor
  step "Migrations" node ace migration:run --force
}
