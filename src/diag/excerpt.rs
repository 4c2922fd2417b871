//! Snippets of very long lines: a 1 MB label or a minified JSON document must not print a
//! megabyte per diagnostic. Lines longer than [`LONG_LINE`] bytes are shown as windows around
//! the labelled places, joined by `…`; lines and columns in the header stay those of the file.

use std::ops::Range;

use codespan_reporting::files::{Error, Files};

use super::{FileId, SourceFiles};

/// Lines longer than this many bytes are shortened in snippets.
pub(super) const LONG_LINE: usize = 200;

/// Bytes kept on each side of a labelled place in a shortened line.
const CONTEXT: usize = 40;

/// At most this many windows per shortened line.
const MAX_WINDOWS: usize = 8;

const ELLIPSIS: &str = "…";

/// Whether any of these places lies on a line longer than [`LONG_LINE`].
pub(super) fn touches_long_line(files: &SourceFiles, places: &[(FileId, Range<usize>)]) -> bool {
    places.iter().any(|(file, span)| {
        [span.start, span.end]
            .into_iter()
            .any(|offset| line_of(files, *file, offset).len() > LONG_LINE)
    })
}

/// The byte range of the line holding `offset` (without its line break).
fn line_of(files: &SourceFiles, file: FileId, offset: usize) -> Range<usize> {
    let (text, starts) = (&files.files[file].text, files.files[file].line_starts());
    let offset = offset.min(text.len());
    let line = starts.partition_point(|&s| s <= offset) - 1;
    let end = starts.get(line + 1).map_or(text.len(), |&next| next - 1);
    starts[line]..end
}

/// One file as a snippet sees it: the lines touched by labels (long ones shortened), every
/// other line empty, so line numbers are unchanged.
struct Shown {
    name: String,
    text: String,
    line_starts: Vec<usize>,
    /// Kept pieces: (original range, offset in `text`), in order.
    pieces: Vec<(Range<usize>, usize)>,
    file: FileId,
}

/// The files of one diagnostic, shortened around its places.
pub(super) struct Excerpt<'a> {
    files: &'a SourceFiles,
    shown: Vec<Shown>,
}

impl<'a> Excerpt<'a> {
    /// Builds the shortened files for a diagnostic's places.
    pub(super) fn new(files: &'a SourceFiles, places: &[(FileId, Range<usize>)]) -> Self {
        let mut ids: Vec<FileId> = places.iter().map(|(f, _)| *f).collect();
        ids.sort_unstable();
        ids.dedup();
        let shown = ids
            .into_iter()
            .map(|file| {
                let points: Vec<usize> = places
                    .iter()
                    .filter(|(f, _)| *f == file)
                    .flat_map(|(_, s)| [s.start, s.end])
                    .collect();
                shorten(files, file, &points)
            })
            .collect();
        Excerpt { files, shown }
    }

    /// The id codespan knows a file by.
    pub(super) fn id(&self, file: FileId) -> usize {
        self.shown
            .iter()
            .position(|s| s.file == file)
            .expect("every labelled file is shown")
    }

    /// A span of the original file in the shortened text.
    pub(super) fn span(&self, file: FileId, span: &Range<usize>) -> Range<usize> {
        let shown = &self.shown[self.id(file)];
        let start = shown.to_shown(span.start);
        start..shown.to_shown(span.end).max(start)
    }
}

impl Shown {
    fn to_shown(&self, offset: usize) -> usize {
        let i = self
            .pieces
            .partition_point(|(range, _)| range.start <= offset);
        if i == 0 {
            return 0;
        }
        let (range, at) = &self.pieces[i - 1];
        if offset <= range.end {
            at + (offset - range.start)
        } else {
            // In a cut: the ellipsis after this piece.
            at + range.len()
        }
    }

    fn to_original(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|(_, at)| *at <= offset);
        if i == 0 {
            return 0;
        }
        let (range, at) = &self.pieces[i - 1];
        range.start + (offset - at).min(range.len())
    }
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn shorten(files: &SourceFiles, file: FileId, points: &[usize]) -> Shown {
    let f = &files.files[file];
    let (path, text, starts) = (&f.path, &f.text, f.line_starts());
    let mut lines: Vec<Range<usize>> = points.iter().map(|&p| line_of(files, file, p)).collect();
    // Multi-line labels also show a few lines after their start and before their end, and a
    // one-line gap between shown lines is filled in: keep the neighbours too.
    let neighbours: Vec<Range<usize>> = lines
        .iter()
        .flat_map(|l| {
            let line = starts.partition_point(|&s| s <= l.start) - 1;
            (line.saturating_sub(2)..=line + 4)
                .filter(|&n| n < starts.len())
                .map(|n| line_of(files, file, starts[n]))
                .collect::<Vec<_>>()
        })
        .collect();
    lines.extend(neighbours);
    lines.sort_by_key(|l| l.start);
    lines.dedup();

    let mut shown = Shown {
        name: path.display().to_string(),
        text: String::new(),
        line_starts: vec![0],
        pieces: Vec::new(),
        file,
    };
    let mut line_index = 0;
    for line in lines {
        let index = starts.partition_point(|&s| s <= line.start) - 1;
        while line_index < index {
            shown.text.push('\n');
            line_index += 1;
            shown.line_starts.push(shown.text.len());
        }
        let keep: Vec<Range<usize>> = if line.len() <= LONG_LINE {
            vec![line.clone()]
        } else {
            let mut windows: Vec<Range<usize>> = points
                .iter()
                .filter(|&&p| line.start <= p && p <= line.end)
                .map(|&p| {
                    floor_boundary(text, p.saturating_sub(CONTEXT).max(line.start))
                        ..floor_boundary(text, (p + CONTEXT).min(line.end))
                })
                .collect();
            windows.push(line.start..floor_boundary(text, line.start + CONTEXT));
            windows.sort_by_key(|w| w.start);
            let mut merged: Vec<Range<usize>> = Vec::new();
            for w in windows {
                match merged.last_mut() {
                    Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
                    _ => merged.push(w),
                }
            }
            merged.truncate(MAX_WINDOWS);
            merged
        };
        let mut previous_end = line.start;
        for piece in keep {
            if piece.start > previous_end {
                shown.text.push_str(ELLIPSIS);
            }
            shown.pieces.push((piece.clone(), shown.text.len()));
            shown.text.push_str(&text[piece.clone()]);
            previous_end = piece.end;
        }
        if previous_end < line.end {
            shown.text.push_str(ELLIPSIS);
        }
    }
    shown
}

impl<'f> Files<'f> for Excerpt<'_> {
    type FileId = usize;
    type Name = &'f str;
    type Source = &'f str;

    fn name(&'f self, id: usize) -> Result<&'f str, Error> {
        Ok(&self.shown.get(id).ok_or(Error::FileMissing)?.name)
    }

    fn source(&'f self, id: usize) -> Result<&'f str, Error> {
        Ok(&self.shown.get(id).ok_or(Error::FileMissing)?.text)
    }

    fn line_index(&'f self, id: usize, byte_index: usize) -> Result<usize, Error> {
        let shown = self.shown.get(id).ok_or(Error::FileMissing)?;
        Ok(shown.line_starts.partition_point(|&s| s <= byte_index) - 1)
    }

    fn line_range(&'f self, id: usize, line_index: usize) -> Result<Range<usize>, Error> {
        let shown = self.shown.get(id).ok_or(Error::FileMissing)?;
        let start = *shown
            .line_starts
            .get(line_index)
            .ok_or(Error::LineTooLarge {
                given: line_index,
                max: shown.line_starts.len() - 1,
            })?;
        let end = shown
            .line_starts
            .get(line_index + 1)
            .map_or(shown.text.len(), |&next| next);
        Ok(start..end)
    }

    /// The line's number in the original file (a streamed file keeps some lines only).
    fn line_number(&'f self, id: usize, line_index: usize) -> Result<usize, Error> {
        let shown = self.shown.get(id).ok_or(Error::FileMissing)?;
        Ok(self.files.line_number(shown.file, line_index) + 1)
    }

    /// The column in the original file, not in the shortened line.
    fn column_number(
        &'f self,
        id: usize,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, Error> {
        let shown = self.shown.get(id).ok_or(Error::FileMissing)?;
        let original = shown.to_original(byte_index);
        Ok(self.files.line_column(shown.file, original).1)
    }
}

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Diagnostic, Diagnostics, Location};

    #[test]
    fn long_lines_are_shown_around_their_labels_with_true_columns() {
        let mut diagnostics = Diagnostics::default();
        let text = format!(
            "short = 1\nlong = \"{}é{}\"\nafter = 2\n",
            "a".repeat(5000),
            "b".repeat(5000)
        );
        let at = text.find('é').expect("é");
        let file = diagnostics.files.add("x.toml", text.clone());
        diagnostics
            .items
            .push(Diagnostic::error(Code::Shape, "here").at(
                Some(Location {
                    file,
                    span: at..at + 'é'.len_utf8(),
                }),
                "this",
            ));
        let rendered = diagnostics.render();
        assert!(rendered.contains("x.toml:2:5009"), "{rendered}");
        assert!(rendered.len() < 1_000, "{rendered}");
        assert!(
            rendered.contains("aaa…") || rendered.contains("…aaa"),
            "{rendered}"
        );
        assert!(rendered.contains("é"), "{rendered}");
        let caret = rendered
            .lines()
            .find(|l| l.contains('^'))
            .expect("a caret line");
        let shown = rendered
            .lines()
            .find(|l| l.contains('é'))
            .expect("the line");
        assert_eq!(
            caret.find('^').map(|i| caret[..i].chars().count()),
            shown.find('é').map(|i| shown[..i].chars().count()),
            "{rendered}"
        );
    }
}
