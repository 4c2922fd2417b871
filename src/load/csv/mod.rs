//! The CSV reader: bulk entities and statements, one row per item (docs/FORMAT.md, "Bulk CSV
//! input").
//!
//! A dataset directory may hold `entities.csv`, `relations.csv` and `statements.csv` beside
//! (or instead of) its TOML files. Each file is read once into memory, kept in
//! [`crate::SourceFiles`] for diagnostics and shared with [`super::Origins`], which stores one
//! byte offset per row: the cells of a row are found again only when a diagnostic points
//! into it ([`cell_spans_in`]).
//!
//! Without a `[dataset]` table the dataset gets defaults (one [`Code::DefaultMetadata`]
//! warning); without a schema, types and predicates are declared from the names in the data,
//! and without sources, sources too (one [`Code::InferredSchema`] warning).

mod cells;
mod entities;
mod header;
mod infer;
mod mapped;
mod statements;
mod stream;
mod values;

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use super::Loaded;
use super::origin::{CsvOrigins, ItemKind};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Location};
use crate::model::{Entity, Statement};

use cells::unclosed_quote;
pub(crate) use cells::{Dialect, cell_spans_in};
use entities::read_entities;
use header::{HeaderProblems, column_error};
use infer::infer;
pub(crate) use infer::{FirstUses, declare_from_data};
pub(crate) use statements::StatementColumns;
use statements::read_statements;
pub(crate) use stream::{StatementStream, lines_at, rows_origins};

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

/// Reads the CSV files of `dir` into `loaded`, after its TOML files: the standard ones
/// (`files`) and those a `mapping.toml` names (`mapping`). `has_metadata`: whether a TOML
/// file had a `[dataset]` table.
pub(super) fn read(
    loaded: &mut Loaded,
    dir: &Path,
    files: &[PathBuf],
    mapping: Option<(FileId, crate::load::mapping::Mapping)>,
    has_metadata: bool,
    done: &AtomicU64,
) {
    let uses = FirstUses::new(loaded);
    let anchor = read_files(loaded, dir, files, mapping, has_metadata, done);
    infer(loaded, uses, anchor);
}

/// Reads CSV files into `loaded` (as [`read`], without declaring what the data names);
/// returns where the warning about names declared from the data points.
pub(super) fn read_files(
    loaded: &mut Loaded,
    dir: &Path,
    files: &[PathBuf],
    mapping: Option<(FileId, crate::load::mapping::Mapping)>,
    has_metadata: bool,
    done: &AtomicU64,
) -> Option<Location> {
    let defaults = (!has_metadata).then(|| default_metadata(loaded, dir));
    let primary = loaded.dataset.meta.primary_language().to_string();
    // Read every file first (file ids stay in reading order), then parse the entity files and
    // the statement files on two threads.
    let mut read: Vec<Job> = Vec::new();
    for path in files {
        if let Some((file, text)) = read_shared(path, &mut loaded.diagnostics) {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let entities = name == ENTITY_FILE;
            read.push(Job {
                file,
                text,
                name,
                entities,
                mapped: None,
            });
        }
    }
    if let Some((mapping_file, mapping)) = mapping {
        let base = dir;
        let tables = (mapping.entities.into_iter())
            .map(|t| (t.file(), mapped::MappedKind::Entities(Box::new(t))))
            .chain(
                (mapping.statements.into_iter())
                    .map(|t| (t.file(), mapped::MappedKind::Statements(Box::new(t)))),
            );
        for (spec, kind) in tables {
            let entities = matches!(kind, mapped::MappedKind::Entities(_));
            if let Some((file, text, m)) =
                mapped::open(&spec, kind, base, mapping_file, &mut loaded.diagnostics)
            {
                read.push(Job {
                    file,
                    text,
                    name: spec.file.get_ref().clone(),
                    entities,
                    mapped: Some(m),
                });
            }
        }
    }
    if let Some(warning) = defaults {
        // Pointed at the first file's header: this is the data that had no [dataset].
        let at = read.first().map(|job| Location {
            file: job.file,
            span: cells::row(&job.text, 0, job.dialect())
                .cells
                .first()
                .cloned()
                .unwrap_or(0..0),
        });
        loaded
            .diagnostics
            .items
            .push(warning.at(at, "read without a [dataset] table"));
    }
    let parse = |job: &Job| {
        let table = Table {
            file: job.file,
            text: &job.text,
            shared: &job.text,
            name: &job.name,
            dialect: job.dialect(),
            headers: job.mapped.as_ref().is_none_or(|m| m.header),
            done,
            counted: std::cell::Cell::new(0),
            base: 0,
        };
        let part = match &job.mapped {
            Some(m) => mapped::read_mapped(&table, m, &primary),
            None if job.entities => read_entities(&table, &primary),
            None => read_statements(&table),
        };
        // What the rows did not count: the header, skipped rows, the tail.
        done.fetch_add(
            (job.text.len() as u64).saturating_sub(table.counted.get()),
            Ordering::Relaxed,
        );
        part
    };
    let (entity_files, statement_files): (Vec<&Job>, Vec<&Job>) =
        read.iter().partition(|job| job.entities);
    let (statement_parts, entity_parts) = crate::threads::join(
        || {
            statement_files
                .into_iter()
                .map(parse)
                .collect::<Vec<Part>>()
        },
        || entity_files.into_iter().map(parse).collect::<Vec<Part>>(),
    );
    let mut anchor = None;
    for part in entity_parts.into_iter().chain(statement_parts) {
        anchor = anchor.or(part.anchor.clone());
        part.merge_into(loaded);
    }
    anchor
}

/// A CSV file read, waiting to be parsed.
struct Job {
    file: FileId,
    text: Arc<String>,
    name: String,
    /// Whether its rows are entities (else statements).
    entities: bool,
    /// How a mapping reads it, for a mapped file.
    mapped: Option<mapped::MappedFile>,
}

impl Job {
    fn dialect(&self) -> Dialect {
        self.mapped
            .as_ref()
            .map_or_else(Dialect::default, |m| m.dialect)
    }
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
pub(super) struct Part {
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
fn read_shared(path: &Path, diagnostics: &mut Diagnostics) -> Option<(FileId, Arc<String>)> {
    let small = std::fs::metadata(path).is_ok_and(|m| m.len() <= super::MAX_FILE_BYTES);
    if small && let Ok(mut bytes) = std::fs::read(path) {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            bytes.drain(..3);
        }
        if let Ok(text) = String::from_utf8(bytes) {
            let text: Arc<String> = Arc::new(text);
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
    let id = crate::model::dataset_id_from_name(&name);
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
    .with_help(
        "add dataset.toml with [dataset] id, title, base_iri and languages; see docs/FORMAT.md",
    )
}

/// One CSV file being read.
pub(super) struct Table<'t> {
    file: FileId,
    text: &'t str,
    /// The same text, kept by the origins for later diagnostics.
    shared: &'t Arc<String>,
    name: &'t str,
    /// How its cells are separated and quoted.
    dialect: Dialect,
    /// Whether its first row names the columns.
    headers: bool,
    /// Bytes of input read so far, across files and threads (for progress).
    done: &'t AtomicU64,
    /// Bytes of this file already added to `done`.
    counted: std::cell::Cell<u64>,
    /// Where `text` starts in the file: 0, or for a streamed file the offset of the block
    /// read (diagnostics point into the file, not the block).
    base: usize,
}

impl Table<'_> {
    fn at(&self, span: Range<usize>) -> Option<Location> {
        Some(Location {
            file: self.file,
            span: span.start + self.base..span.end + self.base,
        })
    }

    /// The span of cell `column` of the row starting at `row`, or of the whole row.
    fn cell(&self, row: usize, column: Option<usize>) -> Option<Location> {
        let cells = cell_spans_in(self.text, row, self.dialect);
        // From the first cell, not from `row`: that may be the line break before the row.
        let whole = || {
            let start = cells.first().map_or(row, |c| c.start);
            start..cells.last().map_or(start, |c| c.end)
        };
        let span = column
            .and_then(|c| cells.get(c).cloned())
            .unwrap_or_else(whole);
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
        let mut header = cells::row(self.text, 0, self.dialect);
        if header.unclosed
            && let Some(last) = header.cells.pop()
        {
            // That cell is the rest of the file, not a column name: only the quote is
            // reported, and no row follows.
            out.push(self.unclosed(last.start));
        }
        Some(
            header
                .cells
                .into_iter()
                .map(|span| {
                    (
                        self.dialect.unquote(&self.text[span.clone()]).into_owned(),
                        span,
                    )
                })
                .collect(),
        )
    }

    /// A parser over the rows after the header (over every row, without one).
    fn rows(&self) -> csv::Reader<&[u8]> {
        self.dialect
            .reader(self.headers)
            .from_reader(self.text.as_bytes())
    }

    /// Reads the next row after the header into `record`. A row with another number of
    /// cells than the header, or with a quote that is never closed, is reported and skipped.
    fn next_row(
        &self,
        reader: &mut csv::Reader<&[u8]>,
        record: &mut csv::ByteRecord,
        columns: usize,
        out: &mut Vec<Diagnostic>,
    ) -> Next {
        let read = reader.read_byte_record(record);
        // Progress in steps of about a megabyte: one atomic add per step, not per row.
        let position = reader.position().byte();
        if position >= self.counted.get() + (1 << 20) {
            self.done
                .fetch_add(position - self.counted.get(), Ordering::Relaxed);
            self.counted.set(position);
        }
        // A quote that is never closed takes the rest of the file into its cell (the csv
        // crate reports no error), so only a row that reached the end can hold one.
        let unclosed = |row| {
            let at_end =
                usize::try_from(reader.position().byte()).is_ok_and(|b| b >= self.text.len());
            at_end
                .then(|| unclosed_quote(self.text, row, self.dialect))
                .flatten()
        };
        match read {
            Ok(false) => Next::End,
            Ok(true) => {
                let row = record.position().map_or(0, |p| p.byte() as usize);
                match unclosed(row) {
                    Some(quote) => {
                        out.push(self.unclosed(quote));
                        Next::Skipped(row)
                    }
                    None => Next::Row(row),
                }
            }
            Err(e) => {
                let csv::ErrorKind::UnequalLengths { pos, len, .. } = e.kind() else {
                    out.push(Diagnostic::error(
                        Code::Syntax,
                        format!("{}: {e}", self.name),
                    ));
                    return Next::End;
                };
                let row = pos.as_ref().map_or(0, |p| p.byte() as usize);
                // With a quote never closed, the count of cells means nothing.
                out.push(match unclosed(row) {
                    Some(quote) => self.unclosed(quote),
                    None => Diagnostic::error(
                        Code::Shape,
                        format!("this row has {len} cells, the header has {columns}"),
                    )
                    .at(self.cell(row, None), "this row")
                    .with_help("quote cells that hold commas: \"Harbin, Manchuria\""),
                });
                Next::Skipped(row)
            }
        }
    }

    /// The error for a quote at `quote` that is never closed: its cell ran to the end of the
    /// file, and the rows after it would vanish without a word.
    fn unclosed(&self, quote: usize) -> Diagnostic {
        let rest = self.text.get(quote..).unwrap_or_default();
        let swallowed = match rest.trim_end().matches('\n').count() {
            0 => String::new(),
            1 => " (1 more line)".to_string(),
            n => format!(" ({n} more lines)"),
        };
        Diagnostic::error(
            Code::Syntax,
            format!(
                "a quoted cell in {} is never closed: the rest of the file was read as part of this cell",
                self.name
            ),
        )
        .at(
            self.at(quote..quote + 1),
            format!("this quote opens a cell that runs to the end of the file{swallowed}"),
        )
        .with_help(
            "close the quote where the cell ends; inside a quoted cell, write a quote as two: \"the \"\"Old\"\" Guard\"",
        )
    }
}

/// What [`Table::next_row`] read.
pub(super) enum Next {
    /// A row, starting at this offset, is in the record.
    Row(usize),
    /// The row starting at this offset was reported and skipped.
    Skipped(usize),
    /// No row is left (or the file cannot be read further, reported).
    End,
}
