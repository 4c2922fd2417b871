//! [`Group`]: the triples of one subject, without repeats, held as text in one buffer so that
//! adding a triple allocates nothing; and their N-Triples / N-Quads lines, written by oxrdfio
//! from borrowed terms (RDF is written by oxrdfio/oxttl only: no escaping of our own).

use std::hash::BuildHasher;
use std::ops::Range;

use oxrdf::vocab::xsd;
use oxrdf::{BlankNodeRef, LiteralRef, NamedNodeRef, TermRef, TripleRef};
use oxrdfio::{RdfFormat, RdfSerializer};
use rustc_hash::{FxBuildHasher, FxHashSet};

/// Groups up to this size look for a repeat by comparing with every triple; larger ones keep
/// a set of hashes.
const LINEAR: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Iri,
    Blank,
    /// A plain string (`xsd:string`).
    Simple,
    /// `extra` is the language tag.
    Lang,
    /// `extra` is the datatype IRI.
    Typed,
}

/// One triple of the group: ranges into [`Group::text`].
#[derive(Debug, Clone)]
struct Entry {
    predicate: Range<usize>,
    object: Range<usize>,
    extra: Range<usize>,
    kind: Kind,
}

/// The triples of one subject in the order they were added, each once.
#[derive(Debug, Default)]
pub(crate) struct Group {
    subject: String,
    text: String,
    entries: Vec<Entry>,
    /// Hashes of the entries, kept once the group grows past [`LINEAR`].
    hashes: FxHashSet<u64>,
}

impl Group {
    /// The subject IRI.
    pub(crate) fn subject(&self) -> &str {
        &self.subject
    }

    /// Whether no triple has been added since [`Group::start`].
    pub(crate) fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Empties the group for a new subject.
    pub(crate) fn start(&mut self, subject: &str) {
        self.subject.clear();
        self.subject.push_str(subject);
        self.text.clear();
        self.entries.clear();
        self.hashes.clear();
    }

    /// Adds a triple of the subject unless the group has it already.
    pub(crate) fn push(&mut self, predicate: NamedNodeRef<'_>, object: TermRef<'_>) {
        let (kind, value, extra) = match object {
            TermRef::NamedNode(n) => (Kind::Iri, n.as_str(), ""),
            TermRef::BlankNode(b) => (Kind::Blank, b.as_str(), ""),
            TermRef::Literal(l) => match l.language() {
                Some(lang) => (Kind::Lang, l.value(), lang),
                None if l.datatype() == xsd::STRING => (Kind::Simple, l.value(), ""),
                None => (Kind::Typed, l.value(), l.datatype().as_str()),
            },
        };
        let predicate = predicate.as_str();
        let same = |this: &Self, e: &Entry| {
            e.kind == kind
                && &this.text[e.object.clone()] == value
                && &this.text[e.predicate.clone()] == predicate
                && &this.text[e.extra.clone()] == extra
        };
        if self.entries.len() < LINEAR {
            if self.entries.iter().any(|e| same(self, e)) {
                return;
            }
        } else {
            if self.hashes.is_empty() {
                let hashes: Vec<u64> = (0..self.entries.len()).map(|i| self.hash(i)).collect();
                self.hashes.extend(hashes);
            }
            let h = entry_hash(predicate, kind, value, extra);
            if !self.hashes.insert(h) && self.entries.iter().any(|e| same(self, e)) {
                return;
            }
        }
        let mut put = |s: &str| {
            let start = self.text.len();
            self.text.push_str(s);
            start..self.text.len()
        };
        let entry = Entry {
            predicate: put(predicate),
            object: put(value),
            extra: put(extra),
            kind,
        };
        self.entries.push(entry);
    }

    fn hash(&self, i: usize) -> u64 {
        let e = &self.entries[i];
        entry_hash(
            &self.text[e.predicate.clone()],
            e.kind,
            &self.text[e.object.clone()],
            &self.text[e.extra.clone()],
        )
    }

    /// The triples, in the order they were added.
    pub(crate) fn triples(&self) -> impl Iterator<Item = TripleRef<'_>> {
        let subject = NamedNodeRef::new_unchecked(&self.subject);
        self.entries.iter().map(move |e| {
            let text = |r: &Range<usize>| &self.text[r.clone()];
            let value = text(&e.object);
            let object: TermRef<'_> = match e.kind {
                Kind::Iri => NamedNodeRef::new_unchecked(value).into(),
                Kind::Blank => BlankNodeRef::new_unchecked(value).into(),
                Kind::Simple => LiteralRef::new_simple_literal(value).into(),
                Kind::Lang => {
                    LiteralRef::new_language_tagged_literal_unchecked(value, text(&e.extra)).into()
                }
                Kind::Typed => LiteralRef::new_typed_literal(
                    value,
                    NamedNodeRef::new_unchecked(text(&e.extra)),
                )
                .into(),
            };
            TripleRef::new(
                subject,
                NamedNodeRef::new_unchecked(text(&e.predicate)),
                object,
            )
        })
    }

    /// Appends the group's lines to `out`: N-Triples, or N-Quads in graph `graph` (an IRI),
    /// written by oxrdfio's serializer from the group's borrowed terms.
    pub(crate) fn write_lines(&self, out: &mut Vec<u8>, graph: Option<&str>) {
        // Writing into a Vec cannot fail; oxrdfio's I/O errors are its writer's.
        let result = match graph {
            None => {
                let mut lines = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(out);
                self.triples()
                    .try_for_each(|t| lines.serialize_triple(t))
                    .and_then(|()| lines.finish().map(drop))
            }
            Some(name) => {
                let name = NamedNodeRef::new_unchecked(name);
                let mut lines = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
                self.triples()
                    .try_for_each(|t| lines.serialize_quad(t.in_graph(name)))
                    .and_then(|()| lines.finish().map(drop))
            }
        };
        debug_assert!(result.is_ok(), "writing into memory failed: {result:?}");
    }

    /// How many triples the group holds.
    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }
}

fn entry_hash(predicate: &str, kind: Kind, value: &str, extra: &str) -> u64 {
    FxBuildHasher.hash_one((predicate, kind, value, extra))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{Literal, NamedNode, Term};

    fn line_of(object: Term) -> String {
        let mut g = Group::default();
        g.start("http://e/s");
        g.push(NamedNodeRef::new_unchecked("http://e/p"), object.as_ref());
        let mut out = Vec::new();
        g.write_lines(&mut out, None);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lines_are_what_oxrdf_displays() {
        let texts = [
            "plain",
            "say \"hi\" \\ back",
            "tab\tline\ncr\rbell\u{7}bs\u{8}ff\u{c}nul\u{0}esc\u{1b}del\u{7f}",
            "nonchars \u{fffe}\u{ffff} and \u{fffd} \u{feff} ï¿",
            "関東軍 Квантунская",
            "",
        ];
        for text in texts {
            for object in [
                Term::from(Literal::new_simple_literal(text)),
                Literal::new_language_tagged_literal_unchecked(text, "ja").into(),
                Literal::new_typed_literal(text, xsd::DECIMAL).into(),
                Literal::new_typed_literal(text, xsd::STRING).into(),
            ] {
                let expected = format!("<http://e/s> <http://e/p> {object} .\n");
                assert_eq!(line_of(object), expected, "{text:?}");
            }
        }
        let iri = Term::from(NamedNode::new_unchecked("http://e/o"));
        assert_eq!(line_of(iri), "<http://e/s> <http://e/p> <http://e/o> .\n");
    }

    #[test]
    fn a_triple_added_twice_is_kept_once_in_small_and_large_groups() {
        for size in [3, 40] {
            let mut g = Group::default();
            g.start("http://e/s");
            let p = NamedNodeRef::new_unchecked("http://e/p");
            for round in 0..2 {
                for i in 0..size {
                    let o = Literal::new_simple_literal(format!("{i}"));
                    g.push(p, o.as_ref().into());
                }
                // A literal and an IRI with the same text are different triples.
                g.push(p, NamedNodeRef::new_unchecked("0").into());
                assert_eq!(g.len(), size + 1, "round {round}");
            }
            let objects: Vec<String> = g.triples().map(|t| t.object.to_string()).collect();
            assert_eq!(objects[0], "\"0\"");
            assert_eq!(objects[size], "<0>");
        }
    }
}
