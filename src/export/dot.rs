//! Graphviz DOT export.
//!
//! The drawing, in the order it is written:
//!
//! - **Graph**: the dataset's title and counts as a left-aligned heading. Ranks run left to
//!   right, so relations read like sentences (subject → object) and the wide labels stack
//!   vertically instead of stretching the page; each display group becomes a horizontal band.
//!   `newrank=true` ranks the whole graph at once, so bands line up; `mclimit=6` buys extra
//!   crossing-minimisation passes (cheap at this size); curved edges are drawn under the
//!   nodes (`outputorder=edgesfirst`); `nodesep`/`ranksep` leave room for edge labels.
//! - **Clusters**: one `cluster_` subgraph per display group ([`KnowledgeGraph::group_of`]),
//!   written in the order that puts groups sharing many edges next to each other (see
//!   `cluster_order`), so most cross-group edges join neighbouring bands; entities whose type
//!   has no group are drawn outside every cluster.
//! - **Nodes**: one per entity. Fill colour by display group, shape by the root of the entity's
//!   type hierarchy, both from fixed palettes indexed by order of first appearance in the
//!   schema (same schema, same colours; palettes repeat past 8 groups or 10 roots). The label
//!   is HTML-like: the entity's label in the first available language of the dataset's
//!   fallback order, its own type in small grey, then its figures.
//! - **Edges**: one per entity-to-entity statement, labelled with the predicate and a compact
//!   line of qualifiers. Disputed statements are dashed and brown, deprecated ones grey and
//!   dotted, preferred ones bold; symmetric predicates get an arrowhead at both ends.
//! - **Legend**: a `cluster_legend` with one sample node per (group, root type) pair in use
//!   and one sample edge per statement style, because Graphviz draws no legend itself.
//!
//! Every node and edge carries a `tooltip` (description, id, qualifiers, sources with their
//! locators) and an SVG `id`; entities with a Wikidata QID carry a `URL` to their item.
//!
//! Literal-valued statements (quantities, dates, spans, decimals, texts) are never nodes.
//! **Figures in labels**: quantities, decimals, dates and spans are printed in the node's label,
//! one line per predicate, each value with its first source and its rank (`preferred`),
//! disputed values in italics and deprecated ones struck through and grey. Competing figures
//! are the point of a sourced knowledge graph; hiding them in tooltips would make the picture
//! (and any PNG of it) silently claim less than the data. Free texts are sentences, so they
//! stay in the tooltip, as do long qualifiers and every source's full title.

use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Qualifiers, Quantity, Rank, Reference, Scalar, Statement, Value};

/// Fills of display groups (ColorBrewer Pastel1), in order of first appearance.
const FILLS: [&str; 8] = [
    "#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
];
/// Fill of entities whose type has no display group.
const UNGROUPED_FILL: &str = "#f2f2f2";
/// Shapes and styles of root types, in order of first appearance.
const SHAPES: [(&str, &str); 10] = [
    ("box", "rounded,filled"),
    ("note", "filled"),
    ("ellipse", "filled"),
    ("hexagon", "filled"),
    ("component", "filled"),
    ("tab", "filled"),
    ("octagon", "filled"),
    ("folder", "filled"),
    ("cylinder", "filled"),
    ("box3d", "filled"),
];
/// Fonts: Graphviz passes the list to fontconfig/pango, browsers read it as CSS.
const FONT: &str = "Helvetica,Arial,sans-serif";
const DISPUTED_COLOUR: &str = "#a6611a";
const DEPRECATED_COLOUR: &str = "#999999";
const NORMAL_COLOUR: &str = "#4d4d4d";
/// Characters per line in node labels before wrapping.
const TITLE_WIDTH: usize = 28;
const FIGURE_WIDTH: usize = 72;
/// Figures printed in one node's label; the rest are left to the tooltip.
const MAX_FIGURES: usize = 40;
/// `other` qualifiers longer than this stay out of labels.
const SHORT_QUALIFIER: usize = 24;

/// The direction of the ranks (Graphviz `rankdir`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum RankDir {
    /// Top to bottom (`TB`).
    TopToBottom,
    /// Left to right (`LR`), the default: wide labels sit better side by side.
    #[default]
    LeftToRight,
    /// Bottom to top (`BT`).
    BottomToTop,
    /// Right to left (`RL`).
    RightToLeft,
}

impl RankDir {
    /// The Graphviz value (`LR`).
    pub fn code(self) -> &'static str {
        match self {
            RankDir::TopToBottom => "TB",
            RankDir::LeftToRight => "LR",
            RankDir::BottomToTop => "BT",
            RankDir::RightToLeft => "RL",
        }
    }
}

/// Writes a [`KnowledgeGraph`] as a Graphviz DOT digraph (see the [module docs](self) for
/// what the drawing shows).
///
/// ```
/// use std::path::Path;
/// use kgforge::export::dot::{DotExporter, RankDir};
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let dot = DotExporter::new()
///     .with_rankdir(RankDir::LeftToRight)
///     .with_legend(true)
///     .export(&graph, Vec::new())
///     .expect("writing to a Vec cannot fail");
/// let dot = String::from_utf8(dot).expect("DOT is UTF-8");
/// assert!(dot.starts_with("digraph \"manchuria-1945\" {"));
/// assert!(dot.contains("subgraph \"cluster_legend\""));
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct DotExporter {
    legend: bool,
    rankdir: RankDir,
    figures: bool,
}

impl Default for DotExporter {
    fn default() -> Self {
        DotExporter {
            legend: true,
            rankdir: RankDir::default(),
            figures: true,
        }
    }
}

impl DotExporter {
    /// An exporter with the default layout: left to right, with a legend and figures.
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether to draw the legend cluster (default: yes).
    pub fn with_legend(mut self, legend: bool) -> Self {
        self.legend = legend;
        self
    }

    /// The direction of the ranks (default: [`RankDir::LeftToRight`]).
    pub fn with_rankdir(mut self, rankdir: RankDir) -> Self {
        self.rankdir = rankdir;
        self
    }

    /// Whether node labels list the entity's figures: quantities, dates, spans, decimals
    /// (default: yes). Tooltips always do.
    pub fn with_figures(mut self, figures: bool) -> Self {
        self.figures = figures;
        self
    }

    /// Writes the graph and returns the writer. Output depends only on the graph and the
    /// options: the same input gives the same bytes.
    ///
    /// # Errors
    /// I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements) time, plus ordering the display groups (at most 8! small
    /// steps, greedy beyond 8 groups); memory for one node's text at a time besides the
    /// per-group lists of entities.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let palette = Palette::new(graph);
        let d = graph.dataset();

        writeln!(writer, "digraph {} {{", Quoted(&d.meta.id))?;
        let mut heading = String::new();
        html_into(&mut heading, &d.meta.title);
        let sources = d.sources.len();
        let _ = write!(
            heading,
            "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"11\" COLOR=\"#555555\">{} entities · {} statements · {} sources · \
             hover over anything for its sources, click a node for its Wikidata item</FONT><BR ALIGN=\"LEFT\"/>",
            d.entities.len(),
            d.statements.len(),
            sources
        );
        writeln!(
            writer,
            "  graph [label=<{heading}>, labelloc=t, labeljust=l, fontsize=20, fontname={font}, \
             tooltip={tooltip}, rankdir={rankdir}, newrank=true, mclimit=6, nodesep=0.25, ranksep=0.5, \
             splines=true, outputorder=edgesfirst, remincross=true, pad=0.3, bgcolor=\"white\"];",
            font = Quoted(FONT),
            tooltip = Quoted(d.meta.description.as_deref().unwrap_or(&d.meta.title)),
            rankdir = self.rankdir.code(),
        )?;
        writeln!(
            writer,
            "  node [fontname={font}, fontsize=11, margin=\"0.08,0.04\", penwidth=1.2];\n  \
             edge [fontname={font}, fontsize=8, color=\"{NORMAL_COLOUR}\", fontcolor=\"#333333\", arrowsize=0.6];",
            font = Quoted(FONT),
        )?;

        // Entities by display group, in entity order within each.
        let mut members: Vec<Vec<&Entity>> = vec![Vec::new(); palette.groups.len()];
        let mut ungrouped = Vec::new();
        for e in &d.entities {
            match palette.style_of(&e.type_id).group {
                Some(g) => members[g].push(e),
                None => ungrouped.push(e),
            }
        }
        for g in cluster_order(graph, &palette) {
            let entities = &members[g];
            if entities.is_empty() {
                continue;
            }
            let fill = FILLS[g % FILLS.len()];
            writeln!(
                writer,
                "  subgraph \"cluster_{g}\" {{\n    label={}; tooltip={}; style=\"rounded,filled\"; \
                 fillcolor=\"{}\"; color=\"{}\"; fontcolor=\"{}\"; fontsize=15; margin=10;",
                Quoted(palette.groups[g]),
                Quoted(&format!("display group: {}", palette.groups[g])),
                mix(fill, 0xff, 70),
                mix(fill, 0x00, 25),
                mix(fill, 0x00, 60),
            )?;
            for e in entities {
                self.write_node(&mut writer, graph, &palette, e, "    ")?;
            }
            writeln!(writer, "  }}")?;
        }
        for e in ungrouped {
            self.write_node(&mut writer, graph, &palette, e, "  ")?;
        }

        for (subject, s, object) in graph.edges() {
            write_edge(&mut writer, graph, subject, s, object)?;
        }

        if self.legend {
            write_legend(&mut writer, graph, &palette)?;
        }
        writeln!(writer, "}}")?;
        Ok(writer)
    }

    fn write_node<W: Write>(
        &self,
        w: &mut W,
        graph: &KnowledgeGraph,
        palette: &Palette<'_>,
        e: &Entity,
        indent: &str,
    ) -> io::Result<()> {
        let style = palette.style_of(&e.type_id);
        let (shape, shape_style) = SHAPES[style.shape % SHAPES.len()];
        let fill = style.fill();
        let languages = &graph.dataset().meta.languages;
        let type_label = graph
            .entity_type(&e.type_id)
            .map_or(&e.type_id, |t| &t.label);

        let mut label = String::from(
            "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\"><TR><TD><B>",
        );
        for (i, line) in wrap(e.label_in(languages), TITLE_WIDTH).iter().enumerate() {
            if i > 0 {
                label.push_str("<BR/>");
            }
            html_into(&mut label, line);
        }
        label.push_str("</B></TD></TR><TR><TD><FONT POINT-SIZE=\"8\" COLOR=\"#555555\">");
        html_into(&mut label, type_label);
        label.push_str("</FONT></TD></TR>");
        if self.figures {
            figures_into(&mut label, graph, e);
        }
        label.push_str("</TABLE>");

        write!(
            w,
            "{indent}{} [id={}, label=<{label}>, shape={shape}, style=\"{shape_style}\", \
             fillcolor=\"{fill}\", color=\"{}\", tooltip={}",
            Quoted(&e.id),
            Quoted(&format!("entity-{}", e.id)),
            mix(fill, 0x00, 45),
            Quoted(&node_tooltip(graph, e, type_label)),
        )?;
        if let Some(qid) = &e.wikidata {
            write!(
                w,
                ", URL={}, target=\"_blank\"",
                Quoted(&format!("https://www.wikidata.org/wiki/{qid}"))
            )?;
        }
        writeln!(w, "];")
    }
}

/// Display groups and root types in order of first appearance in the schema.
struct Palette<'g> {
    groups: Vec<&'g str>,
    roots: Vec<&'g str>,
    by_type: HashMap<&'g str, Style>,
}

#[derive(Debug, Clone, Copy)]
struct Style {
    group: Option<usize>,
    shape: usize,
}

impl Style {
    fn fill(self) -> &'static str {
        self.group
            .map_or(UNGROUPED_FILL, |g| FILLS[g % FILLS.len()])
    }
}

impl<'g> Palette<'g> {
    fn new(graph: &'g KnowledgeGraph) -> Self {
        let mut palette = Palette {
            groups: Vec::new(),
            roots: Vec::new(),
            by_type: HashMap::new(),
        };
        for t in &graph.dataset().types {
            let group = graph
                .group_of(&t.id)
                .map(|g| position_or_push(&mut palette.groups, g));
            let shape = position_or_push(&mut palette.roots, root_of(graph, &t.id));
            palette.by_type.insert(&t.id, Style { group, shape });
        }
        palette
    }

    fn style_of(&self, type_id: &str) -> Style {
        self.by_type.get(type_id).copied().unwrap_or(Style {
            group: None,
            shape: 0,
        })
    }
}

fn position_or_push<'g>(list: &mut Vec<&'g str>, item: &'g str) -> usize {
    list.iter().position(|x| *x == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

/// The ancestor of a type that has no parent (the type itself when it has none).
fn root_of<'g>(graph: &'g KnowledgeGraph, type_id: &'g str) -> &'g str {
    let mut current = type_id;
    // Validation rules out cycles; the bound only guards against a malformed clone.
    for _ in 0..=graph.dataset().types.len() {
        match graph.entity_type(current).and_then(|t| t.parent.as_deref()) {
            Some(parent) if graph.entity_type(parent).is_some() => current = parent,
            _ => break,
        }
    }
    current
}

/// Groups with up to this many members are ordered exactly, larger ones greedily.
const EXACT_ORDER_LIMIT: usize = 8;

/// The order to write clusters in: the one that minimises the sum, over pairs of groups, of
/// the edges between them times their distance in the order, so groups that share many edges
/// are neighbours (exact for up to [`EXACT_ORDER_LIMIT`] groups, greedy beyond). Ties keep
/// the lexicographically first order.
///
/// Graphviz's crossing minimisation starts from the input order and is sensitive to it: on
/// the default dataset this order halves the crossings (about 360 instead of about 850 in
/// schema order). It is a hint, not a constraint: `dot` may still settle elsewhere.
fn cluster_order(graph: &KnowledgeGraph, palette: &Palette<'_>) -> Vec<usize> {
    let n = palette.groups.len();
    let mut weight = vec![vec![0u64; n]; n];
    for (subject, _, object) in graph.edges() {
        let a = palette.style_of(&subject.type_id).group;
        let b = palette.style_of(&object.type_id).group;
        if let (Some(a), Some(b)) = (a, b)
            && a != b
        {
            weight[a][b] += 1;
            weight[b][a] += 1;
        }
    }
    let cost = |order: &[usize]| -> u64 {
        let mut total = 0;
        for (i, &a) in order.iter().enumerate() {
            for (j, &b) in order.iter().enumerate().skip(i + 1) {
                total += weight[a][b] * (j - i) as u64;
            }
        }
        total
    };
    if n <= EXACT_ORDER_LIMIT {
        let mut best: Vec<usize> = (0..n).collect();
        let mut best_cost = cost(&best);
        let mut current = best.clone();
        // Lexicographic successors: every permutation once, in order.
        while next_permutation(&mut current) {
            let c = cost(&current);
            if c < best_cost {
                best_cost = c;
                best.clone_from(&current);
            }
        }
        return best;
    }
    // Greedy: start with the most connected group, then insert each next most connected
    // group where it adds least.
    let mut remaining: Vec<usize> = (0..n).collect();
    remaining.sort_by_key(|&g| std::cmp::Reverse(weight[g].iter().sum::<u64>()));
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for g in remaining {
        let mut best = (u64::MAX, 0);
        for at in 0..=order.len() {
            order.insert(at, g);
            best = best.min((cost(&order), at));
            order.remove(at);
        }
        order.insert(best.1, g);
    }
    order
}

/// Rearranges into the next permutation in lexicographic order; `false` after the last.
fn next_permutation(items: &mut [usize]) -> bool {
    let Some(i) = items.windows(2).rposition(|w| w[0] < w[1]) else {
        return false;
    };
    let j = items
        .iter()
        .rposition(|&x| x > items[i])
        .expect("items[i + 1] is larger");
    items.swap(i, j);
    items[i + 1..].reverse();
    true
}

/// Mixes a `#rrggbb` colour towards grey level `toward` by `percent`.
fn mix(hex: &str, toward: u8, percent: u32) -> String {
    let channel = |i: usize| u32::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let blend = |c: u32| (c * (100 - percent) + u32::from(toward) * percent) / 100;
    format!(
        "#{:02x}{:02x}{:02x}",
        blend(channel(1)),
        blend(channel(3)),
        blend(channel(5))
    )
}

fn write_edge<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    subject: &Entity,
    s: &Statement,
    object: &Entity,
) -> io::Result<()> {
    let predicate = graph.predicate(&s.predicate);
    let predicate_label = predicate.map_or(&s.predicate, |p| &p.label);
    let mut label = predicate_label.clone();
    let bits = qualifier_bits(graph, &s.qualifiers, false);
    if !bits.is_empty() {
        label.push('\n');
        label.push_str(&bits.join(", "));
    }
    write!(
        w,
        "  {} -> {} [id={}, label={}, tooltip={}",
        Quoted(&subject.id),
        Quoted(&object.id),
        Quoted(&format!("statement-{}", s.id)),
        Quoted(&label),
        Quoted(&edge_tooltip(graph, subject, s, object, predicate_label)),
    )?;
    w.write_all(edge_style(s.rank, s.disputed.is_some()).as_bytes())?;
    if predicate.is_some_and(|p| p.symmetric) {
        w.write_all(b", dir=both")?;
    }
    writeln!(w, "];")
}

/// The style attributes (each with a leading `, `) of a statement's edge: dashed when
/// disputed, dotted when only deprecated; grey when deprecated, brown when only disputed;
/// bold when preferred.
fn edge_style(rank: Rank, disputed: bool) -> String {
    let mut out = String::new();
    if disputed {
        out.push_str(", style=dashed");
    } else if rank == Rank::Deprecated {
        out.push_str(", style=dotted");
    }
    let colour = match (rank, disputed) {
        (Rank::Deprecated, _) => Some(DEPRECATED_COLOUR),
        (_, true) => Some(DISPUTED_COLOUR),
        _ => None,
    };
    if let Some(c) = colour {
        let _ = write!(out, ", color=\"{c}\", fontcolor=\"{c}\"");
    }
    if rank == Rank::Preferred {
        out.push_str(", penwidth=2.2");
    }
    out
}

/// Qualifiers as short phrases: `1945-08-19`, `in Manchuria`, `about 5`; with `full`, every
/// `other` qualifier as `key: value`, else only the short values.
fn qualifier_bits(graph: &KnowledgeGraph, q: &Qualifiers, full: bool) -> Vec<String> {
    let mut bits = Vec::new();
    match (q.start, q.end) {
        (Some(a), Some(b)) => bits.push(format!("{a} – {b}")),
        (Some(a), None) => bits.push(format!("from {a}")),
        (None, Some(b)) => bits.push(format!("until {b}")),
        (None, None) => {}
    }
    if let Some(t) = q.point_in_time {
        bits.push(t.to_string());
    }
    if let Some(place) = &q.place {
        let languages = &graph.dataset().meta.languages;
        let name = graph
            .entity(place)
            .map_or(place.as_str(), |e| e.label_in(languages));
        bits.push(format!("in {name}"));
    }
    if let Some(n) = &q.quantity {
        bits.push(n.to_string());
    }
    for (key, value) in &q.other {
        if full {
            bits.push(format!("{key}: {value}"));
        } else if value.chars().count() <= SHORT_QUALIFIER {
            bits.push(value.clone());
        }
    }
    bits
}

/// `article ¶3`: a source id with a paragraph or page, for labels.
fn short_reference(r: &Reference) -> String {
    match (&r.paragraph, &r.page) {
        (Some(p), _) => format!("{} ¶{p}", r.source),
        (None, Some(p)) => format!("{} p. {p}", r.source),
        (None, None) => r.source.clone(),
    }
}

/// `Title, ¶3 (note)`: a source's title with the full locator, for tooltips.
fn full_reference(graph: &KnowledgeGraph, r: &Reference) -> String {
    let mut out = graph
        .source(&r.source)
        .map_or_else(|| r.source.clone(), |s| s.title.clone());
    let locator = r.locator();
    if !locator.is_empty() {
        out.push_str(", ");
        out.push_str(&locator);
    }
    if let Some(note) = &r.note {
        let _ = write!(out, " ({note})");
    }
    out
}

fn sources_into(out: &mut String, graph: &KnowledgeGraph, refs: &[Reference], indent: &str) {
    for r in refs {
        let _ = write!(out, "\n{indent}source: {}", full_reference(graph, r));
    }
}

/// A literal value without its unit (the caller prints a shared unit once).
fn value_text(value: &Value, drop_unit: bool) -> String {
    match value {
        Value::Quantity(q) if drop_unit => Quantity {
            bound: q.bound,
            unit: None,
        }
        .to_string(),
        other => other.to_string(),
    }
}

fn unit_of(s: &Statement) -> Option<&str> {
    match &s.value {
        Value::Quantity(q) => q.unit.as_deref(),
        _ => None,
    }
}

/// Appends one table row per predicate with the entity's figures (not its texts).
fn figures_into(label: &mut String, graph: &KnowledgeGraph, e: &Entity) {
    // Predicates in order of first statement, each with its statements in order.
    let mut by_predicate: Vec<(&str, Vec<&Statement>)> = Vec::new();
    let mut total = 0;
    for s in graph.literal_statements(&e.id) {
        if matches!(s.value, Value::Text(_)) {
            continue;
        }
        total += 1;
        match by_predicate.iter_mut().find(|(p, _)| *p == s.predicate) {
            Some((_, list)) => list.push(s),
            None => by_predicate.push((&s.predicate, vec![s])),
        }
    }
    if by_predicate.is_empty() {
        return;
    }
    label.push_str(
        "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"9\" COLOR=\"#1a1a1a\">",
    );
    let mut shown = 0;
    for (row, (predicate, statements)) in by_predicate.iter().enumerate() {
        if shown == MAX_FIGURES {
            break;
        }
        if row > 0 {
            label.push_str("<BR/>");
        }
        let unit = unit_of(statements[0]);
        let shared_unit = unit.is_some() && statements.iter().all(|s| unit_of(s) == unit);
        let mut head = graph
            .predicate(predicate)
            .map_or_else(|| (*predicate).to_string(), |p| p.label.clone());
        if let (true, Some(u)) = (shared_unit, unit) {
            let _ = write!(head, " ({u})");
        }
        head.push_str(": ");
        label.push_str("<B>");
        html_into(label, &head);
        label.push_str("</B>");
        let mut width = head.chars().count();
        for (i, s) in statements.iter().enumerate() {
            if shown == MAX_FIGURES {
                break;
            }
            shown += 1;
            let (plain, html) = figure(graph, s, shared_unit);
            let piece = plain.chars().count() + 3;
            if i > 0 {
                if width + piece > FIGURE_WIDTH {
                    label.push_str("<BR/>   · ");
                    width = 5;
                } else {
                    label.push_str(" · ");
                }
            }
            label.push_str(&html);
            width += piece;
        }
    }
    if shown < total {
        let _ = write!(label, "<BR/><I>+{} more in the tooltip</I>", total - shown);
    }
    label.push_str("</FONT></TD></TR>");
}

/// One figure as plain text (for measuring) and as HTML: `575,000 (mhlw-2009, preferred)`.
fn figure(graph: &KnowledgeGraph, s: &Statement, drop_unit: bool) -> (String, String) {
    let value = value_text(&s.value, drop_unit);
    let mut notes = qualifier_bits(graph, &s.qualifiers, false);
    if let Some(first) = s.references.first() {
        let mut r = short_reference(first);
        if s.references.len() > 1 {
            let _ = write!(r, " +{}", s.references.len() - 1);
        }
        notes.push(r);
    }
    match s.rank {
        Rank::Preferred => notes.push("preferred".into()),
        Rank::Deprecated => notes.push("deprecated".into()),
        Rank::Normal => {}
    }
    if s.disputed.is_some() {
        notes.push("disputed".into());
    }
    let notes = if notes.is_empty() {
        String::new()
    } else {
        format!(" ({})", notes.join(", "))
    };
    let mut html = String::new();
    match (s.rank, s.disputed.is_some()) {
        (Rank::Deprecated, _) => {
            let _ = write!(html, "<FONT COLOR=\"{DEPRECATED_COLOUR}\"><S>");
            html_into(&mut html, &value);
            html.push_str("</S>");
            html_into(&mut html, &notes);
            html.push_str("</FONT>");
        }
        (_, true) => {
            let _ = write!(html, "<FONT COLOR=\"{DISPUTED_COLOUR}\"><I>");
            html_into(&mut html, &value);
            html_into(&mut html, &notes);
            html.push_str("</I></FONT>");
        }
        (Rank::Preferred, false) => {
            html.push_str("<B>");
            html_into(&mut html, &value);
            html.push_str("</B>");
            html_into(&mut html, &notes);
        }
        (Rank::Normal, false) => {
            html_into(&mut html, &value);
            html_into(&mut html, &notes);
        }
    }
    (value + &notes, html)
}

/// The statement's rank, dispute and note as tooltip lines.
fn assessment_into(out: &mut String, s: &Statement, indent: &str) {
    if s.rank != Rank::Normal {
        let _ = write!(out, "\n{indent}rank: {}", s.rank.name());
    }
    if let Some(why) = &s.disputed {
        let _ = write!(out, "\n{indent}disputed: {why}");
    }
    if let Some(note) = &s.note {
        let _ = write!(out, "\n{indent}note: {note}");
    }
}

fn node_tooltip(graph: &KnowledgeGraph, e: &Entity, type_label: &str) -> String {
    let d = graph.dataset();
    let languages = &d.meta.languages;
    let shown = e.label_in(languages);
    let mut out = format!("{shown}\nid: {}\ntype: {type_label}", e.id);
    if let Some(group) = graph.group_of(&e.type_id) {
        let _ = write!(out, " · {group}");
    }
    if let Some(qid) = &e.wikidata {
        let _ = write!(out, "\nWikidata: {qid}");
    }
    if let Some(description) = &e.description {
        let _ = write!(out, "\n\n{description}");
    }
    let others: Vec<String> = e
        .label
        .iter()
        .filter(|(_, l)| l.as_str() != shown)
        .map(|(lang, l)| format!("{lang}: {l}"))
        .collect();
    if !others.is_empty() {
        let _ = write!(out, "\nlabels: {}", others.join(" · "));
    }
    let aliases: Vec<&str> = e.aliases.values().flatten().map(String::as_str).collect();
    if !aliases.is_empty() {
        let _ = write!(out, "\nalso: {}", aliases.join(" · "));
    }
    for (key, value) in &e.attributes {
        let value = match value {
            Scalar::Bool(b) => b.to_string(),
            Scalar::Integer(n) => n.to_string(),
            Scalar::Float(x) => x.to_string(),
            Scalar::String(s) => s.clone(),
        };
        let _ = write!(out, "\n{key}: {value}");
    }
    let mut first = true;
    for s in graph.literal_statements(&e.id) {
        if first {
            out.push_str("\n\nFacts:");
            first = false;
        }
        let predicate = graph
            .predicate(&s.predicate)
            .map_or(&s.predicate, |p| &p.label);
        let _ = write!(out, "\n• {predicate}: {}", s.value);
        let bits = qualifier_bits(graph, &s.qualifiers, true);
        if !bits.is_empty() {
            let _ = write!(out, " ({})", bits.join("; "));
        }
        assessment_into(&mut out, s, "   ");
        sources_into(&mut out, graph, &s.references, "   ");
    }
    out
}

fn edge_tooltip(
    graph: &KnowledgeGraph,
    subject: &Entity,
    s: &Statement,
    object: &Entity,
    predicate_label: &str,
) -> String {
    let languages = &graph.dataset().meta.languages;
    let mut out = format!(
        "{} → {predicate_label} → {}",
        subject.label_in(languages),
        object.label_in(languages)
    );
    let bits = qualifier_bits(graph, &s.qualifiers, true);
    if !bits.is_empty() {
        let _ = write!(out, "\n{}", bits.join("; "));
    }
    assessment_into(&mut out, s, "");
    sources_into(&mut out, graph, &s.references, "");
    let _ = write!(out, "\nstatement: {}", s.id);
    out
}

fn write_legend<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    palette: &Palette<'_>,
) -> io::Result<()> {
    writeln!(
        w,
        "  subgraph \"cluster_legend\" {{\n    label=\"Legend\"; tooltip=\"Legend\"; style=\"rounded\"; \
         color=\"#999999\"; fontcolor=\"#333333\"; fontsize=14; margin=10;\n    \
         node [fontsize=9, margin=\"0.06,0.03\"];"
    )?;
    // One sample per (group, root type) pair that some entity uses, in entity order.
    let mut seen: Vec<(Option<usize>, usize)> = Vec::new();
    for e in &graph.dataset().entities {
        let style = palette.style_of(&e.type_id);
        if seen.contains(&(style.group, style.shape)) {
            continue;
        }
        seen.push((style.group, style.shape));
        let root = palette.roots.get(style.shape).copied().unwrap_or("");
        let root_label = graph.entity_type(root).map_or(root, |t| t.label.as_str());
        let group = style.group.map_or("(no group)", |g| palette.groups[g]);
        let (shape, shape_style) = SHAPES[style.shape % SHAPES.len()];
        let fill = style.fill();
        writeln!(
            w,
            "    \"legend:type:{}\" [label=<<B>{}</B><BR/><FONT POINT-SIZE=\"8\" COLOR=\"#555555\">{}</FONT>>, \
             tooltip={}, shape={shape}, style=\"{shape_style}\", \
             fillcolor=\"{fill}\", color=\"{}\"];",
            seen.len(),
            Html(group),
            Html(root_label),
            Quoted(&format!("{root_label} ({group})")),
            mix(fill, 0x00, 45),
        )?;
    }
    let samples = [
        ("normal", "a statement", Rank::Normal, false),
        (
            "preferred",
            "the best-supported value",
            Rank::Preferred,
            false,
        ),
        ("disputed", "contested: see its tooltip", Rank::Normal, true),
        (
            "deprecated",
            "known to be wrong, kept",
            Rank::Deprecated,
            false,
        ),
    ];
    for (name, meaning, rank, disputed) in samples {
        writeln!(
            w,
            "    \"legend:{name}:from\" [label=\"\", shape=point, width=0.06, tooltip=\"{name}\"];\n    \
             \"legend:{name}:to\" [label=\"\", shape=point, width=0.06, tooltip=\"{name}\"];\n    \
             \"legend:{name}:from\" -> \"legend:{name}:to\" [label=\"{name}\\n{meaning}\", \
             tooltip=\"{name} statement\", minlen=1{}];",
            edge_style(rank, disputed)
        )?;
    }
    writeln!(
        w,
        "    \"legend:figures\" [shape=plaintext, tooltip=\"how figures are written\", label=<<FONT POINT-SIZE=\"9\">\
         <B>figures in nodes</B>: value (qualifiers, first source +more, rank)<BR ALIGN=\"LEFT\"/>\
         <B>bold</B> preferred · <FONT COLOR=\"{DISPUTED_COLOUR}\"><I>italic</I></FONT> disputed · \
         <FONT COLOR=\"{DEPRECATED_COLOUR}\"><S>struck</S></FONT> deprecated<BR ALIGN=\"LEFT\"/>\
         hover over anything for its sources<BR ALIGN=\"LEFT\"/></FONT>>];\n  }}"
    )
}

/// A string written as a DOT quoted string, quotes included (see [`escape_quoted`]).
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_char('"')?;
        escape_quoted(self.0, f)?;
        f.write_char('"')
    }
}

/// Escapes text for the inside of a DOT quoted string; the one escaping function for every
/// quoted ID and attribute.
///
/// `"` becomes `\"` (the grammar's only escape). `\` becomes `\\`, because labels and
/// tooltips are Graphviz escStrings where `\n`, `\l`, `\N`, `\G`, … are interpreted and `\\`
/// is a literal backslash. Line breaks (LF, CRLF, CR, U+2028, U+2029) become `\n`, a centred
/// line break; other control characters become spaces and the non-characters U+FFFE and
/// U+FFFF become U+FFFD, so the SVG stays well-formed XML. Everything else, non-Latin scripts
/// and emoji included, passes through as UTF-8 (Graphviz's default charset).
///
/// Known limit, checked against `dot` 2.43: Graphviz unescapes tooltips (SVG `xlink:title`) a
/// second time, so in a tooltip two backslashes in a row show as one and a text `\N` shows
/// the object's name. Labels, HTML labels and IDs come out exactly.
fn escape_quoted(s: &str, out: &mut impl fmt::Write) -> fmt::Result {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            '\r' => {
                chars.next_if_eq(&'\n');
                out.write_str("\\n")?;
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.write_str("\\n")?,
            c if c.is_control() => out.write_char(' ')?,
            // Not characters to XML: they would make the SVG ill-formed.
            '\u{fffe}' | '\u{ffff}' => out.write_char('\u{fffd}')?,
            c => out.write_char(c)?,
        }
    }
    Ok(())
}

/// Escapes text for an HTML-like label (between `<` and `>`); the one escaping function for
/// them.
///
/// `&`, `<`, `>` and `"` become entities; `\` becomes `\\`, because Graphviz also applies
/// escString substitution (`\N` → the node's name) to HTML-like labels; line breaks become
/// `<BR/>`; other control characters (which XML forbids or Graphviz drops) become spaces, and
/// the non-characters U+FFFE and U+FFFF become U+FFFD.
fn escape_html(s: &str, out: &mut impl fmt::Write) -> fmt::Result {
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.write_str("&amp;")?,
            '<' => out.write_str("&lt;")?,
            '>' => out.write_str("&gt;")?,
            '"' => out.write_str("&quot;")?,
            '\\' => out.write_str("\\\\")?,
            '\r' => {
                chars.next_if_eq(&'\n');
                out.write_str("<BR/>")?;
            }
            '\n' | '\u{2028}' | '\u{2029}' => out.write_str("<BR/>")?,
            c if c.is_control() => out.write_char(' ')?,
            // Not characters to XML, so Graphviz's HTML parser would reject them.
            '\u{fffe}' | '\u{ffff}' => out.write_char('\u{fffd}')?,
            c => out.write_char(c)?,
        }
    }
    Ok(())
}

/// A string written as the inside of an HTML-like label (see [`escape_html`]).
struct Html<'a>(&'a str);

impl fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape_html(self.0, f)
    }
}

fn html_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = escape_html(s, out);
}

/// Splits text into lines of at most `width` characters at spaces (longer words stay whole);
/// existing line breaks are kept.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let n = word.chars().count();
            if len > 0 && len + 1 + n > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.push_str(word);
            len += n;
        }
        lines.push(line);
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(s: &str) -> String {
        Quoted(s).to_string()
    }

    fn html(s: &str) -> String {
        let mut out = String::new();
        html_into(&mut out, s);
        out
    }

    #[test]
    fn quoted_strings_escape_quotes_backslashes_and_newlines() {
        assert_eq!(quoted(r#"say "hi""#), r#""say \"hi\"""#);
        assert_eq!(quoted(r"a\b"), r#""a\\b""#);
        assert_eq!(quoted(r"\N and \n"), r#""\\N and \\n""#);
        assert_eq!(quoted(r"\\\"), r#""\\\\\\""#);
        assert_eq!(quoted("trailing\\"), r#""trailing\\""#);
        assert_eq!(
            quoted("one\ntwo\r\nthree\rfour"),
            r#""one\ntwo\nthree\nfour""#
        );
        assert_eq!(quoted("tab\there\u{7}"), "\"tab here \"");
        assert_eq!(quoted(""), "\"\"");
        assert_eq!(quoted("\u{fffe}"), "\"\u{fffd}\"");
    }

    #[test]
    fn quoted_strings_keep_dot_syntax_and_unicode_as_text() {
        for s in [
            "<b>&amp;</b>",
            "{braces} [brackets] ;semi, comma",
            "a:b:c",
            "graph -> edge -- node",
            "関東軍 Квантунская армия عقدة",
            "🚀 👩‍👩‍👧",
            "zero\u{200b}width",
        ] {
            assert_eq!(quoted(s), format!("\"{s}\""));
        }
        // Keywords are just strings once quoted.
        for keyword in ["node", "edge", "graph", "subgraph", "strict", "digraph"] {
            assert_eq!(quoted(keyword), format!("\"{keyword}\""));
        }
    }

    #[test]
    fn html_labels_escape_markup_and_backslashes() {
        assert_eq!(html("<b>&amp;\"</b>"), "&lt;b&gt;&amp;amp;&quot;&lt;/b&gt;");
        assert_eq!(html(r"\N"), r"\\N");
        assert_eq!(html("a\nb\r\nc"), "a<BR/>b<BR/>c");
        assert_eq!(html("x\ty\u{0}"), "x y ");
        assert_eq!(html("{a}: [b] | c"), "{a}: [b] | c");
        assert_eq!(html("関東軍 🚀 عقدة"), "関東軍 🚀 عقدة");
        assert_eq!(html("]]> -->"), "]]&gt; --&gt;");
        assert_eq!(html("\u{ffff}"), "\u{fffd}");
    }

    #[test]
    fn wrapping_splits_at_spaces_and_keeps_long_words() {
        assert_eq!(
            wrap("High Command of Soviet Forces in the Far East", 28),
            ["High Command of Soviet", "Forces in the Far East"]
        );
        assert_eq!(wrap("Квантунская", 4), ["Квантунская"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a\nb", 10), ["a", "b"]);
    }

    #[test]
    fn edge_styles_follow_rank_and_dispute() {
        assert_eq!(edge_style(Rank::Normal, false), "");
        assert!(edge_style(Rank::Normal, true).contains("style=dashed"));
        let deprecated = edge_style(Rank::Deprecated, false);
        assert!(deprecated.contains("style=dotted") && deprecated.contains(DEPRECATED_COLOUR));
        assert!(edge_style(Rank::Preferred, false).contains("penwidth"));
        let both = edge_style(Rank::Deprecated, true);
        assert!(both.contains("style=dashed") && both.contains(DEPRECATED_COLOUR));
        assert_eq!(
            both.matches("color=").count(),
            2,
            "one color and one fontcolor: {both}"
        );
    }

    #[test]
    fn permutations_run_in_lexicographic_order() {
        let mut p = [0, 1, 2];
        let mut seen = vec![p];
        while next_permutation(&mut p) {
            seen.push(p);
        }
        assert_eq!(
            seen,
            [
                [0, 1, 2],
                [0, 2, 1],
                [1, 0, 2],
                [1, 2, 0],
                [2, 0, 1],
                [2, 1, 0]
            ]
        );
    }

    #[test]
    fn colours_mix_towards_white_and_black() {
        assert_eq!(mix("#808080", 0xff, 0), "#808080");
        assert_eq!(mix("#808080", 0xff, 100), "#ffffff");
        assert_eq!(mix("#fbb4ae", 0x00, 100), "#000000");
    }
}
