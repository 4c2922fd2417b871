//! The command line end to end: exit codes, stdout versus stderr.

use std::path::Path;
use std::process::{Command, Output};

fn kgforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn validate_reports_every_problem_with_its_location_and_exits_1() {
    let out = kgforge(&["validate", "tests/data/invalid/many_errors"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty(), "data errors go to stderr only");
    let stderr = text(&out.stderr);
    for location in [
        "tests/data/invalid/many_errors/entities.toml:10:8",
        "tests/data/invalid/many_errors/schema.toml:21:10",
        "tests/data/invalid/many_errors/sources.toml:5:7",
        "tests/data/invalid/many_errors/statements.toml:5:8",
    ] {
        assert!(
            stderr.contains(location),
            "{location} missing from:\n{stderr}"
        );
    }
    assert!(stderr.contains("4 error(s)"), "{stderr}");
}

#[test]
fn validate_short_prints_one_line_per_problem() {
    let out = kgforge(&["validate", "--short", "tests/data/invalid/unknown_entity"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("tests/data/invalid/unknown_entity/statements.toml:4:10: error[KG0201]: unknown entity \"red_amry\""),
        "{stderr}"
    );
}

#[test]
fn the_default_dataset_validates_cleanly_with_warnings_denied() {
    let out = kgforge(&["validate", "--deny-warnings"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("data/manchuria-1945: valid"));
}

#[test]
fn warnings_pass_unless_denied() {
    let lenient = kgforge(&["validate", "tests/data/invalid/orphan_entity"]);
    assert_eq!(lenient.status.code(), Some(0));
    assert!(text(&lenient.stderr).contains("warning[KG0802]"));
    let strict = kgforge(&[
        "validate",
        "--deny-warnings",
        "tests/data/invalid/orphan_entity",
    ]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn quiet_prints_nothing_on_success() {
    let out = kgforge(&["-q", "validate"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["--no-such-flag"][..],
        &["build", "--format", "xlsx"],
        &["validate", "tests/data/does-not-exist"],
        &["build", "--render", "ttl"],
    ] {
        let out = kgforge(args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            text(&out.stderr)
        );
        assert!(!out.stderr.is_empty(), "{args:?} said nothing");
        assert!(out.stdout.is_empty(), "{args:?}");
    }
    let out = kgforge(&["build", "--format", "xlsx"]);
    assert!(text(&out.stderr).contains("unknown format \"xlsx\""));
}

#[test]
fn help_shows_examples() {
    let out = kgforge(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("kgforge validate"),
        "{help}"
    );
}

#[test]
fn stats_counts_the_dataset_as_json() {
    let out = kgforge(&["stats", "--json", "tests/data/valid/stress"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    assert_eq!(stats["entities"], 5);
    assert_eq!(stats["statements"], 10);
    assert_eq!(stats["edges"], 4);
    assert_eq!(stats["disputed_statements"], 2);
    assert_eq!(stats["unreferenced_statements"], 0);
    assert_eq!(stats["statements_by_rank"]["deprecated"], 1);
    assert_eq!(stats["entities_by_type"]["node"], 3);
}

#[test]
fn stats_prints_an_aligned_table() {
    let out = kgforge(&["stats", "tests/data/valid/stress"]);
    assert_eq!(out.status.code(), Some(0));
    let table = text(&out.stdout);
    assert!(table.contains("statements by predicate:"), "{table}");
    assert!(
        table
            .lines()
            .any(|l| l.trim_start().starts_with("digraph") && l.ends_with(" 4")),
        "{table}"
    );
}

#[test]
fn build_writes_the_requested_formats_only() {
    let dir = crate::util::scratch_dir("cli-build");
    let out_dir = dir.to_str().expect("utf-8 path");
    let out = kgforge(&[
        "build",
        "tests/data/valid/stress",
        "-o",
        out_dir,
        "--format",
        "ttl,json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .expect("out dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    // Beside them, what describes them: the JSON Schema, the RDF vocabulary and the shapes;
    // and the lock file a build keeps in its output directory.
    assert_eq!(
        names,
        [
            kgforge::export::LOCK_FILE,
            "kgforge-vocab.ttl",
            "kgforge.schema.json",
            "stress.json",
            "stress.shapes.ttl",
            "stress.ttl"
        ]
    );
}

#[test]
fn verbose_build_reports_each_stage_and_says_wrote_only_once_all_are_in_place() {
    let dir = crate::util::scratch_dir("cli-build-verbose");
    let out_dir = dir.to_str().expect("utf-8 path");
    let out = kgforge(&[
        "-v",
        "build",
        "tests/data/valid/stress",
        "-o",
        out_dir,
        "--format",
        "ttl,nt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("kgforge: "))
        .collect();
    for stage in ["loaded in", "validated in", "indexed in"] {
        assert!(lines.iter().any(|l| l.contains(stage)), "{stage}: {stderr}");
    }
    // Turtle and N-Triples, and beside them the RDF vocabulary and the dataset's shapes.
    let built: Vec<_> = lines.iter().filter(|l| l.contains(": built ")).collect();
    assert_eq!(built.len(), 4, "{stderr}");
    // Files are built beside their targets and renamed together: "wrote" comes last, once.
    let wrote: Vec<_> = lines.iter().filter(|l| l.contains(" wrote ")).collect();
    assert_eq!(wrote.len(), 1, "{stderr}");
    assert!(
        lines.last().is_some_and(|l| l.contains("wrote 4 file(s)")),
        "{stderr}"
    );
}

#[test]
fn build_refuses_an_invalid_dataset_and_writes_nothing() {
    let dir = crate::util::scratch_dir("cli-build-invalid");
    let out = kgforge(&[
        "build",
        "tests/data/invalid/many_errors",
        "-o",
        dir.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 0);
}

#[test]
fn build_loads_its_own_json_export() {
    let dir = crate::util::scratch_dir("cli-build-json");
    let d = dir.to_str().expect("utf-8");
    let first = kgforge(&[
        "build",
        "tests/data/valid/stress",
        "-o",
        d,
        "--format",
        "json,nt",
    ]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let again = dir.join("again");
    let json = dir.join("stress.json");
    let second = kgforge(&[
        "build",
        json.to_str().expect("utf-8"),
        "-o",
        again.to_str().expect("utf-8"),
        "--format",
        "json,nt",
    ]);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    for name in ["stress.json", "stress.nt"] {
        assert_eq!(
            std::fs::read(dir.join(name)).expect("first"),
            std::fs::read(again.join(name)).expect("second"),
            "{name} differs after a JSON round trip"
        );
    }
    assert!(Path::new(&again).join("stress.nt").exists());
}

#[test]
fn find_prints_candidates_and_exits_1_when_nothing_matches() {
    let out = kgforge(&["find", "Boli"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("khabarovsk"), "{stdout}");
    assert!(stdout.contains("(as \"Boli\", en)"), "{stdout}");
    let none = kgforge(&["find", "zzzz-nothing"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(none.stdout.is_empty());
}

#[test]
fn neighbors_filters_by_direction_predicate_and_date() {
    let out = kgforge(&[
        "neighbors",
        "Far East command",
        "--direction",
        "in",
        "--predicate",
        "subordinate_to",
        "--type",
        "front",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["entity"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "transbaikal_front",
            "first_far_eastern_front",
            "second_far_eastern_front"
        ]
    );
    assert!(
        list[0]["statement"]["references"]
            .as_array()
            .is_some_and(|r| !r.is_empty())
    );
    let earlier = kgforge(&[
        "neighbors",
        "kwantung_army",
        "--predicate",
        "commanded_by",
        "--as-of",
        "1943",
    ]);
    assert!(
        !text(&earlier.stdout).contains("otozo_yamada"),
        "{}",
        text(&earlier.stdout)
    );
    let then = kgforge(&[
        "neighbors",
        "kwantung_army",
        "--predicate",
        "commanded_by",
        "--as-of",
        "1945-08-10",
    ]);
    assert!(
        text(&then.stdout).contains("otozo_yamada"),
        "{}",
        text(&then.stdout)
    );
}

#[test]
fn ambiguous_or_unknown_names_are_usage_errors() {
    let out = kgforge(&["neighbors", "far eastern front"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("could mean") && stderr.contains("first_far_eastern_front"),
        "{stderr}"
    );
    let out = kgforge(&["neighbors", "atlantis"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("kgforge find"));
}

#[test]
fn path_shows_the_chain_of_statements() {
    let out = kgforge(&["path", "kwantung_army", "siberia", "--undirected"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Japanese prisoners of war in the Soviet Union"),
        "{stdout}"
    );
    assert!(stdout.contains("—interned in→"), "{stdout}");
    let directed = kgforge(&["path", "kwantung_army", "siberia"]);
    assert_eq!(directed.status.code(), Some(1));
    assert!(text(&directed.stderr).contains("no path"));
}

#[test]
fn subgraph_exports_a_neighbourhood_in_any_format() {
    let out = kgforge(&[
        "subgraph",
        "kwantung_army",
        "--depth",
        "1",
        "--format",
        "nt",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let nt = text(&out.stdout);
    assert!(
        nt.contains("/kwantung_army>") || nt.contains("kwantung_army"),
        "{nt}"
    );
    let dir = crate::util::scratch_dir("cli-subgraph");
    let file = dir.join("part.json");
    let out = kgforge(&[
        "subgraph",
        "kwantung_army",
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).expect("written"))
        .expect("JSON from the extension");
    assert_eq!(doc["format"], "kgforge");
}

#[test]
fn sparql_prints_a_table_or_a_results_format() {
    let query = "SELECT ?front WHERE { ?front ?p ?o } ORDER BY ?front LIMIT 2";
    let out = kgforge(&["sparql", query]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("?front\n"),
        "{}",
        text(&out.stdout)
    );
    let csv = kgforge(&["sparql", query, "--results", "csv"]);
    assert!(
        text(&csv.stdout).starts_with("front\r\n"),
        "{:?}",
        text(&csv.stdout)
    );
    let json = kgforge(&["sparql", "ASK { ?s ?p ?o }", "--results", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["boolean"], true);
    let bad = kgforge(&["sparql", "SELECT ?x WHERE {"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        text(&bad.stderr).contains("line 1, column 18"),
        "{}",
        text(&bad.stderr)
    );
    let dir = crate::util::scratch_dir("cli-sparql");
    let file = dir.join("q.rq");
    std::fs::write(&file, "ASK { ?s ?p ?o }").expect("write");
    let from_file = kgforge(&["sparql", &format!("@{}", file.display())]);
    assert_eq!(text(&from_file.stdout), "true\n");
}

#[test]
fn no_arguments_builds_the_default_dataset_into_exports() {
    let dir = crate::util::scratch_dir("cli-no-arguments");
    let data = dir.join("data/manchuria-1945");
    std::fs::create_dir_all(&data).expect("mkdir");
    for entry in std::fs::read_dir(crate::util::default_dataset()).expect("dataset") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy");
    }
    let out = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .arg("-q")
        .current_dir(&dir)
        .output()
        .expect("kgforge runs");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    for ext in ["dot", "json", "ttl", "nt", "nq", "trig", "jsonld", "rdf"] {
        assert!(
            dir.join(format!("exports/manchuria-1945.{ext}")).is_file(),
            "no .{ext} in exports/"
        );
    }
    assert!(dir.join("exports/kgforge.schema.json").is_file());
}
