# shellcheck shell=bash
#
# Shared helpers for ATUM DESK's scripts (setup.sh, demo.sh, test.sh).
# Sourced, never executed: the calling script sets `set -euo pipefail`.
#
# Every ensure_* function is idempotent. When everything is already in place
# it only probes (a few milliseconds each) and never runs apt-get. On a fresh
# Debian/Ubuntu machine it installs what is missing with ONE apt-get call and
# starts services without systemd (containers have none). Without root it
# prints the exact commands to run and exits 1.
#
# Fatal errors call `fail`, which exits the whole script; functions check
# their own errors instead of relying on `set -e` (which bash ignores inside
# functions called from `if`, `||` or `&&`).

if [[ -n ${ATUM_LIB_SOURCED:-} ]]; then return 0; fi
ATUM_LIB_SOURCED=1

ROOT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd)"
# Browser tests drive Debian's chromium through playwright-core (see STACK.md).
CHROMIUM_PATH=/usr/bin/chromium

# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

# Colours only on a terminal: CI logs stay plain text.
if [[ -t 1 && -z ${NO_COLOR:-} ]]; then
  C_BOLD=$'\e[1m' C_RED=$'\e[31m' C_GREEN=$'\e[32m' C_YELLOW=$'\e[33m' C_RESET=$'\e[0m'
else
  C_BOLD='' C_RED='' C_GREEN='' C_YELLOW='' C_RESET=''
fi

log() { printf '%s\n' "$@"; }
info() { printf '%s-->%s %s\n' "$C_BOLD" "$C_RESET" "$*"; }
warn() { printf '%sWARNING:%s %s\n' "$C_YELLOW" "$C_RESET" "$*" >&2; }

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

# fmt_ms 12345 -> 12.3s
fmt_ms() { printf '%d.%ds' $(($1 / 1000)) $((($1 % 1000) / 100)); }

# ---------------------------------------------------------------------------
# Steps: announced, timed, and named in the error line when they fail
# ---------------------------------------------------------------------------

ATUM_STEP=''
ATUM_STEP_NO=0
ATUM_START_MS=$(now_ms)

# step NAME COMMAND [ARGS...]
# Runs COMMAND in the current shell, so functions can export variables. A
# failure exits the script through `set -e` (step is never called from a
# condition) and the EXIT trap below names the step.
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
        "$C_RED" "$C_RESET" "$ATUM_STEP_NO" "$ATUM_STEP" "$rc" "$(fmt_ms $(($(now_ms) - ATUM_START_MS)))" >&2
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
# Environment (dotenv files)
# ---------------------------------------------------------------------------

# load_env [--override] FILE...
# Exports KEY=VALUE lines of each dotenv file, but never overrides a variable
# that is already set: the process environment wins, then the first file
# that defines the key. With --override the files win instead (used for
# .env.test, which bin/test.ts forces over the environment too).
# The file is parsed, never sourced, so values are not executed. Handles
# comments, blank lines, `export KEY=`, and single or double quotes;
# unquoted values end at `#` (like dotenv). No `$VAR` interpolation (our
# keys do not use it).
load_env() {
  local file line key value override=''
  if [[ ${1:-} == --override ]]; then
    override=1
    shift
  fi
  for file in "$@"; do
    [[ -f $file ]] || continue
    while IFS= read -r line || [[ -n $line ]]; do
      line=${line%$'\r'}
      [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=(.*)$ ]] || continue
      key=${BASH_REMATCH[2]}
      value=${BASH_REMATCH[3]}
      if [[ -z $override && -n ${!key+x} ]]; then continue; fi
      value=${value#"${value%%[![:space:]]*}"} # trim leading blanks
      if [[ $value =~ ^\"(.*)\"[[:space:]]*(#.*)?$ || $value =~ ^\'(.*)\'[[:space:]]*(#.*)?$ ]]; then
        value=${BASH_REMATCH[1]}
      else
        value=${value%%#*}
        value=${value%"${value##*[![:space:]]}"} # trim trailing blanks
      fi
      printf -v "$key" '%s' "$value"
      export "${key?}"
    done <"$file"
  done
}

generate_app_key() {
  node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))"
}

# Replace (or append) the APP_KEY line of dotenv file $1 with key $2.
_write_app_key() {
  local file=$1 key=$2 tmp
  tmp=$(mktemp "$file.XXXXXX")
  awk -v key="$key" '
    /^[[:space:]]*(export[[:space:]]+)?APP_KEY[[:space:]]*=/ { print "APP_KEY=" key; done = 1; next }
    { print }
    END { if (!done) print "APP_KEY=" key }
  ' "$file" >"$tmp"
  chmod 600 "$tmp" # .env holds secrets
  mv "$tmp" "$file"
}

# .env: created from .env.example on first run, with a fresh APP_KEY. An
# existing .env is left alone, except that a placeholder/empty APP_KEY is
# replaced (the app signs cookies with it).
ensure_env_file() {
  local env_file=$ROOT_DIR/.env example=$ROOT_DIR/.env.example key current
  if [[ ! -f $env_file ]]; then
    [[ -f $example ]] || fail "Neither .env nor .env.example exists in $ROOT_DIR."
    key=$(generate_app_key) || fail "Could not generate APP_KEY with node."
    cp "$example" "$env_file"
    _write_app_key "$env_file" "$key"
    info "Created .env from .env.example with a new random APP_KEY"
    return 0
  fi
  # Read APP_KEY with the same parser as load_env, in a subshell so the
  # caller's environment is untouched.
  current=$(
    unset APP_KEY
    load_env "$env_file"
    printf '%s' "${APP_KEY:-}"
  )
  if [[ -z $current || $current == change-me* ]]; then
    key=$(generate_app_key) || fail "Could not generate APP_KEY with node."
    _write_app_key "$env_file" "$key"
    info "Replaced the placeholder APP_KEY in .env with a random key"
  else
    info ".env exists; keeping it"
  fi
}

# ---------------------------------------------------------------------------
# Node.js and npm dependencies
# ---------------------------------------------------------------------------

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
# one apt-get call. A reachable service needs nothing installed, except the
# psql client that creates roles and databases.
ensure_packages() {
  local -a pkgs=()
  local component
  for component in "$@"; do
    case $component in
      postgres)
        if pg_is_up; then
          have psql || pkgs+=(postgresql-client)
        elif is_local_host "$DB_HOST" && ! pg_server_installed; then
          pkgs+=(postgresql) # brings postgresql-client and contrib (pg_trgm)
        fi # remote and down: ensure_postgres explains; nothing to install
        ;;
      psql) have psql || pkgs+=(postgresql-client) ;;
      redis)
        if [[ $(redis_reply) != PONG ]] && is_local_host "$REDIS_HOST" && ! have redis-server; then
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
# make sure each service runs.
ensure_services() {
  ensure_packages "$@"
  local component
  for component in "$@"; do
    case $component in
      postgres) ensure_postgres ;;
      redis) ensure_redis ;;
      chromium) ensure_chromium ;;
      psql) ;;
      *) fail "ensure_services: unknown component '$component'" ;;
    esac
  done
}

# ---------------------------------------------------------------------------
# PostgreSQL
# ---------------------------------------------------------------------------

_require_db_env() {
  : "${DB_HOST:?DB_HOST is not set (see .env.example)}" "${DB_PORT:?DB_PORT is not set}" \
    "${DB_USER:?DB_USER is not set}" "${DB_DATABASE:?DB_DATABASE is not set}"
}

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
  if ! is_root; then
    fail "PostgreSQL is installed but not running. Run:" \
      "sudo pg_ctlcluster --skip-systemctl-redirect $ver $cluster start"
  fi
  # /run is often empty after a container restart: the socket dir must exist.
  if [[ ! -d /var/run/postgresql ]]; then
    install -d -m 2775 -o postgres -g postgres /var/run/postgresql
  fi
  info "Starting PostgreSQL $ver/$cluster (pg_ctlcluster, no systemd)"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$cluster" start ||
    fail "pg_ctlcluster $ver $cluster start failed; see /var/log/postgresql/postgresql-$ver-$cluster.log"
}

ensure_postgres() {
  _require_db_env
  if pg_is_up; then
    info "PostgreSQL is accepting connections on $DB_HOST:$DB_PORT"
    return 0
  fi
  if ! is_local_host "$DB_HOST"; then
    fail "PostgreSQL is not reachable at $DB_HOST:$DB_PORT." \
      "DB_HOST is not this machine, so nothing is installed or started here:" \
      "start that server, or fix DB_HOST/DB_PORT (process environment or .env)."
  fi
  ensure_packages postgres
  _pg_start_local
  wait_until 30 pg_is_up ||
    fail "PostgreSQL did not start accepting connections on $DB_HOST:$DB_PORT within 30s; see /var/log/postgresql/."
  info "PostgreSQL is accepting connections on $DB_HOST:$DB_PORT"
}

# psql as the app's role, over TCP exactly like the app connects. -X: no
# ~/.psqlrc; -w: never prompt for a password.
_psql_app() {
  PGPASSWORD=${DB_PASSWORD:-} PGCONNECT_TIMEOUT=5 \
    psql -X -w -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U "$DB_USER" "$@"
}

# psql as the superuser "postgres": peer authentication over the local
# socket (Debian's default pg_hba.conf), run from / so the postgres user can
# read its working directory. Without a postgres OS user or socket (e.g. a
# server in a container), try TCP as "postgres" (works with trust auth).
_psql_admin() {
  if id -u postgres >/dev/null 2>&1 && [[ -S /var/run/postgresql/.s.PGSQL.$DB_PORT ]]; then
    (cd / && runuser -u postgres -- psql -X -w -q -v ON_ERROR_STOP=1 -p "$DB_PORT" "$@")
  else
    PGCONNECT_TIMEOUT=5 psql -X -w -q -v ON_ERROR_STOP=1 -h "$DB_HOST" -p "$DB_PORT" -U postgres "$@"
  fi
}

_can_admin_pg() { is_root && is_local_host "$DB_HOST"; }

# Prints "owner|is_superuser|pg_trgm_available" for database $1 (owner is
# empty when the database does not exist). Fails when DB_USER cannot log in.
_pg_probe() {
  _psql_app -d postgres -tA -v db="$1" <<'SQL'
SELECT coalesce((SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'db'), ''),
       (SELECT rolsuper FROM pg_roles WHERE rolname = current_user),
       EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm');
SQL
}

# Create DB_USER (LOGIN, CREATEDB, password DB_PASSWORD), or reset its
# password when it exists. Quoting is done by format(%I, %L), values are
# passed as psql variables: no shell interpolation into SQL.
_pg_admin_ensure_role() {
  local exists
  exists=$(_psql_admin -d postgres -tA -v role="$DB_USER" <<<"SELECT 1 FROM pg_roles WHERE rolname = :'role'") ||
    fail "Cannot run psql as the postgres superuser (runuser -u postgres -- psql -p $DB_PORT)."
  if [[ $exists == 1 ]]; then
    info "Role '$DB_USER' exists but cannot log in with DB_PASSWORD: resetting its password"
  else
    info "Creating role '$DB_USER' (LOGIN CREATEDB)"
  fi
  _psql_admin -d postgres -v role="$DB_USER" -v pass="${DB_PASSWORD:-}" <<'SQL' || fail "Could not create/alter role '$DB_USER'."
SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
            THEN format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'role', :'pass')
            ELSE format('CREATE ROLE %I LOGIN PASSWORD %L CREATEDB', :'role', :'pass')
       END
\gexec
SQL
}

# ensure_db_role_and_database NAME
# DB_USER can log in with DB_PASSWORD, and database NAME exists, owned by
# DB_USER. Owning the database is what `CREATE EXTENSION pg_trgm` needs on
# PostgreSQL 13+ (pg_trgm is a trusted extension) and what the public schema
# needs on 15+.
ensure_db_role_and_database() {
  local db=${1:?usage: ensure_db_role_and_database DATABASE} probe owner super trgm
  _require_db_env
  ensure_packages psql

  if ! probe=$(_pg_probe "$db" 2>/dev/null); then
    if ! _can_admin_pg; then
      fail "Cannot log in to PostgreSQL at $DB_HOST:$DB_PORT as '$DB_USER' with DB_PASSWORD." \
        "Ask a PostgreSQL superuser to run (then re-run this script):" \
        "CREATE ROLE \"$DB_USER\" LOGIN PASSWORD '<DB_PASSWORD>' CREATEDB;" \
        "CREATE DATABASE \"$db\" OWNER \"$DB_USER\";"
    fi
    _pg_admin_ensure_role
    probe=$(_pg_probe "$db") ||
      fail "Still cannot log in as '$DB_USER' after setting its password: check pg_hba.conf for $DB_HOST."
  fi
  IFS='|' read -r owner super trgm <<<"$probe"

  if [[ -z $owner ]]; then
    info "Creating database '$db' owned by '$DB_USER'"
    if _can_admin_pg; then
      _psql_admin -d postgres -v db="$db" -v role="$DB_USER" \
        <<<"SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') \gexec" ||
        fail "Could not create database '$db'."
    else
      # The role was created with CREATEDB; the creator becomes the owner.
      _psql_app -d postgres -v db="$db" <<<"SELECT format('CREATE DATABASE %I', :'db') \gexec" ||
        fail "Could not create database '$db' as '$DB_USER' (does it have CREATEDB?)." \
          "Ask a PostgreSQL superuser to run: CREATE DATABASE \"$db\" OWNER \"$DB_USER\";"
    fi
  elif [[ $owner != "$DB_USER" && $super != t ]]; then
    if _can_admin_pg; then
      # Not ours to re-own; grant what migrations and CREATE EXTENSION need.
      info "Database '$db' is owned by '$owner': granting '$DB_USER' CREATE on it and on schema public"
      _psql_admin -d "$db" -v db="$db" -v role="$DB_USER" <<'SQL' || fail "Could not grant privileges on '$db'."
SELECT format('GRANT CONNECT, CREATE, TEMPORARY ON DATABASE %I TO %I', :'db', :'role') \gexec
SELECT format('GRANT USAGE, CREATE ON SCHEMA public TO %I', :'role') \gexec
SQL
    else
      warn "Database '$db' is owned by '$owner', not '$DB_USER': migrations may fail." \
        "A superuser can fix it with: ALTER DATABASE \"$db\" OWNER TO \"$DB_USER\";"
    fi
  else
    info "Database '$db' exists and '$DB_USER' can log in"
  fi

  if [[ $trgm != t ]]; then
    warn "Extension pg_trgm is not available on this server (Debian: it ships with the postgresql package; elsewhere install postgresql-contrib)."
  fi
}

# ---------------------------------------------------------------------------
# Redis
# ---------------------------------------------------------------------------

# Prints the reply to PING (after AUTH when REDIS_PASSWORD is set): "PONG"
# when healthy, an error text when reachable but unhappy, nothing when down.
redis_reply() {
  : "${REDIS_HOST:?REDIS_HOST is not set}" "${REDIS_PORT:?REDIS_PORT is not set}"
  local reply
  if have redis-cli; then
    # REDISCLI_AUTH keeps the password out of the process list.
    if [[ -n ${REDIS_PASSWORD:-} ]]; then
      reply=$(REDISCLI_AUTH=$REDIS_PASSWORD timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) || true
    else
      reply=$(timeout 5 redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null) || true
    fi
  else
    # Plain RESP over bash's /dev/tcp; AUTH is sent as an array so any
    # password characters are safe. LC_ALL=C: ${#pw} counts bytes.
    # shellcheck disable=SC2016 # expanded by the inner bash
    reply=$(LC_ALL=C timeout 5 bash -c '
      exec 3<>"/dev/tcp/$1/$2" || exit 1
      if [[ -n $3 ]]; then
        printf "*2\r\n\$4\r\nAUTH\r\n\$%d\r\n%s\r\n" "${#3}" "$3" >&3
        IFS= read -r line <&3
        # Like ioredis, carry on when the server simply has no password.
        if [[ $line != +OK* && $line != *"without any password"* && $line != *"no password is set"* ]]; then
          printf "%s\n" "$line"
          exit 0
        fi
      fi
      printf "PING\r\n" >&3
      IFS= read -r line <&3
      printf "%s\n" "$line"
    ' _ "$REDIS_HOST" "$REDIS_PORT" "${REDIS_PASSWORD:-}" 2>/dev/null) || true
    reply=${reply//$'\r'/}
    reply=${reply#+}
  fi
  printf '%s' "$reply"
}

redis_is_up() { [[ $(redis_reply) == PONG ]]; }

ensure_redis() {
  local reply bind=127.0.0.1
  reply=$(redis_reply)
  if [[ $reply == PONG ]]; then
    info "Redis answers PING on $REDIS_HOST:$REDIS_PORT"
    return 0
  fi
  if [[ -n $reply ]]; then
    fail "Redis at $REDIS_HOST:$REDIS_PORT answered '$reply' to PING: check REDIS_PASSWORD."
  fi
  if ! is_local_host "$REDIS_HOST"; then
    fail "Redis is not reachable at $REDIS_HOST:$REDIS_PORT." \
      "REDIS_HOST is not this machine, so nothing is installed or started here:" \
      "start that server, or fix REDIS_HOST/REDIS_PORT (process environment or .env)."
  fi
  ensure_packages redis
  if [[ $REDIS_HOST == ::1 || $REDIS_HOST == '[::1]' ]]; then bind=::1; fi
  # No systemd in containers: daemonize directly. Nothing is persisted (the
  # app keeps only sessions, cache and queues there). Any user may do this.
  local -a args=(--daemonize yes --bind "$bind" --port "$REDIS_PORT" --save '' --appendonly no
    --logfile "${TMPDIR:-/tmp}/atum-desk-redis-$REDIS_PORT.log")
  if [[ -n ${REDIS_PASSWORD:-} ]]; then args+=(--requirepass "$REDIS_PASSWORD"); fi
  info "Starting redis-server on $bind:$REDIS_PORT (daemonized, no persistence)"
  redis-server "${args[@]}" || fail "redis-server failed to start."
  wait_until 15 redis_is_up ||
    fail "Redis did not answer PING on $REDIS_HOST:$REDIS_PORT within 15s; see ${TMPDIR:-/tmp}/atum-desk-redis-$REDIS_PORT.log"
  info "Redis answers PING on $REDIS_HOST:$REDIS_PORT"
}

# ---------------------------------------------------------------------------
# Chromium (browser tests)
# ---------------------------------------------------------------------------

ensure_chromium() {
  if [[ ! -x $CHROMIUM_PATH ]]; then
    ensure_packages chromium
  fi
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

# Loads .env into the environment (the process environment wins; keys that
# an old .env lacks come from .env.example), so every command below and the
# app itself see the same values.
load_app_env() {
  load_env "$ROOT_DIR/.env" "$ROOT_DIR/.env.example"
  _require_db_env
  : "${REDIS_HOST:?REDIS_HOST is not set}" "${REDIS_PORT:?REDIS_PORT is not set}"
}

setup_app() {
  step "Node.js and npm dependencies" ensure_node_modules
  step ".env file" ensure_env_file
  load_app_env
  step "PostgreSQL and Redis" ensure_services postgres redis
  step "Database role '$DB_USER' and database '$DB_DATABASE'" ensure_db_role_and_database "$DB_DATABASE"
  step "Migrations" node ace migration:run --force
}
