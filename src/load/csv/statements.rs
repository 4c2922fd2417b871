//! `relations.csv` and `statements.csv`: one statement per row; the cell syntaxes of values,
//! quantities, spans and locators.

use std::collections::HashSet;
use std::sync::Arc;

use super::cells::{field, offset};
use super::{HeaderProblems, Next, Part, Table, column_error};
use crate::diag::{Code, Diagnostic, did_you_mean};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind};
use crate::model::{Bound, Date, Qualifiers, Quantity, Rank, Reference, Span, Statement, Value};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
    problems.report(table, STATEMENT_COLUMNS, &mut part.diagnostics);
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
            .with_help(format!(
                "{} starts with the header subject,predicate,object",
                table.name
            )),
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
        place: CsvPlace::Rows {
            columns: columns.iter().map(StatementColumn::path).collect(),
            id_column: columns.iter().position(|c| *c == StatementColumn::Id),
            rows,
        },
    });
    part
}

/// Builds the statement of one row. `locator_columns[n]` is the column of the n-th locator.
fn statement(
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
    // Both lists are in column order, so by number: found by binary search, which keeps a
    // row of many source columns linear.
    let locator_column = |n: usize| locator_columns.get(n).copied().unwrap_or(0);
    for (n, source) in &sources {
        let locator = locators
            .binary_search_by_key(n, |(m, _)| *m)
            .map_or("", |i| locators[i].1);
        let mut reference = locator_reference(locator, locator_column(*n))?;
        reference.source = source.to_string();
        references.push(reference);
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
        return Err(
            CellError::new(column, Code::BadDate, format!("\"{cell}\" is not a span"))
                .help("write start/end, e.g. 1945-08-09/1956, with .. for an unknown end"),
        );
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
    if span.start.is_none() && span.end.is_none() {
        return Err(CellError::new(
            column,
            Code::BadSpan,
            format!("\"{cell}\" is a span with neither end"),
        )
        .help("give a start, an end or both, e.g. 1945-08-09/1956 or ../1956; leave the cell empty for no span"));
    }
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
                bad(format!(
                    "{t} is not an integer; quantities count whole things"
                ))
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
                CellError::new(
                    column,
                    Code::Shape,
                    format!("\"{n}\" is not a paragraph number"),
                )
                .help("write ¶ and the paragraph's number, counted from 1: ¶3")
            })?;
            if reference.paragraph.replace(p).is_some() {
                return Err(twice("paragraph"));
            }
        } else if let Some(p) = part.strip_prefix("pp.").or_else(|| part.strip_prefix("p.")) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
            locator_reference("pp. 12-13", 0)
                .ok()
                .unwrap()
                .page
                .as_deref(),
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
}
