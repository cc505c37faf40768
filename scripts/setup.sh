#!/usr/bin/env bash
# setup.sh — install what caplens needs on a Debian bookworm machine, idempotently.
#
#   scripts/setup.sh native   compilers, CMake, Ninja, GoogleTest, Google Benchmark, zlib,
#                             tshark (the oracle the golden tests and benchmarks compare with)
#   scripts/setup.sh wasm     + Emscripten, fonts, the Dear ImGui source (apt-get source)
#   scripts/setup.sh browser  + Chromium and playwright-core (for the end-to-end tests)
#   scripts/setup.sh fuzz     + clang and its libFuzzer runtime (scripts/fuzz.sh)
#   scripts/setup.sh all      everything above
#
# Every step checks first and does nothing when its part is already present, so a second
# run takes a second. Nothing here names a package registry's host: the one source entry we
# add (for the Dear ImGui source package) is derived from the machine's own apt configuration.
set -euo pipefail
ROOT=$(cd "$(dirname -- "$0")/.." && pwd)
DEPS=$ROOT/.deps
IMGUI_VERSION=1.90.1
IMGUI_DEB_VERSION=1.90.1+ds-1
IMGUI_TARBALL=imgui_1.90.1+ds.orig.tar.xz
IMGUI_SHA256=ecce377df0f90b292f15dcbd83d438bddc162b2388c881132bde18c787572a1c

log() { printf '[setup] %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

APT_UPDATED=0
apt_update_once() {
  if [ "$APT_UPDATED" = 0 ]; then
    log "apt-get update"
    as_root apt-get update -qq
    APT_UPDATED=1
  fi
}

# Installs the Debian packages among "$@" that are not installed yet.
apt_install() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

setup_native() {
  apt_install ca-certificates build-essential cmake ninja-build git pkg-config xz-utils \
    googletest libgtest-dev libgmock-dev libbenchmark-dev zlib1g-dev python3 tshark
}

# Node.js: Emscripten's optimiser and our wasm tests run on it. A machine may already have a
# newer Node (e.g. from another source); only install Debian's when there is none.
setup_node() {
  command -v node >/dev/null || apt_install nodejs
  command -v npm >/dev/null || apt_install npm
}

# The Debian 'emscripten' package; its optimiser needs Debian's JS modules on NODE_PATH
# when the machine's node is not Debian's (see scripts/env.sh).
setup_emscripten() {
  setup_node
  apt_install emscripten fonts-inter fonts-dejavu-core fonts-noto-mono
}

# The source package of Dear ImGui from Debian's trixie suite (bookworm has 1.86, without the
# key-event API). The deb-src entry is derived from the machine's main Debian archive entry.
setup_imgui() {
  local dest=$DEPS/imgui-$IMGUI_VERSION
  if [ -f "$dest/imgui.h" ] && [ -f "$dest/backends/imgui_impl_glfw.cpp" ]; then return 0; fi
  mkdir -p "$DEPS/download"
  if [ ! -f "$DEPS/download/$IMGUI_TARBALL" ]; then
    add_trixie_source_entry
    log "apt-get source imgui=$IMGUI_DEB_VERSION"
    (cd "$DEPS/download" && apt-get source --download-only -qq "imgui=$IMGUI_DEB_VERSION" >/dev/null)
  fi
  echo "$IMGUI_SHA256  $DEPS/download/$IMGUI_TARBALL" | sha256sum -c --quiet -
  rm -rf "$dest.tmp" && mkdir -p "$dest.tmp"
  tar -xf "$DEPS/download/$IMGUI_TARBALL" -C "$dest.tmp" --strip-components=1
  rm -rf "$dest" && mv "$dest.tmp" "$dest"
  log "Dear ImGui $IMGUI_VERSION source in $dest"
}

add_trixie_source_entry() {
  local entry=/etc/apt/sources.list.d/caplens-trixie-src.sources
  [ -f "$entry" ] && return 0
  local uri keyring
  uri=$(main_archive_uri)
  [ -n "$uri" ] || { log "cannot find the Debian archive in the apt configuration"; exit 1; }
  keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  log "adding a deb-src entry for trixie (derived from the machine's Debian archive entry)"
  printf 'Types: deb-src\nURIs: %s\nSuites: trixie\nComponents: main\nSigned-By: %s\n' \
    "$uri" "$keyring" | as_root tee "$entry" >/dev/null
  APT_UPDATED=0
  apt_update_once
}

# The URI of the main Debian archive (the entry that carries the plain release suite, not
# -security), read from deb822 .sources files or the one-line sources.list format.
main_archive_uri() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # Paragraph mode: one deb822 stanza per record.
    awk 'BEGIN { RS = "" }
      /(^|\n)Types:[^\n]*deb/ && !/security/ {
        if (match($0, /(^|\n)URIs:[ \t]*[^ \t\n]+/)) {
          uri = substr($0, RSTART, RLENGTH); sub(/^\n?URIs:[ \t]*/, "", uri); print uri; exit
        }
      }' "$f"
  done | head -n1 | grep . && return 0
  grep -hE '^deb[[:space:]]' /etc/apt/sources.list 2>/dev/null | grep -v security | awk '{print $2}' | head -n1
}

setup_browser() {
  setup_node
  apt_install chromium fonts-inter fonts-dejavu-core
  if [ ! -f "$ROOT/tests/e2e/node_modules/playwright-core/package.json" ]; then
    # npm ci installs exactly what package-lock.json pins (playwright-core only).
    log "npm ci (tests/e2e)"
    (cd "$ROOT/tests/e2e" && npm ci --no-audit --no-fund --silent)
  fi
}

setup_fuzz() {
  apt_install clang lld libclang-rt-14-dev
}

main() {
  local what=${1:-all}
  case $what in
    native) setup_native ;;
    wasm) setup_native; setup_emscripten; setup_imgui ;;
    browser) setup_browser ;;
    fuzz) setup_native; setup_fuzz ;;
    all) setup_native; setup_emscripten; setup_imgui; setup_browser; setup_fuzz ;;
    *) echo "usage: $0 [native|wasm|browser|fuzz|all]" >&2; exit 2 ;;
  esac
}

main "$@"
