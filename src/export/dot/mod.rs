//! Graphviz DOT export.
//!
//! The drawing, in the order it is written:
//!
//! - **Graph**: a heading (the graph's HTML-like label, top left): the title (the dataset's, or
//!   a view's), a view's description, what is drawn (entities, statements and sources cited
//!   *in the drawing*, and "click a node for its Wikidata item" only when some drawn entity
//!   has one) and, unless `--legend none`, a one-line legend of the display groups, types and
//!   edge styles drawn (`legend.rs`). Ranks run left to right by default, so relations read
//!   like sentences (subject → object) and the wide labels stack vertically instead of
//!   stretching the page. `newrank=true` ranks the whole graph at once; `mclimit=6` buys
//!   extra crossing-minimisation passes (cheap at this size); curved edges are drawn under
//!   the nodes (`outputorder=edgesfirst`); `nodesep`/`ranksep` leave room for edge labels.
//!   Other engines (`neato`, `fdp`, `sfdp`) get `layout=…` with overlap removal.
//! - **Nodes**: one per entity, written group by group ([`KnowledgeGraph::group_of`]) in the
//!   order that puts groups sharing many edges next to each other; with `--clusters` each
//!   group is a `cluster_` box. Fill colour by display group, shape by the root of the
//!   entity's type hierarchy, both from fixed palettes indexed by where the schema declares
//!   the group or root type (same schema, same colours; palettes repeat past 8 groups or 10
//!   roots). The label is HTML-like: the entity's label in the first available language
//!   (`--lang` first, then the dataset's fallback order), its own type in small grey, then
//!   its figures; `kg_label` and `kg_type` repeat the name and type as plain attributes for
//!   importers (pydot). A view's focus has a thick dark outline. An entity that only a
//!   qualifier names (`place = …`) and that no drawn edge touches gets no node unless asked
//!   (`with_qualifier_places`): its name is in the edge labels.
//! - **Edges**: one per entity-to-entity statement, labelled with the predicate and a compact
//!   line of qualifiers, the label underlined and tied to its edge (`decorate=true`).
//!   Disputed statements are dashed and brown, deprecated ones grey and dotted, preferred
//!   ones bold; symmetric predicates get an arrowhead at both ends. A statement that runs
//!   against the flow of groups is written object → subject with `dir=back`: drawn the
//!   same, ranked the other way (see below).
//! - **Timeline** (`with_timeline`, `dot` only): invisible edges chain the dated entities in
//!   date order, and the statements do not rank (`constraint=false`).
//!
//! There are no legend nodes or clusters: an importer reading the DOT finds only the
//! dataset's entities and statements. Every node and edge carries a `tooltip` (description,
//! id, qualifiers, sources with their locators) and an SVG `id`; entities with a Wikidata QID
//! carry a `URL` to their item.
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
//! counted on the laid-out geometry. PNGs of every variant below were looked at, not only
//! measured.
//!
//! - **No boxes around display groups by default.** With one `cluster_` per group (the
//!   drawing before views), `dot` routes every edge between clusters around the boxes in
//!   its way: the whole dataset was 4,250 × 4,622 pt with its legend cluster and 4,220 ×
//!   4,150 pt without, and *repatriated to* from the prisoners (bottom band) to Japan (right
//!   end of the places band) went round the drawing, 2.75 times as long as the straight
//!   line and spanning 79% of both width and height. Without clusters the same DOT lays out
//!   as a left-to-right flow of 4,250 × 2,367 pt (aspect 1.80, a 16:9 screen's), the longest
//!   detour 1.37 times the straight line, no edge spanning most of both dimensions
//!   (`tests/it/views.rs` checks both, and that the clustered drawing fails the check). The
//!   groups stay visible by colour and in the legend; `--clusters` brings the boxes back.
//! - **Edge labels tied to their edges.** A plain `label` becomes a virtual node beside the
//!   middle of its edge, and where edges run close (the Kwantung Army's *gave up units to*,
//!   *headquartered in*, *built by*) a label reads as belonging to its neighbour; `xlabel`s
//!   are placed after layout and overlapped other edges. `decorate=true` keeps the plain
//!   label's reserved room and draws a short line from the underlined label to its own edge.
//! - **The legend in the heading, as text.** Legend nodes were real nodes to every importer
//!   and took a third of a small drawing; a table of swatches in the heading is stretched by
//!   Graphviz to the heading's width, so the legend is one line of text with coloured `■`.
//! - **Engines.** `neato` without `overlap=false` and `sep` warns "some nodes with margin
//!   (3.20,3.20) touch - falling back to straight line edges"; with `overlap=false`,
//!   `sep="+16"`, `esep="+6"` (less than `sep`) `neato`, `fdp` and `sfdp` draw the whole
//!   dataset and every view without a warning (tested).
//! - **Timeline.** Ranked by the statements too, the events left date order (*part of* runs
//!   from a later event to the war it belongs to); with `constraint=false` on statements and
//!   one rank per entity the column is in date order and, at 629 pt wide, fits A4.
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
//!   and the direction it is written in is the lever left; the flow above uses it. (The
//!   timeline is the exception: it has no clusters, and there only the dates should rank.)
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
//! The flow and the cluster order were measured with clusters; without them they still
//! decide which way cross-group statements rank and the order nodes are written in, and the
//! whole dataset reads left to right: the Soviet armies, their fronts and the High Command,
//! the Kwantung Army and the Mongolian People's Army, the events (the invasion, Japan's
//! announcement, the surrender), the prisoners fanning out to the camp regions, and at the
//! right the countries the *located in* chains end in.

mod escape;
mod label;
mod layout;
mod legend;
mod style;
mod tooltip;

use std::collections::BTreeSet;
use std::io::{self, Write};

use crate::export::parallel::write_items;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Statement, View};

pub use crate::model::{Engine, Legend, RankDir};

use escape::{Quoted, Unquoted};
use label::{edge_label, node_label};
use layout::Layout;
use legend::{Drawn, Heading, heading};
use style::{FILLS, FONT, NORMAL_COLOUR, Palette, SHAPES, edge_style, mix};
pub(crate) use style::{node_fill, node_fills, node_looks};
use tooltip::{edge_tooltip, node_tooltip};

/// Writes a [`KnowledgeGraph`] as a Graphviz DOT digraph (see the [module docs](self) for
/// what the drawing shows).
///
/// ```
/// use std::path::Path;
/// use kgforge::export::dot::{DotExporter, Legend, RankDir};
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let dot = DotExporter::new()
///     .with_rankdir(RankDir::TopToBottom)
///     .with_legend(Legend::Compact)
///     .with_language("ru")
///     .export(&graph, Vec::new())
///     .expect("writing to a Vec cannot fail");
/// let dot = String::from_utf8(dot).expect("DOT is UTF-8");
/// assert!(dot.starts_with("digraph \"manchuria-1945\" {"));
/// assert!(dot.contains("rankdir=TB"));
/// assert!(dot.contains("<B>Квантунская армия</B>"));
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DotExporter {
    legend: Legend,
    rankdir: RankDir,
    no_figures: bool,
    engine: Engine,
    language: Option<String>,
    focus: Vec<String>,
    title: Option<String>,
    description: Option<String>,
    qualifier_places: bool,
    clusters: bool,
    timeline: bool,
}

impl DotExporter {
    /// An exporter with the default layout: `dot`, left to right, a compact legend, figures
    /// in node labels, no boxes around display groups.
    pub fn new() -> Self {
        Self::default()
    }

    /// How much legend to draw (default: [`Legend::Compact`]).
    pub fn with_legend(mut self, legend: Legend) -> Self {
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
        self.no_figures = !figures;
        self
    }

    /// The Graphviz layout engine (default: [`Engine::Dot`]).
    pub fn with_engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }

    /// The language entity names are shown in, before the dataset's fallback order.
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Entities to highlight (a view's focus): drawn with a thick dark outline.
    pub fn with_focus<I: IntoIterator<Item = S>, S: Into<String>>(mut self, ids: I) -> Self {
        self.focus = ids.into_iter().map(Into::into).collect();
        self
    }

    /// The heading's title (default: the dataset's title).
    pub fn with_title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// A sentence or two under the title (default: none).
    pub fn with_description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Whether an entity that only a qualifier names (`place = …`) and that no drawn edge
    /// touches gets a node of its own (default: no; its name is in the edge labels).
    pub fn with_qualifier_places(mut self, shown: bool) -> Self {
        self.qualifier_places = shown;
        self
    }

    /// Whether each display group is drawn as a box around its members (default: no; with
    /// `dot` and `fdp` only). Boxes make `dot` route edges around them, see the
    /// [module docs](self).
    pub fn with_clusters(mut self, clusters: bool) -> Self {
        self.clusters = clusters;
        self
    }

    /// Whether dated entities are placed in date order along the ranks, one rank per date
    /// (default: no; with `dot` only).
    pub fn with_timeline(mut self, timeline: bool) -> Self {
        self.timeline = timeline;
        self
    }

    /// Takes a view's title, description, focus and every drawing setting it gives; settings
    /// it leaves out keep their current value, so options set afterwards override the view.
    pub fn with_view(mut self, view: &View) -> Self {
        self.title = Some(view.title.clone());
        self.description.clone_from(&view.description);
        self.focus.clone_from(&view.focus);
        if let Some(l) = &view.language {
            self.language = Some(l.clone());
        }
        if let Some(r) = view.rankdir {
            self.rankdir = r;
        }
        if let Some(e) = view.engine {
            self.engine = e;
        }
        if let Some(l) = view.legend {
            self.legend = l;
        }
        if let Some(q) = view.qualifier_places {
            self.qualifier_places = q;
        }
        if let Some(f) = view.figures {
            self.no_figures = !f;
        }
        if let Some(t) = view.timeline {
            self.timeline = t;
        }
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
        let mut languages: Vec<String> = self.language.iter().cloned().collect();
        languages.extend(
            d.meta
                .languages
                .iter()
                .filter(|l| Some(*l) != self.language.as_ref())
                .cloned(),
        );
        let drawn = Drawn {
            entities: self.drawn_entities(graph),
            graph,
        };
        let label = heading(
            &Heading {
                title: self.title.as_deref().unwrap_or(&d.meta.title),
                description: self.description.as_deref(),
                legend: self.legend,
                figures: !self.no_figures,
                focus: drawn
                    .entities
                    .iter()
                    .any(|&i| self.focus.iter().any(|f| *f == d.entities[i].id)),
            },
            &drawn,
            &palette,
        );

        writeln!(writer, "digraph {} {{", Quoted(&d.meta.id))?;
        writeln!(
            writer,
            "  graph [label=<{label}>, labelloc=t, labeljust=l, fontname={font}, tooltip={tooltip}, \
             {engine}, outputorder=edgesfirst, pad=0.3, bgcolor=\"white\"];",
            font = Quoted(FONT),
            tooltip = Quoted(
                self.description
                    .as_deref()
                    .or(d.meta.description.as_deref())
                    .unwrap_or(&d.meta.title)
            ),
            engine = self.engine_attributes(),
        )?;
        writeln!(
            writer,
            "  node [fontname={font}, fontsize=11, margin=\"0.08,0.04\", penwidth=1.2];\n  \
             edge [fontname={font}, fontsize=8, color=\"{NORMAL_COLOUR}\", fontcolor=\"#333333\", \
             arrowsize=0.6, decorate=true];",
            font = Quoted(FONT),
        )?;

        // Drawn entities by display group, in entity order within each.
        let mut members: Vec<Vec<&Entity>> = vec![Vec::new(); palette.groups.len()];
        let mut ungrouped = Vec::new();
        for &i in &drawn.entities {
            let e = &d.entities[i];
            match palette.style_of(&e.type_id).group {
                Some(g) => members[g].push(e),
                None => ungrouped.push(e),
            }
        }
        let timeline = self.timeline && self.engine == Engine::Dot;
        // Boxes around groups and a timeline's free edges do not mix (see the module docs).
        let boxes = self.clusters && !timeline && matches!(self.engine, Engine::Dot | Engine::Fdp);
        for &g in &layout.clusters {
            let entities = &members[g];
            if entities.is_empty() {
                continue;
            }
            let indent = if boxes { "    " } else { "  " };
            if boxes {
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
            }
            // Nodes and edges are independent lines: built in chunks on two threads.
            write_items(&mut writer, entities.len(), &|i, out| {
                self.write_node(out, graph, &palette, entities[i], indent, &languages)
            })?;
            if boxes {
                writeln!(writer, "  }}")?;
            }
        }
        write_items(&mut writer, ungrouped.len(), &|i, out| {
            self.write_node(out, graph, &palette, ungrouped[i], "  ", &languages)
        })?;

        write_items(&mut writer, graph.edge_count(), &|i, out| {
            let (subject, s, object) = graph.edge_at(i);
            let reversed = layout.against_flow(
                palette.style_of(&subject.type_id).group,
                palette.style_of(&object.type_id).group,
            );
            // On a timeline only the dates rank the nodes; the statements follow them.
            write_edge(
                out,
                graph,
                (subject, s, object),
                reversed,
                !timeline,
                &languages,
            )
        })?;

        if timeline {
            layout::write_timeline(&mut writer, graph, &drawn.entities)?;
        }
        writeln!(writer, "}}")?;
        Ok(writer)
    }

    /// The graph attributes that depend on the engine.
    fn engine_attributes(&self) -> String {
        match self.engine {
            // Measured on the default dataset: see "Layout decisions" in the module docs.
            Engine::Dot => format!(
                "rankdir={}, newrank=true, mclimit=6, nodesep=0.25, ranksep={}, splines=true, \
                 remincross=true",
                self.rankdir.code(),
                // A timeline has one rank per entity: no labels between ranks to make room for.
                if self.timeline { "0.15" } else { "0.5" }
            ),
            // The force-directed engines: overlap removal with room (`sep`) for splines
            // around nodes (`esep` below `sep`), else they warn "nodes with margin touch"
            // and fall back to straight lines.
            other => format!(
                "layout={}, overlap=false, sep=\"+16\", esep=\"+6\", splines=true",
                other.name()
            ),
        }
    }

    /// Positions (in the dataset) of the entities that get a node: all but those that only a
    /// qualifier names and no edge touches, unless asked for or a focus.
    fn drawn_entities(&self, graph: &KnowledgeGraph) -> Vec<usize> {
        let d = graph.dataset();
        let places: BTreeSet<&str> = if self.qualifier_places {
            BTreeSet::new()
        } else {
            d.statements
                .iter()
                .filter_map(|s| s.qualifiers().place.as_deref())
                .collect()
        };
        let mut touched = vec![false; d.entities.len()];
        if !places.is_empty() {
            for (subject, _, object) in graph.edges() {
                for e in [subject, object] {
                    if let Some(i) = graph.entity_position(&e.id) {
                        touched[i] = true;
                    }
                }
            }
        }
        (0..d.entities.len())
            .filter(|&i| {
                let id = d.entities[i].id.as_str();
                touched[i] || !places.contains(id) || self.focus.iter().any(|f| f == id)
            })
            .collect()
    }

    fn write_node<W: Write>(
        &self,
        w: &mut W,
        graph: &KnowledgeGraph,
        palette: &Palette<'_>,
        e: &Entity,
        indent: &str,
        languages: &[String],
    ) -> io::Result<()> {
        let style = palette.style_of(&e.type_id);
        let (shape, shape_style) = SHAPES[style.shape % SHAPES.len()];
        let fill = style.fill();
        let type_label = graph
            .entity_type(&e.type_id)
            .map_or(e.type_id.as_str(), |t| t.label.as_str());

        let label = node_label(graph, e, type_label, !self.no_figures, languages);
        let focus = self.focus.iter().any(|f| *f == e.id);
        let mut tooltip = node_tooltip(graph, e, type_label, languages);
        if focus {
            tooltip.push_str("\n(focus of this view)");
        }
        write!(
            w,
            "{indent}{} [id=\"entity-{}\", label=<{label}>, shape={shape}, style=\"{shape_style}\", \
             fillcolor=\"{fill}\", color=\"{}\", tooltip={}",
            Quoted(&e.id),
            Unquoted(&e.id),
            if focus {
                "#1a1a1a".to_string()
            } else {
                mix(fill, 0x00, 45)
            },
            Quoted(&tooltip),
        )?;
        if focus {
            w.write_all(b", penwidth=3.5")?;
        }
        // Plain copies of what the HTML-like label shows, for importers (pydot, networkx).
        write!(
            w,
            ", kg_label={}, kg_type={}",
            Quoted(e.label_in(languages)),
            Quoted(&e.type_id)
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
/// object but ranks the other way round; without `constrain` it does not rank its ends.
fn write_edge<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    (subject, s, object): (&Entity, &Statement, &Entity),
    reversed: bool,
    constrain: bool,
    languages: &[String],
) -> io::Result<()> {
    let predicate = graph.predicate(&s.predicate);
    let predicate_label = predicate.map_or(s.predicate.as_str(), |p| p.label.as_str());
    let label = edge_label(graph, s, predicate_label, languages);
    let (tail, head) = if reversed {
        (object, subject)
    } else {
        (subject, object)
    };
    // Derived once: the SVG id and the tooltip both name it.
    let id = s.id();
    write!(
        w,
        "  {} -> {} [id=\"statement-{}\", label={}, tooltip={}",
        Quoted(&tail.id),
        Quoted(&head.id),
        Unquoted(&id),
        Quoted(&label),
        Quoted(&edge_tooltip(
            graph,
            (subject, s, object),
            &id,
            predicate_label,
            languages
        )),
    )?;
    write!(
        w,
        ", kg_predicate={}, kg_rank={}",
        Quoted(&s.predicate),
        s.rank.name()
    )?;
    w.write_all(edge_style(s.rank, s.disputed().is_some()).as_bytes())?;
    if predicate.is_some_and(|p| p.symmetric) {
        w.write_all(b", dir=both")?;
    } else if reversed {
        w.write_all(b", dir=back")?;
    }
    if !constrain {
        w.write_all(b", constraint=false")?;
    }
    writeln!(w, "];")
}
