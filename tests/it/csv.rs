//! Bulk CSV input: quoting, languages, references and qualifiers in cells, defaults, and the
//! end-to-end `kgforge build <csv-dir> --format nt`. Broken CSV (every diagnostic with its
//! file, line and column) is in the corpus: `tests/data/invalid/csv_*`.

#[path = "../../benches/synth/mod.rs"]
mod synth;

use std::collections::HashSet;
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
    for format in crate::pipeline::written_formats() {
        let a = crate::pipeline::export_bytes(&csv, format).expect("export");
        let b = crate::pipeline::export_bytes(&toml, format).expect("export");
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
fn every_row_gets_a_statement_node_unless_only_annotated_ones_are_asked_for() {
    let dir = synthetic("csv-statement-nodes", 200, 600);
    let g = graph(&dir);
    let nodes = |nodes: StatementNodes| {
        RdfExporter::new(Format::NTriples)
            .with_statement_nodes(nodes)
            .triples(&g)
            .filter(|t| {
                t.predicate == oxrdf::vocab::rdf::TYPE
                    && t.object.to_string() == "<http://wikiba.se/ontology#Statement>"
            })
            .count()
    };
    assert_eq!(nodes(StatementNodes::All), 600);
    // A plain row (best rank, no reference, qualifier, dispute or note) is one direct
    // triple and nothing else when only annotated statements get a node.
    let statements = &g.dataset().statements;
    let is_best = |s: &kgforge::Statement| {
        let best = statements
            .iter()
            .filter(|o| (&o.subject, &o.predicate) == (&s.subject, &s.predicate))
            .map(|o| o.rank)
            .filter(|r| *r != Rank::Deprecated)
            .min();
        s.rank != Rank::Deprecated && Some(s.rank) == best
    };
    let expected = statements
        .iter()
        .filter(|s| StatementNodes::Annotated.includes(s, is_best(s)))
        .count();
    assert_eq!(nodes(StatementNodes::Annotated), expected);
    assert!(expected < 600, "the generator writes plain rows");
    let direct_ns = format!("{}prop/direct/", g.dataset().meta.base_iri);
    let direct = RdfExporter::new(Format::NTriples)
        .triples(&g)
        .filter(|t| t.predicate.as_str().starts_with(&direct_ns))
        .count();
    assert!(
        direct <= 600 && direct > 500,
        "one direct triple per best-ranked row: {direct}"
    );
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
    // The N-Triples, with the vocabulary and the shapes beside them.
    assert_eq!(written.len(), 3, "{written:?}");
    let nt = out.join("bulk.nt");
    assert!(written.contains(&nt), "{written:?}");
    let bytes = std::fs::read(&nt).unwrap();
    let g = graph(&dir);
    let exporter = RdfExporter::new(Format::NTriples);
    assert_eq!(bytes, exporter.export(&g, Vec::new()).unwrap());
    let built: HashSet<Quad> = exporter.quads(&g).collect();
    assert_eq!(parse_nt(&bytes), built);
}

#[test]
fn build_can_give_only_annotated_statements_a_node() {
    let dir = synthetic("csv-build-all-nodes", 50, 150);
    let out = dir.parent().unwrap().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["-q", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .args(["--format", "nq", "--statement-nodes", "annotated"])
        .status()
        .expect("kgforge runs");
    assert!(status.success());
    let text = std::fs::read_to_string(out.join("bulk.nq")).unwrap();
    let nodes = text
        .lines()
        .filter(|l| l.contains("#type> <http://wikiba.se/ontology#Statement>"))
        .count();
    let g = graph(&dir);
    let expected = RdfExporter::new(Format::NQuads)
        .with_statement_nodes(StatementNodes::Annotated)
        .triples(&g)
        .filter(|t| {
            t.predicate == oxrdf::vocab::rdf::TYPE
                && t.object.to_string() == "<http://wikiba.se/ontology#Statement>"
        })
        .count();
    assert!(expected > 0 && expected < 150, "{expected}");
    assert_eq!(nodes, expected);
}

// See: issue 12, "A CSV header with many columns is quadratic". 100k attributes, 100k unknown
// columns and 20 repeated ones: every column is read or reported, the unknown and repeated
// ones the first few one by one and the rest in one line each, so the count stays honest.
#[test]
fn a_header_of_200k_columns_loads_with_its_problems_counted() {
    const ATTRIBUTES: usize = 100_000;
    const UNKNOWN: usize = 100_000;
    const REPEATED: usize = 20;
    let dir = scratch_dir("csv-wide-header");
    let mut header = String::from("id,type,label");
    let mut row = String::from("wide,thing,Wide");
    for i in 0..ATTRIBUTES {
        header.push_str(&format!(",attr:k{i}"));
        row.push_str(&format!(",{i}"));
    }
    for i in 0..UNKNOWN {
        header.push_str(&format!(",zz{i}"));
        row.push(',');
    }
    for _ in 0..REPEATED {
        header.push_str(",attr:k7");
        row.push_str(",repeated");
    }
    std::fs::write(dir.join("entities.csv"), format!("{header}\n{row}\n")).expect("write");
    let loaded = kgforge::load(&dir).expect("a dataset directory");
    let attributes = &loaded.dataset.entities[0].attributes;
    assert_eq!(attributes.len(), ATTRIBUTES);
    assert_eq!(
        attributes["k7"],
        kgforge::Scalar::Integer(7),
        "the first column holds"
    );
    let messages: Vec<&str> = loaded
        .diagnostics
        .items
        .iter()
        .filter(|d| d.code == Code::Shape)
        .map(|d| d.message.as_str())
        .collect();
    let unknown: Vec<&&str> = messages.iter().filter(|m| m.contains("zz")).collect();
    assert_eq!(unknown.len(), 11, "{unknown:?}");
    assert_eq!(*unknown[0], "unknown column `zz0` in entities.csv");
    assert_eq!(*unknown[9], "unknown column `zz9` in entities.csv");
    assert_eq!(
        *unknown[10],
        "and 99990 more unknown columns in entities.csv (`zz10`, `zz11`, `zz12`, …)"
    );
    let repeated: Vec<&&str> = messages.iter().filter(|m| m.contains("k7")).collect();
    assert_eq!(repeated.len(), 11, "{repeated:?}");
    assert_eq!(
        *repeated[0],
        "column `attr:k7` appears twice in entities.csv"
    );
    assert_eq!(
        *repeated[10],
        "and 10 more repeated columns in entities.csv (`attr:k7`)"
    );
    assert_eq!(messages.len(), 22, "{messages:?}");
}

// See: issue 12, "CSV `attr:` value `007` becomes integer 7; a 30-digit number becomes a
// rounded decimal". A cell is a number only when reading it as one loses nothing.
#[test]
fn attribute_cells_are_numbers_only_when_written_as_numbers_are() {
    use kgforge::Scalar::{Bool, Float, Integer, String as Text};
    let cells = [
        ("007", Text("007".into())),
        (
            "123456789012345678901234567890",
            Text("123456789012345678901234567890".into()),
        ),
        ("9223372036854775808", Text("9223372036854775808".into())),
        ("-9223372036854775808", Integer(i64::MIN)),
        ("42", Integer(42)),
        ("-42", Integer(-42)),
        ("0", Integer(0)),
        ("-0", Text("-0".into())),
        ("+5", Text("+5".into())),
        ("2.5", Float(2.5)),
        ("-0.75", Float(-0.75)),
        ("2.0", Float(2.0)),
        ("0.30000000000000004", Float(0.1 + 0.2)),
        (
            "0.1000000000000000055511",
            Text("0.1000000000000000055511".into()),
        ),
        ("2.50", Text("2.50".into())),
        (".5", Text(".5".into())),
        ("00.5", Text("00.5".into())),
        ("1e3", Text("1e3".into())),
        ("inf", Text("inf".into())),
        (" 7", Text(" 7".into())),
        ("true", Bool(true)),
        ("TRUE", Text("TRUE".into())),
    ];
    let dir = scratch_dir("csv-attribute-numbers");
    let header: Vec<String> = (0..cells.len()).map(|i| format!("attr:a{i}")).collect();
    let row: Vec<String> = cells.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    std::fs::write(
        dir.join("entities.csv"),
        format!(
            "id,type,label,{}\nx,thing,X,{}\n",
            header.join(","),
            row.join(",")
        ),
    )
    .expect("write");
    let loaded = kgforge::load(&dir).expect("a dataset directory");
    let attributes = &loaded.dataset.entities[0].attributes;
    for (i, (cell, expected)) in cells.iter().enumerate() {
        assert_eq!(&attributes[&format!("a{i}")], expected, "{cell:?}");
    }
}

// See: issue 12, "Language tags differing only in case (`en`, `EN`, `En`) are all accepted".
// Tags ignore case: in TOML and in CSV columns, each is written as usual once validated.
#[test]
fn language_tags_in_any_case_are_one_language_written_as_usual() {
    let g = valid("language_case");
    let d = g.dataset();
    assert_eq!(d.meta.languages, ["en", "zh-Hant"]);
    assert_eq!(d.sources[0].language.as_deref(), Some("en-GB"));
    let harbin = g.entity("harbin").expect("harbin");
    assert_eq!(harbin.label.keys().collect::<Vec<_>>(), ["en", "zh-Hant"]);
    assert_eq!(harbin.aliases.keys().collect::<Vec<_>>(), ["en-US"]);
    let mukden = g.entity("mukden").expect("mukden");
    assert_eq!(mukden.label.keys().collect::<Vec<_>>(), ["en", "zh-Hant"]);
    // `alias` (the first language, `EN`) and `alias@EN` are one language: joined.
    assert_eq!(mukden.aliases["en"], ["Shenyang", "Fengtian"]);
    let json = String::from_utf8(export::export(&g, Format::Json, Vec::new()).expect("json"))
        .expect("utf-8");
    assert!(json.contains(r#""zh-Hant": "奉天""#), "{json}");
}
