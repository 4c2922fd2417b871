#!/usr/bin/env bash
# Times `kgforge import` of a synthetic Wikidata JSON dump (examples/gen_wikidata_dump.rs:
# `[`, one item per line, `]`; eight statements per item, qualifiers and references) and
# prints wall time, CPU time and peak RSS (GNU time).
#
#   benches/wikidata.sh              100k items (about 500 MB of JSON)
#   ITEMS=10000 benches/wikidata.sh  another size
#
# The dump goes to target/bench-data (not committed), the dataset to target/bench-out.
set -euo pipefail
cd "$(dirname "$0")/.."

ITEMS=${ITEMS:-100000}
DATA=target/bench-data/wd-$ITEMS.json
OUT=target/bench-out/wd-$ITEMS

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi
cargo build --release --quiet --bin kgforge --example gen_wikidata_dump
if [ ! -s "$DATA" ]; then
  target/release/examples/gen_wikidata_dump "$DATA" "$ITEMS"
fi
printf 'dump: %s (%s bytes, %s lines)\n' "$DATA" "$(stat -c %s "$DATA")" "$(wc -l < "$DATA")"
for languages in en en,ja,zh,ru; do
  rm -rf "$OUT"
  /usr/bin/time -f "languages $languages: %e s wall, %U s user, %S s system, %M KB peak RSS" \
    target/release/kgforge --quiet import "$DATA" -o "$OUT" --languages "$languages"
done
du -sh "$OUT"
