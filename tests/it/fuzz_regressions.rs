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

/// The import target's crashes, and its seeds (the first byte picks the format, as in the
/// target): the real inputs of the import tests go through the same checks.
#[test]
fn import_crashes_stay_fixed() {
    let root = crate::util::root();
    let mut cases: Vec<Vec<u8>> = Vec::new();
    for (format, dir) in [(0u8, "tests/data/import"), (6, "tests/data/wikidata")] {
        for entry in std::fs::read_dir(root.join(dir)).expect("test data") {
            let path = entry.expect("entry").path();
            let ext = path.extension().and_then(|e| e.to_str());
            if matches!(ext, Some("ttl" | "json")) {
                let mut case = vec![format];
                case.extend(std::fs::read(&path).expect("readable"));
                cases.push(case);
            }
        }
    }
    assert!(cases.len() >= 3, "import seeds: {}", cases.len());
    for input in inputs("import") {
        cases.push(std::fs::read(&input).expect("readable"));
    }
    for case in cases {
        pipeline::check_import(&case);
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
