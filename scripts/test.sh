#!/usr/bin/env bash
# test.sh — install what is missing, build everything, run every test.
#
#   scripts/test.sh            native unit + golden tests, the same under ASan/UBSan,
#                              the wasm build with its Node tests, and the browser tests
#   scripts/test.sh native     only the native build and its tests (quick)
set -euo pipefail
source "$(dirname -- "$0")/env.sh"
cd "$CAPLENS_ROOT"
what=${1:-all}

step() { printf '\n==== %s\n' "$*"; }

native() {
  step "native build + tests"
  cmake --preset native >/dev/null
  cmake --build --preset native
  ctest --preset native -j2
}

asan() {
  step "AddressSanitizer + UBSan build + tests"
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ctest --preset asan -j2
}

wasm() {
  step "wasm build"
  cmake --preset wasm >/dev/null
  cmake --build --preset wasm
  step "JavaScript API tests (Node, against the native CLI)"
  node tests/wasm/api_test.mjs
}

browser() {
  step "browser end-to-end tests"
  node tests/e2e/run.mjs
  node tests/e2e/statistics.mjs
  node tests/e2e/navigation.mjs
  node tests/e2e/export.mjs
  node tests/e2e/view_link.mjs
  node tests/e2e/follow.mjs
  node tests/e2e/offline.mjs
  node tests/wasm/api_browser_test.mjs
}

case $what in
  native) scripts/setup.sh native; native ;;
  all)
    scripts/setup.sh all
    native
    asan
    wasm
    browser
    ;;
  *) echo "usage: $0 [all|native]" >&2; exit 2 ;;
esac
printf '\nall tests passed\n'
