//! `relations.csv` and `statements.csv`: one statement per row (the cell syntaxes of dates,
//! spans, quantities and locators are in `values.rs`).

use std::collections::HashSet;
use std::sync::Arc;

use super::cells::{Fields, offset};
use super::values::{CellError, bound, date, locator_reference, span};
use super::{HeaderProblems, Next, Part, Table, column_error};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::{Qualifiers, Quantity, Rank, Reference, Statement, Value};

mod columns;

use columns::STATEMENT_COLUMNS;
pub(super) use columns::{LocatorPart, StatementColumn, ValueKey};

/// The columns of a statement file, read from its header.
pub(crate) struct StatementColumns {
    columns: Vec<StatementColumn>,
    /// The column of the n-th locator, found once rather than per row and source.
    locator_columns: Vec<usize>,
    /// The `predicate` column's header cell (where the warning about predicates declared
    /// from the data points).
    pub(super) anchor: Option<crate::diag::Location>,
    /// Whether some columns of the header are not read (unknown, repeated, unnamed): parts
    /// of each row (a source, a qualifier) are then lost, so which entities and sources the
    /// file uses is unknown, and usage warnings would be false.
    pub(super) partial: bool,
}

/// Why a statement file's header gives no columns to read.
pub(super) enum NoColumns {
    /// The file is empty: it has no statement.
    Empty,
    /// A required column is missing: no statement of the file can be read.
    Missing,
}

impl StatementColumns {
    /// No columns yet (a streamed file before its header is read).
    pub(super) fn placeholder() -> Self {
        StatementColumns {
            columns: Vec::new(),
            locator_columns: Vec::new(),
            anchor: None,
            partial: false,
        }
    }

    /// Where the warning about predicates declared from the data points: the `predicate`
    /// column's header cell.
    pub(crate) fn anchor_location(&self) -> Option<crate::diag::Location> {
        self.anchor.clone()
    }

    /// How many columns the header has.
    pub(super) fn len(&self) -> usize {
        self.columns.len()
    }

    /// The item path each column holds, for the origins.
    pub(crate) fn paths(&self) -> Vec<Vec<Box<str>>> {
        self.columns.iter().map(StatementColumn::path).collect()
    }

    /// The column holding explicit ids.
    pub(crate) fn id_column(&self) -> Option<usize> {
        self.columns.iter().position(|c| *c == StatementColumn::Id)
    }

    /// The statement of a row read into `record` (starting at `row` in the table), or the
    /// diagnostic that says why it has none.
    pub(super) fn statement(
        &self,
        table: &Table<'_>,
        row: usize,
        record: &csv::ByteRecord,
    ) -> Result<Statement, Box<Diagnostic>> {
        statement(&self.columns, &self.locator_columns, record).map_err(|e| {
            let at = match e.column {
                usize::MAX => table.cell(row, None),
                c => table.cell(row, Some(c)),
            };
            let label = if e.code == Code::Shape {
                "invalid here"
            } else {
                "here"
            };
            Box::new(
                Diagnostic::error(e.code, e.message)
                    .at(at, label)
                    .with_help_opt(e.help),
            )
        })
    }

    /// The statement of a row known to be well formed (read again from a streamed build's
    /// spill, after it was read once without error).
    pub(crate) fn reread(&self, record: &csv::ByteRecord) -> Option<Statement> {
        statement(&self.columns, &self.locator_columns, record).ok()
    }
}

/// Reads the header of a statement file; an error (after diagnostics) when it gives no
/// columns to read: an empty file, or no subject, predicate or value column.
pub(super) fn statement_columns(
    table: &Table<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<StatementColumns, NoColumns> {
    let header = table.header(diagnostics).ok_or(NoColumns::Empty)?;
    let (mut sources, mut locators) = (0, 0);
    let mut columns = Vec::with_capacity(header.len());
    let mut seen = HashSet::with_capacity(header.len());
    let mut problems = HeaderProblems::default();
    for (name, span) in &header {
        // Source and locator columns are numbered, so never repeated; others are repeated
        // only under the same name.
        let column = match StatementColumn::parse(name, &mut sources, &mut locators) {
            Some(StatementColumn::Qualifier(key)) if key.is_empty() => {
                problems.unnamed(name, span);
                StatementColumn::Ignored
            }
            Some(c) if !seen.insert(c.clone()) => {
                problems.repeated(name, span, name);
                StatementColumn::Ignored
            }
            Some(c) => c,
            None => {
                problems.unknown(name, span);
                StatementColumn::Ignored
            }
        };
        columns.push(column);
    }
    // Parts of each row (a source, a qualifier) are not read when a column is not: which
    // entities and sources the file uses is then unknown.
    let partial = problems.report(table, STATEMENT_COLUMNS, diagnostics);
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
        .any(|c| matches!(c, StatementColumn::Value(_) | StatementColumn::LangText(_)))
    {
        missing.push("object");
    }
    if !missing.is_empty() {
        diagnostics.push(
            column_error(
                table,
                None,
                format!("{} has no {} column", table.name, missing.join(", no ")),
            )
            .with_help(format!(
                "{} starts with the header subject,predicate,object",
                table.name
            )),
        );
        return Err(NoColumns::Missing);
    }
    if locators > sources {
        let span = header
            .iter()
            .zip(&columns)
            .filter(|(_, c)| matches!(c, StatementColumn::Locator(_)))
            .nth(sources)
            .map(|((_, s), _)| s.clone());
        diagnostics.push(
            column_error(
                table,
                span,
                "a `locator` column without its `source` column".to_string(),
            )
            .with_help("each locator column follows the source column it belongs to"),
        );
    }
    let c = columns
        .iter()
        .position(|c| *c == StatementColumn::Predicate);
    let anchor = c.and_then(|c| table.at(header[c].1.clone()));
    let locator_columns: Vec<usize> = (columns.iter().enumerate())
        .filter(|(_, c)| matches!(c, StatementColumn::Locator(_)))
        .map(|(i, _)| i)
        .collect();
    Ok(StatementColumns {
        columns,
        locator_columns,
        anchor,
        partial,
    })
}

pub(super) fn read_statements(table: &Table<'_>) -> Part {
    let mut part = Part::default();
    let header_unread = (ItemKind::Statement, format!("{}:header", table.file));
    let columns = match statement_columns(table, &mut part.diagnostics) {
        Ok(columns) => columns,
        Err(NoColumns::Empty) => return part,
        Err(NoColumns::Missing) => {
            // No statement of the file could be read: usage warnings would be false.
            part.unreadable.push(header_unread);
            return part;
        }
    };
    if columns.partial {
        part.unreadable.push(header_unread);
    }
    part.anchor = columns.anchor.clone();
    let mut rows = Vec::new();
    let mut reader = table.rows();
    let mut record = csv::ByteRecord::new();
    loop {
        let row = match table.next_row(
            &mut reader,
            &mut record,
            columns.len(),
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
        match columns.statement(table, row, &record) {
            Ok(statement) => {
                part.statements.push(statement);
                rows.push(offset(row));
            }
            Err(d) => {
                part.diagnostics.push(*d);
                part.unreadable
                    .push((ItemKind::Statement, format!("{}:{row}", table.file)));
            }
        }
    }
    part.origin = Some(CsvOrigins {
        kind: ItemKind::Statement,
        first: 0,
        file: table.file,
        text: Arc::clone(table.shared),
        dialect: table.dialect,
        relocation: None,
        place: CsvPlace::Rows {
            columns: columns.paths(),
            id_column: columns.id_column(),
            rows,
            fixed: Vec::new(),
        },
    });
    part
}

/// Builds the statement of one row. `locator_columns[n]` is the column of the n-th locator.
pub(super) fn statement(
    columns: &[StatementColumn],
    locator_columns: &[usize],
    record: &csv::ByteRecord,
) -> Result<Statement, CellError> {
    let mut id = None;
    let mut subject = "";
    let mut predicate = "";
    let mut value: Option<(usize, Value)> = None;
    let mut unit: Option<(usize, &str)> = None;
    let mut qualifiers = Qualifiers::default();
    let mut references: Vec<Reference> = Vec::new();
    let mut sources: Vec<(usize, &str)> = Vec::new();
    let mut locators: Vec<(usize, &str)> = Vec::new();
    let mut parts: Vec<(usize, LocatorPart, usize, &str)> = Vec::new();
    let mut rank = Rank::Normal;
    let mut disputed = None;
    let mut note = None;
    let fields = Fields::new(record);
    for (c, column) in columns.iter().enumerate() {
        let cell = fields.get(c);
        match column {
            StatementColumn::Subject => subject = cell,
            StatementColumn::Predicate => predicate = cell,
            _ if cell.is_empty() => {}
            StatementColumn::Id => id = Some(cell.to_string()),
            StatementColumn::Value(_) | StatementColumn::LangText(_) => {
                let parsed = match column {
                    StatementColumn::LangText(lang) => {
                        Value::from(crate::model::Text::in_language(cell, lang.as_str()))
                    }
                    StatementColumn::Value(key) => parse_value(*key, cell, c)?,
                    _ => unreachable!("a value column"),
                };
                if let Some((first, _)) = &value {
                    let name = |column: &StatementColumn| match column {
                        StatementColumn::Value(k) => k.name(),
                        _ => "text",
                    };
                    return Err(CellError::new(
                        c,
                        Code::StatementValue,
                        format!(
                            "a statement has exactly one value, this row has {} and {}",
                            name(&columns[*first]),
                            name(column)
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
            StatementColumn::LocatorPart(n, part) => parts.push((*n, *part, c, cell)),
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
    // Both lists are in column order, so by number: found by binary search, which keeps a
    // row of many source columns linear.
    let locator_column = |n: usize| locator_columns.get(n).copied().unwrap_or(0);
    for (n, source) in &sources {
        let locator = locators
            .binary_search_by_key(n, |(m, _)| *m)
            .map_or("", |i| locators[i].1);
        let mut reference = locator_reference(locator, locator_column(*n))?;
        reference.source = source.to_string();
        for (_, part, c, cell) in parts.iter().filter(|(m, ..)| m == n) {
            set_part(&mut reference, *part, cell, *c)?;
        }
        references.push(reference);
    }
    if let Some((_, _, c, _)) = parts
        .iter()
        .find(|(n, ..)| !sources.iter().any(|(m, _)| m == n))
    {
        return Err(
            CellError::new(*c, Code::Shape, "a locator without a source")
                .help("fill in the reference's source, or leave this empty"),
        );
    }
    if let Some((n, _)) = locators
        .iter()
        .find(|(n, _)| sources.binary_search_by_key(n, |(m, _)| *m).is_err())
    {
        return Err(CellError::new(
            locator_column(*n),
            Code::Shape,
            "a locator without a source",
        )
        .help("fill in the `source` column before it, or leave this empty"));
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
    let mut statement = Statement::new(subject, predicate, value);
    statement.rank = rank;
    if id.is_some() || !qualifiers.is_empty() || disputed.is_some() || note.is_some() {
        statement.set_explicit_id(id);
        statement.set_qualifiers(qualifiers);
        statement.set_disputed(disputed);
        statement.set_note(note);
    }
    if !references.is_empty() {
        statement.set_references(references);
    }
    Ok(statement)
}

/// Sets a part of a reference's locator from a cell of its own; a part the locator column
/// also gave is given twice.
fn set_part(
    reference: &mut Reference,
    part: LocatorPart,
    cell: &str,
    column: usize,
) -> Result<(), CellError> {
    let twice = || {
        CellError::new(
            column,
            Code::Shape,
            format!("a locator with two {}s", part.name()),
        )
        .help("give each part of a reference in one place")
    };
    match part {
        LocatorPart::Paragraph => {
            let n = cell.trim().parse::<u32>().map_err(|_| {
                CellError::new(
                    column,
                    Code::Shape,
                    format!("\"{cell}\" is not a paragraph number"),
                )
                .help("write the paragraph's number, counted from 1")
            })?;
            if reference.paragraph.replace(n).is_some() {
                return Err(twice());
            }
        }
        LocatorPart::Page => {
            if reference.page.replace(cell.trim().to_string()).is_some() {
                return Err(twice());
            }
        }
        LocatorPart::Section => {
            if reference.section.replace(cell.trim().to_string()).is_some() {
                return Err(twice());
            }
        }
        LocatorPart::Note => {
            if reference.note.replace(cell.to_string()).is_some() {
                return Err(twice());
            }
        }
    }
    Ok(())
}

fn parse_value(key: ValueKey, cell: &str, column: usize) -> Result<Value, CellError> {
    Ok(match key {
        ValueKey::Object => Value::Entity(cell.into()),
        ValueKey::Quantity => Value::from(Quantity {
            bound: bound(cell, column)?,
            unit: None,
        }),
        ValueKey::Decimal => Value::Decimal(cell.trim().parse().map_err(|_| {
            CellError::new(
                column,
                Code::Shape,
                format!("\"{cell}\" is not a decimal number"),
            )
            .help("write a number such as 2.5")
        })?),
        ValueKey::Date => Value::Date(date(cell, column)?),
        ValueKey::Span => Value::Span(span(cell, column)?),
        ValueKey::Text => Value::from(crate::model::Text::from(cell)),
    })
}
