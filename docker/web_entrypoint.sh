#!/bin/sh
# Starts the call billing service: waits for the database (when DB_HOST points at one), applies
# the migrations, then replaces this shell with the service so it receives SIGTERM directly.
# Arguments, if any, are run instead of the service once migrated (e.g. `npm run start:dev`).
#
# Works in the image (/app/docker/web_entrypoint.sh) and from a checkout after `npm run build`:
# it always runs from the app root, the folder above this script.
set -eu

cd "$(dirname "$0")/.."

log() {
  printf 'web_entrypoint: %s\n' "$*" >&2
}

if [ ! -f dist/main.js ] || [ ! -f dist/cli/ormconfig.js ]; then
  log "dist/ is missing or incomplete in ${PWD}; run 'npm run build' first"
  exit 1
fi

if [ -n "${DB_HOST:-}" ]; then
  db_port="${DB_PORT:-3306}"
  attempts="${DB_WAIT_SECONDS:-60}"
  case "${attempts}" in
    '' | *[!0-9]*)
      log "DB_WAIT_SECONDS must be a whole number of seconds (got \"${attempts}\")"
      exit 1
      ;;
    *) ;;
  esac
  log "waiting for the database at ${DB_HOST}:${db_port} (${attempts} attempts, 1 s apart)"
  attempt=1
  until node -e '
    const socket = require("node:net").connect({ host: process.argv[1], port: Number(process.argv[2]) });
    socket.setTimeout(1000);
    socket.on("connect", () => { socket.destroy(); process.exit(0); });
    socket.on("timeout", () => { socket.destroy(); process.exit(1); });
    socket.on("error", () => process.exit(1));
  ' "$DB_HOST" "$db_port"; do
    if [ "$attempt" -ge "$attempts" ]; then
      log "the database at ${DB_HOST}:${db_port} did not answer after ${attempts} attempts"
      exit 1
    fi
    attempt=$((attempt + 1))
    sleep 1
  done
  log "the database answers"
fi

log "applying migrations"
node node_modules/typeorm/cli.js migration:run -d dist/cli/ormconfig.js

if [ "$#" -gt 0 ]; then
  log "starting: $*"
  exec "$@"
fi
log "starting the service"
# As package.json's start:prod: fewer malloc arenas, a smaller young generation and a slower-growing
# heap keep the service's memory near 150 MB under load (docs/performance.md, "Memory").
exec env MALLOC_ARENA_MAX=2 node --max-semi-space-size=8 --heap-growing-percent=50 dist/main.js
