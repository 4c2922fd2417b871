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
    let filter = Filter::new();
    let paths: Vec<_> = graph
        .simple_paths("kwantung_army", "siberia", 4, Direction::Both, &filter)
        .take(50)
        .collect();
    assert!(paths.len() > 1);
    assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
    // From an entity to itself, the one simple path is the empty one, as for shortest_path.
    let to_itself: Vec<_> = graph
        .simple_paths(
            "kwantung_army",
            "kwantung_army",
            4,
            Direction::Both,
            &filter,
        )
        .collect();
    assert_eq!(to_itself, [Vec::new()]);
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
    for format in crate::pipeline::written_formats() {
        let bytes = crate::pipeline::export_bytes(&part, format).expect("exports");
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
    assert!(err.to_string().contains("line 2, column"), "{err}");
}

/// A CSV dataset in a scratch directory: entities `n0`…`n{nodes-1}` (every third a `place`,
/// the others `thing`s) and one statement per pair in `edges` (`link`, or `other` when the
/// two numbers add up to 3 modulo 4).
fn linked_dataset(
    name: &str,
    nodes: usize,
    edges: impl IntoIterator<Item = (usize, usize)>,
) -> std::path::PathBuf {
    let dir = crate::util::scratch_dir(name);
    let mut entities = String::from("id,type,label\n");
    for i in 0..nodes {
        let kind = if i % 3 == 2 { "place" } else { "thing" };
        entities.push_str(&format!("n{i},{kind},Node {i}\n"));
    }
    let mut relations = String::from("subject,predicate,object\n");
    for (a, b) in edges {
        let predicate = if (a + b) % 4 == 3 { "other" } else { "link" };
        relations.push_str(&format!("n{a},{predicate},n{b}\n"));
    }
    std::fs::write(dir.join("entities.csv"), entities).expect("write");
    std::fs::write(dir.join("relations.csv"), relations).expect("write");
    dir
}

// See: issue 12, "path --all … on a 300k-node chain overflows the stack".
#[test]
fn simple_paths_walk_a_long_chain_without_overflowing_the_stack() {
    const N: usize = 100_000;
    let dir = linked_dataset("simple_paths_long_chain", N, (1..N).map(|i| (i - 1, i)));
    let graph = crate::util::graph(&dir);
    let last = format!("n{}", N - 1);
    let filter = Filter::new();
    let paths: Vec<_> = graph
        .simple_paths("n0", &last, 1_000_000, Direction::Outgoing, &filter)
        .collect();
    assert_eq!(paths.len(), 1);
    assert_eq!(paths[0].len(), N - 1);
    assert_eq!(paths[0].last().unwrap().to.id, last);
}

/// Every simple path as the first implementation found them: a recursive depth-first search
/// over the steps in statement order (forwards before backwards), all collected, then sorted
/// by length (stably). Steps as (statement position, from, to, forward).
fn simple_paths_by_recursion(
    graph: &kgforge::KnowledgeGraph,
    from: &str,
    to: &str,
    max_length: usize,
    direction: Direction,
    accepts: &dyn Fn(&kgforge::Statement, &kgforge::Entity) -> bool,
) -> Vec<Vec<(u32, String, String, bool)>> {
    use petgraph::visit::EdgeRef;
    type Stack = Vec<(u32, usize, usize, bool)>;
    #[allow(clippy::too_many_arguments)]
    fn extend(
        graph: &kgforge::KnowledgeGraph,
        accepts: &dyn Fn(&kgforge::Statement, &kgforge::Entity) -> bool,
        node: petgraph::stable_graph::NodeIndex,
        goal: usize,
        budget: usize,
        direction: Direction,
        on_path: &mut Vec<bool>,
        stack: &mut Stack,
        found: &mut Vec<Stack>,
    ) {
        if budget == 0 {
            return;
        }
        let g = graph.petgraph();
        let mut steps = Vec::new();
        if direction != Direction::Incoming {
            steps.extend(
                g.edges_directed(node, petgraph::Direction::Outgoing)
                    .map(|e| (*e.weight(), e.target(), true)),
            );
        }
        if direction != Direction::Outgoing {
            steps.extend(
                g.edges_directed(node, petgraph::Direction::Incoming)
                    .map(|e| (*e.weight(), e.source(), false)),
            );
        }
        steps.retain(|&(statement, next, _)| {
            accepts(
                &graph.dataset().statements[statement as usize],
                graph.entity_at(next),
            )
        });
        steps.sort_by_key(|&(statement, _, forward)| (statement, !forward));
        for (statement, next, forward) in steps {
            if on_path[next.index()] {
                continue;
            }
            stack.push((statement, node.index(), next.index(), forward));
            if next.index() == goal {
                found.push(stack.clone());
            } else {
                on_path[next.index()] = true;
                extend(
                    graph,
                    accepts,
                    next,
                    goal,
                    budget - 1,
                    direction,
                    on_path,
                    stack,
                    found,
                );
                on_path[next.index()] = false;
            }
            stack.pop();
        }
    }
    let g = graph.petgraph();
    let (start, goal) = (graph.node(from).unwrap(), graph.node(to).unwrap());
    let mut on_path = vec![false; g.node_count()];
    on_path[start.index()] = true;
    let mut found = Vec::new();
    extend(
        graph,
        accepts,
        start,
        goal.index(),
        max_length,
        direction,
        &mut on_path,
        &mut Vec::new(),
        &mut found,
    );
    found.sort_by_key(Vec::len);
    let id = |n: usize| {
        graph
            .entity_at(petgraph::stable_graph::NodeIndex::new(n))
            .id
            .to_string()
    };
    found
        .into_iter()
        .map(|p| {
            p.into_iter()
                .map(|(s, a, b, f)| (s, id(a), id(b), f))
                .collect()
        })
        .collect()
}

#[test]
fn simple_paths_are_those_of_an_exhaustive_search_in_the_same_order() {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut random = move |n: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % n as u64) as usize
    };
    let mut compared = 0;
    for round in 0..12 {
        let nodes = 4 + random(6);
        // Distinct pairs: the same statement twice would be one id twice.
        let mut edges: Vec<(usize, usize)> = (0..nodes + random(3 * nodes))
            .map(|_| (random(nodes), random(nodes)))
            .collect();
        edges.sort_unstable();
        edges.dedup();
        let dir = linked_dataset("simple_paths_exhaustive", nodes, edges.iter().copied());
        let graph = crate::util::graph(&dir);
        let position = |s: &kgforge::Statement| {
            graph
                .dataset()
                .statements
                .iter()
                .position(|t| std::ptr::eq(t, s))
                .unwrap() as u32
        };
        type Accepts = fn(&kgforge::Statement, &kgforge::Entity) -> bool;
        let filters: [(Filter, Accepts); 3] = [
            (Filter::new(), |_, _| true),
            (Filter::new().with_predicate("link"), |s, _| {
                s.predicate == "link"
            }),
            (Filter::new().with_type("thing"), |_, e| {
                e.type_id == "thing"
            }),
        ];
        for ((filter, accepts), direction) in filters
            .iter()
            .flat_map(|f| [(f, Direction::Outgoing), (f, Direction::Both)])
        {
            for max_length in 0..7 {
                let (from, to) = ("n0".to_string(), format!("n{}", random(nodes - 1) + 1));
                let expected =
                    simple_paths_by_recursion(&graph, &from, &to, max_length, direction, accepts);
                compared += expected.len();
                let found: Vec<Vec<_>> = graph
                    .simple_paths(&from, &to, max_length, direction, filter)
                    .map(|p| {
                        p.iter()
                            .map(|s| {
                                (
                                    position(s.statement),
                                    s.from.id.to_string(),
                                    s.to.id.to_string(),
                                    s.forward,
                                )
                            })
                            .collect()
                    })
                    .collect();
                assert_eq!(
                    found, expected,
                    "round {round}, {from} → {to}, {direction:?}, {filter:?}, ≤ {max_length}, edges {edges:?}"
                );
            }
        }
    }
    assert!(compared > 1000, "only {compared} paths compared");
}

// See: issue 12, "on a 20k/60k graph it aborts out of memory": every path of a complete graph
// is too many to list; the search stops at the cap and says so.
#[test]
fn path_all_stops_at_max_paths_and_says_there_are_more() {
    const N: usize = 14;
    let pairs = (0..N).flat_map(|a| (0..N).filter(move |&b| b != a).map(move |b| (a, b)));
    let dir = linked_dataset("path_all_max_paths", N, pairs);
    let run = |extra: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"))
            .args(["path", "n0", "n1", "--all", "-q", "-d"])
            .arg(&dir)
            .args(extra)
            .output()
            .expect("kgforge runs");
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        (out.status.code(), stdout, stderr)
    };
    let (code, stdout, stderr) = run(&["--max-length", "1000000", "--max-paths", "5"]);
    assert_eq!(code, Some(0), "{stderr}");
    let headings: Vec<&str> = stdout.lines().filter(|l| l.starts_with("path ")).collect();
    assert_eq!(
        headings,
        [
            "path 1 (1 statements)",
            "path 2 (2 statements)",
            "path 3 (2 statements)",
            "path 4 (2 statements)",
            "path 5 (2 statements)"
        ]
    );
    assert_eq!(
        stderr,
        "kgforge: showing the first 5 paths; raise --max-paths to see more\n"
    );
    // The default cap, and no note when every path is shown.
    let (_, stdout, stderr) = run(&["--max-length", "1000000"]);
    assert_eq!(
        stdout.lines().filter(|l| l.starts_with("path ")).count(),
        20
    );
    assert!(stderr.contains("showing the first 20 paths"), "{stderr}");
    let (code, stdout, stderr) = run(&["--max-length", "1", "--max-paths", "1"]);
    assert_eq!(code, Some(0), "{stderr}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("path ")).count(), 1);
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn path_all_says_how_long_the_shortest_path_is_when_max_length_is_too_short() {
    let dir = linked_dataset("path_all_too_short", 10, (1..10).map(|i| (i - 1, i)));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(["path", "n0", "n9", "--all", "-q", "-d"])
        .arg(&dir)
        .output()
        .expect("kgforge runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "kgforge: no path of at most 6 statements from n0 to n9; the shortest has 9 (raise --max-length)\n"
    );
}
