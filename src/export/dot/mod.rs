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

mod escape;
mod label;
mod layout;
mod legend;
mod style;
mod tooltip;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Statement};

use escape::{Quoted, html_into};
use label::{edge_label, node_label};
use layout::cluster_order;
use legend::write_legend;
use style::{FILLS, FONT, NORMAL_COLOUR, Palette, SHAPES, edge_style, mix};
use tooltip::{edge_tooltip, node_tooltip};

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
        let type_label = graph
            .entity_type(&e.type_id)
            .map_or(&e.type_id, |t| &t.label);

        let label = node_label(graph, e, type_label, self.figures);

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

fn write_edge<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    subject: &Entity,
    s: &Statement,
    object: &Entity,
) -> io::Result<()> {
    let predicate = graph.predicate(&s.predicate);
    let predicate_label = predicate.map_or(&s.predicate, |p| &p.label);
    let label = edge_label(graph, s, predicate_label);
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
