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

mod open;
mod plans;

use std::collections::HashMap;
use std::ops::Range;

use super::cells::field;
use super::{Dialect, Part, Table};
use crate::diag::{Code, Diagnostic, FileId, Location, did_you_mean};
use crate::load::mapping::{ColumnRef, EntityTable, Field, FieldFrom, StatementTable};

pub(super) use open::open;
use plans::{EntityPlan, StatementPlan};

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
    ) -> Result<usize, Box<Diagnostic>> {
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
            Err(d) => Err(Box::new(
                d.at(Some(at.clone()), "not a column of the file")
                    .also(table.at(self.header_span(table)), "the header"),
            )),
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
                        self.errors.push(*d);
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
                self.errors.push(*d);
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
    fields: impl Iterator<Item = (ItemPath, Resolved)>,
    columns: usize,
) -> (Vec<ItemPath>, Vec<(ItemPath, Location)>) {
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

/// A path into an item (`["label", "en"]`), as the origins keep it.
type ItemPath = Vec<Box<str>>;

fn path(parts: &[&str]) -> ItemPath {
    parts.iter().map(|s| Box::from(*s)).collect()
}
