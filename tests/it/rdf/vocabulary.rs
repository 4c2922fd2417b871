//! What the RDF says beyond its structure: every `kg:` term declared and documented, language
//! tags on natural-language literals, sources' languages and access dates, units as IRIs.

use std::collections::{BTreeSet, HashSet};

use kgforge::KnowledgeGraph;
use kgforge::export::Format;
use kgforge::export::rdf::{RdfExporter, RdfIris};
use oxrdf::vocab::xsd;
use oxrdf::{Literal, NamedNode, NamedOrBlankNode, Term, Triple};

use super::{KG, graphs, kg, objects, wikibase};
use crate::util::stress_graph;

/// A source's title is in its own language; its access date is on the source and, as
/// Wikidata's "retrieved", on every reference to it.
#[test]
fn sources_carry_their_language_and_access_date() {
    let graph = stress_graph();
    let iris = RdfIris::for_graph(&graph);
    let triples: Vec<Triple> = RdfExporter::new(Format::NTriples).triples(&graph).collect();
    let source = iris.source("src-1");
    let dcterms = |l: &str| NamedNode::new(format!("http://purl.org/dc/terms/{l}")).unwrap();
    let title = objects(&triples, &source, &dcterms("title"));
    assert!(
        matches!(&title[..], [Term::Literal(l)] if l.language() == Some("ja")),
        "{title:?}"
    );
    assert_eq!(
        objects(&triples, &source, &dcterms("language")),
        [Literal::new_typed_literal("ja", xsd::LANGUAGE).into()]
    );
    assert_eq!(
        objects(&triples, &source, &kg("accessed")),
        [Literal::new_typed_literal("2026-11", xsd::G_YEAR_MONTH).into()]
    );
    // The other source has no language: its title is in the dataset's primary language.
    let other = objects(&triples, &iris.source("src-2"), &dcterms("title"));
    assert!(matches!(&other[..], [Term::Literal(l)] if l.language() == Some("en")));
    let stated_in = iris.reference_property("stated_in");
    let retrieved = iris.reference_property("retrieved");
    let references: Vec<&Triple> = triples
        .iter()
        .filter(|t| t.predicate == stated_in && t.object == source.clone().into())
        .collect();
    assert!(!references.is_empty());
    for r in references {
        let NamedOrBlankNode::NamedNode(r) = &r.subject else {
            unreachable!()
        };
        assert_eq!(
            objects(&triples, r, &retrieved),
            [Literal::new_typed_literal("2026-11-01T00:00:00Z", xsd::DATE_TIME).into()]
        );
    }
}

/// A unit no table declares (a warning) still gets an IRI, minted from its text and declared;
/// a quantity without a unit is dimensionless, Wikidata's "1".
#[test]
fn undeclared_units_get_minted_iris_and_counts_are_dimensionless() {
    let dir = crate::util::root().join("tests/data/invalid/undeclared_unit");
    let report = kgforge::validate(kgforge::load(&dir).unwrap(), false);
    let graph = KnowledgeGraph::new(report.dataset.expect("only warnings"));
    let iris = RdfIris::for_graph(&graph);
    let triples: Vec<Triple> = RdfExporter::new(Format::NTriples).triples(&graph).collect();
    let units: BTreeSet<String> = triples
        .iter()
        .filter(|t| t.predicate == wikibase("quantityUnit"))
        .map(|t| t.object.to_string())
        .collect();
    let expected: BTreeSet<String> = [
        "<http://www.wikidata.org/entity/Q199>".to_string(),
        format!("<{}>", iris.unit("soldiers").as_str()),
        format!("<{}>", iris.unit("field guns").as_str()),
    ]
    .into();
    assert_eq!(units, expected);
    let field_guns = iris.unit("field guns");
    assert!(field_guns.as_str().ends_with("/unit/field.20guns"));
    assert_eq!(
        objects(&triples, &field_guns, &oxrdf::vocab::rdfs::LABEL.into()),
        [Literal::new_language_tagged_literal("field guns", "en")
            .unwrap()
            .into()]
    );
}

/// Every natural-language literal carries a language tag: only identifiers, names, pages,
/// attribute values, the dataset's base IRI and codes (a predicate's literal kind, a view's
/// direction, rank direction, engine and legend) are plain strings.
#[test]
fn natural_language_literals_have_language_tags() {
    for (name, graph) in graphs() {
        let plain: BTreeSet<String> = RdfExporter::new(Format::NTriples)
            .triples(&graph)
            .filter(|t| matches!(&t.object, Term::Literal(l) if l.datatype() == xsd::STRING))
            .map(|t| {
                t.predicate
                    .as_str()
                    .rsplit(['/', '#'])
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect();
        let allowed: BTreeSet<String> = [
            "identifier",
            "uriSpace",
            "creator",
            "publisher",
            "page",
            "literalKind",
            "direction",
            "rankdir",
            "engine",
            "legend",
        ]
        .into_iter()
        .map(String::from)
        .collect();
        let attributes: BTreeSet<String> = graph
            .dataset()
            .entities
            .iter()
            .flat_map(|e| e.attributes.keys().cloned())
            .collect();
        let unexpected: Vec<_> = plain
            .iter()
            .filter(|p| !allowed.contains(*p) && !attributes.contains(*p))
            .collect();
        assert!(
            unexpected.is_empty(),
            "{name}: plain strings under {unexpected:?}"
        );
    }
}

/// docs/vocabulary.md lists every `kg:` term, and the published vocabulary file is what
/// kgforge declares.
#[test]
fn every_kg_term_is_documented_and_published() {
    let page = std::fs::read_to_string(crate::util::root().join("docs/vocabulary.md")).unwrap();
    for d in kgforge::format::rdf::vocab::kg::DECLARATIONS {
        assert!(
            page.contains(&format!("| `{}` |", d.local)),
            "kg:{} is not in docs/vocabulary.md",
            d.local
        );
        assert!(!d.label.is_empty() && !d.comment.is_empty());
    }
    let published = std::fs::read(crate::util::root().join("exports/kgforge-vocab.ttl")).unwrap();
    assert_eq!(published, kgforge::export::rdf::vocabulary_turtle());
    // Every kg: term an export uses is declared.
    let triples: Vec<Triple> = RdfExporter::new(Format::NTriples)
        .triples(&stress_graph())
        .collect();
    let declared: HashSet<String> = kgforge::format::rdf::vocab::kg::DECLARATIONS
        .iter()
        .map(|d| format!("{KG}{}", d.local))
        .collect();
    for t in &triples {
        for term in [t.predicate.to_string(), t.object.to_string()] {
            let iri = term.trim_start_matches('<').trim_end_matches('>');
            if iri.starts_with(KG) {
                assert!(declared.contains(iri), "{iri} is used but not declared");
            }
        }
    }
}

/// What the dataset says beyond Wikibase's model travels in its RDF too, so that an import
/// rebuilds it: a predicate's literal kind, declared units (even those with an external IRI,
/// which a plain count shares) and the unit a quantity names, and views.
#[test]
fn literal_kinds_units_and_views_travel_in_the_rdf() {
    let graph = crate::util::default_graph();
    let iris = RdfIris::for_graph(&graph);
    let triples: Vec<Triple> = RdfExporter::new(Format::NTriples).triples(&graph).collect();
    let rdf_type: NamedNode = oxrdf::vocab::rdf::TYPE.into();
    assert_eq!(
        objects(
            &triples,
            &iris.property_entity("number_captured"),
            &kg("literalKind")
        ),
        [Literal::new_simple_literal("integer").into()]
    );
    let people = iris.unit("people");
    assert_eq!(objects(&triples, &people, &rdf_type), [kg("Unit").into()]);
    assert_eq!(
        objects(
            &triples,
            &people,
            &NamedNode::new("http://www.w3.org/2002/07/owl#sameAs").unwrap()
        ),
        [NamedNode::new("http://www.wikidata.org/entity/Q199")
            .unwrap()
            .into()]
    );
    assert_eq!(
        objects(&triples, &people, &oxrdf::vocab::rdfs::IS_DEFINED_BY.into()),
        [iris.dataset().into()]
    );
    // Quantities that name the unit point to it; their nodes are not those of plain counts,
    // although both have wd:Q199 as their wikibase:quantityUnit.
    let with_unit: HashSet<String> = triples
        .iter()
        .filter(|t| t.predicate == kg("unit") && t.object == people.clone().into())
        .map(|t| t.subject.to_string())
        .collect();
    assert!(!with_unit.is_empty());
    let q199: HashSet<String> = triples
        .iter()
        .filter(|t| t.predicate == wikibase("quantityUnit"))
        .map(|t| t.subject.to_string())
        .collect();
    assert!(with_unit.is_subset(&q199));
    let timeline = iris.view("timeline");
    assert_eq!(objects(&triples, &timeline, &rdf_type), [kg("View").into()]);
    assert_eq!(
        objects(&triples, &timeline, &kg("timeline")),
        [Literal::from(true).into()]
    );
    assert_eq!(
        objects(&triples, &timeline, &kg("includesType")),
        [iris.class("event").into()]
    );
}
