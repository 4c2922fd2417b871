//! The cell syntaxes of statement files: dates, spans, quantities and locators.

use crate::diag::Code;
use crate::model::{Bound, Date, Reference, Span};

/// A cell that could not be read: its column, code and message.
pub(super) struct CellError {
    pub(super) column: usize,
    pub(super) code: Code,
    pub(super) message: String,
    pub(super) help: Option<String>,
}

impl CellError {
    pub(super) fn new(column: usize, code: Code, message: impl Into<String>) -> Self {
        CellError {
            column,
            code,
            message: message.into(),
            help: None,
        }
    }

    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

pub(super) fn date(cell: &str, column: usize) -> Result<Date, CellError> {
    cell.parse()
        .map_err(|e: crate::model::DateError| CellError::new(column, Code::BadDate, e.to_string()))
}

/// `start/end`, either end `..` (or empty) when unknown.
pub(super) fn span(cell: &str, column: usize) -> Result<Span, CellError> {
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
pub(super) fn bound(cell: &str, column: usize) -> Result<Bound, CellError> {
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
pub(super) fn locator_reference(locator: &str, column: usize) -> Result<Reference, CellError> {
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
