//! RDF export: the graph as oxrdf terms, written by oxrdfio (Turtle, N-Triples, N-Quads, TriG,
//! RDF/XML) or as compacted JSON-LD.
//!
//! The export follows **Wikibase's RDF model** (the one Wikidata's query service serves), with
//! the dataset's own namespaces in Wikibase's roles, so that a query written for Wikidata works
//! with a change of prefixes. Every statement has a **statement node** (`p:` entity →
//! `stmt:`), with its rank, its value (`ps:` and, for quantities, dates and spans, a value node
//! through `psv:`), its qualifiers (`pq:`, `pqv:`) and its references (`prov:wasDerivedFrom` →
//! reference nodes with `pr:` properties). The **direct** ("truthy") layer holds the
//! best-ranked statements only: preferred ones when the subject and predicate have any, else
//! normal ones, never deprecated ones; and only values that are a plain term (a range or an
//! open bound has no figure to give). With [`StatementNodes::Annotated`] only statements that
//! carry more than their direct triple get a node. The schema, the `kg:` vocabulary, units,
//! sources, views and the dataset's metadata travel with the data: nothing of a dataset is
//! lost, and `kgforge import` ([`crate::import()`]) rebuilds the dataset from
//! any of its RDF exports.
//!
//! There are no blank nodes: every node has an IRI derived from kgforge ids or from its
//! content, so the same dataset always exports to the same triples, and (as they are written
//! in a fixed order) the same bytes.
//!
//! # IRIs
//!
//! `{base}` is the dataset's `base_iri`. The prefixes are declared in Turtle, TriG and RDF/XML
//! and in JSON-LD's `@context`.
//!
//! | node                                  | IRI                                   | prefix (Wikidata's) |
//! |---------------------------------------|---------------------------------------|---------------------|
//! | the dataset                           | `{base}dataset`                       | `data:`             |
//! | entity                                | `{base}entity/{id}`                   | `entity:` (`wd:`)   |
//! | type (an `owl:Class`)                 | `{base}class/{id}`                    | `class:`            |
//! | predicate as a `wikibase:Property`    | `{base}property/{id}`                 | `property:` (`wd:P…`) |
//! | direct property                       | `{base}prop/direct/{id}`              | `prop:` (`wdt:`)    |
//! | entity → statement                    | `{base}prop/{id}`                     | `p:`                |
//! | statement → value                     | `{base}prop/statement/{id}`           | `ps:`               |
//! | statement → value node                | `{base}prop/statement/value/{id}`     | `psv:`              |
//! | qualifier, its value node             | `{base}prop/qualifier/{name}`, `…/value/{name}` | `pq:`, `pqv:` |
//! | reference property, its value node    | `{base}prop/reference/{name}`, `…/value/{name}` | `pr:`, `prv:` |
//! | statement node                        | `{base}statement/{statement id}`      | `stmt:` (`wds:`)    |
//! | reference node                        | `{base}reference/{hash}`              | `ref:` (`wdref:`)   |
//! | value node (time, quantity, span)     | `{base}value/{hash}`                  | `value:` (`wdv:`)   |
//! | source                                | `{base}source/{id}`                   | `source:`           |
//! | free entity attribute                 | `{base}attribute/{key}` (escaped)     | `attr:`             |
//! | unit                                  | `{base}unit/{id}` (escaped)           | `unit:`             |
//! | view                                  | `{base}view/{id}`                     | `view:`             |
//!
//! A reference or value node is named by the first 128 bits of the SHA-256 of its content, in
//! hex, so identical references and values are one node, written once, as Wikidata's are.
//! Ids are slugs and statement ids use `[A-Za-z0-9_.-]`, so they appear verbatim.
//!
//! Attribute and free qualifier keys are free text. To make a property IRI that every syntax
//! (RDF/XML included) can write as a qualified name they are escaped: ASCII letters and digits,
//! `_` and `-` stay, every other byte of their UTF-8 becomes `.` and two upper-case hex digits,
//! and a key that does not start with an ASCII letter gets a leading `_` (`key with spaces` →
//! `key.20with.20spaces`, `1945` → `_1945`); a free qualifier named like a built-in one gets a
//! leading `_` too (`place` → `pq:_place`). The property's `rdfs:label` is the key itself.
//!
//! N-Quads and TriG put every triple in one named graph, the dataset IRI `{base}dataset`; the
//! other syntaxes write the default graph.
//!
//! # Vocabulary
//!
//! Wikibase's ontology, `wikibase:` = `http://wikiba.se/ontology#`, for the statement model;
//! OWL-Time (`time:`) for spans; kgforge's own terms in `kg:` = `https://w3id.org/kgforge/vocab#`
//! ([`vocab::kg`], every term declared with a label and a comment, in the export and in
//! `exports/kgforge-vocab.ttl`). Other prefixes: `rdf`, `rdfs`, `xsd`, `owl`, `skos`, `prov`,
//! `dcterms`, `schema` (`http://schema.org/`), `void`, `dcat`, `wd`
//! (`http://www.wikidata.org/entity/`) and `wdt`.
//!
//! Every natural-language literal has a language tag: a source's title its own `language`,
//! else the dataset's primary language (its first); labels their own; descriptions, notes,
//! dispute reasons, text values, free qualifiers and reference sections the primary language
//! (a section the source's language when it has one). Names (authors, publishers), ids,
//! pages and free attribute values are plain strings.
//!
//! ## The dataset, `{base}dataset`
//!
//! `a void:Dataset, dcat:Dataset`; `dcterms:identifier` (its id), `dcterms:title` and
//! `dcterms:description`, `dcterms:license` (an SPDX id such as `CC-BY-4.0` becomes
//! `<http://spdx.org/licenses/CC-BY-4.0>`, an IRI stays an IRI, anything else is text),
//! `dcterms:language` (one `xsd:language` per language), `void:uriSpace` (`{base}`).
//!
//! ## Schema
//!
//! | kgforge                   | RDF                                                               |
//! |---------------------------|-------------------------------------------------------------------|
//! | type                      | `class:{id} a owl:Class`; `rdfs:label`, `rdfs:comment`; `parent` → `rdfs:subClassOf`; `class` → `owl:equivalentClass`; `group` → `kg:group` |
//! | predicate                 | `property:{id} a wikibase:Property`; `rdfs:label`, `schema:description`, `kg:inverseLabel`; `wikibase:propertyType` (`WikibaseItem`, `Quantity` for integers and decimals, `Time` for dates and years, `Monolingualtext` for strings, `kg:TimeSpan` for spans); `kg:literalKind` the literal kind's name (`integer`, `year`, …) when the range is one; `wikibase:directClaim` `prop:`, `wikibase:claim` `p:`, `wikibase:statementProperty` `ps:`, `wikibase:statementValue` `psv:` (literal kinds with value nodes) |
//! | the direct property `prop:{id}` | `a owl:ObjectProperty` (entities, spans) or `owl:DatatypeProperty`; `owl:SymmetricProperty` when `symmetric`; `rdfs:label`, `rdfs:comment`, `rdfs:isDefinedBy` the property entity; `domain` → `schema:domainIncludes` per type and `rdfs:domain` when there is one; `range` → `schema:rangeIncludes`/`rdfs:range`, or for a literal kind `rdfs:range` `xsd:decimal`, `xsd:dateTime`, `time:Interval` or `rdf:langString`; `property` → `owl:equivalentProperty` |
//! | `p:`, `ps:`, `psv:`       | declared `owl:ObjectProperty`/`owl:DatatypeProperty` with `rdfs:isDefinedBy` the property entity |
//! | built-in qualifiers       | `pq:point_in_time`, `pq:start_time`, `pq:end_time` (`xsd:dateTime`), `pq:place` (an entity), `pq:quantity` (`xsd:decimal`), with `pqv:` value properties; `owl:equivalentProperty` Wikidata's P585, P580, P582, P276, P1114 |
//! | reference properties      | `pr:stated_in` (the source; P248), `pr:page` (P304), `pr:section` (P958), `pr:paragraph` (`xsd:integer`), `pr:note`, `pr:retrieved` (`xsd:dateTime`; P813) with `prv:retrieved` |
//! | attribute / free qualifier key | `attr:…` / `pq:…` `a owl:DatatypeProperty; rdfs:subPropertyOf kg:attribute` / `kg:qualifier`; `rdfs:label` the key |
//! | unit                      | `unit:{id} a kg:Unit`; `rdfs:label`, `rdfs:comment`, `owl:sameAs` its `iri`, `rdfs:isDefinedBy` the dataset; a unit quantities name without declaring it is `unit:{text} a kg:Unit` with its text as `rdfs:label` (no `rdfs:isDefinedBy`) |
//!
//! ## Sources and entities
//!
//! | kgforge               | RDF                                                                  |
//! |-----------------------|----------------------------------------------------------------------|
//! | source                | `a prov:Entity`; `dcterms:title` (in its `language`), `dcterms:creator`, `dcterms:publisher`, `dcterms:date` (`xsd:gYear`, `xsd:gYearMonth` or `xsd:date` by precision, as Dublin Core writes dates), `kg:accessed` (the same), `dcterms:language` (`xsd:language`), `dcterms:type` (`kg:Article`, `kg:Book`, …), `schema:url`, `rdfs:comment` (its note), `kg:paragraphs` |
//! | entity                | `a` its class; `rdfs:label`, `skos:altLabel` with their language tags; `schema:description`; `wikidata` → `owl:sameAs wd:Q…`; attributes → `attr:{key}` typed literals |
//!
//! ## Statements
//!
//! | value        | direct triple and `ps:`                    | value node (`psv:`)                              |
//! |--------------|--------------------------------------------|--------------------------------------------------|
//! | entity       | the entity's IRI                           | —                                                |
//! | quantity     | exact and about: the amount, `xsd:decimal`; a range or an open bound: none | `a wikibase:QuantityValue`; `wikibase:quantityAmount` (exact, about), `wikibase:quantityLowerBound` (range, at least, more than), `wikibase:quantityUpperBound` (range, at most, less than), `wikibase:quantityUnit` (the unit's `iri`, else `unit:{id}`; `wd:Q199` without a unit), `kg:unit` (`unit:{id}`, when the quantity names a unit), `kg:bound` (`kg:Exact`, `kg:About`, `kg:AtLeast`, `kg:MoreThan`, `kg:AtMost`, `kg:LessThan`, `kg:Range`; `kg:exclusive` on each says whether its bound is exclusive) |
//! | decimal      | `xsd:decimal`, Rust's shortest round-trip digits | `wikibase:QuantityValue` with the amount and `wd:Q199` |
//! | date         | `xsd:dateTime` of its first day at midnight UTC, as Wikidata for every precision (`1945-08` → `1945-08-01T00:00:00Z`; `-0044` is 45 BCE) | `a wikibase:TimeValue`; `wikibase:timeValue`, `wikibase:timePrecision` (9 year, 10 month, 11 day), `wikibase:timeTimezone 0`, `wikibase:timeCalendarModel wd:Q1985727` |
//! | span         | its value node                             | `a time:Interval`; `time:hasBeginning`, `time:hasEnd`: time value nodes (an unknown end is left out) |
//! | text         | a string in the primary language           | —                                                |
//!
//! The statement node `stmt:{id}`, linked from its subject by `p:{predicate}`:
//!
//! | term                          | object                                                        |
//! |-------------------------------|---------------------------------------------------------------|
//! | `rdf:type`                    | `wikibase:Statement`, and `wikibase:BestRank` for the best-ranked ones (those with a direct triple, if their value has a figure) |
//! | `wikibase:rank`               | `wikibase:PreferredRank`, `wikibase:NormalRank`, `wikibase:DeprecatedRank` |
//! | `ps:`, `psv:`                 | the value, as above                                           |
//! | `pq:point_in_time`, `pq:start_time`, `pq:end_time` | date qualifiers as `xsd:dateTime`, with `pqv:` time value nodes |
//! | `pq:place`                    | the place qualifier (an entity)                               |
//! | `pq:quantity`, `pqv:quantity` | the quantity qualifier: its amount (exact, about) and its value node |
//! | `pq:{key}`                    | a free qualifier's text                                       |
//! | `kg:disputeReason`            | why it is disputed (only disputed statements have one)        |
//! | `skos:note`                   | the statement's note                                          |
//! | `prov:wasDerivedFrom`         | each reference node                                           |
//!
//! A reference node `ref:{hash}` is `a wikibase:Reference` with `pr:stated_in` the source,
//! `pr:paragraph`, `pr:page`, `pr:section`, `pr:note`, and `pr:retrieved`/`prv:retrieved` when
//! the source has an `accessed` date.
//!
//! ## Views
//!
//! A view `view:{id}` is `a kg:View` with `dcterms:title` and `dcterms:description` (primary
//! language), `kg:focus` (entities, in the view's order), `kg:depth` (`xsd:integer`),
//! `kg:direction` (`"in"`, `"out"`, `"both"`), `kg:includesPredicate`/`kg:excludesPredicate`
//! (property entities), `kg:includesType`/`kg:excludesType` (classes), `kg:includesRank`
//! (Wikibase ranks), `kg:asOf` (a W3C date of its precision), `dcterms:language`
//! (`xsd:language`), `kg:rankdir`, `kg:engine`, `kg:legend` (their names, as in TOML) and
//! `kg:qualifierPlaces`, `kg:figures`, `kg:timeline` (`xsd:boolean`); settings a view leaves
//! out are left out.
//!
//! ## What RDF cannot say
//!
//! An RDF graph is a set of triples, so a dataset comes back from its RDF with what a set
//! cannot hold dropped: an alias written twice for one language, or a reference cited twice by
//! one statement, comes back once, and an empty alias list not at all. Order is not part of a
//! graph either: `kgforge import` takes the order of items (types, entities, languages,
//! aliases, references, a view's focus) from the order of the document, which every kgforge
//! export writes in dataset order. A license written as an SPDX IRI
//! (`http://spdx.org/licenses/MIT`) is read back as its id (`MIT`).
//!
//! ```
//! use std::path::Path;
//! use kgforge::export::{self, Format};
//!
//! let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
//! let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
//! let turtle = String::from_utf8(export::export(&graph, Format::Turtle, Vec::new())?).unwrap();
//! assert!(turtle.contains("@prefix wikibase: <http://wikiba.se/ontology#> ."));
//! assert!(turtle.contains("entity:kwantung_army a class:"));
//! # Ok::<(), kgforge::Error>(())
//! ```

mod build;
mod chunked;
mod declare;
mod group;
mod jsonld;
pub(crate) mod stream;
mod values;

pub use jsonld::jsonld_context;
pub(crate) use jsonld::jsonld_context_of;

pub use crate::format::rdf::RdfIris;
pub use crate::format::rdf::vocab;

pub use build::StatementNodes;

use std::io::{self, Write};

use oxrdf::{GraphName, IriParseError, Quad, QuadRef, Triple};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::Format;
use crate::graph::KnowledgeGraph;

/// Writes a [`KnowledgeGraph`] as RDF in one of the RDF [`Format`]s.
///
/// The module documentation describes the IRIs and the vocabulary. [`RdfExporter::quads`]
/// yields exactly the quads that [`RdfExporter::export`] writes.
///
/// ```
/// use std::path::Path;
/// use kgforge::export::{Format, rdf::{RdfExporter, RdfIris}};
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let iris = RdfIris::for_graph(&graph);
///
/// let exporter = RdfExporter::new(Format::NQuads);
/// let kwantung = iris.entity("kwantung_army");
/// let surrendered_to = iris.direct("surrendered_to");
/// let to: Vec<_> = exporter
///     .quads(&graph)
///     .filter(|q| q.subject == kwantung.clone().into() && q.predicate == surrendered_to)
///     .collect();
/// assert!(!to.is_empty());
/// assert_eq!(to[0].graph_name, iris.dataset().into());
///
/// let nquads = exporter.export(&graph, Vec::new()).expect("writing to memory");
/// assert_eq!(nquads.split(|&b| b == b'\n').filter(|l| !l.is_empty()).count(),
///            exporter.quads(&graph).count());
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct RdfExporter {
    format: Format,
    nodes: StatementNodes,
}

impl RdfExporter {
    /// An exporter for an RDF format ([`Format::is_rdf`]); [`RdfExporter::export`] refuses
    /// the others.
    pub fn new(format: Format) -> Self {
        Self {
            format,
            nodes: StatementNodes::default(),
        }
    }

    /// Which statements get a statement node: [`StatementNodes::All`] (the default) or
    /// [`StatementNodes::Annotated`].
    ///
    /// ```
    /// use kgforge::export::{Format, rdf::{RdfExporter, StatementNodes}};
    ///
    /// let exporter = RdfExporter::new(Format::NTriples).with_statement_nodes(StatementNodes::Annotated);
    /// assert_eq!(exporter.statement_nodes(), StatementNodes::Annotated);
    /// ```
    pub fn with_statement_nodes(mut self, nodes: StatementNodes) -> Self {
        self.nodes = nodes;
        self
    }

    /// Which statements get a statement node.
    pub fn statement_nodes(&self) -> StatementNodes {
        self.nodes
    }

    /// The format written.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The graph the triples go in: the dataset IRI for N-Quads and TriG, the default graph
    /// for the other syntaxes.
    pub fn graph_name(&self, graph: &KnowledgeGraph) -> GraphName {
        match self.format {
            Format::NQuads | Format::TriG => RdfIris::for_graph(graph).dataset().into(),
            _ => GraphName::DefaultGraph,
        }
    }

    /// The triples of the export, without duplicates, in the order they are written.
    ///
    /// # Complexity
    /// O(entities + statements + schema) time and memory: the triples are built in a vector.
    pub fn triples(&self, graph: &KnowledgeGraph) -> impl Iterator<Item = Triple> + use<> {
        build::triples(graph, self.nodes).into_iter()
    }

    /// The quads written: [`RdfExporter::triples`] in [`RdfExporter::graph_name`].
    ///
    /// # Complexity
    /// As [`RdfExporter::triples`].
    pub fn quads(&self, graph: &KnowledgeGraph) -> impl Iterator<Item = Quad> + use<> {
        let name = self.graph_name(graph);
        self.triples(graph).map(move |t| t.in_graph(name.clone()))
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer; [`io::ErrorKind::InvalidInput`] when the format is not RDF.
    /// (Validation refuses the control characters XML 1.0 cannot hold, so RDF/XML always
    /// writes.)
    ///
    /// # Complexity
    /// O(entities + statements + schema) time. Streams: only one subject's triples are held
    /// at a time (JSON-LD, which is re-indented, is the exception).
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, writer: W) -> io::Result<W> {
        let iris = RdfIris::for_graph(graph);
        let prefixes = iris.prefixes();
        let name = self.graph_name(graph);
        let mut writer = writer;
        if self.format == Format::JsonLd {
            jsonld::write(graph, self.nodes, &mut writer)?;
            return Ok(writer);
        }
        let format = rdf_format(self.format).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not an RDF format", self.format.name()),
            )
        })?;
        // The bulk formats are built in chunks on two threads.
        let syntax = match self.format {
            Format::NTriples => Some(chunked::Syntax::Lines { graph: None }),
            Format::NQuads => Some(chunked::Syntax::Lines {
                graph: match &name {
                    GraphName::NamedNode(n) => Some(n.as_str()),
                    _ => None,
                },
            }),
            Format::Turtle => Some(chunked::Syntax::Turtle {
                prefixes: &prefixes,
            }),
            _ => None,
        };
        if let Some(syntax) = syntax {
            chunked::write(graph, self.nodes, syntax, &mut writer)?;
            return Ok(writer);
        }
        let mut serializer = RdfSerializer::from_format(format);
        for (prefix, iri) in &prefixes {
            serializer = serializer.with_prefix(*prefix, iri).map_err(invalid)?;
        }
        // XML parsers read a raw CR (and CR LF) as LF; `&#13;` keeps it. The other syntaxes
        // escape CR themselves.
        let writer = CarriageReturns {
            inner: writer,
            escape: self.format == Format::RdfXml,
        };
        let mut out = serializer.for_writer(writer);
        build::build(graph, self.nodes, &mut |group| {
            group.triples().try_for_each(|t| {
                out.serialize_quad(QuadRef::new(
                    t.subject,
                    t.predicate,
                    t.object,
                    name.as_ref(),
                ))
            })
        })?;
        Ok(out.finish()?.inner)
    }
}

impl RdfExporter {
    /// Writes the graph as N-Triples or N-Quads split over `writers` by a hash of each
    /// triple's subject ([`crate::export::shards`]: the file names, the hash, the manifest);
    /// returns what each shard was given. The shards' lines, taken together, are the lines of
    /// [`RdfExporter::export`].
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::export::{Format, rdf::RdfExporter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let exporter = RdfExporter::new(Format::NQuads);
    /// let mut shards = vec![Vec::new(); 4];
    /// let stats = exporter.export_shards(&graph, &mut shards).expect("writing to memory");
    /// let whole = exporter.export(&graph, Vec::new()).expect("writing to memory");
    /// let lines = |b: &[u8]| b.split(|&c| c == b'\n').filter(|l| !l.is_empty()).count() as u64;
    /// assert_eq!(stats.iter().map(|s| s.triples).sum::<u64>(), lines(&whole));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Errors
    /// I/O errors from the writers; [`io::ErrorKind::InvalidInput`] for a format other than
    /// N-Triples and N-Quads, or no writer.
    pub fn export_shards<W: Write>(
        &self,
        graph: &KnowledgeGraph,
        writers: &mut [W],
    ) -> io::Result<Vec<crate::export::shards::ShardStats>> {
        if !matches!(self.format, Format::NTriples | Format::NQuads) || writers.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "only N-Triples and N-Quads are written in shards, not {}",
                    self.format.name()
                ),
            ));
        }
        let name = self.graph_name(graph);
        let name = match &name {
            GraphName::NamedNode(n) => Some(n.as_str()),
            _ => None,
        };
        chunked::write_shards(graph, self.nodes, name, writers)
    }
}

/// Passes bytes through, writing each CR as the XML character reference `&#13;` when
/// `escape` is set. In RDF/XML a CR can only come from a literal (IRIs cannot hold one, and
/// the serializer breaks lines with LF), where the reference reads back as the CR it was.
struct CarriageReturns<W> {
    inner: W,
    escape: bool,
}

impl<W: Write> Write for CarriageReturns<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.escape {
            return self.inner.write(buf);
        }
        for (i, part) in buf.split(|&b| b == b'\r').enumerate() {
            if i > 0 {
                self.inner.write_all(b"&#13;")?;
            }
            self.inner.write_all(part)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// `exports/kgforge-vocab.ttl`: the `kg:` vocabulary, every term with its kind, label and
/// comment (the same triples every export carries).
///
/// ```
/// let ttl = String::from_utf8(kgforge::export::rdf::vocabulary_turtle()).unwrap();
/// assert!(ttl.contains("kg:bound a owl:ObjectProperty"));
/// ```
pub fn vocabulary_turtle() -> Vec<u8> {
    let prefixes = [
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
        ("owl", vocab::owl::NAMESPACE),
        ("prov", vocab::prov::NAMESPACE),
        ("kg", vocab::kg::NAMESPACE),
    ];
    turtle(&declare::vocabulary_triples(), &prefixes)
}

/// `exports/{id}.shapes.ttl`: the SHACL shapes of the graph's RDF
/// ([`crate::format::rdf::shapes`]), with the export's prefixes and `sh:`.
pub fn shapes_turtle(graph: &KnowledgeGraph) -> Vec<u8> {
    shapes_turtle_of(graph.dataset())
}

/// [`shapes_turtle`] of a dataset.
pub(crate) fn shapes_turtle_of(dataset: &crate::model::Dataset) -> Vec<u8> {
    let iris = RdfIris::for_dataset(dataset);
    let mut prefixes: Vec<(&str, String)> = iris.prefixes();
    prefixes.push(("sh", vocab::sh::NAMESPACE.to_string()));
    let prefixes: Vec<(&str, &str)> = prefixes.iter().map(|(p, i)| (*p, i.as_str())).collect();
    turtle(&crate::format::rdf::shapes(dataset), &prefixes)
}

fn turtle(triples: &[Triple], prefixes: &[(&str, &str)]) -> Vec<u8> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in prefixes {
        serializer = serializer
            .with_prefix(*prefix, *iri)
            .expect("the prefixes are valid IRIs");
    }
    let mut out = serializer.for_writer(Vec::new());
    for t in triples {
        out.serialize_triple(t).expect("writing to memory");
    }
    out.finish().expect("writing to memory")
}

fn invalid(e: IriParseError) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, e)
}

fn rdf_format(format: Format) -> Option<RdfFormat> {
    Some(match format {
        Format::Turtle => RdfFormat::Turtle,
        Format::NTriples => RdfFormat::NTriples,
        Format::NQuads => RdfFormat::NQuads,
        Format::TriG => RdfFormat::TriG,
        Format::RdfXml => RdfFormat::RdfXml,
        Format::JsonLd => RdfFormat::from_extension("jsonld")?,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_keep_their_digits() {
        for (x, text) in [
            (0.1, "0.1"),
            (2.0, "2.0"),
            (-0.5, "-0.5"),
            (1e21, "1000000000000000000000.0"),
        ] {
            let lit = values::decimal(x);
            assert_eq!(lit.value(), text);
            assert_eq!(lit.value().parse::<f64>().unwrap(), x);
        }
        assert_eq!(values::decimal(f64::NAN).value(), "NaN");
    }
}
