//! Properties of every valid dataset (proptest): random datasets with hostile, multilingual
//! text, every kind of value, qualifiers, ranks and references, checked for
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
use kgforge::{
    Bound, Dataset, Date, Entity, EntityType, KnowledgeGraph, LiteralKind, Metadata, Predicate,
    Qualifiers, Quantity, Range, Rank, Reference, Scalar, Source, SourceKind, Span, Statement,
    Value, derive_statement_id,
};
use oxrdfio::{RdfFormat, RdfParser};
use proptest::collection::{btree_map, vec};
use proptest::option::of;
use proptest::prelude::*;
use proptest::sample::select;

/// Texts that have broken exporters before: quotes, escapes, markup, scripts, line breaks.
const HOSTILE: &[&str] = &[
    "\"",
    "\\",
    "\\\"",
    "\\n",
    "\\N",
    "\\l",
    "<",
    ">",
    "&",
    "&amp;",
    "<B>x</B>",
    "]]>",
    "{",
    "}",
    "->",
    "--",
    ";",
    "[label=x]",
    "\n",
    "\r\n",
    "\r",
    "\t",
    "\u{2028}",
    "\u{2029}",
    "\u{85}",
    "\u{7f}",
    "\u{fffd}",
    "関東軍",
    "Квантунская армия",
    "عقدة",
    "👩‍👩‍👧",
    "\u{200b}",
    "e\u{301}",
    "'",
    "'''",
    "\"\"\"",
    "@en",
    "^^",
    "_:b0",
    "<http://x/>",
    "%20",
    "\u{feff}",
    "\u{10ffff}",
    "/*",
    "//",
    "#",
    " ",
];

const LANGUAGES: &[&str] = &["en", "ja", "zh-Hans", "ru", "de-CH", "ar", "und", "x-test"];

const BASE_IRIS: &[&str] = &[
    "https://example.org/kg/",
    "http://example.org/a#",
    "urn:example:kg/",
    "https://例え.jp/データ/",
];

const IRIS: &[&str] = &[
    "http://www.wikidata.org/entity/Q5",
    "https://example.org/x?y=1&z=%3C2%3E",
    "urn:isbn:0451450523",
];

/// Replaces what validation refuses in texts: C0 controls but tab and line breaks, and the
/// non-characters U+FFFE and U+FFFF.
fn clean(s: String) -> String {
    s.chars()
        .map(|c| match c {
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' => ' ',
            '\u{fffe}' | '\u{ffff}' => '?',
            c => c,
        })
        .collect()
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{0,12}",
        any::<String>().prop_map(clean),
        vec(select(HOSTILE), 1..5).prop_map(|parts| parts.concat()),
    ]
}

fn label() -> impl Strategy<Value = String> {
    text().prop_map(|t| {
        if t.trim().is_empty() {
            format!("x{t}")
        } else {
            t
        }
    })
}

fn date() -> impl Strategy<Value = Date> {
    (-9999i16..=9999, of(1u8..=12), of(1u8..=28))
        .prop_map(|(year, month, day)| Date::new(year, month, month.and(day)).expect("in range"))
}

fn span() -> impl Strategy<Value = Span> {
    (of(date()), of(date())).prop_map(|(a, b)| match (a, b) {
        (Some(a), Some(b)) if a.earliest() > b.latest() => Span {
            start: Some(b),
            end: Some(a),
        },
        (start, end) => Span { start, end },
    })
}

fn quantity() -> impl Strategy<Value = Quantity> {
    let bound = prop_oneof![
        any::<i64>().prop_map(Bound::Exact),
        any::<i64>().prop_map(Bound::About),
        any::<i64>().prop_map(Bound::AtLeast),
        any::<i64>().prop_map(Bound::MoreThan),
        any::<i64>().prop_map(Bound::AtMost),
        any::<i64>().prop_map(Bound::LessThan),
        (any::<i64>(), any::<i64>()).prop_map(|(a, b)| Bound::Range(a.min(b), a.max(b))),
    ];
    (bound, of(text())).prop_map(|(bound, unit)| Quantity { bound, unit })
}

fn finite() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NEGATIVE, NORMAL, POSITIVE, SUBNORMAL, ZERO};
    (NORMAL | SUBNORMAL | ZERO | POSITIVE | NEGATIVE).prop_filter("finite", |x| x.is_finite())
}

fn iri() -> impl Strategy<Value = Option<String>> {
    of(select(IRIS).prop_map(String::from))
}

/// A reference before its source is resolved: source pick, paragraph, page, note.
type RawReference = (usize, Option<u32>, Option<String>, Option<String>);

/// A statement before its subject, predicate and object are resolved against the schema.
#[derive(Debug, Clone)]
struct RawStatement {
    subject: usize,
    predicate: usize,
    object: usize,
    values: (Quantity, f64, Date, i16, Span, String),
    qualifiers: Qualifiers,
    place: Option<usize>,
    rank: Rank,
    disputed: Option<String>,
    note: Option<String>,
    references: Vec<RawReference>,
    explicit_id: bool,
}

fn raw_statement() -> impl Strategy<Value = RawStatement> {
    let values = (
        quantity(),
        finite(),
        date(),
        -9999i16..=9999,
        span(),
        text(),
    );
    let qualifiers = (
        of(date()),
        of(date()),
        of(date()),
        of(quantity()),
        btree_map(text(), text(), 0..3),
    )
        .prop_map(|(point_in_time, start, end, quantity, other)| {
            let (start, end) = match (start, end) {
                (Some(a), Some(b)) if a.earliest() > b.latest() => (Some(b), Some(a)),
                other => other,
            };
            Qualifiers {
                point_in_time,
                start,
                end,
                place: None,
                quantity,
                other,
            }
        });
    (
        (any::<usize>(), any::<usize>(), any::<usize>()),
        values,
        qualifiers,
        of(any::<usize>()),
        select(vec![Rank::Preferred, Rank::Normal, Rank::Deprecated]),
        (of(text()), of(text())),
        vec((any::<usize>(), of(1u32..20), of(text()), of(text())), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(
                (subject, predicate, object),
                values,
                qualifiers,
                place,
                rank,
                (disputed, note),
                references,
                explicit_id,
            )| RawStatement {
                subject,
                predicate,
                object,
                values,
                qualifiers,
                place,
                rank,
                disputed,
                note,
                references,
                explicit_id,
            },
        )
}

fn metadata() -> impl Strategy<Value = Metadata> {
    (
        label(),
        of(text()),
        of(text()),
        select(BASE_IRIS),
        proptest::sample::subsequence(LANGUAGES, 1..4),
    )
        .prop_map(
            |(title, description, license, base_iri, languages)| Metadata {
                id: "prop".into(),
                title,
                description,
                license,
                base_iri: base_iri.into(),
                languages: languages.into_iter().map(String::from).collect(),
            },
        )
}

fn types() -> impl Strategy<Value = Vec<EntityType>> {
    vec(
        (
            label(),
            any::<usize>(),
            any::<bool>(),
            iri(),
            of(text()),
            of(text()),
        ),
        1..5,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(i, (label, parent, has_parent, class, group, description))| EntityType {
                    id: format!("t{i}"),
                    label,
                    // Only earlier types: no cycles.
                    parent: (has_parent && i > 0).then(|| format!("t{}", parent % i)),
                    class,
                    group,
                    description,
                },
            )
            .collect()
    })
}

fn predicates() -> impl Strategy<Value = Vec<(Predicate, Vec<usize>, Vec<usize>)>> {
    vec(
        (
            (label(), of(label()), iri(), any::<bool>(), of(text())),
            of(select(LiteralKind::ALL.to_vec())),
            vec(any::<usize>(), 0..3),
            vec(any::<usize>(), 0..3),
        ),
        1..6,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(i, ((label, inverse, property, symmetric, description), kind, domain, range))| {
                    let predicate = Predicate {
                        id: format!("p{i}"),
                        label,
                        inverse,
                        domain: Vec::new(),
                        range: kind.map_or(Range::Entities(Vec::new()), Range::Literal),
                        property,
                        symmetric,
                        description,
                    };
                    (predicate, domain, range)
                },
            )
            .collect()
    })
}

fn sources() -> impl Strategy<Value = Vec<Source>> {
    let kinds = vec![
        SourceKind::Article,
        SourceKind::Book,
        SourceKind::GovernmentReport,
        SourceKind::Archive,
        SourceKind::Encyclopedia,
        SourceKind::Website,
        SourceKind::Dataset,
        SourceKind::Other,
    ];
    vec(
        (
            (label(), of(text()), of(text()), of(date())),
            (iri(), select(kinds), of(text()), of(20u32..1000)),
        ),
        0..4,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(i, ((title, author, publisher, date), (url, kind, note, paragraphs)))| Source {
                    id: format!("s{i}"),
                    title,
                    author,
                    publisher,
                    date,
                    url,
                    kind,
                    note,
                    paragraphs,
                },
            )
            .collect()
    })
}

fn scalar() -> impl Strategy<Value = Scalar> {
    prop_oneof![
        any::<bool>().prop_map(Scalar::Bool),
        any::<i64>().prop_map(Scalar::Integer),
        finite().prop_map(Scalar::Float),
        text().prop_map(Scalar::String),
    ]
}

fn entities() -> impl Strategy<Value = Vec<(Entity, usize)>> {
    vec(
        (
            btree_map(select(LANGUAGES), label(), 1..4),
            btree_map(select(LANGUAGES), vec(text(), 0..3), 0..2),
            of(text()),
            of(1u64..u64::MAX),
            btree_map("[a-z][a-z0-9_]{0,8}", scalar(), 0..3),
            any::<usize>(),
        ),
        1..8,
    )
    .prop_map(|raw| {
        raw.into_iter()
            .enumerate()
            .map(
                |(i, (label, aliases, description, qid, attributes, type_index))| {
                    let entity = Entity {
                        id: format!("e{i}"),
                        type_id: String::new(),
                        label: label.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
                        aliases: aliases
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v))
                            .collect(),
                        description,
                        wikidata: qid.map(|q| format!("Q{q}")),
                        attributes,
                    };
                    (entity, type_index)
                },
            )
            .collect()
    })
}

/// A random dataset that validation accepts: references are resolved modulo the lists, and
/// statements whose predicate fits no subject or object are dropped.
fn dataset() -> impl Strategy<Value = Dataset> {
    (
        metadata(),
        types(),
        predicates(),
        sources(),
        entities(),
        vec(raw_statement(), 0..12),
    )
        .prop_map(|(meta, types, predicates, sources, entities, raw)| {
            let type_ids = |picks: &[usize]| -> Vec<String> {
                let mut ids: Vec<String> = picks
                    .iter()
                    .map(|p| types[p % types.len()].id.clone())
                    .collect();
                ids.sort();
                ids.dedup();
                ids
            };
            let predicates: Vec<Predicate> = predicates
                .into_iter()
                .map(|(mut p, domain, range)| {
                    p.domain = type_ids(&domain);
                    if let Range::Entities(_) = p.range {
                        p.range = Range::Entities(type_ids(&range));
                    }
                    p
                })
                .collect();
            let entities: Vec<Entity> = entities
                .into_iter()
                .map(|(mut e, t)| {
                    e.type_id = types[t % types.len()].id.clone();
                    e
                })
                .collect();
            let ancestors = |type_id: &str| {
                let mut chain = vec![type_id.to_string()];
                while let Some(parent) = types
                    .iter()
                    .find(|t| t.id == *chain.last().expect("not empty"))
                    .and_then(|t| t.parent.clone())
                {
                    chain.push(parent);
                }
                chain
            };
            let fits = |e: &Entity, wanted: &[String]| {
                wanted.is_empty() || ancestors(&e.type_id).iter().any(|t| wanted.contains(t))
            };
            let mut statements: Vec<Statement> = Vec::new();
            for r in raw {
                let predicate = &predicates[r.predicate % predicates.len()];
                let subjects: Vec<&Entity> = entities
                    .iter()
                    .filter(|e| fits(e, &predicate.domain))
                    .collect();
                if subjects.is_empty() {
                    continue;
                }
                let subject = subjects[r.subject % subjects.len()].id.clone();
                let (quantity, decimal, date, year, span, text) = r.values;
                let value = match &predicate.range {
                    Range::Entities(wanted) => {
                        let objects: Vec<&Entity> =
                            entities.iter().filter(|e| fits(e, wanted)).collect();
                        if objects.is_empty() {
                            continue;
                        }
                        Value::Entity(objects[r.object % objects.len()].id.clone())
                    }
                    Range::Literal(LiteralKind::Integer) => Value::Quantity(quantity),
                    Range::Literal(LiteralKind::Decimal) => Value::Decimal(decimal),
                    Range::Literal(LiteralKind::Date) => Value::Date(date),
                    Range::Literal(LiteralKind::Year) => {
                        Value::Date(Date::year(year).expect("in range"))
                    }
                    Range::Literal(LiteralKind::Span) => Value::Span(span),
                    Range::Literal(LiteralKind::String) => Value::Text(text),
                };
                let mut qualifiers = r.qualifiers;
                qualifiers.place = r.place.map(|p| entities[p % entities.len()].id.clone());
                let references = if sources.is_empty() {
                    Vec::new()
                } else {
                    r.references
                        .into_iter()
                        .map(|(s, paragraph, page, note)| Reference {
                            source: sources[s % sources.len()].id.clone(),
                            paragraph,
                            page,
                            section: None,
                            note,
                        })
                        .collect()
                };
                let id = if r.explicit_id {
                    format!("st-{}", statements.len())
                } else {
                    derive_statement_id(&subject, &predicate.id, &value, &qualifiers)
                };
                if statements.iter().any(|s| s.id == id) {
                    continue;
                }
                statements.push(Statement {
                    id,
                    subject,
                    predicate: predicate.id.clone(),
                    value,
                    qualifiers,
                    rank: r.rank,
                    disputed: r.disputed,
                    note: r.note,
                    references,
                });
            }
            Dataset {
                meta,
                types,
                predicates,
                sources,
                entities,
                statements,
            }
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

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(64),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

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
        for format in Format::ALL.into_iter().filter(|f| !f.needs_graphviz()) {
            let first = export::export(&a, format, Vec::new()).expect("export");
            let second = export::export(&b, format, Vec::new()).expect("export");
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
        }
    }
    for key in ["object", "quantity", "decimal", "date", "span", "text"] {
        assert!(kinds.get(key).is_some_and(|&n| n > 5), "{kinds:?}");
    }
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
