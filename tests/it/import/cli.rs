//! `kgforge import` on the command line: what it writes, what it refuses, its exit codes.

use std::process::{Command, Output, Stdio};

use crate::util::{root, scratch_dir};

fn kgforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("kgforge runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn import_writes_a_dataset_that_builds_the_same_exports() {
    let dir = scratch_dir("import-cli-default");
    let out_dir = dir.join("rebuilt");
    let out = kgforge(&[
        "import",
        "exports/manchuria-1945.nt",
        "-o",
        out_dir.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("read as N-Triples, a kgforge dataset's export"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing skipped"), "{stderr}");
    assert!(
        text(&out.stdout).ends_with("wrote 108 entities and 295 statements in 6 files\n"),
        "{}",
        text(&out.stdout)
    );
    let statements = std::fs::read_to_string(out_dir.join("statements.toml")).unwrap();
    assert!(statements.starts_with("# Imported by `kgforge import` from manchuria-1945.nt;"));
    let built = dir.join("built");
    let out = kgforge(&[
        "build",
        out_dir.to_str().unwrap(),
        "-o",
        built.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::read(built.join("manchuria-1945.json")).unwrap()
            == std::fs::read(root().join("exports/manchuria-1945.json")).unwrap()
    );
}

#[test]
fn a_directory_that_is_not_empty_is_refused_unless_forced() {
    let dir = scratch_dir("import-cli-force");
    std::fs::write(dir.join("old-entities.toml"), "# an older dataset\n").unwrap();
    std::fs::write(dir.join("README.md"), "kept\n").unwrap();
    let target = dir.to_str().unwrap();
    let out = kgforge(&["import", "tests/data/import/people.ttl", "-o", target]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("is not empty (it holds README.md, old-entities.toml); give --force"),
        "{stderr}"
    );
    let out = kgforge(&[
        "import",
        "tests/data/import/people.ttl",
        "-o",
        target,
        "--force",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The old dataset file is gone (it would be merged), other files stay.
    assert!(!dir.join("old-entities.toml").exists());
    assert!(dir.join("README.md").exists());
    assert!(dir.join("entities.toml").exists());
}

#[test]
fn syntax_errors_are_located_and_nothing_is_written() {
    let dir = scratch_dir("import-cli-syntax");
    let input = dir.join("bad.nt");
    std::fs::write(
        &input,
        "<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n<http://a> <http://b> \"x\" .\nfoo bar\n",
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = kgforge(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "--short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    // Both errors: the parser goes on after the first.
    assert!(stderr.contains("bad.nt:2:23: error[KG0001]: N-Triples syntax: The object of a triple must be an IRI, a blank node or a literal"), "{stderr}");
    assert!(stderr.contains("bad.nt:4:1: error[KG0001]: N-Triples syntax: The subject of a triple must be an IRI or a blank node"), "{stderr}");
    assert!(stderr.contains("nothing written"), "{stderr}");
    assert!(!out_dir.exists());
}

#[test]
fn rdf_xml_errors_are_located_too() {
    let dir = scratch_dir("import-cli-rdfxml");
    let input = dir.join("bad.rdf");
    std::fs::write(
        &input,
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns:ex=\"http://ex/\">\n<rdf:Description rdf:about=\"http://a\"><ex:b>y</ex:c></rdf:Description>\n</rdf:RDF>\n",
    )
    .unwrap();
    let out = kgforge(&[
        "import",
        input.to_str().unwrap(),
        "-o",
        dir.join("out").to_str().unwrap(),
        "--short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("bad.rdf:3:53: error[KG0001]: RDF/XML syntax: ill-formed document: expected `</ex:b>`, but `</ex:c>` was found"), "{stderr}");
}

#[test]
fn standard_input_needs_a_format() {
    let dir = scratch_dir("import-cli-stdin");
    let out_dir = dir.join("out");
    let out = kgforge(&["import", "-", "-o", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("needs --format"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args([
            "import",
            "-",
            "--format",
            "ttl",
            "-o",
            out_dir.to_str().unwrap(),
        ])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(root().join("tests/data/import/people.ttl")).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(out_dir.join("statements.toml").exists());
}
