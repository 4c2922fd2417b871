//! Writes a synthetic bulk dataset (`entities.csv`, `relations.csv`) for benchmarks.
//!
//! ```sh
//! cargo run --release --example gen_csv -- target/bench-data/100k 100000 300000 [seed]
//! kgforge build target/bench-data/100k -o target/bench-out --format nt
//! ```
//!
//! The same arguments always give the same bytes (see `benches/synth/mod.rs`).

#[path = "../benches/synth/mod.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_csv DIR ENTITIES RELATIONS [SEED]";
    let (Some(dir), Some(entities), Some(relations)) = (
        args.first().map(PathBuf::from),
        args.get(1).and_then(|n| n.parse().ok()),
        args.get(2).and_then(|n| n.parse().ok()),
    ) else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let seed = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(1945);
    if entities == 0 || relations < entities {
        eprintln!("{usage}\n(RELATIONS must be at least ENTITIES, and ENTITIES above 0)");
        return ExitCode::from(2);
    }
    let shape = synth::Shape {
        entities,
        relations,
        seed,
    };
    match synth::write_dataset(&dir, shape) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_csv: {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}
