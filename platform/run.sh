#!/usr/bin/env bash
# `make run`'s serving step: the Procfile's web and worker under honcho. Ctrl-C stops
# both, then the embedded PostgreSQL (its data stays in .data/ for the next run).
set -u
cd "$(dirname "$0")/.."
stop_db() {
  if [ -z "${DATABASE_URL:-}" ]; then .venv/bin/python -m config.embedded_pg stop; fi
}
trap stop_db EXIT
# honcho gives each process its own PORT (the worker's is PORT+100): fix the public address
# both print (certificate verification URLs) to the web process's port first.
export PUBLIC_BASE_URL="${PUBLIC_BASE_URL:-http://127.0.0.1:${PORT:-8000}}"
PATH="$PWD/.venv/bin:$PATH" .venv/bin/honcho start -f Procfile web worker
