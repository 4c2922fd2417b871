//! Bad input gets diagnostics, never a panic: real inputs with random bytes changed, cut or
//! repeated go through the importers, validation and the TOML writer.

use std::path::Path;

use kgforge::{ImportFormat, ImportOptions};
use proptest::prelude::*;

use crate::util::root;

fn seeds() -> Vec<(ImportFormat, &'static str, Vec<u8>)> {
    let read = |p: &str| std::fs::read(root().join(p)).expect("seed");
    let stress = crate::util::stress_graph();
    let export = |f| kgforge::export::export(&stress, f, Vec::new()).expect("export");
    use kgforge::export::Format;
    vec![
        (
            ImportFormat::Turtle,
            "people.ttl",
            read("tests/data/import/people.ttl"),
        ),
        (ImportFormat::Turtle, "stress.ttl", export(Format::Turtle)),
        (
            ImportFormat::NTriples,
            "stress.nt",
            export(Format::NTriples),
        ),
        (
            ImportFormat::JsonLd,
            "stress.jsonld",
            export(Format::JsonLd),
        ),
        (ImportFormat::RdfXml, "stress.rdf", export(Format::RdfXml)),
        (
            ImportFormat::Wikidata,
            "Q106975887.json",
            read("tests/data/wikidata/Q106975887.json"),
        ),
    ]
}

/// Imports `bytes`; whatever validates is written as TOML and must load back the same.
fn check(format: ImportFormat, name: &str, bytes: &[u8]) {
    let imported = kgforge::import_from(Path::new(name), bytes, format, &ImportOptions::default());
    let _ = imported.loaded.diagnostics.render();
    let _ = imported.summary.to_string();
    if imported.loaded.diagnostics.error_count() > 0 {
        return;
    }
    let dataset = imported.loaded.dataset.clone();
    if let Ok(files) = kgforge::export::toml::TomlExporter::new().files(&dataset) {
        // A directory of its own per call: both tests of this file call this at once.
        let dir = tempfile::tempdir().unwrap();
        for f in &files {
            std::fs::write(dir.path().join(f.name), &f.text).unwrap();
        }
        let back = kgforge::load(dir.path()).unwrap();
        assert_eq!(
            back.diagnostics.error_count(),
            0,
            "{}",
            back.diagnostics.render()
        );
        assert_eq!(back.dataset, dataset);
    }
    let _ = kgforge::validate(imported.loaded, false)
        .diagnostics
        .render();
}

proptest! {
    #![proptest_config(crate::properties::config(64))]

    #[test]
    fn changed_inputs_get_diagnostics_not_panics(
        seed in 0usize..6,
        edits in proptest::collection::vec((any::<u16>(), any::<u8>(), 0u8..4), 1..8),
    ) {
        let (format, name, mut bytes) = seeds().swap_remove(seed);
        for (at, byte, kind) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = usize::from(at) % bytes.len();
            match kind {
                0 => bytes[i] = byte,
                1 => bytes.truncate(i),
                2 => bytes.insert(i, byte),
                _ => {
                    let end = (i + usize::from(byte)).min(bytes.len());
                    let piece = bytes[i..end].to_vec();
                    bytes.splice(i..i, piece);
                }
            }
        }
        check(format, name, &bytes);
    }
}

#[test]
fn empty_and_odd_inputs_are_handled() {
    for format in ImportFormat::ALL {
        for bytes in [
            &b""[..],
            b"\n\n",
            b"[",
            b"]",
            b"{}",
            b"null",
            b"\xff\xfe",
            b"[\n]\n",
        ] {
            check(format, "odd", bytes);
        }
    }
}
