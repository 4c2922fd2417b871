//! [`RdfPatch`]: the triples that turn one RDF export into another.

use std::collections::HashSet;
use std::io::{self, Write};

use oxrdf::{NamedOrBlankNode, Term, Triple};

use crate::error::{Error, Result};
use crate::export::Format;
use crate::export::rdf::{RdfExporter, StatementNodes};
use crate::graph::KnowledgeGraph;

/// The triples to delete from the old dataset's RDF export and to insert into it to make the
/// new one's: the set difference of the two exports' triples, both ways.
///
/// It is computed from the built triples, not from a [`super::DatasetDiff`], so whatever the
/// RDF export derives (best-rank direct triples, shared value and reference nodes, schema
/// declarations) is patched exactly. The exports have no blank nodes (every node has an IRI),
/// so the patch can be written as `DELETE DATA` / `INSERT DATA`, which may not hold blank
/// nodes, and as an [RDF Patch](https://jena.apache.org/documentation/rdf-patch/). It patches
/// the default graph, as Turtle, N-Triples, RDF/XML and JSON-LD are loaded.
///
/// ```
/// use std::path::Path;
/// use kgforge::export::rdf::StatementNodes;
///
/// let graph = |path: &str| {
///     let report = kgforge::validate(kgforge::load(Path::new(path)).unwrap(), false);
///     kgforge::KnowledgeGraph::new(report.dataset.expect("valid"))
/// };
/// let old = graph("data/manchuria-1945");
/// let patch = kgforge::diff::RdfPatch::between(&old, &old, StatementNodes::All)?;
/// assert!(patch.is_empty());
/// let update = String::from_utf8(patch.write_sparql_update(Vec::new()).expect("in memory")).unwrap();
/// assert!(update.starts_with('#'));
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RdfPatch {
    /// Triples of the old export that the new one lacks, in the old export's order.
    pub deleted: Vec<Triple>,
    /// Triples of the new export that the old one lacks, in the new export's order.
    pub inserted: Vec<Triple>,
}

impl RdfPatch {
    /// The patch from `old`'s RDF export to `new`'s, both built with statement nodes `nodes`
    /// (as `kgforge build --statement-nodes` writes them).
    ///
    /// # Errors
    /// [`Error::Export`] if an export holds a blank node, which `DELETE DATA` cannot name
    /// (kgforge's exports never do).
    ///
    /// # Complexity
    /// O(triples) time; both exports' triples are held in memory.
    pub fn between(
        old: &KnowledgeGraph,
        new: &KnowledgeGraph,
        nodes: StatementNodes,
    ) -> Result<Self> {
        let exporter = RdfExporter::new(Format::NTriples).with_statement_nodes(nodes);
        Self::from_triples(exporter.triples(old), exporter.triples(new))
    }

    /// The patch from one set of triples to another.
    ///
    /// # Errors
    /// [`Error::Export`] if a triple holds a blank node.
    pub fn from_triples(
        old: impl IntoIterator<Item = Triple>,
        new: impl IntoIterator<Item = Triple>,
    ) -> Result<Self> {
        let old: Vec<Triple> = old.into_iter().collect();
        let new: Vec<Triple> = new.into_iter().collect();
        if let Some(t) = old.iter().chain(&new).find(|t| has_blank_node(t)) {
            return Err(Error::Export(format!(
                "the RDF export holds a blank node, which a patch cannot name: {t}"
            )));
        }
        let new_set: HashSet<&Triple> = new.iter().collect();
        let old_set: HashSet<&Triple> = old.iter().collect();
        let deleted = old
            .iter()
            .filter(|t| !new_set.contains(t))
            .cloned()
            .collect();
        let inserted = new
            .iter()
            .filter(|t| !old_set.contains(t))
            .cloned()
            .collect();
        Ok(RdfPatch { deleted, inserted })
    }

    /// Whether the two exports hold the same triples.
    pub fn is_empty(&self) -> bool {
        self.deleted.is_empty() && self.inserted.is_empty()
    }

    /// Writes the patch as a SPARQL 1.1 Update: `DELETE DATA { … } ;` then
    /// `INSERT DATA { … }`, one triple per line in N-Triples syntax (a comment line when there
    /// is nothing to change). Oxigraph, Jena, rdflib and any SPARQL store apply it.
    ///
    /// # Errors
    /// I/O errors from the writer.
    pub fn write_sparql_update<W: Write>(&self, mut w: W) -> io::Result<W> {
        if self.is_empty() {
            writeln!(
                w,
                "# The two RDF exports hold the same triples: nothing to change."
            )?;
            return Ok(w);
        }
        writeln!(
            w,
            "# Turns the old dataset's RDF export into the new one's: {} triple(s) deleted, {} inserted.",
            self.deleted.len(),
            self.inserted.len()
        )?;
        let blocks = [("DELETE", &self.deleted), ("INSERT", &self.inserted)];
        let mut first = true;
        for (verb, triples) in blocks {
            if triples.is_empty() {
                continue;
            }
            if !first {
                writeln!(w, ";")?;
            }
            first = false;
            writeln!(w, "{verb} DATA {{")?;
            for t in triples {
                writeln!(w, "  {t} .")?;
            }
            writeln!(w, "}}")?;
        }
        Ok(w)
    }

    /// Writes the patch as an [RDF Patch](https://jena.apache.org/documentation/rdf-patch/)
    /// (Jena's, also RDF Delta's): one transaction, `TX .`, a `D` line per deleted triple and
    /// an `A` line per inserted one (N-Triples terms), `TC .`.
    ///
    /// # Errors
    /// I/O errors from the writer.
    pub fn write_rdf_patch<W: Write>(&self, mut w: W) -> io::Result<W> {
        writeln!(w, "TX .")?;
        for t in &self.deleted {
            writeln!(w, "D {t} .")?;
        }
        for t in &self.inserted {
            writeln!(w, "A {t} .")?;
        }
        writeln!(w, "TC .")?;
        Ok(w)
    }
}

fn has_blank_node(t: &Triple) -> bool {
    matches!(t.subject, NamedOrBlankNode::BlankNode(_)) || matches!(t.object, Term::BlankNode(_))
}
