//! The palette: fills by display group, shapes by root type, edge styles by rank and dispute.

use rustc_hash::FxHashMap as HashMap;
use std::fmt::Write as _;

use crate::graph::KnowledgeGraph;
use crate::model::Rank;

/// Fills of display groups (ColorBrewer Pastel1), in order of first appearance.
pub(super) const FILLS: [&str; 8] = [
    "#fbb4ae", "#b3cde3", "#ccebc5", "#decbe4", "#fed9a6", "#ffffcc", "#e5d8bd", "#fddaec",
];
/// Fill of entities whose type has no display group.
pub(super) const UNGROUPED_FILL: &str = "#f2f2f2";
/// Shapes and styles of root types, in order of first appearance.
pub(super) const SHAPES: [(&str, &str); 10] = [
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
pub(super) const FONT: &str = "Helvetica,Arial,sans-serif";
pub(super) const DISPUTED_COLOUR: &str = "#a6611a";
pub(super) const DEPRECATED_COLOUR: &str = "#999999";
pub(super) const NORMAL_COLOUR: &str = "#4d4d4d";

/// Display groups and root types, each indexed by where the schema declares it, and the
/// style of every type.
///
/// A group's index is the order in which the schema first declares it (`group = "…"` on a
/// type), a root type's index its place among the root types; subtypes, which inherit both,
/// do not count. So a group keeps its colour and a root its shape when types are added
/// anywhere (a subtype even before its parent), as long as no group or root is declared
/// before it that was not before.
pub(super) struct Palette<'g> {
    pub(super) groups: Vec<&'g str>,
    pub(super) roots: Vec<&'g str>,
    by_type: HashMap<&'g str, Style>,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    pub(super) group: Option<usize>,
    pub(super) shape: usize,
}

impl Style {
    pub(super) fn fill(self) -> &'static str {
        self.group
            .map_or(UNGROUPED_FILL, |g| FILLS[g % FILLS.len()])
    }
}

impl<'g> Palette<'g> {
    pub(super) fn new(graph: &'g KnowledgeGraph) -> Self {
        let types = &graph.dataset().types;
        let mut palette = Palette {
            groups: Vec::new(),
            roots: Vec::new(),
            by_type: HashMap::default(),
        };
        for t in types {
            if let Some(group) = &t.group {
                position_or_push(&mut palette.groups, group);
            }
            if t.parent.is_none() {
                position_or_push(&mut palette.roots, &t.id);
            }
        }
        for t in types {
            let group = graph
                .group_of(&t.id)
                .map(|g| position_or_push(&mut palette.groups, g));
            let shape = position_or_push(&mut palette.roots, root_of(graph, &t.id));
            palette.by_type.insert(&t.id, Style { group, shape });
        }
        palette
    }

    pub(super) fn style_of(&self, type_id: &str) -> Style {
        self.by_type.get(type_id).copied().unwrap_or(Style {
            group: None,
            shape: 0,
        })
    }
}

pub(super) fn position_or_push<'g>(list: &mut Vec<&'g str>, item: &'g str) -> usize {
    list.iter().position(|x| *x == item).unwrap_or_else(|| {
        list.push(item);
        list.len() - 1
    })
}

/// The ancestor of a type that has no parent (the type itself when it has none).
pub(super) fn root_of<'g>(graph: &'g KnowledgeGraph, type_id: &'g str) -> &'g str {
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

/// Mixes a `#rrggbb` colour towards grey level `toward` by `percent`.
pub(super) fn mix(hex: &str, toward: u8, percent: u32) -> String {
    let channel = |i: usize| u32::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let blend = |c: u32| (c * (100 - percent) + u32::from(toward) * percent) / 100;
    format!(
        "#{:02x}{:02x}{:02x}",
        blend(channel(1)),
        blend(channel(3)),
        blend(channel(5))
    )
}

/// The style attributes (each with a leading `, `) of a statement's edge: dashed when
/// disputed, dotted when only deprecated; grey when deprecated, brown when only disputed;
/// bold when preferred.
pub(super) fn edge_style(rank: Rank, disputed: bool) -> String {
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

/// Each entity's fill colour (`#rrggbb`), as the DOT export draws it: for the formats that
/// colour nodes too (GEXF, Cytoscape.js, Mermaid, the HTML explorer).
pub(crate) fn node_fills(graph: &KnowledgeGraph) -> Vec<&'static str> {
    node_looks(graph)
        .into_iter()
        .map(|(fill, _)| fill)
        .collect()
}

/// Each entity's fill colour and shape (an index into the DOT export's shapes: 0 rounded
/// box, 1 note, 2 ellipse, 3 hexagon, 4 component, …), as the DOT export draws it.
pub(crate) fn node_looks(graph: &KnowledgeGraph) -> Vec<(&'static str, usize)> {
    let palette = Palette::new(graph);
    graph
        .dataset()
        .entities
        .iter()
        .map(|e| {
            let style = palette.style_of(&e.type_id);
            (style.fill(), style.shape % SHAPES.len())
        })
        .collect()
}

/// [`node_fills`] as RGB.
pub(crate) fn node_fill(graph: &KnowledgeGraph) -> Vec<[u8; 3]> {
    node_fills(graph)
        .into_iter()
        .map(|hex| {
            let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
            [channel(1), channel(3), channel(5)]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn colours_mix_towards_white_and_black() {
        assert_eq!(mix("#808080", 0xff, 0), "#808080");
        assert_eq!(mix("#808080", 0xff, 100), "#ffffff");
        assert_eq!(mix("#fbb4ae", 0x00, 100), "#000000");
    }
}
