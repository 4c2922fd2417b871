//! Edits to a dataset's own TOML files, made in place: each edit inserts text and changes
//! nothing else, so comments, layout, key order and line ends stay as the author wrote them.
//!
//! The one edit today is pinning statement ids ([`plan_id_pins`]): writing into every
//! `[[statements]]` table without an `id` the id derived for it now, so that the statement
//! keeps its IRI when its value or qualifiers are corrected later. `kgforge ids` runs it.
//!
//! Where to insert is found from the loader's own spans (the ones diagnostics point with),
//! and the edited text is parsed again and compared with the original plus the new ids
//! before anything is written. A `toml_edit` document would also keep comments, but it
//! writes every line end as `\n`, turning a CRLF file into an LF one.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::error::{Error, Result};
use crate::load::ItemKind;

/// What pinning would change in a valid dataset: the new text of each file, and what it adds.
/// Nothing is written until [`IdPins::write`].
#[derive(Debug, Clone)]
#[must_use = "nothing is written until `write`"]
pub struct IdPins {
    files: Vec<PinnedFile>,
    already_pinned: usize,
}

/// One TOML file with the ids pinning inserts into it.
#[derive(Debug, Clone)]
pub struct PinnedFile {
    path: PathBuf,
    ids: Vec<PinnedId>,
    /// The whole new content (a byte-order mark kept).
    bytes: Vec<u8>,
}

/// One id to insert: the statement's 1-based line (its `[[statements]]` header or inline
/// table) and the id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinnedId {
    /// The line of the statement in its file, counted from 1.
    pub line: usize,
    /// The id written into it, the one derived for it now.
    pub id: String,
}

/// The outcome of [`plan_id_pins`]: the pins when the dataset is valid, and its diagnostics.
#[derive(Debug, Clone)]
pub struct IdPinReport {
    /// `Some` when the dataset has no error: pinning needs the ids it has now to be valid.
    pub pins: Option<IdPins>,
    /// What loading and validating found.
    pub diagnostics: Diagnostics,
}

impl IdPins {
    /// The files that change, in load order.
    pub fn files(&self) -> &[PinnedFile] {
        &self.files
    }

    /// How many ids are inserted.
    pub fn pinned(&self) -> usize {
        self.files.iter().map(|f| f.ids.len()).sum()
    }

    /// How many statements have an `id` written already (and are left alone).
    pub fn already_pinned(&self) -> usize {
        self.already_pinned
    }

    /// Writes every changed file: each to a temporary file beside it, all renamed into place
    /// at the end ([`crate::export::Staging`]), so a failure leaves every file as it was.
    /// The files keep their permissions.
    ///
    /// # Errors
    /// The I/O error of writing or renaming a file.
    pub fn write(&self) -> Result<()> {
        let Some(dir) = self.files.first().and_then(|f| f.path.parent()) else {
            return Ok(());
        };
        // A dataset directory is not an output directory: no lock file is left in it.
        let mut staging = crate::export::Staging::unlocked(dir);
        for file in &self.files {
            let name = file
                .path
                .file_name()
                .and_then(|n| n.to_str())
                .ok_or_else(|| Error::Io {
                    path: file.path.clone(),
                    source: std::io::Error::new(
                        std::io::ErrorKind::InvalidInput,
                        "not a file name kgforge can write (it needs one in UTF-8)",
                    ),
                })?;
            staging.stage(name, |w| {
                use std::io::Write;
                w.write_all(&file.bytes).map_err(|source| Error::Io {
                    path: file.path.clone(),
                    source,
                })
            })?;
        }
        staging.commit()
    }
}

impl PinnedFile {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The ids inserted into it, in file order.
    pub fn ids(&self) -> &[PinnedId] {
        &self.ids
    }

    /// The file's new content.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

/// Works out how to pin the statement ids of the TOML dataset in `dataset`: loads and
/// validates it, and for every statement written without an `id` computes the line
/// `id = "<the id derived now>"` to insert as the first key of its table. Writes nothing.
///
/// Pinning changes no export: an id equal to the derived one is the id the statement had.
///
/// # Errors
/// [`Error::NotADataset`] for a path that is not a dataset directory, [`Error::Unsupported`]
/// for statements read from CSV or JSON, [`Error::Io`] when a file cannot be read again,
/// [`Error::Export`] if an edit would change anything but the ids (a bug; nothing is written).
///
/// # Example
/// ```
/// # let dir = std::env::temp_dir().join(format!("kgforge-pin-doc-{}", std::process::id()));
/// # std::fs::create_dir_all(&dir)?;
/// # std::fs::write(dir.join("dataset.toml"), "\
/// # [dataset]\nid = \"doc\"\ntitle = \"Doc\"\nbase_iri = \"https://example.org/doc/\"\nlanguages = [\"en\"]\n\
/// # [types.army]\nlabel = \"army\"\n\
/// # [predicates.surrendered_to]\nlabel = \"surrendered to\"\nrange = [\"army\"]\n\
/// # [sources.article]\ntitle = \"An article\"\nkind = \"article\"\n\
/// # [entities.kwantung_army]\ntype = \"army\"\nlabel = { en = \"Kwantung Army\" }\n\
/// # [entities.red_army]\ntype = \"army\"\nlabel = { en = \"Red Army\" }\n")?;
/// std::fs::write(dir.join("statements.toml"), "\
/// ## The surrender.
/// [[statements]]
/// subject = \"kwantung_army\"
/// predicate = \"surrendered_to\"
/// object = \"red_army\"
/// references = [{ source = \"article\", paragraph = 5 }]
/// ")?;
/// let report = kgforge::edit::plan_id_pins(&dir)?;
/// let pins = report.pins.expect("a valid dataset");
/// assert_eq!(pins.pinned(), 1);
/// pins.write()?;
/// assert_eq!(std::fs::read_to_string(dir.join("statements.toml"))?, "\
/// ## The surrender.
/// [[statements]]
/// id = \"kwantung_army.surrendered_to.53fd72aa72048e594f9a476e\"
/// subject = \"kwantung_army\"
/// predicate = \"surrendered_to\"
/// object = \"red_army\"
/// references = [{ source = \"article\", paragraph = 5 }]
/// ");
/// // Pinned ids are the ids the statements had: a second run finds nothing to do.
/// assert_eq!(kgforge::edit::plan_id_pins(&dir)?.pins.expect("valid").pinned(), 0);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_id_pins(dataset: &Path) -> Result<IdPinReport> {
    if !dataset.is_dir() {
        let json = dataset
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        return Err(match dataset.exists() {
            true if json => Error::Unsupported {
                path: dataset.to_path_buf(),
                reason: "a JSON export writes every statement's id already; ids are pinned \
                         in a dataset directory's TOML files"
                    .into(),
            },
            exists => Error::NotADataset {
                path: dataset.to_path_buf(),
                reason: if exists {
                    "ids are pinned in a dataset directory; give the directory".into()
                } else {
                    "it does not exist".into()
                },
            },
        });
    }
    let loaded = crate::load(dataset)?;
    let (dataset_statements, origins) = (&loaded.dataset.statements, &loaded.origins);
    let from_toml = origins.statements.len();
    // Per file (by id): where each statement without an id starts, and its id.
    let mut wanted: Vec<(crate::FileId, usize, String)> = Vec::new();
    let mut already_pinned = 0;
    for (i, statement) in dataset_statements.iter().enumerate().take(from_toml) {
        if origins
            .locate_written(ItemKind::Statement, i, &["id"])
            .is_some()
        {
            already_pinned += 1;
        } else {
            let origin = &origins.statements[i];
            wanted.push((
                origin.file,
                origin.id_span.start,
                statement.id().into_owned(),
            ));
        }
    }
    let from_csv = dataset_statements.len() - from_toml;
    let files = loaded.diagnostics.files.clone();
    let report = crate::validate(loaded, false);
    let Some(_) = report.dataset else {
        return Ok(IdPinReport {
            pins: None,
            diagnostics: report.diagnostics,
        });
    };
    if from_csv > 0 {
        return Err(Error::Unsupported {
            path: dataset.to_path_buf(),
            reason: format!(
                "{from_csv} statement(s) are CSV rows; kgforge ids edits TOML only. CSV \
                 statement files are bulk data, usually generated: give the generator an \
                 `id` column to keep ids stable (the JSON export lists the ids they have now)"
            ),
        });
    }
    wanted.sort_by_key(|(file, start, _)| (*file, *start));
    let mut pinned = Vec::new();
    for group in wanted.chunk_by(|a, b| a.0 == b.0) {
        let file = group[0].0;
        let inserts: Vec<(usize, String)> = group
            .iter()
            .map(|(_, start, id)| (*start, id.clone()))
            .collect();
        pinned.push(pin_file(files.path(file), files.text(file), &inserts)?);
    }
    Ok(IdPinReport {
        pins: Some(IdPins {
            files: pinned,
            already_pinned,
        }),
        diagnostics: report.diagnostics,
    })
}

/// Inserts `id = "…"` into the statements of one file that start at the given offsets of
/// `text` (the file as loaded: UTF-8, without a byte-order mark), in ascending order.
fn pin_file(path: &Path, text: &str, inserts: &[(usize, String)]) -> Result<PinnedFile> {
    let on_disk = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let bom: &[u8] = if on_disk.starts_with(b"\xEF\xBB\xBF") {
        b"\xEF\xBB\xBF"
    } else {
        b""
    };
    if on_disk[bom.len()..] != *text.as_bytes() {
        return Err(Error::Io {
            path: path.to_path_buf(),
            source: std::io::Error::other("the file changed while it was read; run again"),
        });
    }
    let mut edited = String::with_capacity(text.len() + inserts.len() * 80);
    let mut ids = Vec::with_capacity(inserts.len());
    let (mut done, mut line, mut counted) = (0, 1, 0);
    for (start, id) in inserts {
        // Lines counted from the previous statement on: linear in the file, however many.
        line += text[counted..*start]
            .bytes()
            .filter(|&b| b == b'\n')
            .count();
        counted = *start;
        let (at, inserted) = insertion(text, *start, id);
        edited.push_str(&text[done..at]);
        edited.push_str(&inserted);
        done = at;
        ids.push(PinnedId {
            line,
            id: id.clone(),
        });
    }
    edited.push_str(&text[done..]);
    check_only_ids_added(path, text, &edited, inserts)?;
    let mut bytes = bom.to_vec();
    bytes.extend_from_slice(edited.as_bytes());
    Ok(PinnedFile {
        path: path.to_path_buf(),
        ids,
        bytes,
    })
}

/// Where to insert the id of the statement that starts at `start`, and the text to insert:
/// a line of its own after a `[[statements]]` header (indented like the line after it, with
/// the header's line end), or the first entry of an inline table.
fn insertion(text: &str, start: usize, id: &str) -> (usize, String) {
    let rest = &text[start..];
    if rest.starts_with('{') {
        let after_brace = start + 1;
        let blank = text[after_brace..]
            .bytes()
            .take_while(|b| b" \t\r\n".contains(b))
            .count();
        return (after_brace + blank, format!("id = \"{id}\", "));
    }
    // A header: the id goes on the line after it (what follows the header on its line is a
    // comment at most).
    match rest.find('\n') {
        Some(newline) => {
            let at = start + newline + 1;
            let eol = if rest[..newline].ends_with('\r') {
                "\r\n"
            } else {
                "\n"
            };
            let indent: String = text[at..]
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            (at, format!("{indent}id = \"{id}\"{eol}"))
        }
        None => (text.len(), format!("\nid = \"{id}\"\n")),
    }
}

/// Parses the original and the edited text and checks that they differ exactly by the new
/// ids, so that no edit can change what a file says.
fn check_only_ids_added(
    path: &Path,
    original: &str,
    edited: &str,
    inserts: &[(usize, String)],
) -> Result<()> {
    let fail = |why: &str| {
        Err(Error::Export(format!(
            "pinning ids in {} would {why}; nothing was written (please report this)",
            path.display()
        )))
    };
    let (Ok(mut expected), Ok(actual)) = (
        original.parse::<toml::Table>(),
        edited.parse::<toml::Table>(),
    ) else {
        return fail("leave it unreadable");
    };
    let mut ids = inserts.iter().map(|(_, id)| id);
    if let Some(statements) = expected
        .get_mut("statements")
        .and_then(toml::Value::as_array_mut)
    {
        for table in statements.iter_mut().filter_map(toml::Value::as_table_mut) {
            if !table.contains_key("id")
                && let Some(id) = ids.next()
            {
                table.insert("id".into(), toml::Value::String(id.clone()));
            }
        }
    }
    if ids.next().is_some() || expected != actual {
        return fail("change more than the ids");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_goes_after_the_header_line_with_its_line_end_and_indent() {
        let text = "[[statements]] # the surrender\r\n  subject = \"a\"\r\n";
        let (at, line) = insertion(text, 0, "x.p.1");
        assert_eq!(at, text.find("  subject").unwrap());
        assert_eq!(line, "  id = \"x.p.1\"\r\n");
    }

    #[test]
    fn an_inline_table_gets_the_id_as_its_first_entry() {
        let text = "statements = [{ subject = \"a\" }]";
        let start = text.find('{').unwrap();
        let (at, line) = insertion(text, start, "x.p.1");
        assert_eq!(at, text.find("subject").unwrap());
        assert_eq!(line, "id = \"x.p.1\", ");
    }

    #[test]
    fn an_edit_that_changes_a_value_is_refused() {
        let original = "[[statements]]\nsubject = \"a\"\n";
        let inserts = [(0, "a.p.1".to_string())];
        let good = "[[statements]]\nid = \"a.p.1\"\nsubject = \"a\"\n";
        assert!(check_only_ids_added(Path::new("s.toml"), original, good, &inserts).is_ok());
        let changed = "[[statements]]\nid = \"a.p.1\"\nsubject = \"b\"\n";
        let err = check_only_ids_added(Path::new("s.toml"), original, changed, &inserts);
        assert!(
            err.unwrap_err()
                .to_string()
                .contains("change more than the ids")
        );
        let wrong_id = "[[statements]]\nid = \"a.p.2\"\nsubject = \"a\"\n";
        assert!(check_only_ids_added(Path::new("s.toml"), original, wrong_id, &inserts).is_err());
    }
}
