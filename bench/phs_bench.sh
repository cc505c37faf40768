#!/usr/bin/env bash
# phs_bench.sh [CAPTURE] — `caplens phs` against `tshark -qz io,phs` on one large capture.
#
# Without CAPTURE it builds one of >= 1M frames (see large_capture.sh). Runs each tool on it,
# prints both wall-clock times, frames per second and the speed-up, and whether the two
# hierarchies' top-level frame counts agree. caplens runs on one core, as tshark does. Not a
# test: the numbers depend on the machine and its load.
#
# Environment: CAPLENS (default build/native/caplens), CAPLENS_SHARED_DIR (default ../shared),
# MIN_FRAMES (default 1000000), KEEP=1 keeps the generated file.
set -euo pipefail
source "$(dirname -- "$0")/large_capture.sh"
large_capture_setup phs_bench
large_capture_file "$@"

t0=$(now)
"$CAPLENS" phs "$FILE" > "$WORK/caplens.txt"
t1=$(now)
tshark -n -r "$FILE" -qz io,phs > "$WORK/tshark.txt" 2>/dev/null
t2=$(now)
# The first link layer's frame count in each hierarchy (the line after the header).
first_count() { awk '/^  [a-z]/ { for (i = 1; i <= NF; i++) if ($i ~ /^frames:/) { sub("frames:", "", $i); print $i; exit } }' "$1"; }
awk -v a="$t0" -v b="$t1" -v c="$t2" -v n="$TOTAL" -v o="$(first_count "$WORK/caplens.txt")" \
    -v t="$(first_count "$WORK/tshark.txt")" 'BEGIN {
  cs = b - a; ts = c - b;
  printf "%-8s %10s %14s\n", "", "seconds", "frames/s";
  printf "%-8s %10.2f %14.0f\n", "caplens", cs, n / cs;
  printf "%-8s %10.2f %14.0f\n", "tshark", ts, n / ts;
  printf "speed-up: %.1fx   first root frames caplens/tshark: %s/%s\n", ts / cs, o, t }'
