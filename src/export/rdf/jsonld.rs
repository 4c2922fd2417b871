//! Compacted JSON-LD: one node object per subject under `@graph`, IRIs compacted with the
//! export's prefixes (`entity:kwantung_army`), `rdf:type` as `@type`, a property with one value
//! written without an array. The `@context` holds the prefixes only; it is written inline
//! (readers need nothing from the network) and published beside the export as
//! `{id}.context.jsonld` for documents that reference it.

use std::io::{self, Write};

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{Term, Triple};
use serde_json::{Map, Value as Json, json};

use super::StatementNodes;
use super::build;
use crate::format::rdf::RdfIris;
use crate::graph::KnowledgeGraph;

/// The prefixes of the `@context`, longest namespace first (the order compaction tries them).
/// A prefix named like the scheme of the base IRI would change the meaning of every absolute
/// IRI, so it is left out.
fn prefixes(iris: &RdfIris) -> Vec<(&'static str, String)> {
    let scheme = iris
        .base()
        .split(':')
        .next()
        .unwrap_or_default()
        .to_string();
    let mut all: Vec<_> = iris
        .prefixes()
        .into_iter()
        .filter(|(p, _)| *p != scheme)
        .collect();
    all.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(b.0)));
    all
}

/// The graph's JSON-LD context document, `{"@context": {prefix: namespace, …}}`: what the
/// JSON-LD export carries inline, and what `exports/{id}.context.jsonld` holds.
///
/// ```
/// let report = kgforge::validate(kgforge::load(std::path::Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let context = kgforge::export::rdf::jsonld_context(&graph);
/// assert_eq!(context["@context"]["wikibase"], "http://wikiba.se/ontology#");
/// # Ok::<(), kgforge::Error>(())
/// ```
pub fn jsonld_context(graph: &KnowledgeGraph) -> Json {
    jsonld_context_of(graph.dataset())
}

/// [`jsonld_context`] of a dataset.
pub(crate) fn jsonld_context_of(dataset: &crate::model::Dataset) -> Json {
    let iris = RdfIris::for_dataset(dataset);
    let map: Map<String, Json> = prefixes(&iris)
        .into_iter()
        .map(|(p, iri)| (p.to_string(), Json::String(iri)))
        .collect();
    json!({ "@context": map })
}

struct Compactor {
    prefixes: Vec<(&'static str, String)>,
}

impl Compactor {
    /// `prefix:local` with the longest namespace that leaves a local part (one that does not
    /// start with `//`, which JSON-LD would read as an absolute IRI), else the IRI itself.
    fn iri(&self, iri: &str) -> String {
        for (prefix, ns) in &self.prefixes {
            if let Some(local) = iri.strip_prefix(ns.as_str())
                && !local.is_empty()
                && !local.starts_with("//")
            {
                return format!("{prefix}:{local}");
            }
        }
        iri.to_string()
    }

    fn value(&self, term: &Term) -> Json {
        match term {
            Term::NamedNode(n) => json!({ "@id": self.iri(n.as_str()) }),
            Term::BlankNode(b) => json!({ "@id": format!("_:{}", b.as_str()) }),
            Term::Literal(l) => {
                if let Some(lang) = l.language() {
                    json!({ "@value": l.value(), "@language": lang })
                } else if l.datatype() == xsd::STRING {
                    Json::String(l.value().to_string())
                } else {
                    json!({ "@value": l.value(), "@type": self.iri(l.datatype().as_str()) })
                }
            }
        }
    }

    /// One subject's triples as a node object.
    fn node(&self, group: &[Triple]) -> Json {
        let mut node = Map::new();
        let Some(first) = group.first() else {
            return Json::Object(node);
        };
        let id = match &first.subject {
            oxrdf::NamedOrBlankNode::NamedNode(n) => self.iri(n.as_str()),
            oxrdf::NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
        };
        node.insert("@id".into(), Json::String(id));
        for t in group {
            let (key, value) = match &t.object {
                Term::NamedNode(n) if t.predicate == rdf::TYPE => {
                    ("@type".to_string(), Json::String(self.iri(n.as_str())))
                }
                object => (self.iri(t.predicate.as_str()), self.value(object)),
            };
            match node.get_mut(&key) {
                None => {
                    node.insert(key, value);
                }
                Some(Json::Array(values)) => values.push(value),
                Some(one) => {
                    let first = one.take();
                    *one = Json::Array(vec![first, value]);
                }
            }
        }
        Json::Object(node)
    }
}

/// Writes the compacted document, one node object at a time, indented as serde_json's pretty
/// printer would indent the whole.
pub(super) fn write<W: Write>(
    graph: &KnowledgeGraph,
    nodes: StatementNodes,
    writer: &mut W,
) -> io::Result<()> {
    let compactor = Compactor {
        prefixes: prefixes(&RdfIris::for_graph(graph)),
    };
    let context = serde_json::to_vec_pretty(&jsonld_context(graph)["@context"])?;
    writer.write_all(b"{\n  \"@context\": ")?;
    indented(writer, &context, b"  ")?;
    writer.write_all(b",\n  \"@graph\": [")?;
    let mut first = true;
    build::build(graph, nodes, &mut |group| {
        let triples: Vec<Triple> = group.triples().map(oxrdf::TripleRef::into_owned).collect();
        let node = serde_json::to_vec_pretty(&compactor.node(&triples))?;
        writer.write_all(if first { b"\n    " } else { b",\n    " })?;
        first = false;
        indented(writer, &node, b"    ")
    })?;
    writer.write_all(b"\n  ]\n}\n")
}

/// Writes `json` with `indent` after each line break (JSON strings hold no raw line break).
fn indented<W: Write>(writer: &mut W, json: &[u8], indent: &[u8]) -> io::Result<()> {
    for line in json.split_inclusive(|&b| b == b'\n') {
        writer.write_all(line)?;
        if line.ends_with(b"\n") {
            writer.write_all(indent)?;
        }
    }
    Ok(())
}
