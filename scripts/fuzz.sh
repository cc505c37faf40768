#!/usr/bin/env bash
# fuzz.sh — build the fuzz preset, seed every target's corpus, run each target in turn, and
# print per target: executions, coverage (cov/ft from libFuzzer's final status) and findings.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]    default: 600 seconds, every target
#
# One target at a time, one process each (the machine's cores are shared). Corpora, seeds,
# logs and crash artifacts stay under build/fuzz/ and are never committed. A finding becomes a
# regression input under tests/regressions/<target>/ (see docs/hostile-input.md).
set -euo pipefail
source "$(dirname -- "$0")/env.sh"
cd "$CAPLENS_ROOT"

SECONDS_PER_TARGET=${1:-600}
shift || true
ALL_TARGETS=(fuzz_reader_pcap fuzz_reader_pcapng fuzz_reader_netmon fuzz_reader_snoop fuzz_reader_erf
             fuzz_dissector fuzz_filter fuzz_view_link)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
SHARED=${CAPLENS_SHARED_DIR:-$CAPLENS_ROOT/../shared}
OUT=build/fuzz
# Whole captures larger than this are left out of the reader seeds (each run reads its input twice).
MAX_SEED_CAPTURE_BYTES=1048576

log() { printf '[fuzz] %s\n' "$*" >&2; }

build() {
  scripts/setup.sh fuzz
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz -j2
}

# Whole capture files (gzip'd ones decompressed: readers see the inflated stream). Every reader
# target gets them all and keeps only its own format's files.
seed_readers() {
  local dir=$OUT/seeds/readers f
  [ -d "$dir" ] && return 0
  mkdir -p "$dir.tmp"
  for f in "$SHARED"/captures/public/*; do
    [ -f "$f" ] || continue
    case $f in
      *.gz) gzip -dc "$f" > "$dir.tmp/$(basename "${f%.gz}")" 2>/dev/null || true ;;
      *.tsv|*.txt|*.md) ;;
      *) cp "$f" "$dir.tmp/" ;;
    esac
  done
  find "$dir.tmp" -type f -size +"${MAX_SEED_CAPTURE_BYTES}c" -delete
  mv "$dir.tmp" "$dir"
}

# Frames extracted from the captures, one by one and in groups (tests/fuzz/dissector_seeds.cpp).
seed_dissector() {
  local dir=$OUT/seeds/fuzz_dissector
  [ -d "$dir" ] && return 0
  seed_readers
  "$OUT/tests/fuzz/caplens_dissector_seeds" "$dir.tmp" "$OUT"/seeds/readers/* >&2
  mv "$dir.tmp" "$dir"
}

# One filter expression per file, from the shared filter lists (valid and invalid ones).
seed_filter() {
  local dir=$OUT/seeds/fuzz_filter list n=0 line
  [ -d "$dir" ] && return 0
  mkdir -p "$dir.tmp"
  for list in "$SHARED"/filters/*.txt; do
    while IFS= read -r line; do
      case $line in ''|'#'*) continue ;; esac
      n=$((n + 1))
      printf '%s' "$line" > "$dir.tmp/filter-$n"
    done < "$list"
  done
  mv "$dir.tmp" "$dir"
}

# A few links as the page writes them.
seed_view_link() {
  local dir=$OUT/seeds/fuzz_view_link
  [ -d "$dir" ] && return 0
  mkdir -p "$dir.tmp"
  printf '#view=1&name=sample.pcapng&size=4428&frames=28&hash=0123456789abcdef' > "$dir.tmp/plain"
  printf 'view=1&name=a%%20b.pcap&size=1&frames=1&hash=fedcba9876543210&filter=ip.addr%%20%%3D%%3D%%2010.0.0.0%%2F8&frame=3&sort=length.desc&time=utc&windows=conversations%%2Cexpert&tab.conversations=tcp&screen=packets' > "$dir.tmp/full"
  printf 'view=2&x=%%zz&&=&view' > "$dir.tmp/broken"
  mv "$dir.tmp" "$dir"
}

seeds_of() {
  case $1 in
    fuzz_reader_*) seed_readers; echo "$OUT/seeds/readers" ;;
    fuzz_dissector) seed_dissector; echo "$OUT/seeds/fuzz_dissector" ;;
    fuzz_filter) seed_filter; echo "$OUT/seeds/fuzz_filter" ;;
    fuzz_view_link) seed_view_link; echo "$OUT/seeds/fuzz_view_link" ;;
  esac
}

max_len_of() {
  case $1 in
    fuzz_reader_*) echo 131072 ;;
    fuzz_dissector) echo 65536 ;;
    fuzz_filter) echo 4096 ;;
    fuzz_view_link) echo 20000 ;;
  esac
}

# Runs one target for the budget; its libFuzzer output goes to build/fuzz/logs/TARGET.log.
run_target() {
  local target=$1 seeds corpus=$OUT/corpus/$1 artifacts=$OUT/artifacts/$1/ logfile=$OUT/logs/$1.log
  seeds=$(seeds_of "$target")
  mkdir -p "$corpus" "$artifacts" "$OUT/logs"
  log "$target: ${SECONDS_PER_TARGET}s"
  set +e
  "$OUT/tests/fuzz/$target" "$corpus" "$seeds" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts" \
    > "$logfile" 2>&1
  set -e
  SUMMARY+=("$(summarize "$target" "$logfile" "$artifacts")")
}

# One line per target: executions, coverage and what was found.
summarize() {
  local target=$1 logfile=$2 artifacts=$3 execs status findings
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logfile" | tail -n1)
  status=$(grep -E '^#[0-9]+.*cov: ' "$logfile" | tail -n1 | grep -oE 'cov: [0-9]+ ft: [0-9]+' || true)
  findings=$(find "$artifacts" -type f | wc -l)
  printf '%-20s executions %-10s %-22s findings %s\n' "$target" "${execs:-?}" "${status:-cov: ? ft: ?}" "$findings"
  find "$artifacts" -type f -printf '    %p\n'
}

SUMMARY=()
build
for target in "${TARGETS[@]}"; do run_target "$target"; done
printf '\n%s per target (logs in %s/logs):\n' "${SECONDS_PER_TARGET}s" "$OUT"
printf '%s\n' "${SUMMARY[@]}"
