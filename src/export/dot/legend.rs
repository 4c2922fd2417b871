//! The heading: title, description, counts and the legend, all in the graph's label.
//!
//! The legend lives in the graph label (an HTML-like table), not in nodes: an importer that
//! reads the DOT (networkx, Gephi) then finds only the dataset's entities and statements, and
//! the legend can show only what the drawing holds.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;
use crate::model::{Legend, Rank, Value};

use super::escape::html_into;
use super::label::wrap;
use super::style::{DEPRECATED_COLOUR, DISPUTED_COLOUR, NORMAL_COLOUR, Palette, SHAPES, mix};

/// Characters per line of the description under the title.
const DESCRIPTION_WIDTH: usize = 110;

/// What the heading says about the drawing.
pub(super) struct Heading<'a> {
    pub(super) title: &'a str,
    pub(super) description: Option<&'a str>,
    pub(super) legend: Legend,
    /// Whether node labels list figures.
    pub(super) figures: bool,
    /// Whether some node is a view's focus.
    pub(super) focus: bool,
}

/// What is drawn, counted for the heading and the legend.
pub(super) struct Drawn<'g> {
    /// The entities drawn, by position in the dataset.
    pub(super) entities: Vec<usize>,
    pub(super) graph: &'g KnowledgeGraph,
}

impl Drawn<'_> {
    /// Statements in the drawing: every edge, and the literal statements of drawn entities.
    fn statements(&self) -> impl Iterator<Item = &crate::model::Statement> {
        let g = self.graph;
        g.edges().map(|(_, s, _)| s).chain(
            self.entities
                .iter()
                .flat_map(move |&i| g.literal_statements_at(i)),
        )
    }
}

/// The graph label: title, description, counts, hints and (unless `none`) the legend.
pub(super) fn heading(h: &Heading<'_>, drawn: &Drawn<'_>, palette: &Palette<'_>) -> String {
    let graph = drawn.graph;
    let d = graph.dataset();
    let mut out = String::from(
        "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"1\">\
         <TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"20\">",
    );
    html_into(&mut out, h.title);
    out.push_str("</FONT></TD></TR>");
    if let Some(description) = h.description {
        out.push_str(
            "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"12\" COLOR=\"#333333\">",
        );
        for (i, line) in wrap(description, DESCRIPTION_WIDTH).iter().enumerate() {
            if i > 0 {
                out.push_str("<BR/>");
            }
            html_into(&mut out, line);
        }
        out.push_str("</FONT></TD></TR>");
    }
    let statements: Vec<_> = drawn.statements().collect();
    let sources: BTreeSet<&str> = statements
        .iter()
        .flat_map(|s| s.references())
        .map(|r| r.source.as_str())
        .collect();
    let linked = drawn
        .entities
        .iter()
        .any(|&i| d.entities[i].wikidata.is_some());
    let _ = write!(
        out,
        "<TR><TD ALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"#555555\">{} entities · {} statements · \
         {} sources cited · hover over anything for its sources{}</FONT></TD></TR>",
        drawn.entities.len(),
        statements.len(),
        sources.len(),
        if linked {
            ", click a node for its Wikidata item"
        } else {
            ""
        },
    );
    if h.legend != Legend::None {
        legend_into(&mut out, h, drawn, palette, &statements);
    }
    out.push_str("</TABLE>");
    out
}

/// One row of swatches (a cell per display group and root type drawn, in the nodes' colours)
/// and edge styles drawn; `full` adds the shapes, the figures' notation and the focus.
fn legend_into(
    out: &mut String,
    h: &Heading<'_>,
    drawn: &Drawn<'_>,
    palette: &Palette<'_>,
    statements: &[&crate::model::Statement],
) {
    let graph = drawn.graph;
    let entities = &graph.dataset().entities;
    // (group, root) pairs drawn, in order of first entity.
    let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
    for &i in &drawn.entities {
        let style = palette.style_of(&entities[i].type_id);
        if !pairs.contains(&(style.group, style.shape)) {
            pairs.push((style.group, style.shape));
        }
    }
    let root_label = |shape: usize| {
        let root = palette.roots.get(shape).copied().unwrap_or("");
        graph.entity_type(root).map_or(root, |t| t.label.as_str())
    };
    // One line of text: a table of cells would be stretched to the heading's width.
    out.push_str(
        "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"11\" COLOR=\"#333333\">",
    );
    let mut first = true;
    let mut separator = |out: &mut String| {
        if !std::mem::take(&mut first) {
            out.push_str("   ");
        }
    };
    for &(group, shape) in &pairs {
        let several_roots = pairs.iter().filter(|(g, _)| *g == group).count() > 1;
        let mut name = match group {
            Some(g) => palette.groups[g].to_string(),
            None => root_label(shape).to_string(),
        };
        if group.is_some() && (several_roots || h.legend == Legend::Full) {
            let _ = write!(name, ": {}", root_label(shape));
        }
        if h.legend == Legend::Full {
            let _ = write!(name, " ({})", SHAPES[shape % SHAPES.len()].0);
        }
        let fill = super::style::Style { group, shape }.fill();
        separator(out);
        // The node's fill, a little darker so that pale fills show on white.
        let _ = write!(
            out,
            "<FONT COLOR=\"{}\" POINT-SIZE=\"14\">■</FONT> ",
            mix(fill, 0x00, 12)
        );
        html_into(out, &name);
    }
    if h.focus {
        separator(out);
        out.push_str("<B>thick outline</B>: the view's focus");
    }
    // Edge styles drawn: the line as box-drawing characters in the edge's colour.
    let edges: Vec<_> = graph.edges().map(|(_, s, _)| s).collect();
    let has = |f: &dyn Fn(&crate::model::Statement) -> bool| edges.iter().any(|s| f(s));
    let samples: [(bool, &str, &str, &str); 4] = [
        (
            has(&|s| s.rank == Rank::Normal && s.disputed().is_none()),
            NORMAL_COLOUR,
            "──",
            "statement",
        ),
        (
            has(&|s| s.rank == Rank::Preferred && s.disputed().is_none()),
            NORMAL_COLOUR,
            "<B>━━</B>",
            "preferred",
        ),
        (
            has(&|s| s.disputed().is_some()),
            DISPUTED_COLOUR,
            "╌╌",
            "disputed",
        ),
        (
            has(&|s| s.rank == Rank::Deprecated),
            DEPRECATED_COLOUR,
            "┈┈",
            "deprecated",
        ),
    ];
    for (present, colour, line, name) in samples {
        if present {
            separator(out);
            let _ = write!(out, "<FONT COLOR=\"{colour}\">{line} {name}</FONT>");
        }
    }
    out.push_str("</FONT></TD></TR>");
    let figures_drawn = h.figures
        && statements
            .iter()
            .any(|s| !matches!(s.value, Value::Entity(_) | Value::Text(_)));
    if h.legend == Legend::Full && figures_drawn {
        let _ = write!(
            out,
            "<TR><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\" COLOR=\"#333333\">\
             <B>figures in nodes</B>: value (qualifiers, first source +more, rank) · \
             <B>bold</B> preferred · <FONT COLOR=\"{DISPUTED_COLOUR}\"><I>italic</I></FONT> disputed · \
             <FONT COLOR=\"{DEPRECATED_COLOUR}\"><S>struck</S></FONT> deprecated</FONT></TD></TR>"
        );
    }
}
