//! Opening a mapped file: its dialect from the mapping, its text decoded.

use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

use encoding_rs::Encoding;

use super::{Dialect, MappedFile, MappedKind};
use crate::diag::{Code, Diagnostic, Diagnostics, FileId, Location};
use crate::load::mapping::{FileSpec, MAPPING_FILE};

/// The file, dialect and text of one mapping table: `None` (after a diagnostic in the
/// mapping or the file) when its dialect is wrong or the file cannot be read.
pub(in crate::load::csv) fn open(
    spec: &FileSpec,
    kind: MappedKind,
    dir: &Path,
    mapping: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<(FileId, Arc<String>, MappedFile)> {
    let at = |span: Range<usize>| {
        Some(Location {
            file: mapping,
            span,
        })
    };
    let mut problems = Vec::new();
    let path = dir.join(spec.file.get_ref());
    let tsv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let one_byte = |key: &str, value: &toml::Spanned<String>, problems: &mut Vec<Diagnostic>| {
        let text = value.get_ref();
        match text.as_bytes() {
            [b] if b.is_ascii() => Some(Some(*b)),
            [] if key == "quote" => Some(None),
            _ => {
                problems.push(
                    Diagnostic::error(
                        Code::Shape,
                        format!(
                            "`{key}` is one ASCII character, not \"{}\"",
                            text.escape_default()
                        ),
                    )
                    .at(at(value.span()), "here")
                    .with_help(if key == "quote" {
                        "write '\"', \"'\", or \"\" for cells that are never quoted"
                    } else {
                        "write \",\", \";\", \"|\" or \"\\t\" (a tab)"
                    }),
                );
                None
            }
        }
    };
    let delimiter = match &spec.delimiter {
        Some(d) => one_byte("delimiter", d, &mut problems).flatten(),
        None => Some(if tsv { b'\t' } else { b',' }),
    };
    let quote = match &spec.quote {
        Some(q) => one_byte("quote", q, &mut problems),
        None => Some(Some(b'"')),
    };
    let encoding = match &spec.encoding {
        None => Some(encoding_rs::UTF_8),
        Some(label) => Encoding::for_label(label.get_ref().trim().as_bytes()).or_else(|| {
            problems.push(
                Diagnostic::error(Code::Shape, format!("unknown encoding \"{}\"", label.get_ref()))
                    .at(at(label.span()), "not an encoding label")
                    .with_help("write a WHATWG label: utf-8, utf-16le, utf-16be, latin1 (read as windows-1252), windows-1251, shift_jis, gb18030, …"),
            );
            None
        }),
    };
    if !path.is_file() {
        problems.push(
            Diagnostic::error(
                Code::Io,
                format!(
                    "{} names {}, which does not exist",
                    MAPPING_FILE,
                    path.display()
                ),
            )
            .at(at(spec.file.span()), "no such file")
            .with_help("the path is relative to the directory that holds the mapping"),
        );
    }
    let (Some(delimiter), Some(quote), Some(encoding)) = (delimiter, quote, encoding) else {
        diagnostics.items.extend(problems);
        return None;
    };
    if !problems.is_empty() {
        diagnostics.items.extend(problems);
        return None;
    }
    let (file, text) = read_decoded(&path, encoding, spec, mapping, diagnostics)?;
    Some((
        file,
        text,
        MappedFile {
            kind,
            dialect: Dialect { delimiter, quote },
            header: spec.header,
            ignore: spec.ignore.clone(),
            mapping,
        },
    ))
}

/// Reads a file in `encoding` (a byte-order mark decides over it) as text shared with
/// `diagnostics.files`.
fn read_decoded(
    path: &Path,
    encoding: &'static Encoding,
    spec: &FileSpec,
    mapping: FileId,
    diagnostics: &mut Diagnostics,
) -> Option<(FileId, Arc<String>)> {
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > crate::load::MAX_FILE_BYTES => None,
        Ok(_) => std::fs::read(path).ok(),
        Err(_) => None,
    };
    let Some(bytes) = bytes else {
        // Too large or unreadable: the usual reader says which.
        return super::super::read_shared(path, diagnostics);
    };
    let (encoding, bom) = Encoding::for_bom(&bytes).unwrap_or((encoding, 0));
    if encoding == encoding_rs::UTF_8 {
        return super::super::read_shared(path, diagnostics);
    }
    let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom..]);
    let text: Arc<String> = Arc::new(text.into_owned());
    let file = diagnostics.files.add_shared(path, Arc::clone(&text));
    if had_errors {
        let bad = text.find('\u{FFFD}').unwrap_or(0);
        diagnostics.items.push(
            Diagnostic::error(
                Code::Io,
                format!("the file is not valid {}", encoding.name()),
            )
            .at(
                Some(Location {
                    file,
                    span: bad..bad + '\u{FFFD}'.len_utf8(),
                }),
                "these bytes",
            )
            .also(
                spec.encoding.as_ref().map(|e| Location {
                    file: mapping,
                    span: e.span(),
                }),
                "the encoding the mapping gives",
            )
            .with_help("give the file's real encoding in `encoding`, or save it as UTF-8"),
        );
        return None;
    }
    Some((file, text))
}
