# env.sh — environment shared by the scripts (sourced, not run).
# Debian's Emscripten runs its JS optimiser with the machine's node; when that node is not
# Debian's own it does not search Debian's module folder, so point it there.
export NODE_PATH=${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs
CAPLENS_ROOT=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
export CAPLENS_ROOT
