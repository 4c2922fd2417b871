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
    assert_eq!(doc["version"], 2);
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
            "error[KG0007]: this kgforge reads JSON version 2; the document has version 3"
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
    if !crate::util::python_has("networkx jsonschema", "networkx test") {
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
    let out = crate::util::run_python(script, [&doc, &schema]);
    let stats = graph.stats();
    assert_eq!(
        out.trim(),
        format!("{} {} True True", stats.entities, stats.edges)
    );
}

/// The default export and the mutations issue 13 found valid under the old schema: each a
/// (name, document) pair; the first is the export itself.
fn schema_cases() -> Vec<(&'static str, serde_json::Value)> {
    let graph = crate::util::default_graph();
    let doc: serde_json::Value =
        serde_json::from_slice(&JsonExporter::new().export(&graph, Vec::new()).unwrap()).unwrap();
    let mutate = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut d = doc.clone();
        f(&mut d);
        d
    };
    vec![
        ("export", doc.clone()),
        (
            "empty label",
            mutate(&|d| d["nodes"][0]["label"]["en"] = "".into()),
        ),
        (
            "unknown node key",
            mutate(&|d| d["nodes"][0]["colour"] = "red".into()),
        ),
        ("unknown top-level key", mutate(&|d| d["extra"] = 1.into())),
        (
            "bad language tag",
            mutate(&|d| d["nodes"][0]["label"]["en_GB"] = "x".into()),
        ),
        ("directed false", mutate(&|d| d["directed"] = false.into())),
        (
            "missing references",
            mutate(&|d| {
                d["edges"][0].as_object_mut().unwrap().remove("references");
            }),
        ),
        (
            "impossible date",
            mutate(&|d| d["graph"]["sources"][0]["date"] = "1945-02-30".into()),
        ),
        (
            "impossible leap day",
            mutate(&|d| d["graph"]["sources"][0]["date"] = "1900-02-29".into()),
        ),
        (
            "unknown statement key",
            mutate(&|d| d["edges"][0]["weight"] = 1.into()),
        ),
        (
            "two values",
            mutate(&|d| {
                let node = d["nodes"]
                    .as_array_mut()
                    .unwrap()
                    .iter_mut()
                    .find(|n| !n["statements"].as_array().unwrap().is_empty())
                    .unwrap();
                node["statements"][0]["text"] = "and a text".into();
            }),
        ),
    ]
}

fn write_cases(dir: &Path) -> Vec<std::path::PathBuf> {
    schema_cases()
        .into_iter()
        .enumerate()
        .map(|(i, (_, doc))| {
            let path = dir.join(format!("case-{i}.json"));
            std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
            path
        })
        .collect()
}

/// Python's jsonschema checks the schema itself and rejects every mutation. See issue 13.
#[test]
fn jsonschema_accepts_the_export_and_rejects_every_mutation() {
    if !crate::util::python_has("jsonschema", "jsonschema") {
        return;
    }
    let dir = crate::util::scratch_dir("json-schema-python");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, json_schema()).unwrap();
    let cases = write_cases(&dir);
    let script = r#"
import json, sys
from jsonschema import Draft202012Validator
schema = json.load(open(sys.argv[1]))
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)
for path in sys.argv[2:]:
    print("valid" if validator.is_valid(json.load(open(path))) else "invalid")
"#;
    let out = crate::util::run_python(script, std::iter::once(&schema).chain(&cases));
    check_verdicts(&out);
}

/// Ajv compiles the schema in strict mode (every strict option on) and rejects every
/// mutation. Node comes from Debian and Ajv from npm, installed by .ci/run into target/node.
#[test]
fn ajv_strict_compiles_the_schema_and_rejects_every_mutation() {
    let Some(modules) = crate::util::node_with_ajv("Ajv") else {
        return;
    };
    let dir = crate::util::scratch_dir("json-schema-ajv");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, json_schema()).unwrap();
    let cases = write_cases(&dir);
    let script = r#"
const fs = require("fs");
const Ajv2020 = require(process.argv[1] + "/ajv/dist/2020").default;
const ajv = new Ajv2020({ strict: true, allErrors: true });
const validate = ajv.compile(JSON.parse(fs.readFileSync(process.argv[2], "utf8")));
for (const path of process.argv.slice(3)) {
  console.log(validate(JSON.parse(fs.readFileSync(path, "utf8"))) ? "valid" : "invalid");
}
"#;
    let out = std::process::Command::new("node")
        .args(["-e", script])
        .arg(&modules)
        .arg(&schema)
        .args(&cases)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    check_verdicts(&String::from_utf8_lossy(&out.stdout));
}

fn check_verdicts(stdout: &str) {
    let verdicts: Vec<&str> = stdout.lines().collect();
    let cases = schema_cases();
    assert_eq!(verdicts.len(), cases.len(), "{stdout}");
    for ((name, _), verdict) in cases.iter().zip(&verdicts) {
        let expected = if *name == "export" {
            "valid"
        } else {
            "invalid"
        };
        assert_eq!(*verdict, expected, "{name}");
    }
}

/// What no JSON Schema can see: two nodes with one id. The loader's validation refuses it.
#[test]
fn a_duplicate_node_is_refused_by_validation() {
    let graph = crate::util::default_graph();
    let mut doc: serde_json::Value =
        serde_json::from_slice(&JsonExporter::new().export(&graph, Vec::new()).unwrap()).unwrap();
    let first = doc["nodes"][0].clone();
    doc["nodes"].as_array_mut().unwrap().push(first);
    let dir = crate::util::scratch_dir("json-duplicate-node");
    let path = dir.join("doc.json");
    std::fs::write(&path, serde_json::to_vec(&doc).unwrap()).unwrap();
    let report = kgforge::validate(kgforge::load(&path).unwrap(), false);
    assert!(report.dataset.is_none());
    assert!(
        report
            .diagnostics
            .items
            .iter()
            .any(|d| d.code == kgforge::Code::DuplicateId),
        "{}",
        report.diagnostics.render()
    );
}

/// networkx writes a document back without `format` and `version`; kgforge reads it, with a
/// warning, as the same dataset.
#[test]
fn a_document_networkx_wrote_back_loads_with_a_warning() {
    if !crate::util::python_has("networkx", "networkx write-back") {
        return;
    }
    let graph = crate::util::default_graph();
    let dir = crate::util::scratch_dir("json-networkx-write-back");
    let export = dir.join("export.json");
    std::fs::write(
        &export,
        JsonExporter::new().export(&graph, Vec::new()).unwrap(),
    )
    .unwrap();
    let back = dir.join("back.json");
    let script = r#"
import json, sys
import networkx as nx
g = nx.node_link_graph(json.load(open(sys.argv[1])), edges="edges")
json.dump(nx.node_link_data(g, edges="edges"), open(sys.argv[2], "w"))
"#;
    crate::util::run_python(script, [&export, &back]);
    let report = kgforge::validate(kgforge::load(&back).unwrap(), false);
    let codes: Vec<_> = report.diagnostics.items.iter().map(|d| d.code).collect();
    assert_eq!(
        codes,
        [kgforge::Code::JsonHeaderMissing],
        "{}",
        report.diagnostics.render()
    );
    // The same dataset; networkx lists the edges by source node, so the statements come in
    // another order.
    let back = report.dataset.expect("valid");
    let (a, b) = (graph.dataset(), back.dataset());
    assert_eq!(a.clone_schema(), b.clone_schema());
    assert_eq!(a.entities, b.entities);
    let sorted = |d: &kgforge::Dataset| {
        let mut v: Vec<String> = d.statements.iter().map(|s| format!("{s:?}")).collect();
        v.sort();
        v
    };
    assert_eq!(sorted(a), sorted(b));
}
