//! Cells: their text in a parsed record, and their spans in the file, found again from a row's
//! start for diagnostics.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;

use csv_core::ReadFieldResult;

/// The cells of a parsed record as text: the record's bytes are valid UTF-8, as the whole
/// file is, and commas and quotes are ASCII, so every cell starts and ends on a character
/// boundary. Checked once per record rather than once per cell (bulk files have millions).
pub(super) struct Fields<'r> {
    text: &'r str,
    record: &'r csv::ByteRecord,
}

impl<'r> Fields<'r> {
    pub(super) fn new(record: &'r csv::ByteRecord) -> Self {
        Fields {
            text: std::str::from_utf8(record.as_slice()).unwrap_or(""),
            record,
        }
    }

    /// The text of cell `i` (empty when there is none).
    pub(super) fn get(&self, i: usize) -> &'r str {
        self.record
            .range(i)
            .and_then(|r| self.text.get(r))
            .unwrap_or("")
    }
}

/// The text of one cell (empty when there is none), checked on its own: for reading a few
/// cells of a record; [`Fields`] reads every cell of a record with one check.
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

/// A cell as written, without its quotes (`"`).
pub(crate) fn unquote(cell: &str) -> Cow<'_, str> {
    Dialect::default().unquote(cell)
}

/// How a CSV file separates and quotes its cells: RFC 4180's comma and double quote unless a
/// mapping says otherwise (`;`, a tab, no quoting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dialect {
    /// The byte between cells.
    pub(crate) delimiter: u8,
    /// The byte that quotes a cell, or none: every quote is then text.
    pub(crate) quote: Option<u8>,
}

impl Default for Dialect {
    fn default() -> Self {
        Dialect {
            delimiter: b',',
            quote: Some(b'"'),
        }
    }
}

impl Dialect {
    /// A csv reader of this dialect.
    pub(crate) fn reader(&self, headers: bool) -> csv::ReaderBuilder {
        let mut builder = csv::ReaderBuilder::new();
        builder
            .delimiter(self.delimiter)
            .quote(self.quote.unwrap_or(b'"'))
            .quoting(self.quote.is_some())
            .has_headers(headers);
        builder
    }

    fn core(&self) -> csv_core::Reader {
        csv_core::ReaderBuilder::new()
            .delimiter(self.delimiter)
            .quote(self.quote.unwrap_or(b'"'))
            .quoting(self.quote.is_some())
            .build()
    }

    /// A cell as written, without its quotes.
    pub(crate) fn unquote<'c>(&self, cell: &'c str) -> Cow<'c, str> {
        let Some(quote) = self.quote.map(char::from) else {
            return Cow::Borrowed(cell);
        };
        match cell.strip_prefix(quote).and_then(|c| c.strip_suffix(quote)) {
            Some(inner) => {
                let doubled: String = [quote, quote].iter().collect();
                if inner.contains(&doubled) {
                    Cow::Owned(inner.replace(&doubled, &quote.to_string()))
                } else {
                    Cow::Borrowed(inner)
                }
            }
            None => Cow::Borrowed(cell),
        }
    }
}

/// The byte-order mark the csv crate drops from the start of its input.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A row found again in its file, cell by cell, as the csv crate read it.
pub(super) struct Row {
    /// The byte spans of its cells, quotes included.
    pub(super) cells: Vec<Range<usize>>,
    /// Whether its last cell opens a quote that the file never closes: the csv crate then
    /// reads the rest of the file into that cell.
    pub(super) unclosed: bool,
}

/// The byte spans of the cells of the row starting at `start`, quotes included.
pub(crate) fn cell_spans(text: &str, start: usize) -> Vec<Range<usize>> {
    row(text, start, Dialect::default()).cells
}

/// The byte spans of the cells of the row starting at `start` in a file of `dialect`.
pub(crate) fn cell_spans_in(text: &str, start: usize, dialect: Dialect) -> Vec<Range<usize>> {
    row(text, start, dialect).cells
}

/// The row starting at `start` (a position the csv crate gave for a record), parsed again by
/// the csv crate's own state machine (`csv_core`, with the defaults `Table::rows` uses), so
/// that cells end where the csv crate ended them, however malformed the quoting.
///
/// The csv crate reports a record as starting at the line break before it when lines end in
/// CRLF or a blank line precedes it, so line breaks at `start` are skipped first.
pub(super) fn row(text: &str, start: usize, dialect: Dialect) -> Row {
    let bytes = text.as_bytes();
    let mut at = start.min(bytes.len());
    if at == 0 && bytes.starts_with(BOM) {
        // The csv crate drops a mark at the very start of its input (the loader has already
        // dropped the file's own, so this is a second one); nowhere else.
        at = BOM.len();
    }
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    READER.with_borrow_mut(|(of, reader)| {
        if *of != dialect {
            *of = dialect;
            *reader = dialect.core();
        }
        reader.reset();
        cells_from(reader, bytes, at, dialect.delimiter)
    })
}

thread_local! {
    /// One parser per thread (for the dialect it was built for), reset for each row: building
    /// one builds its transition table, which costs more than re-parsing a row (a file with a
    /// mistake on every row has a diagnostic on every row).
    static READER: RefCell<(Dialect, csv_core::Reader)> =
        RefCell::new((Dialect::default(), csv_core::Reader::new()));
}

/// The cells of the row at `at` (its first cell), read by `reader`, fresh or just reset.
fn cells_from(reader: &mut csv_core::Reader, bytes: &[u8], mut at: usize, delimiter: u8) -> Row {
    // The cells' unescaped text is not needed, only how many bytes each took.
    let mut sink = [0u8; 1024];
    let mut cells = Vec::new();
    let mut unclosed = false;
    let mut begin = at;
    // csv_core drops a byte-order mark at the start of the first input it is given; the
    // mark, if any, was handled above, so the first input is one byte, too short to be one.
    let mut first = true;
    loop {
        let end = if first {
            (at + 1).min(bytes.len())
        } else {
            bytes.len()
        };
        first = false;
        let input = bytes.get(at..end).unwrap_or_default();
        let (result, read, _) = reader.read_field(input, &mut sink);
        at += read;
        match result {
            ReadFieldResult::InputEmpty | ReadFieldResult::OutputFull => {
                if at == bytes.len() && !input.is_empty() {
                    // The data ends inside this cell. A comma after it ends the cell unless
                    // a quote is still open, in which case it goes into the cell and the end
                    // of the data (next turn) ends it. (`Reader::clone` cannot be used to
                    // ask on the side: csv-core 0.1.13 clones its DFA incompletely.)
                    let (probe, ..) = reader.read_field(&[delimiter], &mut sink);
                    if matches!(probe, ReadFieldResult::Field { .. }) {
                        cells.push(begin..at);
                        break;
                    }
                    unclosed = true;
                } else if read == 0 {
                    // Cannot happen (each call reads a byte or ends the data), but a loop
                    // that reads nothing must not spin.
                    break;
                }
            }
            ReadFieldResult::Field { record_end } => {
                // The comma or line break that ended the cell was read with it; at the end of
                // the data, nothing was.
                let end = if read > 0 { at - 1 } else { at };
                cells.push(begin..end);
                if record_end {
                    break;
                }
                begin = at;
            }
            ReadFieldResult::End => break,
        }
    }
    Row { cells, unclosed }
}

/// Where the last cell of the row starting at `start` opens a quote the file never closes.
pub(super) fn unclosed_quote(text: &str, start: usize, dialect: Dialect) -> Option<usize> {
    let row = row(text, start, dialect);
    row.unclosed
        .then(|| row.cells.last().map(|cell| cell.start))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str, start: usize) -> Vec<&str> {
        cell_spans(text, start)
            .into_iter()
            .map(|s| &text[s])
            .collect()
    }

    #[test]
    fn cells_are_found_with_their_quotes() {
        let text = "a,\"b, \"\"c\"\"\",,d\r\nx,y\n";
        let spans = cell_spans(text, 0);
        let found: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(found, ["a", "\"b, \"\"c\"\"\"", "", "d"]);
        assert_eq!(unquote(found[1]), "b, \"c\"");
        let second = text.find('x').unwrap();
        assert_eq!(cells(text, second), ["x", "y"]);
        let quoted_newline = "\"a\nb\",c\n";
        assert_eq!(cell_spans(quoted_newline, 0), [0..5, 6..7]);
    }

    #[test]
    fn a_quote_inside_an_unquoted_cell_is_text() {
        // As the csv crate reads it: the quote does not open a quoted cell, so the comma
        // after `Red Army` ends the cell.
        let text = "red_army,army.\"Red Army, \"\"x\"\"\",Красная армия\nnext,row\n";
        assert_eq!(
            cells(text, 0),
            [
                "red_army",
                "army.\"Red Army",
                " \"\"x\"\"\"",
                "Красная армия"
            ]
        );
        assert!(!row(text, 0, Dialect::default()).unclosed);
        assert_eq!(cells(text, text.find("next").unwrap()), ["next", "row"]);
    }

    #[test]
    fn stray_text_after_a_closing_quote_stays_in_its_cell() {
        assert_eq!(cells("\"a\"b,c\n", 0), ["\"a\"b", "c"]);
        assert_eq!(cells("\"a\"b\"c,d", 0), ["\"a\"b\"c", "d"]);
    }

    #[test]
    fn rows_after_crlf_and_blank_lines_start_at_their_first_cell() {
        let text = "a,b\r\nc,d\r\n\r\n\ne,f";
        // The csv crate's positions for the second and third records.
        assert_eq!(cell_spans(text, 4), [5..6, 7..8]);
        assert_eq!(cell_spans(text, 9), [13..14, 15..16]);
        // A row ending in a bare CR.
        assert_eq!(cells("x,y\rz", 0), ["x", "y"]);
        assert_eq!(cells("x,", 0), ["x", ""]);
    }

    #[test]
    fn a_second_byte_order_mark_is_dropped_only_at_the_start() {
        let text = "\u{FEFF}id,type\n\u{FEFF}x,y\n";
        assert_eq!(cells(text, 0), ["id", "type"]);
        assert_eq!(
            cells(text, text.find('\n').unwrap() + 1),
            ["\u{FEFF}x", "y"]
        );
    }

    #[test]
    fn a_quote_still_open_at_the_end_of_the_file_is_found() {
        let text = "x,\"unclosed\nmore,rows\n";
        assert_eq!(cell_spans(text, 0), [0..1, 2..text.len()]);
        assert_eq!(unclosed_quote(text, 0, Dialect::default()), Some(2));
        // A doubled quote is a quote inside the cell, not its end.
        assert_eq!(unclosed_quote("x,\"a\"\"", 0, Dialect::default()), Some(2));
        for closed in [
            "x,\"a\"",
            "x,\"a\"\"\"",
            "x,\"a\"b",
            "x,a\"b",
            "x,\"a\"\n",
            "x,",
        ] {
            assert_eq!(
                unclosed_quote(closed, 0, Dialect::default()),
                None,
                "{closed:?}"
            );
        }
        assert_eq!(unclosed_quote("\"", 0, Dialect::default()), Some(0));
    }

    /// Every row of every short text over the bytes that matter, at the positions the csv
    /// crate gives: the same number of cells, and each cell's text, unquoted as the csv
    /// crate does, is the csv crate's field.
    #[test]
    fn cells_agree_with_the_csv_crate_on_every_short_text() {
        const ALPHABET: &[u8] = b"a,\"\n\r";
        let mut text = Vec::new();
        for length in 0..=6u32 {
            for mut n in 0..ALPHABET.len().pow(length) {
                text.clear();
                for _ in 0..length {
                    text.push(ALPHABET[n % ALPHABET.len()]);
                    n /= ALPHABET.len();
                }
                let text = std::str::from_utf8(&text).unwrap();
                let mut reader = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .flexible(true)
                    .from_reader(text.as_bytes());
                let mut record = csv::ByteRecord::new();
                let mut last = None;
                while reader.read_byte_record(&mut record).unwrap() {
                    let start = record.position().unwrap().byte() as usize;
                    let found = row(text, start, Dialect::default());
                    let fields: Vec<&[u8]> = record.iter().collect();
                    let unquoted: Vec<Vec<u8>> = found
                        .cells
                        .iter()
                        .map(|s| csv_unquote(&text[s.clone()]))
                        .collect();
                    assert_eq!(unquoted, fields, "{text:?} at {start}");
                    last = Some(found);
                }
                let open = last.is_some_and(|r| r.unclosed);
                assert_eq!(open, ends_in_open_quote(text), "{text:?}");
            }
        }
    }

    #[test]
    fn other_dialects_find_their_cells() {
        let semicolons = Dialect {
            delimiter: b';',
            quote: Some(b'"'),
        };
        let text = "a;\"b; c\";d,e\nx;y\n";
        let cells: Vec<&str> = cell_spans_in(text, 0, semicolons)
            .into_iter()
            .map(|s| &text[s])
            .collect();
        assert_eq!(cells, ["a", "\"b; c\"", "d,e"]);
        assert_eq!(semicolons.unquote("\"b; \"\"c\"\"\""), "b; \"c\"");
        let tabs = Dialect {
            delimiter: b'\t',
            quote: None,
        };
        let text = "\"a\tb\"\tc\n";
        assert_eq!(cell_spans_in(text, 0, tabs), [0..2, 3..5, 6..7]);
        assert_eq!(tabs.unquote("\"a"), "\"a");
        // The comma parser is built again after another dialect was used on this thread.
        assert_eq!(cell_spans("a,b;c\n", 0), [0..1, 2..5]);
    }

    /// A cell's text as the csv crate gives it (a reference written independently of it).
    fn csv_unquote(cell: &str) -> Vec<u8> {
        let bytes = cell.as_bytes();
        let Some(rest) = bytes.strip_prefix(b"\"") else {
            return bytes.to_vec();
        };
        let mut out = Vec::new();
        let mut i = 0;
        while i < rest.len() {
            match (rest[i], rest.get(i + 1)) {
                (b'"', Some(b'"')) => {
                    out.push(b'"');
                    i += 2;
                }
                // The closing quote: what follows is plain text.
                (b'"', _) => {
                    out.extend_from_slice(&rest[i + 1..]);
                    break;
                }
                (b, _) => {
                    out.push(b);
                    i += 1;
                }
            }
        }
        out
    }

    /// Whether the text ends inside a quoted cell (a reference written independently).
    fn ends_in_open_quote(text: &str) -> bool {
        let mut quoted = false;
        let mut at_cell_start = true;
        let mut after_quote = false;
        for b in text.bytes() {
            if quoted {
                if after_quote {
                    // The previous quote closed the cell unless this one doubles it.
                    after_quote = false;
                    if b != b'"' {
                        quoted = false;
                        at_cell_start = matches!(b, b',' | b'\n' | b'\r');
                    }
                } else if b == b'"' {
                    after_quote = true;
                }
            } else if at_cell_start && b == b'"' {
                quoted = true;
                at_cell_start = false;
            } else {
                at_cell_start = matches!(b, b',' | b'\n' | b'\r');
            }
        }
        quoted && !after_quote
    }
}
