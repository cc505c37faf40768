#!/usr/bin/env bash
# compare-fields.sh — development aid: compares `caplens fields` with `tshark -T fields` for
# some fields over some captures and prints every differing frame (needs tshark installed).
#
#   tools/compare-fields.sh [-c CAPLENS] [-n MAX_SHOWN] -e FIELD [-e FIELD ...] CAPTURE...
set -uo pipefail
CAPLENS=build/native/caplens
MAX=10
FIELDS=()
while [ $# -gt 0 ]; do
  case $1 in
    -c) CAPLENS=$2; shift 2 ;;
    -n) MAX=$2; shift 2 ;;
    -e) FIELDS+=("$2"); shift 2 ;;
    *) break ;;
  esac
done
[ ${#FIELDS[@]} -gt 0 ] && [ $# -gt 0 ] || { sed -n '2,6p' "$0"; exit 2; }
args=()
for f in "${FIELDS[@]}"; do args+=(-e "$f"); done
export LC_ALL=C TZ=UTC
cfg=$(mktemp -d); trap 'rm -rf "$cfg"' EXIT
export WIRESHARK_CONFIG_DIR=$cfg
total=0; differing=0
for capture in "$@"; do
  theirs=$(tshark -r "$capture" -T fields -e frame.number "${args[@]}" 2>/dev/null)
  ours=$("$CAPLENS" fields "$capture" -e frame.number "${args[@]}" 2>/dev/null)
  n=$(printf '%s\n' "$theirs" | grep -c .)
  d=$(diff <(printf '%s\n' "$theirs") <(printf '%s\n' "$ours") | grep -c '^<')
  total=$((total + n)); differing=$((differing + d))
  if [ "$d" -gt 0 ]; then
    echo "== $(basename "$capture"): $d of $n frames differ (tshark < > caplens)"
    diff <(printf '%s\n' "$theirs") <(printf '%s\n' "$ours") | grep '^[<>]' | head -n $((MAX * 2))
  fi
done
echo "frames differing: $differing of $total"
