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
//!   written in the order that puts groups sharing many edges next to each other; entities
//!   whose type has no group are drawn outside every cluster.
//! - **Nodes**: one per entity. Fill colour by display group, shape by the root of the entity's
//!   type hierarchy, both from fixed palettes indexed by where the schema declares the group
//!   or root type (same schema, same colours; palettes repeat past 8 groups or 10 roots).
//!   The label is HTML-like: the entity's label in the first available language of the
//!   dataset's fallback order, its own type in small grey, then its figures.
//! - **Edges**: one per entity-to-entity statement, labelled with the predicate and a compact
//!   line of qualifiers. Disputed statements are dashed and brown, deprecated ones grey and
//!   dotted, preferred ones bold; symmetric predicates get an arrowhead at both ends. A
//!   statement that runs against the flow of groups is written object → subject with
//!   `dir=back`: drawn the same, ranked the other way (see below).
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
//!
//! # Layout decisions
//!
//! Measured with Graphviz 2.43 (what Debian and Ubuntu ship and CI installs) on the default
//! dataset: 96 entities, 145 entity-to-entity statements, six display groups. "Crossings" are
//! Graphviz's own count (`dot -v`) and, in brackets, crossings between the drawn edges
//! counted on the laid-out geometry.
//!
//! - **One flow between groups.** Graphviz ranks every edge from tail to head. Statements
//!   that run both ways between two groups (an event *took place in* a place, a country
//!   *participated in* an event) therefore interleave the two bands rank by rank: both
//!   stretched across the whole width and long edges swooped back and forth across them. So
//!   the groups are put in a *flow*, the order against which the fewest statements run (an
//!   exact minimum feedback arc set for up to 8 groups, greedy beyond; symmetric predicates
//!   have no direction and do not count; ties go to schema order), and every cross-group
//!   statement that runs against it is written `object -> subject [dir=back]`. Graphviz draws
//!   that exactly like subject → object (arrowhead at the object; id, label and tooltip are
//!   the statement's) but ranks it with the flow. On the default dataset the flow is Japanese
//!   forces, Mongolian forces, Soviet forces, People, Events, Places, and 10 of the 145
//!   statements are written reversed: six countries' statements about events, Yamada's
//!   surrender, the fortified regions' *built by* and the two (symmetric) *fought against*.
//!   Crossings went from 1072 (1469) to 466 (673) and the total edge length fell by 29%;
//!   over eight different cluster orders the medians went from 751 (900) to 482 (653), so
//!   the gain does not rest on one lucky order.
//! - **No `constraint=false`, no `minlen=0`.** Either lets an edge join two nodes of one
//!   rank, and with `newrank=true` and clusters Graphviz 2.43 then often fails with "trouble
//!   in init_rank" and draws nothing: without the flow, `constraint=false` on *located in*
//!   alone failed for 25 of 40 cluster orders. With the flow it happens to work on this
//!   dataset, but the drawn crossings rise from 653 to 846 (median over eight cluster
//!   orders), because same-rank edges arc over their neighbours. Without `newrank` the
//!   default dataset fails outright. So every edge constrains the ranking with `minlen=1`,
//!   and the direction it is written in is the lever left; the flow above uses it.
//! - **No edge weights.** `weight=0` on cross-group edges lets bands drift apart and about
//!   quadruples the drawn crossings; heavier within-group edges changed nothing measurable.
//! - **Cluster order is a hint.** Clusters are written so that groups sharing many edges are
//!   neighbours (the linear arrangement of least total distance), which is where `dot`'s
//!   crossing minimisation starts. It decides the final top-to-bottom order of the bands
//!   itself; with the flow that depends less on where it starts: the 720 orders of the six
//!   clusters give 422 to 832 crossings, median 480 (before the flow: 426 to 1294, median
//!   739). This order gives 466.
//! - **Colours by declaration.** A group's fill is fixed by the order in which the schema
//!   declares groups, a root type's shape by the order of root types; subtypes inherit both
//!   and are not counted, so adding a type anywhere in the schema recolours nothing unless
//!   it declares a new group (or is a new root) ahead of existing ones.
//!
//! The result for the default dataset, top to bottom: the legend; the People band, the
//! commanders above the formations they commanded; the Soviet order of battle, armies on
//! the left *subordinate to* their fronts, the fronts to the High Command and the Red Army;
//! the Events band, whose *cause of* chains run left to right (redeployment, invasion,
//! Japan's announcement, the Kwantung Army's surrender) into what they are *part of* (the
//! war) or *fulfil* (Yalta); the Mongolian People's Army; the Places band, cities pointing
//! right to their regions and countries, the camp regions in one column; the Japanese forces
//! just below, their prisoners fanning up into those regions. 59 of the 145 edges stay in a
//! band and 35 join neighbouring bands; the long ones left are mostly statements about
//! countries (*repatriated to* Japan, *took place in* the Soviet Union), which sit at the
//! right-hand end of the *located in* chains.

mod escape;
mod label;
mod layout;
mod legend;
mod style;
mod tooltip;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::export::parallel::write_items;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Statement};

use escape::{Quoted, html_into};
use label::{edge_label, node_label};
use layout::Layout;
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
    /// O(entities + statements) time, plus ordering the display groups twice (at most 8!
    /// small steps each, greedy beyond 8 groups); memory for one node's text at a time
    /// besides the per-group lists of entities.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let palette = Palette::new(graph);
        let layout = Layout::new(graph, &palette);
        let d = graph.dataset();

        writeln!(writer, "digraph {} {{", Quoted(&d.meta.id))?;
        let mut heading = String::new();
        html_into(&mut heading, &d.meta.title);
        let sources = d.sources.len();
        // Only a node with a Wikidata id has a URL to click.
        let click = if d.entities.iter().any(|e| e.wikidata.is_some()) {
            ", click a node for its Wikidata item"
        } else {
            ""
        };
        let _ = write!(
            heading,
            "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"11\" COLOR=\"#555555\">{} entities · {} statements · {} sources · \
             hover over anything for its sources{click}</FONT><BR ALIGN=\"LEFT\"/>",
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
        for &g in &layout.clusters {
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
            // Nodes and edges are independent lines: built in chunks on two threads.
            write_items(&mut writer, entities.len(), &|i, out| {
                self.write_node(out, graph, &palette, entities[i], "    ")
            })?;
            writeln!(writer, "  }}")?;
        }
        write_items(&mut writer, ungrouped.len(), &|i, out| {
            self.write_node(out, graph, &palette, ungrouped[i], "  ")
        })?;

        write_items(&mut writer, graph.edge_count(), &|i, out| {
            let (subject, s, object) = graph.edge_at(i);
            let reversed = layout.against_flow(
                palette.style_of(&subject.type_id).group,
                palette.style_of(&object.type_id).group,
            );
            write_edge(out, graph, subject, s, object, reversed)
        })?;

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
            .map_or(e.type_id.as_str(), |t| t.label.as_str());

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

/// Writes a statement's edge; `reversed` writes it object → subject with `dir=back` (or
/// `dir=both`, as every symmetric statement), which Graphviz draws exactly like subject →
/// object but ranks the other way round.
fn write_edge<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    subject: &Entity,
    s: &Statement,
    object: &Entity,
    reversed: bool,
) -> io::Result<()> {
    let predicate = graph.predicate(&s.predicate);
    let predicate_label = predicate.map_or(s.predicate.as_str(), |p| p.label.as_str());
    let label = edge_label(graph, s, predicate_label);
    let (tail, head) = if reversed {
        (object, subject)
    } else {
        (subject, object)
    };
    write!(
        w,
        "  {} -> {} [id={}, label={}, tooltip={}",
        Quoted(&tail.id),
        Quoted(&head.id),
        Quoted(&format!("statement-{}", s.id())),
        Quoted(&label),
        Quoted(&edge_tooltip(graph, subject, s, object, predicate_label)),
    )?;
    w.write_all(edge_style(s.rank, s.disputed().is_some()).as_bytes())?;
    if predicate.is_some_and(|p| p.symmetric) {
        w.write_all(b", dir=both")?;
    } else if reversed {
        w.write_all(b", dir=back")?;
    }
    writeln!(w, "];")
}
