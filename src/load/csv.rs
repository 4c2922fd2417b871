//! The CSV reader: bulk entities and statements, one row per item (docs/FORMAT.md, "Bulk CSV
//! input").
//!
//! A dataset directory may hold `entities.csv`, `relations.csv` and `statements.csv` beside
//! (or instead of) its TOML files. Each file is read once into memory, kept in
//! [`crate::SourceFiles`] for diagnostics and shared with [`super::Origins`], which stores one
//! byte offset per row: the cells of a row are found again only when a diagnostic points
//! into it ([`cell_spans`]).
//!
//! Without a `[dataset]` table the dataset gets defaults (one [`Code::DefaultMetadata`]
//! warning); without a schema, types and predicates are declared from the names in the data,
//! and without sources, sources too (one [`Code::InferredSchema`] warning).

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Loaded;
use super::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Location, did_you_mean};
use crate::model::{
    Bound, Date, Entity, EntityType, LiteralKind, Predicate, Qualifiers, Quantity, Range as
    PredicateRange, Rank, Reference, Scalar, Source, Span, Statement, Value, derive_statement_id,
};

/// The entity file of a CSV dataset.
pub(super) const ENTITY_FILE: &str = "entities.csv";

/// The statement files of a CSV dataset, read in this order.
pub(super) const STATEMENT_FILES: [&str; 2] = ["relations.csv", "statements.csv"];

/// The CSV files of a dataset directory, in reading order: entities, then statements.
pub(super) fn files(dir: &Path) -> Vec<PathBuf> {
    std::iter::once(ENTITY_FILE)
        .chain(STATEMENT_FILES)
        .map(|name| dir.join(name))
        .filter(|p| p.is_file())
        .collect()
}

/// Reads the CSV files of `dir` into `loaded`, after its TOML files. `has_metadata`: whether
/// a TOML file had a `[dataset]` table.
pub(super) fn read(loaded: &mut Loaded, dir: &Path, files: &[PathBuf], has_metadata: bool) {
    let defaults = (!has_metadata).then(|| default_metadata(loaded, dir));
    let infer_schema = loaded.dataset.types.is_empty() && loaded.dataset.predicates.is_empty();
    let infer_sources = loaded.dataset.sources.is_empty();
    let primary = loaded.dataset.meta.primary_language().to_string();
    // Read every file first (file ids stay in reading order), then parse the entity file and
    // the statement files on two threads.
    let mut read = Vec::new();
    for path in files {
        if let Some((file, text)) = read_shared(path, &mut loaded.diagnostics) {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            read.push((file, text, name));
        }
    }
    if let Some(warning) = defaults {
        // Pointed at the first file's header: this is the data that had no [dataset].
        let at = read.first().map(|(file, text, _)| Location {
            file: *file,
            span: cell_spans(text, 0).first().cloned().unwrap_or(0..0),
        });
        loaded
            .diagnostics
            .items
            .push(warning.at(at, "read without a [dataset] table"));
    }
    let parse = |(file, text, name): &(FileId, Arc<str>, String)| {
        let table = Table {
            file: *file,
            text,
            shared: text,
            name,
        };
        if name == ENTITY_FILE {
            read_entities(&table, &primary)
        } else {
            read_statements(&table)
        }
    };
    let (entity_files, statement_files): (Vec<_>, Vec<_>) =
        read.iter().partition(|(_, _, name)| name == ENTITY_FILE);
    let (entity_parts, statement_parts) = std::thread::scope(|scope| {
        let entities = scope.spawn(|| entity_files.into_iter().map(parse).collect::<Vec<_>>());
        let statements: Vec<Part> = statement_files.into_iter().map(parse).collect();
        let entities = entities.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
        (entities, statements)
    });
    let mut anchor = None;
    for part in entity_parts.into_iter().chain(statement_parts) {
        anchor = anchor.or(part.anchor.clone());
        part.merge_into(loaded);
    }
    infer(loaded, infer_schema, infer_sources, anchor);
}

/// Appends `items` to `to`, moving the vector when `to` is empty (no copy of a bulk file's
/// items).
fn append<T>(to: &mut Vec<T>, items: Vec<T>) {
    if to.is_empty() {
        *to = items;
    } else {
        to.extend(items);
    }
}

/// What one file gave: its items, their origins and its diagnostics.
#[derive(Default)]
struct Part {
    entities: Vec<Entity>,
    statements: Vec<Statement>,
    origin: Option<CsvOrigins>,
    diagnostics: Vec<Diagnostic>,
    unreadable: Vec<(ItemKind, String)>,
    /// Where the warning about names declared from the data points.
    anchor: Option<Location>,
}

impl Part {
    fn merge_into(self, loaded: &mut Loaded) {
        if let Some(mut origin) = self.origin {
            origin.first = match origin.kind {
                ItemKind::Entity => loaded.dataset.entities.len(),
                _ => loaded.dataset.statements.len(),
            };
            loaded.origins.csv.push(origin);
        }
        append(&mut loaded.dataset.entities, self.entities);
        append(&mut loaded.dataset.statements, self.statements);
        loaded.diagnostics.items.extend(self.diagnostics);
        for (kind, id) in self.unreadable {
            loaded.unreadable.entry(kind).or_default().insert(id);
        }
    }
}

/// Reads a file as UTF-8 into `diagnostics.files`, sharing its text; a file that is too large
/// or not UTF-8 is reported by the usual reader.
fn read_shared(path: &Path, diagnostics: &mut Diagnostics) -> Option<(FileId, Arc<str>)> {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= super::MAX_FILE_BYTES);
    if small && let Ok(mut bytes) = std::fs::read(path) {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if let Ok(text) = String::from_utf8(bytes) {
            let text: Arc<str> = Arc::from(text);
            let file = diagnostics.files.add_shared(path, Arc::clone(&text));
            return Some((file, text));
        }
    }
    super::read_text(path, diagnostics).map(|(file, _)| (file, diagnostics.files.shared_text(file)))
}

/// The `[dataset]` a CSV dataset without one gets: named after its directory.
fn default_metadata(loaded: &mut Loaded, dir: &Path) -> Diagnostic {
    let name = std::fs::canonicalize(dir)
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let id = slug_of(&name);
    let meta = &mut loaded.dataset.meta;
    meta.id = id.clone();
    meta.title = id.clone();
    meta.base_iri = format!("https://kgforge.invalid/{id}/");
    meta.languages = vec!["en".to_string()];
    Diagnostic::warning(
        Code::DefaultMetadata,
        format!(
            "no [dataset] table: the dataset is \"{id}\", with base IRI {} and labels in \"en\"",
            meta.base_iri
        ),
    )
    .with_help("add dataset.toml with [dataset] id, title, base_iri and languages; see docs/FORMAT.md")
}

/// A directory name as a slug: other characters become `-`, and a leading letter is ensured.
fn slug_of(name: &str) -> String {
    let mut id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) {
        id.insert_str(0, "dataset-");
    }
    id.truncate(128);
    id
}

/// One CSV file being read.
struct Table<'t> {
    file: FileId,
    text: &'t str,
    /// The same text, kept by the origins for later diagnostics.
    shared: &'t Arc<str>,
    name: &'t str,
}

impl Table<'_> {
    fn at(&self, span: Range<usize>) -> Option<Location> {
        Some(Location {
            file: self.file,
            span,
        })
    }

    /// The span of cell `column` of the row starting at `row`, or of the whole row.
    fn cell(&self, row: usize, column: Option<usize>) -> Option<Location> {
        let cells = cell_spans(self.text, row);
        let span = column
            .and_then(|c| cells.get(c).cloned())
            .unwrap_or_else(|| row..cells.last().map_or(row, |c| c.end));
        self.at(span)
    }

    /// Reads the header; `None` (after a diagnostic) when the file is empty.
    fn header(&self, out: &mut Vec<Diagnostic>) -> Option<Vec<(String, Range<usize>)>> {
        if self.text.trim().is_empty() {
            out.push(
                Diagnostic::error(Code::Shape, format!("{} is empty", self.name))
                    .at(self.at(0..0), "no header row")
                    .with_help("the first row names the columns; see docs/FORMAT.md"),
            );
            return None;
        }
        let spans = cell_spans(self.text, 0);
        Some(
            spans
                .into_iter()
                .map(|span| (unquote(&self.text[span.clone()]).into_owned(), span))
                .collect(),
        )
    }

    /// A parser over the rows after the header.
    fn rows(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(self.text.as_bytes())
    }

    fn unequal(&self, out: &mut Vec<Diagnostic>, e: &csv::Error, columns: usize) -> Option<usize> {
        let csv::ErrorKind::UnequalLengths { pos, len, .. } = e.kind() else {
            out.push(Diagnostic::error(
                Code::Syntax,
                format!("{}: {e}", self.name),
            ));
            return None;
        };
        let row = pos.as_ref().map_or(0, |p| p.byte() as usize);
        out.push(
            Diagnostic::error(
                Code::Shape,
                format!("this row has {len} cells, the header has {columns}"),
            )
            .at(self.cell(row, None), "this row")
            .with_help("quote cells that hold commas: \"Harbin, Manchuria\""),
        );
        Some(row)
    }
}

/// A header problem: an unknown, repeated or missing column.
fn column_error(table: &Table<'_>, span: Option<Range<usize>>, message: String) -> Diagnostic {
    Diagnostic::error(Code::Shape, message).at(
        table.at(span.unwrap_or(0..table.text.find(['\r', '\n']).unwrap_or(table.text.len()))),
        "in the header",
    )
}

fn unknown_column(table: &Table<'_>, name: &str, span: Range<usize>, known: &[&str]) -> Diagnostic {
    let help = did_you_mean(name, known.iter().copied())
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| format!("the columns are: {}", known.join(", ")));
    column_error(
        table,
        Some(span),
        format!("unknown column `{name}` in {}", table.name),
    )
    .with_help(help)
}

// ---- entities ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq)]
enum EntityColumn {
    Id,
    Type,
    Label(String),
    Alias(String),
    Description,
    Wikidata,
    Attribute(String),
    Ignored,
}

const ENTITY_COLUMNS: &[&str] = &[
    "id",
    "type",
    "label",
    "label@<lang>",
    "alias",
    "alias@<lang>",
    "description",
    "wikidata",
    "attr:<key>",
];

impl EntityColumn {
    fn parse(name: &str, primary: &str) -> Option<Self> {
        Some(match name {
            "id" => Self::Id,
            "type" => Self::Type,
            "label" => Self::Label(primary.to_string()),
            "alias" | "aliases" => Self::Alias(primary.to_string()),
            "description" => Self::Description,
            "wikidata" => Self::Wikidata,
            _ => {
                if let Some(lang) = name.strip_prefix("label@") {
                    Self::Label(lang.to_string())
                } else if let Some(lang) = name
                    .strip_prefix("alias@")
                    .or_else(|| name.strip_prefix("aliases@"))
                {
                    Self::Alias(lang.to_string())
                } else if let Some(key) = name.strip_prefix("attr:") {
                    Self::Attribute(key.to_string())
                } else {
                    return None;
                }
            }
        })
    }

    fn path(&self) -> Vec<Box<str>> {
        let p = |parts: &[&str]| parts.iter().map(|s| Box::from(*s)).collect();
        match self {
            Self::Id => p(&["id"]),
            Self::Type => p(&["type"]),
            Self::Label(lang) => p(&["label", lang]),
            Self::Alias(lang) => p(&["aliases", lang]),
            Self::Description => p(&["description"]),
            Self::Wikidata => p(&["wikidata"]),
            Self::Attribute(key) => p(&["attributes", key]),
            Self::Ignored => Vec::new(),
        }
    }
}

fn read_entities(table: &Table<'_>, primary: &str) -> Part {
    let mut part = Part::default();
    let Some(header) = table.header(&mut part.diagnostics) else {
        return part;
    };
    let mut columns = Vec::with_capacity(header.len());
    for (name, span) in &header {
        let column = match EntityColumn::parse(name, primary) {
            Some(c) if c != EntityColumn::Ignored && !matches!(c, EntityColumn::Alias(_)) && columns.contains(&c) => {
                part.diagnostics.push(column_error(
                    table,
                    Some(span.clone()),
                    format!("column `{name}` appears twice in {}", table.name),
                ));
                EntityColumn::Ignored
            }
            Some(c) => c,
            None => {
                part.diagnostics.push(unknown_column(table, name, span.clone(), ENTITY_COLUMNS));
                EntityColumn::Ignored
            }
        };
        columns.push(column);
    }
    let id_column = columns.iter().position(|c| *c == EntityColumn::Id);
    let type_column = columns.iter().position(|c| *c == EntityColumn::Type);
    let mut missing = Vec::new();
    if id_column.is_none() {
        missing.push("id");
    }
    if type_column.is_none() {
        missing.push("type");
    }
    if !columns.iter().any(|c| matches!(c, EntityColumn::Label(_))) {
        missing.push("label");
    }
    if !missing.is_empty() {
        part.diagnostics.push(
            column_error(
                table,
                None,
                format!("{} has no {} column", table.name, missing.join(", no ")),
            )
            .with_help("entities.csv starts with the header id,type,label"),
        );
        return part;
    }
    part.anchor = type_column.and_then(|c| header.get(c).and_then(|(_, s)| table.at(s.clone())));
    let mut rows = Vec::new();
    let mut reader = table.rows();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let Some(row) = table.unequal(&mut part.diagnostics, &e, columns.len()) else {
                    break;
                };
                if let Some(c) = id_column
                    && let Some(span) = cell_spans(table.text, row).get(c)
                {
                    let id = unquote(&table.text[span.clone()]).into_owned();
                    part.unreadable.push((ItemKind::Entity, id));
                }
                continue;
            }
        }
        let row = record.position().map_or(0, |p| p.byte() as usize);
        let mut entity = Entity::default();
        for (c, column) in columns.iter().enumerate() {
            let cell = field(&record, c);
            match column {
                EntityColumn::Id => entity.id = cell.to_string(),
                EntityColumn::Type => entity.type_id = cell.to_string(),
                _ if cell.is_empty() => {}
                EntityColumn::Label(lang) => {
                    entity.label.insert(lang.clone(), cell.to_string());
                }
                EntityColumn::Alias(lang) => {
                    let aliases = cell.split('|').map(str::trim).filter(|a| !a.is_empty());
                    let list = entity.aliases.entry(lang.clone()).or_default();
                    list.extend(aliases.map(str::to_string));
                }
                EntityColumn::Description => entity.description = Some(cell.to_string()),
                EntityColumn::Wikidata => entity.wikidata = Some(cell.to_string()),
                EntityColumn::Attribute(key) => {
                    entity.attributes.insert(key.clone(), scalar(cell));
                }
                EntityColumn::Ignored => {}
            }
        }
        entity.aliases.retain(|_, list| !list.is_empty());
        part.entities.push(entity);
        rows.push(offset(row));
    }
    part.origin = Some(CsvOrigins {
        kind: ItemKind::Entity,
        first: 0,
        file: table.file,
        text: Arc::clone(table.shared),
        place: CsvPlace::Rows {
            columns: columns.iter().map(EntityColumn::path).collect(),
            id_column,
            rows,
        },
    });
    part
}

/// An attribute cell: `true`/`false`, an integer, a decimal, or else text.
fn scalar(cell: &str) -> Scalar {
    match cell {
        "true" => Scalar::Bool(true),
        "false" => Scalar::Bool(false),
        _ => {
            if let Ok(n) = cell.parse::<i64>() {
                Scalar::Integer(n)
            } else if let Some(x) = cell
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && cell.bytes().any(|b| b.is_ascii_digit()))
            {
                Scalar::Float(x)
            } else {
                Scalar::String(cell.to_string())
            }
        }
    }
}

// ---- statements ----------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq)]
enum ValueKey {
    Object,
    Quantity,
    Decimal,
    Date,
    Span,
    Text,
}

impl ValueKey {
    const ALL: [ValueKey; 6] = [
        ValueKey::Object,
        ValueKey::Quantity,
        ValueKey::Decimal,
        ValueKey::Date,
        ValueKey::Span,
        ValueKey::Text,
    ];

    fn name(self) -> &'static str {
        match self {
            ValueKey::Object => "object",
            ValueKey::Quantity => "quantity",
            ValueKey::Decimal => "decimal",
            ValueKey::Date => "date",
            ValueKey::Span => "span",
            ValueKey::Text => "text",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum StatementColumn {
    Id,
    Subject,
    Predicate,
    Value(ValueKey),
    Unit,
    PointInTime,
    Start,
    End,
    Place,
    QualifierQuantity,
    Qualifier(String),
    /// The `n`th `source` column.
    Source(usize),
    /// The `n`th `locator` column.
    Locator(usize),
    Rank,
    Disputed,
    Note,
    Ignored,
}

const STATEMENT_COLUMNS: &[&str] = &[
    "id",
    "subject",
    "predicate",
    "object",
    "quantity",
    "unit",
    "decimal",
    "date",
    "span",
    "text",
    "point_in_time",
    "start",
    "end",
    "place",
    "qualifier_quantity",
    "qual:<key>",
    "source",
    "locator",
    "rank",
    "disputed",
    "note",
];

impl StatementColumn {
    fn parse(name: &str, sources: &mut usize, locators: &mut usize) -> Option<Self> {
        let next = |n: &mut usize| {
            *n += 1;
            *n - 1
        };
        Some(match name {
            "id" => Self::Id,
            "subject" => Self::Subject,
            "predicate" => Self::Predicate,
            "unit" => Self::Unit,
            "point_in_time" => Self::PointInTime,
            "start" => Self::Start,
            "end" => Self::End,
            "place" => Self::Place,
            "qualifier_quantity" => Self::QualifierQuantity,
            "source" => Self::Source(next(sources)),
            "locator" => Self::Locator(next(locators)),
            "rank" => Self::Rank,
            "disputed" => Self::Disputed,
            "note" => Self::Note,
            _ => {
                if let Some(key) = ValueKey::ALL.into_iter().find(|k| k.name() == name) {
                    Self::Value(key)
                } else if let Some(key) = name.strip_prefix("qual:") {
                    Self::Qualifier(key.to_string())
                } else {
                    return None;
                }
            }
        })
    }

    fn path(&self) -> Vec<Box<str>> {
        let p = |parts: &[&str]| parts.iter().map(|s| Box::from(*s)).collect();
        match self {
            Self::Id => p(&["id"]),
            Self::Subject => p(&["subject"]),
            Self::Predicate => p(&["predicate"]),
            Self::Value(key) => p(&[key.name()]),
            Self::Unit => p(&["quantity", "unit"]),
            Self::PointInTime => p(&["qualifiers", "point_in_time"]),
            Self::Start => p(&["qualifiers", "start"]),
            Self::End => p(&["qualifiers", "end"]),
            Self::Place => p(&["qualifiers", "place"]),
            Self::QualifierQuantity => p(&["qualifiers", "quantity"]),
            Self::Qualifier(key) => p(&["qualifiers", "other", key]),
            Self::Source(n) => p(&["references", &n.to_string(), "source"]),
            Self::Locator(n) => p(&["references", &n.to_string()]),
            Self::Rank => p(&["rank"]),
            Self::Disputed => p(&["disputed"]),
            Self::Note => p(&["note"]),
            Self::Ignored => Vec::new(),
        }
    }
}

/// A cell that could not be read: its column, code and message.
struct CellError {
    column: usize,
    code: Code,
    message: String,
    help: Option<String>,
}

impl CellError {
    fn new(column: usize, code: Code, message: impl Into<String>) -> Self {
        CellError {
            column,
            code,
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

fn read_statements(table: &Table<'_>) -> Part {
    let mut part = Part::default();
    let Some(header) = table.header(&mut part.diagnostics) else {
        return part;
    };
    let (mut sources, mut locators) = (0, 0);
    let mut columns = Vec::with_capacity(header.len());
    for (name, span) in &header {
        let column = match StatementColumn::parse(name, &mut sources, &mut locators) {
            Some(c)
                if !matches!(c, StatementColumn::Source(_) | StatementColumn::Locator(_))
                    && columns.contains(&c) =>
            {
                part.diagnostics.push(column_error(
                    table,
                    Some(span.clone()),
                    format!("column `{name}` appears twice in {}", table.name),
                ));
                StatementColumn::Ignored
            }
            Some(c) => c,
            None => {
                part.diagnostics.push(unknown_column(table, name, span.clone(), STATEMENT_COLUMNS));
                StatementColumn::Ignored
            }
        };
        columns.push(column);
    }
    let has = |c: StatementColumn| columns.contains(&c);
    let mut missing = Vec::new();
    if !has(StatementColumn::Subject) {
        missing.push("subject");
    }
    if !has(StatementColumn::Predicate) {
        missing.push("predicate");
    }
    if !columns
        .iter()
        .any(|c| matches!(c, StatementColumn::Value(_)))
    {
        missing.push("object");
    }
    if !missing.is_empty() {
        part.diagnostics.push(
            column_error(
                table,
                None,
                format!("{} has no {} column", table.name, missing.join(", no ")),
            )
            .with_help(format!("{} starts with the header subject,predicate,object", table.name)),
        );
        return part;
    }
    if locators > sources {
        let span = header
            .iter()
            .zip(&columns)
            .filter(|(_, c)| matches!(c, StatementColumn::Locator(_)))
            .nth(sources)
            .map(|((_, s), _)| s.clone());
        part.diagnostics.push(
            column_error(
                table,
                span,
                "a `locator` column without its `source` column".to_string(),
            )
            .with_help("each locator column follows the source column it belongs to"),
        );
    }
    let c = columns.iter().position(|c| *c == StatementColumn::Predicate);
    part.anchor = c.and_then(|c| table.at(header[c].1.clone()));
    let mut rows = Vec::new();
    let mut reader = table.rows();
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let Some(row) = table.unequal(&mut part.diagnostics, &e, columns.len()) else {
                    break;
                };
                part.unreadable.push((ItemKind::Statement, format!("{}:{row}", table.file)));
                continue;
            }
        }
        let row = record.position().map_or(0, |p| p.byte() as usize);
        match statement(&columns, &record) {
            Ok(statement) => {
                part.statements.push(statement);
                rows.push(offset(row));
            }
            Err(e) => {
                let at = match e.column {
                    usize::MAX => table.cell(row, None),
                    c => table.cell(row, Some(c)),
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
                part.unreadable.push((ItemKind::Statement, format!("{}:{row}", table.file)));
            }
        }
    }
    part.origin = Some(CsvOrigins {
        kind: ItemKind::Statement,
        first: 0,
        file: table.file,
        text: Arc::clone(table.shared),
        place: CsvPlace::Rows {
            columns: columns.iter().map(StatementColumn::path).collect(),
            id_column: columns.iter().position(|c| *c == StatementColumn::Id),
            rows,
        },
    });
    part
}

/// Builds the statement of one row.
fn statement(columns: &[StatementColumn], record: &csv::ByteRecord) -> Result<Statement, CellError> {
    let mut id = None;
    let mut subject = "";
    let mut predicate = "";
    let mut value: Option<(usize, Value)> = None;
    let mut unit: Option<(usize, &str)> = None;
    let mut qualifiers = Qualifiers::default();
    let mut references: Vec<Reference> = Vec::new();
    let mut sources: Vec<(usize, &str)> = Vec::new();
    let mut locators: Vec<(usize, &str)> = Vec::new();
    let mut rank = Rank::Normal;
    let mut disputed = None;
    let mut note = None;
    for (c, column) in columns.iter().enumerate() {
        let cell = field(record, c);
        match column {
            StatementColumn::Subject => subject = cell,
            StatementColumn::Predicate => predicate = cell,
            _ if cell.is_empty() => {}
            StatementColumn::Id => id = Some(cell.to_string()),
            StatementColumn::Value(key) => {
                let parsed = parse_value(*key, cell, c)?;
                if let Some((first, _)) = &value {
                    let first = match &columns[*first] {
                        StatementColumn::Value(k) => k.name(),
                        _ => "?",
                    };
                    return Err(CellError::new(
                        c,
                        Code::StatementValue,
                        format!(
                            "a statement has exactly one value, this row has {first} and {}",
                            key.name()
                        ),
                    )
                    .help("leave all but one of the value columns empty"));
                }
                value = Some((c, parsed));
            }
            StatementColumn::Unit => unit = Some((c, cell)),
            StatementColumn::PointInTime => qualifiers.point_in_time = Some(date(cell, c)?),
            StatementColumn::Start => qualifiers.start = Some(date(cell, c)?),
            StatementColumn::End => qualifiers.end = Some(date(cell, c)?),
            StatementColumn::Place => qualifiers.place = Some(cell.to_string()),
            StatementColumn::QualifierQuantity => {
                qualifiers.quantity = Some(Quantity {
                    bound: bound(cell, c)?,
                    unit: None,
                });
            }
            StatementColumn::Qualifier(key) => {
                qualifiers.other.insert(key.clone(), cell.to_string());
            }
            StatementColumn::Source(n) => sources.push((*n, cell)),
            StatementColumn::Locator(n) => locators.push((*n, cell)),
            StatementColumn::Rank => {
                rank = match cell {
                    "preferred" => Rank::Preferred,
                    "normal" => Rank::Normal,
                    "deprecated" => Rank::Deprecated,
                    other => {
                        let names = ["preferred", "normal", "deprecated"];
                        return Err(CellError::new(
                            c,
                            Code::Shape,
                            format!("unknown rank `{other}`"),
                        )
                        .help(match did_you_mean(other, names) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => "the ranks are preferred, normal (the default) and deprecated"
                                .to_string(),
                        }));
                    }
                }
            }
            StatementColumn::Disputed => disputed = Some(cell.to_string()),
            StatementColumn::Note => note = Some(cell.to_string()),
            StatementColumn::Ignored => {}
        }
    }
    let Some((_, mut value)) = value else {
        return Err(CellError::new(
            usize::MAX,
            Code::StatementValue,
            "a statement needs a value: one of object, quantity, decimal, date, span, text",
        )
        .help("fill in one value column of this row"));
    };
    if let Some((c, unit)) = unit {
        match &mut value {
            Value::Quantity(q) => q.unit = Some(unit.to_string()),
            _ => {
                return Err(CellError::new(c, Code::Shape, "a unit without a quantity")
                    .help("`unit` qualifies the `quantity` column; leave it empty here"));
            }
        }
    }
    for (n, source) in &sources {
        let locator = locators.iter().find(|(m, _)| m == n).map_or("", |(_, l)| l);
        let column = columns
            .iter()
            .position(|c| *c == StatementColumn::Locator(*n))
            .unwrap_or(0);
        let mut reference = locator_reference(locator, column)?;
        reference.source = source.to_string();
        references.push(reference);
    }
    if let Some((n, _)) = locators.iter().find(|(n, _)| !sources.iter().any(|(m, _)| m == n)) {
        let column = columns
            .iter()
            .position(|c| *c == StatementColumn::Locator(*n))
            .unwrap_or(0);
        return Err(
            CellError::new(column, Code::Shape, "a locator without a source")
                .help("fill in the `source` column before it, or leave this empty"),
        );
    }
    if let (Some(a), Some(b)) = (qualifiers.start, qualifiers.end)
        && a.earliest() > b.latest()
    {
        let column = columns
            .iter()
            .position(|c| *c == StatementColumn::End)
            .unwrap_or(usize::MAX);
        return Err(CellError::new(
            column,
            Code::BadSpan,
            format!("the qualifiers start ({a}) after they end ({b})"),
        ));
    }
    let id = match id {
        Some(id) => id,
        None => derive_statement_id(subject, predicate, &value, &qualifiers),
    };
    Ok(Statement {
        id,
        subject: subject.to_string(),
        predicate: predicate.to_string(),
        value,
        qualifiers,
        rank,
        disputed,
        note,
        references,
    })
}

fn parse_value(key: ValueKey, cell: &str, column: usize) -> Result<Value, CellError> {
    Ok(match key {
        ValueKey::Object => Value::Entity(cell.to_string()),
        ValueKey::Quantity => Value::Quantity(Quantity {
            bound: bound(cell, column)?,
            unit: None,
        }),
        ValueKey::Decimal => Value::Decimal(cell.trim().parse().map_err(|_| {
            CellError::new(column, Code::Shape, format!("\"{cell}\" is not a decimal number"))
                .help("write a number such as 2.5")
        })?),
        ValueKey::Date => Value::Date(date(cell, column)?),
        ValueKey::Span => Value::Span(span(cell, column)?),
        ValueKey::Text => Value::Text(cell.to_string()),
    })
}

fn date(cell: &str, column: usize) -> Result<Date, CellError> {
    cell.parse()
        .map_err(|e: crate::model::DateError| CellError::new(column, Code::BadDate, e.to_string()))
}

/// `start/end`, either end `..` (or empty) when unknown.
fn span(cell: &str, column: usize) -> Result<Span, CellError> {
    let Some((start, end)) = cell.split_once('/') else {
        return Err(CellError::new(
            column,
            Code::BadDate,
            format!("\"{cell}\" is not a span"),
        )
        .help("write start/end, e.g. 1945-08-09/1956, with .. for an unknown end"));
    };
    let end_of = |text: &str| -> Result<Option<Date>, CellError> {
        match text.trim() {
            "" | ".." => Ok(None),
            t => date(t, column).map(Some),
        }
    };
    let span = Span {
        start: end_of(start)?,
        end: end_of(end)?,
    };
    if let (Some(a), Some(b)) = (span.start, span.end)
        && a.earliest() > b.latest()
    {
        return Err(CellError::new(
            column,
            Code::BadSpan,
            format!("span starts ({a}) after it ends ({b})"),
        ));
    }
    Ok(span)
}

/// A quantity cell: `400000`, or a bound and a number (`about 55000`, `more_than 500000`), or
/// `range 1 9`.
fn bound(cell: &str, column: usize) -> Result<Bound, CellError> {
    let bad = |message: String| {
        CellError::new(column, Code::BadQuantity, message).help(
            "write an integer, a bound and an integer (`about 55000`, `more_than 500000`) or `range 1 9`",
        )
    };
    let number = |t: &str| -> Result<i64, CellError> {
        let t = t.trim();
        t.parse().map_err(|_| {
            if t.contains(['.', 'e', 'E']) && t.parse::<f64>().is_ok() {
                bad(format!("{t} is not an integer; quantities count whole things"))
            } else {
                bad(format!("\"{t}\" is not an integer"))
            }
        })
    };
    let mut words = cell.split_whitespace();
    let first = words.next().unwrap_or("");
    let rest: Vec<&str> = words.collect();
    let one = |make: fn(i64) -> Bound| -> Result<Bound, CellError> {
        match rest.as_slice() {
            [n] => Ok(make(number(n)?)),
            _ => Err(bad(format!("\"{cell}\" is not a quantity"))),
        }
    };
    match first {
        "exact" => one(Bound::Exact),
        "about" => one(Bound::About),
        "at_least" => one(Bound::AtLeast),
        "more_than" => one(Bound::MoreThan),
        "at_most" => one(Bound::AtMost),
        "less_than" => one(Bound::LessThan),
        "range" => match rest.as_slice() {
            [lo, hi] => {
                let (lo, hi) = (number(lo)?, number(hi)?);
                if lo > hi {
                    Err(bad(format!("the range {lo} to {hi} ends below its start")))
                } else {
                    Ok(Bound::Range(lo, hi))
                }
            }
            _ => Err(bad(format!("\"{cell}\" is not a range"))),
        },
        n if rest.is_empty() => number(n).map(Bound::Exact),
        _ => Err(bad(format!("\"{cell}\" is not a quantity"))),
    }
}

/// A locator cell as a [`Reference`] (its `source` left empty): `¶3`, `p. 45`, `pp. 45-47`,
/// `§ Aftermath`, several joined by `, ` (as [`Reference::locator`] writes them); any other
/// text is a section.
fn locator_reference(locator: &str, column: usize) -> Result<Reference, CellError> {
    let mut reference = Reference::default();
    for part in locator_parts(locator) {
        let twice = |what: &str| {
            CellError::new(column, Code::Shape, format!("a locator with two {what}s"))
                .help("cite the other place in another source/locator column pair")
        };
        if let Some(n) = part.strip_prefix('¶') {
            let n = n.trim();
            let p = n.parse::<u32>().map_err(|_| {
                CellError::new(column, Code::Shape, format!("\"{n}\" is not a paragraph number"))
                    .help("write ¶ and the paragraph's number, counted from 1: ¶3")
            })?;
            if reference.paragraph.replace(p).is_some() {
                return Err(twice("paragraph"));
            }
        } else if let Some(p) = part
            .strip_prefix("pp.")
            .or_else(|| part.strip_prefix("p."))
        {
            if reference.page.replace(p.trim().to_string()).is_some() {
                return Err(twice("page"));
            }
        } else {
            let section = part.strip_prefix('§').unwrap_or(part).trim();
            if reference.section.replace(section.to_string()).is_some() {
                return Err(twice("section"));
            }
        }
    }
    Ok(reference)
}

/// Splits a locator at each `, ` that starts another locator (`¶`, `p.`, `pp.`, `§`).
fn locator_parts(locator: &str) -> Vec<&str> {
    let starts = |s: &str| s.starts_with(['¶', '§']) || s.starts_with("p.") || s.starts_with("pp.");
    let mut parts = Vec::new();
    let mut begin = 0;
    let mut search = 0;
    while let Some(i) = locator[search..].find(", ") {
        let at = search + i;
        if starts(&locator[at + 2..]) {
            parts.push(locator[begin..at].trim());
            begin = at + 2;
        }
        search = at + 2;
    }
    parts.push(locator[begin..].trim());
    parts.retain(|p| !p.is_empty());
    parts
}

// ---- inference -----------------------------------------------------------------------------

/// Declares the types, predicates and sources the data names but no file declares (each
/// only when its kind has no declaration at all), with one warning listing them.
fn infer(loaded: &mut Loaded, schema: bool, sources: bool, anchor: Option<Location>) {
    let mut lists = Vec::new();
    if schema {
        let d = &loaded.dataset;
        let mut seen = HashSet::new();
        let mut types = Vec::new();
        for (i, e) in d.entities.iter().enumerate() {
            if !e.type_id.is_empty() && seen.insert(e.type_id.as_str()) {
                types.push((e.type_id.clone(), i));
            }
        }
        let mut seen = HashSet::new();
        let mut predicates = Vec::new();
        for (i, s) in d.statements.iter().enumerate() {
            if !s.predicate.is_empty() && seen.insert(s.predicate.as_str()) {
                let range = match &s.value {
                    Value::Entity(_) => PredicateRange::Entities(Vec::new()),
                    Value::Quantity(_) => PredicateRange::Literal(LiteralKind::Integer),
                    Value::Decimal(_) => PredicateRange::Literal(LiteralKind::Decimal),
                    Value::Date(_) => PredicateRange::Literal(LiteralKind::Date),
                    Value::Span(_) => PredicateRange::Literal(LiteralKind::Span),
                    Value::Text(_) => PredicateRange::Literal(LiteralKind::String),
                };
                predicates.push((s.predicate.clone(), range, i));
            }
        }
        let names: Vec<String> = types.iter().map(|(t, _)| t.clone()).collect();
        declare(loaded, ItemKind::Type, ItemKind::Entity, &["type"], types.into_iter().map(|(id, i)| {
            let label = id.replace('_', " ");
            (EntityType { id, label, ..Default::default() }, i)
        }), |d, t| d.types.push(t));
        lists.push(("type", names));
        let names: Vec<String> = predicates.iter().map(|(p, ..)| p.clone()).collect();
        declare(
            loaded,
            ItemKind::Predicate,
            ItemKind::Statement,
            &["predicate"],
            predicates.into_iter().map(|(id, range, i)| {
                let label = id.replace('_', " ");
                (
                    Predicate {
                        id,
                        label,
                        range,
                        ..Default::default()
                    },
                    i,
                )
            }),
            |d, p| d.predicates.push(p),
        );
        lists.push(("predicate", names));
    }
    if sources {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for (i, s) in loaded.dataset.statements.iter().enumerate() {
            for (j, r) in s.references.iter().enumerate() {
                if !r.source.is_empty() && seen.insert(r.source.as_str()) {
                    found.push((r.source.clone(), i, j));
                }
            }
        }
        let names: Vec<String> = found.iter().map(|(s, ..)| s.clone()).collect();
        let first = loaded.dataset.sources.len();
        let mut cells = Vec::new();
        for (id, i, j) in found {
            let at = loaded.origins.locate(
                ItemKind::Statement,
                i,
                &["references", &j.to_string(), "source"],
            );
            loaded.dataset.sources.push(Source {
                title: id.clone(),
                id,
                ..Default::default()
            });
            cells.push(at);
        }
        push_cells(loaded, ItemKind::Source, first, cells);
        lists.push(("source", names));
    }
    lists.retain(|(_, names)| !names.is_empty());
    if lists.is_empty() {
        return;
    }
    let described: Vec<String> = lists
        .iter()
        .map(|(kind, names)| {
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            let more = match names.len().saturating_sub(shown.len()) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let plural = if names.len() == 1 { "" } else { "s" };
            format!("{} {kind}{plural} ({}{more})", names.len(), shown.join(", "))
        })
        .collect();
    loaded.diagnostics.items.push(
        Diagnostic::warning(
            Code::InferredSchema,
            format!("declared from the data: {}", described.join("; ")),
        )
        .at(anchor, "names found in this column, among others")
        .with_help(
            "declare types and predicates in schema.toml, and sources in sources.toml, to give them labels, domains and ranges; see docs/FORMAT.md",
        ),
    );
}

/// Adds declared items, each located at the cell that first names it.
fn declare<T>(
    loaded: &mut Loaded,
    kind: ItemKind,
    user: ItemKind,
    path: &[&str],
    items: impl Iterator<Item = (T, usize)>,
    mut store: impl FnMut(&mut crate::model::Dataset, T),
) {
    let first = match kind {
        ItemKind::Type => loaded.dataset.types.len(),
        _ => loaded.dataset.predicates.len(),
    };
    let mut cells = Vec::new();
    for (item, i) in items {
        cells.push(loaded.origins.locate(user, i, path));
        store(&mut loaded.dataset, item);
    }
    push_cells(loaded, kind, first, cells);
}

fn push_cells(loaded: &mut Loaded, kind: ItemKind, first: usize, cells: Vec<Option<Location>>) {
    // Each item's cell is in some CSV file (or a TOML file, for data mixed in from there);
    // one run per file keeps them index-aligned.
    let mut run: Option<CsvOrigins> = None;
    for (n, cell) in cells.into_iter().enumerate() {
        let Some(cell) = cell else {
            // Without a place, later items cannot be located by index; stop here.
            break;
        };
        let same = run.as_ref().is_some_and(|r| r.file == cell.file);
        if !same {
            if let Some(r) = run.take() {
                loaded.origins.csv.push(r);
            }
            run = Some(CsvOrigins {
                kind,
                first: first + n,
                file: cell.file,
                text: loaded.diagnostics.files.shared_text(cell.file),
                place: CsvPlace::Cells(Vec::new()),
            });
        }
        if let Some(CsvOrigins {
            place: CsvPlace::Cells(list),
            ..
        }) = run.as_mut()
        {
            list.push(cell.span);
        }
    }
    if let Some(r) = run {
        loaded.origins.csv.push(r);
    }
}

// ---- cells ---------------------------------------------------------------------------------

/// The text of a cell: the record's bytes are valid UTF-8, as the whole file is and commas
/// and quotes are ASCII.
fn field<'r>(record: &'r csv::ByteRecord, i: usize) -> &'r str {
    record
        .get(i)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

fn offset(row: usize) -> u32 {
    // Files are at most MAX_FILE_BYTES (1 GiB), so offsets fit.
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// A cell as written, without its quotes.
fn unquote(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) if inner.contains("\"\"") => Cow::Owned(inner.replace("\"\"", "\"")),
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(cell),
    }
}

/// The byte spans of the cells of the row starting at `start`, quotes included.
pub(crate) fn cell_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut cells = Vec::new();
    let mut i = start.min(bytes.len());
    loop {
        let begin = i;
        if bytes.get(i) == Some(&b'"') {
            i += 1;
            while i < bytes.len() {
                if bytes[i] == b'"' {
                    if bytes.get(i + 1) == Some(&b'"') {
                        i += 2;
                        continue;
                    }
                    i += 1;
                    break;
                }
                i += 1;
            }
        }
        while i < bytes.len() && !matches!(bytes[i], b',' | b'\n' | b'\r') {
            i += 1;
        }
        cells.push(begin..i);
        if bytes.get(i) == Some(&b',') {
            i += 1;
        } else {
            break;
        }
    }
    cells
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_found_with_their_quotes() {
        let text = "a,\"b, \"\"c\"\"\",,d\r\nx,y\n";
        let spans = cell_spans(text, 0);
        let cells: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(cells, ["a", "\"b, \"\"c\"\"\"", "", "d"]);
        assert_eq!(unquote(cells[1]), "b, \"c\"");
        let second = text.find('x').unwrap();
        let cells: Vec<&str> = cell_spans(text, second)
            .iter()
            .map(|s| &text[s.clone()])
            .collect();
        assert_eq!(cells, ["x", "y"]);
        let quoted_newline = "\"a\nb\",c\n";
        assert_eq!(cell_spans(quoted_newline, 0), [0..5, 6..7]);
    }

    #[test]
    fn locators_read_back_what_reference_locator_writes() {
        let r = Reference {
            source: String::new(),
            paragraph: Some(3),
            page: Some("45-47".into()),
            section: Some("Aftermath, the camps".into()),
            note: None,
        };
        assert_eq!(locator_reference(&r.locator(), 0).ok(), Some(r));
        let plain = locator_reference("Chapter 2", 0).ok().unwrap();
        assert_eq!(plain.section.as_deref(), Some("Chapter 2"));
        assert_eq!(
            locator_reference("pp. 12-13", 0).ok().unwrap().page.as_deref(),
            Some("12-13")
        );
        assert!(locator_reference("¶x", 0).is_err());
        assert!(locator_reference("¶1, ¶2", 0).is_err());
    }

    #[test]
    fn quantities_take_a_bound_word() {
        assert_eq!(bound("400000", 0).ok(), Some(Bound::Exact(400_000)));
        assert_eq!(bound("about 55000", 0).ok(), Some(Bound::About(55_000)));
        assert_eq!(bound("more_than -5", 0).ok(), Some(Bound::MoreThan(-5)));
        assert_eq!(bound("range 1 9", 0).ok(), Some(Bound::Range(1, 9)));
        assert!(bound("range 9 1", 0).is_err());
        assert!(bound("2.5", 0).is_err());
        assert!(bound("lots 5", 0).is_err());
    }

    #[test]
    fn directory_names_become_slugs() {
        assert_eq!(slug_of("100k"), "dataset-100k");
        assert_eq!(slug_of("my data.set"), "my-data-set");
        assert_eq!(slug_of("manchuria-1945"), "manchuria-1945");
    }
}
