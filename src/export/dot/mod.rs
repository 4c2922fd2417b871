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

use std::collections::BTreeSet;
use std::io::{self, Write};

use crate::export::parallel::write_items;
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Statement, View};

pub use crate::model::{Engine, Legend, RankDir};

use escape::Quoted;
use label::{edge_label, node_label};
use layout::Layout;
use legend::{Drawn, Heading, heading};
use style::{FILLS, FONT, NORMAL_COLOUR, Palette, SHAPES, edge_style, mix};
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
            write_timeline(&mut writer, graph, &drawn.entities)?;
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
            "{indent}{} [id={}, label=<{label}>, shape={shape}, style=\"{shape_style}\", \
             fillcolor=\"{fill}\", color=\"{}\", tooltip={}",
            Quoted(&e.id),
            Quoted(&format!("entity-{}", e.id)),
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

/// Chains the dated entities in date order (those of one date in dataset order) with
/// invisible edges, one rank each: a narrow column that reads top to bottom.
fn write_timeline<W: Write>(w: &mut W, graph: &KnowledgeGraph, drawn: &[usize]) -> io::Result<()> {
    let entities = &graph.dataset().entities;
    let order: Vec<usize> = layout::timeline(graph, drawn)
        .into_iter()
        .flatten()
        .collect();
    for pair in order.windows(2) {
        writeln!(
            w,
            "  {} -> {} [style=invis];",
            Quoted(&entities[pair[0]].id),
            Quoted(&entities[pair[1]].id)
        )?;
    }
    Ok(())
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
    write!(
        w,
        "  {} -> {} [id={}, label={}, tooltip={}",
        Quoted(&tail.id),
        Quoted(&head.id),
        Quoted(&format!("statement-{}", s.id())),
        Quoted(&label),
        Quoted(&edge_tooltip(
            graph,
            subject,
            s,
            object,
            predicate_label,
            languages
        )),
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
