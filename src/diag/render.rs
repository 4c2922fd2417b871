//! Rendering diagnostics as text: one line each (`render_short`), or with source snippets,
//! labels and help via codespan-reporting (`render`), which reads [`SourceFiles`] through
//! its `Files` trait. Kept apart from the error data, which loaders and the validator build
//! without ever printing.

use std::ops::Range;

use codespan_reporting::diagnostic::{self as cs, Label};
use codespan_reporting::term;

use super::{Diagnostics, FileId, Location, Severity, SourceFiles, excerpt};

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
        Ok(file.line_starts().partition_point(|&s| s <= byte_index) - 1)
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
        let start = *file.line_starts().get(line_index).ok_or(
            codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: file.line_starts().len() - 1,
            },
        )?;
        let end = file
            .line_starts()
            .get(line_index + 1)
            .map_or(file.text.len(), |&next| next);
        Ok(start..end)
    }
}

impl Diagnostics {
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

#[cfg(test)]
mod tests {
    use crate::diag::{Code, Diagnostic, Diagnostics};

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
}
