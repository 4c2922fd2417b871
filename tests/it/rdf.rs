//! The RDF export: every syntax reads back as the triples built, byte-stable output, the two
//! statement layers, and SPARQL over the default dataset in an embedded Oxigraph store.

use std::collections::{BTreeSet, HashSet};

use kgforge::export::rdf::{RdfExporter, RdfIris};
use kgforge::export::{self, Format};
use kgforge::{KnowledgeGraph, Rank};
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple};
use oxrdfio::{RdfFormat, RdfParser};

use crate::util::{default_graph, stress_graph};

mod consumers;
mod sparql;
mod vocabulary;

pub(crate) const RDF_FORMATS: [Format; 6] = [
    Format::Turtle,
    Format::NTriples,
    Format::NQuads,
    Format::TriG,
    Format::JsonLd,
    Format::RdfXml,
];

pub(crate) const KG: &str = "https://w3id.org/kgforge/vocab#";

pub(crate) fn kg(local: &str) -> NamedNode {
    NamedNode::new(format!("{KG}{local}")).unwrap()
}

pub(crate) fn write(graph: &KnowledgeGraph, format: Format) -> Vec<u8> {
    export::export(graph, format, Vec::new())
        .unwrap_or_else(|e| panic!("{} export failed: {e}", format.name()))
}

fn parse(format: Format, bytes: &[u8]) -> HashSet<Quad> {
    let rdf_format = RdfFormat::from_extension(format.extension()).expect("an RDF extension");
    RdfParser::from_format(rdf_format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| {
            panic!(
                "the {} export does not parse: {e}\n{}",
                format.name(),
                String::from_utf8_lossy(bytes)
            )
        })
}

pub(crate) fn graphs() -> [(&'static str, KnowledgeGraph); 2] {
    [("default", default_graph()), ("stress", stress_graph())]
}

/// The subject's triples with this predicate.
pub(crate) fn objects(triples: &[Triple], subject: &NamedNode, predicate: &NamedNode) -> Vec<Term> {
    triples
        .iter()
        .filter(|t| t.subject == subject.clone().into() && t.predicate == *predicate)
        .map(|t| t.object.clone())
        .collect()
}

#[test]
fn every_format_reads_back_as_exactly_the_quads_built() {
    for (name, graph) in graphs() {
        for format in RDF_FORMATS {
            let exporter = RdfExporter::new(format);
            let built: HashSet<Quad> = exporter.quads(&graph).collect();
            let read = parse(format, &write(&graph, format));
            let missing: Vec<_> = built.difference(&read).take(5).collect();
            let extra: Vec<_> = read.difference(&built).take(5).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{name} dataset, {}: missing {missing:#?}, extra {extra:#?}",
                format.name()
            );
            assert!(built.len() > 50, "{name}: only {} quads", built.len());
        }
    }
}

#[test]
fn nquads_and_trig_use_the_dataset_graph_and_the_others_the_default_graph() {
    let graph = stress_graph();
    let dataset = RdfIris::for_graph(&graph).dataset();
    assert_eq!(dataset.as_str(), "https://example.org/stress/dataset");
    for format in RDF_FORMATS {
        let expected: GraphName = match format {
            Format::NQuads | Format::TriG => dataset.clone().into(),
            _ => GraphName::DefaultGraph,
        };
        assert_eq!(RdfExporter::new(format).graph_name(&graph), expected);
        let read = parse(format, &write(&graph, format));
        assert!(
            read.iter().all(|q| q.graph_name == expected),
            "{}",
            format.name()
        );
    }
}

#[test]
fn exports_are_byte_for_byte_deterministic() {
    for (name, graph) in graphs() {
        // A second graph from a fresh load: no hash-map order may leak into the output.
        let again = match name {
            "default" => default_graph(),
            _ => stress_graph(),
        };
        for format in RDF_FORMATS {
            let first = write(&graph, format);
            assert_eq!(first, write(&graph, format), "{name} {}", format.name());
            assert_eq!(first, write(&again, format), "{name} {}", format.name());
        }
    }
}

#[test]
fn ntriples_has_one_line_per_distinct_built_triple() {
    for (name, graph) in graphs() {
        let built = RdfExporter::new(Format::NTriples).triples(&graph).count();
        let text = String::from_utf8(write(&graph, Format::NTriples)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let distinct: HashSet<&str> = lines.iter().copied().collect();
        assert_eq!(lines.len(), built, "{name}: lines vs triples built");
        assert_eq!(distinct.len(), built, "{name}: duplicate lines");
        let nquads = String::from_utf8(write(&graph, Format::NQuads)).unwrap();
        assert_eq!(nquads.lines().count(), built, "{name}: N-Quads lines");
    }
}

pub(crate) const WIKIBASE: &str = "http://wikiba.se/ontology#";

pub(crate) fn wikibase(local: &str) -> NamedNode {
    NamedNode::new(format!("{WIKIBASE}{local}")).unwrap()
}

/// Every statement has a node linked from its subject by `p:`, with its rank; the direct
/// layer holds the best-ranked statements only (preferred when the subject and predicate
/// have a preferred one, else normal; never deprecated), as Wikidata's truthy triples.
#[test]
fn every_statement_has_a_node_and_only_the_best_rank_a_direct_triple() {
    for (name, graph) in graphs() {
        let iris = RdfIris::for_graph(&graph);
        let triples: HashSet<Triple> = RdfExporter::new(Format::Turtle).triples(&graph).collect();
        let statements = &graph.dataset().statements;
        let mut deprecated = 0;
        for st in statements {
            let node = iris.statement(&st.id());
            let has = |p: NamedNode, o: Term| triples.contains(&Triple::new(node.clone(), p, o));
            assert!(
                has(rdf::TYPE.into(), wikibase("Statement").into()),
                "{}",
                st.id()
            );
            assert!(triples.contains(&Triple::new(
                iris.entity(&st.subject),
                iris.claim(&st.predicate),
                node.clone()
            )));
            let Some(object) = st.object() else { continue };
            let direct = Triple::new(
                iris.entity(&st.subject),
                iris.direct(&st.predicate),
                iris.entity(object),
            );
            let same_pair = || {
                statements
                    .iter()
                    .filter(|o| (&o.subject, &o.predicate) == (&st.subject, &st.predicate))
            };
            let best = same_pair()
                .map(|o| o.rank)
                .filter(|r| *r != Rank::Deprecated)
                .min();
            let is_best = st.rank != Rank::Deprecated && Some(st.rank) == best;
            assert_eq!(
                has(rdf::TYPE.into(), wikibase("BestRank").into()),
                is_best,
                "{name}: {}",
                st.id()
            );
            // Another, best-ranked statement may state the same triple.
            let restated = same_pair().any(|o| {
                Some(o.rank) == best && o.rank != Rank::Deprecated && o.object() == Some(object)
            });
            assert_eq!(triples.contains(&direct), restated, "{name}: {}", st.id());
            if st.rank == Rank::Deprecated {
                deprecated += 1;
                assert!(has(wikibase("rank"), wikibase("DeprecatedRank").into()));
            }
        }
        if name == "stress" {
            assert!(
                deprecated > 0,
                "the stress dataset has a deprecated statement"
            );
        }
    }
}

/// The direct layer is exactly the `ps:` values of the best-ranked statement nodes: nothing
/// more, nothing less.
#[test]
fn direct_triples_are_the_simple_values_of_best_rank_statements() {
    for (name, graph) in graphs() {
        let iris = RdfIris::for_graph(&graph);
        let triples: Vec<Triple> = RdfExporter::new(Format::Turtle).triples(&graph).collect();
        let direct_ns = format!("{}prop/direct/", iris.base());
        let direct: BTreeSet<String> = triples
            .iter()
            .filter(|t| t.predicate.as_str().starts_with(&direct_ns))
            .map(|t| t.to_string())
            .collect();
        let best: HashSet<&NamedOrBlankNode> = triples
            .iter()
            .filter(|t| t.predicate == rdf::TYPE && t.object == wikibase("BestRank").into())
            .map(|t| &t.subject)
            .collect();
        let mut from_nodes = BTreeSet::new();
        for st in &graph.dataset().statements {
            let node = iris.statement(&st.id());
            if !best.contains(&NamedOrBlankNode::from(node.clone())) {
                continue;
            }
            for value in objects(&triples, &node, &iris.statement_property(&st.predicate)) {
                from_nodes.insert(
                    Triple::new(iris.entity(&st.subject), iris.direct(&st.predicate), value)
                        .to_string(),
                );
            }
        }
        assert_eq!(direct, from_nodes, "{name}");
        assert!(!direct.is_empty());
    }
}

#[test]
fn turtle_is_grouped_by_subject_and_declares_every_prefix() {
    for (name, graph) in graphs() {
        let text = String::from_utf8(write(&graph, Format::Turtle)).unwrap();
        for prefix in [
            "rdf", "rdfs", "xsd", "owl", "skos", "prov", "dcterms", "schema", "void", "dcat", "wd",
            "wikibase", "time", "kg", "data", "entity", "class", "property", "prop", "p", "ps",
            "psv", "pq", "pqv", "pr", "prv", "source", "stmt", "ref", "value", "attr", "unit",
        ] {
            assert!(
                text.contains(&format!("@prefix {prefix}: <")),
                "{name}: no {prefix}: prefix"
            );
        }
        // A subject starts a block at column 0; each appears once, so its triples are together.
        let heads: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with(['@', '\t', ' ']) && !l.is_empty())
            .map(|l| l.split(' ').next().unwrap())
            .collect();
        let unique: HashSet<&&str> = heads.iter().collect();
        assert_eq!(heads.len(), unique.len(), "{name}: a subject appears twice");
        let subjects: HashSet<NamedOrBlankNode> = RdfExporter::new(Format::Turtle)
            .triples(&graph)
            .map(|t| t.subject)
            .collect();
        assert_eq!(heads.len(), subjects.len(), "{name}");
        assert!(
            subjects
                .iter()
                .all(|s| matches!(s, NamedOrBlankNode::NamedNode(_)))
        );
    }
}

/// JSON-LD is compacted with the export's prefixes: `@type` for `rdf:type`, compact IRIs,
/// single values without arrays; its inline `@context` is the published one.
#[test]
fn jsonld_is_compacted_with_the_published_context() {
    let graph = default_graph();
    let text = String::from_utf8(write(&graph, Format::JsonLd)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        json["@context"],
        kgforge::export::rdf::jsonld_context(&graph)["@context"]
    );
    assert_eq!(json["@context"]["kg"], KG);
    assert_eq!(
        json["@context"]["entity"],
        "https://w3id.org/kgforge/manchuria-1945/entity/"
    );
    let nodes = json["@graph"].as_array().unwrap();
    let kwantung = nodes
        .iter()
        .find(|n| n["@id"] == "entity:kwantung_army")
        .expect("compact @id");
    assert_eq!(kwantung["@type"], "class:japanese_formation");
    assert!(kwantung.get("rdf:type").is_none());
    assert!(
        kwantung["prop:surrendered_to"].is_object() || kwantung["prop:surrendered_to"].is_array()
    );
    assert!(!text.contains("\"http://www.w3.org/1999/02/22-rdf-syntax-ns#type\""));
    // Compacting halves the expanded form; the N-Triples are a fair yardstick.
    let nt = write(&graph, Format::NTriples).len();
    assert!(
        text.len() < nt,
        "{} bytes of JSON-LD, {nt} of N-Triples",
        text.len()
    );
    assert!(text.lines().count() > 1000, "not indented");
}

#[test]
fn non_rdf_formats_are_refused() {
    let graph = stress_graph();
    let err = RdfExporter::new(Format::Dot)
        .export(&graph, Vec::new())
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

/// C0 control characters survive every syntax that can escape them; RDF/XML (XML 1.0 has no
/// way to write most of them) refuses with an error instead of writing unreadable XML.
#[test]
fn control_characters_are_refused_before_rdf_xml_could_choke_on_them() {
    // XML 1.0 cannot carry most C0 controls; validation refuses them (KG0505), so every valid
    // graph can be written in every RDF syntax.
    let dir = crate::util::scratch_dir("rdf-control-characters");
    let stress = crate::util::root().join("tests/data/valid/stress");
    for entry in std::fs::read_dir(&stress).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("entities.toml") {
            let from = r#"label = { en = "\\\\\\" }"#;
            assert!(text.contains(from), "the stress dataset changed");
            text = text.replace(from, r#"label = { en = "bell\u0007 nul\u0000 esc\u001B" }"#);
        }
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let report = kgforge::validate(kgforge::load(&dir).unwrap(), false);
    assert!(report.dataset.is_none());
    assert!(
        report
            .diagnostics
            .items
            .iter()
            .any(|d| d.code == kgforge::Code::ControlCharacter),
        "{}",
        report.diagnostics.render()
    );
}

/// Values keep their datatype, bound and lexical form through the hostile dataset.
#[test]
fn stress_values_keep_their_types_and_bounds() {
    let graph = stress_graph();
    let iris = RdfIris::for_graph(&graph);
    let triples: Vec<Triple> = RdfExporter::new(Format::Turtle).triples(&graph).collect();
    let typed = |v: &str, dt| Term::from(Literal::new_typed_literal(v, dt));
    let st = |id: &str| {
        graph
            .dataset()
            .statements
            .iter()
            .find(|s| s.id() == id || s.id().starts_with(id))
            .map(|s| iris.statement(&s.id()))
            .unwrap()
    };
    let one = |s: &NamedNode, p: &NamedNode| -> Term {
        let found = objects(&triples, s, p);
        assert_eq!(found.len(), 1, "{s} {p}: {found:?}");
        found.into_iter().next().unwrap()
    };
    let node_of = |t: Term| match t {
        Term::NamedNode(n) => n,
        other => panic!("not a node: {other}"),
    };
    let node = iris.entity("node");
    // A range and an open bound have no figure: no direct triple, no ps: value.
    assert!(objects(&triples, &node, &iris.direct("strict")).is_empty());
    let by_bound = |range: bool| {
        let s = graph
            .dataset()
            .statements
            .iter()
            .find(|s| {
                s.subject == "node"
                    && matches!(&s.value, kgforge::Value::Quantity(q)
                        if matches!(q.bound, kgforge::Bound::Range(..)) == range)
            })
            .unwrap();
        iris.statement(&s.id())
    };
    let range = by_bound(true);
    assert!(objects(&triples, &range, &iris.statement_property("strict")).is_empty());
    let value = node_of(one(&range, &iris.statement_value("strict")));
    assert_eq!(one(&value, &kg("bound")), kg("Range").into());
    assert_eq!(
        one(&value, &wikibase("quantityUpperBound")),
        typed("9223372036854775807", xsd::DECIMAL)
    );
    assert!(objects(&triples, &value, &wikibase("quantityAmount")).is_empty());
    let more = by_bound(false);
    let value = node_of(one(&more, &iris.statement_value("strict")));
    assert_eq!(one(&value, &kg("bound")), kg("MoreThan").into());
    assert_eq!(
        one(&value, &wikibase("quantityLowerBound")),
        typed("-5", xsd::DECIMAL)
    );
    // A unit without an IRI of its own gets a minted one, declared with its label.
    let unit = node_of(one(&value, &wikibase("quantityUnit")));
    assert_eq!(unit, iris.unit("u"));
    assert_eq!(one(&unit, &rdf::TYPE.into()), kg("Unit").into());
    assert_eq!(
        one(&unit, &oxrdf::vocab::rdfs::LABEL.into()),
        Literal::new_language_tagged_literal("units \"u\" <&>", "en")
            .unwrap()
            .into()
    );
    // Dates are xsd:dateTime everywhere, BCE included, with their precision in the node.
    assert_eq!(
        one(&iris.entity("graph"), &iris.direct("graph")),
        typed("-0044-03-15T00:00:00Z", xsd::DATE_TIME)
    );
    let edge = iris.entity("edge");
    assert_eq!(
        one(&edge, &iris.direct("ratio")),
        typed("0.1", xsd::DECIMAL)
    );
    // A span is an interval node with a beginning and an end, each a time value.
    let span = node_of(one(&edge, &iris.direct("during")));
    assert_eq!(
        one(&span, &rdf::TYPE.into()),
        NamedNode::new("http://www.w3.org/2006/time#Interval")
            .unwrap()
            .into()
    );
    let end = node_of(one(
        &span,
        &NamedNode::new("http://www.w3.org/2006/time#hasEnd").unwrap(),
    ));
    assert_eq!(
        one(&end, &wikibase("timeValue")),
        typed("1956-01-01T00:00:00Z", xsd::DATE_TIME)
    );
    assert_eq!(
        one(&end, &wikibase("timePrecision")),
        typed("9", xsd::INTEGER)
    );
    // Free qualifier keys are escaped, labelled, language-tagged.
    let key = iris.free_qualifier("key with spaces");
    assert!(
        key.as_str()
            .ends_with("/prop/qualifier/key.20with.20spaces")
    );
    assert_eq!(
        objects(&triples, &key, &NamedNode::from(oxrdf::vocab::rdfs::LABEL)),
        [
            Literal::new_language_tagged_literal("key with spaces", "en")
                .unwrap()
                .into()
        ]
    );
    let attr = objects(&triples, &node, &iris.attribute("flag"));
    assert_eq!(attr, [Literal::from(true).into()]);
    // References are content-addressed nodes with pr: properties.
    let first = st("node.digraph");
    let reference = node_of(one(
        &first,
        &NamedNode::new("http://www.w3.org/ns/prov#wasDerivedFrom").unwrap(),
    ));
    assert!(reference.as_str().contains("/reference/"));
    assert_eq!(
        one(&reference, &iris.reference_property("paragraph")),
        typed("1", xsd::INTEGER)
    );
    assert_eq!(
        one(&reference, &iris.reference_property("stated_in")),
        iris.source("src-1").into()
    );
    let labels = objects(&triples, &node, &oxrdf::vocab::rdfs::LABEL.into());
    assert!(
        labels.contains(
            &Literal::new_language_tagged_literal("ノード「引用」", "ja")
                .unwrap()
                .into()
        )
    );
    assert_eq!(
        objects(
            &triples,
            &node,
            &NamedNode::new("http://www.w3.org/2002/07/owl#sameAs").unwrap()
        ),
        [NamedNode::new("http://www.wikidata.org/entity/Q42")
            .unwrap()
            .into()]
    );
}

/// The same content is one value or reference node, written once.
#[test]
fn value_and_reference_nodes_are_shared_and_written_once() {
    let graph = default_graph();
    let text = String::from_utf8(write(&graph, Format::NTriples)).unwrap();
    let triples: Vec<Triple> = RdfExporter::new(Format::NTriples).triples(&graph).collect();
    let time_values = triples
        .iter()
        .filter(|t| t.predicate == rdf::TYPE && t.object == wikibase("TimeValue").into())
        .count();
    let uses = triples
        .iter()
        .filter(|t| {
            t.predicate
                .as_str()
                .contains("/prop/qualifier/value/point_in_time")
        })
        .count();
    assert!(
        uses > time_values / 2,
        "dates are not shared: {uses} uses, {time_values} nodes"
    );
    let lines: Vec<&str> = text.lines().collect();
    let distinct: HashSet<&str> = lines.iter().copied().collect();
    assert_eq!(lines.len(), distinct.len());
}

/// XML parsers turn a raw CR (and CR LF) into LF, so RDF/XML writes CR as `&#13;`: rapper and
/// rdflib then read the literal back as it was. See issue 12.
#[test]
fn rdf_xml_keeps_carriage_returns_in_literals() {
    let dir = crate::util::scratch_dir("rdf-xml-carriage-return");
    let stress = crate::util::root().join("tests/data/valid/stress");
    for entry in std::fs::read_dir(&stress).unwrap() {
        let path = entry.unwrap().path();
        let mut text = std::fs::read_to_string(&path).unwrap();
        if path.ends_with("sources.toml") {
            let from = r#"note = "multi\nline\nnote""#;
            assert!(text.contains(from), "the stress dataset changed");
            text = text.replace(from, r#"note = "multi\r\nline\rnote""#);
        }
        std::fs::write(dir.join(path.file_name().unwrap()), text).unwrap();
    }
    let graph = crate::util::graph(&dir);
    let bytes = write(&graph, Format::RdfXml);
    assert!(
        !bytes.contains(&b'\r'),
        "a raw CR in RDF/XML is read back as LF"
    );
    let read = parse(Format::RdfXml, &bytes);
    assert!(
        read.iter().any(|q| matches!(&q.object, Term::Literal(l)
            if l.value().starts_with("multi\r\nline\rnote"))),
        "the note lost its CRs"
    );
    let built: HashSet<Quad> = RdfExporter::new(Format::RdfXml).quads(&graph).collect();
    assert_eq!(read, built);
}
