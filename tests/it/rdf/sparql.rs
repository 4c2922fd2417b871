//! SPARQL over the default dataset in kgforge's embedded Oxigraph store (the export's
//! prefixes predeclared): the questions the dataset was built to answer, asked as a user of
//! Wikidata's RDF would ask them, and the same date-range query in Oxigraph and rdflib.

use std::collections::BTreeSet;

use kgforge::query::SparqlStore;
use kgforge::{KnowledgeGraph, Rank, Value};
use oxigraph::sparql::QueryResults;
use oxrdf::Term;

use super::{Format, write};
use crate::util::default_graph;

/// Runs a SELECT query and returns each row's values, as local names for IRIs and lexical
/// forms for literals, in the query's variable order, sorted.
fn select(store: &SparqlStore, query: &str) -> Vec<Vec<String>> {
    let QueryResults::Solutions(solutions) = store
        .query(query)
        .unwrap_or_else(|e| panic!("{e}\n{query}"))
    else {
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

fn store(graph: &KnowledgeGraph) -> SparqlStore {
    SparqlStore::new(graph).expect("an in-memory store")
}

#[test]
fn to_whom_the_kwantung_army_surrendered() {
    let graph = default_graph();
    let store = store(&graph);
    let rows = select(
        &store,
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
        "SELECT DISTINCT ?to WHERE {
           entity:kwantung_army prop:surrendered_to ?to .
           prop:surrendered_to schema:rangeIncludes ?range .
           ?to rdf:type/rdfs:subClassOf* ?range .
         }",
    );
    assert_eq!(column(&fits, 0), column(&rows, 0));
    let soviet = select(
        &store,
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
    let store = store(&graph);
    // The prisoner group is found by its English alias, so language tags are checked too.
    let rows = select(
        &store,
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
    let store = store(&graph);
    let fronts = select(
        &store,
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
        "SELECT ?n WHERE {
           entity:far_east_command p:number_of_formations ?st .
           ?st ps:number_of_formations ?n ; pq:kind 'front'@en .
         }",
    );
    assert_eq!(count, [[fronts.len().to_string()]]);
}

/// The best-ranked figures of a subject and predicate, as the model says: preferred when
/// there is one, else normal; only exact and approximate figures have a bare number.
fn best_figures(graph: &KnowledgeGraph, subject: &str, predicate: &str) -> BTreeSet<String> {
    let pair: Vec<_> = graph
        .dataset()
        .statements
        .iter()
        .filter(|s| s.subject == subject && s.predicate == predicate)
        .collect();
    let best = pair
        .iter()
        .map(|s| s.rank)
        .filter(|r| *r != Rank::Deprecated)
        .min();
    pair.iter()
        .filter(|s| Some(s.rank) == best)
        .filter_map(|s| match &s.value {
            Value::Quantity(q) => match q.bound {
                kgforge::Bound::Exact(n) | kgforge::Bound::About(n) => Some(n.to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The direct layer holds the best-ranked figures only, as Wikidata's truthy `wdt:`: not the
/// generals' 148, not Mongolia's 2,000, and never a range or an open bound flattened into a
/// number. See issue 13.
#[test]
fn direct_prisoner_figures_are_the_best_ranked_only() {
    let graph = default_graph();
    let store = store(&graph);
    for predicate in ["number_died", "number_captured", "number_interned"] {
        let rows = select(
            &store,
            &format!("SELECT ?n WHERE {{ entity:japanese_pows prop:{predicate} ?n }}"),
        );
        assert_eq!(
            column(&rows, 0),
            best_figures(&graph, "japanese_pows", predicate),
            "{predicate}"
        );
    }
    let died = select(
        &store,
        "SELECT ?n WHERE { entity:japanese_pows prop:number_died ?n }",
    );
    assert_eq!(
        died,
        [["55000"]],
        "the preferred figure, given by two sources"
    );
    let interned = select(
        &store,
        "SELECT ?n WHERE { entity:japanese_pows prop:number_interned ?n }",
    );
    assert_eq!(interned, [["575000"]]);
    // The preferred capture figure is "more than 594,000": no bare number in the direct
    // layer, the bound in its value node.
    assert!(
        select(
            &store,
            "SELECT ?n WHERE { entity:japanese_pows prop:number_captured ?n }"
        )
        .is_empty()
    );
    let bound = select(
        &store,
        "SELECT ?low ?kind ?exclusive WHERE {
           entity:japanese_pows p:number_captured ?st .
           ?st a wikibase:BestRank ; psv:number_captured ?v .
           ?v wikibase:quantityLowerBound ?low ; kg:bound ?kind .
           ?kind kg:exclusive ?exclusive .
           FILTER NOT EXISTS { ?v wikibase:quantityAmount ?any }
         }",
    );
    assert_eq!(bound, [["594000", "MoreThan", "true"]]);
}

/// Every death figure with its rank, bound, qualifiers and sources, through `p:`, `ps:`,
/// `psv:`, `pq:` and `prov:wasDerivedFrom`/`pr:`, as one would ask Wikidata.
#[test]
fn every_death_figure_with_its_qualifiers_and_sources() {
    let graph = default_graph();
    let store = store(&graph);
    let rows = select(
        &store,
        "SELECT ?st ?figure ?low ?high ?kind ?rank ?when ?place ?source ?disputed WHERE {
           entity:japanese_pows p:number_died ?st .
           ?st wikibase:rank ?rank ; psv:number_died ?v ;
               prov:wasDerivedFrom/pr:stated_in ?source .
           ?v kg:bound ?kind .
           OPTIONAL { ?st ps:number_died ?figure }
           OPTIONAL { ?v wikibase:quantityLowerBound ?low }
           OPTIONAL { ?v wikibase:quantityUpperBound ?high }
           OPTIONAL { ?st pq:point_in_time ?when }
           OPTIONAL { ?st pq:place ?place }
           OPTIONAL { ?st kg:disputeReason ?reason }
           BIND(BOUND(?reason) AS ?disputed)
         }",
    );
    let statements = graph
        .dataset()
        .statements
        .iter()
        .filter(|s| s.subject == "japanese_pows" && s.predicate == "number_died")
        .count();
    assert_eq!(
        column(&rows, 0).len(),
        statements,
        "every figure, whatever its rank"
    );
    // (figure, kind, rank, source, disputed) per statement and source.
    let facts: BTreeSet<[&str; 5]> = rows
        .iter()
        .map(|r| [&*r[1], &*r[4], &*r[5], &*r[8], &*r[9]])
        .collect();
    assert!(
        facts.contains(&["55000", "About", "PreferredRank", "mhlw-2009", "false"]),
        "{facts:#?}"
    );
    assert!(
        facts
            .iter()
            .any(|f| f[0] == "200000" && f[3] == "article" && f[4] == "true")
    );
    assert!(
        facts
            .iter()
            .any(|f| f[0] == "52165" && f[1] == "Exact" && f[3] == "sokolov-mvd-1949")
    );
    // Ranges give their bounds and no figure.
    let ranges: Vec<_> = rows.iter().filter(|r| r[4] == "Range").collect();
    assert!(!ranges.is_empty());
    assert!(
        ranges.iter().all(
            |r| r[1].is_empty() && r[2].parse::<i64>().unwrap() <= r[3].parse::<i64>().unwrap()
        )
    );
    // Qualifiers: Mongolia's 2,000 is qualified by its place, the MVD count by its date.
    assert!(rows.iter().any(|r| r[1] == "2000" && r[7] == "mongolia"));
    assert!(
        rows.iter()
            .any(|r| r[1] == "52165" && r[6] == "1949-01-01T00:00:00Z")
    );
    // Paragraph locators are integers on the reference node.
    let paragraphs = select(
        &store,
        "SELECT ?p WHERE {
           entity:japanese_pows p:number_died ?st .
           ?st prov:wasDerivedFrom ?ref .
           ?ref pr:stated_in source:article ; pr:paragraph ?p .
           FILTER(DATATYPE(?p) = xsd:integer)
         }",
    );
    assert!(column(&paragraphs, 0).contains("7"));
}

/// Statements with a point-in-time qualifier in August 1945, and spans that end in it: the
/// query every engine must answer alike (xsd:dateTime compares everywhere).
const DATE_RANGE_QUERY: &str = "
SELECT ?st ?t WHERE {
  {
    ?st pq:point_in_time ?t .
  } UNION {
    ?st ?psv ?span . ?span time:hasEnd/wikibase:timeValue ?t .
  }
  FILTER(?t >= \"1945-08-01T00:00:00Z\"^^xsd:dateTime && ?t < \"1945-09-01T00:00:00Z\"^^xsd:dateTime)
}";

#[test]
fn a_date_range_query_gives_the_same_rows_in_oxigraph_and_rdflib() {
    let graph = default_graph();
    let store = store(&graph);
    let prefixes: String = store
        .prefixes()
        .iter()
        .map(|(p, iri)| format!("PREFIX {p}: <{iri}>\n"))
        .collect();
    let query = format!("{prefixes}{DATE_RANGE_QUERY}");
    let rows: BTreeSet<String> = select(&store, &query)
        .into_iter()
        .map(|r| r.join(" "))
        .collect();
    assert!(rows.len() >= 10, "only {} rows: {rows:?}", rows.len());
    // A month-precision date is its first day: "1945-08" is in August, and so counted.
    assert!(rows.iter().any(|r| r.ends_with("1945-08-01T00:00:00Z")));
    if !crate::util::python_has("rdflib", "date-range query") {
        return;
    }
    let dir = crate::util::scratch_dir("sparql-date-range");
    let ttl = dir.join("export.ttl");
    std::fs::write(&ttl, write(&graph, Format::Turtle)).unwrap();
    let script = r#"
import sys, rdflib
rdflib.NORMALIZE_LITERALS = False
g = rdflib.Graph()
g.parse(sys.argv[1], format="turtle")
for row in g.query(sys.argv[2]):
    print(" ".join(str(v).rsplit("/", 1)[-1] for v in row))
"#;
    let python: BTreeSet<String> =
        crate::util::run_python(script, [ttl.as_os_str(), query.as_ref()])
            .lines()
            .map(String::from)
            .collect();
    assert_eq!(rows, python, "Oxigraph and rdflib disagree");
}
