//! The TOML reader: each file parsed once into a spanned tree, each item deserialized on its
//! own so that one bad item never hides the problems of the next.

use std::collections::HashSet;
use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::Loaded;
use super::origin::{ItemKind, ItemOrigin, SpanTree};
use crate::diag::{Code, Diagnostic, FileId, Location, did_you_mean};
use crate::model::{Entity, EntityType, Metadata, Predicate, Source, Statement, Unit, View};

const SECTIONS: &[&str] = &[
    "dataset",
    "types",
    "predicates",
    "sources",
    "units",
    "entities",
    "statements",
    "views",
];

pub(super) struct TomlReader<'a> {
    pub(super) loaded: &'a mut Loaded,
    /// Where `[dataset]` was first seen.
    metadata_at: Option<Location>,
}

impl<'a> TomlReader<'a> {
    pub(super) fn new(loaded: &'a mut Loaded) -> Self {
        TomlReader {
            loaded,
            metadata_at: None,
        }
    }

    fn push(&mut self, d: Diagnostic) {
        self.loaded.diagnostics.items.push(d);
    }

    /// Parses a file into its spanned tree; `None` (after reporting every syntax error) when
    /// it is not valid TOML.
    pub(super) fn parse<'t>(
        &mut self,
        file: FileId,
        text: &'t str,
    ) -> Option<Spanned<DeTable<'t>>> {
        let (root, errors) = DeTable::parse_recoverable(text);
        for e in &errors {
            let span = e.span().unwrap_or(0..0);
            self.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("TOML syntax: {}", first_line(e.message())),
                )
                .at(Some(Location { file, span }), "here"),
            );
        }
        // A recovered tree may miss or misplace items; checking it would report noise.
        errors.is_empty().then_some(root)
    }

    pub(super) fn read_file(&mut self, file: FileId, text: &str) {
        let Some(root) = self.parse(file, text) else {
            return;
        };
        for (key, value) in root.get_ref() {
            let at = Location {
                file,
                span: key.span(),
            };
            match key.get_ref().as_ref() {
                "dataset" => self.read_metadata(file, key.span(), value),
                "types" => self.read_table(file, value, ItemKind::Type, |l, id, item, origin| {
                    l.dataset.types.push(EntityType { id, ..item });
                    l.origins.types.push(origin);
                }),
                "predicates" => {
                    self.read_table(file, value, ItemKind::Predicate, |l, id, item, origin| {
                        l.dataset.predicates.push(Predicate { id, ..item });
                        l.origins.predicates.push(origin);
                    })
                }
                "sources" => {
                    self.read_table(file, value, ItemKind::Source, |l, id, item, origin| {
                        l.dataset.sources.push(Source { id, ..item });
                        l.origins.sources.push(origin);
                    })
                }
                "units" => self.read_table(file, value, ItemKind::Unit, |l, id, item, origin| {
                    l.dataset.units.push(Unit { id, ..item });
                    l.origins.units.push(origin);
                }),
                "entities" => {
                    self.read_table(file, value, ItemKind::Entity, |l, id, item, origin| {
                        l.dataset.entities.push(Entity {
                            id: id.into(),
                            ..item
                        });
                        l.origins.entities.push(origin);
                    })
                }
                "statements" => self.read_statements(file, value),
                "views" => self.read_table(file, value, ItemKind::View, |l, id, item, origin| {
                    l.dataset.views.push(View { id, ..item });
                    l.origins.views.push(origin);
                }),
                other => {
                    let hint = did_you_mean(other, SECTIONS.iter().copied())
                        .map(|s| format!("did you mean [{s}]?"))
                        .unwrap_or_else(|| format!("the sections are: {}", SECTIONS.join(", ")));
                    self.push(
                        Diagnostic::error(
                            Code::UnknownSection,
                            format!("unknown section `{other}`"),
                        )
                        .at(Some(at), "not a kgforge section")
                        .with_help(hint),
                    );
                }
            }
        }
    }

    /// Whether a file had a `[dataset]` table.
    pub(super) fn has_metadata(&self) -> bool {
        self.metadata_at.is_some()
    }

    pub(super) fn finish(&mut self) {
        // A file that could not be read or parsed may hold the [dataset] table; saying it is
        // missing would be a phantom error next to the real one.
        let unparsed_file = self
            .loaded
            .diagnostics
            .items
            .iter()
            .any(|d| matches!(d.code, Code::Syntax | Code::Io | Code::TooLarge));
        if self.metadata_at.is_none() && !unparsed_file {
            self.push(
                Diagnostic::error(Code::MissingDataset, "no file has a [dataset] table")
                    .with_help("add dataset.toml with [dataset] id, title, base_iri and languages; see docs/FORMAT.md"),
            );
        }
    }

    fn read_metadata(&mut self, file: FileId, key_span: Range<usize>, value: &Spanned<DeValue>) {
        let here = Location {
            file,
            span: key_span.clone(),
        };
        if let Some(first) = self.metadata_at.clone() {
            self.push(
                Diagnostic::error(Code::DuplicateDataset, "[dataset] is defined twice")
                    .at(Some(here), "second definition")
                    .also(Some(first), "first definition")
                    .with_help("keep one [dataset] table"),
            );
            return;
        }
        self.metadata_at = Some(here);
        if let Some(meta) = self.deserialize::<Metadata>(file, value) {
            self.loaded.dataset.meta = meta;
            self.loaded.origins.metadata = Some(ItemOrigin {
                file,
                id_span: key_span,
                tree: span_tree(value),
            });
        }
    }

    /// Reads a table of items keyed by id (`[entities.<id>]`).
    fn read_table<T>(
        &mut self,
        file: FileId,
        value: &Spanned<DeValue>,
        kind: ItemKind,
        mut store: impl FnMut(&mut Loaded, String, T, ItemOrigin),
    ) where
        T: for<'de> Deserialize<'de> + HasId,
    {
        let Some(table) = self.expect_table(file, value) else {
            return;
        };
        for (key, item) in table {
            let Some(parsed) = self.deserialize::<T>(file, item) else {
                self.loaded
                    .unreadable
                    .entry(kind)
                    .or_default()
                    .insert(key.get_ref().to_string());
                continue;
            };
            if !parsed.id().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::Shape,
                        "an `id` key inside a table that is named by its key",
                    )
                    .at(
                        item.get_ref().get("id").map(|v| Location {
                            file,
                            span: v.span(),
                        }),
                        "remove this",
                    )
                    .with_help(format!("the id is the table key: \"{}\"", key.get_ref())),
                );
            }
            let origin = ItemOrigin {
                file,
                id_span: key.span(),
                tree: span_tree(item),
            };
            store(self.loaded, key.get_ref().to_string(), parsed, origin);
        }
    }

    fn read_statements(&mut self, file: FileId, value: &Spanned<DeValue>) {
        let Some(items) = value.get_ref().as_array() else {
            self.push(
                Diagnostic::error(Code::Shape, "`statements` must be an array of tables")
                    .at(
                        Some(Location {
                            file,
                            span: value.span(),
                        }),
                        "here",
                    )
                    .with_help("write each statement under its own [[statements]] header"),
            );
            self.loaded
                .unreadable
                .entry(ItemKind::Statement)
                .or_default()
                .insert(format!("{file}:{}", value.span().start));
            return;
        };
        for item in items.iter() {
            let Some(statement) = self.deserialize::<Statement>(file, item) else {
                // Remembered so that validation does not call what it referenced unused.
                self.loaded
                    .unreadable
                    .entry(ItemKind::Statement)
                    .or_default()
                    .insert(format!("{file}:{}", item.span().start));
                continue;
            };
            {
                self.loaded.origins.statements.push(ItemOrigin {
                    file,
                    id_span: item.span(),
                    tree: span_tree(item),
                });
                self.loaded.dataset.statements.push(statement);
            }
        }
    }

    fn expect_table<'v, 'i>(
        &mut self,
        file: FileId,
        value: &'v Spanned<DeValue<'i>>,
    ) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.push(
                Diagnostic::error(
                    Code::Shape,
                    format!(
                        "expected a table of items, found {}",
                        value.get_ref().type_str()
                    ),
                )
                .at(
                    Some(Location {
                        file,
                        span: value.span(),
                    }),
                    "here",
                )
                .with_help("write each item as [section.<id>]"),
            );
        }
        table
    }

    /// Deserializes one item; on failure reports every problem of the item, not only the
    /// first serde meets, and returns `None`.
    ///
    /// serde stops at the first error, so the key it points into is taken out and the item
    /// tried again, until it deserializes or an error points at no key. Errors about the
    /// item as a whole after a key was taken out (a missing field, no value) may be caused by
    /// the removal, so they end the search unreported. After [`UNKNOWN_KEYS_SHOWN`] unknown
    /// keys, the item's other unknown keys are counted in one diagnostic and taken out at
    /// once: an item with thousands of them costs one more pass, not thousands.
    pub(super) fn deserialize<T: for<'de> Deserialize<'de>>(
        &mut self,
        file: FileId,
        value: &Spanned<DeValue>,
    ) -> Option<T> {
        /// Each pass takes out at least one key, and after the unknown ones only the keys
        /// the item may have are left, so this only guards the loop.
        const MAX_PASSES: usize = 64;
        let mut current = value.clone();
        let mut removed = 0;
        let mut unknown_shown = 0;
        for _ in 0..MAX_PASSES {
            let e = match T::deserialize(ValueDeserializer::from(current.clone())) {
                Ok(v) if removed == 0 => return Some(v),
                Ok(_) => return None,
                Err(e) => e,
            };
            let span = e.span().unwrap_or_else(|| current.span());
            let key = current.get_ref().as_table().and_then(|table| {
                table
                    .iter()
                    .find(|(k, v)| {
                        let whole =
                            k.span().start.min(v.span().start)..v.span().end.max(k.span().end);
                        whole.contains(&span.start) && span != current.span()
                    })
                    .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            });
            if removed > 0 && key.is_none() {
                return None;
            }
            let at = Location { file, span };
            // serde's own messages about a date-time where it does not belong name a private
            // key or "map"; ours (coded) already say what is wrong.
            let datetime = (!is_coded(e.message()))
                .then(|| datetime_at(&current, &at.span))
                .flatten();
            let message = match &datetime {
                Some(datetime) => datetime_message(e.message(), datetime),
                None => e.message().to_string(),
            };
            let diagnostic = |message: &str, at: Location| {
                let d = shape_diagnostic(message, at);
                match &datetime {
                    Some(datetime) => d.with_help(format!(
                        "where text is meant, quote it: \"{datetime}\"; see docs/FORMAT.md for what this key takes"
                    )),
                    None => d,
                }
            };
            let Some((key, key_span)) = key else {
                self.push(diagnostic(&message, at));
                return None;
            };
            // An unknown key of the item itself: the error points at the key.
            let unknown = key_span == at.span && message.starts_with("unknown field `");
            if unknown && unknown_shown == UNKNOWN_KEYS_SHOWN {
                let allowed = expected_keys(&message);
                let rest: HashSet<String> = self.report_unknown_keys(file, &current, &allowed);
                removed += rest.len();
                take_out(&mut current, |k| rest.contains(&k));
                continue;
            }
            unknown_shown += usize::from(unknown);
            self.push(diagnostic(&message, at));
            take_out(&mut current, |k| k == key);
            removed += 1;
        }
        self.push(
            Diagnostic::error(Code::Shape, "this item has more problems than are reported")
                .at(
                    Some(Location {
                        file,
                        span: value.span(),
                    }),
                    "in this item",
                )
                .with_help("fix the ones reported and validate again"),
        );
        None
    }

    /// One diagnostic for the keys of `item` that are not `allowed`, at the first of them;
    /// returns their names.
    fn report_unknown_keys(
        &mut self,
        file: FileId,
        item: &Spanned<DeValue>,
        allowed: &[&str],
    ) -> HashSet<String> {
        let rest: Vec<(String, Range<usize>)> = (item.get_ref().as_table().into_iter().flatten())
            .filter(|(k, _)| !allowed.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect();
        let Some((_, first)) = rest.first() else {
            return HashSet::new();
        };
        let named: Vec<String> = rest.iter().take(3).map(|(k, _)| format!("`{k}`")).collect();
        let ellipsis = if rest.len() > 3 { ", …" } else { "" };
        let plural = if rest.len() == 1 { "" } else { "s" };
        self.push(
            Diagnostic::error(
                Code::Shape,
                format!(
                    "and {} more unknown key{plural} in this item ({}{ellipsis})",
                    rest.len(),
                    named.join(", ")
                ),
            )
            .at(
                Some(Location {
                    file,
                    span: first.clone(),
                }),
                "the first of them",
            )
            .with_help(format!("the keys allowed here are: {}", allowed.join(", "))),
        );
        rest.into_iter().map(|(k, _)| k).collect()
    }
}

/// How many unknown keys of one item are reported one by one; the rest are counted in one
/// more diagnostic.
const UNKNOWN_KEYS_SHOWN: usize = 10;

/// Removes the keys `drop` picks from a table item.
fn take_out(item: &mut Spanned<DeValue>, mut drop: impl FnMut(String) -> bool) {
    if let DeValue::Table(table) = item.get_mut() {
        *table = std::mem::take(table)
            .into_iter()
            .filter(|(k, _)| !drop(k.get_ref().to_string()))
            .collect();
    }
}

/// The keys an "unknown field" message says are expected.
fn expected_keys(message: &str) -> Vec<&str> {
    message
        .split_once("expected")
        .map(|(_, expected)| expected.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default()
}

/// Whether a serde message is one of ours, starting with its code (`KG0401: …`).
fn is_coded(message: &str) -> bool {
    message
        .split_once(": ")
        .is_some_and(|(code, _)| Code::parse(code).is_some())
}

/// The text of the TOML date-time at `span` in `value`, if that is what is there.
fn datetime_at(value: &Spanned<DeValue>, span: &Range<usize>) -> Option<String> {
    // A table's span may be its header only, so every branch is searched.
    match value.get_ref() {
        DeValue::Datetime(datetime) if value.span().contains(&span.start) => {
            Some(datetime.to_string())
        }
        DeValue::Table(table) => table.iter().find_map(|(_, v)| datetime_at(v, span)),
        DeValue::Array(array) => array.iter().find_map(|v| datetime_at(v, span)),
        _ => None,
    }
}

/// A serde message about a TOML date-time where something else was expected, in user words:
/// serde sees the date-time as a table with one private key, and says so.
fn datetime_message(message: &str, datetime: &str) -> String {
    let message = first_line(message);
    let expected = match message.split_once("expected ") {
        Some((before, expected)) if before.starts_with("unknown field") => {
            format!("a table with {expected}")
        }
        Some((_, expected)) => expected.to_string(),
        None => message.to_string(),
    };
    format!(
        "expected {expected}, found the date {datetime} (unquoted, TOML reads it as a date, not text)"
    )
}

/// Items named by a table key; their `id` field must stay empty in TOML.
pub(super) trait HasId {
    fn id(&self) -> &str;
}

macro_rules! has_id {
    ($($t:ty),*) => {$(impl HasId for $t { fn id(&self) -> &str { &self.id } })*};
}
has_id!(EntityType, Predicate, Source, Unit, Entity, View);

/// Turns a serde message into a diagnostic: a leading `KGxxxx: ` picks the code; unknown keys
/// get a did-you-mean.
fn shape_diagnostic(message: &str, at: Location) -> Diagnostic {
    let message = first_line(message);
    let (code, message) = match message.split_once(": ") {
        Some((code, rest)) if Code::parse(code).is_some() => {
            (Code::parse(code).expect("checked"), rest.to_string())
        }
        _ => (Code::Shape, message.to_string()),
    };
    let mut help = None;
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((field, expected)) = rest.split_once('`') {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            help = Some(match did_you_mean(field, candidates.iter().copied()) {
                Some(c) => format!("did you mean `{c}`?"),
                None => format!("the keys allowed here are: {}", candidates.join(", ")),
            });
        }
    } else if message.starts_with("missing field") {
        help = Some("add it; see docs/FORMAT.md".to_string());
    }
    let label = match code {
        Code::Shape => "invalid here",
        _ => "here",
    };
    Diagnostic::error(code, message)
        .at(Some(at), label)
        .with_help_opt(help)
}

fn first_line(s: &str) -> &str {
    s.trim().lines().next().unwrap_or("")
}

fn span_tree(value: &Spanned<DeValue>) -> SpanTree {
    let children = match value.get_ref() {
        DeValue::Table(t) => t
            .iter()
            .map(|(k, v)| (Box::from(k.get_ref().as_ref()), span_tree(v)))
            .collect(),
        DeValue::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, v)| (Box::from(i.to_string()), span_tree(v)))
            .collect(),
        _ => Vec::new(),
    };
    SpanTree {
        span: value.span(),
        children,
    }
}
