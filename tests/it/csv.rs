//! Bulk CSV input: quoting, languages, references and qualifiers in cells, defaults, and the
//! end-to-end `kgforge build <csv-dir> --format nt`. Broken CSV (every diagnostic with its
//! file, line and column) is in the corpus: `tests/data/invalid/csv_*`.

#[path = "../../benches/synth/mod.rs"]
mod synth;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use kgforge::export::rdf::{RdfExporter, StatementNodes};
use kgforge::export::{self, Format};
use kgforge::{Bound, Code, KnowledgeGraph, Rank, Value};
use oxrdf::Quad;
use oxrdfio::{RdfFormat, RdfParser};

use crate::util::{graph, root, scratch_dir};

fn valid(name: &str) -> KnowledgeGraph {
    graph(&root().join("tests/data/valid").join(name))
}

/// A small synthetic dataset (hubs, quoted labels with commas and non-ASCII text) on disk.
fn synthetic(name: &str, entities: usize, relations: usize) -> std::path::PathBuf {
    let dir = scratch_dir(name).join("bulk");
    synth::write_dataset(
        &dir,
        synth::Shape {
            entities,
            relations,
            seed: 7,
        },
    )
    .expect("write the synthetic CSV");
    dir
}

#[test]
fn csv_rows_mean_what_the_same_toml_means() {
    let csv = valid("csv_mixed");
    let toml = valid("csv_twin");
    assert_eq!(csv.dataset(), toml.dataset());
    for format in Format::ALL.into_iter().filter(|f| !f.needs_graphviz()) {
        let a = export::export(&csv, format, Vec::new()).expect("export");
        let b = export::export(&toml, format, Vec::new()).expect("export");
        assert!(a == b, "the {} exports differ", format.name());
    }
}

#[test]
fn quoted_cells_languages_aliases_and_literals_are_read() {
    let g = valid("csv_mixed");
    let red = g.entity("red_army").expect("red_army");
    assert_eq!(red.label["en"], "Red Army, \"the Workers' and Peasants'\"");
    assert_eq!(red.label["ru"], "Красная армия");
    let kwantung = g.entity("kwantung_army").expect("kwantung_army");
    assert_eq!(
        kwantung.aliases["en"],
        ["Japanese Kwantung Army", "Kantōgun"]
    );
    assert_eq!(kwantung.aliases["ja"], ["関東軍司令部"]);
    let khabarovsk = g.entity("khabarovsk").expect("khabarovsk");
    assert!(khabarovsk.description.as_deref().unwrap().contains('\n'));
    let d = g.dataset();
    let strength = d
        .statements
        .iter()
        .find(|s| s.predicate == "strength")
        .unwrap();
    let Value::Quantity(q) = &strength.value else {
        panic!("a quantity")
    };
    assert_eq!(q.bound, Bound::About(713_000));
    assert_eq!(q.unit.as_deref(), Some("soldiers"));
    assert_eq!(strength.references()[0].page.as_deref(), Some("12-13"));
    let commanded = d
        .statements
        .iter()
        .find(|s| s.predicate == "commanded")
        .unwrap();
    assert_eq!(commanded.references().len(), 2);
    assert_eq!(commanded.references()[0].paragraph, Some(2));
    assert_eq!(
        commanded.references()[1].section.as_deref(),
        Some("Aftermath")
    );
    let surrendered = d
        .statements
        .iter()
        .find(|s| s.predicate == "surrendered_to")
        .unwrap();
    assert_eq!(surrendered.rank, Rank::Preferred);
    assert_eq!(
        surrendered.qualifiers().place.as_deref(),
        Some("khabarovsk")
    );
    assert_eq!(
        surrendered.qualifiers().other["scope"],
        "whole army, \"all units\""
    );
}

#[test]
fn without_toml_the_dataset_gets_defaults_and_a_declared_schema() {
    let dir = root().join("tests/data/invalid/csv_defaults");
    let report = kgforge::validate(kgforge::load(&dir).expect("a directory"), false);
    let codes: Vec<Code> = report.diagnostics.items.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::DefaultMetadata), "{codes:?}");
    assert!(codes.contains(&Code::InferredSchema), "{codes:?}");
    assert_eq!(report.diagnostics.error_count(), 0);
    let g = KnowledgeGraph::new(report.dataset.expect("warnings only"));
    let d = g.dataset();
    assert_eq!(d.meta.id, "csv_defaults");
    assert_eq!(d.meta.base_iri, "https://kgforge.invalid/csv_defaults/");
    assert_eq!(d.types.len(), 1);
    assert_eq!(d.predicates[0].id, "near");
    assert_eq!(d.sources[0].id, "atlas");
    assert_eq!(
        g.entity("mukden").unwrap().label["en"],
        "Mukden \"Shenyang\""
    );
}

#[test]
fn synthetic_labels_survive_quoting() {
    let dir = synthetic("csv-synthetic-labels", 300, 900);
    let g = graph(&dir);
    let mut reader = ::csv::Reader::from_path(dir.join("entities.csv")).unwrap();
    let mut quoted = 0;
    for row in reader.records() {
        let row = row.unwrap();
        let e = g.entity(&row[0]).expect("every row is an entity");
        assert_eq!(e.label["en"], &row[2]);
        if !row[3].is_empty() {
            assert_eq!(e.label["ja"], &row[3]);
        }
        quoted += usize::from(row[2].contains(['"', ',']));
    }
    assert!(quoted > 10, "the generator writes labels that need quotes");
    assert_eq!(g.dataset().statements.len(), 900);
}

#[test]
fn a_plain_row_is_one_triple_and_an_annotated_row_also_a_statement_node() {
    let dir = synthetic("csv-statement-nodes", 200, 600);
    let g = graph(&dir);
    let annotated = g
        .dataset()
        .statements
        .iter()
        .filter(|s| {
            !s.references().is_empty() || !s.qualifiers().is_empty() || s.rank != Rank::Normal
        })
        .count();
    let nodes = |nodes: StatementNodes| {
        RdfExporter::new(Format::NTriples)
            .with_statement_nodes(nodes)
            .triples(&g)
            .filter(|t| t.predicate.as_str() == "https://w3id.org/kgforge/vocab#subject")
            .count()
    };
    assert_eq!(nodes(StatementNodes::Annotated), annotated);
    assert_eq!(nodes(StatementNodes::All), 600);
    let prop = format!("{}prop/", g.dataset().meta.base_iri);
    let direct = RdfExporter::new(Format::NTriples)
        .triples(&g)
        .filter(|t| t.predicate.as_str().starts_with(&prop))
        .count();
    assert_eq!(direct, 600, "one direct triple per row");
}

fn parse_nt(bytes: &[u8]) -> HashSet<Quad> {
    RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .expect("N-Triples")
}

#[test]
fn build_writes_the_ntriples_the_exporter_builds() {
    let dir = synthetic("csv-build-nt", 500, 1500);
    let out = dir.parent().unwrap().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .args(["--format", "nt"])
        .output()
        .expect("kgforge runs");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let written: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| !p.ends_with(kgforge::export::LOCK_FILE))
        .collect();
    assert_eq!(written.len(), 1, "{written:?}");
    assert!(written[0].ends_with(Path::new("bulk.nt")));
    let bytes = std::fs::read(&written[0]).unwrap();
    let g = graph(&dir);
    let exporter = RdfExporter::new(Format::NTriples);
    assert_eq!(bytes, exporter.export(&g, Vec::new()).unwrap());
    let built: HashSet<Quad> = exporter.quads(&g).collect();
    assert_eq!(parse_nt(&bytes), built);
}

#[test]
fn build_can_give_every_statement_a_node() {
    let dir = synthetic("csv-build-all-nodes", 50, 150);
    let out = dir.parent().unwrap().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .args(["--format", "nq", "--statement-nodes", "all"])
        .status()
        .expect("kgforge runs");
    assert!(status.success());
    let text = std::fs::read_to_string(out.join("bulk.nq")).unwrap();
    let nodes = text
        .lines()
        .filter(|l| l.contains("<https://w3id.org/kgforge/vocab#subject>"))
        .count();
    assert_eq!(nodes, 150);
}
