#!/usr/bin/env bash
# export_bench.sh [CAPTURE] — `caplens export` against `tshark -w` on one large capture.
#
# Without CAPTURE it builds one of >= MIN_FRAMES frames (see large_capture.sh). For each display
# filter ("" exports every frame) and format it runs
#   caplens export FILE -w OUT -F FORMAT [-Y EXPR]
#   tshark -r FILE -F FORMAT -w OUT [-Y EXPR]     (single pass, default preferences)
# and prints both wall-clock times, the speed-up and the frames each output holds (capinfos;
# they should agree: tshark adds no dependent frames in a single pass either). Not a test: the
# numbers depend on the machine and its load.
#
# Environment: CAPLENS (default build/native/caplens), CAPLENS_SHARED_DIR (default ../shared),
# MIN_FRAMES (default 1000000), KEEP=1 keeps the files.
set -euo pipefail
source "$(dirname -- "$0")/large_capture.sh"
large_capture_setup export_bench
large_capture_file "$@"

CASES=(
  'pcap|'
  'pcapng|'
  'pcap|tcp.port == 80'
  'pcapng|udp && !dns'
)

printf '%-8s %-28s %10s %10s %8s  %s\n' format filter caplens_s tshark_s ratio "frames (caplens/tshark)"
for case in "${CASES[@]}"; do
  format=${case%%|*}
  expr=${case#*|}
  filter_args=()
  [[ -n $expr ]] && filter_args=(-Y "$expr")
  t0=$(now)
  "$CAPLENS" export "$FILE" -w "$WORK/ours.$format" -F "$format" "${filter_args[@]}"
  t1=$(now)
  tshark -r "$FILE" -F "$format" -w "$WORK/theirs.$format" "${filter_args[@]}" 2>/dev/null
  t2=$(now)
  ours=$(frames_of "$WORK/ours.$format")
  theirs=$(frames_of "$WORK/theirs.$format")
  awk -v f="$format" -v e="${expr:-(all)}" -v a="$t0" -v b="$t1" -v c="$t2" -v o="$ours" -v t="$theirs" 'BEGIN {
    cs = b - a; ts = c - b;
    printf "%-8s %-28s %10.2f %10.2f %7.1fx  %s/%s\n", f, e, cs, ts, ts / cs, o, t }'
done
