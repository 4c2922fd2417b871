//! Any bytes as a kgforge JSON document: loading, validation and diagnostics never panic, and
//! whatever validates goes through every exporter and back (`check_graph`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kgforge_fuzz::pipeline::check_file(std::path::Path::new("dataset.json"), data);
});
