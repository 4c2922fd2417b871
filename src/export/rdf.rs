//! RDF export: the graph as oxrdf terms, written by oxrdfio (Turtle, N-Triples, N-Quads, TriG,
//! RDF/XML) or oxjsonld (JSON-LD, with an `@context` of the prefixes below, re-indented by
//! serde_json so that diffs stay readable).
//!
//! The export follows Wikidata's two layers. Every statement that is not deprecated gives a
//! **direct triple** `entity prop value`, for simple queries. Every statement that carries
//! something the direct triple cannot say (bound or unit, qualifiers, a rank other than
//! normal, dispute, note, references), deprecated or not, also gives a **statement node** that
//! carries the value again with all of that ([`StatementNodes::Annotated`], the default; a
//! bulk row `subject,predicate,object` is one triple). With [`StatementNodes::All`] every
//! statement gets one. The schema (classes
//! and properties), the sources and the dataset's own metadata travel with the data.
//!
//! There are no blank nodes: every node has an IRI derived from kgforge ids, so the same dataset
//! always exports to the same triples, and (as they are written in a fixed order) the same
//! bytes.
//!
//! # IRIs
//!
//! `{base}` is the dataset's `base_iri`. The prefixes are declared in Turtle, TriG and RDF/XML
//! and in JSON-LD's `@context`.
//!
//! | node                         | IRI                                     | prefix     |
//! |------------------------------|-----------------------------------------|------------|
//! | the dataset                  | `{base}dataset`                         | `data:`    |
//! | entity                       | `{base}entity/{id}`                     | `entity:`  |
//! | type (an `owl:Class`)        | `{base}class/{id}`                      | `class:`   |
//! | predicate (a property)       | `{base}prop/{id}`                       | `prop:`    |
//! | free entity attribute        | `{base}attribute/{key}` (escaped)       | `attr:`    |
//! | free qualifier (`other`)     | `{base}qualifier/{key}` (escaped)       | `qual:`    |
//! | source                       | `{base}source/{id}`                     | `source:`  |
//! | statement node               | `{base}statement/{statement id}`        | `stmt:`    |
//! | its `n`th reference (from 1) | `{base}reference/{statement id}.{n}`    | `ref:`     |
//!
//! Ids are slugs and statement ids use `[A-Za-z0-9_.-]`, so they appear verbatim. References
//! get their own namespace (a `/` in a prefixed name would need a `\/` escape in Turtle, and
//! `{base}statement/{id}.ref{n}` could clash with an explicit statement id); `{id}.{n}` is
//! unambiguous because `{n}` is the digits after the last dot.
//!
//! Attribute and qualifier keys are free text. To make a property IRI that every syntax
//! (RDF/XML included) can write as a qualified name they are escaped: ASCII letters and digits,
//! `_` and `-` stay, every other byte of their UTF-8 becomes `.` and two upper-case hex digits,
//! and a key that does not start with an ASCII letter gets a leading `_` (`key with spaces` →
//! `key.20with.20spaces`, `1945` → `_1945`). The property's `rdfs:label` is the key itself.
//!
//! N-Quads and TriG put every triple in one named graph, the dataset IRI `{base}dataset`; the
//! other syntaxes write the default graph.
//!
//! # Vocabulary
//!
//! kgforge's own terms are in `kg:` = `https://w3id.org/kgforge/vocab#` ([`vocab::kg`]). Other
//! prefixes: `rdf`, `rdfs`, `xsd`, `owl`, `skos`, `prov`, `dcterms`, `schema`
//! (`http://schema.org/`), `void`, `dcat`, `wd` (`http://www.wikidata.org/entity/`) and `wdt`.
//!
//! ## The dataset, `{base}dataset`
//!
//! `a void:Dataset, dcat:Dataset`; `dcterms:identifier` (its id), `dcterms:title` and
//! `dcterms:description` (in the primary language), `dcterms:license` (an SPDX id such as
//! `CC-BY-4.0` becomes `<http://spdx.org/licenses/CC-BY-4.0>`, an IRI stays an IRI, anything
//! else is text), `dcterms:language` (one per language), `void:uriSpace` (`{base}`).
//!
//! ## Schema
//!
//! | kgforge                   | RDF                                                               |
//! |---------------------------|-------------------------------------------------------------------|
//! | type                      | `a owl:Class`                                                     |
//! | type `label`              | `rdfs:label` (primary language)                                   |
//! | type `description`        | `rdfs:comment` (primary language)                                 |
//! | type `parent`             | `rdfs:subClassOf`                                                 |
//! | type `class`              | `owl:equivalentClass`                                             |
//! | type `group` (own only)   | `kg:group` (plain text)                                           |
//! | predicate to entities     | `a owl:ObjectProperty`                                            |
//! | predicate to a literal    | `a owl:DatatypeProperty`                                          |
//! | `symmetric = true`        | also `a owl:SymmetricProperty`                                    |
//! | predicate `label`, `description` | `rdfs:label`, `rdfs:comment` (primary language)            |
//! | `inverse`                 | `kg:inverseLabel` (no inverse property is minted, so no `owl:inverseOf`) |
//! | `domain`                  | `schema:domainIncludes` per type; `rdfs:domain` too when there is exactly one |
//! | `range` (types)           | `schema:rangeIncludes` per type; `rdfs:range` too when there is exactly one |
//! | `range` (literal kind)    | `rdfs:range`: `xsd:integer`, `xsd:decimal`, `xsd:gYear` (year), `rdfs:Literal` (date: one of the three date types), `kg:Interval` (span), `xsd:string` |
//! | `property`                | `owl:equivalentProperty`                                          |
//! | attribute / qualifier key | `attr:…` / `qual:…` `a owl:DatatypeProperty; rdfs:subPropertyOf kg:attribute` / `kg:qualifier`; `rdfs:label` the key |
//!
//! Several `rdfs:domain` values would mean "an instance of all of them", hence
//! `schema:domainIncludes` for lists.
//!
//! ## Sources and entities
//!
//! | kgforge               | RDF                                                                  |
//! |-----------------------|----------------------------------------------------------------------|
//! | source                | `a prov:Entity`                                                      |
//! | `title`, `author`, `publisher` | `dcterms:title`, `dcterms:creator`, `dcterms:publisher` (plain text) |
//! | `date`                | `dcterms:date` (a date literal, below)                               |
//! | `kind`                | `dcterms:type` `kg:Article`, `kg:Book`, `kg:GovernmentReport`, `kg:Archive`, `kg:Encyclopedia`, `kg:Website`, `kg:Dataset`, `kg:Other` |
//! | `url`                 | `schema:url` (an IRI)                                                |
//! | `note`                | `rdfs:comment`                                                       |
//! | `paragraphs`          | `kg:paragraphs` (`xsd:integer`)                                      |
//! | entity `type`         | `rdf:type` its class                                                 |
//! | `label`, `aliases`    | `rdfs:label`, `skos:altLabel`, each with its language tag            |
//! | `description`         | `schema:description` (primary language)                              |
//! | `wikidata`            | `owl:sameAs wd:Q…`                                                   |
//! | `attributes`          | `attr:{key}` with a typed literal (`xsd:boolean`, `xsd:integer`, `xsd:decimal`, string) |
//!
//! ## Statements
//!
//! The direct triple `entity:s prop:p value` exists for every statement whose rank is not
//! deprecated (unlike Wikidata's truthy triples, which keep only the best rank; the best ones
//! are marked `a kg:BestRank` instead). Values:
//!
//! | value        | literal (direct triple and `kg:object`)                                        |
//! |--------------|--------------------------------------------------------------------------------|
//! | entity       | the entity's IRI                                                               |
//! | quantity     | `xsd:integer` amount: the number, or the **low end** of a range                |
//! | decimal      | `xsd:decimal`, Rust's shortest round-trip digits (`0.1`, `2.0`)                |
//! | date         | `xsd:gYear` / `xsd:gYearMonth` / `xsd:date` by precision (`-0044` is 45 BCE)  |
//! | span         | `"1945-08-09/1956"^^kg:Interval` (ISO 8601-2; `..` for an unknown end)         |
//! | text         | a plain string                                                                 |
//!
//! The statement node `stmt:{id}`:
//!
//! | term                          | object                                                        |
//! |-------------------------------|---------------------------------------------------------------|
//! | `rdf:type`                    | `kg:Statement`, and `kg:BestRank` when no other non-deprecated statement of the same subject and predicate has a better rank |
//! | `kg:subject`                  | the subject entity                                            |
//! | `kg:predicate`                | the `prop:` property                                          |
//! | `kg:object`                   | the value, exactly as in the direct triple                    |
//! | `kg:bound`                    | quantity values: `kg:Exact`, `kg:About`, `kg:AtLeast`, `kg:MoreThan`, `kg:AtMost`, `kg:LessThan`, `kg:Range` |
//! | `kg:lowerBound`, `kg:upperBound` | range quantities: both ends (`xsd:integer`)                |
//! | `kg:unit`                     | a quantity's unit                                             |
//! | `kg:spanStart`, `kg:spanEnd`  | span values: the known ends, as date literals                 |
//! | `kg:rank`                     | `kg:PreferredRank`, `kg:NormalRank`, `kg:DeprecatedRank`      |
//! | `kg:disputed`                 | `true` or `false` (`xsd:boolean`)                             |
//! | `kg:disputeReason`            | why it is disputed                                            |
//! | `skos:note`                   | the statement's note                                          |
//! | `kg:pointInTime`, `kg:startTime`, `kg:endTime` | date qualifiers                              |
//! | `kg:place`                    | the place qualifier (an entity)                               |
//! | `kg:quantity`                 | the quantity qualifier's amount, with `kg:quantityBound`, `kg:quantityLowerBound`, `kg:quantityUpperBound`, `kg:quantityUnit` as above |
//! | `qual:{key}`                  | a free qualifier's text                                       |
//! | `prov:wasDerivedFrom`         | each reference node                                           |
//!
//! A reference node `ref:{id}.{n}` is `a kg:Reference` with `prov:hadPrimarySource` the
//! source, `kg:paragraph` (`xsd:integer`), `kg:page`, `kg:section` and `skos:note`.
//!
//! ```
//! use std::path::Path;
//! use kgforge::export::{self, Format};
//!
//! let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
//! let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
//! let turtle = String::from_utf8(export::export(&graph, Format::Turtle, Vec::new())?).unwrap();
//! assert!(turtle.contains("@prefix kg: <https://w3id.org/kgforge/vocab#> ."));
//! assert!(turtle.contains("entity:kwantung_army a class:"));
//! # Ok::<(), kgforge::Error>(())
//! ```

mod build;

pub use crate::format::rdf::RdfIris;
pub use crate::format::rdf::vocab;

pub use build::StatementNodes;

use std::io::{self, Write};

use oxjsonld::JsonLdSerializer;
use oxrdf::{GraphName, GraphNameRef, IriParseError, Quad, QuadRef, Triple};
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
/// let surrendered_to = iris.property("surrendered_to");
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

    /// Which statements get a statement node: [`StatementNodes::Annotated`] (the default)
    /// or [`StatementNodes::All`].
    ///
    /// ```
    /// use kgforge::export::{Format, rdf::{RdfExporter, StatementNodes}};
    ///
    /// let exporter = RdfExporter::new(Format::NTriples).with_statement_nodes(StatementNodes::All);
    /// assert_eq!(exporter.statement_nodes(), StatementNodes::All);
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
        let name = name.as_ref();
        fn quad<'a>(t: &'a Triple, name: GraphNameRef<'a>) -> QuadRef<'a> {
            QuadRef::new(&t.subject, &t.predicate, &t.object, name)
        }
        if self.format == Format::JsonLd {
            // oxrdfio ignores prefixes for JSON-LD; oxjsonld writes them as an @context. A
            // prefix named like the IRIs' scheme would change their meaning, so it is left out.
            let scheme = iris.base().split(':').next().unwrap_or_default();
            let mut serializer = JsonLdSerializer::new();
            for (prefix, iri) in prefixes.iter().filter(|(p, _)| *p != scheme) {
                serializer = serializer.with_prefix(*prefix, iri).map_err(invalid)?;
            }
            let mut out = serializer.for_writer(Vec::new());
            build::build(graph, self.nodes, &mut |group| {
                group
                    .iter()
                    .try_for_each(|t| out.serialize_quad(quad(t, name)))
            })?;
            // oxjsonld writes one line; one key per line diffs better. All values are JSON
            // strings, so re-indenting through serde_json changes nothing but whitespace
            // (and perhaps key order, which JSON-LD ignores).
            let json: serde_json::Value =
                serde_json::from_slice(&out.finish()?).map_err(io::Error::other)?;
            let mut writer = writer;
            serde_json::to_writer_pretty(&mut writer, &json)?;
            writer.write_all(b"\n")?;
            return Ok(writer);
        }
        let format = rdf_format(self.format).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not an RDF format", self.format.name()),
            )
        })?;
        if matches!(self.format, Format::NTriples | Format::NQuads) {
            // The bulk formats: one line per triple, so chunks serialize on two threads.
            let mut writer = writer;
            build::write_lines(graph, self.nodes, format, name, &mut writer)?;
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
            group
                .iter()
                .try_for_each(|t| out.serialize_quad(quad(t, name)))
        })?;
        Ok(out.finish()?.inner)
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
            let lit = build::decimal(x);
            assert_eq!(lit.value(), text);
            assert_eq!(lit.value().parse::<f64>().unwrap(), x);
        }
        assert_eq!(build::decimal(f64::NAN).value(), "NaN");
    }
}
