#!/usr/bin/env bash
# serve.sh — install what is missing, build the site, and serve it on http://127.0.0.1:8080
set -euo pipefail
source "$(dirname -- "$0")/env.sh"
cd "$CAPLENS_ROOT"
PORT=${PORT:-8080}
scripts/setup.sh wasm
cmake --preset wasm >/dev/null
cmake --build --preset wasm
echo "caplens: serving build/wasm/site on http://127.0.0.1:$PORT/"
exec node scripts/static_server.mjs build/wasm/site "$PORT"
