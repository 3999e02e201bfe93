#!/usr/bin/env bash
# npm test: the whole quality gate, from a fresh machine or a dev checkout.
#   1. npm dependencies               7. fresh schema
#   2. test environment               8. ESLint
#   3. PostgreSQL, Redis, Chromium    9. TypeScript (tsc --noEmit)
#   4. test role and database        10. all Japa suites under c8 coverage
#   5. test superuser                11. fresh schema without plugins
#   6. node ace doctor               12. unit + functional suites without plugins
# Each step is announced and timed; the first failure stops the run with a
# line naming the step, and the exit status is non-zero.
set -euo pipefail

# shellcheck source=infra/scripts/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT_DIR"
trap report_exit EXIT

NO_PLUGINS_DIR=tests/fixtures/no_plugins

log "ATUM DESK test run: $(date -u '+%Y-%m-%d %H:%M:%S UTC') in $ROOT_DIR"

step "Node.js and npm dependencies" ensure_node_modules

# What the app's test runner (bin/test.ts) will see, exported so that these
# scripts and every `node ace` command below use the same values: .env.test
# forced over everything (its own port, database and Redis database), then
# the process environment, then .env, then .env.example for connection
# settings still missing; PLUGINS_PATHS from TEST_PLUGINS_PATHS (app plugins
# and the fixture plugin by default), so that migration:fresh creates the
# tables of exactly the plugins under test.
load_test_env() {
  [[ -f .env.test ]] || fail ".env.test is missing: it sets the test database, port and Redis database."
  load_env --test
  # migration:fresh drops every table: never point it at a real database.
  if [[ $DB_DATABASE != *test* && -z ${ATUM_ALLOW_FRESH_ANY_DB:-} ]]; then
    fail "Refusing to run migration:fresh on database '$DB_DATABASE' (its name does not contain 'test')." \
      "Fix DB_DATABASE in .env.test, or set ATUM_ALLOW_FRESH_ANY_DB=1 if you really mean it."
  fi
  info "database $DB_USER@$DB_HOST:$DB_PORT/$DB_DATABASE, Redis $REDIS_HOST:$REDIS_PORT db ${REDIS_DB:-0}, port ${PORT:-?}"
  info "PLUGINS_PATHS=$PLUGINS_PATHS"
}
step "Test environment (.env.test, environment, .env, .env.example)" load_test_env

step "PostgreSQL, Redis and Chromium" ensure_services postgres redis chromium
step "Test role '$DB_USER' and database '$DB_DATABASE'" ensure_db_role_and_database "$DB_DATABASE"

# The audit tamper tests switch off the append-only trigger of audit_events,
# which takes a PostgreSQL superuser (the app's own role must not be one).
# "postgres" over TCP works where authentication is trust (CI machines); on a
# fresh Debian install it needs a password, so a test-only superuser with a
# password is created through the local socket instead.
ensure_test_superuser() {
  local user=${TEST_PG_SUPERUSER:-postgres}
  if PGPASSWORD=${TEST_PG_SUPERUSER_PASSWORD:-} PGCONNECT_TIMEOUT=5 psql -X -w -q -h "$DB_HOST" -p "$DB_PORT" \
    -U "$user" -d "$DB_DATABASE" -tAc 'SELECT 1' >/dev/null 2>&1; then
    export TEST_PG_SUPERUSER=$user
    return 0
  fi
  _can_admin_pg || fail "The audit tamper tests need a PostgreSQL superuser: set TEST_PG_SUPERUSER and TEST_PG_SUPERUSER_PASSWORD."
  _psql_admin -d postgres <<'SQL' || fail "Could not create the test superuser role."
SELECT 'CREATE ROLE atum_test_superuser LOGIN SUPERUSER PASSWORD ''atum-test-superuser'''
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'atum_test_superuser')
\gexec
SQL
  export TEST_PG_SUPERUSER=atum_test_superuser TEST_PG_SUPERUSER_PASSWORD=atum-test-superuser
}
step "Test superuser for the audit tamper tests" ensure_test_superuser

# Every service as the tests will use it; a failure here names what to fix.
step "Environment check (node ace doctor)" node ace doctor

# A clean schema on every run, instead of dropping the database.
step "Fresh schema (migration:fresh)" node ace migration:fresh --force

# --no: use the project's pinned tools, never download another version.
step "ESLint" npx --no -- eslint .
step "TypeScript (tsc --noEmit)" npx --no -- tsc --noEmit

# c8 sets NODE_V8_COVERAGE; `node ace test` and the test process it spawns
# (bin/test.js, run with --enable-source-maps) write V8 coverage there, and
# c8 maps it back to the .ts sources. c8 exits with the test run's status,
# so a broken coverage report never hides a failing test. Report: coverage/.
step "All test suites with coverage (c8 node ace test)" \
  npx --no -- c8 --reporter=text-summary --reporter=lcov \
  --include 'app/**' --include 'plugins/**' --exclude '**/tests/**' \
  node ace test

# Second run: the core must work with no plugins at all. Git does not keep
# empty folders, so make sure the empty plugin folder exists. The test runner
# takes its plugin folders from TEST_PLUGINS_PATHS (bin/test.ts); other ace
# commands from PLUGINS_PATHS.
mkdir -p "$NO_PLUGINS_DIR"
step "Fresh schema without plugins" \
  env PLUGINS_PATHS="$NO_PLUGINS_DIR" TEST_PLUGINS_PATHS="$NO_PLUGINS_DIR" node ace migration:fresh --force
step "Unit and functional suites without plugins" \
  env PLUGINS_PATHS="$NO_PLUGINS_DIR" TEST_PLUGINS_PATHS="$NO_PLUGINS_DIR" node ace test unit functional

log "" "${C_GREEN}All $ATUM_STEP_NO steps passed${C_RESET} in $(elapsed_total)."
