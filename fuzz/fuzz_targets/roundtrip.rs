//! A random valid dataset through every exporter and back through the real parsers: the
//! JSON loads back as the same dataset, every RDF syntax parses (oxrdfio) to exactly the
//! quads built, the DOT passes the DOT syntax check, and exporting twice gives equal bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = arbitrary::Unstructured::new(data);
    if let Ok(graph) = kgforge_fuzz::arb::valid_graph(&mut input) {
        kgforge_fuzz::pipeline::check_graph(&graph);
    }
});
