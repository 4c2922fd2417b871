//! Loading: files on disk → [`Dataset`] plus where each item came from.
//!
//! Loading never stops at the first problem: it returns what it could read together with every
//! diagnostic ([`Loaded`]). Only a path that cannot be a dataset at all is an [`Error`].

mod json;
mod origin;
mod toml;

use std::path::{Path, PathBuf};

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

/// Loads a dataset: a directory of TOML files, or a `.json` file written by the JSON exporter.
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
    if path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"))
    {
        let mut loaded = Loaded::default();
        if let Some((id, text)) = read_text(path, &mut loaded.diagnostics) {
            json::read(&mut loaded, id, &text);
        }
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
    let mut loaded = Loaded::default();
    if files.is_empty() {
        loaded.diagnostics.items.push(
            Diagnostic::error(
                Code::MissingDataset,
                format!("{} holds no .toml files", path.display()),
            )
            .with_help("a dataset needs at least a dataset.toml with a [dataset] table; see docs/FORMAT.md"),
        );
        return Ok(loaded);
    }
    if files.len() > MAX_FILES {
        loaded.diagnostics.items.push(Diagnostic::error(
            Code::TooLarge,
            format!(
                "{} holds {} .toml files, more than the {MAX_FILES} kgforge reads",
                path.display(),
                files.len()
            ),
        ));
        return Ok(loaded);
    }
    let mut reader = toml::TomlReader::new(&mut loaded);
    for file in &files {
        if let Some((id, text)) = read_text(file, &mut reader.loaded.diagnostics) {
            reader.read_file(id, &text);
        }
    }
    reader.finish();
    Ok(loaded)
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
        if path.extension().is_some_and(|e| e == "toml") && path.is_file() {
            files.push(path);
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
            diagnostics.items.push(Diagnostic::error(
                Code::TooLarge,
                format!(
                    "{} is {} bytes, more than the {MAX_FILE_BYTES} kgforge reads",
                    path.display(),
                    m.len()
                ),
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => return fail(diagnostics, format!("cannot read {}: {e}", path.display())),
    }
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => return fail(diagnostics, format!("cannot read {}: {e}", path.display())),
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match String::from_utf8(bytes.to_vec()) {
        Ok(text) => {
            let id = diagnostics.files.add(path, text.clone());
            Some((id, text))
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(bytes).into_owned();
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
