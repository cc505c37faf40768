#!/usr/bin/env bash
# filter_bench.sh [CAPTURE] — `caplens filter --count` against `tshark -Y` on one large capture.
#
# Without CAPTURE it builds one of >= 1M frames in a temp directory: five Ethernet captures of
# the shared corpus (web, P2P, NFS, Skype, a SYN scan) joined with mergecap, then that file
# concatenated with itself until it passes 1,000,000 frames. For each expression it runs
#   caplens filter FILE -Y EXPR --count
#   tshark -r FILE -Y EXPR -T fields -e frame.number     (single pass, default preferences)
# and prints both wall-clock times, frames per second, the speed-up and both frame counts (they
# should agree). Not a test: the numbers depend on the machine and its load.
#
# Environment: CAPLENS (default build/native/caplens),
# CAPLENS_SHARED_DIR (default ../shared), MIN_FRAMES (default 1000000), KEEP=1 keeps the file.
set -euo pipefail
source "$(dirname -- "$0")/large_capture.sh"
large_capture_setup filter_bench
large_capture_file "$@"

EXPRESSIONS=(
  'tcp.port == 80'
  'tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'ip.addr == 10.0.0.0/8 || udp.port in {53, 67, 68, 123}'
  'frame contains "HTTP"'
  'tcp.len > 0 && !(ip.src == ip.dst)'
)

printf '%-58s %12s %12s %14s %14s %8s  %s\n' expression caplens_s tshark_s caplens_fr/s tshark_fr/s ratio "frames (caplens/tshark)"
for expr in "${EXPRESSIONS[@]}"; do
  t0=$(now)
  ours=$("$CAPLENS" filter "$FILE" -Y "$expr" --count)
  t1=$(now)
  theirs=$(tshark -r "$FILE" -Y "$expr" -T fields -e frame.number 2>/dev/null | wc -l)
  t2=$(now)
  awk -v e="$expr" -v a="$t0" -v b="$t1" -v c="$t2" -v n="$TOTAL" -v o="$ours" -v t="$theirs" 'BEGIN {
    cs = b - a; ts = c - b;
    printf "%-58s %12.2f %12.2f %14.0f %14.0f %7.1fx  %s/%s\n", e, cs, ts, n / cs, n / ts, ts / cs, o, t }'
done
