//! GraphML export: the graph with flat, typed attributes, for yEd, Gephi, Cytoscape desktop
//! and networkx (`networkx.read_graphml`).
//!
//! Every attribute is declared by a `<key>` with its `attr.type` before the graph, as the
//! GraphML specification (<http://graphml.graphdrawing.org/>) asks; the columns are the flat
//! ones GEXF and Cytoscape carry too (`label`, `type`, `group`, … on nodes; `predicate`,
//! `rank`, `sources`, … on edges). The graph carries the dataset's id, title, description, licence
//! and base IRI. Output validates against the GraphML 1.0 XSD (tested with `xmllint`).

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;

use super::flat::{Cell, Column, Columns, Kind};
use super::xml::Escaped;

/// Writes a [`KnowledgeGraph`] as GraphML.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let xml = kgforge::export::graphml::GraphMlExporter::new().export(&graph, Vec::new())?;
/// let xml = String::from_utf8(xml).expect("UTF-8");
/// assert!(xml.contains("<key id=\"n_label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>"));
/// assert!(xml.contains("<node id=\"kwantung_army\">"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct GraphMlExporter {}

impl GraphMlExporter {
    /// A GraphML exporter.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements).
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, writer: W) -> io::Result<W> {
        let mut w = io::BufWriter::new(writer);
        let d = graph.dataset();
        let columns = Columns::new(graph);
        w.write_all(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
              <graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
              xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
              xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns \
              http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
        )?;
        let meta = [
            ("id", Some(d.meta.id.as_str())),
            ("title", Some(d.meta.title.as_str())),
            ("description", d.meta.description.as_deref()),
            ("license", d.meta.license.as_deref()),
            ("base_iri", Some(d.meta.base_iri.as_str())),
        ];
        for (name, _) in &meta {
            writeln!(
                w,
                "  <key id=\"g_{name}\" for=\"graph\" attr.name=\"{name}\" attr.type=\"string\"/>"
            )?;
        }
        write_keys(&mut w, "node", "n", &columns.nodes)?;
        write_keys(&mut w, "edge", "e", &columns.edges)?;
        writeln!(
            w,
            "  <graph id=\"{}\" edgedefault=\"directed\">",
            Escaped(&d.meta.id)
        )?;
        for (name, value) in meta {
            if let Some(v) = value {
                writeln!(w, "    <data key=\"g_{name}\">{}</data>", Escaped(v))?;
            }
        }
        for e in &d.entities {
            writeln!(w, "    <node id=\"{}\">", Escaped(&e.id))?;
            write_data(&mut w, "n", &columns.nodes, columns.node_row(graph, e))?;
            writeln!(w, "    </node>")?;
        }
        for (subject, s, object) in graph.edges() {
            writeln!(
                w,
                "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
                Escaped(&s.id()),
                Escaped(&subject.id),
                Escaped(&object.id)
            )?;
            write_data(&mut w, "e", &columns.edges, columns.edge_row(graph, s))?;
            writeln!(w, "    </edge>")?;
        }
        w.write_all(b"  </graph>\n</graphml>\n")?;
        w.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

/// Key ids are `n_<column>` / `e_<column>`: columns are slugs with `_`, so ids stay valid
/// NMTOKENs and never clash between nodes and edges.
fn write_keys<W: Write>(w: &mut W, what: &str, prefix: &str, columns: &[Column]) -> io::Result<()> {
    for c in columns {
        let kind = match c.kind {
            Kind::Text => "string",
            Kind::Bool => "boolean",
        };
        writeln!(
            w,
            "  <key id=\"{prefix}_{}\" for=\"{what}\" attr.name=\"{}\" attr.type=\"{kind}\"/>",
            Escaped(&c.name),
            Escaped(&c.name)
        )?;
    }
    Ok(())
}

fn write_data<W: Write>(
    w: &mut W,
    prefix: &str,
    columns: &[Column],
    row: Vec<Option<Cell>>,
) -> io::Result<()> {
    for (c, cell) in columns.iter().zip(row) {
        if let Some(cell) = cell {
            writeln!(
                w,
                "      <data key=\"{prefix}_{}\">{}</data>",
                Escaped(&c.name),
                Escaped(&cell.text())
            )?;
        }
    }
    Ok(())
}
