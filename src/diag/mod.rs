//! Diagnostics: what is wrong with a dataset, where, and how to fix it.
//!
//! Error data is kept apart from rendering: loaders and the validator return [`Diagnostic`]s
//! that point into [`SourceFiles`]; [`Diagnostics::render`] turns them into text with a source
//! snippet (via codespan-reporting). Codes are stable and listed in `docs/errors.md`.
//!
//! `codes.rs` holds the table of codes, `render.rs` the rendering, `excerpt.rs` the
//! shortening of very long lines in snippets.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

mod codes;
mod excerpt;
mod render;

pub use codes::Code;

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
    text: Arc<String>,
    /// Found when a diagnostic is first located in the file, not when it is read: a bulk
    /// file's (4M lines, 32 MB at 1M entities) is then never made in a run without
    /// diagnostics into it.
    line_starts: std::sync::OnceLock<Vec<usize>>,
    /// For a file read as a stream (`kgforge build --stream`), of which only the lines that
    /// diagnostics point at are kept: each line's number in the file (from 0).
    line_numbers: Option<Vec<usize>>,
}

impl SourceFile {
    /// The offset of each line's start, the first one 0.
    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(memchr_newlines(self.text.as_bytes()))
                .collect()
        })
    }
}

impl SourceFiles {
    /// Adds a file and returns its id.
    pub fn add(&mut self, path: impl Into<PathBuf>, text: String) -> FileId {
        self.add_shared(path, Arc::new(text))
    }

    /// Adds a file whose text is shared with its reader (a bulk CSV file is kept once).
    pub(crate) fn add_shared(&mut self, path: impl Into<PathBuf>, text: Arc<String>) -> FileId {
        self.files.push(SourceFile {
            path: path.into(),
            text,
            line_starts: std::sync::OnceLock::new(),
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
    pub(crate) fn shared_text(&self, file: FileId) -> Arc<String> {
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
        let SourceFile { text, .. } = &self.files[file];
        let line_starts = self.files[file].line_starts();
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
            entry.text = Arc::new(text);
            entry.line_starts = std::sync::OnceLock::from(line_starts);
            entry.line_numbers = Some(numbers);
        }
    }
}

/// The offsets just after each `\n`.
fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
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
    fn line_and_column_count_characters() {
        let mut files = SourceFiles::default();
        let f = files.add("a.toml", "x = 1\nлаб = \"é\" y\n".into());
        assert_eq!(files.line_column(f, 0), (1, 1));
        assert_eq!(files.line_column(f, 6), (2, 1));
        let y = files.text(f).find('y').unwrap();
        assert_eq!(files.line_column(f, y), (2, 11));
    }

    #[test]
    fn did_you_mean_finds_typos_only() {
        let names = ["kwantung_army", "red_army", "khabarovsk"];
        assert_eq!(did_you_mean("kwantung_amry", names), Some("kwantung_army"));
        assert_eq!(did_you_mean("zzz", names), None);
    }
}
