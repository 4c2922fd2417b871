//! The DOT exporter: what Graphviz makes of it, and what the drawing shows.

use kgforge::KnowledgeGraph;
use kgforge::export::dot::{DotExporter, Engine, Legend, RankDir};
use kgforge::export::{Format, render_with_graphviz};

use crate::util;

/// A small dataset with one of everything the exporter styles differently.
const TINY: &str = r#"
[dataset]
id = "tiny"
title = "Tiny"
base_iri = "https://example.org/tiny/"
languages = ["en", "ja"]

[types.army]
label = "army"
group = "Forces"

[types.tank_army]
label = "tank army"
parent = "army"

[types.place]
label = "place"

[predicates.surrendered_to]
label = "surrendered to"
range = ["army"]

[predicates.located_in]
label = "located in"
range = ["place"]

[predicates.strength]
label = "troop strength"
range = "integer"

[predicates.motto]
label = "motto"
range = "string"

[sources.book]
title = "A Book on \"Armies\""
paragraphs = 9

[entities.kwantung]
type = "army"
label = { ja = "関東軍", en = "Kwantung Army" }
description = "The Japanese army in Manchuria."
wikidata = "Q1051428"

[entities.red]
type = "tank_army"
label = { ja = "赤軍" }

[entities.harbin]
type = "place"
label = { en = "Harbin" }

[[statements]]
id = "preferred-edge"
subject = "kwantung"
predicate = "surrendered_to"
object = "red"
qualifiers = { point_in_time = "1945-08-19", place = "harbin" }
rank = "preferred"
references = [{ source = "book", paragraph = 3 }]

[[statements]]
id = "disputed-edge"
subject = "kwantung"
predicate = "located_in"
object = "harbin"
disputed = "The seat is contested."
references = [{ source = "book", page = "12" }]

[[statements]]
id = "deprecated-edge"
subject = "red"
predicate = "located_in"
object = "harbin"
rank = "deprecated"
references = [{ source = "book" }]

[[statements]]
subject = "kwantung"
predicate = "strength"
quantity = { more_than = 500000 }
disputed = "Too vague."
references = [{ source = "book", paragraph = 3 }]

[[statements]]
subject = "kwantung"
predicate = "strength"
quantity = { about = 713000 }
rank = "preferred"
references = [{ source = "book", paragraph = 4 }, { source = "book", paragraph = 5 }]

[[statements]]
subject = "kwantung"
predicate = "motto"
text = "A sentence that stays in the tooltip."
references = [{ source = "book" }]
"#;

fn tiny_graph(test: &str) -> KnowledgeGraph {
    let dir = util::scratch_dir(test);
    std::fs::write(dir.join("dataset.toml"), TINY).expect("write the tiny dataset");
    util::graph(&dir)
}

fn dot(graph: &KnowledgeGraph) -> String {
    dot_with(DotExporter::new(), graph)
}

fn dot_with(exporter: DotExporter, graph: &KnowledgeGraph) -> String {
    String::from_utf8(
        exporter
            .export(graph, Vec::new())
            .expect("export to memory"),
    )
    .expect("DOT is UTF-8")
}

/// The one line of the DOT text that declares the entity or statement with this SVG id.
fn line_with_id<'a>(dot: &'a str, id: &str) -> &'a str {
    let needle = format!("[id=\"{id}\"");
    let mut lines = dot.lines().filter(|l| l.contains(&needle));
    let line = lines.next().unwrap_or_else(|| panic!("no {id} in:\n{dot}"));
    assert!(lines.next().is_none(), "{id} is declared twice");
    line
}

/// The bold first row of an entity's HTML label: the name shown.
fn shown_label<'a>(dot: &'a str, entity: &str) -> &'a str {
    let line = line_with_id(dot, &format!("entity-{entity}"));
    let start = line.find("<B>").expect("a bold name") + 3;
    let end = start + line[start..].find("</B>").expect("closed");
    &line[start..end]
}

/// How Graphviz writes an id in SVG (it escapes `-`).
fn svg_id(id: &str) -> String {
    id.replace('-', "&#45;")
}

/// Renders DOT to SVG and insists that Graphviz printed nothing on stderr.
fn svg_without_warnings(dot: &str, what: &str) -> String {
    let (svg, warnings) = render_with_graphviz(dot.as_bytes(), Format::Svg)
        .unwrap_or_else(|e| panic!("dot rejected the {what} DOT: {e}"));
    assert!(
        warnings.trim().is_empty(),
        "dot warned about the {what} DOT:\n{warnings}"
    );
    String::from_utf8(svg).expect("SVG is UTF-8")
}

#[test]
fn graphviz_accepts_the_default_dataset_without_warnings() {
    if !util::graphviz_available("graphviz_accepts_the_default_dataset_without_warnings") {
        return;
    }
    let graph = util::default_graph();
    let svg = svg_without_warnings(&dot(&graph), "default dataset");
    // Places named only by a qualifier (Harbin, Shenyang): no node of their own, unless asked.
    let places = util::only_qualifier_places(&graph);
    assert!(places.contains("harbin"), "{places:?}");
    let only_a_place = |id: &str| places.contains(id);
    for e in &graph.dataset().entities {
        let drawn = svg.contains(&format!(
            "<g id=\"{}\" class=\"node\">",
            svg_id(&format!("entity-{}", e.id))
        ));
        assert_eq!(drawn, !only_a_place(&e.id), "{}", e.id);
    }
    let edges = svg.matches("class=\"edge\">").count();
    // Every entity-to-entity statement, and nothing else: the legend is in the heading.
    assert_eq!(edges, graph.edges().count());
    let nodes = svg.matches("class=\"node\">").count();
    assert_eq!(nodes, graph.dataset().entities.len() - places.len());
    let asked = dot_with(DotExporter::new().with_qualifier_places(true), &graph);
    assert!(asked.contains("[id=\"entity-harbin\""));
}

#[test]
fn every_engine_and_direction_draws_the_default_dataset_without_warnings() {
    if !util::graphviz_available("every_engine_draws_the_default_dataset_without_warnings") {
        return;
    }
    let graph = util::default_graph();
    for engine in Engine::ALL {
        let text = dot_with(DotExporter::new().with_engine(engine), &graph);
        if engine != Engine::Dot {
            assert!(text.contains(&format!("layout={}, overlap=false", engine.name())));
        }
        svg_without_warnings(&text, engine.name());
    }
    for rankdir in RankDir::ALL {
        let text = dot_with(DotExporter::new().with_rankdir(rankdir), &graph);
        svg_without_warnings(&text, rankdir.code());
    }
    // Boxes around the display groups, as before this option existed.
    svg_without_warnings(
        &dot_with(DotExporter::new().with_clusters(true), &graph),
        "clustered",
    );
}

#[test]
fn graphviz_accepts_the_stress_dataset_and_shows_its_text_exactly() {
    if !util::graphviz_available("graphviz_accepts_the_stress_dataset_and_shows_its_text_exactly") {
        return;
    }
    let graph = util::stress_graph();
    let svg = svg_without_warnings(&dot(&graph), "stress dataset");
    // Ids that are DOT keywords are ordinary nodes once quoted.
    for id in ["node", "edge", "graph", "strict"] {
        assert!(
            svg.contains(&format!(
                "<g id=\"entity&#45;{id}\" class=\"node\">\n<title>{id}</title>"
            )),
            "{id} is not a node"
        );
    }
    // Labels come out character for character (SVG escapes <>&" itself).
    for text in [
        ">node &quot;quoted&quot; \\ back</text>",
        ">\\\\\\</text>",
        ">subgraph\\type</text>",
        ">边缘 {x}</text>",
        ">graph &#45;&gt; edge &#45;&#45; node;</text>",
        "&lt;tags&gt; &amp; {braces}: 🚀</text>",
    ] {
        assert!(svg.contains(text), "{text} missing from the SVG");
    }
    // A label's newline became a line break, not a literal \n.
    assert!(svg.contains("Has a&#10;newline"), "tooltip newline lost");
}

// See: issue 12, "DOT quoted strings: `&amp;`, `&lt;`, `&#65;` in a label are decoded by
// Graphviz". In a quoted (not HTML) string Graphviz 2.43 decodes an entity reference and keeps
// a bare `&`; written `&amp;`, every `&` comes out as itself.
#[test]
fn graphviz_shows_entity_references_in_quoted_strings_as_written() {
    if !util::graphviz_available("graphviz_shows_entity_references_in_quoted_strings_as_written") {
        return;
    }
    let written = "R&amp;D &lt;x&gt; &#65;&#x41; AT&T";
    let dataset = TINY
        .replace("label = \"located in\"", &format!("label = \"{written}\""))
        .replace("group = \"Forces\"", "group = \"Q&amp;A\"")
        .replace(
            "description = \"The Japanese army in Manchuria.\"",
            "description = \"See &amp; &#38;.\"",
        );
    let dir = util::scratch_dir("dot_entity_references");
    std::fs::write(dir.join("dataset.toml"), dataset).expect("write");
    let graph = util::graph(&dir);
    let svg = svg_without_warnings(&dot(&graph), "entity references");
    // What SVG shows is its text with SVG's own escapes undone: the text as written.
    let shown = |text: &str| {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    for text in [written, "Q&amp;A", "See &amp; &#38;."] {
        assert!(
            svg.contains(&shown(text)),
            "{text} is not shown as written:\n{svg}"
        );
    }
}

#[test]
fn the_legend_shows_the_types_and_edge_styles_drawn_in_the_heading() {
    let graph = tiny_graph("dot_legend");
    let text = dot(&graph);
    let heading = text
        .lines()
        .find(|l| l.starts_with("  graph [label=<"))
        .expect("a graph label");
    // No legend nodes or clusters that an importer would take for data.
    assert!(!text.contains("legend:") && !text.contains("cluster_legend"));
    // One swatch per (display group, root type) drawn: Forces and the ungrouped place.
    assert_eq!(heading.matches("■</FONT> ").count(), 2, "{heading}");
    assert!(heading.contains("■</FONT> Forces") && heading.contains("■</FONT> place"));
    // Only the edge styles drawn: TINY has preferred, disputed and deprecated edges, no plain one.
    for style in ["preferred", "disputed", "deprecated"] {
        assert!(
            heading.contains(&format!(" {style}</FONT>")),
            "{style}: {heading}"
        );
    }
    assert!(!heading.contains(" statement</FONT>"), "{heading}");
    let none = dot_with(DotExporter::new().with_legend(Legend::None), &graph);
    assert!(!none.contains("■"));
    let full = dot_with(DotExporter::new().with_legend(Legend::Full), &graph);
    assert!(full.contains("■</FONT> Forces: army (box)"), "{full}");
    assert!(full.contains("<B>figures in nodes</B>"));
}

#[test]
fn the_heading_counts_what_is_drawn_and_offers_wikidata_only_when_linked() {
    let graph = tiny_graph("dot_heading");
    let text = dot(&graph);
    // Three entities; six statements (three edges, three figures); one source cited.
    assert!(
        text.contains("3 entities · 6 statements · 1 sources cited"),
        "{text}"
    );
    assert!(text.contains("click a node for its Wikidata item"));
    // Without any Wikidata id in the drawing, no promise of links.
    let copy = util::scratch_dir("dot_heading_unlinked");
    for entry in std::fs::read_dir(util::default_dataset()).expect("dataset") {
        let path = entry.expect("entry").path();
        let text = std::fs::read_to_string(&path).expect("read");
        let kept: String = text
            .lines()
            .filter(|l| !l.starts_with("wikidata = "))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(copy.join(path.file_name().expect("name")), kept).expect("write");
    }
    let unlinked = util::graph(&copy);
    assert!(!dot(&unlinked).contains("Wikidata item"));
    assert!(dot(&util::default_graph()).contains("Wikidata item"));
    let titled = dot_with(
        DotExporter::new()
            .with_title("A view")
            .with_description("What it shows."),
        &graph,
    );
    assert!(titled.contains(">A view</FONT>") && titled.contains(">What it shows.</FONT>"));
}

#[test]
fn disputed_edges_are_dashed_deprecated_grey_preferred_bold() {
    let text = dot(&tiny_graph("dot_edge_styles"));
    let disputed = line_with_id(&text, "statement-disputed-edge");
    assert!(disputed.contains("style=dashed"), "{disputed}");
    assert!(
        !disputed.contains("#999999"),
        "disputed is not grey: {disputed}"
    );
    let deprecated = line_with_id(&text, "statement-deprecated-edge");
    assert!(
        deprecated.contains("color=\"#999999\"") && deprecated.contains("style=dotted"),
        "{deprecated}"
    );
    let preferred = line_with_id(&text, "statement-preferred-edge");
    assert!(preferred.contains("penwidth=2.2"), "{preferred}");
    assert!(!preferred.contains("style="), "{preferred}");
    // Edge label: the predicate, then the qualifiers compactly.
    assert!(
        preferred.contains("label=\"surrendered to\\n1945-08-19, in Harbin\""),
        "{preferred}"
    );
    // Tooltip: the dispute and the source's title with its locator.
    assert!(disputed.contains("disputed: The seat is contested."));
    assert!(disputed.contains("source: A Book on \\\"Armies\\\", p. 12"));
}

#[test]
fn the_stress_dataset_styles_a_deprecated_disputed_edge_once() {
    let text = dot(&util::stress_graph());
    let line = line_with_id(&text, "statement-explicit.id-1");
    assert!(line.contains("style=dashed"), "{line}");
    assert_eq!(line.matches(" color=").count(), 1, "{line}");
    assert!(line.contains("color=\"#999999\""), "{line}");
}

#[test]
fn entities_with_a_qid_link_to_wikidata() {
    let text = dot(&tiny_graph("dot_qid"));
    let kwantung = line_with_id(&text, "entity-kwantung");
    assert!(
        kwantung.contains("URL=\"https://www.wikidata.org/wiki/Q1051428\""),
        "{kwantung}"
    );
    assert!(!line_with_id(&text, "entity-harbin").contains("URL="));
    let stress = dot(&util::stress_graph());
    assert!(
        line_with_id(&stress, "entity-node").contains("URL=\"https://www.wikidata.org/wiki/Q42\"")
    );
}

#[test]
fn labels_follow_the_language_fallback_order() {
    let text = dot(&tiny_graph("dot_languages"));
    // en comes first in the dataset's order, although ja sorts first.
    assert_eq!(shown_label(&text, "kwantung"), "Kwantung Army");
    // Only a Japanese label: the Japanese label, not the id.
    assert_eq!(shown_label(&text, "red"), "赤軍");
    // The other languages are in the tooltip.
    assert!(line_with_id(&text, "entity-kwantung").contains("labels: ja: 関東軍"));
    let stress = dot(&util::stress_graph());
    assert_eq!(shown_label(&stress, "edge"), "边缘 {x}");
}

#[test]
fn literal_statements_are_figures_in_labels_not_nodes() {
    let graph = tiny_graph("dot_figures");
    let text = dot(&graph);
    let nodes = text.lines().filter(|l| l.contains("[id=\"entity-")).count();
    assert_eq!(nodes, graph.dataset().entities.len());
    let kwantung = line_with_id(&text, "entity-kwantung");
    // Both figures, each with its source; preferred in bold, disputed in italics.
    assert!(kwantung.contains("<B>troop strength: </B>"), "{kwantung}");
    assert!(
        kwantung.contains("<I>more than 500,000 (book ¶3, disputed)</I>"),
        "{kwantung}"
    );
    assert!(
        kwantung.contains("<B>about 713,000</B> (book ¶4 +1, preferred)"),
        "{kwantung}"
    );
    // Texts stay out of the label but are in the tooltip.
    let label_end = kwantung.find("tooltip=").unwrap();
    assert!(!kwantung[..label_end].contains("A sentence"));
    assert!(kwantung[label_end..].contains("motto: A sentence that stays in the tooltip."));
    assert!(
        !dot_with(DotExporter::new().with_figures(false), &graph)
            .contains("<B>troop strength: </B>")
    );
}

#[test]
fn entities_are_clustered_by_display_group() {
    let text = dot_with(
        DotExporter::new().with_clusters(true),
        &tiny_graph("dot_clusters"),
    );
    let mut cluster: Option<String> = None;
    let mut seen = Vec::new();
    for line in text.lines() {
        if line.starts_with("  subgraph \"cluster_") {
            cluster = Some(String::new());
        } else if line.starts_with("    label=") && cluster.as_deref() == Some("") {
            cluster = line.split('"').nth(1).map(str::to_owned);
        } else if line == "  }" {
            cluster = None;
        } else if let Some(id) = line.trim_start().strip_prefix("\"")
            && line.contains("[id=\"entity-")
        {
            seen.push((id.split('"').next().unwrap().to_owned(), cluster.clone()));
        }
    }
    let forces = Some("Forces".to_owned());
    assert_eq!(
        seen,
        [
            ("kwantung".to_owned(), forces.clone()),
            // A subtype inherits its parent's group.
            ("red".to_owned(), forces),
            // No group: outside every cluster.
            ("harbin".to_owned(), None),
        ]
    );
}

#[test]
fn export_is_deterministic_across_graphs_and_runs() {
    for build in [util::default_graph, util::stress_graph] {
        // Two graphs: their HashMaps are seeded differently.
        let (a, b) = (build(), build());
        let first = dot(&a);
        assert_eq!(first, dot(&a));
        assert_eq!(first, dot(&b));
    }
}

#[test]
fn options_reach_the_graph_attributes() {
    let graph = tiny_graph("dot_options");
    assert!(dot(&graph).contains("rankdir=LR"));
    let text = dot_with(
        DotExporter::new().with_rankdir(RankDir::TopToBottom),
        &graph,
    );
    assert!(text.contains("rankdir=TB"));
    assert!(text.starts_with("digraph \"tiny\" {\n"));
    assert!(text.ends_with("}\n"));
}

/// Two groups: forces stationed in places (twice), a place built by a force and a symmetric
/// statement from a place to a force, both against that flow.
const FLOW: &str = r#"
[dataset]
id = "flow"
title = "Flow"
base_iri = "https://example.org/flow/"
languages = ["en"]

[types.army]
label = "army"
group = "Forces"

[types.place]
label = "place"
group = "Places"

[predicates.stationed_in]
label = "stationed in"
range = ["place"]

[predicates.built_by]
label = "built by"
range = ["army"]

[predicates.faces]
label = "faces"
range = ["army"]
symmetric = true

[sources.book]
title = "A Book"

[entities.first]
type = "army"
label = { en = "First Army" }

[entities.second]
type = "army"
label = { en = "Second Army" }

[entities.fort]
type = "place"
label = { en = "Fort" }

[[statements]]
id = "first-in-fort"
subject = "first"
predicate = "stationed_in"
object = "fort"
references = [{ source = "book" }]

[[statements]]
id = "second-in-fort"
subject = "second"
predicate = "stationed_in"
object = "fort"
references = [{ source = "book" }]

[[statements]]
id = "fort-built-by-first"
subject = "fort"
predicate = "built_by"
object = "first"
references = [{ source = "book" }]

[[statements]]
id = "fort-faces-second"
subject = "fort"
predicate = "faces"
object = "second"
references = [{ source = "book" }]
"#;

fn graph_of(test: &str, toml: &str) -> KnowledgeGraph {
    let dir = util::scratch_dir(test);
    std::fs::write(dir.join("dataset.toml"), toml).expect("write the dataset");
    util::graph(&dir)
}

#[test]
fn statements_against_the_flow_of_groups_are_written_backwards_and_drawn_forwards() {
    let text = dot(&graph_of("dot_flow", FLOW));
    // With the flow (Forces → Places): as stated.
    let with = line_with_id(&text, "statement-first-in-fort");
    assert!(with.starts_with("  \"first\" -> \"fort\" ["), "{with}");
    assert!(!with.contains("dir="), "{with}");
    // Against it: ranked object → subject, arrowhead at the tail, i.e. still at the object.
    let against = line_with_id(&text, "statement-fort-built-by-first");
    assert!(
        against.starts_with("  \"first\" -> \"fort\" ["),
        "{against}"
    );
    assert!(against.ends_with(", dir=back];"), "{against}");
    // The label and tooltip still read subject → object.
    assert!(
        against.contains("tooltip=\"Fort → built by → First Army"),
        "{against}"
    );
    // A symmetric statement has arrowheads at both ends either way.
    let symmetric = line_with_id(&text, "statement-fort-faces-second");
    assert!(
        symmetric.starts_with("  \"second\" -> \"fort\" [") && symmetric.ends_with(", dir=both];"),
        "{symmetric}"
    );
    if util::graphviz_available("statements_against_the_flow_are_written_backwards") {
        svg_without_warnings(&text, "flow");
    }
}

/// Each entity's cluster label, from the DOT text.
fn clusters_of(dot: &str) -> std::collections::HashMap<String, String> {
    let mut cluster: Option<String> = None;
    let mut of = std::collections::HashMap::new();
    for line in dot.lines() {
        if line.starts_with("  subgraph \"cluster_") {
            cluster = Some(String::new());
        } else if line.starts_with("    label=") && cluster.as_deref() == Some("") {
            cluster = line.split('"').nth(1).map(str::to_owned);
        } else if line == "  }" {
            cluster = None;
        } else if let (Some(c), Some(id)) = (&cluster, line.trim_start().strip_prefix('"'))
            && line.contains("[id=\"entity-")
        {
            of.insert(id.split('"').next().unwrap().to_owned(), c.clone());
        }
    }
    of
}

#[test]
fn the_default_dataset_ranks_every_edge_between_clusters_one_way() {
    let text = dot_with(
        DotExporter::new().with_clusters(true),
        &util::default_graph(),
    );
    let cluster = clusters_of(&text);
    // Cluster → clusters its written (tail → head) edges go to.
    let mut next: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> =
        std::collections::BTreeMap::new();
    for line in text.lines().filter(|l| l.contains("[id=\"statement-")) {
        let mut ids = line.split('"');
        let (tail, head) = (ids.nth(1).unwrap(), ids.nth(1).unwrap());
        let (a, b) = (&cluster[tail], &cluster[head]);
        if a != b {
            next.entry(a).or_default().insert(b);
        }
    }
    // No cycle among clusters: repeatedly remove clusters no edge leads into.
    let mut left: std::collections::BTreeSet<&str> = next.keys().copied().collect();
    left.extend(next.values().flatten().copied());
    while let Some(&source) = left.iter().find(|&&c| {
        !left
            .iter()
            .any(|&d| next.get(d).is_some_and(|n| n.contains(c)))
    }) {
        left.remove(source);
    }
    assert!(
        left.is_empty(),
        "edges run both ways among the clusters {left:?}: {next:?}"
    );
}

/// TINY's schema with a second group, optionally with a new subtype written first.
fn palette_dataset(extra_type_first: bool) -> String {
    let extra = if extra_type_first {
        "[types.fortress]\nlabel = \"fortress\"\nparent = \"place\"\n\n\
         [entities.fortress]\ntype = \"fortress\"\nlabel = { en = \"Fortress\" }\n\n"
    } else {
        ""
    };
    let schema = TINY.replace(
        "[types.place]\nlabel = \"place\"\n",
        "[types.place]\nlabel = \"place\"\ngroup = \"Places\"\n",
    );
    let (head, tail) = schema
        .split_once("[types.army]")
        .expect("TINY declares army");
    format!("{head}{extra}[types.army]{tail}")
}

/// `(fillcolor, shape)` of an entity's node.
fn fill_and_shape(dot: &str, entity: &str) -> (String, String) {
    let line = line_with_id(dot, &format!("entity-{entity}"));
    let attribute = |name: &str| {
        let start = line.find(&format!(", {name}=")).expect(name) + name.len() + 3;
        line[start..]
            .split([',', ']'])
            .next()
            .unwrap()
            .trim_matches('"')
            .to_owned()
    };
    (attribute("fillcolor"), attribute("shape"))
}

#[test]
fn a_new_subtype_anywhere_in_the_schema_recolours_nothing() {
    let before = dot(&graph_of("dot_palette_before", &palette_dataset(false)));
    let after = dot(&graph_of("dot_palette_after", &palette_dataset(true)));
    for entity in ["kwantung", "red", "harbin"] {
        assert_eq!(
            fill_and_shape(&before, entity),
            fill_and_shape(&after, entity),
            "{entity} changed"
        );
    }
    // The new subtype looks like its parent, and the two groups differ.
    assert_eq!(
        fill_and_shape(&after, "fortress"),
        fill_and_shape(&after, "harbin")
    );
    assert_ne!(
        fill_and_shape(&after, "kwantung").0,
        fill_and_shape(&after, "harbin").0
    );
}

/// The diagram promises a click-through to Wikidata only when some entity has an item to go
/// to. See issue 13.
#[test]
fn the_wikidata_hint_and_links_appear_only_when_some_entity_has_an_id() {
    let dot = |graph: &kgforge::KnowledgeGraph| {
        String::from_utf8(
            kgforge::export::export(graph, kgforge::export::Format::Dot, Vec::new()).unwrap(),
        )
        .unwrap()
    };
    let with = dot(&crate::util::stress_graph());
    assert!(with.contains("click a node for its Wikidata item"));
    assert!(with.contains("URL=\"https://www.wikidata.org/wiki/Q42\""));
    let dir = crate::util::root().join("tests/data/invalid/uncited_source");
    let report = kgforge::validate(kgforge::load(&dir).unwrap(), false);
    let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("only warnings"));
    assert!(
        graph
            .dataset()
            .entities
            .iter()
            .all(|e| e.wikidata.is_none())
    );
    let without = dot(&graph);
    assert!(!without.contains("Wikidata"), "{without}");
    assert!(!without.contains("URL="));
}
