//! The header row: unknown, repeated and unnamed columns, reported a few one by one and the
//! rest counted, so that a header of a million columns is read in linear time and reported
//! in a screenful.

use std::ops::Range;

use super::Table;
use crate::diag::{Code, Diagnostic, did_you_mean};

/// A header problem: an unknown, repeated or missing column.
pub(super) fn column_error(
    table: &Table<'_>,
    span: Option<Range<usize>>,
    message: String,
) -> Diagnostic {
    let whole_header = || 0..table.text.find(['\r', '\n']).unwrap_or(table.text.len());
    Diagnostic::error(Code::Shape, message)
        .at(table.at(span.unwrap_or_else(whole_header)), "in the header")
}

/// How many unknown (or repeated) columns of a header are reported one by one; the rest are
/// counted in one more diagnostic, so that a header of a million columns neither prints a
/// million snippets nor hides how many there were.
const COLUMNS_SHOWN: usize = 10;

/// The unknown and repeated columns of a header, reported once the header is read.
#[derive(Default)]
pub(super) struct HeaderProblems {
    unknown: Vec<(String, Range<usize>)>,
    /// Each repeated column with the name of the column it repeats.
    repeated: Vec<(String, Range<usize>)>,
    repeats: Vec<String>,
    /// `attr:` or `qual:` with nothing after the colon.
    unnamed: Vec<(String, Range<usize>)>,
}

impl HeaderProblems {
    pub(super) fn unknown(&mut self, name: &str, span: &Range<usize>) {
        self.unknown.push((name.to_string(), span.clone()));
    }

    /// `name` is `attr:` or `qual:` without the key it should name.
    pub(super) fn unnamed(&mut self, name: &str, span: &Range<usize>) {
        self.unnamed.push((name.to_string(), span.clone()));
    }

    /// `name` means the same column as the earlier `first` (the same name, or `label@EN`
    /// after `label@en`).
    pub(super) fn repeated(&mut self, name: &str, span: &Range<usize>, first: &str) {
        self.repeated.push((name.to_string(), span.clone()));
        self.repeats.push(first.to_string());
    }

    /// The diagnostics: the first [`COLUMNS_SHOWN`] of each kind, with a did-you-mean for the
    /// unknown ones, then one that counts the rest. Whether there was any problem.
    pub(super) fn report(
        self,
        table: &Table<'_>,
        known: &[&str],
        out: &mut Vec<Diagnostic>,
    ) -> bool {
        let any = !(self.unknown.is_empty() && self.repeated.is_empty() && self.unnamed.is_empty());
        for (name, span) in self.unknown.iter().take(COLUMNS_SHOWN) {
            let help = unknown_column_help(table, name, known);
            out.push(
                column_error(
                    table,
                    Some(span.clone()),
                    format!("unknown column `{name}` in {}", table.name),
                )
                .with_help(help),
            );
        }
        if let Some(rest) = more(table, &self.unknown, "unknown column") {
            out.push(rest.with_help(format!("the columns are: {}", known.join(", "))));
        }
        let repeated = self.repeated.iter().zip(&self.repeats);
        for ((name, span), first) in repeated.take(COLUMNS_SHOWN) {
            let d = if name == first {
                column_error(
                    table,
                    Some(span.clone()),
                    format!("column `{name}` appears twice in {}", table.name),
                )
            } else {
                column_error(
                    table,
                    Some(span.clone()),
                    format!(
                        "column `{name}` is the same column as `{first}` in {}",
                        table.name
                    ),
                )
                .with_help(if first.contains('@') {
                    "language tags ignore case (`en`, `EN` and `En` are one language): keep one of the two columns"
                } else {
                    "`label` holds the label in the dataset's first language: keep one of the two columns"
                })
            };
            out.push(d);
        }
        if let Some(rest) = more(table, &self.repeated, "repeated column") {
            out.push(rest.with_help("keep one column of each name"));
        }
        for (name, span) in &self.unnamed {
            let mut d = column_error(
                table,
                Some(span.clone()),
                format!("column `{name}` has no name after the colon"),
            )
            .with_help(if name.starts_with("qual") {
                "name the qualifier after the colon, e.g. `qual:scope`"
            } else {
                "name the attribute after the colon, e.g. `attr:population`"
            });
            d.code = Code::EmptyText;
            out.push(d);
        }
        any
    }
}

/// What to say about an unknown column: another separator than the file's, a name in the
/// wrong case, a did-you-mean, or the list of columns.
fn unknown_column_help(table: &Table<'_>, name: &str, known: &[&str]) -> String {
    let delimiter = char::from(table.dialect.delimiter);
    let other = [';', '\t', '|']
        .into_iter()
        .find(|&c| c != delimiter && name.contains(c));
    if let Some(separator) = other {
        let shown = if separator == '\t' {
            "\\t".to_string()
        } else {
            separator.to_string()
        };
        let expected = if delimiter == ',' {
            "commas".to_string()
        } else {
            format!("`{delimiter}`")
        };
        return format!(
            "the header reads as one column holding `{shown}`: is the file separated by `{shown}`? \
             {} is read with {expected}; to read another separator, describe the file in a \
             mapping.toml with delimiter = \"{shown}\" (docs/FORMAT.md, \"Mapped CSV\")",
            table.name
        );
    }
    let lower = name.to_lowercase();
    if lower != name && known.contains(&lower.as_str()) {
        return format!("did you mean `{lower}`? (column names are lower case)");
    }
    did_you_mean(name, known.iter().copied())
        .map(|c| format!("did you mean `{c}`?"))
        .unwrap_or_else(|| format!("the columns are: {}", known.join(", ")))
}

/// One diagnostic for the columns after the first [`COLUMNS_SHOWN`], naming a few of them
/// (`what` in the singular).
fn more(table: &Table<'_>, columns: &[(String, Range<usize>)], what: &str) -> Option<Diagnostic> {
    let rest = columns.get(COLUMNS_SHOWN..).filter(|r| !r.is_empty())?;
    let mut names: Vec<&str> = Vec::new();
    let mut cut = false;
    for (name, _) in rest {
        if !names.contains(&name.as_str()) {
            if names.len() == 3 {
                cut = true;
                break;
            }
            names.push(name);
        }
    }
    let listed: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    let ellipsis = if cut { ", …" } else { "" };
    let plural = if rest.len() == 1 { "" } else { "s" };
    Some(column_error(
        table,
        Some(rest[0].1.clone()),
        format!(
            "and {} more {what}{plural} in {} ({}{ellipsis})",
            rest.len(),
            table.name,
            listed.join(", ")
        ),
    ))
}
