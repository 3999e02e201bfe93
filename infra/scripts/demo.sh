#!/usr/bin/env bash
# npm run demo: one command from a fresh checkout to a running desk.
# Does everything `npm run setup` does, seeds demo data, builds the
# production bundle into build/ and serves it in the foreground.
# Ctrl-C / SIGTERM stop it: the web process and the worker both shut down
# gracefully on these signals.
set -euo pipefail

# shellcheck source=infra/scripts/lib.sh
source "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT_DIR"
trap report_exit EXIT

# Decided before .env is loaded: .env says HOST=localhost for development,
# but the demo listens on every interface unless the caller chose a HOST.
listen_host=${HOST:-0.0.0.0}

setup_app # loads .env into the environment
listen_port=${PORT:-3333}

step "Demo data (db:seed)" node ace db:seed

# Fail now with a clear message rather than with EADDRINUSE after the build.
port_is_free() {
  if tcp_open 127.0.0.1 "$listen_port"; then
    fail "Port $listen_port is already in use (another ATUM DESK or 'npm run dev'?)." \
      "Stop it, or choose another port: PORT=3335 npm run demo"
  fi
}
step "Port $listen_port is free" port_is_free

step "Production build (node ace build)" node ace build

# The built app reads .env from its own root (build/).
copy_env() { cp -p "$ROOT_DIR/.env" "$ROOT_DIR/build/.env"; }
step "Copy .env into build/" copy_env

url="http://localhost:$listen_port"
box_lines=(
  "ATUM DESK is running at $url"
  ""
  "  portal: $url/"
  "  desk:   $url/desk"
  ""
  "Press Ctrl-C to stop."
)
width=0
for line in "${box_lines[@]}"; do
  if ((${#line} > width)); then width=${#line}; fi
done
border=$(printf '%*s' $((width + 4)) '' | tr ' ' '-')
printf '\n+%s+\n' "$border"
for line in "${box_lines[@]}"; do printf '|  %-*s  |\n' "$width" "$line"; done
printf '+%s+\n' "$border"

# The seeder writes the demo accounts here; absent is fine.
for logins in "$ROOT_DIR/build/tmp/demo-logins.txt" "$ROOT_DIR/tmp/demo-logins.txt"; do
  if [[ -f $logins ]]; then
    printf '\nDemo logins (%s):\n' "${logins#"$ROOT_DIR"/}"
    cat -- "$logins"
    break
  fi
done
printf '\nReady in %s. Starting the server...\n\n' "$(elapsed_total)"

# build/ has no node_modules: Node finds ../node_modules by its usual lookup.
# The worker (mail, SLA monitor) runs beside the web process; Ctrl-C or
# SIGTERM stop both gracefully.
trap - EXIT
cd "$ROOT_DIR/build"
NODE_ENV=production node ace queue:listen &
worker=$!
NODE_ENV=production PORT=$listen_port HOST=$listen_host node bin/server.js &
web=$!
stop_demo() { kill -TERM "$web" "$worker" 2>/dev/null || true; }
trap stop_demo INT TERM
wait -n "$web" "$worker" || true
stop_demo
wait
