//! Cytoscape.js elements JSON: `{"data": {…}, "elements": {"nodes": [{"data": {…}}],
//! "edges": [{"data": {…}}]}}`, which `cytoscape({ elements })` loads as it is and
//! Cytoscape desktop imports as `.cyjs`.
//!
//! Each element's `data` holds its `id` (an entity id, or a statement id for an edge),
//! `source` and `target` for edges, and the flat columns of [`crate::export::flat`] that it
//! has; nodes also carry `color`, the fill the DOT export gives them. `classes` names an
//! edge's rank and whether it is disputed (`preferred disputed`), for style sheets.

use std::io::{self, Write};

use serde_json::{Map, Value as Json, json};

use crate::graph::KnowledgeGraph;

use super::dot::node_fills;
use super::flat::{Cell, Column, Columns};

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
    /// O(entities + statements); the document is built in memory.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        serde_json::to_writer_pretty(&mut writer, &elements(graph))?;
        writer.write_all(b"\n")?;
        Ok(writer)
    }
}

/// The document as a JSON value (also what the HTML explorer is given).
pub(crate) fn elements(graph: &KnowledgeGraph) -> Json {
    let d = graph.dataset();
    let columns = Columns::new(graph);
    let fills = node_fills(graph);
    let nodes: Vec<Json> = d
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut data = Map::new();
            data.insert("id".into(), Json::String(e.id.to_string()));
            fill(&mut data, &columns.nodes, columns.node_row(graph, e));
            data.insert("color".into(), Json::String(fills[i].to_string()));
            json!({ "data": data })
        })
        .collect();
    let edges: Vec<Json> = graph
        .edges()
        .map(|(subject, s, object)| {
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
        })
        .collect();
    json!({
        "data": { "name": d.meta.title, "dataset": d.meta.id },
        "elements": { "nodes": nodes, "edges": edges },
    })
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
