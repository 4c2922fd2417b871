//! SPARQL over the default dataset's Turtle, loaded into an embedded Oxigraph store: the
//! questions the dataset was built to answer, through both statement layers.

use std::collections::BTreeSet;

use kgforge::KnowledgeGraph;
use kgforge::export::Format;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use oxrdf::Term;
use oxrdfio::RdfFormat;

use super::{KG, write};
use crate::util::default_graph;

fn store(graph: &KnowledgeGraph) -> Store {
    let store = Store::new().unwrap();
    store
        .load_from_slice(RdfFormat::Turtle, &write(graph, Format::Turtle))
        .unwrap();
    store
}

/// Runs a SELECT query (with the export's prefixes) and returns each row's values, as local
/// names for the dataset's IRIs and lexical forms for literals, in the query's variable order.
fn select(store: &Store, base: &str, query: &str) -> Vec<Vec<String>> {
    let mut header = String::new();
    for (p, ns) in [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("schema", "http://schema.org/"),
        ("kg", KG),
    ] {
        header.push_str(&format!("PREFIX {p}: <{ns}>\n"));
    }
    for (p, seg) in [
        ("entity", "entity/"),
        ("class", "class/"),
        ("prop", "prop/"),
        ("source", "source/"),
        ("qual", "qualifier/"),
    ] {
        header.push_str(&format!("PREFIX {p}: <{base}{seg}>\n"));
    }
    let full = format!("{header}{query}");
    let results = SparqlEvaluator::new()
        .parse_query(&full)
        .unwrap_or_else(|e| panic!("{e}\n{full}"))
        .on_store(store)
        .execute()
        .unwrap();
    let QueryResults::Solutions(solutions) = results else {
        panic!("not a SELECT query")
    };
    let vars: Vec<_> = solutions.variables().to_vec();
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.unwrap();
        rows.push(
            vars.iter()
                .map(|v| match solution.get(v) {
                    Some(Term::NamedNode(n)) => {
                        n.as_str().rsplit(['/', '#']).next().unwrap().to_string()
                    }
                    Some(Term::Literal(l)) => l.value().to_string(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                })
                .collect(),
        );
    }
    rows.sort();
    rows
}

fn column(rows: &[Vec<String>], i: usize) -> BTreeSet<String> {
    rows.iter().map(|r| r[i].clone()).collect()
}

#[test]
fn to_whom_the_kwantung_army_surrendered() {
    let graph = default_graph();
    let base = graph.dataset().meta.base_iri.clone();
    let store = store(&graph);
    let rows = select(
        &store,
        &base,
        "SELECT ?to ?label WHERE {
           entity:kwantung_army prop:surrendered_to ?to .
           ?to rdfs:label ?label FILTER(LANG(?label) = 'en')
         }",
    );
    assert!(
        !rows.is_empty(),
        "no surrendered_to triple for kwantung_army"
    );
    // Every answer fits the predicate's declared range, read from the exported schema.
    let fits = select(
        &store,
        &base,
        "SELECT DISTINCT ?to WHERE {
           entity:kwantung_army prop:surrendered_to ?to .
           prop:surrendered_to schema:rangeIncludes ?range .
           ?to rdf:type/rdfs:subClassOf* ?range .
         }",
    );
    assert_eq!(column(&fits, 0), column(&rows, 0));
    let soviet = select(
        &store,
        &base,
        "SELECT ?to WHERE {
           entity:kwantung_army prop:surrendered_to ?to .
           ?to rdf:type/rdfs:subClassOf* class:soviet_formation .
         }",
    );
    assert!(
        !soviet.is_empty(),
        "surrendered to no Soviet formation: {rows:?}"
    );
}

#[test]
fn where_kwantung_army_soldiers_were_interned() {
    let graph = default_graph();
    let base = graph.dataset().meta.base_iri.clone();
    let store = store(&graph);
    // The prisoner group is found by its English alias, so language tags are checked too.
    let rows = select(
        &store,
        &base,
        "SELECT DISTINCT ?group ?place WHERE {
           ?group a/rdfs:subClassOf* class:prisoner_group ;
                  skos:altLabel ?alias ;
                  prop:interned_in ?place .
           FILTER(LANG(?alias) = 'en' && CONTAINS(?alias, 'Kwantung Army'))
         }",
    );
    assert_eq!(
        column(&rows, 0),
        BTreeSet::from(["japanese_pows".to_string()])
    );
    let places = column(&rows, 1);
    for place in ["siberia", "mongolia", "kazakh_ssr", "khabarovsk_krai"] {
        assert!(places.contains(place), "{place} missing from {places:?}");
    }
}

#[test]
fn fronts_of_the_far_east_command() {
    let graph = default_graph();
    let base = graph.dataset().meta.base_iri.clone();
    let store = store(&graph);
    let fronts = select(
        &store,
        &base,
        "SELECT ?front WHERE {
           ?front prop:subordinate_to entity:far_east_command ;
                  a/rdfs:subClassOf* class:front .
         }",
    );
    assert_eq!(
        column(&fronts, 0),
        BTreeSet::from(
            [
                "transbaikal_front",
                "first_far_eastern_front",
                "second_far_eastern_front"
            ]
            .map(String::from)
        )
    );
    // The count the sources give, read from a statement node and its free qualifier, agrees.
    let count = select(
        &store,
        &base,
        "SELECT ?n WHERE {
           ?st kg:subject entity:far_east_command ;
               kg:predicate prop:number_of_formations ;
               kg:object ?n ;
               qual:kind 'front' .
         }",
    );
    assert_eq!(count, [[fronts.len().to_string()]]);
}

#[test]
fn death_figures_and_their_sources() {
    let graph = default_graph();
    let base = graph.dataset().meta.base_iri.clone();
    let store = store(&graph);
    let rows = select(
        &store,
        &base,
        "SELECT ?st ?n ?bound ?rank ?disputed ?source WHERE {
           ?st a kg:Statement ;
               kg:subject entity:japanese_pows ;
               kg:predicate prop:number_died ;
               kg:object ?n ;
               kg:bound ?bound ;
               kg:rank ?rank ;
               kg:disputed ?disputed ;
               prov:wasDerivedFrom/prov:hadPrimarySource ?source .
         }",
    );
    // (figure, bound, source, rank, disputed) per statement and source.
    let facts: BTreeSet<[&str; 5]> = rows
        .iter()
        .map(|r| [&*r[1], &*r[2], &*r[5], &*r[3], &*r[4]])
        .collect();
    // The Japanese welfare ministry's figure is the preferred one.
    assert!(
        facts.contains(&["55000", "About", "mhlw-2009", "PreferredRank", "false"]),
        "{facts:#?}"
    );
    // The article's 200,000 is kept, but disputed.
    assert!(
        facts
            .iter()
            .any(|f| f[0] == "200000" && f[2] == "article" && f[4] == "true")
    );
    // The Soviet MVD register gives an exact count.
    assert!(
        facts
            .iter()
            .any(|f| f[0] == "52165" && f[1] == "Exact" && f[2] == "sokolov-mvd-1949")
    );
    // Several sources, several figures: the point of keeping statements apart.
    assert!(
        column(&rows, 5).len() >= 4 && column(&rows, 1).len() >= 4,
        "{facts:#?}"
    );
    // Ranges carry both ends; the figure itself is the low end.
    let ranges = select(
        &store,
        &base,
        "SELECT ?n ?low ?high WHERE {
           ?st kg:subject entity:japanese_pows ; kg:predicate prop:number_died ;
               kg:bound kg:Range ; kg:object ?n ; kg:lowerBound ?low ; kg:upperBound ?high .
         }",
    );
    assert!(!ranges.is_empty());
    assert!(
        ranges
            .iter()
            .all(|r| r[0] == r[1] && r[1].parse::<i64>().unwrap() <= r[2].parse::<i64>().unwrap())
    );
    // The direct layer holds the same amounts (typed integers compare numerically).
    let direct = select(
        &store,
        &base,
        "SELECT DISTINCT ?n WHERE { entity:japanese_pows prop:number_died ?n FILTER(?n >= 50000) }",
    );
    assert!(column(&direct, 0).contains("55000"));
    assert!(column(&direct, 0).contains("200000"));
    // Paragraph locators are integers.
    let paragraphs = select(
        &store,
        &base,
        "SELECT ?p WHERE {
           ?st kg:subject entity:japanese_pows ; kg:predicate prop:number_died ;
               prov:wasDerivedFrom ?ref .
           ?ref prov:hadPrimarySource source:article ; kg:paragraph ?p .
           FILTER(DATATYPE(?p) = xsd:integer)
         }",
    );
    assert!(column(&paragraphs, 0).contains("7"));
}
