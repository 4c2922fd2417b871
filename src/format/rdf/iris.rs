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
        ("wikibase", vocab::wikibase::NAMESPACE),
        ("time", vocab::time::NAMESPACE),
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

/// Prefix names and IRI segments of the dataset's own namespaces: Wikibase's roles
/// (`p:`, `ps:`, `psv:`, `pq:`, `pqv:`, `pr:`, `prv:`, statements, references, values) under
/// the dataset's base, as every Wikibase installation has them under its own.
const SEGMENTS: [(&str, &str); 19] = [
    ("entity", "entity/"),
    ("class", "class/"),
    ("property", "property/"),
    ("prop", "prop/direct/"),
    ("p", "prop/"),
    ("ps", "prop/statement/"),
    ("psv", "prop/statement/value/"),
    ("pq", "prop/qualifier/"),
    ("pqv", "prop/qualifier/value/"),
    ("pr", "prop/reference/"),
    ("prv", "prop/reference/value/"),
    ("stmt", "statement/"),
    ("ref", "reference/"),
    ("value", "value/"),
    ("source", "source/"),
    ("attr", "attribute/"),
    ("unit", "unit/"),
    ("shape", "shape/"),
    ("view", "view/"),
];

/// The local names of the built-in qualifiers under `pq:` (and `pqv:`); a free qualifier
/// with one of these keys gets a leading `_` so that it never names a built-in one.
pub const BUILT_IN_QUALIFIERS: [&str; 5] = [
    "point_in_time",
    "start_time",
    "end_time",
    "place",
    "quantity",
];

/// The IRI scheme of the RDF export (see the [RDF export](crate::export::rdf)).
///
/// ```
/// use kgforge::format::rdf::RdfIris;
///
/// let iris = RdfIris::new("https://example.org/ww2/")?;
/// assert_eq!(iris.entity("red_army").as_str(), "https://example.org/ww2/entity/red_army");
/// assert_eq!(iris.direct("surrendered_to").as_str(),
///            "https://example.org/ww2/prop/direct/surrendered_to");
/// assert_eq!(iris.free_qualifier("key with spaces").as_str(),
///            "https://example.org/ww2/prop/qualifier/key.20with.20spaces");
/// // A free qualifier never takes a built-in qualifier's name.
/// assert_eq!(iris.free_qualifier("place").as_str(), "https://example.org/ww2/prop/qualifier/_place");
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

    /// Appends `{base}{segment}{id}` to `out`, the id as [`RdfIris::entity`] writes it: no
    /// allocation once `out` has room, for the exporters' millions of IRIs.
    fn push_iri(&self, out: &mut String, segment: &str, id: &str) {
        out.push_str(&self.base);
        out.push_str(segment);
        out.push_str(&id_segment(id));
    }

    /// Appends [`RdfIris::entity`]'s IRI to `out`.
    pub(crate) fn push_entity(&self, out: &mut String, id: &str) {
        self.push_iri(out, "entity/", id);
    }

    /// Appends [`RdfIris::statement`]'s IRI to `out`.
    pub(crate) fn push_statement(&self, out: &mut String, id: &str) {
        self.push_iri(out, "statement/", id);
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

    /// `{base}property/{id}`: a predicate as a property entity (`wikibase:Property`).
    pub fn property_entity(&self, id: &str) -> NamedNode {
        self.iri("property/", &id_segment(id))
    }

    /// `{base}prop/direct/{id}` (`prop:`, as Wikidata's `wdt:`): the direct property.
    pub fn direct(&self, id: &str) -> NamedNode {
        self.iri("prop/direct/", &id_segment(id))
    }

    /// `{base}prop/{id}` (`p:`): entity → statement node.
    pub fn claim(&self, id: &str) -> NamedNode {
        self.iri("prop/", &id_segment(id))
    }

    /// `{base}prop/statement/{id}` (`ps:`): statement node → its simple value.
    pub fn statement_property(&self, id: &str) -> NamedNode {
        self.iri("prop/statement/", &id_segment(id))
    }

    /// `{base}prop/statement/value/{id}` (`psv:`): statement node → its value node.
    pub fn statement_value(&self, id: &str) -> NamedNode {
        self.iri("prop/statement/value/", &id_segment(id))
    }

    /// `{base}prop/qualifier/{name}` (`pq:`): a built-in qualifier ([`BUILT_IN_QUALIFIERS`]).
    pub fn qualifier(&self, name: &str) -> NamedNode {
        self.iri("prop/qualifier/", name)
    }

    /// `{base}prop/qualifier/value/{name}` (`pqv:`): a built-in qualifier's value node.
    pub fn qualifier_value(&self, name: &str) -> NamedNode {
        self.iri("prop/qualifier/value/", name)
    }

    /// `{base}prop/qualifier/{key}` with the key escaped: a free qualifier.
    pub fn free_qualifier(&self, key: &str) -> NamedNode {
        let local = key_local_name(key);
        if BUILT_IN_QUALIFIERS.contains(&&*local) {
            return self.iri("prop/qualifier/_", &local);
        }
        self.iri("prop/qualifier/", &local)
    }

    /// `{base}prop/reference/{name}` (`pr:`): a reference property.
    pub fn reference_property(&self, name: &str) -> NamedNode {
        self.iri("prop/reference/", name)
    }

    /// `{base}prop/reference/value/{name}` (`prv:`): a reference property's value node.
    pub fn reference_value(&self, name: &str) -> NamedNode {
        self.iri("prop/reference/value/", name)
    }

    /// `{base}attribute/{key}` with the key escaped: a free entity attribute.
    pub fn attribute(&self, key: &str) -> NamedNode {
        self.iri("attribute/", &key_local_name(key))
    }

    /// `{base}source/{id}`.
    pub fn source(&self, id: &str) -> NamedNode {
        self.iri("source/", &id_segment(id))
    }

    /// `{base}unit/{id}`: a unit with no IRI of its own (the id escaped like a free key, as
    /// an undeclared unit may be any text).
    pub fn unit(&self, id: &str) -> NamedNode {
        self.iri("unit/", &key_local_name(id))
    }

    /// `{base}statement/{id}`: a statement node.
    pub fn statement(&self, id: &str) -> NamedNode {
        self.iri("statement/", &id_segment(id))
    }

    /// `{base}reference/{hash}`: a reference node, named by the hash of its content, so
    /// that identical references are one node (as Wikidata's `wdref:`).
    pub fn reference(&self, hash: &str) -> NamedNode {
        self.iri("reference/", hash)
    }

    /// `{base}value/{hash}`: a value node (time, quantity, span), named by the hash of its
    /// content (as Wikidata's `wdv:`).
    pub fn value(&self, hash: &str) -> NamedNode {
        self.iri("value/", hash)
    }

    /// `{base}view/{id}`: a view (`[views.<id>]`), a `kg:View`.
    pub fn view(&self, id: &str) -> NamedNode {
        self.iri("view/", &id_segment(id))
    }

    /// `{base}shape/{name}`: a SHACL shape of the dataset's shapes graph.
    pub fn shape(&self, name: &str) -> NamedNode {
        self.iri("shape/", &key_local_name(name))
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
pub(crate) fn key_local_name(key: &str) -> Cow<'_, str> {
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

/// The id an IRI segment of [`id_segment`] stands for: percent-escapes decoded (`None` when
/// they do not decode to UTF-8).
pub(crate) fn id_from_segment(segment: &str) -> Option<String> {
    if !segment.contains('%') {
        return Some(segment.to_string());
    }
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| char::from(b).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The free key a local name of [`key_local_name`] stands for (`key.20with.20spaces` → `key
/// with spaces`, `_1945` → `1945`); `None` when it is not one that function writes.
pub(crate) fn key_from_local_name(local: &str) -> Option<String> {
    let body = match local.strip_prefix('_') {
        Some(rest) => rest,
        None if local.starts_with(|c: char| c.is_ascii_alphabetic()) => local,
        None => return None,
    };
    let bytes = body.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'.' {
            let hex = body.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
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
        for key in keys {
            assert_eq!(
                key_from_local_name(&key_local_name(key)).as_deref(),
                Some(key)
            );
        }
        let iris = RdfIris::new("https://example.org/").unwrap();
        // A free qualifier named like a built-in one reads back too.
        for key in ["place", "_place", "quantity", "x y", "1945"] {
            let iri = iris.free_qualifier(key);
            let local = iri.as_str().rsplit('/').next().unwrap();
            assert_eq!(key_from_local_name(local).as_deref(), Some(key));
        }
        assert_eq!(id_from_segment("a%20b").as_deref(), Some("a b"));
        assert_eq!(
            id_from_segment("kwantung_army").as_deref(),
            Some("kwantung_army")
        );
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
