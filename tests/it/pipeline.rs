//! The checks the fuzz targets run on every input, shared with `cargo test` so that every
//! crash the fuzzers found stays fixed (`tests/it/fuzz_regressions.rs` replays them).
//!
//! Self-contained on purpose: the fuzz crate includes this file with `#[path]`, next to
//! `dot_syntax.rs`.

use std::collections::HashSet;
use std::path::Path;

use kgforge::KnowledgeGraph;
use kgforge::export::parquet::{ParquetExporter, Table};
use kgforge::export::rdf::RdfExporter;
use kgforge::export::{self, Format};
use oxrdfio::{RdfFormat, RdfParser};

use super::dot_syntax;

/// Loads one file's bytes (`name` picks TOML or JSON), renders its diagnostics and
/// validates it; a valid dataset then goes through [`check_graph`]. Panics on any failure.
pub fn check_file(name: &Path, bytes: &[u8]) {
    let loaded = kgforge::load_bytes(name, bytes);
    let report = kgforge::validate(loaded, false);
    check_diagnostics(&report.diagnostics);
    match report.dataset {
        Some(dataset) => check_graph(&KnowledgeGraph::new(dataset)),
        None => assert!(
            report.diagnostics.error_count() > 0,
            "refused without an error"
        ),
    }
}

/// A schema for CSV inputs that start with `#` (the others use the schema CSV infers).
const CSV_SCHEMA: &str = r#"[dataset]
id = "csv"
title = "CSV"
base_iri = "https://example.org/csv/"
languages = ["en", "ja"]

[types.army]
label = "army"

[types.place]
label = "place"

[predicates.surrendered_to]
label = "surrendered to"
range = ["army"]

[predicates.captured]
label = "number captured"
range = "integer"

[predicates.founded]
label = "founded"
range = "date"

[sources.article]
title = "An article"
paragraphs = 8
"#;

/// Bytes as a CSV dataset: split at form feeds into `entities.csv`, `relations.csv` and
/// `statements.csv` in a scratch directory (the CSV loader reads directories), with a TOML
/// schema when the bytes start with `#`; then as [`check_file`]. Panics on any failure.
pub fn check_csv(bytes: &[u8]) {
    let dir = std::env::temp_dir().join(format!("kgforge-fuzz-csv-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let (schema, bytes) = match bytes.strip_prefix(b"#") {
        Some(rest) => (true, rest),
        None => (false, bytes),
    };
    let mut parts = bytes.split(|&b| b == 0x0c);
    for name in ["entities.csv", "relations.csv", "statements.csv"] {
        if let Some(part) = parts.next() {
            std::fs::write(dir.join(name), part).expect("write");
        }
    }
    if schema {
        std::fs::write(dir.join("dataset.toml"), CSV_SCHEMA).expect("write");
    }
    let loaded = kgforge::load(&dir).expect("a directory");
    let report = kgforge::validate(loaded, false);
    check_diagnostics(&report.diagnostics);
    match report.dataset {
        Some(dataset) => check_graph(&KnowledgeGraph::new(dataset)),
        None => assert!(
            report.diagnostics.error_count() > 0,
            "refused without an error"
        ),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Bytes as an input of `kgforge import`: the first byte picks the format (of
/// [`kgforge::ImportFormat::ALL`]), the rest is the input. Importing, validating and rendering
/// diagnostics never panic; what imports without an error is written by the TOML writer and
/// loads back as the same dataset; what validates goes through [`check_graph`]. Panics on any
/// failure.
pub fn check_import(bytes: &[u8]) {
    use kgforge::ImportFormat;
    let Some((&first, input)) = bytes.split_first() else {
        return;
    };
    let format = ImportFormat::ALL[usize::from(first) % ImportFormat::ALL.len()];
    let name = format!("input.{}", format.name());
    let imported = kgforge::import_from(
        Path::new(&name),
        input,
        format,
        &kgforge::ImportOptions::default(),
    );
    let _ = imported.summary.to_string();
    check_diagnostics(&imported.loaded.diagnostics);
    if imported.loaded.diagnostics.error_count() > 0 {
        return;
    }
    let dataset = imported.loaded.dataset.clone();
    if let Ok(files) = kgforge::export::toml::TomlExporter::new().files(&dataset) {
        // The files hold distinct tables, so together they are one TOML document.
        let text: String = files.iter().map(|f| f.text.as_str()).collect();
        let back = kgforge::load_bytes(Path::new("dataset.toml"), text.as_bytes());
        assert_eq!(
            back.diagnostics.error_count(),
            0,
            "the TOML writer's files do not load: {}",
            back.diagnostics.render()
        );
        assert!(
            back.dataset == dataset,
            "the TOML writer's files load as another dataset"
        );
    }
    let report = kgforge::validate(imported.loaded, false);
    check_diagnostics(&report.diagnostics);
    if let Some(dataset) = report.dataset {
        check_graph(&KnowledgeGraph::new(dataset));
    }
}

/// Every diagnostic renders, points inside its file and has a message.
pub fn check_diagnostics(diagnostics: &kgforge::Diagnostics) {
    let rendered = diagnostics.render();
    let short = diagnostics.render_short();
    for d in &diagnostics.items {
        assert!(!d.message.is_empty(), "an empty message: {d:?}");
        for (location, _) in d.primary.iter().chain(&d.secondary) {
            let text = diagnostics.files.text(location.file);
            assert!(
                location.span.start <= location.span.end && location.span.end <= text.len(),
                "{:?} lies outside its file ({} bytes)",
                location.span,
                text.len()
            );
            assert!(
                text.is_char_boundary(location.span.start)
                    && text.is_char_boundary(location.span.end),
                "{:?} splits a character",
                location.span
            );
        }
        assert!(
            rendered.contains(d.code.as_str()),
            "{} not rendered",
            d.code
        );
        check_points_at_the_id(diagnostics, d);
    }
    assert_eq!(short.lines().count(), diagnostics.items.len(), "{short}");
}

/// An "unknown entity \"x\"" (or type, predicate, source) points at where `x` is written: the
/// check that catches spans computed from the wrong offsets (a CRLF line end counted as one
/// byte). Skipped when the text there holds escapes or quotes, where the id is not written
/// verbatim.
fn check_points_at_the_id(diagnostics: &kgforge::Diagnostics, d: &kgforge::Diagnostic) {
    use kgforge::Code;
    if !matches!(
        d.code,
        Code::UnknownEntity | Code::UnknownType | Code::UnknownPredicate | Code::UnknownSource
    ) {
        return;
    }
    let (Some((location, _)), Some(id)) = (&d.primary, d.message.split('"').nth(1)) else {
        return;
    };
    let text = &diagnostics.files.text(location.file)[location.span.clone()];
    let inner = text.strip_prefix('"').unwrap_or(text);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    if inner.contains(['\\', '"']) || id.is_empty() {
        return;
    }
    assert!(
        text.contains(id),
        "{} points at {text:?}, not at {id:?}: {}",
        d.code,
        diagnostics.render_short()
    );
}

/// Runs a valid graph through every exporter kgforge writes itself and back through the real
/// parsers: exporting twice gives the same bytes; the JSON loads back as the same dataset
/// and re-exports to the same bytes; every RDF syntax parses (oxrdfio) to exactly the quads
/// built; the DOT passes [`dot_syntax::check`]. Panics on any failure.
pub fn check_graph(graph: &KnowledgeGraph) {
    for format in written_formats() {
        let bytes = match export_bytes(graph, format) {
            Ok(bytes) => bytes,
            // Past Mermaid's limits the exporter refuses, by design.
            Err(e)
                if format == Format::Mermaid && e.to_string().contains("Mermaid draws at most") =>
            {
                continue;
            }
            Err(e) => panic!("the {} export failed: {e}", format.name()),
        };
        let again = export_bytes(graph, format).expect("it worked once");
        assert!(bytes == again, "two {} exports differ", format.name());
        match format {
            Format::Dot => {
                let text = std::str::from_utf8(&bytes).expect("DOT is UTF-8");
                if let Err(e) = dot_syntax::check(text) {
                    panic!("the DOT export is not valid DOT: {e}\n{text}");
                }
            }
            Format::Json => check_json(graph, &bytes),
            Format::GraphMl | Format::Gexf => check_xml(graph, format, &bytes),
            Format::Cytoscape => {
                let doc: serde_json::Value =
                    serde_json::from_slice(&bytes).expect("Cytoscape.js JSON parses");
                let nodes = doc["elements"]["nodes"].as_array().expect("nodes");
                assert_eq!(nodes.len(), graph.dataset().entities.len());
            }
            // Read by Mermaid and Chromium in readers.rs (Parquet by its own reader, DuckDB and
            // Spark in parquet.rs); here only that they are written.
            Format::Mermaid | Format::Html | Format::Parquet => assert!(!bytes.is_empty()),
            rdf => check_rdf(graph, rdf, &bytes),
        }
    }
}

/// Every format kgforge writes itself: all but SVG and PNG (drawn by Graphviz), and Parquet
/// only in a build with the `parquet` feature.
pub fn written_formats() -> impl Iterator<Item = Format> {
    Format::ALL
        .into_iter()
        .filter(|f| !f.needs_graphviz())
        .filter(|f| *f != Format::Parquet || ParquetExporter::is_available())
}

/// A graph's export in any format kgforge writes itself: [`export::export`]'s bytes, or for
/// Parquet every table's file, one after the other in [`Table::ALL`]'s order.
///
/// # Errors
/// The exporter's.
pub fn export_bytes(graph: &KnowledgeGraph, format: Format) -> kgforge::Result<Vec<u8>> {
    if format != Format::Parquet {
        return export::export(graph, format, Vec::new());
    }
    let mut bytes = Vec::new();
    for table in Table::ALL {
        bytes = ParquetExporter::new().export(graph, table, bytes)?;
    }
    Ok(bytes)
}

fn check_json(graph: &KnowledgeGraph, bytes: &[u8]) {
    let loaded = kgforge::load_bytes(Path::new("export.json"), bytes);
    let report = kgforge::validate(loaded, false);
    let Some(reloaded) = report.dataset else {
        panic!(
            "the JSON export does not load back:\n{}\n{}",
            report.diagnostics.render(),
            String::from_utf8_lossy(bytes)
        );
    };
    assert!(
        graph.dataset() == reloaded.dataset(),
        "the JSON round trip changed the dataset:\n{:#?}\n{:#?}",
        graph.dataset(),
        reloaded.dataset()
    );
    let again = export::export(&KnowledgeGraph::new(reloaded), Format::Json, Vec::new())
        .expect("export the reloaded dataset");
    assert!(
        bytes == again.as_slice(),
        "the reloaded dataset exports other JSON"
    );
}

/// GraphML and GEXF are well-formed XML with one node per entity and one edge per
/// entity-to-entity statement, whatever the strings hold.
fn check_xml(graph: &KnowledgeGraph, format: Format, bytes: &[u8]) {
    let text = std::str::from_utf8(bytes).expect("XML is UTF-8");
    let doc = roxmltree::Document::parse(text).unwrap_or_else(|e| {
        panic!(
            "the {} export is not well-formed XML: {e}\n{text}",
            format.name()
        )
    });
    let count = |tag: &str| doc.descendants().filter(|n| n.has_tag_name(tag)).count();
    assert_eq!(
        count("node"),
        graph.dataset().entities.len(),
        "{}",
        format.name()
    );
    assert_eq!(count("edge"), graph.edges().count(), "{}", format.name());
}

fn check_rdf(graph: &KnowledgeGraph, format: Format, bytes: &[u8]) {
    let built: HashSet<_> = RdfExporter::new(format).quads(graph).collect();
    let syntax = RdfFormat::from_extension(format.extension()).expect("an RDF extension");
    let read: HashSet<_> = RdfParser::from_format(syntax)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            panic!(
                "the {} export does not parse: {e}\n{}",
                format.name(),
                String::from_utf8_lossy(bytes)
            )
        });
    let missing: Vec<_> = built.difference(&read).take(3).collect();
    let extra: Vec<_> = read.difference(&built).take(3).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{} reads back other quads: missing {missing:#?}, extra {extra:#?}",
        format.name()
    );
}
