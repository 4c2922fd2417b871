#!/usr/bin/env bash
# How kgforge's time and memory grow with the data, and how far each run is from the floor
# this machine allows for it: 100k, 1M and 10M entities with three relations each.
#
#   benches/growth.sh                      every size, formats nt ttl json dot and nt --stream
#   SIZES="100k 1m" benches/growth.sh      fewer sizes (10m needs about 12 GB of RAM and,
#                                          for its DOT, 14 GB of disk for a few minutes)
#   FORMATS="nt stream" benches/growth.sh  fewer outputs (stream: nt with --stream)
#
# The floor of a run is what any tool must spend on this machine to do the same job: read the
# CSV files (`cat` to /dev/null, from the page cache like kgforge's read) plus write a file
# of the output's size from memory and fsync it (`dd` from /dev/zero with conv=fsync, as
# kgforge fsyncs each file before renaming it into place). "x floor" is kgforge's wall time
# over that. Results go to stdout and to target/bench-out/growth.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100k 1m 10m"}
FORMATS=${FORMATS:-"nt ttl json dot stream"}
DATA=target/bench-data
OUT=target/bench-out/growth
RESULTS=target/bench-out/growth.md

mkdir -p "$OUT"
# shellcheck source=benches/common.sh
source benches/common.sh

rows="$OUT/rows"
: > "$rows"
for size in $SIZES; do
  case $size in
    100k) entities=100000 ;;
    1m) entities=1000000 ;;
    10m) entities=10000000 ;;
    *) echo "unknown size $size (100k, 1m or 10m)" >&2; exit 2 ;;
  esac
  relations=$((3 * entities))
  dir="$DATA/bench-$size"
  if [ ! -f "$dir/relations.csv" ] || [ benches/synth/mod.rs -nt "$dir/relations.csv" ]; then
    step "generating $dir"
    "$OUT/bin/gen_csv" "$dir" "$entities" "$relations" 1945
  fi
  # Into the page cache, as for every run after the first.
  cat "$dir"/*.csv > /dev/null
  read_floor=$(floor_seconds bash -c "cat '$dir'/*.csv > /dev/null")
  for format in $FORMATS; do
    out="$OUT/$size"
    rm -rf "$out"
    mkdir -p "$out"
    extra=()
    ext=$format
    if [ "$format" = stream ]; then
      extra=(--stream)
      ext=nt
    fi
    step "$size: kgforge $format"
    sync
    if ! /usr/bin/time -f '%e %U %S %M' -o "$OUT/.time" "$KGFORGE" -q build "$dir" -o "$out" \
      --format "$ext" --statement-nodes annotated "${extra[@]}" 2>"$OUT/.stderr"; then
      cat "$OUT/.stderr" >&2
      echo "$size $format FAILED" >&2
      continue
    fi
    bytes=$(stat -c %s "$out/bench-$size.$ext")
    rm -rf "$out"
    sync
    mib=$(((bytes + 1048575) / 1048576))
    write_floor=$(floor_seconds dd if=/dev/zero of="$OUT/floor" bs=1M count="$mib" conv=fsync status=none)
    rm -f "$OUT/floor"
    read -r wall user sys kib < "$OUT/.time"
    echo "$size $entities $relations $format $wall $user $sys $kib $bytes $read_floor $write_floor" >> "$rows"
    echo "   $wall s ($user user + $sys sys), $((kib / 1024)) MiB peak, $((bytes / 1000000)) MB; floor $read_floor + $write_floor s" >&2
  done
done

{
  echo "| entities | relations | output | wall s | CPU s | peak RSS MiB | output MB | µs per relation | floor s (read + write) | x floor |"
  echo "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  awk '{
    floor = $10 + $11
    printf "| %s | %s | %s | %.2f | %.2f | %d | %d | %.2f | %.2f (%.2f + %.2f) | %.1f |\n",
      $2, $3, ($4 == "stream" ? "nt --stream" : $4), $5, $6 + $7, $8 / 1024, $9 / 1000000,
      $5 * 1e6 / $3, floor, $10, $11, (floor > 0 ? $5 / floor : 0)
  }' "$rows"
} > "$RESULTS"
echo
cat "$RESULTS"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
