//! Mermaid flowchart export, for Markdown: GitHub, GitLab and many editors draw a
//! ` ```mermaid ` block.
//!
//! Nodes are `n0`, `n1`, … (Mermaid reads some words, such as `end`, as keywords, so entity
//! ids are not used as node ids) with the entity's label, a shape per root type and a class
//! per display group filled as in the DOT export; edges carry the predicate's label, drawn
//! `==>` when preferred and `-.->` when disputed or deprecated.
//!
//! # Limits
//! Mermaid refuses a diagram with more than 500 edges (its default `maxEdges`: "Edge limit
//! exceeded") and draws "Maximum text size in diagram exceeded" instead of one longer than
//! 50,000 characters (`maxTextSize`). Past either limit this exporter writes nothing and
//! fails with [`io::ErrorKind::InvalidInput`], naming the way out: a view or a subgraph.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::model::Rank;

use super::dot::node_looks;

/// Mermaid's default `maxEdges`.
pub const MAX_EDGES: usize = 500;
/// Mermaid's default `maxTextSize`, in characters.
pub const MAX_TEXT: usize = 50_000;

/// Writes a [`KnowledgeGraph`] as a Mermaid flowchart.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let text = kgforge::export::mermaid::MermaidExporter::new().export(&graph, Vec::new())?;
/// let text = String::from_utf8(text).expect("UTF-8");
/// assert!(text.contains("flowchart LR"));
/// assert!(text.contains("\"Kwantung Army\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct MermaidExporter {}

impl MermaidExporter {
    /// A Mermaid exporter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// [`io::ErrorKind::InvalidInput`] when the graph has more edges or text than Mermaid
    /// draws (see [the limits](self#limits)); I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements); the text is built in memory (at most [`MAX_TEXT`]
    /// characters are ever written).
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let edges = graph.edges().count();
        if edges > MAX_EDGES {
            return Err(too_big(format!(
                "Mermaid draws at most {MAX_EDGES} edges and this graph has {edges}"
            )));
        }
        let text = flowchart(graph);
        let chars = text.chars().count();
        if chars > MAX_TEXT {
            return Err(too_big(format!(
                "Mermaid draws at most {MAX_TEXT} characters and this graph's flowchart has {chars}"
            )));
        }
        writer.write_all(text.as_bytes())?;
        Ok(writer)
    }
}

fn too_big(what: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{what}; export a view (kgforge subgraph --view ID --format mmd) or a subgraph \
             (kgforge subgraph ENTITY --format mmd) instead"
        ),
    )
}

fn flowchart(graph: &KnowledgeGraph) -> String {
    let d = graph.dataset();
    let languages = &d.meta.languages;
    let mut out = format!(
        "---\ntitle: \"{}\"\n---\nflowchart LR\n",
        yaml_quoted(&d.meta.title)
    );
    let looks = node_looks(graph);
    for (i, e) in d.entities.iter().enumerate() {
        let (open, close) = match looks[i].1 {
            0 => ("(\"", "\")"),
            2 => ("([\"", "\"])"),
            3 => ("{{\"", "\"}}"),
            1 | 4 => ("[[\"", "\"]]"),
            _ => ("[\"", "\"]"),
        };
        let _ = writeln!(out, "  n{i}{open}{}{close}", text(e.label_in(languages)));
    }
    let positions: std::collections::HashMap<&str, usize> = d
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    for (subject, s, object) in graph.edges() {
        let arrow = match (s.rank, s.disputed().is_some()) {
            (Rank::Deprecated, _) | (_, true) => "-.->",
            (Rank::Preferred, false) => "==>",
            (Rank::Normal, false) => "-->",
        };
        let label = graph
            .predicate(&s.predicate)
            .map_or(s.predicate.as_str(), |p| p.label.as_str());
        let _ = writeln!(
            out,
            "  n{} {arrow}|\"{}\"| n{}",
            positions[subject.id.as_str()],
            text(label),
            positions[object.id.as_str()]
        );
    }
    // One class per fill colour, in order of first use.
    let mut fills: Vec<&str> = Vec::new();
    for (fill, _) in &looks {
        if !fills.contains(fill) {
            fills.push(fill);
        }
    }
    for (k, fill) in fills.iter().enumerate() {
        let members: Vec<String> = looks
            .iter()
            .enumerate()
            .filter(|(_, (f, _))| f == fill)
            .map(|(i, _)| format!("n{i}"))
            .collect();
        let _ = writeln!(
            out,
            "  classDef c{k} fill:{fill},stroke:#555555,color:#1a1a1a;\n  class {} c{k};",
            members.join(",")
        );
    }
    out
}

/// The inside of a YAML double-quoted string (the front matter's title).
fn yaml_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text for a quoted Mermaid string: `"` and `#` as Mermaid's entity codes, line breaks as
/// spaces, `<` `>` `&` as codes so no markup reaches the page.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_markup_become_entity_codes() {
        assert_eq!(
            text("a \"b\" <i>#1 & 2\n"),
            "a #quot;b#quot; #lt;i#gt;#35;1 #amp; 2 "
        );
        assert_eq!(yaml_quoted("a: \"b\" \\"), "a: \\\"b\\\" \\\\");
    }
}
