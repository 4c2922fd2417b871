//! Exporters: a [`KnowledgeGraph`] written as DOT, JSON, RDF, the formats other graph tools
//! read (GraphML, GEXF, Mermaid, Cytoscape.js), an interactive HTML explorer or Parquet tables.
//!
//! One file per format ([`toml`] writes a dataset back as its own TOML source files). Every
//! graph exporter streams to a `Write`, is deterministic (same graph, same
//! bytes) and is reached through [`Format`]; Parquet is a set of tables, one `Write` each
//! ([`parquet::ParquetExporter`]). Files are written through [`Staging`] (a directory
//! of outputs, one writer at a time, all or nothing) or [`write_atomic`] (one `-o FILE`): to a
//! temporary file beside the target, renamed into place only when complete.

pub mod cytoscape;
pub mod dot;
mod flat;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod mermaid;
mod parallel;
pub mod parquet;
pub mod rdf;
mod render;
pub mod shards;
mod staging;
pub mod toml;
mod xml;

use std::io::{self, Write};
use std::path::Path;

pub use render::{
    RenderError, dot_digest, render_with_graphviz, render_with_graphviz_within, svg_drawn_from,
};
pub use staging::{JOURNAL_FILE, LOCK_FILE, Recovery, Staging, TEMP_SUFFIX, write_atomic};

use crate::error::{Error, Result};
use crate::graph::KnowledgeGraph;

/// The files that travel with a build's exports: the JSON Schema with JSON
/// (`kgforge.schema.json`); with any RDF syntax, the `kg:` vocabulary (`kgforge-vocab.ttl`)
/// and the dataset's SHACL shapes (`{id}.shapes.ttl`); with JSON-LD, its `@context`
/// (`{id}.context.jsonld`). As (file name, bytes), in this order.
///
/// ```
/// use std::path::Path;
/// use kgforge::export::{companions, Format};
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let names: Vec<String> = companions(&graph, &[Format::Turtle]).into_iter().map(|(n, _)| n).collect();
/// assert_eq!(names, ["kgforge-vocab.ttl", "manchuria-1945.shapes.ttl"]);
/// # Ok::<(), kgforge::Error>(())
/// ```
pub fn companions(graph: &KnowledgeGraph, formats: &[Format]) -> Vec<(String, Vec<u8>)> {
    companions_of(graph.dataset(), formats)
}

/// [`companions`] of a dataset's exports (what they need of it is its schema and metadata).
pub(crate) fn companions_of(
    dataset: &crate::model::Dataset,
    formats: &[Format],
) -> Vec<(String, Vec<u8>)> {
    let stem = &dataset.meta.id;
    let mut out = Vec::new();
    if formats.contains(&Format::Json) {
        out.push((
            "kgforge.schema.json".to_string(),
            json::json_schema().into_bytes(),
        ));
    }
    if formats.iter().any(|f| f.is_rdf()) {
        out.push(("kgforge-vocab.ttl".to_string(), rdf::vocabulary_turtle()));
        out.push((format!("{stem}.shapes.ttl"), rdf::shapes_turtle_of(dataset)));
    }
    if formats.contains(&Format::JsonLd) {
        let mut context = serde_json::to_vec_pretty(&rdf::jsonld_context_of(dataset))
            .expect("a JSON value serializes");
        context.push(b'\n');
        out.push((format!("{stem}.context.jsonld"), context));
    }
    out
}

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz DOT.
    Dot,
    /// SVG drawn by Graphviz `dot` from the DOT export.
    Svg,
    /// PNG drawn by Graphviz `dot` from the DOT export.
    Png,
    /// kgforge's node-link JSON (networkx and d3 read it; kgforge loads it back).
    Json,
    /// RDF Turtle.
    Turtle,
    /// RDF N-Triples.
    NTriples,
    /// RDF N-Quads (the dataset's triples in one named graph).
    NQuads,
    /// RDF TriG (the dataset's triples in one named graph).
    TriG,
    /// RDF JSON-LD.
    JsonLd,
    /// RDF/XML.
    RdfXml,
    /// GraphML with flat typed attributes (yEd, Gephi, Cytoscape desktop, networkx).
    GraphMl,
    /// GEXF 1.2 (Gephi, networkx).
    Gexf,
    /// A Mermaid flowchart, for Markdown (at most 500 edges, Mermaid's limit).
    Mermaid,
    /// Cytoscape.js elements JSON (`.cyjs`).
    Cytoscape,
    /// A self-contained interactive HTML explorer (one offline file).
    Html,
    /// Parquet tables, one file each (`{stem}.{table}.parquet`): see [`parquet`].
    Parquet,
}

impl Format {
    /// Every format, in the order `kgforge build` writes them.
    pub const ALL: [Format; 16] = [
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Json,
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::TriG,
        Format::JsonLd,
        Format::RdfXml,
        Format::GraphMl,
        Format::Gexf,
        Format::Mermaid,
        Format::Cytoscape,
        Format::Html,
        Format::Parquet,
    ];

    /// The formats written by default: everything but PNG (a binary that would churn diffs;
    /// Parquet's bytes are deterministic, so its tables are written, in a build with the
    /// `parquet` feature).
    pub const DEFAULT: &'static [Format] = &[
        Format::Dot,
        Format::Svg,
        Format::Json,
        Format::Turtle,
        Format::NTriples,
        Format::NQuads,
        Format::TriG,
        Format::JsonLd,
        Format::RdfXml,
        Format::GraphMl,
        Format::Gexf,
        Format::Mermaid,
        Format::Cytoscape,
        Format::Html,
        #[cfg(feature = "parquet")]
        Format::Parquet,
    ];

    /// The name used on the command line (`ttl`).
    pub fn name(self) -> &'static str {
        self.extension()
    }

    /// The file extension (`ttl`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Json => "json",
            Format::Turtle => "ttl",
            Format::NTriples => "nt",
            Format::NQuads => "nq",
            Format::TriG => "trig",
            Format::JsonLd => "jsonld",
            Format::RdfXml => "rdf",
            Format::GraphMl => "graphml",
            Format::Gexf => "gexf",
            Format::Mermaid => "mmd",
            Format::Cytoscape => "cyjs",
            Format::Html => "html",
            Format::Parquet => "parquet",
        }
    }

    /// Parses a name or extension (`ttl`, `turtle`, `n-triples`, …), ignoring case.
    ///
    /// ```
    /// use kgforge::export::Format;
    /// assert_eq!(Format::from_name("Turtle"), Some(Format::Turtle));
    /// assert_eq!(Format::from_name("nt"), Some(Format::NTriples));
    /// assert_eq!(Format::from_name("xlsx"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        Some(match name.as_str() {
            "dot" | "gv" => Format::Dot,
            "svg" => Format::Svg,
            "png" => Format::Png,
            "json" => Format::Json,
            "ttl" | "turtle" => Format::Turtle,
            "nt" | "ntriples" | "n-triples" => Format::NTriples,
            "nq" | "nquads" | "n-quads" => Format::NQuads,
            "trig" => Format::TriG,
            "jsonld" | "json-ld" => Format::JsonLd,
            "rdf" | "xml" | "rdfxml" | "rdf-xml" | "owl" => Format::RdfXml,
            "graphml" => Format::GraphMl,
            "gexf" => Format::Gexf,
            "mmd" | "mermaid" => Format::Mermaid,
            "cyjs" | "cytoscape" => Format::Cytoscape,
            "html" | "htm" => Format::Html,
            "parquet" | "pq" => Format::Parquet,
            _ => return None,
        })
    }

    /// The format a file name's extension implies.
    pub fn from_path(path: &Path) -> Option<Format> {
        Format::from_name(path.extension()?.to_str()?)
    }

    /// Whether the format is drawn by Graphviz rather than written by kgforge.
    pub fn needs_graphviz(self) -> bool {
        matches!(self, Format::Svg | Format::Png)
    }

    /// Whether the format is an RDF syntax.
    pub fn is_rdf(self) -> bool {
        matches!(
            self,
            Format::Turtle
                | Format::NTriples
                | Format::NQuads
                | Format::TriG
                | Format::JsonLd
                | Format::RdfXml
        )
    }
}

/// Writes a graph in a format kgforge writes to one writer: all but SVG, PNG and Parquet.
///
/// # Errors
/// I/O errors from the writer; [`Error::Export`] for SVG and PNG, which need
/// [`render_with_graphviz`], and for Parquet, which is a set of tables written by
/// [`parquet::ParquetExporter`].
pub fn export<W: Write>(graph: &KnowledgeGraph, format: Format, writer: W) -> Result<W> {
    let io = |e: io::Error| Error::Export(e.to_string());
    match format {
        Format::Dot => dot::DotExporter::new().export(graph, writer).map_err(io),
        Format::Json => json::JsonExporter::new().export(graph, writer).map_err(io),
        Format::GraphMl => graphml::GraphMlExporter::new()
            .export(graph, writer)
            .map_err(io),
        Format::Gexf => gexf::GexfExporter::new().export(graph, writer).map_err(io),
        Format::Mermaid => mermaid::MermaidExporter::new()
            .export(graph, writer)
            .map_err(io),
        Format::Cytoscape => cytoscape::CytoscapeExporter::new()
            .export(graph, writer)
            .map_err(io),
        Format::Html => html::HtmlExporter::new().export(graph, writer).map_err(io),
        Format::Parquet => Err(Error::Export(
            "Parquet is a set of tables, one file each; use export::parquet::ParquetExporter \
             (kgforge build --format parquet)"
                .to_string(),
        )),
        f if f.is_rdf() => rdf::RdfExporter::new(f).export(graph, writer).map_err(io),
        f => Err(Error::Export(format!(
            "{} is drawn by Graphviz; use render_with_graphviz",
            f.name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_extensions_agree() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.extension()), Some(f));
        }
    }
}
