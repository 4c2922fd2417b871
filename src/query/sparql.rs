//! SPARQL over the graph's RDF, in an embedded Oxigraph store.

use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::export::Format;
use crate::export::rdf::RdfExporter;
use crate::format::rdf::RdfIris;
use crate::graph::KnowledgeGraph;

/// Why a SPARQL query failed.
#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    /// The query does not parse; the message gives the line and column.
    #[error("the query does not parse: {0}")]
    Syntax(String),
    /// The query parsed but could not be evaluated.
    #[error("the query failed: {0}")]
    Evaluation(String),
}

/// The graph's RDF export loaded into an in-memory Oxigraph store, ready for SPARQL.
///
/// Every triple of the RDF export (direct triples, statement nodes, vocabulary, sources) is in
/// the default graph, so queries need no `GRAPH` clause, and the export's prefixes (`entity:`,
/// `prop:`, `kg:`, `rdfs:`, …) are predeclared, so queries need no `PREFIX` lines.
///
/// ```
/// use std::path::Path;
/// use oxigraph::sparql::QueryResults;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let store = kgforge::query::SparqlStore::new(&graph)?;
/// let ask = "ASK { entity:kwantung_army prop:surrendered_to entity:red_army }";
/// let QueryResults::Boolean(yes) = store.query(ask).expect("valid query") else {
///     unreachable!("ASK gives a boolean")
/// };
/// assert!(yes);
/// # Ok::<(), kgforge::Error>(())
/// ```
pub struct SparqlStore {
    store: Store,
    prefixes: Vec<(&'static str, String)>,
}

impl std::fmt::Debug for SparqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SparqlStore").finish_non_exhaustive()
    }
}

impl SparqlStore {
    /// Loads the triples of a graph's RDF export.
    ///
    /// # Errors
    /// [`Error::Export`] if the store cannot be written (it is in memory, so it should not).
    ///
    /// # Complexity
    /// O(triples) time and memory.
    pub fn new(graph: &KnowledgeGraph) -> Result<Self> {
        let store = Store::new().map_err(|e| Error::Export(e.to_string()))?;
        let exporter = RdfExporter::new(Format::NTriples);
        store
            .extend(exporter.quads(graph))
            .map_err(|e| Error::Export(format!("loading the RDF into Oxigraph: {e}")))?;
        let prefixes = RdfIris::for_graph(graph).prefixes();
        Ok(SparqlStore { store, prefixes })
    }

    /// The predeclared prefixes, as (name, namespace IRI).
    pub fn prefixes(&self) -> &[(&'static str, String)] {
        &self.prefixes
    }

    /// How many triples the store holds.
    ///
    /// # Errors
    /// [`Error::Export`] if the store cannot be read.
    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| Error::Export(e.to_string()))
    }

    /// Whether the store is empty.
    ///
    /// # Errors
    /// [`Error::Export`] if the store cannot be read.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }

    /// Runs a SPARQL 1.1 query (`SELECT`, `ASK`, `CONSTRUCT`, `DESCRIBE`).
    ///
    /// # Errors
    /// [`SparqlError::Syntax`] with the parser's line and column, or
    /// [`SparqlError::Evaluation`].
    pub fn query(&self, query: &str) -> Result<QueryResults<'static>, SparqlError> {
        let mut evaluator = SparqlEvaluator::new();
        for (name, iri) in &self.prefixes {
            evaluator = evaluator
                .with_prefix(*name, iri.as_str())
                .map_err(|e| SparqlError::Evaluation(e.to_string()))?;
        }
        evaluator
            .parse_query(query)
            .map_err(|e| SparqlError::Syntax(e.to_string()))?
            .on_store(&self.store)
            .execute()
            .map_err(|e| SparqlError::Evaluation(e.to_string()))
    }
}
