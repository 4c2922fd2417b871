//! Several outputs written at once ([`Staging::stage_many`]: the shards of one export, filled
//! together), and staged outputs given their final names ([`Staging::retarget`]: a streamed
//! build learns the dataset's id, which names its files, only while writing them). Both keep
//! the rules of [`Staging::stage`]: names relative to the directory, temporary files created
//! exclusively beside their targets, nothing visible before the commit.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use super::journal::is_plain_name;
use super::{Staged, Staging, io_at, replaceable};
use crate::error::{Error, Result};

impl Staging {
    /// Writes the files `names` (plain names in the directory, as [`Staging::stage`] takes)
    /// at once, each into a temporary file beside it; `fill` gets their writers in the order
    /// of `names`.
    ///
    /// ```
    /// use std::io::Write;
    /// use kgforge::export::Staging;
    ///
    /// let dir = std::env::temp_dir().join(format!("kgforge-stage-many-doc-{}", std::process::id()));
    /// let mut staging = Staging::open(&dir, |_| {})?;
    /// let names = ["part-0.nt".to_string(), "part-1.nt".to_string()];
    /// staging.stage_many(&names, |writers| {
    ///     for (i, w) in writers.iter_mut().enumerate() {
    ///         writeln!(w, "shard {i}").map_err(|e| kgforge::Error::Export(e.to_string()))?;
    ///     }
    ///     Ok(())
    /// })?;
    /// assert!(!dir.join("part-0.nt").exists()); // not before the commit
    /// staging.commit()?;
    /// assert_eq!(std::fs::read_to_string(dir.join("part-1.nt"))?, "shard 1\n");
    /// # std::fs::remove_dir_all(&dir)?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// As [`Staging::stage`], for any of the files; on any error every temporary file of the
    /// call is removed, and the files staged before the call stay staged.
    pub fn stage_many<T>(
        &mut self,
        names: &[String],
        fill: impl FnOnce(&mut [BufWriter<File>]) -> Result<T>,
    ) -> Result<T> {
        // Dropped on an early return: a `TempPath` removes its file.
        let mut temps = Vec::with_capacity(names.len());
        let mut writers = Vec::with_capacity(names.len());
        for name in names {
            let (file, temp) = self.temp_for(name)?;
            // Large writes pass through; the buffer is for the small ones.
            writers.push(BufWriter::with_capacity(1 << 16, file));
            temps.push(temp);
        }
        let value = fill(&mut writers)?;
        for (writer, name) in writers.iter_mut().zip(names) {
            let target = self.dir.join(name);
            writer.flush().map_err(io_at(&target))?;
            writer.get_ref().sync_all().map_err(io_at(&target))?;
        }
        drop(writers);
        for (temp, name) in temps.into_iter().zip(names) {
            self.staged.push(Staged {
                temp,
                name: name.clone(),
            });
        }
        Ok(value)
    }

    /// Gives staged files other names: the file staged as `from[i]` is committed as `to[i]`,
    /// which must be in the same directory (its temporary file stays beside it). The new
    /// target's permissions are taken, as [`Staging::stage`] takes them.
    ///
    /// # Errors
    /// [`Error::Io`] when a name in `to` is not a plain name, is in another directory than
    /// its `from`, or its place is taken by something other than a regular file; when a
    /// name in `from` was not staged.
    pub fn retarget(&mut self, from: &[String], to: &[String]) -> Result<()> {
        for (old, new) in from.iter().zip(to) {
            let target = self.dir.join(new);
            let invalid = |why: &str| Error::Io {
                path: target.clone(),
                source: io::Error::new(io::ErrorKind::InvalidInput, why.to_string()),
            };
            let parent = |name: &str| name.rsplit_once('/').map(|(p, _)| p.to_string());
            if !is_plain_name(new) {
                return Err(invalid(
                    "not a plain file name (or relative path) for an output",
                ));
            }
            if parent(old) != parent(new) {
                return Err(invalid(
                    "a staged file is renamed only within its directory",
                ));
            }
            let existing = replaceable(&target)?;
            let Some(staged) = self.staged.iter_mut().find(|s| s.name == *old) else {
                return Err(invalid("no file was staged under the name given"));
            };
            if let Some(permissions) = existing {
                std::fs::set_permissions(&staged.temp, permissions).map_err(io_at(&target))?;
            }
            staged.name.clone_from(new);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::super::test_support::{scratch, visible};
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| (*n).to_string()).collect()
    }

    fn write_each(writers: &mut [BufWriter<File>]) -> Result<()> {
        for (i, w) in writers.iter_mut().enumerate() {
            write!(w, "new {i}").map_err(|e| Error::Export(e.to_string()))?;
        }
        Ok(())
    }

    #[test]
    fn files_staged_together_are_committed_together_into_subdirectories_too() {
        let dir = scratch("many");
        fs::write(dir.join("a.nt"), "old").unwrap();
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        staging
            .stage_many(&names(&["a.nt", "shards/b.nt"]), write_each)
            .unwrap();
        // Before the commit, only temporary files beside the targets.
        assert_eq!(fs::read_to_string(dir.join("a.nt")).unwrap(), "old");
        assert!(!dir.join("shards/b.nt").exists());
        staging.commit().unwrap();
        assert_eq!(fs::read_to_string(dir.join("a.nt")).unwrap(), "new 0");
        assert_eq!(
            fs::read_to_string(dir.join("shards/b.nt")).unwrap(),
            "new 1"
        );
        assert_eq!(visible(&dir), ["a.nt", "shards"]);
        assert_eq!(visible(&dir.join("shards")), ["b.nt"]);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failing_fill_or_a_bad_name_leaves_nothing_behind() {
        let dir = scratch("many-failing");
        fs::write(dir.join("a.nt"), "old").unwrap();
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        staging
            .stage("kept.txt", |w| write_each(std::slice::from_mut(w)))
            .unwrap();
        let failed: Result<()> = staging.stage_many(&names(&["a.nt", "b.nt"]), |_| {
            Err(Error::Export("disk full".into()))
        });
        assert!(failed.is_err());
        // A bad name after a good one: the good one's temporary file is removed too.
        let refused = staging.stage_many(&names(&["c.nt", "../d.nt"]), write_each);
        assert!(refused.is_err());
        assert!(!dir.parent().unwrap().join("d.nt").exists());
        // Only kept.txt's temporary file is left beside the old a.nt.
        let temps: Vec<String> = (visible(&dir).into_iter())
            .filter(|n| n.ends_with(super::super::TEMP_SUFFIX))
            .collect();
        assert_eq!(temps.len(), 1, "{temps:?}");
        assert!(temps[0].starts_with(".kept.txt."), "{temps:?}");
        assert_eq!(visible(&dir).len(), 2);
        // What was staged before the failed calls is still committed.
        staging.commit().unwrap();
        assert_eq!(visible(&dir), ["a.nt", "kept.txt"]);
        assert_eq!(fs::read_to_string(dir.join("a.nt")).unwrap(), "old");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn retargeted_files_are_committed_under_their_new_names() {
        let dir = scratch("retarget");
        fs::write(dir.join("final.nt"), "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.join("final.nt"), fs::Permissions::from_mode(0o600)).unwrap();
        }
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        let placeholders = names(&["placeholder-0.nt", "placeholder-1.nt"]);
        staging.stage_many(&placeholders, write_each).unwrap();
        assert!(
            staging
                .retarget(&placeholders[..1], &names(&["views/elsewhere.nt"]))
                .is_err(),
            "another directory"
        );
        assert!(
            staging
                .retarget(&names(&["never-staged.nt"]), &names(&["x.nt"]))
                .is_err()
        );
        staging
            .retarget(&placeholders, &names(&["final.nt", "other.nt"]))
            .unwrap();
        staging.commit().unwrap();
        assert_eq!(visible(&dir), ["final.nt", "other.nt"]);
        assert_eq!(fs::read_to_string(dir.join("final.nt")).unwrap(), "new 0");
        assert_eq!(fs::read_to_string(dir.join("other.nt")).unwrap(), "new 1");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.join("final.nt"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(
                mode & 0o777,
                0o600,
                "the replaced file keeps its permissions"
            );
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
