//! Statement files read block by block, for a streamed build (`kgforge build --stream`): the
//! rows are parsed as [`super::read_statements`] parses a whole file, and diagnostics point
//! into the file, but only one block (a few megabytes) is held at a time.
//!
//! Each block is the header line followed by whole rows, so that the csv crate reads it as it
//! reads the whole file (it checks every row's length against the header); a row the block
//! cuts is carried over to the next one.

use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use super::statements::{NoColumns, StatementColumns, statement_columns};
use super::{Dialect, Next, Table};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Location};
use crate::load::origin::{CsvOrigins, CsvPlace, ItemKind, Relocation};
use crate::model::Statement;

/// Bytes read from the file at a time.
const BLOCK: usize = 8 << 20;

/// The longest row a streamed file may have: longer means a quote that is never closed
/// (texts are at most 100,000 characters).
const MAX_ROW: usize = 64 << 20;

/// A statement file being read block by block.
pub(crate) struct StatementStream {
    file: FileId,
    name: String,
    reader: std::fs::File,
    columns: StatementColumns,
    /// The header line (with its line break), put before every block.
    header: String,
    /// Bytes read but not yet handed out: whole rows and the start of a cut one.
    pending: Vec<u8>,
    /// The offset in the file (after a byte-order mark) of `pending[0]`.
    offset: usize,
    eof: bool,
    /// Whether a row could not be read (its id is then unknown, as for a whole file).
    pub(crate) skipped_rows: bool,
    /// Bytes counted for progress (a streamed build shows none; the tables want a counter).
    done: std::sync::atomic::AtomicU64,
}

/// Rows of a streamed file read in one go.
pub(crate) struct Block {
    /// The header line, then the rows.
    pub(crate) text: Arc<String>,
    /// The offset in the file of the first row (`text[header_len]`).
    pub(crate) offset: usize,
    pub(crate) header_len: usize,
    /// The statements read, in file order, each with its row's bytes in `text` (the row up
    /// to the next one, as copied to a spill).
    pub(crate) statements: Vec<(Statement, Range<usize>)>,
}

impl Block {
    /// The file offset of a position in [`Block::text`].
    pub(crate) fn file_offset(&self, at: usize) -> usize {
        at - self.header_len + self.offset
    }
}

impl StatementStream {
    /// Opens a statement file and reads its header, registering the file (as streamed) in
    /// `diagnostics`; `None`, after a diagnostic, when it cannot be read. A header that
    /// leaves statements or parts of them unread is noted in `unreadable`, as
    /// [`super::read_statements`] notes it.
    pub(crate) fn open(
        path: &Path,
        diagnostics: &mut Diagnostics,
        unreadable: &mut crate::validate::Unreadable,
    ) -> Option<Self> {
        let file = diagnostics.files.add_streamed(path);
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let fail = |diagnostics: &mut Diagnostics, e: std::io::Error| {
            diagnostics.items.push(Diagnostic::error(
                Code::Io,
                format!("cannot read {}: {e}", path.display()),
            ));
            None
        };
        let reader = match std::fs::File::open(path) {
            Ok(r) => r,
            Err(e) => return fail(diagnostics, e),
        };
        let mut stream = StatementStream {
            file,
            name,
            reader,
            columns: StatementColumns::placeholder(),
            header: String::new(),
            pending: Vec::new(),
            offset: 0,
            eof: false,
            skipped_rows: false,
            done: std::sync::atomic::AtomicU64::new(0),
        };
        // The header: the first line that ends outside quotes (a header cell may hold a line
        // break); the csv crate finds where.
        loop {
            if let Err(e) = stream.fill() {
                return fail(diagnostics, e);
            }
            if stream.pending.starts_with(b"\xEF\xBB\xBF") {
                stream.pending.drain(..3);
            }
            let end = header_end(&stream.pending);
            if end.is_some() || stream.eof || stream.pending.len() > MAX_ROW {
                let end = end.unwrap_or(stream.pending.len());
                stream.header = stream.utf8(end, diagnostics)?;
                break;
            }
        }
        let text: Arc<String> = Arc::new(stream.header.clone());
        let table = stream.table(&text, 0);
        let header_unread = format!("{}:header", stream.file);
        let columns = match statement_columns(&table, &mut diagnostics.items) {
            Ok(columns) => columns,
            Err(NoColumns::Empty) => return None,
            Err(NoColumns::Missing) => {
                // No statement of the file can be read: usage warnings would be false.
                unreadable
                    .entry(ItemKind::Statement)
                    .or_default()
                    .insert(header_unread);
                return None;
            }
        };
        if columns.partial {
            unreadable
                .entry(ItemKind::Statement)
                .or_default()
                .insert(header_unread);
        }
        let header_len = stream.header.len();
        stream.pending.drain(..header_len);
        stream.offset = header_len;
        stream.columns = columns;
        Some(stream)
    }

    /// The file's id among the diagnostics' files.
    pub(crate) fn file(&self) -> FileId {
        self.file
    }

    /// The file's columns.
    pub(crate) fn columns(&self) -> &StatementColumns {
        &self.columns
    }

    fn table<'t>(&'t self, text: &'t Arc<String>, base: usize) -> Table<'t> {
        Table {
            file: self.file,
            text,
            shared: text,
            name: &self.name,
            dialect: Dialect::default(),
            headers: true,
            done: &self.done,
            counted: std::cell::Cell::new(0),
            base,
        }
    }

    /// Reads up to a block more into `pending`.
    fn fill(&mut self) -> std::io::Result<()> {
        let start = self.pending.len();
        self.pending.resize(start + BLOCK, 0);
        let mut filled = start;
        while filled < self.pending.len() {
            match self.reader.read(&mut self.pending[filled..]) {
                Ok(0) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.pending.truncate(filled);
                    return Err(e);
                }
            }
        }
        self.pending.truncate(filled);
        Ok(())
    }

    /// `pending[..end]` as text; bytes that are not UTF-8 are reported (as for a whole file)
    /// and end the file.
    fn utf8(&mut self, end: usize, diagnostics: &mut Diagnostics) -> Option<String> {
        match std::str::from_utf8(&self.pending[..end]) {
            Ok(text) => Some(text.to_string()),
            Err(e) => {
                let at = self.offset + e.valid_up_to();
                diagnostics.items.push(
                    Diagnostic::error(Code::Io, "the file is not valid UTF-8")
                        .at(
                            Some(Location {
                                file: self.file,
                                span: at..at + 1,
                            }),
                            "this byte",
                        )
                        .with_help("save the file as UTF-8"),
                );
                self.pending.clear();
                self.eof = true;
                None
            }
        }
    }

    /// The next block of rows; `None` at the end of the file. Diagnostics of its rows go to
    /// `diagnostics` (a row that cannot be read is reported and left out).
    pub(crate) fn next_block(&mut self, diagnostics: &mut Diagnostics) -> Option<Block> {
        loop {
            if !self.eof
                && let Err(e) = self.fill()
            {
                diagnostics.items.push(Diagnostic::error(
                    Code::Io,
                    format!(
                        "cannot read {}: {e}",
                        diagnostics.files.path(self.file).display()
                    ),
                ));
                self.pending.clear();
                self.eof = true;
            }
            if self.pending.is_empty() {
                return None;
            }
            // Before the end of the file, the bytes may end inside a character.
            let valid = match std::str::from_utf8(&self.pending) {
                Ok(_) => self.pending.len(),
                Err(e) if e.error_len().is_none() && !self.eof => e.valid_up_to(),
                Err(_) => {
                    let valid = std::str::from_utf8(&self.pending)
                        .map_or_else(|e| e.valid_up_to(), |t| t.len());
                    self.utf8(valid + 1, diagnostics);
                    return None;
                }
            };
            let rows = std::str::from_utf8(&self.pending[..valid])
                .unwrap_or_default()
                .to_string();
            let (block, used) = self.parse(&rows, diagnostics);
            if used == 0 {
                // One row, cut by the block: read more of it.
                if self.pending.len() > MAX_ROW {
                    self.too_long(diagnostics);
                    return None;
                }
                continue;
            }
            self.pending.drain(..used);
            self.offset += used;
            return Some(block);
        }
    }

    /// The error for a row longer than [`MAX_ROW`]; the rest of the file is not read.
    fn too_long(&mut self, diagnostics: &mut Diagnostics) {
        let at = self.offset;
        diagnostics.items.push(
            Diagnostic::error(
                Code::Syntax,
                format!(
                    "a row of {} is longer than {} MiB: a quoted cell is probably never closed",
                    self.name,
                    MAX_ROW >> 20
                ),
            )
            .at(
                Some(Location {
                    file: self.file,
                    span: at..at + 1,
                }),
                "this row",
            )
            .with_help("close the quote where the cell ends"),
        );
        self.pending.clear();
        self.eof = true;
    }

    /// Parses the whole rows of `rows` (the start of `pending`): all of them at the end of the
    /// file, else all but the last, which the block may have cut. Returns the block and how
    /// many bytes of `rows` it used.
    fn parse(&mut self, rows: &str, diagnostics: &mut Diagnostics) -> (Block, usize) {
        let header_len = self.header.len();
        let mut text = String::with_capacity(header_len + rows.len());
        text.push_str(&self.header);
        text.push_str(rows);
        let text: Arc<String> = Arc::new(text);
        // Positions in `text`; the file offset of `text[header_len]` is `self.offset`.
        let table = self.table(&text, self.offset - header_len);
        let mut reader = table.rows();
        let mut record = csv::ByteRecord::new();
        // Each row: its start, its statement (none when reported), its diagnostics.
        let mut read: Vec<(usize, Option<Statement>, Vec<Diagnostic>)> = Vec::new();
        loop {
            let mut found = Vec::new();
            let next = table.next_row(&mut reader, &mut record, self.columns.len(), &mut found);
            let row = match next {
                Next::Row(row) => row,
                Next::Skipped(row) => {
                    read.push((row, None, found));
                    continue;
                }
                Next::End => {
                    // A file that cannot be read further (reported in `found`).
                    diagnostics.items.extend(found);
                    break;
                }
            };
            match self.columns.statement(&table, row, &record) {
                Ok(s) => read.push((row, Some(s), found)),
                Err(d) => {
                    found.push(*d);
                    read.push((row, None, found));
                }
            }
        }
        let mut end = text.len();
        if !self.eof {
            // The last row may go on in the bytes not read yet: read it with them.
            end = read.pop().map_or(header_len, |(row, ..)| row);
        }
        let used = end - header_len;
        let mut statements = Vec::with_capacity(read.len());
        let ends: Vec<usize> = read
            .iter()
            .skip(1)
            .map(|(row, ..)| *row)
            .chain([end])
            .collect();
        for ((row, statement, found), row_end) in read.into_iter().zip(ends) {
            diagnostics.items.extend(found);
            match statement {
                Some(s) => statements.push((s, row..row_end)),
                None => self.skipped_rows = true,
            }
        }
        let block = Block {
            offset: self.offset,
            header_len,
            statements,
            text,
        };
        (block, used)
    }

    /// Origins for a block's statements (index-aligned with [`Block::statements`], from
    /// `first`), pointing into the file.
    pub(crate) fn origins(&self, block: &Block, first: usize) -> CsvOrigins {
        rows_origins(
            self.file,
            &self.columns,
            Arc::clone(&block.text),
            block.statements.iter().map(|(_, r)| r.start),
            Relocation(vec![(block.header_len, block.offset)]),
            first,
        )
    }
}

/// Origins for rows of `text` starting at `starts`.
pub(crate) fn rows_origins(
    file: FileId,
    columns: &StatementColumns,
    text: Arc<String>,
    starts: impl Iterator<Item = usize>,
    relocation: Relocation,
    first: usize,
) -> CsvOrigins {
    CsvOrigins {
        kind: ItemKind::Statement,
        first,
        file,
        text,
        dialect: Dialect::default(),
        relocation: Some(Arc::new(relocation)),
        place: CsvPlace::Rows {
            columns: columns.paths(),
            id_column: columns.id_column(),
            rows: starts.map(super::cells::offset).collect(),
            fixed: Vec::new(),
        },
    }
}

/// Where the header line ends (after its line break), if the bytes hold all of it.
fn header_end(bytes: &[u8]) -> Option<usize> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    match reader.read_byte_record(&mut record) {
        Ok(true) => {
            let end = reader.position().byte() as usize;
            // Read to the end of the bytes: the line may go on in the next block.
            (end < bytes.len()).then_some(end)
        }
        _ => None,
    }
}

/// The lines of `path` holding `offsets` (sorted, counted after a byte-order mark), each with
/// the line after it (a snippet shows the one line between two it labels): for each, the
/// line's start, number (from 0) and text. Reads the file once, line by line.
pub(crate) fn lines_at(path: &Path, offsets: &[usize]) -> Vec<(usize, usize, String)> {
    use std::io::BufRead;
    let mut out = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return out;
    };
    let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
    let mut line = Vec::new();
    let (mut start, mut number, mut next) = (0usize, 0usize, 0usize);
    let mut first = true;
    let mut after_wanted = false;
    while next < offsets.len() || after_wanted {
        line.clear();
        let Ok(read) = reader.read_until(b'\n', &mut line) else {
            break;
        };
        if read == 0 {
            break;
        }
        let mut content = &line[..];
        if first && content.starts_with(b"\xEF\xBB\xBF") {
            content = &content[3..];
        }
        first = false;
        let end = start + content.len();
        let mut wanted = false;
        while next < offsets.len() && offsets[next] < end.max(start + 1) {
            wanted = true;
            next += 1;
        }
        if wanted || after_wanted {
            let text = content.strip_suffix(b"\n").unwrap_or(content);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            out.push((start, number, String::from_utf8_lossy(text).into_owned()));
        }
        after_wanted = wanted;
        start = end;
        number += 1;
    }
    out
}
