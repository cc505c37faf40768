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
# Environment: CAPLENS (default build/dev-filter/caplens, else build/native/caplens),
# CAPLENS_SHARED_DIR (default ../shared), MIN_FRAMES (default 1000000), KEEP=1 keeps the file.
set -euo pipefail
export LC_ALL=C TZ=UTC

HERE=$(cd "$(dirname -- "$0")/.." && pwd)
SHARED=${CAPLENS_SHARED_DIR:-$HERE/../shared}
MIN_FRAMES=${MIN_FRAMES:-1000000}
CAPLENS=${CAPLENS:-}
if [[ -z $CAPLENS ]]; then
  for candidate in "$HERE/build/dev-filter/caplens" "$HERE/build/native/caplens"; do
    [[ -x $candidate ]] && CAPLENS=$candidate && break
  done
fi
[[ -x ${CAPLENS:-} ]] || { echo "filter_bench: build caplens first (or set CAPLENS)" >&2; exit 2; }
for tool in tshark mergecap capinfos; do
  command -v "$tool" >/dev/null || { echo "filter_bench: $tool is not installed" >&2; exit 2; }
done

WORK=$(mktemp -d /tmp/caplens-bench.XXXXXX)
CFG=$WORK/wireshark-config
mkdir -p "$CFG"
export WIRESHARK_CONFIG_DIR=$CFG  # default preferences, as the golden references
cleanup() { [[ ${KEEP:-0} == 1 ]] && echo "kept $WORK" || rm -rf "$WORK"; }
trap cleanup EXIT

frames_of() { capinfos -M -c "$1" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}'; }

if [[ $# -ge 1 ]]; then
  FILE=$1
else
  public=$SHARED/captures/public
  base=$WORK/base.pcap
  mergecap -a -F pcap -w "$base" "$public/ndpi__1kxun.pcap" "$public/ndpi__gnutella.pcap" \
    "$public/wswiki__nfs_bad_stalls.cap" "$public/wswiki__SkypeIRC.cap" "$public/ndpi__synscan.pcap"
  per=$(frames_of "$base")
  copies=$(( (MIN_FRAMES + per - 1) / per ))
  args=()
  for ((i = 0; i < copies; i++)); do args+=("$base"); done
  FILE=$WORK/large.pcap
  mergecap -a -F pcap -w "$FILE" "${args[@]}"
fi
TOTAL=$(frames_of "$FILE")
echo "capture: $FILE ($TOTAL frames, $(du -h "$FILE" | cut -f1))"
echo "caplens: $CAPLENS"
echo "tshark:  $(tshark --version 2>/dev/null | head -1)"
echo

EXPRESSIONS=(
  'tcp.port == 80'
  'tcp.flags.syn == 1 && tcp.flags.ack == 0'
  'ip.addr == 10.0.0.0/8 || udp.port in {53, 67, 68, 123}'
  'frame contains "HTTP"'
  'tcp.len > 0 && !(ip.src == ip.dst)'
)

now() { date +%s.%N; }
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
