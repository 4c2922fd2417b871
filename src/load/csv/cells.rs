//! Cells: their text in a parsed record, and their spans in the file, found again from a row's
//! start for diagnostics.

use std::borrow::Cow;
use std::ops::Range;

/// The text of a cell: the record's bytes are valid UTF-8, as the whole file is and commas
/// and quotes are ASCII.
pub(super) fn field(record: &csv::ByteRecord, i: usize) -> &str {
    record
        .get(i)
        .and_then(|b| std::str::from_utf8(b).ok())
        .unwrap_or("")
}

pub(super) fn offset(row: usize) -> u32 {
    // Files are at most MAX_FILE_BYTES (1 GiB), so offsets fit.
    u32::try_from(row).unwrap_or(u32::MAX)
}

/// A cell as written, without its quotes.
pub(super) fn unquote(cell: &str) -> Cow<'_, str> {
    match cell.strip_prefix('"').and_then(|c| c.strip_suffix('"')) {
        Some(inner) if inner.contains("\"\"") => Cow::Owned(inner.replace("\"\"", "\"")),
        Some(inner) => Cow::Borrowed(inner),
        None => Cow::Borrowed(cell),
    }
}

/// The byte spans of the cells of the row starting at `start`, quotes included.
///
/// The csv crate reports a record as starting at the line break before it when lines end in
/// CRLF or a blank line precedes it, so line breaks at `start` are skipped first.
pub(crate) fn cell_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut cells = Vec::new();
    let mut i = start.min(bytes.len());
    while matches!(bytes.get(i), Some(b'\r' | b'\n')) {
        i += 1;
    }
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
}
