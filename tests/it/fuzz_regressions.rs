//! Every input that ever crashed a fuzz target, replayed through the same checks
//! (`pipeline.rs`), so each fix stays fixed. `tests/data/fuzz/<target>/` holds them, named
//! after what they broke; fuzz/README.md lists them.

use std::path::Path;

use crate::pipeline;

fn inputs(target: &str) -> Vec<std::path::PathBuf> {
    let dir = crate::util::root().join("tests/data/fuzz").join(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut files: Vec<_> = entries.map(|e| e.expect("entry").path()).collect();
    files.sort();
    files
}

#[test]
fn toml_loader_crashes_stay_fixed() {
    let inputs = inputs("load_toml");
    assert!(
        inputs.len() >= 3,
        "tests/data/fuzz/load_toml holds {inputs:?}"
    );
    for input in inputs {
        let bytes = std::fs::read(&input).expect("readable");
        pipeline::check_file(Path::new("dataset.toml"), &bytes);
    }
}

#[test]
fn json_loader_crashes_stay_fixed() {
    for input in inputs("load_json") {
        let bytes = std::fs::read(&input).expect("readable");
        pipeline::check_file(Path::new("dataset.json"), &bytes);
    }
}

#[test]
fn csv_loader_crashes_stay_fixed() {
    for input in inputs("load_csv") {
        let bytes = std::fs::read(&input).expect("readable");
        pipeline::check_csv(&bytes);
    }
}

#[test]
fn round_trip_crashes_stay_fixed() {
    for input in inputs("roundtrip") {
        let bytes = std::fs::read(&input).expect("readable");
        if let Ok(graph) = crate::arb::valid_graph(&mut arbitrary::Unstructured::new(&bytes)) {
            pipeline::check_graph(&graph);
        }
    }
}
