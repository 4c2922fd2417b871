//! Traversal and lookup on the default dataset.

use std::collections::BTreeSet;

use kgforge::query::{Direction, Filter};

#[test]
fn a_path_leads_from_the_kwantung_army_to_siberia_through_the_prisoners() {
    let graph = crate::util::default_graph();
    let path = graph
        .shortest_path("kwantung_army", "siberia", Direction::Both, &Filter::new())
        .expect("connected");
    let through: Vec<&str> = path.iter().map(|s| s.to.id.as_str()).collect();
    assert!(through.contains(&"japanese_pows"), "{through:?}");
    assert_eq!(path.first().unwrap().from.id, "kwantung_army");
    assert_eq!(*through.last().unwrap(), "siberia");
    // Each step is a real statement linking its two ends.
    for step in &path {
        let (s, o) = (
            step.statement.subject.as_str(),
            step.statement.object().unwrap(),
        );
        let ends = if step.forward { (s, o) } else { (o, s) };
        assert_eq!(ends, (step.from.id.as_str(), step.to.id.as_str()));
    }
    // Following statement directions only, the army does not reach Siberia.
    assert!(
        graph
            .shortest_path(
                "kwantung_army",
                "siberia",
                Direction::Outgoing,
                &Filter::new()
            )
            .is_none()
    );
}

#[test]
fn simple_paths_are_loop_free_bounded_and_shortest_first() {
    let graph = crate::util::default_graph();
    let paths = graph.simple_paths(
        "kwantung_army",
        "siberia",
        4,
        Direction::Both,
        &Filter::new(),
        50,
    );
    assert!(paths.len() > 1);
    assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
    for path in &paths {
        assert!(path.len() <= 4);
        let mut seen = BTreeSet::from([path[0].from.id.as_str()]);
        for step in path {
            assert!(seen.insert(step.to.id.as_str()), "an entity repeats");
        }
    }
}

#[test]
fn the_far_east_command_has_exactly_three_fronts() {
    let graph = crate::util::default_graph();
    let fronts: BTreeSet<&str> = graph
        .neighbors(
            "far_east_command",
            Direction::Incoming,
            &Filter::new()
                .with_predicate("subordinate_to")
                .with_type("front"),
        )
        .map(|n| n.entity.id.as_str())
        .collect();
    assert_eq!(
        fronts,
        BTreeSet::from([
            "first_far_eastern_front",
            "second_far_eastern_front",
            "transbaikal_front"
        ])
    );
    // Its other subordinates are the two naval forces; nothing else.
    let all: BTreeSet<&str> = graph
        .neighbors(
            "far_east_command",
            Direction::Incoming,
            &Filter::new().with_predicate("subordinate_to"),
        )
        .map(|n| n.entity.id.as_str())
        .collect();
    let others: BTreeSet<&str> = all.difference(&fronts).copied().collect();
    assert_eq!(others, BTreeSet::from(["amur_flotilla", "pacific_fleet"]));
}

#[test]
fn names_are_found_by_alias_forgiving_case_and_diacritics() {
    let graph = crate::util::default_graph();
    for (query, id) in [
        ("otozo yamada", "otozo_yamada"),
        ("OTOZŌ YAMADA", "otozo_yamada"),
        ("Otozō_Yamada", "otozo_yamada"),
        ("Boli", "khabarovsk"),
        ("Хабаровск", "khabarovsk"),
        ("Heilongjiang Fleet", "amur_flotilla"),
        ("kwantung_army", "kwantung_army"),
    ] {
        let found = graph.find(query);
        assert_eq!(
            found.first().map(|m| m.entity.id.as_str()),
            Some(id),
            "{query}"
        );
        assert!(found[0].exact, "{query}");
        assert_eq!(
            graph.resolve(query).map(|e| e.id.as_str()).ok(),
            Some(id),
            "{query}"
        );
    }
    assert!(graph.find("no such thing anywhere").is_empty());
}

#[test]
fn an_ambiguous_name_returns_every_candidate() {
    let graph = crate::util::default_graph();
    let fronts = graph.find("far eastern front");
    let ids: BTreeSet<&str> = fronts.iter().map(|m| m.entity.id.as_str()).collect();
    assert!(
        ids.contains("first_far_eastern_front") && ids.contains("second_far_eastern_front"),
        "{ids:?}"
    );
    assert!(graph.resolve("far eastern front").is_err());
}

#[test]
fn as_of_keeps_only_statements_that_held_then() {
    let graph = crate::util::default_graph();
    let commanders = |date: &str| -> BTreeSet<String> {
        graph
            .neighbors(
                "kwantung_army",
                Direction::Outgoing,
                &Filter::new()
                    .with_predicate("commanded_by")
                    .as_of(date.parse().expect("date")),
            )
            .map(|n| n.entity.id.to_string())
            .collect()
    };
    assert!(commanders("1945-08-10").contains("otozo_yamada"));
    assert!(!commanders("1943").contains("otozo_yamada"));
}

#[test]
fn neighbours_carry_their_statement_and_references() {
    let graph = crate::util::default_graph();
    let surrendered: Vec<_> = graph
        .neighbors(
            "kwantung_army",
            Direction::Outgoing,
            &Filter::new().with_predicate("surrendered_to"),
        )
        .collect();
    assert!(surrendered.iter().any(|n| n.entity.id == "red_army"));
    assert!(
        surrendered
            .iter()
            .all(|n| !n.statement.references().is_empty())
    );
}

#[test]
fn a_neighbourhood_is_a_graph_that_exports_like_the_whole() {
    let graph = crate::util::default_graph();
    let part = graph
        .neighborhood("kwantung_army", 1, Direction::Both, &Filter::new())
        .expect("known");
    let ids: BTreeSet<&str> = part
        .dataset()
        .entities
        .iter()
        .map(|e| e.id.as_str())
        .collect();
    assert!(
        ids.contains("kwantung_army") && ids.contains("red_army") && ids.contains("otozo_yamada")
    );
    assert!(!ids.contains("maizuru"), "two hops away");
    for (s, _, o) in part.edges() {
        assert!(ids.contains(s.id.as_str()) && ids.contains(o.id.as_str()));
    }
    for format in kgforge::export::Format::ALL
        .into_iter()
        .filter(|f| !f.needs_graphviz())
    {
        let bytes = kgforge::export::export(&part, format, Vec::new()).expect("exports");
        assert!(!bytes.is_empty(), "{}", format.name());
    }
    let deeper = graph
        .neighborhood("kwantung_army", 2, Direction::Both, &Filter::new())
        .expect("known");
    assert!(deeper.dataset().entities.len() > part.dataset().entities.len());
}

#[test]
fn components_and_degrees() {
    let graph = crate::util::default_graph();
    let components = graph.components();
    let total: usize = components.iter().map(|c| c.entities.len()).sum();
    assert_eq!(total, graph.dataset().entities.len());
    assert!(
        components[0]
            .entities
            .iter()
            .any(|e| e.id == "kwantung_army")
    );
    assert!(
        components
            .windows(2)
            .all(|w| w[0].entities.len() >= w[1].entities.len())
    );
    let degree = graph.degree("kwantung_army").expect("known");
    assert_eq!(degree.outgoing, graph.outgoing("kwantung_army").count());
    assert_eq!(degree.incoming, graph.incoming("kwantung_army").count());
    let ranks = graph.pagerank();
    assert_eq!(ranks.len(), graph.dataset().entities.len());
    assert!(ranks.windows(2).all(|w| w[0].1 >= w[1].1));
}

#[test]
fn sparql_counts_exactly_the_ntriples_lines() {
    let graph = crate::util::default_graph();
    let nt = kgforge::export::export(&graph, kgforge::export::Format::NTriples, Vec::new())
        .expect("export");
    let lines = nt.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count();
    let store = kgforge::query::SparqlStore::new(&graph).expect("loads");
    let oxigraph::sparql::QueryResults::Solutions(mut rows) = store
        .query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        .expect("query")
    else {
        panic!("SELECT gives solutions")
    };
    let row = rows.next().expect("one row").expect("evaluates");
    let Some(oxigraph::model::Term::Literal(n)) = row.get("n") else {
        panic!("COUNT gives a literal")
    };
    let count: usize = n.value().parse().expect("a number");
    assert_eq!(count, lines);
    assert_eq!(store.len().expect("len"), lines);
    assert!(lines > 1000);
}

#[test]
fn a_bad_query_reports_where_it_breaks() {
    let graph = crate::util::stress_graph();
    let store = kgforge::query::SparqlStore::new(&graph).expect("loads");
    let Err(err) = store.query("SELECT ?x WHERE {\n  ?s ?p ") else {
        panic!("an incomplete query parsed")
    };
    assert!(matches!(err, kgforge::query::SparqlError::Syntax(_)));
    assert!(err.to_string().contains("2:"), "{err}");
}
