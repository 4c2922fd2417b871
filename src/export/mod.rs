//! Exporters: a [`KnowledgeGraph`] written as DOT, JSON, RDF, the formats other graph tools
//! read (GraphML, GEXF, Mermaid, Cytoscape.js) or an interactive HTML explorer.
//!
//! One file per format. Every exporter streams to a `Write`, is deterministic (same graph, same
//! bytes) and is reached through [`Format`]. Files are written by [`write_atomic`]: to a
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
pub mod rdf;
mod render;
pub mod shards;
mod xml;

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

pub use render::{RenderError, dot_digest, render_with_graphviz, svg_drawn_from};

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
}

impl Format {
    /// Every format, in the order `kgforge build` writes them.
    pub const ALL: [Format; 15] = [
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
    ];

    /// The formats written by default: everything but PNG (a binary that would churn diffs).
    pub const DEFAULT: [Format; 14] = [
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

/// Writes a graph in a format kgforge writes itself (all but SVG and PNG).
///
/// # Errors
/// I/O errors from the writer; [`Error::Export`] for SVG and PNG, which need
/// [`render_with_graphviz`].
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
        f if f.is_rdf() => rdf::RdfExporter::new(f).export(graph, writer).map_err(io),
        f => Err(Error::Export(format!(
            "{} is drawn by Graphviz; use render_with_graphviz",
            f.name()
        ))),
    }
}

/// Writes a file atomically: `fill` writes into a temporary file in the same directory, which
/// is renamed over `path` only when `fill` and the flush succeed. On failure the temporary file
/// is removed and any earlier file at `path` is left untouched.
///
/// # Errors
/// Whatever `fill` returns, or the I/O error of creating, flushing or renaming.
pub fn write_atomic<T>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
) -> Result<T> {
    let mut staging = Staging::new();
    let value = staging.stage(path, fill)?;
    staging.commit()?;
    Ok(value)
}

/// Files written together, all or nothing: [`Staging::stage`] writes each to a temporary file
/// beside its target, and [`Staging::commit`] renames them all into place once every one is
/// complete. Dropped without a commit (a later file failed), it removes its temporary files,
/// so a failed run leaves every earlier file as it was and no partial file behind.
///
/// ```
/// use std::io::Write;
/// use kgforge::export::Staging;
///
/// let dir = std::env::temp_dir().join(format!("kgforge-staging-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "old a")?;
/// let mut staging = Staging::new();
/// let write = |text: &'static str| {
///     move |w: &mut std::io::BufWriter<std::fs::File>| {
///         w.write_all(text.as_bytes()).map_err(|e| kgforge::Error::Export(e.to_string()))
///     }
/// };
/// staging.stage(&dir.join("a.txt"), write("new a"))?;
/// let failed: kgforge::Result<()> =
///     staging.stage(&dir.join("b.txt"), |_| Err(kgforge::Error::Export("disk full".into())));
/// assert!(failed.is_err());
/// drop(staging); // not committed: a.txt keeps its old text, no temporary file is left
/// assert_eq!(std::fs::read_to_string(dir.join("a.txt"))?, "old a");
/// assert_eq!(std::fs::read_dir(&dir)?.count(), 1);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
#[must_use = "nothing is written until `commit`"]
pub struct Staging {
    /// (temporary file, target), in staging order.
    staged: Vec<(PathBuf, PathBuf)>,
}

impl Staging {
    /// Nothing staged yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the file for `path` into a temporary file beside it; `fill` writes the content.
    ///
    /// # Errors
    /// Whatever `fill` returns, or the I/O error of creating, writing, flushing or syncing the
    /// temporary file (a read-only directory, a full disk), which is then removed.
    pub fn stage<T>(
        &mut self,
        path: &Path,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
    ) -> Result<T> {
        let io = |e: io::Error| Error::Io {
            path: path.to_path_buf(),
            source: e,
        };
        let temp = temp_path(path);
        let file = File::create(&temp).map_err(io)?;
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        let result = fill(&mut writer).and_then(|value| {
            writer.flush().map_err(io)?;
            writer.get_ref().sync_all().map_err(io)?;
            Ok(value)
        });
        drop(writer);
        match result {
            Ok(value) => {
                self.staged.push((temp, path.to_path_buf()));
                Ok(value)
            }
            Err(e) => {
                let _ = std::fs::remove_file(&temp);
                Err(e)
            }
        }
    }

    /// Writes several files at once (the shards of one export), each into a temporary file
    /// beside its target; `fill` gets their writers in the order of `paths`.
    ///
    /// # Errors
    /// As [`Staging::stage`]; on any error every temporary file of the call is removed.
    pub fn stage_many<T>(
        &mut self,
        paths: &[PathBuf],
        fill: impl FnOnce(&mut [BufWriter<File>]) -> Result<T>,
    ) -> Result<T> {
        let mut temps = Vec::with_capacity(paths.len());
        let mut writers = Vec::with_capacity(paths.len());
        let remove = |temps: &[PathBuf]| {
            for t in temps {
                let _ = std::fs::remove_file(t);
            }
        };
        for path in paths {
            let temp = temp_path(path);
            match File::create(&temp) {
                // Large writes pass through; the buffer is for the small ones.
                Ok(file) => writers.push(BufWriter::with_capacity(1 << 16, file)),
                Err(e) => {
                    remove(&temps);
                    return Err(Error::Io {
                        path: path.clone(),
                        source: e,
                    });
                }
            }
            temps.push(temp);
        }
        let result = fill(&mut writers).and_then(|value| {
            for (writer, path) in writers.iter_mut().zip(paths) {
                let io = |e: io::Error| Error::Io {
                    path: path.clone(),
                    source: e,
                };
                writer.flush().map_err(io)?;
                writer.get_ref().sync_all().map_err(io)?;
            }
            Ok(value)
        });
        drop(writers);
        match result {
            Ok(value) => {
                self.staged
                    .extend(temps.into_iter().zip(paths.iter().cloned()));
                Ok(value)
            }
            Err(e) => {
                remove(&temps);
                Err(e)
            }
        }
    }

    /// Gives staged files other targets: each of `from` (as staged) becomes the matching
    /// `to` (for outputs whose names are known only once written).
    pub fn retarget(&mut self, from: &[PathBuf], to: &[PathBuf]) {
        for (target, new) in from.iter().zip(to) {
            if let Some((_, path)) = self.staged.iter_mut().find(|(_, p)| p == target) {
                *path = new.clone();
            }
        }
    }

    /// Renames every staged file into place, in staging order.
    ///
    /// # Errors
    /// When a target is a directory, before anything is renamed. Otherwise the I/O error of
    /// the first rename that fails (the directory vanished); files renamed before it are
    /// complete new files, the others keep their earlier content. No temporary file is left.
    pub fn commit(mut self) -> Result<()> {
        // A directory in a target's place is the one failure that can be seen before
        // renaming anything; the others (a vanished directory) leave a partial commit.
        if let Some((_, path)) = self.staged.iter().find(|(_, path)| path.is_dir()) {
            return Err(Error::Io {
                path: path.clone(),
                source: io::Error::new(io::ErrorKind::IsADirectory, "a directory is in the way"),
            });
        }
        let staged = std::mem::take(&mut self.staged);
        let mut pending = staged.iter();
        for (temp, path) in pending.by_ref() {
            if let Err(e) = std::fs::rename(temp, path) {
                let _ = std::fs::remove_file(temp);
                for (rest, _) in pending {
                    let _ = std::fs::remove_file(rest);
                }
                return Err(Error::Io {
                    path: path.clone(),
                    source: e,
                });
            }
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        for (temp, _) in &self.staged {
            let _ = std::fs::remove_file(temp);
        }
    }
}

/// `dir/.name.tmp-<pid>`: hidden, in the same directory (so the rename is atomic), and unique
/// per process.
fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_writes_leave_the_old_file_and_no_temporary() {
        let dir = std::env::temp_dir().join(format!("kgforge-atomic-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.txt");
        std::fs::write(&path, "old").unwrap();
        let result: Result<()> = write_atomic(&path, |w| {
            w.write_all(b"partial").unwrap();
            Err(Error::Export("injected failure".into()))
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let leftovers: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
        write_atomic(&path, |w| {
            w.write_all(b"new")
                .map_err(|e| Error::Export(e.to_string()))
        })
        .unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_and_extensions_agree() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.extension()), Some(f));
        }
    }
}
