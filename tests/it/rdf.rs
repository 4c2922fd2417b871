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

mod sparql;

const RDF_FORMATS: [Format; 6] = [
    Format::Turtle,
    Format::NTriples,
    Format::NQuads,
    Format::TriG,
    Format::JsonLd,
    Format::RdfXml,
];

const KG: &str = "https://w3id.org/kgforge/vocab#";

fn kg(local: &str) -> NamedNode {
    NamedNode::new(format!("{KG}{local}")).unwrap()
}

fn write(graph: &KnowledgeGraph, format: Format) -> Vec<u8> {
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

fn graphs() -> [(&'static str, KnowledgeGraph); 2] {
    [("default", default_graph()), ("stress", stress_graph())]
}

/// The subject's triples with this predicate.
fn objects(triples: &[Triple], subject: &NamedNode, predicate: &NamedNode) -> Vec<Term> {
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

#[test]
fn deprecated_statements_have_a_node_but_no_direct_triple() {
    for (name, graph) in graphs() {
        let iris = RdfIris::for_graph(&graph);
        let triples: HashSet<Triple> = RdfExporter::new(Format::Turtle).triples(&graph).collect();
        let mut deprecated = 0;
        for st in &graph.dataset().statements {
            let node = iris.statement(&st.id());
            let has = |p: NamedNode, o: Term| triples.contains(&Triple::new(node.clone(), p, o));
            assert!(has(rdf::TYPE.into(), kg("Statement").into()), "{}", st.id());
            let Some(object) = st.object() else { continue };
            let direct = Triple::new(
                iris.entity(&st.subject),
                iris.property(&st.predicate),
                iris.entity(object),
            );
            if st.rank == Rank::Deprecated {
                deprecated += 1;
                assert!(has(kg("rank"), kg("DeprecatedRank").into()), "{}", st.id());
                // Another, non-deprecated statement may state the same triple.
                let restated = graph.dataset().statements.iter().any(|o| {
                    o.rank != Rank::Deprecated
                        && (&o.subject, &o.predicate, o.object())
                            == (&st.subject, &st.predicate, Some(object))
                });
                assert_eq!(triples.contains(&direct), restated, "{name}: {}", st.id());
            } else {
                assert!(triples.contains(&direct), "{name}: {}", st.id());
            }
        }
        if name == "stress" {
            assert!(
                deprecated > 0,
                "the stress dataset has a deprecated statement"
            );
            let node = iris.entity("graph");
            let digraph = iris.property("digraph");
            let triples: Vec<Triple> = triples.into_iter().collect();
            assert!(objects(&triples, &node, &digraph).is_empty());
        }
    }
}

/// The direct layer is exactly `kg:subject kg:predicate kg:object` of the non-deprecated
/// statement nodes: nothing more, nothing less.
#[test]
fn direct_triples_are_the_non_deprecated_statement_nodes() {
    for (name, graph) in graphs() {
        let iris = RdfIris::for_graph(&graph);
        let triples: Vec<Triple> = RdfExporter::new(Format::Turtle).triples(&graph).collect();
        let prop_ns = format!("{}prop/", iris.base());
        let direct: BTreeSet<String> = triples
            .iter()
            .filter(|t| t.predicate.as_str().starts_with(&prop_ns))
            .map(|t| t.to_string())
            .collect();
        let mut from_nodes = BTreeSet::new();
        for st in &graph.dataset().statements {
            let node = iris.statement(&st.id());
            let one = |p: &str| {
                let found = objects(&triples, &node, &kg(p));
                assert_eq!(found.len(), 1, "{name}: {} has {p} {found:?}", st.id());
                found.into_iter().next().unwrap()
            };
            let (s, p, o) = (one("subject"), one("predicate"), one("object"));
            assert_eq!(s, iris.entity(&st.subject).into());
            assert_eq!(p, iris.property(&st.predicate).into());
            if st.rank != Rank::Deprecated {
                let (Term::NamedNode(s), Term::NamedNode(p)) = (s, p) else {
                    unreachable!()
                };
                from_nodes.insert(Triple::new(s, p, o).to_string());
            }
        }
        assert_eq!(direct, from_nodes, "{name}");
    }
}

#[test]
fn turtle_is_grouped_by_subject_and_declares_every_prefix() {
    for (name, graph) in graphs() {
        let text = String::from_utf8(write(&graph, Format::Turtle)).unwrap();
        for prefix in [
            "rdf", "rdfs", "xsd", "owl", "skos", "prov", "dcterms", "schema", "void", "dcat", "wd",
            "kg", "data", "entity", "class", "prop", "source", "stmt", "ref", "attr", "qual",
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

#[test]
fn jsonld_carries_an_indented_context() {
    let graph = default_graph();
    let text = String::from_utf8(write(&graph, Format::JsonLd)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["@context"]["kg"], KG);
    assert_eq!(
        json["@context"]["entity"],
        "https://w3id.org/kgforge/manchuria-1945/entity/"
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
    let node = iris.entity("node");
    let strict = iris.property("strict");
    let counts = objects(&triples, &node, &strict);
    assert!(counts.contains(&typed("1", xsd::INTEGER)), "{counts:?}");
    assert!(counts.contains(&typed("-5", xsd::INTEGER)));
    let range = st("node.strict.e071c447");
    assert_eq!(
        objects(&triples, &range, &kg("bound")),
        [kg("Range").into()]
    );
    assert_eq!(
        objects(&triples, &range, &kg("upperBound")),
        [typed("9223372036854775807", xsd::INTEGER)]
    );
    let more = st("node.strict.880690b6");
    assert_eq!(
        objects(&triples, &more, &kg("bound")),
        [kg("MoreThan").into()]
    );
    assert_eq!(
        objects(&triples, &more, &kg("unit")),
        [Literal::new_simple_literal("units \"u\"").into()]
    );
    assert_eq!(
        objects(&triples, &iris.entity("graph"), &iris.property("graph")),
        [typed("-0044-03-15", xsd::DATE)]
    );
    let edge = iris.entity("edge");
    assert_eq!(
        objects(&triples, &edge, &iris.property("ratio")),
        [typed("0.1", xsd::DECIMAL)]
    );
    let interval = kg("Interval");
    assert_eq!(
        objects(&triples, &edge, &iris.property("during")),
        [typed("1945-08-09/1956", interval.as_ref())]
    );
    let during = st("edge.during");
    assert_eq!(
        objects(&triples, &during, &kg("spanEnd")),
        [typed("1956", xsd::G_YEAR)]
    );
    let key = iris.qualifier("key with spaces");
    assert!(key.as_str().ends_with("/qualifier/key.20with.20spaces"));
    assert_eq!(
        objects(&triples, &key, &NamedNode::from(oxrdf::vocab::rdfs::LABEL)),
        [Literal::new_simple_literal("key with spaces").into()]
    );
    let attr = objects(&triples, &node, &iris.attribute("flag"));
    assert_eq!(attr, [Literal::from(true).into()]);
    let first = st("node.digraph");
    let reference = iris.reference(first.as_str().rsplit('/').next().unwrap(), 1);
    assert_eq!(
        objects(&triples, &reference, &kg("paragraph")),
        [typed("1", xsd::INTEGER)]
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
