//! SPARQL over the graph's RDF, in an embedded Oxigraph store.

use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use crate::error::{Error, Result};
use crate::export::Format;
use crate::export::rdf::RdfExporter;
use crate::format::rdf::RdfIris;
use crate::graph::KnowledgeGraph;

/// Why a SPARQL query failed.
#[derive(Debug, thiserror::Error)]
pub enum SparqlError {
    /// The query does not parse; the message gives the line and column, what was expected
    /// there (or which prefix is undeclared), and the line with a caret under the place.
    #[error("the query does not parse: {0}")]
    Syntax(String),
    /// The query parsed but could not be evaluated.
    #[error("the query failed: {0}")]
    Evaluation(String),
    /// The query was cancelled through its [`CancellationToken`].
    #[error("the query was cancelled")]
    Cancelled,
    /// The query nests brackets deeper than [`MAX_QUERY_NESTING`]: Oxigraph's parser recurses
    /// once per level, and a deep enough query would overflow the stack.
    #[error(
        "the query nests brackets {0} deep; kgforge accepts up to {MAX_QUERY_NESTING} (a deeper \
         query would overflow the parser's stack)"
    )]
    TooDeep(usize),
}

/// The deepest nesting of `(`, `[` and `{` a query may have. Real queries rarely pass 20;
/// Oxigraph's recursive-descent parser overflowed an 8 MiB stack at 500 nested parentheses
/// (a debug build; 100 passed).
pub const MAX_QUERY_NESTING: usize = 128;

/// How deep a query nests brackets, as the SPARQL tokenizer sees them, or more: brackets in
/// strings, comments and escapes (`ex:a\(`) do not count, an opening bracket inside anything
/// that may be an IRI does (an over-count is safe, an under-count would let a crash through).
fn nesting_depth(query: &str) -> usize {
    let bytes = query.as_bytes();
    let (mut depth, mut deepest, mut i) = (0usize, 0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let long = bytes[i..].starts_with(&[quote; 3]);
                i += if long { 3 } else { 1 };
                while i < bytes.len() {
                    if bytes[i] == b'\\' {
                        i += 2;
                    } else if long && bytes[i..].starts_with(&[quote; 3]) {
                        i += 2;
                        break;
                    } else if !long && bytes[i] == quote {
                        break;
                    } else {
                        i += 1;
                    }
                }
            }
            b'<' => {
                // An IRI runs to `>` over characters an IRI may hold; otherwise `<` is "less
                // than". Either way its opening brackets count, its closing ones do not.
                let end = bytes[i + 1..]
                    .iter()
                    .position(|&b| b <= b' ' || b"<\"{}|^`\\>".contains(&b));
                if let Some(end) = end.filter(|&e| bytes[i + 1 + e] == b'>') {
                    let opens = bytes[i + 1..i + 1 + end]
                        .iter()
                        .filter(|&&b| b == b'(' || b == b'[')
                        .count();
                    deepest = deepest.max(depth + opens);
                    i += end + 1;
                }
            }
            b'\\' => i += 1,
            b'(' | b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    deepest
}

impl From<QueryEvaluationError> for SparqlError {
    fn from(e: QueryEvaluationError) -> Self {
        match e {
            QueryEvaluationError::Cancelled => SparqlError::Cancelled,
            e => SparqlError::Evaluation(e.to_string()),
        }
    }
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

    /// The prefixed names of `query` (with a predeclared prefix) that no triple of the store
    /// uses, each with the closest name of the same prefix that one does: what to say when a
    /// query found nothing.
    ///
    /// ```
    /// # use std::path::Path;
    /// # let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// # let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let store = kgforge::query::SparqlStore::new(&graph)?;
    /// let typo = "SELECT ?to WHERE { entity:kwantung_army prop:surendered_to ?to }";
    /// let unknown = store.unknown_names(typo);
    /// assert_eq!(unknown[0].name, "prop:surendered_to");
    /// assert_eq!(unknown[0].suggestion.as_deref(), Some("prop:surrendered_to"));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(names) lookups, and one pass over the triples when a name is unknown.
    pub fn unknown_names(&self, query: &str) -> Vec<super::UnknownName> {
        super::sparql_hints::unknown_names(&self.store, query, &self.prefixes)
    }

    /// Runs a SPARQL 1.1 query (`SELECT`, `ASK`, `CONSTRUCT`, `DESCRIBE`).
    ///
    /// # Errors
    /// [`SparqlError::Syntax`] with the parser's line and column, [`SparqlError::TooDeep`]
    /// or [`SparqlError::Evaluation`].
    pub fn query(&self, query: &str) -> Result<QueryResults<'static>, SparqlError> {
        self.query_cancellable(query, CancellationToken::new())
    }

    /// Runs a query that another thread can stop: after `cancel.cancel()`, evaluating the
    /// query and iterating over its results fail with [`SparqlError::Cancelled`] (from the
    /// iterators: [`QueryEvaluationError::Cancelled`]) at the next triple read from the store.
    /// Rows a join computes from what it holds in memory come without reading any, so a
    /// cancelled join may run on for a while. A time limit is a thread that cancels after a
    /// while; nothing else bounds a query's work (a cartesian product over a million triples,
    /// or `(p|!p)*`, runs for hours).
    ///
    /// ```
    /// # use std::path::Path;
    /// use oxigraph::sparql::{CancellationToken, QueryResults};
    /// use kgforge::query::SparqlError;
    ///
    /// # let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// # let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let store = kgforge::query::SparqlStore::new(&graph)?;
    /// let cancel = CancellationToken::new();
    /// let every_triple = "SELECT * WHERE { ?s ?p ?o }";
    /// let QueryResults::Solutions(mut rows) = store
    ///     .query_cancellable(every_triple, cancel.clone())
    ///     .expect("valid query")
    /// else {
    ///     unreachable!("SELECT gives solutions")
    /// };
    /// assert!(rows.next().is_some_and(|row| row.is_ok()));
    /// cancel.cancel();
    /// let stopped = rows.next().expect("more rows").unwrap_err();
    /// assert!(matches!(SparqlError::from(stopped), SparqlError::Cancelled));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`SparqlStore::query`], and [`SparqlError::Cancelled`].
    ///
    /// # Stack
    /// Oxigraph's parser and evaluator recurse once per level of nesting; a query nested
    /// [`MAX_QUERY_NESTING`] deep needs a few MiB of stack in a debug build (the main thread's
    /// 8 MiB suffices; `kgforge sparql` gives the query a thread with 64 MiB).
    pub fn query_cancellable(
        &self,
        query: &str,
        cancel: CancellationToken,
    ) -> Result<QueryResults<'static>, SparqlError> {
        let depth = nesting_depth(query);
        if depth > MAX_QUERY_NESTING {
            return Err(SparqlError::TooDeep(depth));
        }
        let mut evaluator = SparqlEvaluator::new().with_cancellation_token(cancel);
        for (name, iri) in &self.prefixes {
            evaluator = evaluator
                .with_prefix(*name, iri.as_str())
                .map_err(|e| SparqlError::Evaluation(e.to_string()))?;
        }
        evaluator
            .parse_query(query)
            .map_err(|e| {
                SparqlError::Syntax(super::sparql_hints::short_syntax_error(
                    query,
                    &e.to_string(),
                    &self.prefixes,
                ))
            })?
            .on_store(&self.store)
            .execute()
            .map_err(SparqlError::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nesting_is_counted_as_the_tokenizer_sees_it_or_more() {
        assert_eq!(nesting_depth("SELECT * WHERE { ?s ?p ?o }"), 1);
        assert_eq!(nesting_depth("SELECT * { FILTER((?x)) }"), 3);
        // Brackets in strings, comments and escapes are not tokens.
        assert_eq!(nesting_depth("SELECT * { ?s ?p \"((((\" } # ((((\n"), 1);
        assert_eq!(nesting_depth("SELECT * { ?s ?p '''a ' (( ''' }"), 1);
        assert_eq!(nesting_depth(r"SELECT * { ?s ?p ex:a\( }"), 1);
        assert_eq!(nesting_depth(r#"SELECT * { ?s ?p "\"((" }"#), 1);
        // An IRI may hold `#`, quotes and closing brackets; none of them hides an opening one.
        assert_eq!(nesting_depth("SELECT * { <http://x/#a'b)> ?p ((?o)) }"), 3);
        assert_eq!(nesting_depth("SELECT * { ?s ?p ?o FILTER(?a<((?b>3)) }"), 4);
        // Closing brackets inside strings cannot cancel real opening ones.
        let hidden = format!(
            "SELECT * {{ ?s ?p \"{}\" {} }}",
            ")".repeat(500),
            "(".repeat(300)
        );
        assert_eq!(nesting_depth(&hidden), 301);
    }
}
