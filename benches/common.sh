# Shared by the benchmark scripts (sourced, with OUT set): GNU time, the binaries under test,
# and timing a floor command.

step() { printf '\n==> %s\n' "$*" >&2; }

if [ ! -x /usr/bin/time ] || ! /usr/bin/time -f %M true >/dev/null 2>&1; then
  step "installing GNU time"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
fi

step "building kgforge and the generator (release)"
cargo build --release --quiet --bin kgforge --example gen_csv
# Copies, so that rebuilding during a long run does not change what is measured.
mkdir -p "$OUT/bin"
cp target/release/kgforge target/release/examples/gen_csv "$OUT/bin/"
KGFORGE="$OUT/bin/kgforge"

# floor_seconds CMD...: wall seconds of CMD (GNU time), its output discarded.
floor_seconds() {
  /usr/bin/time -f %e -o "$OUT/.floor" "$@" >/dev/null 2>&1
  cat "$OUT/.floor"
}
