//! The Wikidata reader: Wikibase entity JSON (what `Special:EntityData/Q42.json` returns, a
//! JSON dump, or JSON lines) read into a dataset that keeps qualifiers, ranks and references
//! ([`build`]; docs/import.md, "Wikidata").
//!
//! A dump is read line by line, never whole: each line holds one entity (a `[` and a `]` line
//! around them, a `,` at each line's end). A document that is not one JSON value per line (a
//! pretty-printed `Special:EntityData` response) is read whole. Errors are located by line and
//! column; for a dump, the diagnostics' file holds only the lines in error (the others empty,
//! so that line numbers stay true), at most [`MAX_ERRORS`] of them.

mod build;
mod json;
mod known;
mod raw;
mod sources;
mod values;

use std::io::BufRead;
use std::path::Path;

use super::Loaded;
use super::import::{ImportOptions, ImportSummary};
use crate::diag::{Code, Diagnostic, Location};
use crate::model::Metadata;
use json::EntityDoc;
use raw::RawEntity;

/// Errors reported one by one; the rest are counted.
const MAX_ERRORS: usize = 100;

/// The entities read (reduced as soon as parsed), and what was skipped while reading them.
#[derive(Default)]
struct Documents {
    entities: Vec<RawEntity>,
    /// Each property's datatype, from the statements that use it.
    datatypes: rustc_hash::FxHashMap<String, String>,
    /// How many documents of each kind that is neither an item nor a property were skipped.
    other_kinds: Vec<(String, usize)>,
    /// How many entity documents were read.
    records: usize,
    /// The languages kept (the dataset's).
    languages: Vec<String>,
}

/// An entity document as parsed and reduced (on either thread): an item or a property, with
/// the datatypes its statements name, or the kind of a document that is neither.
enum Parsed {
    Entity(RawEntity, Vec<(String, String)>),
    Other(String),
}

/// Reduces a parsed document (and the entities a `{"entities": …}` document holds).
fn reduce(doc: EntityDoc, languages: &[String], out: &mut Vec<Parsed>) {
    if let Some(entities) = doc.entities {
        for (_, e) in entities.0 {
            reduce(e, languages, out);
        }
        return;
    }
    match doc.kind.as_deref() {
        Some("item" | "property") if doc.id.is_some() => {
            let datatypes = (doc.claims.0.iter())
                .filter_map(|(pid, claims)| {
                    let datatype = claims.iter().find_map(|c| c.mainsnak.datatype.clone())?;
                    Some((pid.clone(), datatype))
                })
                .collect();
            out.push(Parsed::Entity(RawEntity::new(doc, languages), datatypes));
        }
        other => out.push(Parsed::Other(other.unwrap_or("untyped").to_string())),
    }
}

impl Documents {
    fn take(&mut self, parsed: Vec<Parsed>) {
        for p in parsed {
            self.records += 1;
            match p {
                Parsed::Entity(entity, datatypes) => {
                    for (pid, datatype) in datatypes {
                        self.datatypes.entry(pid).or_insert(datatype);
                    }
                    self.entities.push(entity);
                }
                Parsed::Other(kind) => {
                    match self.other_kinds.iter_mut().find(|(k, _)| *k == kind) {
                        Some((_, n)) => *n += 1,
                        None => self.other_kinds.push((kind, 1)),
                    }
                }
            }
        }
    }
}

/// Bytes of lines parsed together, half on each thread.
const BATCH_BYTES: usize = 8 << 20;

/// Reads entity JSON from `reader` into `loaded`; `meta` is the dataset's metadata.
pub(super) fn read(
    loaded: &mut Loaded,
    name: &Path,
    mut reader: impl BufRead,
    _options: &ImportOptions,
    mut meta: Metadata,
) -> ImportSummary {
    let mut docs = Documents {
        languages: meta.languages.clone(),
        ..Documents::default()
    };
    let mut errors = Errors::default();
    let mut line = Vec::new();
    let mut number = 0;
    // The first line that is not blank tells a dump or JSON lines from one document.
    let first = loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break None,
            Ok(_) => number += 1,
            Err(e) => {
                errors.io(name, &e);
                break None;
            }
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            break Some(line.clone());
        }
    };
    if let Some(first) = first {
        let text = String::from_utf8_lossy(&first);
        let record = text.trim();
        let one_per_line = record == "["
            || serde_json::from_str::<serde::de::IgnoredAny>(record.trim_end_matches(',')).is_ok();
        if one_per_line {
            let mut batch = vec![(number, first)];
            let mut bytes = 0;
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) => break,
                    Ok(n) => {
                        number += 1;
                        bytes += n;
                    }
                    Err(e) => {
                        errors.io(name, &e);
                        break;
                    }
                }
                batch.push((number, std::mem::take(&mut line)));
                if bytes > BATCH_BYTES {
                    read_lines(&batch, &mut docs, &mut errors);
                    batch.clear();
                    bytes = 0;
                }
            }
            read_lines(&batch, &mut docs, &mut errors);
            errors.report_lines(loaded, name);
        } else {
            let mut rest = first;
            if let Err(e) = reader.read_to_end(&mut rest) {
                errors.io(name, &e);
            }
            read_whole(loaded, name, rest, number, &mut docs, &mut errors);
        }
    }
    loaded.diagnostics.items.append(&mut errors.diagnostics);
    meta.license = Some("CC0-1.0".into());
    let mut summary = ImportSummary {
        read_as: "Wikidata entity JSON".into(),
        ..ImportSummary::default()
    };
    build::build(docs, meta, loaded, &mut summary);
    summary
}

/// Lines of a dump or of JSON lines, parsed half on each thread, taken in order.
fn read_lines(batch: &[(usize, Vec<u8>)], docs: &mut Documents, errors: &mut Errors) {
    let languages = &docs.languages;
    let parse = |lines: &[(usize, Vec<u8>)]| -> Vec<Result<Vec<Parsed>, LineError>> {
        (lines.iter())
            .map(|(number, bytes)| parse_line(bytes, *number, languages))
            .collect()
    };
    let (a, b) = batch.split_at(batch.len() / 2);
    let (a, b) = crate::threads::join(|| parse(a), || parse(b));
    for result in a.into_iter().chain(b) {
        match result {
            Ok(parsed) => docs.take(parsed),
            Err(e) => errors.line(e),
        }
    }
}

/// A line that is not an entity: where, what it holds, and why.
struct LineError {
    number: usize,
    text: String,
    column: usize,
    code: Code,
    message: String,
}

/// One line: `[`, `]`, blank, or an entity or document (with a trailing `,`).
fn parse_line(bytes: &[u8], number: usize, languages: &[String]) -> Result<Vec<Parsed>, LineError> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(LineError {
            number,
            text: String::from_utf8_lossy(bytes).into_owned(),
            column: 0,
            code: Code::Io,
            message: "the line is not valid UTF-8".into(),
        });
    };
    let text = text.trim_end_matches(['\n', '\r']);
    let start = text.len() - text.trim_start().len();
    let record = text.trim().trim_end_matches(',');
    let mut out = Vec::new();
    if record.is_empty() || record == "[" || record == "]" {
        return Ok(out);
    }
    match serde_json::from_str::<EntityDoc>(record) {
        Ok(doc) => {
            reduce(doc, languages, &mut out);
            Ok(out)
        }
        Err(e) => Err(LineError {
            number,
            text: text.to_string(),
            column: start + e.column().saturating_sub(1),
            code: if e.is_data() {
                Code::Shape
            } else {
                Code::Syntax
            },
            message: message(&e),
        }),
    }
}

/// A document that is not one entity per line, read whole (several may follow each other).
fn read_whole(
    loaded: &mut Loaded,
    name: &Path,
    bytes: Vec<u8>,
    first_line: usize,
    docs: &mut Documents,
    errors: &mut Errors,
) {
    // Lines before the first one read were blank: keep them, so line numbers stay true.
    let mut text = "\n".repeat(first_line.saturating_sub(1));
    match String::from_utf8(bytes) {
        Ok(t) => text.push_str(&t),
        Err(e) => {
            errors.io(
                name,
                &std::io::Error::new(std::io::ErrorKind::InvalidData, e),
            );
            return;
        }
    }
    let file = loaded.diagnostics.files.add(name, text.clone());
    let mut stream = serde_json::Deserializer::from_str(&text).into_iter::<EntityDoc>();
    for result in stream.by_ref() {
        match result {
            Ok(doc) => {
                let mut parsed = Vec::new();
                reduce(doc, &docs.languages, &mut parsed);
                docs.take(parsed);
            }
            Err(e) => {
                let offset = offset_of(&text, e.line(), e.column());
                let code = if e.is_data() {
                    Code::Shape
                } else {
                    Code::Syntax
                };
                errors.diagnostics.push(located(
                    code,
                    message(&e),
                    Some(Location {
                        file,
                        span: offset..offset,
                    }),
                ));
                // A syntax error leaves the stream where it cannot go on.
                break;
            }
        }
    }
}

fn located(code: Code, message: String, at: Option<Location>) -> Diagnostic {
    let what = if code == Code::Shape {
        "Wikidata entity JSON"
    } else {
        "JSON syntax"
    };
    Diagnostic::error(code, format!("{what}: {message}"))
        .at(at, "here")
        .with_help("Wikibase's entity JSON: {\"entities\": {\"Q42\": {…}}}, one entity per line of a dump, or JSON lines (see docs/import.md)")
}

/// serde_json's message without its ` at line … column …` suffix: the diagnostic shows where.
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// The byte offset of a 1-based line and column (serde_json counts the column in bytes).
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let mut at = (start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Errors found while reading, and (for a dump) the lines they are on.
#[derive(Default)]
struct Errors {
    diagnostics: Vec<Diagnostic>,
    /// (line number, its text, byte column, code, message), in order.
    lines: Vec<(usize, String, usize, Code, String)>,
    more: usize,
}

impl Errors {
    fn io(&mut self, name: &Path, e: &std::io::Error) {
        self.diagnostics.push(Diagnostic::error(
            Code::Io,
            format!("cannot read {}: {e}", name.display()),
        ));
    }

    fn line(&mut self, e: LineError) {
        if self.lines.len() < MAX_ERRORS {
            self.lines
                .push((e.number, e.text, e.column, e.code, e.message));
        } else {
            self.more += 1;
        }
    }

    /// Registers the lines in error as the file (one byte per line before the last of them,
    /// every other line empty) and points a diagnostic into each.
    fn report_lines(&mut self, loaded: &mut Loaded, name: &Path) {
        let Some(last) = self.lines.last().map(|l| l.0) else {
            return;
        };
        let mut text =
            String::with_capacity(last + self.lines.iter().map(|l| l.1.len()).sum::<usize>());
        let mut starts = Vec::with_capacity(self.lines.len());
        let mut next = 0;
        for (number, line, ..) in &self.lines {
            if *number <= next {
                // Two errors on one line: the line is there already.
                starts.push(*starts.last().unwrap_or(&0));
                continue;
            }
            text.push_str(&"\n".repeat(number - next - 1));
            starts.push(text.len());
            text.push_str(line);
            text.push('\n');
            next = *number;
        }
        let file = loaded.diagnostics.files.add(name, text.clone());
        for ((_, line, column, code, message), start) in self.lines.drain(..).zip(starts) {
            let mut at = start + column.min(line.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            self.diagnostics.push(located(
                code,
                message,
                Some(Location { file, span: at..at }),
            ));
        }
        if self.more > 0 {
            self.diagnostics.push(Diagnostic::error(
                Code::Syntax,
                format!(
                    "and {} more lines in error in {}",
                    self.more,
                    name.display()
                ),
            ));
        }
    }
}
