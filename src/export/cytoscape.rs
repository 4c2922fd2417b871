//! Cytoscape.js elements JSON: `{"data": {…}, "elements": {"nodes": [{"data": {…}}],
//! "edges": [{"data": {…}}]}}`, which `cytoscape({ elements })` loads as it is and
//! Cytoscape desktop imports as `.cyjs`.
//!
//! Each element's `data` holds its `id` (an entity id, or a statement id for an edge),
//! `source` and `target` for edges, and those of the flat columns it has (the columns GraphML
//! and GEXF carry too: `label`, `type`, `group`, … on nodes; `predicate`, `rank`, `sources`, …
//! on edges); nodes also carry `color`, the fill the DOT export gives them. `classes` names an
//! edge's rank and whether it is disputed (`preferred disputed`), for style sheets.

use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

use crate::graph::KnowledgeGraph;

use super::dot::node_fills;
use super::flat::{Cell, Column, Columns};
use super::json::Indented;
use crate::model::{Entity, Statement};

/// Writes a [`KnowledgeGraph`] as Cytoscape.js elements JSON.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let bytes = kgforge::export::cytoscape::CytoscapeExporter::new().export(&graph, Vec::new())?;
/// let doc: serde_json::Value = serde_json::from_slice(&bytes)?;
/// assert_eq!(doc["elements"]["nodes"][0]["data"]["id"], graph.dataset().entities[0].id.as_str());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct CytoscapeExporter {}

impl CytoscapeExporter {
    /// A Cytoscape.js exporter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements); streams, holding one element at a time. The bytes are those
    /// of the whole document built as one `serde_json::Value` and written pretty (a unit test
    /// compares them).
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let d = graph.dataset();
        let columns = Columns::new(graph);
        let fills = node_fills(graph);
        // serde_json writes the document with empty arrays (its maps sort their keys:
        // `edges` before `nodes`); the elements are then written in their place.
        let empty = serde_json::to_vec_pretty(&document(graph, Vec::new(), Vec::new()))?;
        let tail = b"[],\n    \"nodes\": []\n  }\n}";
        let head = empty
            .strip_suffix(tail.as_slice())
            .ok_or_else(|| io::Error::other("the Cytoscape document does not end as expected"))?;
        writer.write_all(head)?;
        write_array(&mut writer, graph.edge_count(), |i| {
            edge(graph, &columns, graph.edge_at(i))
        })?;
        writer.write_all(b",\n    \"nodes\": ")?;
        write_array(&mut writer, d.entities.len(), |i| {
            node(graph, &columns, &fills, i)
        })?;
        writer.write_all(b"\n  }\n}\n")?;
        Ok(writer)
    }
}

/// Writes `[` elements `]` as serde_json's pretty layout does at depth 3.
fn write_array<W: Write>(
    writer: &mut W,
    n: usize,
    element: impl Fn(usize) -> Json,
) -> io::Result<()> {
    if n == 0 {
        return writer.write_all(b"[]");
    }
    writer.write_all(b"[")?;
    for i in 0..n {
        writer.write_all(if i == 0 { b"\n      " } else { b",\n      " })?;
        let out = Indented {
            out: &mut *writer,
            indent: b"      ",
        };
        serde_json::to_writer_pretty(out, &element(i))?;
    }
    writer.write_all(b"\n    ]")
}

/// The document as a JSON value.
#[cfg(test)]
pub(crate) fn elements(graph: &KnowledgeGraph) -> Json {
    let d = graph.dataset();
    let columns = Columns::new(graph);
    let fills = node_fills(graph);
    let nodes = (0..d.entities.len())
        .map(|i| node(graph, &columns, &fills, i))
        .collect();
    let edges = graph.edges().map(|e| edge(graph, &columns, e)).collect();
    document(graph, nodes, edges)
}

/// The document around its elements.
fn document(graph: &KnowledgeGraph, nodes: Vec<Json>, edges: Vec<Json>) -> Json {
    let d = graph.dataset();
    json!({
        "data": { "name": d.meta.title, "dataset": d.meta.id },
        "elements": { "nodes": nodes, "edges": edges },
    })
}

/// The element of entity `i`.
fn node(graph: &KnowledgeGraph, columns: &Columns, fills: &[&str], i: usize) -> Json {
    let e = &graph.dataset().entities[i];
    let mut data = Map::new();
    data.insert("id".into(), Json::String(e.id.to_string()));
    fill(&mut data, &columns.nodes, columns.node_row(graph, e));
    data.insert("color".into(), Json::String(fills[i].to_string()));
    json!({ "data": data })
}

/// The element of a statement's edge.
fn edge(
    graph: &KnowledgeGraph,
    columns: &Columns,
    (subject, s, object): (&Entity, &Statement, &Entity),
) -> Json {
    let mut data = Map::new();
    data.insert("id".into(), Json::String(s.id().to_string()));
    data.insert("source".into(), Json::String(subject.id.to_string()));
    data.insert("target".into(), Json::String(object.id.to_string()));
    fill(&mut data, &columns.edges, columns.edge_row(graph, s));
    let mut classes = s.rank.name().to_string();
    if s.disputed().is_some() {
        classes.push_str(" disputed");
    }
    json!({ "data": data, "classes": classes })
}

fn fill(data: &mut Map<String, Json>, columns: &[Column], row: Vec<Option<Cell>>) {
    for (c, cell) in columns.iter().zip(row) {
        let value = match cell {
            Some(Cell::Text(s)) => Json::String(s),
            Some(Cell::Bool(b)) => Json::Bool(b),
            None => continue,
        };
        data.insert(c.name.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streamed_document_is_the_one_serde_json_writes_whole() {
        let path = std::path::Path::new("data/manchuria-1945");
        let report = crate::validate(crate::load(path).expect("loads"), false);
        let graph = KnowledgeGraph::new(report.dataset.expect("valid"));
        let streamed = CytoscapeExporter::new()
            .export(&graph, Vec::new())
            .expect("writes");
        let mut whole = serde_json::to_vec_pretty(&elements(&graph)).expect("serializes");
        whole.push(b'\n');
        assert!(graph.edge_count() > 0 && !graph.dataset().entities.is_empty());
        assert_eq!(String::from_utf8(streamed), String::from_utf8(whole));
    }
}
