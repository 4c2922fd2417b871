//! Diagnostics: what is wrong with a dataset, where, and how to fix it.
//!
//! Error data is kept apart from rendering: loaders and the validator return [`Diagnostic`]s
//! that point into [`SourceFiles`]; [`Diagnostics::render`] turns them into text with a source
//! snippet (via codespan-reporting). Codes are stable and listed in `docs/errors.md`.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod excerpt;

use codespan_reporting::diagnostic::{self as cs, Label};
use codespan_reporting::term;

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $name:ident = $code:literal,)*) => {
        /// A stable diagnostic code (`KG0201`). Codes are never reused.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Code {
            $($(#[doc = $doc])* $name,)*
        }

        impl Code {
            /// Every code, in numeric order.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as printed (`KG0201`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $code,)*
                }
            }

            /// Parses a printed code.
            pub fn parse(s: &str) -> Option<Code> {
                match s {
                    $($code => Some(Code::$name),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// The file is not valid TOML or JSON.
    Syntax = "KG0001",
    /// A value has the wrong type or shape, or a key is unknown.
    Shape = "KG0002",
    /// A top-level section is unknown.
    UnknownSection = "KG0003",
    /// A file cannot be read or is not UTF-8.
    Io = "KG0004",
    /// The dataset is empty or has no `[dataset]` table.
    MissingDataset = "KG0005",
    /// `[dataset]` appears in more than one file.
    DuplicateDataset = "KG0006",
    /// A JSON document of another format or version.
    JsonVersion = "KG0007",
    /// An input exceeds a size limit.
    TooLarge = "KG0008",
    /// A CSV dataset has no `[dataset]` table, so defaults were used (warning).
    DefaultMetadata = "KG0009",
    /// Types, predicates or sources were declared from the names in CSV data (warning).
    InferredSchema = "KG0010",
    /// A JSON document has neither `format` nor `version`, as networkx writes it back
    /// (warning).
    JsonHeaderMissing = "KG0011",
    /// A dataset directory holds data files kgforge does not read: TOML files in a
    /// subdirectory, CSV files of other names that no mapping names (warning).
    UnreadFiles = "KG0012",
    /// Two items of the same kind share an id.
    DuplicateId = "KG0101",
    /// An id is not a slug (or a statement id not a usable IRI segment).
    BadId = "KG0102",
    /// The same statement (subject, predicate, value, qualifiers) is written twice.
    DuplicateStatement = "KG0103",
    /// Two different statements have equal derived ids: a hash collision.
    IdCollision = "KG0104",
    /// An entity id that no entity has.
    UnknownEntity = "KG0201",
    /// A type id that no type has.
    UnknownType = "KG0202",
    /// A predicate id that no predicate has.
    UnknownPredicate = "KG0203",
    /// A source id that no source has.
    UnknownSource = "KG0204",
    /// A mapping names a column that its CSV file does not have.
    UnknownColumn = "KG0205",
    /// The subject's type is outside the predicate's domain.
    Domain = "KG0301",
    /// The object is outside the predicate's range.
    Range = "KG0302",
    /// A date is malformed or impossible.
    BadDate = "KG0401",
    /// A quantity or bound is malformed.
    BadQuantity = "KG0402",
    /// A time span ends before it starts.
    BadSpan = "KG0403",
    /// A statement has no value or more than one.
    StatementValue = "KG0404",
    /// A number is not finite (`nan`, `inf`).
    NotFinite = "KG0405",
    /// A language tag is not valid BCP 47.
    BadLanguage = "KG0501",
    /// A Wikidata id is not `Q` followed by digits.
    BadQid = "KG0502",
    /// An IRI or URL is not valid.
    BadIri = "KG0503",
    /// A label or title is empty.
    EmptyText = "KG0504",
    /// A text holds a control character that XML 1.0 (RDF/XML) cannot carry.
    ControlCharacter = "KG0505",
    /// A text is longer than validation accepts.
    TooLong = "KG0506",
    /// A label or alias is in a language that is not one of the dataset's `languages`
    /// (warning).
    UnlistedLanguage = "KG0507",
    /// The type hierarchy has a cycle.
    TypeCycle = "KG0601",
    /// A type is named after a literal kind.
    ReservedType = "KG0602",
    /// A reference cites a paragraph the source does not have.
    BadLocator = "KG0701",
    /// A statement cites no source (warning).
    Unreferenced = "KG0801",
    /// An entity appears in no statement (warning).
    Orphan = "KG0802",
    /// A source is cited by no statement (warning).
    UncitedSource = "KG0803",
    /// The dataset has no entities (warning).
    EmptyDataset = "KG0804",
    /// A quantity names a unit that no `[units.*]` table declares (warning).
    UndeclaredUnit = "KG0805",
    /// A CSV file has columns that its mapping neither reads nor ignores (warning).
    UnmappedColumn = "KG0806",
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth fixing; an error only under `--deny-warnings`.
    Warning,
    /// The dataset cannot be built.
    Error,
}

/// Identifies a file in [`SourceFiles`].
pub type FileId = usize;

/// A place in a source file: a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    /// The file.
    pub file: FileId,
    /// Byte offsets into the file's text.
    pub span: Range<usize>,
}

/// One problem, with where it is and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The primary place, with a short label.
    pub primary: Option<(Location, String)>,
    /// Other places that explain it ("first defined here").
    pub secondary: Vec<(Location, String)>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with a message and no location yet.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    /// A warning with a message and no location yet.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Points the diagnostic at a place.
    #[must_use]
    pub fn at(mut self, location: Option<Location>, label: impl Into<String>) -> Self {
        self.primary = location.map(|l| (l, label.into()));
        self
    }

    /// Adds a secondary place.
    #[must_use]
    pub fn also(mut self, location: Option<Location>, label: impl Into<String>) -> Self {
        if let Some(l) = location {
            self.secondary.push((l, label.into()));
        }
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint when there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// The text of every file a dataset was read from, for locating and rendering diagnostics.
#[derive(Debug, Clone, Default)]
pub struct SourceFiles {
    files: Vec<SourceFile>,
}

#[derive(Debug, Clone)]
struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    line_starts: Vec<usize>,
    /// For a file read as a stream (`kgforge build --stream`), of which only the lines that
    /// diagnostics point at are kept: each line's number in the file (from 0).
    line_numbers: Option<Vec<usize>>,
}

impl SourceFiles {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        self.add_shared(path, Arc::from(text))
    }

    /// Adds a file whose text is shared with its reader (a bulk CSV file is kept once).
    pub(crate) fn add_shared(&mut self, path: impl Into<PathBuf>, text: Arc<str>) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(memchr_newlines(text.as_bytes()))
            .collect();
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts,
            line_numbers: None,
        });
        self.files.len() - 1
    }

    /// Adds a file read as a stream, too large to keep: diagnostics point into it by offset,
    /// and [`Diagnostics::keep_lines`] later keeps the lines they point at.
    pub(crate) fn add_streamed(&mut self, path: impl Into<PathBuf>) -> FileId {
        let file = self.add(path, String::new());
        self.files[file].line_numbers = Some(Vec::new());
        file
    }

    /// Whether a file was added by [`SourceFiles::add_streamed`].
    pub(crate) fn is_streamed(&self, file: FileId) -> bool {
        self.files[file].line_numbers.is_some()
    }

    /// The text of a file, shared.
    pub(crate) fn shared_text(&self, file: FileId) -> Arc<str> {
        Arc::clone(&self.files[file].text)
    }

    /// The path of a file.
    pub fn path(&self, file: FileId) -> &Path {
        &self.files[file].path
    }

    /// The text of a file (of a streamed one, the lines diagnostics point at).
    pub fn text(&self, file: FileId) -> &str {
        &self.files[file].text
    }

    /// Whether a path was read.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files.iter().position(|f| f.path == path)
    }

    /// The line (from 0) of the text's line `index` in its file.
    fn line_number(&self, file: FileId, index: usize) -> usize {
        match &self.files[file].line_numbers {
            Some(numbers) => numbers.get(index).copied().unwrap_or(index),
            None => index,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_column(&self, file: FileId, offset: usize) -> (usize, usize) {
        let SourceFile {
            text, line_starts, ..
        } = &self.files[file];
        let offset = offset.min(text.len());
        let line = line_starts.partition_point(|&s| s <= offset) - 1;
        let column = text[line_starts[line]..]
            .char_indices()
            .take_while(|(i, _)| line_starts[line] + i < offset)
            .count();
        (self.line_number(file, line) + 1, column + 1)
    }

    /// `path:line:column` of a location.
    pub fn describe(&self, location: &Location) -> String {
        let (line, column) = self.line_column(location.file, location.span.start);
        format!("{}:{line}:{column}", self.path(location.file).display())
    }
}

impl<'f> codespan_reporting::files::Files<'f> for SourceFiles {
    type FileId = FileId;
    type Name = String;
    type Source = &'f str;

    fn name(&'f self, id: FileId) -> Result<String, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.path.display().to_string())
    }

    fn source(&'f self, id: FileId) -> Result<&'f str, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(&file.text)
    }

    fn line_index(
        &'f self,
        id: FileId,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_number(
        &'f self,
        id: FileId,
        line_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line_number(id, line_index) + 1)
    }

    fn line_range(
        &'f self,
        id: FileId,
        line_index: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self
            .files
            .get(id)
            .ok_or(codespan_reporting::files::Error::FileMissing)?;
        let start = *file.line_starts.get(line_index).ok_or(
            codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts.len() - 1,
            },
        )?;
        let end = file
            .line_starts
            .get(line_index + 1)
            .map_or(file.text.len(), |&next| next);
        Ok(start..end)
    }
}

/// All diagnostics of a run, with the files they point into.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics {
    /// The files read.
    pub files: SourceFiles,
    /// Every problem found, in the order found.
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// How many errors (not warnings) there are.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// Whether any diagnostic is an error (or any at all, when `deny_warnings`).
    pub fn has_errors(&self, deny_warnings: bool) -> bool {
        if deny_warnings {
            !self.items.is_empty()
        } else {
            self.error_count() > 0
        }
    }

    /// Sorts by file, then position, then code, and drops exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.primary
                    .as_ref()
                    .map(|(l, _)| (l.file, l.span.start))
                    .unwrap_or((usize::MAX, 0))
            };
            key(a).cmp(&key(b)).then(a.code.cmp(&b.code))
        });
        self.items.dedup();
    }

    /// One line per diagnostic: `path:line:col: error[KG0201]: message`.
    pub fn render_short(&self) -> String {
        let mut out = String::new();
        for d in &self.items {
            if let Some((loc, _)) = &d.primary {
                out.push_str(&self.files.describe(loc));
                out.push_str(": ");
            }
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            out.push_str(&format!("{level}[{}]: {}\n", d.code, printable(&d.message)));
        }
        out
    }

    /// Every diagnostic with its source snippet, labels and help, as plain text.
    pub fn render(&self) -> String {
        let files = &self.files;
        let config = term::Config::default();
        let mut out = Vec::new();
        for d in &self.items {
            let mut cd = match d.severity {
                Severity::Error => cs::Diagnostic::error(),
                Severity::Warning => cs::Diagnostic::warning(),
            }
            .with_code(d.code.as_str())
            .with_message(printable(&d.message));
            let places: Vec<(FileId, Range<usize>)> = (d.primary.iter().chain(&d.secondary))
                .map(|(l, _)| (l.file, l.span.clone()))
                .collect();
            // Lines over a few hundred bytes (a huge label, minified JSON) are shortened.
            let excerpt = excerpt::touches_long_line(&self.files, &places)
                .then(|| excerpt::Excerpt::new(&self.files, &places));
            let place = |loc: &Location| match &excerpt {
                Some(e) => (e.id(loc.file), e.span(loc.file, &loc.span)),
                None => (loc.file, loc.span.clone()),
            };
            let mut labels = Vec::new();
            if let Some((loc, label)) = &d.primary {
                let (file, span) = place(loc);
                labels.push(Label::primary(file, span).with_message(printable(label)));
            }
            for (loc, label) in &d.secondary {
                let (file, span) = place(loc);
                labels.push(Label::secondary(file, span).with_message(printable(label)));
            }
            cd = cd.with_labels(labels);
            if let Some(help) = &d.help {
                cd = cd.with_notes(vec![format!("help: {}", printable(help))]);
            }
            // Rendering into memory only fails on a location outside its file, which the
            // loaders never produce; fall back to the short form rather than lose the message.
            let emitted = match &excerpt {
                Some(e) => term::emit_to_io_write(&mut out, &config, e, &cd),
                None => term::emit_to_io_write(&mut out, &config, files, &cd),
            };
            if emitted.is_err() {
                out.extend_from_slice(d.message.as_bytes());
                out.push(b'\n');
            }
        }
        String::from_utf8_lossy(&out).into_owned()
    }
}

impl Diagnostics {
    /// Keeps, for each streamed file ([`SourceFiles::add_streamed`]), the lines its
    /// diagnostics point at, and makes their locations point into those lines.
    /// `lines(path, offsets)` reads the file again and gives, for each offset (in the order
    /// given), its line: (offset of the line's start, its number from 0, its text without
    /// the line break).
    pub(crate) fn keep_lines(
        &mut self,
        mut lines: impl FnMut(&Path, &[usize]) -> Vec<(usize, usize, String)>,
    ) {
        for file in 0..self.files.files.len() {
            if !self.files.is_streamed(file) {
                continue;
            }
            let mut offsets: Vec<usize> = self
                .items
                .iter()
                .flat_map(|d| {
                    d.primary
                        .iter()
                        .map(|(l, _)| l)
                        .chain(d.secondary.iter().map(|(l, _)| l))
                })
                .filter(|l| l.file == file)
                .flat_map(|l| [l.span.start, l.span.end])
                .collect();
            offsets.sort_unstable();
            offsets.dedup();
            let mut found = lines(&self.files.files[file].path, &offsets);
            found.sort_by_key(|(start, ..)| *start);
            found.dedup_by_key(|(start, ..)| *start);
            let mut text = String::new();
            let mut line_starts = Vec::new();
            let mut numbers = Vec::new();
            // (start in the file, start in `text`, length) of each kept line.
            let mut kept = Vec::new();
            let mut previous: Option<usize> = None;
            for (start, number, line) in &found {
                // Lines left out between two kept ones: two empty lines stand for them, so
                // that a snippet breaks there (`·`) as it would over the whole file.
                if previous.is_some_and(|p| *number > p + 1) {
                    for _ in 0..2 {
                        line_starts.push(text.len());
                        numbers.push(number - 1);
                        text.push('\n');
                    }
                }
                previous = Some(*number);
                line_starts.push(text.len());
                numbers.push(*number);
                kept.push((*start, text.len(), line.len()));
                text.push_str(line);
                text.push('\n');
            }
            if line_starts.is_empty() {
                line_starts.push(0);
            }
            let local = |offset: usize| {
                let i = kept.partition_point(|&(start, ..)| start <= offset);
                match i.checked_sub(1).map(|i| kept[i]) {
                    Some((start, at, len)) => at + (offset - start).min(len),
                    None => 0,
                }
            };
            for d in &mut self.items {
                let places = d
                    .primary
                    .iter_mut()
                    .map(|(l, _)| l)
                    .chain(d.secondary.iter_mut().map(|(l, _)| l));
                for l in places.filter(|l| l.file == file) {
                    let start = local(l.span.start);
                    l.span = start..local(l.span.end).max(start);
                }
            }
            let entry = &mut self.files.files[file];
            entry.text = Arc::from(text);
            entry.line_starts = line_starts;
            entry.line_numbers = Some(numbers);
        }
    }
}

/// The offsets just after each `\n`.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

/// Text from a dataset (an id, a label) as it may be printed in a message: control
/// characters are escaped (`\n`, `\u{1b}`), so a diagnostic stays on its lines and cannot
/// drive the terminal.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The closest candidate to `word`, when one is close enough to be a likely typo.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
}

/// `help: did you mean "x"?` for an unknown name.
pub(crate) fn suggestion<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    did_you_mean(word, candidates).map(|c| format!("did you mean \"{c}\"?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} is used twice");
            assert_eq!(Code::parse(code.as_str()), Some(*code));
        }
    }

    #[test]
    fn line_and_column_count_characters() {
        let mut files = SourceFiles::default();
        let f = files.add("a.toml", "x = 1\nлаб = \"é\" y\n".into());
        assert_eq!(files.line_column(f, 0), (1, 1));
        assert_eq!(files.line_column(f, 6), (2, 1));
        let y = files.text(f).find('y').unwrap();
        assert_eq!(files.line_column(f, y), (2, 11));
    }

    #[test]
    fn messages_print_control_characters_escaped() {
        let mut diagnostics = Diagnostics::default();
        diagnostics.items.push(
            Diagnostic::error(Code::UnknownEntity, "unknown entity \"a\nb\u{1b}[31m\"")
                .with_help("x\ty"),
        );
        assert_eq!(
            diagnostics.render_short(),
            "error[KG0201]: unknown entity \"a\\nb\\u{1b}[31m\"\n"
        );
        assert!(diagnostics.render().contains("help: x\\ty"));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let names = ["kwantung_army", "red_army", "khabarovsk"];
        assert_eq!(did_you_mean("kwantung_amry", names), Some("kwantung_army"));
        assert_eq!(did_you_mean("zzz", names), None);
    }
}
