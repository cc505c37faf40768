#!/usr/bin/env bash
# serve.sh — install what is missing, build the site, and serve it on http://127.0.0.1:8080
set -euo pipefail
source "$(dirname -- "$0")/env.sh"
cd "$CAPLENS_ROOT"
PORT=${PORT:-8080}
scripts/setup.sh wasm
cmake --preset wasm >/dev/null
cmake --build --preset wasm
# The server prints the URL once it listens (and fails clearly when the port is taken).
exec node scripts/static_server.mjs build/wasm/site "$PORT"
