//! `relations.csv` and `statements.csv`: one statement per row (the cell syntaxes of dates,
//! spans, quantities and locators are in `values.rs`).

use std::collections::HashSet;
use std::sync::Arc;

use super::cells::{field, offset};
use super::values::{CellError, bound, date, locator_reference, span};
use super::{HeaderProblems, Next, Part, Table, column_error};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::{Qualifiers, Quantity, Rank, Reference, Statement, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum ValueKey {
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

    pub(super) fn name(self) -> &'static str {
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum StatementColumn {
    Id,
    Subject,
    Predicate,
    Value(ValueKey),
    /// `text@<lang>`: a text value in that language.
    LangText(String),
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
    /// A part of the `n`th reference's locator in a column of its own (mapped CSV only).
    LocatorPart(usize, LocatorPart),
    Rank,
    Disputed,
    Note,
    Ignored,
}

/// A part of a reference that a mapping may give a column of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum LocatorPart {
    Paragraph,
    Page,
    Section,
    Note,
}

impl LocatorPart {
    pub(super) fn name(self) -> &'static str {
        match self {
            LocatorPart::Paragraph => "paragraph",
            LocatorPart::Page => "page",
            LocatorPart::Section => "section",
            LocatorPart::Note => "note",
        }
    }
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
    "text@<lang>",
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
                } else if let Some(lang) = name.strip_prefix("text@").filter(|l| !l.is_empty()) {
                    Self::LangText(lang.to_string())
                } else if let Some(key) = name.strip_prefix("qual:") {
                    Self::Qualifier(key.to_string())
                } else {
                    return None;
                }
            }
        })
    }

    pub(super) fn path(&self) -> Vec<Box<str>> {
        let p = |parts: &[&str]| parts.iter().map(|s| Box::from(*s)).collect();
        match self {
            Self::Id => p(&["id"]),
            Self::Subject => p(&["subject"]),
            Self::Predicate => p(&["predicate"]),
            Self::Value(key) => p(&[key.name()]),
            Self::LangText(lang) => p(&["text", lang]),
            Self::Unit => p(&["quantity", "unit"]),
            Self::PointInTime => p(&["qualifiers", "point_in_time"]),
            Self::Start => p(&["qualifiers", "start"]),
            Self::End => p(&["qualifiers", "end"]),
            Self::Place => p(&["qualifiers", "place"]),
            Self::QualifierQuantity => p(&["qualifiers", "quantity"]),
            Self::Qualifier(key) => p(&["qualifiers", "other", key]),
            Self::Source(n) => p(&["references", &n.to_string(), "source"]),
            Self::Locator(n) => p(&["references", &n.to_string()]),
            Self::LocatorPart(n, part) => p(&["references", &n.to_string(), part.name()]),
            Self::Rank => p(&["rank"]),
            Self::Disputed => p(&["disputed"]),
            Self::Note => p(&["note"]),
            Self::Ignored => Vec::new(),
        }
    }
}

pub(super) fn read_statements(table: &Table<'_>) -> Part {
    let mut part = Part::default();
    let Some(header) = table.header(&mut part.diagnostics) else {
        return part;
    };
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
    if problems.report(table, STATEMENT_COLUMNS, &mut part.diagnostics) {
        // Parts of each row (a source, a qualifier) were not read: which entities and
        // sources the file uses is unknown, and usage warnings would be false.
        part.unreadable
            .push((ItemKind::Statement, format!("{}:header", table.file)));
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
        .any(|c| matches!(c, StatementColumn::Value(_) | StatementColumn::LangText(_)))
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
            .with_help(format!(
                "{} starts with the header subject,predicate,object",
                table.name
            )),
        );
        // No statement of the file could be read: usage warnings would be false.
        part.unreadable
            .push((ItemKind::Statement, format!("{}:header", table.file)));
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
    let c = columns
        .iter()
        .position(|c| *c == StatementColumn::Predicate);
    part.anchor = c.and_then(|c| table.at(header[c].1.clone()));
    // Where the n-th locator column is, found once rather than per row and source.
    let locator_columns: Vec<usize> = (columns.iter().enumerate())
        .filter(|(_, c)| matches!(c, StatementColumn::Locator(_)))
        .map(|(i, _)| i)
        .collect();
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
        match statement(&columns, &locator_columns, &record) {
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
        place: CsvPlace::Rows {
            columns: columns.iter().map(StatementColumn::path).collect(),
            id_column: columns.iter().position(|c| *c == StatementColumn::Id),
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
    for (c, column) in columns.iter().enumerate() {
        let cell = field(record, c);
        match column {
            StatementColumn::Subject => subject = cell,
            StatementColumn::Predicate => predicate = cell,
            _ if cell.is_empty() => {}
            StatementColumn::Id => id = Some(cell.to_string()),
            StatementColumn::Value(_) | StatementColumn::LangText(_) => {
                let parsed = match column {
                    StatementColumn::LangText(lang) => {
                        Value::Text(crate::model::Text::in_language(cell, lang.as_str()))
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
        ValueKey::Quantity => Value::Quantity(Quantity {
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
        ValueKey::Text => Value::Text(cell.into()),
    })
}
