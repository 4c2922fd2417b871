//! The IRI scheme of kgforge's RDF: which IRI each node of a dataset gets, and the prefixes
//! the RDF syntaxes declare.

use std::borrow::Cow;

use oxrdf::{IriParseError, NamedNode};

use super::vocab;
use crate::graph::KnowledgeGraph;
use crate::model::Dataset;

/// Every prefix the export declares, in a fixed order.
fn prefixes(iris: &RdfIris) -> Vec<(&'static str, String)> {
    let base = iris.base();
    let fixed = [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("owl", vocab::owl::NAMESPACE),
        ("skos", vocab::skos::NAMESPACE),
        ("prov", vocab::prov::NAMESPACE),
        ("dcterms", vocab::dcterms::NAMESPACE),
        ("schema", vocab::schema::NAMESPACE),
        ("void", vocab::void::NAMESPACE),
        ("dcat", vocab::dcat::NAMESPACE),
        ("wd", vocab::WD),
        ("wdt", vocab::WDT),
        ("kg", vocab::kg::NAMESPACE),
    ];
    let mut all: Vec<(&'static str, String)> =
        fixed.iter().map(|(p, i)| (*p, (*i).to_string())).collect();
    all.push(("data", base.to_string()));
    for (prefix, segment) in SEGMENTS {
        all.push((prefix, format!("{base}{segment}")));
    }
    all
}

/// Prefix names and IRI segments of the dataset's own namespaces.
const SEGMENTS: [(&str, &str); 8] = [
    ("entity", "entity/"),
    ("class", "class/"),
    ("prop", "prop/"),
    ("attr", "attribute/"),
    ("qual", "qualifier/"),
    ("source", "source/"),
    ("stmt", "statement/"),
    ("ref", "reference/"),
];

/// The IRI scheme of the RDF export (see the [RDF export](crate::export::rdf)).
///
/// ```
/// use kgforge::format::rdf::RdfIris;
///
/// let iris = RdfIris::new("https://example.org/ww2/")?;
/// assert_eq!(iris.entity("red_army").as_str(), "https://example.org/ww2/entity/red_army");
/// assert_eq!(iris.reference("s.1", 2).as_str(), "https://example.org/ww2/reference/s.1.2");
/// assert_eq!(iris.qualifier("key with spaces").as_str(),
///            "https://example.org/ww2/qualifier/key.20with.20spaces");
/// # Ok::<(), oxrdf::IriParseError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RdfIris {
    base: String,
}

impl RdfIris {
    /// The scheme under a base IRI (which should end in `/` or `#`).
    ///
    /// # Errors
    /// When `base_iri` is not an absolute IRI.
    pub fn new(base_iri: impl Into<String>) -> Result<Self, IriParseError> {
        let base = NamedNode::new(base_iri)?.into_string();
        Ok(Self { base })
    }

    /// The scheme of a dataset (its `base_iri`, checked by validation).
    pub fn for_dataset(dataset: &Dataset) -> Self {
        Self {
            base: dataset.meta.base_iri.clone(),
        }
    }

    /// The scheme of a graph's dataset.
    pub fn for_graph(graph: &KnowledgeGraph) -> Self {
        Self::for_dataset(graph.dataset())
    }

    /// The base IRI.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The prefixes the Turtle, TriG and RDF/XML exports declare (and `kgforge sparql`
    /// predeclares): the standard vocabularies, `kg:`, and the dataset's own namespaces.
    pub fn prefixes(&self) -> Vec<(&'static str, String)> {
        prefixes(self)
    }

    fn iri(&self, segment: &str, local: &str) -> NamedNode {
        // Pushed rather than `format!`ted: a bulk export makes millions.
        let mut iri = String::with_capacity(self.base.len() + segment.len() + local.len());
        iri.push_str(&self.base);
        iri.push_str(segment);
        iri.push_str(local);
        NamedNode::new_unchecked(iri)
    }

    /// `{base}dataset`: the dataset, and the named graph of N-Quads and TriG.
    pub fn dataset(&self) -> NamedNode {
        self.iri("dataset", "")
    }

    /// `{base}entity/{id}`.
    pub fn entity(&self, id: &str) -> NamedNode {
        self.iri("entity/", &id_segment(id))
    }

    /// `{base}class/{id}`: an entity type.
    pub fn class(&self, id: &str) -> NamedNode {
        self.iri("class/", &id_segment(id))
    }

    /// `{base}prop/{id}`: a predicate.
    pub fn property(&self, id: &str) -> NamedNode {
        self.iri("prop/", &id_segment(id))
    }

    /// `{base}attribute/{key}` with the key escaped: a free entity attribute.
    pub fn attribute(&self, key: &str) -> NamedNode {
        self.iri("attribute/", &key_local_name(key))
    }

    /// `{base}qualifier/{key}` with the key escaped: a free qualifier.
    pub fn qualifier(&self, key: &str) -> NamedNode {
        self.iri("qualifier/", &key_local_name(key))
    }

    /// `{base}source/{id}`.
    pub fn source(&self, id: &str) -> NamedNode {
        self.iri("source/", &id_segment(id))
    }

    /// `{base}statement/{id}`: a statement node.
    pub fn statement(&self, id: &str) -> NamedNode {
        self.iri("statement/", &id_segment(id))
    }

    /// `{base}reference/{id}.{n}`: the `n`th reference of a statement, from 1.
    pub fn reference(&self, statement_id: &str, n: usize) -> NamedNode {
        self.iri("reference/", &format!("{}.{n}", id_segment(statement_id)))
    }

    /// `http://www.wikidata.org/entity/{qid}`.
    pub fn wikidata(&self, qid: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}{}", vocab::WD, id_segment(qid)))
    }
}

/// An id as an IRI segment: kgforge ids (`[A-Za-z0-9_.-]`) verbatim, any other byte
/// percent-encoded, so that even an id that skipped validation gives a valid IRI.
fn id_segment(id: &str) -> Cow<'_, str> {
    let safe = |b: u8| matches!(b, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-');
    if id.bytes().all(safe) {
        return Cow::Borrowed(id);
    }
    let mut out = String::with_capacity(id.len() * 3);
    for b in id.bytes() {
        if safe(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// A free key as an XML NCName (so RDF/XML can write the property) and a Turtle local name:
/// `[A-Za-z0-9_-]` stay, other bytes become `.XX`, and a `_` goes in front unless the key
/// starts with an ASCII letter. The mapping is one-to-one.
fn key_local_name(key: &str) -> Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let letter_first = key.starts_with(|c: char| c.is_ascii_alphabetic());
    if letter_first && key.bytes().all(keep) {
        return Cow::Borrowed(key);
    }
    let mut out = String::with_capacity(key.len() * 3 + 1);
    if !letter_first {
        out.push('_');
    }
    for b in key.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!(".{b:02X}"));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_escape_one_to_one_into_ncnames() {
        let keys = [
            "scope", "a_b", "a b", "a.b", "a.2Eb", "_x", "x", "1945", "_1945", "", "_", "é", "-",
        ];
        let names: Vec<_> = keys.iter().map(|k| key_local_name(k)).collect();
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), keys.len(), "{names:?}");
        for n in &names {
            assert!(
                n.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_'),
                "{n}"
            );
            assert!(!n.ends_with('.'), "{n}");
        }
        assert_eq!(key_local_name("key with spaces"), "key.20with.20spaces");
        assert_eq!(key_local_name("1945"), "_1945");
    }

    #[test]
    fn ids_that_skipped_validation_still_make_iris() {
        let iris = RdfIris::new("https://example.org/").unwrap();
        assert_eq!(
            iris.entity("a b").as_str(),
            "https://example.org/entity/a%20b"
        );
        assert!(NamedNode::new(iris.entity("<>\"{}").as_str()).is_ok());
    }
}
