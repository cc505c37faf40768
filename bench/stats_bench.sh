#!/usr/bin/env bash
# stats_bench.sh [CAPTURE] — the Statistics commands against tshark's -z statistics on one large
# capture. Not a test: the numbers depend on the machine and its load.
#
# Without CAPTURE it builds one of >= MIN_FRAMES frames (see large_capture.sh). Then, each timed
# on its own:
#   caplens conv --type tcp     vs  tshark -qz conv,tcp
#   caplens endpoints --type ip vs  tshark -qz endpoints,ip
#   caplens dests               vs  tshark -qz dests,tree -z ipv6_dests,tree
#   caplens rtt                 vs  tshark -Y 'tcp.flags.syn == 1' -T fields (frame, stream, ack_rtt)
#                                   + -Y tcp.analysis.initial_rtt (what handshake_rtt.tsv is made of)
#   caplens expert              vs  tshark -qz expert
#   caplens stats --all --json  vs  tshark with all of the above -z in one pass
# and prints wall-clock seconds, frames per second and tshark's time over ours.
#
# Environment: CAPLENS (default build/native/caplens),
# CAPLENS_SHARED_DIR (default ../shared), MIN_FRAMES (default 1000000), KEEP=1 keeps the file.
set -euo pipefail
source "$(dirname -- "$0")/large_capture.sh"
large_capture_setup stats_bench
large_capture_file "$@"

# time_of CMD...: wall-clock seconds of CMD (its output discarded).
time_of() {
  local t0 t1
  t0=$(now)
  "$@" > /dev/null 2>&1 || true
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
tshark_rtt() {
  tshark -r "$FILE" -Y 'tcp.flags.syn == 1 && !icmp && !icmpv6' -T fields -e frame.number -e tcp.stream \
    -e tcp.analysis.ack_rtt -e tcp.analysis.acks_frame
  tshark -r "$FILE" -Y 'tcp.analysis.initial_rtt' -T fields -e tcp.stream -e tcp.analysis.initial_rtt -e frame.number
}
ALL_Z=(-z conv,eth -z conv,ip -z conv,ipv6 -z conv,tcp -z conv,udp -z endpoints,eth -z endpoints,ip
       -z endpoints,ipv6 -z endpoints,tcp -z endpoints,udp -z dests,tree -z ipv6_dests,tree -z ip_hosts,tree
       -z ptype,tree -z plen,tree -z expert -z io,stat,1)

printf '%-34s %10s %10s %12s %12s %8s\n' statistic caplens_s tshark_s caplens_fr/s tshark_fr/s ratio
row() {
  awk -v name="$1" -v c="$2" -v t="$3" -v n="$TOTAL" 'BEGIN {
    printf "%-34s %10.2f %10.2f %12.0f %12.0f %7.1fx\n", name, c, t, n / c, n / t, t / c }'
}
row "conv tcp" "$(time_of "$CAPLENS" conv "$FILE" --type tcp)" "$(time_of tshark -n -r "$FILE" -qz conv,tcp)"
row "endpoints ip" "$(time_of "$CAPLENS" endpoints "$FILE" --type ip)" "$(time_of tshark -n -r "$FILE" -qz endpoints,ip)"
row "dests (IPv4 + IPv6)" "$(time_of "$CAPLENS" dests "$FILE")" \
  "$(time_of tshark -n -r "$FILE" -q -z dests,tree -z ipv6_dests,tree)"
row "rtt (handshakes)" "$(time_of "$CAPLENS" rtt "$FILE")" "$(time_of tshark_rtt)"
row "expert" "$(time_of "$CAPLENS" expert "$FILE")" "$(time_of tshark -n -r "$FILE" -qz expert)"
row "all in one pass (stats --all)" "$(time_of "$CAPLENS" stats "$FILE" --all --json)" \
  "$(time_of tshark -n -r "$FILE" -q "${ALL_Z[@]}")"
