//! The RDF reader: any RDF syntax (oxrdfio; RDF/XML through oxrdfxml, which tells where it
//! stopped) read into a dataset. Syntax errors are diagnostics located by line and column, every
//! one the parser can continue after; graph names are dropped and the triples merged.
//!
//! Two readings, chosen by what the triples are:
//!
//! - **kgforge's own RDF** ([`own`]): a graph with a `void:Dataset` node named `{base}dataset`
//!   whose `void:uriSpace` is `{base}` is a kgforge export (Wikibase's statement model under the
//!   dataset's namespaces, [`crate::export::rdf`]), read back exactly: the dataset, its schema,
//!   units, sources, entities, statement nodes with their ranks, qualifiers and references, and
//!   views. Only its vocabulary ([`crate::format::rdf`]) is shared with the writer.
//! - **any other RDF** ([`generic`]): entities, labels, statements and a schema inferred from
//!   what was seen, reported in the [`ImportSummary`].
//!
//! The order of a document is kept (RDF graphs have none): subjects in the order they first
//! appear, values of one property in the order written.

mod generic;
mod own;

use std::collections::hash_map::Entry;

use oxrdf::{NamedNodeRef, NamedOrBlankNode, Term, Triple};
use oxrdfio::{RdfFormat, RdfParser};
use rustc_hash::FxHashMap;

use super::Loaded;
use super::import::{ImportFormat, ImportOptions, ImportSummary};
use crate::diag::{Code, Diagnostic, FileId, Location};
use crate::model::Metadata;

/// Syntax errors reported one by one before the rest are counted.
const MAX_SYNTAX_ERRORS: usize = 100;

/// Parses `text` as `format` and reads it into `loaded`; `meta` is the metadata of a dataset
/// that is not kgforge's own export.
pub(super) fn read(
    loaded: &mut Loaded,
    file: FileId,
    text: &str,
    format: ImportFormat,
    options: &ImportOptions,
    meta: &Metadata,
    name: &str,
) -> ImportSummary {
    let (triples, graphs) = parse(loaded, file, text, format);
    let graph = Triples::new(triples);
    let mut summary = ImportSummary {
        records: graph.triples.len(),
        ..ImportSummary::default()
    };
    if graphs > 0 {
        summary.inferred.push(format!(
            "the triples of {graphs} named graph(s) are merged into one dataset"
        ));
    }
    match own::Own::find(&graph) {
        Some(reader) => {
            summary.read_as = format!("{}, a kgforge dataset's export", format.title());
            if !options.languages.is_empty() {
                summary.inferred.push(
                    "--languages is ignored: a kgforge export declares its own languages".into(),
                );
            }
            reader.read(loaded, &mut summary);
        }
        None => {
            summary.read_as = format!("{}, RDF of no kgforge dataset", format.title());
            generic::read(&graph, loaded, meta.clone(), name, &mut summary);
        }
    }
    summary
}

/// The triples of the document in order, and how many named graphs they came from. Syntax
/// errors become diagnostics.
fn parse(
    loaded: &mut Loaded,
    file: FileId,
    text: &str,
    format: ImportFormat,
) -> (Vec<Triple>, usize) {
    let mut triples = Vec::new();
    let mut graphs: Vec<oxrdf::GraphName> = Vec::new();
    let mut errors = 0;
    let mut error = |loaded: &mut Loaded, message: String, span: Option<std::ops::Range<usize>>| {
        errors += 1;
        if errors <= MAX_SYNTAX_ERRORS {
            let at = span.map(|span| Location { file, span });
            loaded.diagnostics.items.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("{} syntax: {message}", format.title()),
                )
                .at(at, "here")
                .with_help(syntax_help(format)),
            );
        }
        errors <= 10 * MAX_SYNTAX_ERRORS
    };
    if format == ImportFormat::RdfXml {
        // oxrdfio gives no position for RDF/XML errors; oxrdfxml's parser says where it is.
        let mut parser = oxrdfxml::RdfXmlParser::new().for_slice(text.as_bytes());
        while let Some(result) = parser.next() {
            match result {
                Ok(t) => triples.push(t),
                Err(e) => {
                    let at = usize::try_from(parser.buffer_position()).unwrap_or(text.len());
                    let at = floor_char_boundary(text, at.min(text.len()));
                    if !error(loaded, e.to_string(), Some(at..at)) {
                        break;
                    }
                }
            }
        }
    } else {
        let syntax = match format {
            ImportFormat::Turtle => RdfFormat::Turtle,
            ImportFormat::NTriples => RdfFormat::NTriples,
            ImportFormat::NQuads => RdfFormat::NQuads,
            ImportFormat::TriG => RdfFormat::TriG,
            _ => RdfFormat::JsonLd {
                profile: oxrdfio::JsonLdProfileSet::empty(),
            },
        };
        for result in RdfParser::from_format(syntax).for_slice(text.as_bytes()) {
            match result {
                Ok(q) => {
                    if !q.graph_name.is_default_graph() && !graphs.contains(&q.graph_name) {
                        graphs.push(q.graph_name.clone());
                    }
                    triples.push(Triple::from(q));
                }
                Err(e) => {
                    let span = e.location().map(|l| {
                        let start = usize::try_from(l.start.offset).unwrap_or(text.len());
                        let end = usize::try_from(l.end.offset).unwrap_or(text.len());
                        let start = floor_char_boundary(text, start.min(text.len()));
                        start..floor_char_boundary(text, end.clamp(start, text.len()))
                    });
                    if !error(loaded, strip_location(&e.to_string()), span) {
                        break;
                    }
                }
            }
        }
    }
    if errors > MAX_SYNTAX_ERRORS {
        loaded.diagnostics.items.push(Diagnostic::error(
            Code::Syntax,
            format!(
                "and {} more syntax errors in this file",
                errors - MAX_SYNTAX_ERRORS
            ),
        ));
    }
    (triples, graphs.len())
}

fn syntax_help(format: ImportFormat) -> String {
    match format {
        ImportFormat::JsonLd => "fix the document at this place; a remote @context is not fetched, so give the context inline".into(),
        _ => format!("fix the {} at this place (or give --format if it is another syntax)", format.title()),
    }
}

/// oxttl's message without its `Parser error at line … column …:` prefix: the diagnostic shows
/// where.
fn strip_location(message: &str) -> String {
    match message.strip_prefix("Parser error ") {
        Some(rest) => rest.split_once(": ").map_or(rest, |(_, m)| m).to_string(),
        None => message.to_string(),
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The triples of a document, by subject, in document order.
pub(super) struct Triples {
    triples: Vec<Triple>,
    /// Each subject's triples (indices into `triples`), in order.
    by_subject: FxHashMap<NamedOrBlankNode, Vec<u32>>,
    /// Subjects in the order they first appear.
    subjects: Vec<NamedOrBlankNode>,
}

impl Triples {
    fn new(triples: Vec<Triple>) -> Self {
        let mut by_subject: FxHashMap<NamedOrBlankNode, Vec<u32>> = FxHashMap::default();
        let mut subjects = Vec::new();
        for (i, t) in triples.iter().enumerate() {
            match by_subject.entry(t.subject.clone()) {
                Entry::Occupied(mut e) => e.get_mut().push(i as u32),
                Entry::Vacant(e) => {
                    subjects.push(t.subject.clone());
                    e.insert(vec![i as u32]);
                }
            }
        }
        Triples {
            triples,
            by_subject,
            subjects,
        }
    }

    /// The triples of `subject`, in order, with their indices.
    fn about<'a>(
        &'a self,
        subject: &NamedOrBlankNode,
    ) -> impl Iterator<Item = (usize, &'a Triple)> + 'a {
        self.by_subject
            .get(subject)
            .into_iter()
            .flatten()
            .map(|&i| (i as usize, &self.triples[i as usize]))
    }

    /// The objects of `subject`'s `predicate` triples, in order.
    fn objects<'a>(
        &'a self,
        subject: &NamedOrBlankNode,
        predicate: NamedNodeRef<'a>,
    ) -> impl Iterator<Item = &'a Term> + 'a {
        self.about(subject)
            .filter(move |(_, t)| t.predicate == predicate)
            .map(|(_, t)| &t.object)
    }

    /// Whether `subject` has the triple `rdf:type class`.
    fn has_type(&self, subject: &NamedOrBlankNode, class: NamedNodeRef<'_>) -> bool {
        self.objects(subject, oxrdf::vocab::rdf::TYPE)
            .any(|o| matches!(o, Term::NamedNode(n) if n.as_ref() == class))
    }
}

/// The text of a literal object.
fn literal(term: &Term) -> Option<&str> {
    match term {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

/// The IRI of a named-node object.
fn iri(term: &Term) -> Option<&str> {
    match term {
        Term::NamedNode(n) => Some(n.as_str()),
        _ => None,
    }
}
