//! GEXF 1.2 export, Gephi's own format (`networkx.read_gexf` reads it too).
//!
//! The attributes are the flat columns GraphML and Cytoscape carry too, declared per class
//! (`<attributes class="node">`); each node carries its display group's colour
//! (`viz:color`, the fill the DOT export gives it), so Gephi opens it coloured. No
//! `lastmodifieddate`: the same graph gives the same bytes. `networkx.read_gexf` reads it
//! (tested). It is not checked against an XSD: the GEXF 1.2draft schema available offline
//! (the flattened one in Debian's libjgrapht-java) declares `color` in the GEXF namespace,
//! where Gephi and networkx write and read `viz:color`.

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;

use super::dot::node_fill;
use super::flat::{Cell, Column, Columns, Kind};
use super::xml::Escaped;

/// Writes a [`KnowledgeGraph`] as GEXF 1.2.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let xml = kgforge::export::gexf::GexfExporter::new().export(&graph, Vec::new())?;
/// let xml = String::from_utf8(xml).expect("UTF-8");
/// assert!(xml.contains("<node id=\"kwantung_army\" label=\"Kwantung Army\">"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct GexfExporter {}

impl GexfExporter {
    /// A GEXF exporter.
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
        writeln!(
            w,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
             <gexf xmlns=\"http://www.gexf.net/1.2draft\" xmlns:viz=\"http://www.gexf.net/1.2draft/viz\" version=\"1.2\">\n  \
             <meta>\n    <creator>kgforge</creator>\n    <description>{}</description>\n  </meta>\n  \
             <graph mode=\"static\" defaultedgetype=\"directed\">",
            Escaped(&d.meta.title)
        )?;
        write_attributes(&mut w, "node", &columns.nodes)?;
        write_attributes(&mut w, "edge", &columns.edges)?;
        writeln!(w, "    <nodes>")?;
        let fills = node_fill(graph);
        for (i, e) in d.entities.iter().enumerate() {
            let row = columns.node_row(graph, e);
            let label = match &row[0] {
                Some(c) => c.text().into_owned(),
                None => e.id.to_string(),
            };
            writeln!(
                w,
                "      <node id=\"{}\" label=\"{}\">",
                Escaped(&e.id),
                Escaped(&label)
            )?;
            write_values(&mut w, row)?;
            let [r, g, b] = fills[i];
            writeln!(
                w,
                "        <viz:color r=\"{r}\" g=\"{g}\" b=\"{b}\"/>\n      </node>"
            )?;
        }
        writeln!(w, "    </nodes>\n    <edges>")?;
        for (subject, s, object) in graph.edges() {
            let label = graph
                .predicate(&s.predicate)
                .map_or(s.predicate.as_str(), |p| p.label.as_str());
            writeln!(
                w,
                "      <edge id=\"{}\" source=\"{}\" target=\"{}\" label=\"{}\">",
                Escaped(&s.id()),
                Escaped(&subject.id),
                Escaped(&object.id),
                Escaped(label)
            )?;
            write_values(&mut w, columns.edge_row(graph, s))?;
            writeln!(w, "      </edge>")?;
        }
        w.write_all(b"    </edges>\n  </graph>\n</gexf>\n")?;
        w.into_inner().map_err(io::IntoInnerError::into_error)
    }
}

/// Attribute ids are the columns' positions, titles their names.
fn write_attributes<W: Write>(w: &mut W, class: &str, columns: &[Column]) -> io::Result<()> {
    writeln!(w, "    <attributes class=\"{class}\">")?;
    for (i, c) in columns.iter().enumerate() {
        let kind = match c.kind {
            Kind::Text => "string",
            Kind::Bool => "boolean",
        };
        writeln!(
            w,
            "      <attribute id=\"{i}\" title=\"{}\" type=\"{kind}\"/>",
            Escaped(&c.name)
        )?;
    }
    writeln!(w, "    </attributes>")
}

fn write_values<W: Write>(w: &mut W, row: Vec<Option<Cell>>) -> io::Result<()> {
    let present: Vec<(usize, Cell)> = row
        .into_iter()
        .enumerate()
        .filter_map(|(i, c)| c.map(|c| (i, c)))
        .collect();
    if present.is_empty() {
        return Ok(());
    }
    writeln!(w, "        <attvalues>")?;
    for (i, cell) in present {
        writeln!(
            w,
            "          <attvalue for=\"{i}\" value=\"{}\"/>",
            Escaped(&cell.text())
        )?;
    }
    writeln!(w, "        </attvalues>")
}
