//! Any bytes as an input of `kgforge import` (the first byte picks RDF syntax or Wikidata
//! JSON): importing, validation and diagnostics never panic, the TOML writer's files load, and
//! whatever validates goes through every exporter and back (`check_graph`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kgforge_fuzz::pipeline::check_import(data);
});
