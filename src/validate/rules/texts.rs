//! Checks texts and numbers: no control characters, bounded lengths, finite numbers, no empty
//! names or spans.

use super::Checker;
use crate::diag::{Code, Diagnostic, Location};
use crate::load::ItemKind;
use crate::model::{Span, Value};
use crate::validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS};

impl Checker<'_> {
    /// Texts must not hold C0 control characters other than tab, line feed and carriage
    /// return: XML 1.0 cannot represent them, so RDF/XML could not be written, and in a label
    /// they are always a mistake (a pasted terminal escape, a bell).
    ///
    /// Texts must also be of a sensible length: names (labels, aliases, titles, groups) at
    /// most [`MAX_NAME_CHARS`] characters, other texts at most [`MAX_TEXT_CHARS`].
    pub(super) fn control_characters(&mut self) {
        let d = self.dataset;
        let mut found: Vec<(ItemKind, usize, Vec<String>, char)> = Vec::new();
        let mut long: Vec<(ItemKind, usize, Vec<String>, usize, usize)> = Vec::new();
        let mut check = |kind: ItemKind, index: usize, path: &[&str], text: &str| {
            // Most text has no byte that could start a forbidden character: skip decoding it.
            let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
            if text.bytes().any(suspect)
                && let Some(c) = text.chars().find(|&c| is_forbidden_control(c))
            {
                found.push((kind, index, path.iter().map(|s| s.to_string()).collect(), c));
            }
            let limit = match path[0] {
                "title" | "label" | "aliases" | "group" | "inverse" => MAX_NAME_CHARS,
                _ => MAX_TEXT_CHARS,
            };
            if text.len() > limit {
                let chars = text.chars().count();
                if chars > limit {
                    let path = path.iter().map(|s| s.to_string()).collect();
                    long.push((kind, index, path, chars, limit));
                }
            }
        };
        // A streamed build's parts hold statements only; the rest is checked once.
        if self.scope != super::Scope::Statements {
            let m = &d.meta;
            for (key, text) in [
                ("title", Some(&m.title)),
                ("description", m.description.as_ref()),
            ] {
                if let Some(text) = text {
                    check(ItemKind::Metadata, 0, &[key], text);
                }
            }
            for (i, t) in d.types.iter().enumerate() {
                for (key, text) in [
                    ("label", Some(&t.label)),
                    ("group", t.group.as_ref()),
                    ("description", t.description.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(ItemKind::Type, i, &[key], text);
                    }
                }
            }
            for (i, p) in d.predicates.iter().enumerate() {
                for (key, text) in [
                    ("label", Some(&p.label)),
                    ("inverse", p.inverse.as_ref()),
                    ("description", p.description.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(ItemKind::Predicate, i, &[key], text);
                    }
                }
            }
            for (i, s) in d.sources.iter().enumerate() {
                for (key, text) in [
                    ("title", Some(&s.title)),
                    ("author", s.author.as_ref()),
                    ("publisher", s.publisher.as_ref()),
                    ("note", s.note.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(ItemKind::Source, i, &[key], text);
                    }
                }
            }
            for (i, v) in d.views.iter().enumerate() {
                for (key, text) in [
                    ("title", Some(&v.title)),
                    ("description", v.description.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(ItemKind::View, i, &[key], text);
                    }
                }
            }
            for (i, e) in d.entities.iter().enumerate() {
                for (lang, text) in &e.label {
                    check(ItemKind::Entity, i, &["label", lang], text);
                }
                for (lang, list) in &e.aliases {
                    for (j, text) in list.iter().enumerate() {
                        check(
                            ItemKind::Entity,
                            i,
                            &["aliases", lang, &j.to_string()],
                            text,
                        );
                    }
                }
                if let Some(text) = &e.description {
                    check(ItemKind::Entity, i, &["description"], text);
                }
                for (key, value) in &e.attributes {
                    if let crate::model::Scalar::String(text) = value {
                        check(ItemKind::Entity, i, &["attributes", key], text);
                    }
                }
            }
        }
        for (i, s) in d.statements.iter().enumerate() {
            let k = ItemKind::Statement;
            if let Value::Text(text) = &s.value {
                match &text.language {
                    Some(lang) => check(k, i, &["text", lang], text),
                    None => check(k, i, &["text"], text),
                }
            }
            for (key, text) in [("disputed", s.disputed()), ("note", s.note())] {
                if let Some(text) = text {
                    check(k, i, &[key], text);
                }
            }
            for (key, text) in &s.qualifiers().other {
                check(k, i, &["qualifiers", "other", key], key);
                check(k, i, &["qualifiers", "other", key], text);
            }
            for (j, r) in s.references().iter().enumerate() {
                let j = j.to_string();
                for (key, text) in [
                    ("page", r.page.as_ref()),
                    ("section", r.section.as_ref()),
                    ("note", r.note.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(k, i, &["references", &j, key], text);
                    }
                }
            }
        }
        for (kind, index, path, c) in found {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            self.push(
                Diagnostic::error(
                    Code::ControlCharacter,
                    format!("a text holds the control character U+{:04X}", u32::from(c)),
                )
                .at(self.at(kind, index, &path), "in this text")
                .with_help("remove it; RDF/XML (XML 1.0) cannot carry control characters other than tab and line breaks"),
            );
        }
        for (kind, index, path, chars, limit) in long {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let (what, help) = if limit == MAX_NAME_CHARS {
                (
                    "labels, aliases and titles",
                    "shorten it; a longer text belongs in `description`",
                )
            } else {
                (
                    "texts",
                    "shorten it, or cite the full text through a source",
                )
            };
            self.push(
                Diagnostic::error(
                    Code::TooLong,
                    format!("a text of {chars} characters; {what} have at most {limit}"),
                )
                .at(self.at(kind, index, &path), "too long")
                .with_help(help),
            );
        }
    }

    /// Attributes and free qualifiers need a name: an empty key names nothing, and would become
    /// a property IRI with an empty local name in RDF. A span needs an end.
    pub(super) fn empty_names(&mut self) {
        let d = self.dataset;
        let help = |example: &str| format!("name it, or remove it: {example}");
        let entities = if self.scope == super::Scope::Statements {
            &[][..]
        } else {
            &d.entities[..]
        };
        for (i, e) in entities.iter().enumerate() {
            // Keys are sorted, so an empty one comes first.
            if e.attributes.keys().next().is_some_and(String::is_empty) {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("entity \"{}\" has an attribute without a name", e.id),
                    )
                    .at(self.at(ItemKind::Entity, i, &["attributes", ""]), "no name")
                    .with_help(help("attributes = { population = 1000000 }")),
                );
            }
        }
        for (i, s) in d.statements.iter().enumerate() {
            // The loaders refuse one; a dataset built in code may still hold one.
            if let Value::Span(Span {
                start: None,
                end: None,
            }) = s.value
            {
                self.push(
                    Diagnostic::error(Code::BadSpan, "a span with neither a start nor an end")
                        .at(self.at(ItemKind::Statement, i, &["span"]), "empty")
                        .with_help("give it a start, an end or both"),
                );
            }
            if s.qualifiers()
                .other
                .keys()
                .next()
                .is_some_and(String::is_empty)
            {
                self.push(
                    Diagnostic::error(Code::EmptyText, "a qualifier without a name")
                        .at(
                            self.at(ItemKind::Statement, i, &["qualifiers", "other", ""]),
                            "no name",
                        )
                        .with_help(help("qualifiers = { other = { scope = \"…\" } }")),
                );
            }
        }
    }

    /// Decimals and number attributes must be finite: JSON has no NaN or infinity (the JSON
    /// export would lose them), and `xsd:decimal` has neither.
    pub(super) fn finite_numbers(&mut self) {
        let d = self.dataset;
        let not_finite = |what: String, x: f64, at: Option<Location>| {
            Diagnostic::error(
                Code::NotFinite,
                format!("{what} is {x}, not a finite number"),
            )
            .at(at, "not finite")
            .with_help("write a finite number; JSON and xsd:decimal have no NaN or infinity")
        };
        let entities = if self.scope == super::Scope::Statements {
            &[][..]
        } else {
            &d.entities[..]
        };
        for (i, e) in entities.iter().enumerate() {
            for (key, value) in &e.attributes {
                if let crate::model::Scalar::Float(x) = *value
                    && !x.is_finite()
                {
                    let at = self.at(ItemKind::Entity, i, &["attributes", key]);
                    self.push(not_finite(format!("attribute `{key}`"), x, at));
                }
            }
        }
        for (i, s) in d.statements.iter().enumerate() {
            if let Value::Decimal(x) = s.value
                && !x.is_finite()
            {
                let at = self.at(ItemKind::Statement, i, &["decimal"]);
                self.push(not_finite("the decimal".to_string(), x, at));
            }
        }
    }
}

/// C0 controls but tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF:
/// what XML 1.0 cannot hold.
fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}
