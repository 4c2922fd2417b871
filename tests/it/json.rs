//! The JSON export: lossless round trip, version check, schema, networkx compatibility.

use std::path::Path;

use kgforge::export::json::{JsonExporter, json_schema};

fn round_trip(graph: &kgforge::KnowledgeGraph, name: &str) {
    let bytes = JsonExporter::new()
        .export(graph, Vec::new())
        .expect("export");
    let dir = crate::util::scratch_dir(name);
    let path = dir.join("doc.json");
    std::fs::write(&path, &bytes).expect("write");
    let report = kgforge::validate(kgforge::load(&path).expect("load"), true);
    let reloaded = report
        .dataset
        .unwrap_or_else(|| panic!("{}", report.diagnostics.render()));
    assert_eq!(
        graph.dataset(),
        reloaded.dataset(),
        "the round trip changed the dataset"
    );
    let again = JsonExporter::new()
        .export(&kgforge::KnowledgeGraph::new(reloaded), Vec::new())
        .expect("export");
    assert_eq!(
        bytes, again,
        "exporting the reloaded dataset gave other bytes"
    );
}

#[test]
fn the_default_dataset_survives_a_json_round_trip() {
    round_trip(&crate::util::default_graph(), "json-round-trip-default");
}

#[test]
fn the_stress_dataset_survives_a_json_round_trip() {
    round_trip(&crate::util::stress_graph(), "json-round-trip-stress");
}

#[test]
fn a_bulk_dataset_written_in_chunks_survives_a_json_round_trip() {
    let graph = crate::util::graph(&crate::util::bulk_csv("json-bulk", 20_000));
    round_trip(&graph, "json-round-trip-bulk");
    // The compact document says the same as the pretty one.
    let parse = |pretty| -> serde_json::Value {
        let bytes = JsonExporter::new()
            .with_pretty(pretty)
            .export(&graph, Vec::new())
            .expect("export");
        serde_json::from_slice(&bytes).expect("JSON")
    };
    let pretty = parse(true);
    assert_eq!(pretty["nodes"].as_array().map(Vec::len), Some(20_000));
    assert_eq!(pretty["edges"].as_array().map(Vec::len), Some(20_000));
    assert_eq!(pretty, parse(false));
}

#[test]
fn the_document_is_node_link_with_literal_statements_on_nodes() {
    let graph = crate::util::stress_graph();
    let bytes = JsonExporter::new()
        .with_pretty(false)
        .export(&graph, Vec::new())
        .expect("export");
    let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(doc["format"], "kgforge");
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["directed"], true);
    assert_eq!(doc["multigraph"], true);
    assert_eq!(doc["graph"]["dataset"]["id"], "stress");
    let nodes = doc["nodes"].as_array().expect("nodes");
    let edges = doc["edges"].as_array().expect("edges");
    assert_eq!(nodes.len(), 5);
    assert_eq!(edges.len(), 4);
    let edge = edges
        .iter()
        .find(|e| e["key"] == "explicit.id-1")
        .expect("explicit id kept");
    assert_eq!(edge["source"], "graph");
    assert_eq!(edge["target"], "node");
    assert_eq!(edge["rank"], "deprecated");
    assert!(edge.get("subject").is_none() && edge.get("object").is_none());
    let node = nodes.iter().find(|n| n["id"] == "node").expect("node");
    let literal = node["statements"].as_array().expect("statements");
    assert_eq!(literal.len(), 2);
    assert_eq!(literal[0]["quantity"]["range"][1], i64::MAX);
    assert!(!bytes.contains(&b'\n') || bytes.iter().filter(|&&b| b == b'\n').count() == 1);
}

#[test]
fn another_version_is_refused_with_a_clear_error() {
    let report = kgforge::validate(
        kgforge::load(Path::new("tests/data/invalid/json_version.json")).expect("load"),
        false,
    );
    assert!(report.dataset.is_none());
    let text = report.diagnostics.render();
    assert!(
        text.contains(
            "error[KG0007]: this kgforge reads JSON version 1; the document has version 2"
        ),
        "{text}"
    );
}

#[test]
fn the_committed_schema_is_current() {
    let committed =
        std::fs::read_to_string(crate::util::root().join("exports/kgforge.schema.json"))
            .expect("exports/kgforge.schema.json is committed");
    assert!(
        committed == json_schema(),
        "exports/kgforge.schema.json is stale: run `cargo run --release`"
    );
}

/// networkx and jsonschema read the export (run by .ci/run, which installs both).
#[test]
fn networkx_loads_the_export_and_it_matches_the_schema() {
    let script = r#"
import json, sys
import networkx as nx
import jsonschema
doc = json.load(open(sys.argv[1]))
schema = json.load(open(sys.argv[2]))
jsonschema.validate(doc, schema)
g = nx.node_link_graph(doc)
print(g.number_of_nodes(), g.number_of_edges(), g.is_directed(), g.is_multigraph())
"#;
    let python = std::process::Command::new("python3")
        .args(["-c", "import networkx, jsonschema"])
        .output();
    if !python.is_ok_and(|o| o.status.success()) {
        if std::env::var_os("KGFORGE_REQUIRE_PYTHON").is_some_and(|v| v == "1") {
            panic!("python3 with networkx and jsonschema is required (KGFORGE_REQUIRE_PYTHON=1)");
        }
        eprintln!("networkx test: SKIPPED: python3 with networkx and jsonschema is not installed");
        return;
    }
    let graph = crate::util::default_graph();
    let dir = crate::util::scratch_dir("json-networkx");
    let doc = dir.join("doc.json");
    std::fs::write(
        &doc,
        JsonExporter::new()
            .export(&graph, Vec::new())
            .expect("export"),
    )
    .expect("write");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, json_schema()).expect("write");
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&doc)
        .arg(&schema)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats = graph.stats();
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        format!("{} {} True True", stats.entities, stats.edges)
    );
}
