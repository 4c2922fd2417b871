//! Mapped CSV: files with their own column names, read as `mapping.toml` says
//! (`load/mapping.rs` has the mapping's types; docs/FORMAT.md, "Mapped CSV").
//!
//! Each table is checked against its file's header first: a column the mapping names that
//! the header lacks is an error in the mapping (with a did-you-mean from the real header),
//! and no row is read. Entity rows are read directly; a statement row is laid out again as
//! the cells of the standard statement columns it maps to (a template applied, a fixed value
//! filled in), and read by the same code as `statements.csv`, so its statement is the one a
//! `statements.csv` row with those cells would be. Errors in a cell point at the cell; a
//! fixed value's at the mapping.

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use encoding_rs::Encoding;

use super::cells::{field, offset};
use super::entities::scalar;
use super::statements::{LocatorPart, StatementColumn, ValueKey, statement};
use super::{Dialect, Next, Part, Table};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Location, did_you_mean};
use crate::load::mapping::{
    ColumnRef, EntityTable, Field, FieldFrom, FileSpec, MAPPING_FILE, StatementTable, Texts,
};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::Entity;

/// What a mapping table reads a file as.
#[derive(Debug, Clone)]
pub(super) enum MappedKind {
    Entities(Box<EntityTable>),
    Statements(Box<StatementTable>),
}

/// A mapped file, read and decoded, ready to parse.
pub(super) struct MappedFile {
    pub(super) kind: MappedKind,
    pub(super) dialect: Dialect,
    pub(super) header: bool,
    pub(super) ignore: Vec<toml::Spanned<ColumnRef>>,
    /// The mapping file, where fixed values and column names are written.
    pub(super) mapping: FileId,
}

/// The file, dialect and text of one mapping table: `None` (after a diagnostic in the
/// mapping or the file) when its dialect is wrong or the file cannot be read.
pub(super) fn open(
    spec: &FileSpec,
    kind: MappedKind,
    dir: &Path,
    mapping: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<(FileId, Arc<str>, MappedFile)> {
    let at = |span: Range<usize>| {
        Some(Location {
            file: mapping,
            span,
        })
    };
    let mut problems = Vec::new();
    let path = dir.join(spec.file.get_ref());
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let one_byte = |key: &str, value: &toml::Spanned<String>, problems: &mut Vec<Diagnostic>| {
        let text = value.get_ref();
        match text.as_bytes() {
            [b] if b.is_ascii() => Some(Some(*b)),
            [] if key == "quote" => Some(None),
            _ => {
                problems.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!(
                            "`{key}` is one ASCII character, not \"{}\"",
                            text.escape_default()
                        ),
                    )
                    .at(at(value.span()), "here")
                    .with_help(if key == "quote" {
                        "write '\"', \"'\", or \"\" for cells that are never quoted"
                    } else {
                        "write \",\", \";\", \"|\" or \"\\t\" (a tab)"
                    }),
                );
                None
            }
        }
    };
    let delimiter = match &spec.delimiter {
        Some(d) => one_byte("delimiter", d, &mut problems).flatten(),
        None => Some(if tsv { b'\t' } else { b',' }),
    };
    let quote = match &spec.quote {
        Some(q) => one_byte("quote", q, &mut problems),
        None => Some(Some(b'"')),
    };
    let encoding = match &spec.encoding {
        None => Some(encoding_rs::UTF_8),
        Some(label) => Encoding::for_label(label.get_ref().trim().as_bytes()).or_else(|| {
            problems.push(
                Diagnostic::error(Code::Shape, format!("unknown encoding \"{}\"", label.get_ref()))
                    .at(at(label.span()), "not an encoding label")
                    .with_help("write a WHATWG label: utf-8, utf-16le, utf-16be, latin1 (read as windows-1252), windows-1251, shift_jis, gb18030, …"),
            );
            None
        }),
    };
    if !path.is_file() {
        problems.push(
            Diagnostic::error(
                Code::Io,
                format!(
                    "{} names {}, which does not exist",
                    MAPPING_FILE,
                    path.display()
                ),
            )
            .at(at(spec.file.span()), "no such file")
            .with_help("the path is relative to the directory that holds the mapping"),
        );
    }
    let (Some(delimiter), Some(quote), Some(encoding)) = (delimiter, quote, encoding) else {
        diagnostics.items.extend(problems);
        return None;
    };
    if !problems.is_empty() {
        diagnostics.items.extend(problems);
        return None;
    }
    let (file, text) = read_decoded(&path, encoding, spec, mapping, diagnostics)?;
    Some((
        file,
        text,
        MappedFile {
            kind,
            dialect: Dialect { delimiter, quote },
            header: spec.header,
            ignore: spec.ignore.clone(),
            mapping,
        },
    ))
}

/// Reads a file in `encoding` (a byte-order mark decides over it) as text shared with
/// `diagnostics.files`.
fn read_decoded(
    path: &Path,
    encoding: &'static Encoding,
    spec: &FileSpec,
    mapping: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<(FileId, Arc<str>)> {
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > crate::load::MAX_FILE_BYTES => None,
        Ok(_) => std::fs::read(path).ok(),
        Err(_) => None,
    };
    let Some(bytes) = bytes else {
        // Too large or unreadable: the usual reader says which.
        return super::read_shared(path, diagnostics);
    };
    let (encoding, bom) = Encoding::for_bom(&bytes).unwrap_or((encoding, 0));
    if encoding == encoding_rs::UTF_8 {
        return super::read_shared(path, diagnostics);
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    let text: Arc<str> = Arc::from(text.into_owned());
    let file = diagnostics.files.add_shared(path, Arc::clone(&text));
    if had_errors {
        let bad = text.find('\u{FFFD}').unwrap_or(0);
        diagnostics.items.push(
            Diagnostic::error(
                Code::Io,
                format!("the file is not valid {}", encoding.name()),
            )
            .at(
                Some(Location {
                    file,
                    span: bad..bad + '\u{FFFD}'.len_utf8(),
                }),
                "these bytes",
            )
            .also(
                spec.encoding.as_ref().map(|e| Location {
                    file: mapping,
                    span: e.span(),
                }),
                "the encoding the mapping gives",
            )
            .with_help("give the file's real encoding in `encoding`, or save it as UTF-8"),
        );
        return None;
    }
    Some((file, text))
}

/// Where a field's value comes from, once its column is found.
#[derive(Debug, Clone)]
enum Source {
    Column(usize),
    Value(String),
}

/// A field resolved against the header.
#[derive(Debug, Clone)]
struct Resolved {
    source: Source,
    template: Option<String>,
    /// Where the mapping gives it.
    at: Location,
}

impl Resolved {
    /// The field's value in a row: the cell (in its template when not empty), or the fixed
    /// value.
    fn value<'r>(&'r self, record: &'r csv::ByteRecord, buffer: &'r mut String) -> &'r str {
        match &self.source {
            Source::Value(v) => v,
            Source::Column(c) => {
                let cell = field(record, *c);
                match &self.template {
                    Some(t) if !cell.is_empty() => {
                        buffer.clear();
                        buffer.push_str(&t.replacen("{}", cell, 1));
                        buffer
                    }
                    _ => cell,
                }
            }
        }
    }
}

/// The header's columns, for finding the ones a mapping names.
struct Header {
    /// Each column's name (empty without a header row).
    names: Vec<String>,
    spans: Vec<Range<usize>>,
    by_name: HashMap<String, Vec<usize>>,
    has_names: bool,
    /// Whether each column is read by a field or ignored.
    used: Vec<bool>,
}

impl Header {
    fn read(table: &Table<'_>, out: &mut Vec<Diagnostic>) -> Option<Header> {
        let cells: Vec<(String, Range<usize>)> = if table.headers {
            table.header(out)?
        } else {
            if table.text.trim().is_empty() {
                return None;
            }
            super::cells::row(table.text, 0, table.dialect)
                .cells
                .into_iter()
                .map(|span| (String::new(), span))
                .collect()
        };
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::with_capacity(cells.len());
        if table.headers {
            for (i, (name, _)) in cells.iter().enumerate() {
                by_name.entry(name.clone()).or_default().push(i);
            }
        }
        let used = vec![false; cells.len()];
        let (names, spans) = cells.into_iter().unzip();
        Some(Header {
            names,
            spans,
            by_name,
            has_names: table.headers,
            used,
        })
    }

    /// The column a mapping names, or an error located in the mapping.
    fn find(
        &mut self,
        column: &ColumnRef,
        at: &Location,
        table: &Table<'_>,
    ) -> Result<usize, Diagnostic> {
        let n = self.names.len();
        let found = match column {
            ColumnRef::Number(k) => usize::try_from(*k)
                .ok()
                .filter(|k| (1..=n).contains(k))
                .map(|k| k - 1)
                .ok_or_else(|| {
                    Diagnostic::error(
                        Code::UnknownColumn,
                        format!("{} has {n} columns, so there is no column {k}", table.name),
                    )
                    .with_help("columns are numbered from 1")
                }),
            ColumnRef::Name(name) if !self.has_names => Err(Diagnostic::error(
                Code::UnknownColumn,
                format!(
                    "{} has no header row (`header = false`), so no column is named `{name}`",
                    table.name
                ),
            )
            .with_help(format!("name its columns by number, 1 to {n}"))),
            ColumnRef::Name(name) => match self.by_name.get(name).map(Vec::as_slice) {
                Some([one]) => Ok(*one),
                Some(several) => Err(Diagnostic::error(
                    Code::UnknownColumn,
                    format!(
                        "{} has {} columns named `{name}`",
                        table.name,
                        several.len()
                    ),
                )
                .with_help(format!(
                    "name the one you mean by number: {}",
                    several
                        .iter()
                        .map(|i| (i + 1).to_string())
                        .collect::<Vec<_>>()
                        .join(" or ")
                ))),
                None => {
                    let candidates = self.names.iter().map(String::as_str);
                    let help = match did_you_mean(name, candidates) {
                        Some(c) => format!("did you mean `{c}`?"),
                        None => {
                            let shown: Vec<String> = self
                                .names
                                .iter()
                                .take(10)
                                .map(|n| format!("`{n}`"))
                                .collect();
                            let more = if n > 10 { ", …" } else { "" };
                            format!("the columns are: {}{more}", shown.join(", "))
                        }
                    };
                    Err(Diagnostic::error(
                        Code::UnknownColumn,
                        format!("{} has no column `{name}`", table.name),
                    )
                    .with_help(help))
                }
            },
        };
        match found {
            Ok(c) => {
                self.used[c] = true;
                Ok(c)
            }
            Err(d) => Err(d
                .at(Some(at.clone()), "not a column of the file")
                .also(table.at(self.header_span(table)), "the header")),
        }
    }

    fn header_span(&self, table: &Table<'_>) -> Range<usize> {
        match (self.spans.first(), self.spans.last()) {
            (Some(a), Some(b)) if table.headers => a.start..b.end,
            _ => 0..0,
        }
    }

    /// One warning for the columns no field reads and no `ignore` names.
    fn unmapped(&self, table: &Table<'_>) -> Option<Diagnostic> {
        let unused: Vec<usize> = (0..self.used.len()).filter(|&c| !self.used[c]).collect();
        let first = *unused.first()?;
        let name = |c: usize| {
            if self.has_names {
                format!("`{}`", self.names[c])
            } else {
                format!("{}", c + 1)
            }
        };
        let shown: Vec<String> = unused.iter().take(5).map(|&c| name(c)).collect();
        let more = match unused.len().saturating_sub(shown.len()) {
            0 => String::new(),
            n => format!(" and {n} more"),
        };
        let plural = if unused.len() == 1 { "" } else { "s" };
        Some(
            Diagnostic::warning(
                Code::UnmappedColumn,
                format!(
                    "{} has {} column{plural} that the mapping does not read: {}{more}",
                    table.name,
                    unused.len(),
                    shown.join(", ")
                ),
            )
            .at(table.at(self.spans[first].clone()), "not read")
            .with_help(format!(
                "map it, or list it in the table's `ignore` to say it is left out on purpose: ignore = [{}]",
                unused
                    .iter()
                    .take(5)
                    .map(|&c| if self.has_names {
                        format!("\"{}\"", self.names[c].escape_default())
                    } else {
                        (c + 1).to_string()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        )
    }
}

/// Resolves fields against a header, collecting every error.
struct Resolver<'h, 't> {
    header: &'h mut Header,
    table: &'h Table<'t>,
    mapping: FileId,
    errors: Vec<Diagnostic>,
}

impl Resolver<'_, '_> {
    fn resolve(&mut self, field: &Field) -> Option<Resolved> {
        let at = |span: Range<usize>| Location {
            file: self.mapping,
            span,
        };
        let source = match &field.from {
            FieldFrom::Value(v) => Source::Value(v.clone()),
            FieldFrom::Column(c, span) => {
                match self.header.find(c, &at(span.clone()), self.table) {
                    Ok(i) => Source::Column(i),
                    Err(d) => {
                        self.errors.push(d);
                        return None;
                    }
                }
            }
        };
        Some(Resolved {
            source,
            template: field.template.as_ref().map(|t| t.get_ref().clone()),
            at: at(field.span.clone()),
        })
    }

    /// A field that only aliases may have (`split`) given elsewhere.
    fn no_split(&mut self, field: &Field, key: &str) {
        if let Some(split) = &field.split {
            self.errors.push(
                Diagnostic::error(
                    Code::Shape,
                    format!("`split` applies to aliases, not to `{key}`"),
                )
                .at(
                    Some(Location {
                        file: self.mapping,
                        span: split.span(),
                    }),
                    "remove this",
                ),
            );
        }
    }

    fn ignore(&mut self, ignored: &[toml::Spanned<ColumnRef>]) {
        for c in ignored {
            let at = Location {
                file: self.mapping,
                span: c.span(),
            };
            if let Err(d) = self.header.find(c.get_ref(), &at, self.table) {
                self.errors.push(d);
            }
        }
    }
}

/// Reads a mapped file into a [`Part`].
pub(super) fn read_mapped(table: &Table<'_>, mapped: &MappedFile, primary: &str) -> Part {
    let mut part = Part::default();
    let Some(mut header) = Header::read(table, &mut part.diagnostics) else {
        if !table.headers {
            part.diagnostics.push(
                Diagnostic::error(Code::Shape, format!("{} is empty", table.name))
                    .at(table.at(0..0), "no rows"),
            );
        }
        return part;
    };
    let mut resolver = Resolver {
        header: &mut header,
        table,
        mapping: mapped.mapping,
        errors: Vec::new(),
    };
    resolver.ignore(&mapped.ignore);
    match &mapped.kind {
        MappedKind::Entities(spec) => {
            let plan = EntityPlan::new(spec, primary, &mut resolver);
            let errors = std::mem::take(&mut resolver.errors);
            if let (Some(plan), true) = (plan, errors.is_empty()) {
                part.diagnostics.extend(header.unmapped(table));
                plan.read(table, &header, &mut part);
            } else {
                part.diagnostics.extend(errors);
            }
        }
        MappedKind::Statements(spec) => {
            let plan = StatementPlan::new(spec, &mut resolver);
            let errors = std::mem::take(&mut resolver.errors);
            if let (Some(plan), true) = (plan, errors.is_empty()) {
                part.diagnostics.extend(header.unmapped(table));
                plan.read(table, &header, &mut part);
            } else {
                part.diagnostics.extend(errors);
            }
        }
    }
    part
}

/// Turns a list of (path, field) into the origins' per-column paths and fixed values.
fn origin_paths(
    fields: impl Iterator<Item = (Vec<Box<str>>, Resolved)>,
    columns: usize,
) -> (Vec<Vec<Box<str>>>, Vec<(Vec<Box<str>>, Location)>) {
    let mut paths = vec![Vec::new(); columns];
    let mut fixed = Vec::new();
    for (path, field) in fields {
        match field.source {
            Source::Column(c) => {
                if paths[c].is_empty() {
                    paths[c] = path;
                }
            }
            Source::Value(_) => fixed.push((path, field.at)),
        }
    }
    (paths, fixed)
}

fn path(parts: &[&str]) -> Vec<Box<str>> {
    parts.iter().map(|s| Box::from(*s)).collect()
}

/// How each part of an entity is read from a row.
struct EntityPlan {
    id: Resolved,
    type_id: Resolved,
    labels: Vec<(String, Resolved)>,
    aliases: Vec<(String, Resolved, String)>,
    description: Option<Resolved>,
    wikidata: Option<Resolved>,
    attributes: Vec<(String, Resolved)>,
}

/// A language tag in its usual case.
fn language(tag: &str) -> String {
    crate::model::normalize_language_tag(tag).unwrap_or_else(|| tag.to_string())
}

impl EntityPlan {
    fn new(spec: &EntityTable, primary: &str, r: &mut Resolver<'_, '_>) -> Option<Self> {
        let one = |field: &Field, key: &str, r: &mut Resolver<'_, '_>| {
            r.no_split(field, key);
            r.resolve(field)
        };
        let id = one(&spec.id, "id", r);
        let type_id = one(&spec.type_id, "type", r);
        let by_language = |texts: &Texts| -> Vec<(String, Field)> {
            match texts {
                Texts::Primary(f) => vec![(language(primary), f.clone())],
                Texts::ByLanguage(map) => {
                    map.iter().map(|(l, f)| (language(l), f.clone())).collect()
                }
            }
        };
        let mut labels = Vec::new();
        for (lang, field) in by_language(&spec.label) {
            r.no_split(&field, "label");
            labels.extend(r.resolve(&field).map(|f| (lang, f)));
        }
        let mut aliases = Vec::new();
        for (lang, field) in spec.aliases.as_ref().map(by_language).unwrap_or_default() {
            let split = field
                .split
                .as_ref()
                .map_or("|".to_string(), |s| s.get_ref().clone());
            aliases.extend(r.resolve(&field).map(|f| (lang, f, split)));
        }
        let description = spec
            .description
            .as_ref()
            .and_then(|f| one(f, "description", r));
        let wikidata = spec.wikidata.as_ref().and_then(|f| one(f, "wikidata", r));
        let mut attributes = Vec::new();
        for (key, field) in &spec.attributes {
            attributes.extend(one(field, "attributes", r).map(|f| (key.clone(), f)));
        }
        Some(EntityPlan {
            id: id?,
            type_id: type_id?,
            labels,
            aliases,
            description,
            wikidata,
            attributes,
        })
    }

    fn fields(&self) -> impl Iterator<Item = (Vec<Box<str>>, Resolved)> + '_ {
        fn one(p: &[&str], f: &Resolved) -> (Vec<Box<str>>, Resolved) {
            (path(p), f.clone())
        }
        [one(&["id"], &self.id), one(&["type"], &self.type_id)]
            .into_iter()
            .chain(self.labels.iter().map(|(l, f)| one(&["label", l], f)))
            .chain(self.aliases.iter().map(|(l, f, _)| one(&["aliases", l], f)))
            .chain(self.description.iter().map(|f| one(&["description"], f)))
            .chain(self.wikidata.iter().map(|f| one(&["wikidata"], f)))
            .chain(
                self.attributes
                    .iter()
                    .map(|(k, f)| one(&["attributes", k], f)),
            )
    }

    fn read(&self, table: &Table<'_>, header: &Header, part: &mut Part) {
        part.anchor = match &self.type_id.source {
            Source::Column(c) => table.at(header.spans[*c].clone()),
            Source::Value(_) => Some(self.type_id.at.clone()),
        };
        let mut rows = Vec::new();
        let mut reader = table.rows();
        let mut record = csv::ByteRecord::new();
        let mut buffer = String::new();
        loop {
            let row = match table.next_row(
                &mut reader,
                &mut record,
                header.used.len(),
                &mut part.diagnostics,
            ) {
                Next::Row(row) => row,
                Next::Skipped(row) => {
                    if let Source::Column(c) = self.id.source
                        && let Some(span) =
                            super::cells::cell_spans_in(table.text, row, table.dialect).get(c)
                    {
                        let cell = table
                            .dialect
                            .unquote(&table.text[span.clone()])
                            .into_owned();
                        let id = match &self.id.template {
                            Some(t) if !cell.is_empty() => t.replacen("{}", &cell, 1),
                            _ => cell,
                        };
                        part.unreadable.push((ItemKind::Entity, id));
                    }
                    continue;
                }
                Next::End => break,
            };
            let mut entity = Entity {
                id: self.id.value(&record, &mut buffer).into(),
                type_id: self.type_id.value(&record, &mut buffer).into(),
                ..Default::default()
            };
            for (lang, f) in &self.labels {
                let text = f.value(&record, &mut buffer);
                if !text.is_empty() {
                    entity.label.insert(lang.clone(), text.to_string());
                }
            }
            for (lang, f, split) in &self.aliases {
                let text = f.value(&record, &mut buffer);
                let names = text
                    .split(split.as_str())
                    .map(str::trim)
                    .filter(|a| !a.is_empty());
                let list = entity.aliases.get_or_insert_default(lang);
                list.extend(names.map(str::to_string));
            }
            entity.aliases.retain(|_, list| !list.is_empty());
            let text = |f: &Option<Resolved>, buffer: &mut String| {
                f.as_ref()
                    .map(|f| f.value(&record, buffer).to_string())
                    .filter(|t| !t.is_empty())
            };
            entity.description = text(&self.description, &mut buffer);
            entity.wikidata = text(&self.wikidata, &mut buffer);
            for (key, f) in &self.attributes {
                let cell = f.value(&record, &mut buffer);
                if !cell.is_empty() {
                    entity.attributes.insert(key.clone(), scalar(cell));
                }
            }
            part.entities.push(entity);
            rows.push(offset(row));
        }
        let (columns, fixed) = origin_paths(self.fields(), header.used.len());
        let id_column = match self.id.source {
            Source::Column(c) => Some(c),
            Source::Value(_) => None,
        };
        part.origin = Some(CsvOrigins {
            kind: ItemKind::Entity,
            first: 0,
            file: table.file,
            text: Arc::clone(table.shared),
            dialect: table.dialect,
            place: CsvPlace::Rows {
                columns,
                id_column,
                rows,
                fixed,
            },
        });
    }
}

/// How a row becomes the cells of standard statement columns.
struct StatementPlan {
    /// One standard column per field, with where its cell comes from.
    columns: Vec<(StatementColumn, Resolved)>,
    /// The standard columns alone, as [`statement`] reads them.
    kinds: Vec<StatementColumn>,
    /// `locators[n]`: the column of the n-th reference's locator (or its source).
    locators: Vec<usize>,
}

impl StatementPlan {
    fn new(spec: &StatementTable, r: &mut Resolver<'_, '_>) -> Option<Self> {
        let mut fields: Vec<(StatementColumn, Field, &str)> = Vec::new();
        let mut add = |c: StatementColumn, f: &Option<Field>, key: &'static str| {
            if let Some(f) = f {
                fields.push((c, f.clone(), key));
            }
        };
        add(StatementColumn::Id, &spec.id, "id");
        add(
            StatementColumn::Subject,
            &Some(spec.subject.clone()),
            "subject",
        );
        add(
            StatementColumn::Predicate,
            &Some(spec.predicate.clone()),
            "predicate",
        );
        for (key, f) in [
            (ValueKey::Object, &spec.object),
            (ValueKey::Quantity, &spec.quantity),
            (ValueKey::Decimal, &spec.decimal),
            (ValueKey::Date, &spec.date),
            (ValueKey::Span, &spec.span),
            (ValueKey::Text, &spec.text),
        ] {
            add(StatementColumn::Value(key), f, key.name());
        }
        add(StatementColumn::Unit, &spec.unit, "unit");
        let q = &spec.qualifiers;
        add(
            StatementColumn::PointInTime,
            &q.point_in_time,
            "point_in_time",
        );
        add(StatementColumn::Start, &q.start, "start");
        add(StatementColumn::End, &q.end, "end");
        add(StatementColumn::Place, &q.place, "place");
        add(StatementColumn::QualifierQuantity, &q.quantity, "quantity");
        let others: Vec<(String, Field)> = q
            .other
            .iter()
            .map(|(k, f)| (k.clone(), f.clone()))
            .collect();
        let references = spec.references.clone();
        add(StatementColumn::Rank, &spec.rank, "rank");
        add(StatementColumn::Disputed, &spec.disputed, "disputed");
        add(StatementColumn::Note, &spec.note, "note");
        let mut columns = Vec::new();
        let mut ok = true;
        let mut push = |c: StatementColumn, f: &Field, key: &str, r: &mut Resolver<'_, '_>| {
            r.no_split(f, key);
            match r.resolve(f) {
                Some(resolved) => columns.push((c, resolved)),
                None => ok = false,
            }
        };
        for (c, f, key) in fields {
            push(c, &f, key, r);
        }
        for (key, f) in &others {
            push(StatementColumn::Qualifier(key.clone()), f, "qualifiers", r);
        }
        for (n, reference) in references.iter().enumerate() {
            push(StatementColumn::Source(n), &reference.source, "source", r);
            if let Some(f) = &reference.locator {
                push(StatementColumn::Locator(n), f, "locator", r);
            }
            for (part, f) in [
                (LocatorPart::Paragraph, &reference.paragraph),
                (LocatorPart::Page, &reference.page),
                (LocatorPart::Section, &reference.section),
                (LocatorPart::Note, &reference.note),
            ] {
                if let Some(f) = f {
                    push(StatementColumn::LocatorPart(n, part), f, part.name(), r);
                }
            }
        }
        if !ok {
            return None;
        }
        let kinds: Vec<StatementColumn> = columns.iter().map(|(c, _)| c.clone()).collect();
        let locators = (0..references.len())
            .map(|n| {
                let at = |want: &StatementColumn| kinds.iter().position(|c| c == want);
                at(&StatementColumn::Locator(n))
                    .or_else(|| at(&StatementColumn::Source(n)))
                    .unwrap_or(0)
            })
            .collect();
        Some(StatementPlan {
            columns,
            kinds,
            locators,
        })
    }

    fn read(&self, table: &Table<'_>, header: &Header, part: &mut Part) {
        let predicate = self
            .columns
            .iter()
            .find(|(c, _)| *c == StatementColumn::Predicate)
            .map(|(_, f)| f);
        part.anchor = predicate.and_then(|f| match &f.source {
            Source::Column(c) => table.at(header.spans[*c].clone()),
            Source::Value(_) => Some(f.at.clone()),
        });
        let mut rows = Vec::new();
        let mut reader = table.rows();
        let mut record = csv::ByteRecord::new();
        let mut cells = csv::ByteRecord::new();
        let mut buffer = String::new();
        loop {
            let row = match table.next_row(
                &mut reader,
                &mut record,
                header.used.len(),
                &mut part.diagnostics,
            ) {
                Next::Row(row) => row,
                Next::Skipped(row) => {
                    part.unreadable
                        .push((ItemKind::Statement, format!("{}:{row}", table.file)));
                    continue;
                }
                Next::End => break,
            };
            cells.clear();
            for (_, f) in &self.columns {
                cells.push_field(f.value(&record, &mut buffer).as_bytes());
            }
            match statement(&self.kinds, &self.locators, &cells) {
                Ok(statement) => {
                    part.statements.push(statement);
                    rows.push(offset(row));
                }
                Err(e) => {
                    let mut fixed_value = false;
                    let at = match self.columns.get(e.column).map(|(_, f)| f) {
                        Some(Resolved {
                            source: Source::Column(c),
                            ..
                        }) => table.cell(row, Some(*c)),
                        Some(fixed) => {
                            fixed_value = true;
                            Some(fixed.at.clone())
                        }
                        None => table.cell(row, None),
                    };
                    let label = if e.code == Code::Shape {
                        "invalid here"
                    } else {
                        "here"
                    };
                    part.diagnostics.push(
                        Diagnostic::error(e.code, e.message)
                            .at(at, label)
                            .with_help_opt(e.help),
                    );
                    part.unreadable
                        .push((ItemKind::Statement, format!("{}:{row}", table.file)));
                    if fixed_value {
                        // A value the mapping gives is wrong for every row alike: said once,
                        // and the file is not read further.
                        break;
                    }
                }
            }
        }
        let fields = self.columns.iter().map(|(c, f)| (c.path(), f.clone()));
        let (columns, fixed) = origin_paths(fields, header.used.len());
        let id_column = self.columns.iter().find_map(|(c, f)| match (c, &f.source) {
            (StatementColumn::Id, Source::Column(i)) => Some(*i),
            _ => None,
        });
        part.origin = Some(CsvOrigins {
            kind: ItemKind::Statement,
            first: 0,
            file: table.file,
            text: Arc::clone(table.shared),
            dialect: table.dialect,
            place: CsvPlace::Rows {
                columns,
                id_column,
                rows,
                fixed,
            },
        });
    }
}
