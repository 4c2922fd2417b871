//! kgforge's own RDF read back: every RDF export of a dataset imports into the same dataset,
//! and export → import → export gives the same triples.

use std::collections::HashSet;
use std::path::Path;

use kgforge::export::rdf::RdfExporter;
use kgforge::export::{self, Format};
use kgforge::{Dataset, ImportFormat, ImportOptions, KnowledgeGraph};

use crate::util::root;

const RDF_FORMATS: [Format; 6] = [
    Format::Turtle,
    Format::NTriples,
    Format::NQuads,
    Format::TriG,
    Format::JsonLd,
    Format::RdfXml,
];

/// Imports `path` and validates it, panicking on any diagnostic or anything skipped.
fn import(path: &Path) -> KnowledgeGraph {
    let imported = kgforge::import(path, &ImportOptions::default()).expect("imports");
    assert!(
        imported.summary.skipped.is_empty(),
        "{}: {}",
        path.display(),
        imported.summary
    );
    let report = kgforge::validate(imported.loaded, false);
    let rendered = report.diagnostics.render();
    KnowledgeGraph::new(
        report
            .dataset
            .unwrap_or_else(|| panic!("{} imports invalid:\n{rendered}", path.display())),
    )
}

fn triples(graph: &KnowledgeGraph, format: Format) -> HashSet<oxrdf::Triple> {
    RdfExporter::new(format).triples(graph).collect()
}

#[test]
fn every_rdf_export_of_the_default_dataset_imports_to_its_json_byte_for_byte() {
    let committed = std::fs::read(root().join("exports/manchuria-1945.json")).expect("committed");
    let original = crate::util::default_graph();
    for format in RDF_FORMATS {
        let path = root().join(format!("exports/manchuria-1945.{}", format.extension()));
        let graph = import(&path);
        let json = export::export(&graph, Format::Json, Vec::new()).expect("export");
        assert!(
            json == committed,
            "{}: the JSON export differs",
            format.name()
        );
        assert_eq!(graph.dataset(), original.dataset(), "{}", format.name());
        assert!(
            triples(&graph, format) == triples(&original, format),
            "{}: export → import → export changed the triples",
            format.name()
        );
    }
}

#[test]
fn the_stress_dataset_survives_every_rdf_syntax() {
    let original = crate::util::stress_graph();
    let dir = crate::util::scratch_dir("import-own-stress");
    for format in RDF_FORMATS {
        let path = dir.join(format!("stress.{}", format.extension()));
        let bytes = export::export(&original, format, Vec::new()).expect("export");
        std::fs::write(&path, bytes).expect("write");
        let graph = import(&path);
        assert_eq!(
            without_empty_aliases(graph.dataset()),
            without_empty_aliases(original.dataset()),
            "{}",
            format.name()
        );
        assert!(triples(&graph, format) == triples(&original, format));
    }
}

/// The dataset with what a set of triples cannot hold taken out: empty alias lists, an alias
/// repeated in one language, a reference repeated in one statement.
pub(crate) fn without_empty_aliases(d: &Dataset) -> Dataset {
    let mut d = d.clone();
    for e in &mut d.entities {
        e.aliases.retain(|_, list| {
            let mut seen = HashSet::new();
            list.retain(|a| seen.insert(a.clone()));
            !list.is_empty()
        });
    }
    for s in &mut d.statements {
        let mut seen = Vec::new();
        for r in s.references() {
            if !seen.contains(r) {
                seen.push(r.clone());
            }
        }
        s.set_references(seen);
    }
    d
}

#[test]
fn the_format_comes_from_the_extension_or_is_given() {
    assert_eq!(
        ImportFormat::from_path(Path::new("a.ttl")),
        Some(ImportFormat::Turtle)
    );
    assert_eq!(
        ImportFormat::from_path(Path::new("Q42.json")),
        Some(ImportFormat::Wikidata)
    );
    let error = kgforge::import(Path::new("data.xyz"), &ImportOptions::default()).unwrap_err();
    assert!(
        error.to_string().contains("cannot tell its format"),
        "{error}"
    );
}

/// With `--statement-nodes annotated` a bare statement is only its direct triple; the import
/// reads it back from that (in subject order rather than the original order).
#[test]
fn bare_statements_of_an_annotated_export_are_read_from_their_direct_triples() {
    use kgforge::export::rdf::StatementNodes;
    let original = crate::util::default_graph();
    let dir = crate::util::scratch_dir("import-own-annotated");
    let path = dir.join("annotated.nt");
    let bytes = RdfExporter::new(Format::NTriples)
        .with_statement_nodes(StatementNodes::Annotated)
        .export(&original, Vec::new())
        .expect("export");
    std::fs::write(&path, bytes).expect("write");
    let graph = import(&path);
    let ids = |g: &KnowledgeGraph| -> std::collections::BTreeSet<String> {
        g.dataset()
            .statements
            .iter()
            .map(|s| s.id().into_owned())
            .collect()
    };
    assert_eq!(ids(&graph), ids(&original));
    let annotated = |g: &KnowledgeGraph| -> HashSet<oxrdf::Triple> {
        RdfExporter::new(Format::NTriples)
            .with_statement_nodes(StatementNodes::Annotated)
            .triples(g)
            .collect()
    };
    assert!(annotated(&graph) == annotated(&original));
}

mod random {
    use super::*;
    use proptest::prelude::*;

    use crate::properties::dataset;

    proptest! {
        #![proptest_config(crate::properties::config(32))]

        /// A random dataset (hostile text, every kind of value, units, views) comes back from
        /// each of its RDF exports the same, but for what a set of triples cannot hold.
        #[test]
        fn random_datasets_come_back_from_every_rdf_syntax(dataset in dataset()) {
            let mut loaded = kgforge::Loaded::default();
            loaded.dataset = dataset;
            let report = kgforge::validate(loaded, false);
            let original = KnowledgeGraph::new(report.dataset.expect("generated valid"));
            let dir = crate::util::scratch_dir("import-own-random");
            for format in RDF_FORMATS {
                let path = dir.join(format!("random.{}", format.extension()));
                let bytes = export::export(&original, format, Vec::new()).expect("export");
                std::fs::write(&path, bytes).expect("write");
                let graph = import(&path);
                prop_assert_eq!(
                    without_empty_aliases(graph.dataset()),
                    without_empty_aliases(original.dataset()),
                    "{}", format.name()
                );
                prop_assert!(triples(&graph, format) == triples(&original, format), "{}", format.name());
            }
        }
    }
}

/// A kgforge export changed by hand so that a statement node has no value and another is
/// linked from no entity: each is reported (naming the node), and the rest is read.
#[test]
fn statement_nodes_without_a_value_or_a_subject_are_reported() {
    let base = "https://w3id.org/kgforge/manchuria-1945/";
    let nt = std::fs::read_to_string(root().join("exports/manchuria-1945.nt")).unwrap();
    let no_value = format!("<{base}statement/pows-captured-article-600k> <{base}prop/statement/");
    let orphan = format!(
        "<{base}prop/captured_by> <{base}statement/japanese_pows.captured_by.26edc84240e19a3ae12d9b03>"
    );
    let kept: Vec<&str> = nt
        .lines()
        .filter(|l| !l.starts_with(&no_value) && !l.contains(&orphan))
        .collect();
    assert_eq!(kept.len(), nt.lines().count() - 2);
    let dir = crate::util::scratch_dir("import-own-broken");
    let path = dir.join("broken.nt");
    std::fs::write(&path, kept.join("\n") + "\n").unwrap();
    let imported = kgforge::import(&path, &ImportOptions::default()).unwrap();
    let short = imported.loaded.diagnostics.render_short();
    assert!(short.contains(&format!(
        "error[KG0404]: statement node <{base}statement/pows-captured-article-600k> has no value it can be read from (ps: or psv:)"
    )), "{short}");
    assert!(short.contains(&format!(
        "error[KG0002]: statement node <{base}statement/japanese_pows.captured_by.26edc84240e19a3ae12d9b03> is linked from no entity (no p: triple names it)"
    )), "{short}");
    assert_eq!(imported.loaded.diagnostics.error_count(), 2);
    let original = crate::util::default_graph();
    assert_eq!(
        imported.loaded.dataset.statements.len(),
        original.dataset().statements.len() - 2
    );
}

/// A `.json` file that is kgforge's own JSON export (not Wikidata's) is read back as such:
/// `kgforge import exports/manchuria-1945.json` rebuilds the TOML dataset.
#[test]
fn kgforges_json_export_is_recognised_and_read_back() {
    let imported = kgforge::import(
        &root().join("exports/manchuria-1945.json"),
        &ImportOptions::default(),
    )
    .unwrap();
    assert_eq!(imported.summary.read_as, "kgforge's JSON export");
    let report = kgforge::validate(imported.loaded, false);
    let graph = KnowledgeGraph::new(report.dataset.expect("valid"));
    assert_eq!(graph.dataset(), crate::util::default_graph().dataset());
}
