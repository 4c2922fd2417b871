//! Loading: files on disk → [`Dataset`] plus where each item came from.
//!
//! Loading never stops at the first problem: it returns what it could read together with every
//! diagnostic ([`Loaded`]). Only a path that cannot be a dataset at all is an [`Error`].

mod csv;
mod import;
mod json;
mod mapping;
mod origin;
mod rdf;
mod toml;
mod wikidata;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub(crate) use csv::{
    StatementColumns, StatementStream, declare_from_data, lines_at, rows_origins,
};
pub use import::{
    ImportFormat, ImportOptions, ImportSummary, Imported, Skipped, import, import_from,
};
pub(crate) use origin::{CsvOrigins, Relocation};
pub use origin::{ItemKind, ItemOrigin, Origins};

use crate::diag::{Code, Diagnostic, Diagnostics, Location};
use crate::error::{Error, Result};
use crate::model::Dataset;

/// The largest input file kgforge reads (1 GiB); larger files are refused with [`Code::TooLarge`].
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The most files a dataset directory may hold.
pub const MAX_FILES: usize = 10_000;

/// A dataset as read, with the diagnostics found while reading it.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Everything that could be read.
    pub dataset: Dataset,
    /// Where each item came from, for locating later diagnostics.
    pub origins: Origins,
    /// Problems found while reading; the files they point into.
    pub diagnostics: Diagnostics,
    /// Ids of items that were written but could not be read.
    pub(crate) unreadable: crate::validate::Unreadable,
}

/// Loads a dataset: a directory of TOML files (and CSV files: `entities.csv`,
/// `relations.csv`, `statements.csv`, and those a `mapping.toml` names), or a `.json` file
/// written by the JSON exporter.
///
/// # Errors
/// [`Error::NotADataset`] when `path` is neither. Problems inside the files are returned as
/// diagnostics in [`Loaded::diagnostics`].
///
/// # Example
/// ```
/// let loaded = kgforge::load(std::path::Path::new("data/manchuria-1945"))?;
/// assert_eq!(loaded.diagnostics.error_count(), 0);
/// assert_eq!(loaded.dataset.meta.id, "manchuria-1945");
/// # Ok::<(), kgforge::Error>(())
/// ```
pub fn load(path: &Path) -> Result<Loaded> {
    load_counting(path, &AtomicU64::new(0))
}

/// [`load()`], adding to `done` the bytes of input read as the loading goes (TOML files as
/// each is read, CSV files every megabyte of rows), for a progress display: another thread
/// may read `done` meanwhile and compare it with the size of the dataset's files. The total
/// added is the size of the text read, about the files' size.
///
/// ```
/// use std::sync::atomic::{AtomicU64, Ordering};
///
/// let done = AtomicU64::new(0);
/// let loaded = kgforge::load_counting(std::path::Path::new("data/manchuria-1945"), &done)?;
/// assert_eq!(loaded.diagnostics.error_count(), 0);
/// assert!(done.load(Ordering::Relaxed) > 100_000);
/// # Ok::<(), kgforge::Error>(())
/// ```
///
/// # Errors
/// As [`load()`].
pub fn load_counting(path: &Path, done: &AtomicU64) -> Result<Loaded> {
    if path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let mut loaded = Loaded::default();
        if let Some((id, text)) = read_text(path, &mut loaded.diagnostics) {
            json::read(&mut loaded, id, &text);
            done.fetch_add(text.len() as u64, Ordering::Relaxed);
        }
        plain_labels_in_primary_language(&mut loaded);
        return Ok(loaded);
    }
    if !path.is_dir() {
        return Err(Error::NotADataset {
            path: path.to_path_buf(),
            reason: if path.exists() {
                "a dataset is a directory of TOML files or a kgforge .json file".into()
            } else {
                "it does not exist".into()
            },
        });
    }
    let files = dataset_files(path)?;
    let mut csv_files = csv::files(path);
    let mapping_path = path.join(mapping::MAPPING_FILE);
    let has_mapping = mapping_path.is_file();
    let mut loaded = Loaded::default();
    if files.is_empty() && csv_files.is_empty() && !has_mapping {
        let unread = unread_files(path, &[]);
        let (message, help) = if unread.is_empty() {
            (
                format!("{} holds no .toml or .csv files", path.display()),
                "a dataset needs at least a dataset.toml with a [dataset] table; see docs/FORMAT.md"
                    .to_string(),
            )
        } else {
            (
                format!(
                    "{} holds no file kgforge reads; it has {}",
                    path.display(),
                    names(path, &unread)
                ),
                format!("kgforge reads {READ_FILES}; see docs/FORMAT.md"),
            )
        };
        loaded
            .diagnostics
            .items
            .push(Diagnostic::error(Code::MissingDataset, message).with_help(help));
        return Ok(loaded);
    }
    if files.len() > MAX_FILES {
        loaded.diagnostics.items.push(
            Diagnostic::error(
                Code::TooLarge,
                format!(
                    "{} holds more than {MAX_FILES} .toml files, the most kgforge reads",
                    path.display(),
                ),
            )
            .with_help("merge small files, or give bulk data as CSV (docs/FORMAT.md)"),
        );
        return Ok(loaded);
    }
    let mut reader = toml::TomlReader::new(&mut loaded);
    for file in &files {
        if let Some((id, text)) = read_text(file, &mut reader.loaded.diagnostics) {
            reader.read_file(id, &text);
            done.fetch_add(text.len() as u64, Ordering::Relaxed);
        }
    }
    let has_metadata = reader.has_metadata();
    if csv_files.is_empty() && !has_mapping {
        reader.finish();
        plain_labels_in_primary_language(&mut loaded);
        warn_unread(&mut loaded, path, &[]);
        return Ok(loaded);
    }
    let mapping = if has_mapping {
        mapping::read(&mut loaded, &mapping_path)
    } else {
        None
    };
    if let Some((_, m)) = &mapping {
        // A standard file that the mapping names is read as the mapping says, once.
        let named: Vec<PathBuf> = (m.entities.iter().map(|t| t.file()))
            .chain(m.statements.iter().map(|t| t.file()))
            .map(|spec| path.join(spec.file.get_ref()))
            .collect();
        let same = |a: &Path, b: &Path| {
            a == b
                || std::fs::canonicalize(a)
                    .ok()
                    .zip(std::fs::canonicalize(b).ok())
                    .is_some_and(|(a, b)| a == b)
        };
        csv_files.retain(|f| !named.iter().any(|n| same(f, n)));
    }
    let named: Vec<PathBuf> = mapping
        .iter()
        .flat_map(|(_, m)| {
            (m.entities.iter().map(|t| t.file()))
                .chain(m.statements.iter().map(|t| t.file()))
                .map(|spec| path.join(spec.file.get_ref()))
                .collect::<Vec<_>>()
        })
        .collect();
    csv::read(&mut loaded, path, &csv_files, mapping, has_metadata, done);
    plain_labels_in_primary_language(&mut loaded);
    warn_unread(&mut loaded, path, &named);
    Ok(loaded)
}

/// What a dataset directory's files may be, for messages about files kgforge does not read.
const READ_FILES: &str = "the .toml files directly in the directory, entities.csv, \
relations.csv and statements.csv, and the CSV files a mapping.toml names (nodes.csv and \
edges.csv of another tool, for example)";

/// The most unread files looked for: a warning names a few, so a huge directory is not walked.
const UNREAD_LOOKED_AT: usize = 100;

/// Data files in `dir` that a load does not read: `.toml` files in its subdirectories (two
/// levels down; hidden ones skipped), and `.csv` or `.tsv` files directly in it other than
/// the standard ones and those in `named` (by a mapping).
fn unread_files(dir: &Path, named: &[PathBuf]) -> Vec<PathBuf> {
    let same = |a: &Path, b: &Path| {
        a == b
            || std::fs::canonicalize(a)
                .ok()
                .zip(std::fs::canonicalize(b).ok())
                .is_some_and(|(a, b)| a == b)
    };
    let mut found = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), 0)];
    while let Some((current, depth)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&current) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                continue;
            }
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if path.is_dir() {
                if depth < 2 {
                    pending.push((path, depth + 1));
                }
            } else {
                let nested_toml = depth > 0 && extension.as_deref() == Some("toml");
                let other_csv = depth == 0
                    && matches!(extension.as_deref(), Some("csv" | "tsv"))
                    && !(std::iter::once(csv::ENTITY_FILE).chain(csv::STATEMENT_FILES))
                        .any(|standard| name == standard)
                    && !named.iter().any(|n| same(n, &path));
                if nested_toml || other_csv {
                    found.push(path);
                }
            }
            if found.len() >= UNREAD_LOOKED_AT {
                found.sort();
                return found;
            }
        }
    }
    found.sort();
    found
}

/// The files, relative to `dir`, a few by name.
fn names(dir: &Path, files: &[PathBuf]) -> String {
    let shown: Vec<String> = files
        .iter()
        .take(5)
        .map(|f| f.strip_prefix(dir).unwrap_or(f).display().to_string())
        .collect();
    let more = if files.len() > 5 {
        format!(" and {} more", files.len() - 5)
    } else {
        String::new()
    };
    format!("{}{more}", shown.join(", "))
}

/// Warns about the data files of `dir` that were not read (KG0012).
fn warn_unread(loaded: &mut Loaded, dir: &Path, named: &[PathBuf]) {
    let unread = unread_files(dir, named);
    if unread.is_empty() {
        return;
    }
    let plural = if unread.len() == 1 { "" } else { "s" };
    loaded.diagnostics.items.push(
        Diagnostic::warning(
            Code::UnreadFiles,
            format!(
                "{} holds {} file{plural} that kgforge does not read: {}",
                dir.display(),
                unread.len(),
                names(dir, &unread)
            ),
        )
        .with_help(format!(
            "kgforge reads {READ_FILES}; move them, or describe other CSV files in mapping.toml"
        )),
    );
}

/// Puts labels and aliases written as plain values (`label = "Harbin"`, `aliases = ["Boli"]`)
/// under the dataset's primary language, now that the `[dataset]` table is read.
fn plain_labels_in_primary_language(loaded: &mut Loaded) {
    let primary = loaded.dataset.meta.primary_language().to_string();
    for entity in &mut loaded.dataset.entities {
        entity.label.resolve_primary(&primary);
        entity.aliases.resolve_primary(&primary);
    }
}

/// A dataset directory read for a streamed build (`kgforge build --stream`): everything but
/// its CSV statement files, which are returned to be read block by block, with what
/// declaring names from the data needs (the names are seen as the statements are read).
pub(crate) struct ForStreaming {
    pub(crate) loaded: Loaded,
    /// `relations.csv` and `statements.csv`, in reading order.
    pub(crate) statement_files: Vec<PathBuf>,
    pub(crate) first_uses: csv::FirstUses,
    /// Where the warning about names declared from the data points, if the entity file
    /// says (else the first statement file's `predicate` header does).
    pub(crate) anchor: Option<Location>,
}

/// Loads a dataset directory for a streamed build: its TOML files and `entities.csv`.
///
/// # Errors
/// As [`load()`]; a path that is not a directory is not a dataset to stream.
pub(crate) fn load_for_streaming(dir: &Path) -> Result<ForStreaming> {
    if !dir.is_dir() {
        return Err(Error::NotADataset {
            path: dir.to_path_buf(),
            reason: "a streamed build reads a dataset directory with CSV statement files".into(),
        });
    }
    if dir.join(mapping::MAPPING_FILE).is_file() {
        return Err(Error::Unsupported {
            path: dir.to_path_buf(),
            reason: format!(
                "a streamed build reads relations.csv and statements.csv, not the CSV files \
                 a {} names: build without --stream",
                mapping::MAPPING_FILE
            ),
        });
    }
    let files = dataset_files(dir)?;
    let csv_files = csv::files(dir);
    if (files.is_empty() && csv_files.is_empty()) || files.len() > MAX_FILES {
        // Nothing to stream: the usual load says what is wrong.
        return Ok(ForStreaming {
            loaded: load(dir)?,
            statement_files: Vec::new(),
            first_uses: csv::FirstUses::default(),
            anchor: None,
        });
    }
    let (entity_files, statement_files): (Vec<PathBuf>, Vec<PathBuf>) = csv_files
        .into_iter()
        .partition(|p| p.file_name().is_some_and(|n| n == csv::ENTITY_FILE));
    let mut loaded = Loaded::default();
    let mut reader = toml::TomlReader::new(&mut loaded);
    for file in &files {
        if let Some((id, text)) = read_text(file, &mut reader.loaded.diagnostics) {
            reader.read_file(id, &text);
        }
    }
    let has_metadata = reader.has_metadata();
    let first_uses = csv::FirstUses::new(&loaded);
    let anchor = if entity_files.is_empty() && has_metadata {
        None
    } else {
        csv::read_files(
            &mut loaded,
            dir,
            &entity_files,
            None,
            has_metadata,
            &AtomicU64::new(0),
        )
    };
    plain_labels_in_primary_language(&mut loaded);
    warn_unread(&mut loaded, dir, &[]);
    Ok(ForStreaming {
        loaded,
        statement_files,
        first_uses,
        anchor,
    })
}

/// Loads a dataset from one file's bytes, as [`load()`] reads that file: a kgforge JSON
/// document when `name` ends in `.json`, otherwise a TOML dataset made of this one file.
/// `name` only labels diagnostics and picks the format; nothing is read from disk.
///
/// This is the loaders' entry point for fuzzing and for datasets held in memory.
///
/// # Example
/// ```
/// use std::path::Path;
///
/// let text = b"[dataset]\nid = \"x\"\ntitle = \"X\"\nbase_iri = \"https://example.org/x/\"\nlanguages = [\"en\"]\n";
/// let loaded = kgforge::load_bytes(Path::new("dataset.toml"), text);
/// assert_eq!(loaded.diagnostics.error_count(), 0);
/// assert_eq!(loaded.dataset.meta.id, "x");
/// ```
pub fn load_bytes(name: &Path, bytes: &[u8]) -> Loaded {
    let mut loaded = Loaded::default();
    if bytes.len() as u64 > MAX_FILE_BYTES {
        loaded
            .diagnostics
            .items
            .push(too_large(name, bytes.len() as u64));
        return loaded;
    }
    let Some((id, text)) = decode(name, bytes.to_vec(), &mut loaded.diagnostics) else {
        return loaded;
    };
    if name
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        json::read(&mut loaded, id, &text);
    } else {
        let mut reader = toml::TomlReader::new(&mut loaded);
        reader.read_file(id, &text);
        reader.finish();
    }
    plain_labels_in_primary_language(&mut loaded);
    loaded
}

/// The `.toml` files directly in `dir`, sorted by name so load order never depends on the
/// file system.
fn dataset_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let io = |e| Error::Io {
        path: dir.to_path_buf(),
        source: e,
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let path = entry.map_err(io)?.path();
        let mapping = path.file_name().is_some_and(|n| n == mapping::MAPPING_FILE);
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() && !mapping {
            files.push(path);
            if files.len() > MAX_FILES {
                // Too many: `load` refuses them; a million-file directory is not listed.
                break;
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads a file as UTF-8 (without a byte-order mark) into `diagnostics.files`; problems become
/// diagnostics.
pub(crate) fn read_text(
    path: &Path,
    diagnostics: &mut Diagnostics,
) -> Option<(crate::diag::FileId, String)> {
    let fail = |diagnostics: &mut Diagnostics, message: String| {
        diagnostics.items.push(Diagnostic::error(Code::Io, message));
        None
    };
    match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diagnostics.items.push(too_large(path, m.len()));
            return None;
        }
        Ok(_) => {}
        Err(e) => return fail(diagnostics, format!("cannot read {}: {e}", path.display())),
    }
    match std::fs::read(path) {
        Ok(bytes) => decode(path, bytes, diagnostics),
        Err(e) => fail(diagnostics, format!("cannot read {}: {e}", path.display())),
    }
}

fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(
        Code::TooLarge,
        format!(
            "{} is {len} bytes, more than the {MAX_FILE_BYTES} kgforge reads",
            path.display()
        ),
    )
    .with_help("split it into several files")
}

/// Decodes a file's bytes as UTF-8, dropping a byte-order mark, and records the text in
/// `diagnostics.files`; bytes that are not UTF-8 become a diagnostic.
fn decode(
    path: &Path,
    mut bytes: Vec<u8>,
    diagnostics: &mut Diagnostics,
) -> Option<(crate::diag::FileId, String)> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let id = diagnostics.files.add(path, text.clone());
            Some((id, text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = diagnostics.files.add(path, text);
            diagnostics.items.push(
                Diagnostic::error(Code::Io, "the file is not valid UTF-8")
                    .at(
                        Some(Location {
                            file: id,
                            span: valid..valid + '\u{FFFD}'.len_utf8(),
                        }),
                        "this byte",
                    )
                    .with_help("save the file as UTF-8"),
            );
            None
        }
    }
}
