#!/usr/bin/env bash
# site_size.sh — what a browser downloads to run caplens, raw and gzipped, next to Wiregasm's.
#
#   bench/site_size.sh [SITE]        (SITE defaults to build/wasm/site; build it first)
#
# Counts the hosted site's files without the single-file copy (caplens.html) and without the
# sample capture, each file gzipped on its own at level 9 (as a static host would serve it).
# Wiregasm (npm @goodtools/wiregasm, Wireshark compiled to wasm) is fetched with `npm pack` from
# the registry npm is configured with, into a temporary folder; its runtime files are
# wiregasm.js + wiregasm.wasm + wiregasm.data (the package ships .gz copies, which are skipped).
# Goal: caplens <= 1.5 MB gzipped.
set -euo pipefail
cd "$(dirname -- "$0")/.."
site=${1:-build/wasm/site}
[[ -f $site/caplens_app.wasm ]] || { echo "site_size: $site/caplens_app.wasm missing: cmake --build --preset wasm" >&2; exit 1; }

# Prints "raw gzipped" byte totals of the files given.
sizes() {
  local raw=0 packed=0 file
  for file in "$@"; do
    raw=$((raw + $(stat -c %s "$file")))
    packed=$((packed + $(gzip -9 -c "$file" | wc -c)))
  done
  echo "$raw $packed"
}
mb() { awk -v b="$1" 'BEGIN { printf "%.2f MB", b / 1e6 }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.1f kB", b / 1e3 }'; }

mapfile -t ours < <(find "$site" -type f ! -name caplens.html ! -name 'sample.pcapng' | sort)
read -r our_raw our_gz < <(sizes "${ours[@]}")
printf '%-10s %3d files  raw %-10s gzipped %s\n' caplens "${#ours[@]}" "$(mb "$our_raw")" "$(mb "$our_gz")"
for file in "${ours[@]}"; do
  read -r raw gz < <(sizes "$file")
  printf '             %-34s raw %-10s gzipped %s\n' "${file#"$site"/}" "$(kb "$raw")" "$(kb "$gz")"
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if (cd "$tmp" && npm pack --silent @goodtools/wiregasm >/dev/null 2>&1); then
  tar -xzf "$tmp"/*.tgz -C "$tmp"
  version=$(node -p "require('$tmp/package/package.json').version")
  theirs=("$tmp/package/dist/wiregasm.js" "$tmp/package/dist/wiregasm.wasm" "$tmp/package/dist/wiregasm.data")
  read -r their_raw their_gz < <(sizes "${theirs[@]}")
  printf '%-10s %3d files  raw %-10s gzipped %s   (@goodtools/wiregasm %s)\n' wiregasm "${#theirs[@]}" \
    "$(mb "$their_raw")" "$(mb "$their_gz")" "$version"
  awk -v a="$their_gz" -v b="$our_gz" 'BEGIN { printf "gzipped, caplens is %.1fx smaller than Wiregasm\n", a / b }'
else
  echo "wiregasm: npm pack @goodtools/wiregasm failed (no registry?): not compared"
fi
awk -v b="$our_gz" 'BEGIN { exit !(b <= 1.5e6) }' && echo "goal <= 1.5 MB gzipped: met" || echo "goal <= 1.5 MB gzipped: NOT met"
