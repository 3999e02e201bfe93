#!/usr/bin/env bash
# npm run setup: make this checkout ready for `npm run dev`.
# Installs npm dependencies, writes .env (with a random APP_KEY) on first run,
# makes sure PostgreSQL and Redis run (installing them on a fresh machine),
# creates the database role and database from .env, and runs migrations.
# Safe to re-run: every step only does what is missing.
set -euo pipefail

# shellcheck source=infra/scripts/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT_DIR"
trap report_exit EXIT

setup_app

redis_auth=''
if [[ -n ${REDIS_PASSWORD:-} ]]; then redis_auth=' (with password)'; fi

log "" \
  "${C_GREEN}ATUM DESK is set up${C_RESET} in $(elapsed_total)." \
  "  config      $ROOT_DIR/.env" \
  "  PostgreSQL  $DB_USER@$DB_HOST:$DB_PORT/$DB_DATABASE" \
  "  Redis       $REDIS_HOST:$REDIS_PORT db ${REDIS_DB:-0}$redis_auth" \
  "" \
  "Next:" \
  "  npm run dev    development server with hot reload (http://localhost:${PORT:-3333})" \
  "  npm run demo   demo data + production build, served on port ${PORT:-3333}" \
  "  npm test       lint, type-check and all test suites"
