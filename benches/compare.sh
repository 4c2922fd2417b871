#!/usr/bin/env bash
# Times kgforge against rdflib, pyoxigraph and networkx on the same generated bulk CSV, CSV
# to finished file, and prints wall time, peak RSS and the ratio of each to kgforge; a "floor"
# row per output is what reading the CSV and writing a file of that size alone take here.
#
#   benches/compare.sh                 both sizes: 100k entities + 300k relations, 1M + 3M
#   SIZES=100k benches/compare.sh      one size (100k or 1m)
#   PEERS="pyoxigraph networkx" ...    fewer peers (rdflib and networkx DOT take minutes at 1m);
#                                      PEERS=none times kgforge alone
#
# From a clean clone: it builds kgforge and the generator, makes a virtualenv under
# target/bench-venv with the Python peers, and writes data under target/bench-data and
# outputs under target/bench-out. Results go to stdout and to target/bench-out/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100k 1m"}
PEERS=${PEERS:-"pyoxigraph rdflib networkx networkx-dot"}
VENV=target/bench-venv
DATA=target/bench-data
OUT=target/bench-out

mkdir -p "$OUT"
# shellcheck source=benches/common.sh
source benches/common.sh

if [ ! -x "$VENV/bin/python" ]; then
  step "virtualenv with rdflib, pyoxigraph, networkx, pydot"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check rdflib pyoxigraph networkx pydot
"$VENV/bin/python" -c 'import rdflib, pyoxigraph, networkx, pydot; print("rdflib", rdflib.__version__, "| pyoxigraph", pyoxigraph.__version__, "| networkx", networkx.__version__)' >&2

mkdir -p "$DATA" "$OUT"
RESULTS="$OUT/results.md"
: > "$RESULTS.rows"

# run SIZE TOOL TASK OUTFILE CMD...: times CMD with GNU time, records wall s and peak KiB.
run() {
  local size=$1 tool=$2 task=$3 out=$4
  shift 4
  step "$size: $tool $task"
  local t="$OUT/.time"
  [ -d "$out" ] || rm -f "$out"
  if ! /usr/bin/time -f '%e %M' -o "$t" "$@" >/dev/null 2>"$OUT/.stderr"; then
    cat "$OUT/.stderr" >&2
    echo "$size $tool $task FAILED" >&2
    return 0
  fi
  tail -n 5 "$OUT/.stderr" >&2 || true
  local bytes
  if [ -d "$out" ]; then
    bytes=$(du -cb "$out" | tail -n 1 | cut -f 1)
  else
    bytes=$(stat -c %s "$out" 2>/dev/null || echo 0)
  fi
  read -r wall kib < <(tail -n 1 "$t")
  echo "$size $tool $task $wall $kib $bytes" >> "$RESULTS.rows"
  echo "   $wall s, $((kib / 1024)) MiB peak, $((bytes / 1000000)) MB written" >&2
}

for size in $SIZES; do
  case $size in
    100k) entities=100000; relations=300000 ;;
    1m) entities=1000000; relations=3000000 ;;
    *) echo "unknown size $size (100k or 1m)" >&2; exit 2 ;;
  esac
  name="bench-$size"
  dir="$DATA/$name"
  if [ ! -f "$dir/relations.csv" ] || [ benches/synth/mod.rs -nt "$dir/relations.csv" ]; then
    step "generating $dir"
    "$OUT/bin/gen_csv" "$dir" "$entities" "$relations" 1945
  fi
  base="https://kgforge.invalid/$name/"
  out="$OUT/$size"
  mkdir -p "$out"
  sync
  rm -rf "$out/copy"
  run "$size" copy "csv" "$out/copy" bash -c "mkdir -p '$out/copy' && cp '$dir'/*.csv '$out/copy/' && sync"
  read_floor=$(floor_seconds bash -c "cat '$dir'/*.csv > /dev/null")
  for fmt in nt ttl json dot; do
    # The peers write the direct layer only: kgforge's closest form is a statement node for
    # annotated rows only (the default, a node for every row, writes about six times more).
    run "$size" kgforge "$fmt" "$out/kgforge/$name.$fmt" "$KGFORGE" -q build "$dir" -o "$out/kgforge" --format "$fmt" --statement-nodes annotated
    # The floor: reading the CSV (from the page cache) and writing a file of the output's size
    # from memory, fsynced as kgforge's is; what any tool must spend for this output here.
    bytes=$(stat -c %s "$out/kgforge/$name.$fmt")
    sync
    write_floor=$(floor_seconds dd if=/dev/zero of="$out/floor" bs=1M count=$(((bytes + 1048575) / 1048576)) conv=fsync status=none)
    rm -f "$out/floor"
    floor=$(echo "$read_floor $write_floor" | awk '{printf "%.2f", $1 + $2}')
    echo "$size floor $fmt $floor 0 $bytes" >> "$RESULTS.rows"
    echo "   floor: $read_floor s reading the CSV + $write_floor s writing $((bytes / 1000000)) MB" >&2
  done
  for peer in $PEERS; do
    case $peer in
      pyoxigraph)
        run "$size" pyoxigraph nt "$out/pyoxigraph.nt" "$VENV/bin/python" benches/peers/pyoxigraph_peer.py "$dir" "$base" "$out/pyoxigraph.nt" ;;
      rdflib)
        run "$size" rdflib nt "$out/rdflib.nt" "$VENV/bin/python" benches/peers/rdflib_peer.py "$dir" "$base" "$out/rdflib.nt" nt
        run "$size" rdflib ttl "$out/rdflib.ttl" "$VENV/bin/python" benches/peers/rdflib_peer.py "$dir" "$base" "$out/rdflib.ttl" ttl ;;
      networkx)
        run "$size" networkx json "$out/networkx.json" "$VENV/bin/python" benches/peers/networkx_peer.py "$dir" "$out/networkx.json" json ;;
      networkx-dot)
        run "$size" networkx dot "$out/networkx.dot" "$VENV/bin/python" benches/peers/networkx_peer.py "$dir" "$out/networkx.dot" dot ;;
      none) ;;
      *) echo "unknown peer $peer" >&2; exit 2 ;;
    esac
  done
done

# The table: each tool's time and memory, and its ratio to kgforge writing the same format.
{
  echo "| size | tool | output | wall s | peak RSS MiB | output MB | time vs kgforge | memory vs kgforge |"
  echo "|------|------|--------|-------:|-------------:|----------:|----------------:|------------------:|"
  awk '
    { size[NR]=$1; tool[NR]=$2; task[NR]=$3; wall[NR]=$4; kib[NR]=$5; bytes[NR]=$6
      if ($2 == "kgforge") { kw[$1 " " $3]=$4; km[$1 " " $3]=$5 } }
    END {
      for (i = 1; i <= NR; i++) {
        key = size[i] " " task[i]
        ratio = "–"; mem = "–"
        if (tool[i] != "kgforge" && tool[i] != "copy" && (key in kw) && kw[key] > 0) {
          r = wall[i] / kw[key]
          ratio = (r >= 1) ? sprintf("%.1fx slower", r) : sprintf("%.1fx faster", 1 / r)
          if (tool[i] != "floor") mem = sprintf("%.1fx", kib[i] / km[key])
        }
        printf "| %s | %s | %s | %.2f | %d | %d | %s | %s |\n", size[i], tool[i], task[i], wall[i], kib[i] / 1024, bytes[i] / 1000000, ratio, mem
      }
    }' "$RESULTS.rows"
} > "$RESULTS"
echo
cat "$RESULTS"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
