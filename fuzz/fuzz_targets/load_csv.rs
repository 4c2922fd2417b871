//! Any bytes as a CSV dataset (`entities.csv`, `relations.csv`, `statements.csv`, split at
//! form feeds; with a TOML schema when they start with `#`): loading, validation and
//! diagnostics never panic, and whatever validates goes through every exporter and back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kgforge_fuzz::pipeline::check_csv(data);
});
