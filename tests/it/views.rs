//! Views: what they select, how `build` and `subgraph` draw them, and what the drawings look
//! like when Graphviz lays them out (size, aspect ratio, edges that wander).

use std::process::{Command, Output};

use kgforge::export::dot::DotExporter;
use kgforge::export::{Format, render_with_graphviz};
use kgforge::{KnowledgeGraph, View};

use crate::util;

fn kgforge(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kgforge"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("kgforge runs")
}

fn view<'g>(graph: &'g KnowledgeGraph, id: &str) -> &'g View {
    graph
        .dataset()
        .views
        .iter()
        .find(|v| v.id == id)
        .unwrap_or_else(|| panic!("no view {id}"))
}

#[test]
fn the_default_dataset_declares_five_views() {
    let graph = util::default_graph();
    let ids: Vec<&str> = graph
        .dataset()
        .views
        .iter()
        .map(|v| v.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "soviet-command",
            "campaign",
            "surrender-and-camps",
            "contested-figures",
            "timeline"
        ]
    );
}

#[test]
fn a_view_selects_with_its_focus_depth_and_filters() {
    let graph = util::default_graph();
    let command = graph.view(view(&graph, "soviet-command"));
    let d = command.dataset();
    // Soviet formations and their commanders only, through subordination and command.
    assert!(d.entities.iter().all(|e| {
        graph.is_a(&e.type_id, "soviet_formation") || graph.is_a(&e.type_id, "person")
    }));
    assert!(
        d.statements
            .iter()
            .all(|s| s.predicate == "subordinate_to" || s.predicate == "commanded_by")
    );
    for id in [
        "far_east_command",
        "transbaikal_front",
        "army_39",
        "rodion_malinovsky",
    ] {
        assert!(command.entity(id).is_some(), "{id} is missing");
    }
    assert!(command.entity("kwantung_army").is_none());
    // Without a focus, the type filter alone selects: every event, and nothing else.
    let timeline = graph.view(view(&graph, "timeline"));
    let events = graph
        .dataset()
        .entities
        .iter()
        .filter(|e| graph.is_a(&e.type_id, "event"))
        .count();
    assert_eq!(timeline.dataset().entities.len(), events);
    // Exclusions: no statement of an excluded predicate.
    let camps = graph.view(view(&graph, "surrender-and-camps"));
    assert!(
        camps
            .dataset()
            .statements
            .iter()
            .all(|s| s.predicate != "participated_in" && s.predicate != "number_died")
    );
    // Ranks: the contested figures keep deprecated values, other views drop them.
    let figures = graph.view(view(&graph, "contested-figures"));
    assert!(
        figures
            .dataset()
            .statements
            .iter()
            .any(|s| s.rank == kgforge::Rank::Deprecated)
    );
    assert!(
        camps
            .dataset()
            .statements
            .iter()
            .all(|s| s.rank != kgforge::Rank::Deprecated)
    );
}

#[test]
fn build_draws_every_view_and_build_view_draws_one() {
    let dir = util::scratch_dir("views-build");
    let out = kgforge(&[
        "build",
        "-q",
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "dot",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let views = util::files_in(&dir.join("views"));
    assert_eq!(
        views.keys().cloned().collect::<Vec<_>>(),
        [
            "campaign.dot",
            "contested-figures.dot",
            "soviet-command.dot",
            "surrender-and-camps.dot",
            "timeline.dot"
        ]
    );
    let graph = util::default_graph();
    let expected = DotExporter::new()
        .with_view(view(&graph, "campaign"))
        .export(&graph.view(view(&graph, "campaign")), Vec::new())
        .expect("export");
    assert_eq!(views["campaign.dot"], expected);

    let one = util::scratch_dir("views-build-one");
    let out = kgforge(&[
        "build",
        "-q",
        "-o",
        one.to_str().unwrap(),
        "--view",
        "timeline",
        "--format",
        "dot",
        "--lang",
        "ru",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let names: Vec<String> = util::files_in(&one).into_keys().collect();
    assert_eq!(names, ["views/timeline.dot"], "only the view is written");
    // --lang overrides the view: Russian names where there are some.
    let text = std::fs::read_to_string(one.join("views/timeline.dot")).expect("read");
    assert!(text.contains("<B>Ялтинская конференция</B>"), "{text}");

    let json = kgforge(&[
        "build",
        "-o",
        one.to_str().unwrap(),
        "--view",
        "timeline",
        "--format",
        "json",
    ]);
    assert_eq!(json.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&json.stderr).contains("kgforge subgraph --view ID --format json")
    );

    let unknown = kgforge(&["build", "-o", one.to_str().unwrap(), "--view", "campain"]);
    assert_eq!(unknown.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        stderr.contains("no view \"campain\"") && stderr.contains("campaign"),
        "{stderr}"
    );
}

#[test]
fn subgraph_takes_a_view_and_the_drawing_options() {
    let out = kgforge(&["subgraph", "--view", "soviet-command", "--format", "json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let graph = util::default_graph();
    let part = graph.view(view(&graph, "soviet-command"));
    assert_eq!(
        doc["nodes"].as_array().expect("nodes").len(),
        part.dataset().entities.len()
    );
    let out = kgforge(&[
        "subgraph",
        "kwantung_army",
        "--rankdir",
        "TB",
        "--engine",
        "neato",
        "--legend",
        "none",
        "--lang",
        "ja",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("layout=neato, overlap=false"), "{text}");
    assert!(!text.contains("■"), "no legend");
    assert!(text.contains("<B>関東軍</B>"), "Japanese names first");
    // The centre is highlighted; Manchuria, only a place qualifier here, has no node.
    assert!(
        text.lines()
            .any(|l| l.contains("[id=\"entity-kwantung_army\"") && l.contains("penwidth=3.5"))
    );
    assert!(!text.contains("[id=\"entity-manchuria\""), "{text}");
    let bad = kgforge(&["subgraph", "kwantung_army", "--engine", "circo"]);
    assert_eq!(bad.status.code(), Some(2));
    let bad = kgforge(&["subgraph", "--view", "campaign", "--predicate", "cause_of"]);
    assert_eq!(bad.status.code(), Some(2));
}

/// A point of a drawing, in pt.
type Point = (f64, f64);
/// An edge's `<title>` and the points of its path.
type DrawnEdge = (String, Vec<Point>);

/// Size of an SVG drawing in points, and every edge's path as points.
fn measure(svg: &str) -> (Point, Vec<DrawnEdge>) {
    let doc = roxmltree::Document::parse_with_options(
        svg,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .expect("SVG is XML");
    let root = doc.root_element();
    let pt = |name: &str| {
        root.attribute(name)
            .and_then(|v| v.trim_end_matches("pt").parse::<f64>().ok())
            .expect("width and height in pt")
    };
    let size = (pt("width"), pt("height"));
    let mut edges = Vec::new();
    for g in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
    {
        let title = g
            .children()
            .find(|c| c.has_tag_name("title"))
            .and_then(|t| t.text())
            .unwrap_or("")
            .to_string();
        let Some(path) = g.descendants().find(|n| n.has_tag_name("path")) else {
            continue;
        };
        let numbers: Vec<f64> = path
            .attribute("d")
            .unwrap_or("")
            .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
            .filter_map(|n| n.parse().ok())
            .collect();
        let points = numbers
            .chunks(2)
            .filter(|p| p.len() == 2)
            .map(|p| (p[0], p[1]))
            .collect();
        edges.push((title, points));
    }
    (size, edges)
}

/// An edge wanders when its drawn path is more than `limit` times as long as the straight
/// line between its ends, or when it spans most of the drawing both ways (it goes round it).
fn wandering(size: Point, edges: &[DrawnEdge], limit: f64) -> Vec<String> {
    let mut out = Vec::new();
    for (title, points) in edges {
        let (Some(first), Some(last)) = (points.first(), points.last()) else {
            continue;
        };
        let dist =
            |a: &(f64, f64), b: &(f64, f64)| ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
        let length: f64 = points.windows(2).map(|w| dist(&w[0], &w[1])).sum();
        let straight = dist(first, last).max(1.0);
        let span = |f: fn(&(f64, f64)) -> f64, total: f64| {
            let values: Vec<f64> = points.iter().map(f).collect();
            let max = values.iter().copied().fold(f64::MIN, f64::max);
            let min = values.iter().copied().fold(f64::MAX, f64::min);
            (max - min) / total
        };
        let around = span(|p| p.0, size.0) > 0.9 && span(|p| p.1, size.1) > 0.9;
        if length / straight > limit || around {
            out.push(format!("{title} (×{:.2})", length / straight));
        }
    }
    out
}

#[test]
fn the_whole_dataset_fits_a_screen_and_no_edge_goes_round_it() {
    if !util::graphviz_available("the_whole_dataset_fits_a_screen") {
        return;
    }
    let graph = util::default_graph();
    let dot = DotExporter::new()
        .export(&graph, Vec::new())
        .expect("export");
    let (svg, warnings) = render_with_graphviz(&dot, Format::Svg).expect("dot draws it");
    assert_eq!(warnings, "");
    let (size, edges) = measure(&String::from_utf8(svg).expect("UTF-8"));
    let ratio = size.0 / size.1;
    // Landscape, between 4:3 and a little past 16:9 (measured: 4250 × 2367 pt, 1.80).
    assert!(
        (1.3..=2.0).contains(&ratio),
        "aspect ratio {ratio:.2} of {size:?}"
    );
    assert_eq!(edges.len(), graph.edges().count());
    let bad = wandering(size, &edges, 2.0);
    assert!(bad.is_empty(), "edges that wander: {bad:?}");
    // The check can fail: with boxes around the display groups (as before), edges go round.
    let boxed = DotExporter::new()
        .with_clusters(true)
        .export(&graph, Vec::new())
        .expect("export");
    let (svg, _) = render_with_graphviz(&boxed, Format::Svg).expect("dot draws it");
    let (size, edges) = measure(&String::from_utf8(svg).expect("UTF-8"));
    assert!(!wandering(size, &edges, 2.0).is_empty());
}

/// Each view draws without a Graphviz warning, and its smallest text (8 pt edge labels)
/// stays legible either on a 16:9 screen (the drawing fitted to 1920 × 1080 px: at least
/// 6.5 px) or in print at A4 width (fitted to 500 pt: at least 6 pt).
#[test]
fn every_view_draws_without_warnings_at_a_legible_size() {
    if !util::graphviz_available("every_view_draws_without_warnings") {
        return;
    }
    let graph = util::default_graph();
    for v in &graph.dataset().views {
        let dot = DotExporter::new()
            .with_view(v)
            .export(&graph.view(v), Vec::new())
            .expect("export");
        let (svg, warnings) = render_with_graphviz(&dot, Format::Svg).expect("dot draws it");
        assert_eq!(warnings, "", "{}: Graphviz warns", v.id);
        let (size, edges) = measure(&String::from_utf8(svg).expect("UTF-8"));
        let screen = (1920.0 / size.0).min(1080.0 / size.1);
        let a4 = 500.0 / size.0;
        assert!(
            8.0 * screen >= 6.5 || 8.0 * a4 >= 6.0,
            "{}: {:.0} × {:.0} pt: 8 pt text is {:.1} px on a screen and {:.1} pt on A4",
            v.id,
            size.0,
            size.1,
            8.0 * screen,
            8.0 * a4
        );
        eprintln!(
            "{}: {:.0} × {:.0} pt, 8 pt text at {:.1} px on a 1920 × 1080 screen, {:.1} pt on A4 width",
            v.id,
            size.0,
            size.1,
            8.0 * screen,
            8.0 * a4
        );
        let bad = wandering(size, &edges, 3.0);
        assert!(bad.is_empty(), "{}: edges that wander: {bad:?}", v.id);
    }
}
