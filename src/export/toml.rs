//! The dataset as its own source files: a [`Dataset`] written back as a directory of TOML
//! files that [`crate::load()`] reads into the same dataset, in the hand-written style of
//! `data/manchuria-1945` (docs/FORMAT.md).
//!
//! | file              | holds                                                        |
//! |-------------------|--------------------------------------------------------------|
//! | `dataset.toml`    | `[dataset]`                                                  |
//! | `schema.toml`     | `[types.*]`, `[predicates.*]`, `[units.*]` (when there are any) |
//! | `sources.toml`    | `[sources.*]` (when there are any)                           |
//! | `entities.toml`   | `[entities.*]` (when there are any)                          |
//! | `statements.toml` | one `[[statements]]` table per statement (when there are any) |
//! | `views.toml`      | `[views.*]` (when there are any)                             |
//!
//! Items are written in the dataset's order, keys in the order docs/FORMAT.md lists them,
//! labels, aliases, attributes, qualifiers and references as inline tables, a statement's
//! references one per line when there are several. Every statement gets its `id` written out,
//! so its IRI stays what it is now when a value is corrected later (as `kgforge ids` does).
//! Strings are quoted and escaped by `toml_writer` (the `toml` crate's own writer): a literal
//! string when that needs no escape, a multi-line string for text with line breaks, escapes
//! for control characters. The same dataset always gives the same bytes.
//!
//! What the writer does not check: a dataset that does not validate is written as it is (the
//! files then report its problems at their lines when loaded), but ids that repeat within a
//! kind cannot be written as TOML table keys twice and are refused ([`Error::Export`]).
//!
//! ```
//! use std::path::Path;
//! use kgforge::export::toml::TomlExporter;
//!
//! let dataset = kgforge::load(Path::new("data/manchuria-1945"))?.dataset;
//! let dir = std::env::temp_dir().join(format!("kgforge-toml-doc-{}", std::process::id()));
//! # let _ = std::fs::remove_dir_all(&dir);
//! let written = TomlExporter::new().write(&dataset, &dir)?;
//! assert_eq!(written.len(), 6);
//! assert_eq!(kgforge::load(&dir)?.dataset, dataset);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

mod items;

use items::{entity, entity_type, metadata, predicate, source, statement, unit, view};

use crate::error::{Error, Result};
use crate::model::Dataset;

/// Writes a [`Dataset`] as a directory of TOML files (see the [module docs](self)).
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct TomlExporter {
    comment: Option<String>,
}

/// One file of a written dataset: its name in the directory and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlFile {
    /// The file name (`statements.toml`).
    pub name: &'static str,
    /// The whole file.
    pub text: String,
}

impl TomlExporter {
    /// A writer with no header comment.
    pub fn new() -> Self {
        Self::default()
    }

    /// A comment written at the top of every file (each line prefixed with `# `), such as
    /// where the data came from.
    ///
    /// ```
    /// use kgforge::export::toml::TomlExporter;
    ///
    /// let dataset = kgforge::load(std::path::Path::new("data/manchuria-1945"))?.dataset;
    /// let files = TomlExporter::new().with_comment("Imported from Q42.json").files(&dataset)?;
    /// assert!(files[0].text.starts_with("# Imported from Q42.json\n\n[dataset]\n"));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    pub fn with_comment(mut self, comment: impl Into<String>) -> Self {
        self.comment = Some(comment.into());
        self
    }

    /// The files of the dataset, in the order of the table in the [module docs](self); a file
    /// with nothing to hold is left out (`dataset.toml` is always there).
    ///
    /// # Errors
    /// [`Error::Export`] when two items of one kind share an id: TOML cannot write a table
    /// key twice.
    ///
    /// # Complexity
    /// O(size of the dataset): each item is written once into the file's string.
    pub fn files(&self, dataset: &Dataset) -> Result<Vec<TomlFile>> {
        let mut files = Vec::new();
        for (name, fill) in self.plan(dataset)? {
            let mut bytes = Vec::new();
            self.emit(&*fill, &mut bytes)
                .map_err(|e| Error::Export(e.to_string()))?;
            let text = String::from_utf8(bytes).map_err(|e| Error::Export(e.to_string()))?;
            files.push(TomlFile { name, text });
        }
        Ok(files)
    }

    /// Writes [`TomlExporter::files`] into `dir` (created if missing), all or nothing
    /// ([`super::Staging`]), and returns the paths written. Other files in `dir` are left as
    /// they are.
    ///
    /// # Errors
    /// As [`TomlExporter::files`]; [`Error::Io`] when the directory cannot be created or a
    /// file written (nothing is then left half-written).
    ///
    /// # Complexity
    /// O(size of the dataset) time; streams, holding about a megabyte of text at a time.
    pub fn write(&self, dataset: &Dataset, dir: &Path) -> Result<Vec<PathBuf>> {
        let plan = self.plan(dataset)?;
        std::fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        // A dataset directory gets no lock file of ours (as with `kgforge ids`).
        let mut staging = super::Staging::unlocked(dir);
        let mut paths = Vec::with_capacity(plan.len());
        for (name, fill) in plan {
            let path = dir.join(name);
            staging.stage(name, |w| {
                self.emit(&*fill, w).map_err(|source| Error::Io {
                    path: path.clone(),
                    source,
                })
            })?;
            paths.push(path);
        }
        staging.commit()?;
        Ok(paths)
    }

    /// Each file to write, with what fills it, after checking that ids can be table keys.
    fn plan<'d>(&self, d: &'d Dataset) -> Result<Vec<(&'static str, Fill<'d>)>> {
        unique("type", d.types.iter().map(|t| t.id.as_str()))?;
        unique("predicate", d.predicates.iter().map(|p| p.id.as_str()))?;
        unique("unit", d.units.iter().map(|u| u.id.as_str()))?;
        unique("source", d.sources.iter().map(|s| s.id.as_str()))?;
        unique("entity", d.entities.iter().map(|e| e.id.as_str()))?;
        unique("view", d.views.iter().map(|v| v.id.as_str()))?;
        let mut plan: Vec<(&'static str, Fill<'d>)> = vec![(
            "dataset.toml",
            Box::new(|out| out.item(|s| metadata(s, &d.meta))),
        )];
        if !(d.types.is_empty() && d.predicates.is_empty() && d.units.is_empty()) {
            plan.push((
                "schema.toml",
                Box::new(|out| {
                    d.types.iter().for_each(|t| out.item(|s| entity_type(s, t)));
                    d.predicates
                        .iter()
                        .for_each(|p| out.item(|s| predicate(s, p)));
                    d.units.iter().for_each(|u| out.item(|s| unit(s, u)));
                }),
            ));
        }
        if !d.sources.is_empty() {
            plan.push((
                "sources.toml",
                Box::new(|out| d.sources.iter().for_each(|x| out.item(|s| source(s, x)))),
            ));
        }
        if !d.entities.is_empty() {
            plan.push((
                "entities.toml",
                Box::new(|out| d.entities.iter().for_each(|e| out.item(|s| entity(s, e)))),
            ));
        }
        if !d.statements.is_empty() {
            plan.push((
                "statements.toml",
                Box::new(|out| {
                    d.statements
                        .iter()
                        .for_each(|x| out.item(|s| statement(s, x)))
                }),
            ));
        }
        if !d.views.is_empty() {
            plan.push((
                "views.toml",
                Box::new(|out| d.views.iter().for_each(|v| out.item(|s| view(s, v)))),
            ));
        }
        Ok(plan)
    }

    /// Writes one file: the comment, then what `fill` writes, tables separated by blank lines.
    fn emit(&self, fill: &dyn Fn(&mut Out<'_>), w: &mut dyn Write) -> std::io::Result<()> {
        let mut out = Out {
            buf: String::new(),
            w,
            error: None,
        };
        if let Some(comment) = &self.comment {
            for line in comment.lines() {
                out.buf.push_str(if line.is_empty() { "#" } else { "# " });
                out.buf.push_str(line);
                out.buf.push('\n');
            }
        }
        fill(&mut out);
        match out.error {
            Some(e) => Err(e),
            None => out.w.write_all(out.buf.as_bytes()),
        }
    }
}

/// What fills one file.
type Fill<'d> = Box<dyn Fn(&mut Out<'_>) + 'd>;

/// A file being written: items are formatted into a buffer that goes to the writer a
/// megabyte at a time (its last byte kept, so that the next table knows it is not the
/// file's first).
struct Out<'w> {
    buf: String,
    w: &'w mut dyn Write,
    error: Option<std::io::Error>,
}

impl Out<'_> {
    fn item(&mut self, write: impl FnOnce(&mut String)) {
        write(&mut self.buf);
        if self.buf.len() > 1 << 20 && self.error.is_none() {
            let last = self.buf.split_off(self.buf.len() - 1);
            if let Err(e) = self.w.write_all(self.buf.as_bytes()) {
                self.error = Some(e);
            }
            self.buf = last;
        }
    }
}

fn unique<'a>(kind: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();
    for id in ids {
        if !seen.insert(id) {
            return Err(Error::Export(format!(
                "two {kind} items have the id \"{id}\"; TOML cannot write a table key twice"
            )));
        }
    }
    Ok(())
}
