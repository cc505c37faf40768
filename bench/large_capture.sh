# large_capture.sh — sourced by the benchmarks: tools, a scratch directory, and one large
# capture to measure on.
#
# large_capture_setup NAME: checks for caplens (CAPLENS, else build/native/caplens) and tshark,
# makes $WORK (removed on exit unless KEEP=1) with default Wireshark preferences.
# large_capture_file [CAPTURE]: sets FILE to CAPTURE, or builds one of >= MIN_FRAMES (default
# 1,000,000) frames: five Ethernet captures of the shared corpus (web, P2P, NFS, Skype, a SYN
# scan) joined with mergecap, then concatenated with itself; sets TOTAL to its frame count.
export LC_ALL=C TZ=UTC
BENCH_ROOT=$(cd "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
SHARED=${CAPLENS_SHARED_DIR:-$BENCH_ROOT/../shared}
MIN_FRAMES=${MIN_FRAMES:-1000000}

large_capture_setup() {
  local name=$1 candidate
  if [[ -z ${CAPLENS:-} ]]; then
    for candidate in "$BENCH_ROOT/build/native/caplens" "$BENCH_ROOT/build/dev/caplens"; do
      [[ -x $candidate ]] && CAPLENS=$candidate && break
    done
  fi
  [[ -x ${CAPLENS:-} ]] || { echo "$name: build caplens first (or set CAPLENS)" >&2; exit 2; }
  for tool in tshark mergecap capinfos; do
    command -v "$tool" >/dev/null || { echo "$name: $tool is not installed" >&2; exit 2; }
  done
  WORK=$(mktemp -d /tmp/caplens-bench.XXXXXX)
  mkdir -p "$WORK/wireshark-config"
  export WIRESHARK_CONFIG_DIR=$WORK/wireshark-config  # default preferences, as the golden references
  trap 'if [[ ${KEEP:-0} == 1 ]]; then echo "kept $WORK"; else rm -rf "$WORK"; fi' EXIT
}

frames_of() { capinfos -M -c "$1" | awk -F: '/Number of packets/ {gsub(/ /, "", $2); print $2}'; }

large_capture_file() {
  if [[ $# -ge 1 ]]; then
    FILE=$1
  else
    local public=$SHARED/captures/public base=$WORK/base.pcap per copies i args=()
    mergecap -a -F pcap -w "$base" "$public/ndpi__1kxun.pcap" "$public/ndpi__gnutella.pcap" \
      "$public/wswiki__nfs_bad_stalls.cap" "$public/wswiki__SkypeIRC.cap" "$public/ndpi__synscan.pcap"
    per=$(frames_of "$base")
    copies=$(( (MIN_FRAMES + per - 1) / per ))
    for ((i = 0; i < copies; i++)); do args+=("$base"); done
    FILE=$WORK/large.pcap
    mergecap -a -F pcap -w "$FILE" "${args[@]}"
  fi
  TOTAL=$(frames_of "$FILE")
  echo "capture: $FILE ($TOTAL frames, $(du -h "$FILE" | cut -f1))"
  echo "caplens: $CAPLENS"
  echo "tshark:  $(tshark --version 2>/dev/null | head -1)"
  echo
}

now() { date +%s.%N; }
