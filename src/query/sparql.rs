//! SPARQL over the graph's RDF, in an embedded Oxigraph store.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::export::{Format, export};
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
/// the default graph, so queries need no `GRAPH` clause.
///
/// ```
/// use std::path::Path;
/// use oxigraph::sparql::QueryResults;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let store = kgforge::query::SparqlStore::new(&graph)?;
/// let QueryResults::Boolean(yes) = store.query("ASK { ?s ?p ?o }").expect("valid query") else {
///     unreachable!("ASK gives a boolean")
/// };
/// assert!(yes);
/// # Ok::<(), kgforge::Error>(())
/// ```
pub struct SparqlStore {
    store: Store,
}

impl std::fmt::Debug for SparqlStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SparqlStore").finish_non_exhaustive()
    }
}

impl SparqlStore {
    /// Loads a graph's RDF export (as N-Triples, through Oxigraph's own parser).
    ///
    /// # Errors
    /// [`Error::Export`] if the export or the load fails (neither should for a valid graph).
    ///
    /// # Complexity
    /// O(triples) time and memory.
    pub fn new(graph: &KnowledgeGraph) -> Result<Self> {
        let ntriples = export(graph, Format::NTriples, Vec::new())?;
        let store = Store::new().map_err(|e| Error::Export(e.to_string()))?;
        store
            .load_from_slice(RdfFormat::NTriples, &ntriples)
            .map_err(|e| Error::Export(format!("loading the RDF into Oxigraph: {e}")))?;
        Ok(SparqlStore { store })
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
        SparqlEvaluator::new()
            .parse_query(query)
            .map_err(|e| SparqlError::Syntax(e.to_string()))?
            .on_store(&self.store)
            .execute()
            .map_err(|e| SparqlError::Evaluation(e.to_string()))
    }
}
