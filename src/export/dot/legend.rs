//! The legend cluster: sample nodes per (group, root type) and sample edges per style.

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::model::Rank;

use super::escape::{Html, Quoted};
use super::style::{DEPRECATED_COLOUR, DISPUTED_COLOUR, Palette, SHAPES, edge_style, mix};

pub(super) fn write_legend<W: Write>(
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
