//! Properties of every valid dataset (proptest): random datasets with hostile, multilingual
//! text, every kind of value, qualifiers, ranks and references (the fuzz generator,
//! `fuzz/src/arb.rs`, driven by proptest's bytes), checked for
//!
//! - dataset → JSON → dataset is the identity (and the JSON re-exports to the same bytes);
//! - dataset → each RDF syntax → oxrdfio parse gives exactly the quads built;
//! - the DOT export passes the DOT syntax check;
//! - exporting twice, from two graphs built separately, gives identical bytes.
//!
//! 64 cases per property by default (`PROPTEST_CASES` overrides). A failing case is shrunk
//! and saved under `tests/it/proptest-regressions/`, which is committed.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use kgforge::export::rdf::RdfExporter;
use kgforge::export::{self, Format};
use kgforge::{Dataset, KnowledgeGraph};
use oxrdfio::{RdfFormat, RdfParser};
use proptest::collection::vec;
use proptest::prelude::*;

/// Random valid datasets: the round-trip fuzz target's generator (`fuzz/src/arb.rs`: hostile,
/// multilingual text, every kind of value, qualifiers, ranks, references) fed with proptest's
/// bytes, so the properties and the fuzzer explore the same datasets from one generator.
pub(crate) fn dataset() -> impl Strategy<Value = Dataset> {
    vec(any::<u8>(), 512..8192).prop_filter_map("enough bytes for a dataset", |bytes| {
        crate::arb::valid_dataset(&mut arbitrary::Unstructured::new(&bytes)).ok()
    })
}

/// Validates a generated dataset; every one must be accepted.
fn graph(dataset: Dataset) -> KnowledgeGraph {
    let mut loaded = kgforge::Loaded::default();
    loaded.dataset = dataset;
    let report = kgforge::validate(loaded, false);
    let rendered = report.diagnostics.render_short();
    KnowledgeGraph::new(
        report
            .dataset
            .unwrap_or_else(|| panic!("a generated dataset was refused:\n{rendered}")),
    )
}

/// Proptest's settings: `PROPTEST_CASES` cases if set, else `cases`.
pub(crate) fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(cases),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn dataset_to_json_to_dataset_is_the_identity(dataset in dataset()) {
        let graph = graph(dataset);
        let json = export::export(&graph, Format::Json, Vec::new()).expect("export");
        let report = kgforge::validate(kgforge::load_bytes(Path::new("doc.json"), &json), false);
        let rendered = report.diagnostics.render_short();
        let reloaded = report.dataset.unwrap_or_else(|| panic!("{rendered}"));
        prop_assert_eq!(graph.dataset(), reloaded.dataset());
        let again = export::export(&KnowledgeGraph::new(reloaded), Format::Json, Vec::new())
            .expect("export");
        prop_assert!(json == again, "the reloaded dataset exports other JSON");
    }

    #[test]
    fn every_rdf_syntax_parses_to_exactly_the_quads_built(dataset in dataset()) {
        let graph = graph(dataset);
        for format in Format::ALL.into_iter().filter(|f| f.is_rdf()) {
            let bytes = export::export(&graph, format, Vec::new()).expect("export");
            let built: HashSet<_> = RdfExporter::new(format).quads(&graph).collect();
            let syntax = RdfFormat::from_extension(format.extension()).expect("RDF");
            let read: Result<HashSet<_>, _> =
                RdfParser::from_format(syntax).for_slice(&bytes).collect();
            let read = read.unwrap_or_else(|e| {
                panic!("{} does not parse: {e}\n{}", format.name(), String::from_utf8_lossy(&bytes))
            });
            let missing: Vec<_> = built.difference(&read).take(3).collect();
            let extra: Vec<_> = read.difference(&built).take(3).collect();
            prop_assert!(
                missing.is_empty() && extra.is_empty(),
                "{}: missing {:?}, extra {:?}", format.name(), missing, extra
            );
        }
    }

    #[test]
    fn the_dot_export_passes_the_syntax_check(dataset in dataset()) {
        let dot = export::export(&graph(dataset), Format::Dot, Vec::new()).expect("export");
        let text = String::from_utf8(dot).expect("UTF-8");
        if let Err(e) = crate::dot_syntax::check(&text) {
            panic!("{e}\n{text}");
        }
    }

    #[test]
    fn exporting_twice_gives_identical_bytes(dataset in dataset()) {
        let (a, b) = (graph(dataset.clone()), graph(dataset));
        for format in crate::pipeline::written_formats() {
            let first = crate::pipeline::export_bytes(&a, format).expect("export");
            let second = crate::pipeline::export_bytes(&b, format).expect("export");
            prop_assert!(first == second, "{} differs", format.name());
        }
    }
}

/// The generator is not trivially small: across a run it reaches every kind of value.
#[test]
fn the_generator_reaches_every_kind_of_value() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for _ in 0..200 {
        let dataset = dataset().new_tree(&mut runner).expect("a tree").current();
        for s in &dataset.statements {
            *kinds.entry(s.value.key()).or_default() += 1;
            if let kgforge::Value::Text(t) = &s.value
                && t.language.is_some()
            {
                *kinds.entry("text in another language").or_default() += 1;
            }
        }
    }
    let every = ["object", "quantity", "decimal", "date", "span", "text"];
    for key in every.into_iter().chain(["text in another language"]) {
        assert!(kinds.get(key).is_some_and(|&n| n > 5), "{kinds:?}");
    }
}

/// Units and views are drawn last, from what bytes remain: enough datasets still have them.
#[test]
fn the_generator_reaches_units_and_views() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut units, mut declared_uses, mut views, mut view_settings) = (0, 0, 0, 0);
    for _ in 0..200 {
        let dataset = dataset().new_tree(&mut runner).expect("a tree").current();
        units += dataset.units.len();
        views += dataset.views.len();
        view_settings += dataset
            .views
            .iter()
            .filter(|v| v.rankdir.is_some() && !v.focus.is_empty())
            .count();
        declared_uses += dataset
            .statements
            .iter()
            .filter(|s| match &s.value {
                kgforge::Value::Quantity(q) => {
                    dataset.units.iter().any(|u| Some(&u.id) == q.unit.as_ref())
                }
                _ => false,
            })
            .count();
    }
    assert!(units > 20 && views > 20, "{units} units, {views} views");
    assert!(
        declared_uses > 5 && view_settings > 5,
        "{declared_uses} uses of declared units, {view_settings} views with settings"
    );
}

/// Found by `dataset_to_json_to_dataset_is_the_identity`: serde_json's default float parser
/// may be off by one unit in the last place, so an attribute came back as
/// -1.742783090670691e203. kgforge enables serde_json's `float_roundtrip`.
#[test]
fn floats_that_need_seventeen_digits_survive_the_json_round_trip() {
    let toml = r#"
[dataset]
id = "floats"
title = "Floats"
base_iri = "https://example.org/floats/"
languages = ["en"]

[types.t]
label = "t"

[predicates.ratio]
label = "ratio"
range = "decimal"

[entities.e]
type = "t"
label = { en = "e" }
attributes = { a = -1.7427830906706913e203, b = 5e-324, c = 0.30000000000000004 }

[[statements]]
subject = "e"
predicate = "ratio"
decimal = 2.2250738585072014e-308
"#;
    let report = kgforge::validate(
        kgforge::load_bytes(Path::new("d.toml"), toml.as_bytes()),
        false,
    );
    let rendered = report.diagnostics.render_short();
    let graph = KnowledgeGraph::new(report.dataset.unwrap_or_else(|| panic!("{rendered}")));
    let json = export::export(&graph, Format::Json, Vec::new()).expect("export");
    let back = kgforge::validate(kgforge::load_bytes(Path::new("d.json"), &json), false);
    assert_eq!(graph.dataset(), back.dataset.expect("valid").dataset());
}
