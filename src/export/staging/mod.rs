//! Writing output files so that a reader never sees a partial file and two writers never
//! interleave: [`Staging`] for a directory of outputs, [`write_atomic`] for one file.
//!
//! The protocol, in an output directory `DIR`:
//!
//! 1. **Lock.** `DIR/.kgforge.lock` is locked (an advisory `flock`/`LockFileEx` through `fs4`)
//!    before anything else and held until the commit is done, so one kgforge writes into
//!    `DIR` at a time; a second one waits. The file stays (deleting a lock file races with a
//!    process about to lock it).
//! 2. **Recover.** Under the lock, a commit journal left by a writer that died mid-commit is
//!    completed (rolled forward), and temporary files left by a writer that died before its
//!    commit are removed.
//! 3. **Stage.** Each output is written to a temporary file beside its target, created
//!    exclusively (`O_EXCL`, so never through a planted symlink) under an unpredictable name
//!    `.NAME.RANDOM.kgforge-tmp`, then flushed and fsynced.
//! 4. **Commit.** Once every output is complete, the journal `DIR/.kgforge-commit` (the list of
//!    renames) is written, fsynced and renamed into place: the commit point. Then each
//!    temporary file is renamed over its target, the directory is fsynced, and the journal is
//!    removed (and the directory fsynced again). A single file needs no journal: its one
//!    rename is the commit point.
//!
//! What a reader of `DIR` observes: each output file is at every moment either its complete
//! old version or its complete new version (a rename replaces a name atomically). During the
//! few renames of a commit, and after a writer was killed mid-commit until the next kgforge
//! run into `DIR` completes it, the set of files may mix the old build and the new one; it is
//! never a mix of two concurrent builds, since writers hold the lock from their first
//! temporary file to the end of their commit. Hidden files (`.kgforge.lock`, the journal,
//! `*.kgforge-tmp`) are kgforge's own.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

mod journal;
mod many;
mod single;

use journal::{is_plain_name, recover, write_journal};
pub use single::write_atomic;

/// The lock file of an output directory.
pub const LOCK_FILE: &str = ".kgforge.lock";
/// The commit journal: present only between a commit point and the end of its renames.
pub const JOURNAL_FILE: &str = ".kgforge-commit";
/// How the names of kgforge's temporary files end.
pub const TEMP_SUFFIX: &str = ".kgforge-tmp";

const LOCK_NOTE: &str = "kgforge locks this file while it writes into this directory, so that \
two builds never mix their files. Delete it only when no kgforge is running.\n";

/// Files written together into one directory, all or nothing, one writer at a time.
///
/// [`Staging::open`] locks the directory and recovers what an interrupted run left;
/// [`Staging::stage`] writes each file to a temporary file beside its target;
/// [`Staging::commit`] renames them all into place once every one is complete. Dropped
/// without a commit (a later file failed), it removes its temporary files, so a failed run
/// leaves every earlier file as it was and no partial file behind.
///
/// What a reader of the directory can observe: each file is always either its complete old
/// version or its complete new one. During the few renames of a commit (or, after a writer
/// was killed mid-commit, until the next run into the directory completes the commit from
/// its journal) the set of files may mix the previous build with the new one; two writers
/// never interleave, because each holds the directory's lock (`.kgforge.lock`) from before
/// its first temporary file until its commit is done. The module documentation of
/// `export::staging` describes the protocol.
///
/// ```
/// use std::io::Write;
/// use kgforge::export::Staging;
///
/// let dir = std::env::temp_dir().join(format!("kgforge-staging-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// std::fs::write(dir.join("a.txt"), "old a")?;
/// let mut staging = Staging::open(&dir, |_| {})?;
/// let write = |text: &'static str| {
///     move |w: &mut std::io::BufWriter<std::fs::File>| {
///         w.write_all(text.as_bytes()).map_err(|e| kgforge::Error::Export(e.to_string()))
///     }
/// };
/// staging.stage("a.txt", write("new a"))?;
/// let failed: kgforge::Result<()> =
///     staging.stage("b.txt", |_| Err(kgforge::Error::Export("disk full".into())));
/// assert!(failed.is_err());
/// drop(staging); // not committed: a.txt keeps its old text, no temporary file is left
/// assert_eq!(std::fs::read_to_string(dir.join("a.txt"))?, "old a");
/// assert!(!dir.join("b.txt").exists());
///
/// let mut staging = Staging::open(&dir, |_| {})?;
/// staging.stage("a.txt", write("new a"))?;
/// staging.stage("b.txt", write("new b"))?;
/// staging.commit()?;
/// assert_eq!(std::fs::read_to_string(dir.join("b.txt"))?, "new b");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[must_use = "nothing is written until `commit`"]
pub struct Staging {
    dir: PathBuf,
    /// The locked `.kgforge.lock`; `None` for a lone file written outside an output directory.
    lock: Option<File>,
    staged: Vec<Staged>,
    recovered: Recovery,
    fail_after_renames: Option<usize>,
}

#[derive(Debug)]
struct Staged {
    /// Removed when dropped, unless the commit kept it.
    temp: tempfile::TempPath,
    name: String,
}

/// What [`Staging::open`] found and cleaned up from earlier runs into the directory.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Recovery {
    /// Files of a commit that was interrupted after its commit point (a kill, a failed
    /// rename), renamed into place now.
    pub completed: Vec<PathBuf>,
    /// Temporary files of writers that died before their commit point, removed.
    pub removed: Vec<PathBuf>,
}

impl Recovery {
    /// Whether there was nothing to recover.
    pub fn is_empty(&self) -> bool {
        self.completed.is_empty() && self.removed.is_empty()
    }
}

impl Staging {
    /// Creates `dir` if missing, locks it for this writer and recovers what an interrupted
    /// run left there (see [`Staging::recovered`]). When another process holds the lock,
    /// `on_wait(dir)` is called once and the call blocks until the lock is free.
    ///
    /// # Errors
    /// [`Error::Io`] when the directory or its lock file cannot be created or locked, or an
    /// interrupted commit cannot be completed (the error says which file is in the way).
    pub fn open(dir: &Path, on_wait: impl FnOnce(&Path)) -> Result<Staging> {
        fs::create_dir_all(dir).map_err(io_at(dir))?;
        let lock = lock_dir(dir, on_wait)?;
        let mut staging = Staging {
            dir: dir.to_path_buf(),
            lock: Some(lock),
            staged: Vec::new(),
            recovered: Recovery::default(),
            fail_after_renames: None,
        };
        staging.recovered = recover(dir)?;
        Ok(staging)
    }

    /// Files written together into `dir` without taking its lock or keeping a journal: for a
    /// directory that is not an output directory, such as a dataset whose own files are
    /// edited in place (`kgforge ids`), where kgforge leaves no file of its own. Each file is
    /// still replaced atomically and all are renamed only once every one is complete; a
    /// commit interrupted midway leaves some files new and the others old.
    pub(crate) fn unlocked(dir: &Path) -> Staging {
        Staging {
            dir: dir.to_path_buf(),
            lock: None,
            staged: Vec::new(),
            recovered: Recovery::default(),
            fail_after_renames: None,
        }
    }

    /// What opening found and cleaned up: the rest of an interrupted commit, completed, and
    /// the temporary files of runs that died, removed.
    pub fn recovered(&self) -> &Recovery {
        &self.recovered
    }

    /// The directory written into.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the file `name` (a plain file name in the directory) into a temporary file
    /// beside it; `fill` writes the content. An existing file's permissions are kept; a new
    /// file gets the permissions `File::create` would give it.
    ///
    /// # Errors
    /// Whatever `fill` returns; [`Error::Io`] when `name` is not a plain file name, when its
    /// place is taken by something other than a regular file (a directory, a symlink, a
    /// FIFO), or when creating, writing, flushing or syncing the temporary file fails (a
    /// read-only directory, a full disk). The temporary file is then removed.
    pub fn stage<T>(
        &mut self,
        name: &str,
        fill: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
    ) -> Result<T> {
        let target = self.dir.join(name);
        let (file, temp) = self.temp_for(name)?;
        let mut writer = BufWriter::with_capacity(1 << 20, file);
        let value = fill(&mut writer)?;
        writer.flush().map_err(io_at(&target))?;
        writer.get_ref().sync_all().map_err(io_at(&target))?;
        self.staged.push(Staged {
            temp,
            name: name.to_string(),
        });
        Ok(value)
    }

    /// The temporary file for the output `name`: its name checked, its subdirectory made,
    /// created exclusively beside its target with the target's permissions (removed when the
    /// path is dropped before a commit keeps it).
    fn temp_for(&self, name: &str) -> Result<(File, tempfile::TempPath)> {
        let target = self.dir.join(name);
        if !is_plain_name(name) {
            return Err(Error::Io {
                path: target,
                source: io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "not a plain file name (or relative path) for an output",
                ),
            });
        }
        // A subdirectory (`views/`) is made if missing; one that is a symbolic link (or
        // anything but a directory) is refused, as a link in a target's place is.
        let (parent, file_name) = match name.rsplit_once('/') {
            Some((sub, file_name)) => {
                let parent = self.dir.join(sub);
                make_subdirectory(&self.dir, sub)?;
                (parent, file_name)
            }
            None => (self.dir.clone(), name),
        };
        let existing = replaceable(&target)?;
        let prefix = format!(".{file_name}.");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(TEMP_SUFFIX).rand_bytes(8);
        #[cfg(unix)]
        if existing.is_none() {
            use std::os::unix::fs::PermissionsExt;
            // What File::create gives a new file: 0o666 less the umask.
            builder.permissions(fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(&parent).map_err(io_at(&target))?;
        let (file, temp) = temp.into_parts();
        if let Some(permissions) = existing {
            file.set_permissions(permissions).map_err(io_at(&target))?;
        }
        Ok((file, temp))
    }

    /// For tests of recovery: the commit fails as if the rename after the first `renames`
    /// had failed (after the commit point, so the journal and the rest stay for the next run).
    #[doc(hidden)]
    pub fn fail_after_renames(&mut self, renames: usize) {
        self.fail_after_renames = Some(renames);
    }

    /// Renames every staged file into place, in staging order, and releases the lock.
    ///
    /// # Errors
    /// [`Error::Io`] when a target's place is taken by a directory or another non-regular
    /// file, before anything is renamed; or when writing the journal fails, before anything
    /// is renamed. A rename failing after the commit point (the directory vanished) stops
    /// the commit: files renamed before it are new, the others old, and the journal and the
    /// remaining temporary files stay, so the next run into the directory completes the
    /// commit; the error says so.
    pub fn commit(mut self) -> Result<()> {
        for staged in &self.staged {
            replaceable(&self.dir.join(&staged.name))?;
        }
        let staged = std::mem::take(&mut self.staged);
        let journaled = self.lock.is_some() && staged.len() > 1;
        if journaled {
            write_journal(&self.dir, &staged)?;
        }
        let total = staged.len();
        let mut kept = Vec::with_capacity(total);
        for staged in staged {
            let mut temp = staged.temp;
            if journaled {
                // From the commit point on, the journal owns the temporary files.
                temp.disable_cleanup(true);
            }
            kept.push((temp, staged.name));
        }
        for (done, (temp, name)) in kept.iter().enumerate() {
            let target = self.dir.join(name);
            let renamed = if self.fail_after_renames == Some(done) {
                Err(io::Error::other("injected failure"))
            } else {
                fs::rename(temp, &target)
            };
            if let Err(e) = renamed {
                let source = if journaled {
                    io::Error::new(
                        e.kind(),
                        format!(
                            "{e}; the commit stopped after {done} of {total} files, and the next \
                             kgforge run into {} completes it",
                            self.dir.display()
                        ),
                    )
                } else {
                    e
                };
                return Err(Error::Io {
                    path: target,
                    source,
                });
            }
        }
        let mut parents: Vec<PathBuf> = kept
            .iter()
            .filter_map(|(_, name)| name.rsplit_once('/').map(|(sub, _)| self.dir.join(sub)))
            .collect();
        for (mut temp, _) in kept {
            // Renamed away: nothing is left at the temporary name to remove.
            temp.disable_cleanup(true);
        }
        parents.sort();
        parents.dedup();
        for parent in &parents {
            sync_dir(parent)?;
        }
        sync_dir(&self.dir)?;
        if journaled {
            let journal = self.dir.join(JOURNAL_FILE);
            fs::remove_file(&journal).map_err(io_at(&journal))?;
            sync_dir(&self.dir)?;
        }
        Ok(())
    }
}

/// The permissions of the regular file at `path`, `None` when there is none; an error when
/// its place is taken by anything else, which a rename would destroy.
fn replaceable(path: &Path) -> Result<Option<fs::Permissions>> {
    let meta = match fs::symlink_metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(io_at(path)(e)),
    };
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(Some(meta.permissions()));
    }
    let (error_kind, why) = if kind.is_dir() {
        (io::ErrorKind::IsADirectory, "a directory is in the way")
    } else if kind.is_symlink() {
        (
            io::ErrorKind::InvalidInput,
            "a symbolic link is in the way; kgforge replaces only regular files in an output \
             directory",
        )
    } else {
        (
            io::ErrorKind::InvalidInput,
            "a special file (FIFO, device or socket) is in the way; kgforge replaces only \
             regular files in an output directory",
        )
    };
    Err(Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(error_kind, why),
    })
}

/// Opens (creating if needed) and locks the directory's lock file.
fn lock_dir(dir: &Path, on_wait: impl FnOnce(&Path)) -> Result<File> {
    let path = dir.join(LOCK_FILE);
    if fs::symlink_metadata(&path).is_ok_and(|m| !m.file_type().is_file()) {
        return Err(Error::Io {
            path,
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "the lock file is not a regular file; remove it",
            ),
        });
    }
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(io_at(&path))?;
    // Called through the trait: std's own `File::try_lock` needs a newer Rust than ours.
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => {}
        Err(fs4::TryLockError::WouldBlock) => {
            on_wait(dir);
            fs4::FileExt::lock(&file).map_err(io_at(&path))?;
        }
        Err(fs4::TryLockError::Error(e)) => return Err(io_at(&path)(e)),
    }
    if file.metadata().map_err(io_at(&path))?.len() == 0 {
        file.write_all(LOCK_NOTE.as_bytes()).map_err(io_at(&path))?;
    }
    Ok(file)
}

/// Makes the directory's entries (renames, removals) durable; a no-op off Unix.
/// Makes `dir/sub` (and the directories between), refusing any part that exists as
/// something other than a real directory.
fn make_subdirectory(dir: &Path, sub: &str) -> Result<()> {
    let mut current = dir.to_path_buf();
    for part in sub.split('/') {
        current.push(part);
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_dir() => {}
            Ok(_) => {
                return Err(Error::Io {
                    path: current,
                    source: io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "not a directory (a symbolic link or a file is in the way); kgforge \
                         writes outputs only into real directories",
                    ),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                fs::create_dir(&current).map_err(io_at(&current))?;
            }
            Err(e) => return Err(io_at(&current)(e)),
        }
    }
    Ok(())
}

fn sync_dir(dir: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        let synced = File::open(dir).and_then(|d| d.sync_all());
        match synced {
            // Some file systems cannot sync a directory; their renames are as durable as
            // they get.
            Err(e) if e.kind() != io::ErrorKind::InvalidInput => return Err(io_at(dir)(e)),
            _ => {}
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

fn io_at(path: &Path) -> impl Fn(io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Helpers for the unit tests of the staging modules.
#[cfg(test)]
mod test_support {
    use super::*;

    pub(super) fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("kgforge-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    pub(super) fn text(s: &'static str) -> impl FnOnce(&mut BufWriter<File>) -> Result<()> {
        move |w| {
            w.write_all(s.as_bytes())
                .map_err(|e| Error::Export(e.to_string()))
        }
    }

    pub(super) fn visible(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n != LOCK_FILE)
            .collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn files_in_a_subdirectory_are_staged_beside_their_targets_and_recovered_there() {
        let dir = scratch("subdirectory");
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        staging.stage("top.txt", text("top")).unwrap();
        staging.stage("views/a.svg", text("a")).unwrap();
        staging.stage("views/b.svg", text("b")).unwrap();
        staging.fail_after_renames(1);
        assert!(staging.commit().is_err());
        // The journal names the subdirectory's temporary files; the next open completes it.
        let staging = Staging::open(&dir, |_| {}).unwrap();
        assert_eq!(
            staging.recovered().completed,
            [dir.join("views/a.svg"), dir.join("views/b.svg")]
        );
        assert_eq!(fs::read_to_string(dir.join("views/b.svg")).unwrap(), "b");
        assert_eq!(visible(&dir.join("views")), ["a.svg", "b.svg"]);
        drop(staging);
        // An orphan in the subdirectory is removed.
        fs::write(dir.join("views/.c.svg.x1y2.kgforge-tmp"), "x").unwrap();
        let staging = Staging::open(&dir, |_| {}).unwrap();
        assert_eq!(
            staging.recovered().removed,
            [dir.join("views/.c.svg.x1y2.kgforge-tmp")]
        );
        drop(staging);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_subdirectory_that_is_a_symlink_is_refused() {
        let dir = scratch("subdirectory-link");
        let elsewhere = scratch("subdirectory-link-target");
        std::os::unix::fs::symlink(&elsewhere, dir.join("views")).unwrap();
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        assert!(staging.stage("views/a.svg", text("a")).is_err());
        assert!(staging.stage("../a.svg", text("a")).is_err());
        drop(staging);
        assert!(fs::read_dir(&elsewhere).unwrap().next().is_none());
        fs::remove_dir_all(&dir).unwrap();
        fs::remove_dir_all(&elsewhere).unwrap();
    }

    #[test]
    fn a_failure_after_the_commit_point_is_completed_by_the_next_open() {
        let dir = scratch("roll-forward");
        for name in ["a", "b", "c"] {
            fs::write(dir.join(name), "old").unwrap();
        }
        let mut staging = Staging::open(&dir, |_| {}).unwrap();
        for name in ["a", "b", "c"] {
            staging.stage(name, text("new")).unwrap();
        }
        staging.fail_after_renames(1);
        let error = staging.commit().unwrap_err().to_string();
        assert!(error.contains("stopped after 1 of 3 files"), "{error}");
        let read = |n: &str| fs::read_to_string(dir.join(n)).unwrap();
        assert_eq!(
            (read("a"), read("b"), read("c")),
            ("new".into(), "old".into(), "old".into())
        );
        assert!(dir.join(JOURNAL_FILE).exists());

        let staging = Staging::open(&dir, |_| {}).unwrap();
        assert_eq!(
            staging.recovered().completed,
            [dir.join("b"), dir.join("c")]
        );
        assert_eq!(
            (read("a"), read("b"), read("c")),
            ("new".into(), "new".into(), "new".into())
        );
        assert_eq!(visible(&dir), ["a", "b", "c"]);
        drop(staging);
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_second_writer_waits_for_the_first() {
        let dir = scratch("lock");
        let first = Staging::open(&dir, |_| {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let dir = dir.clone();
            move || {
                let staging = Staging::open(&dir, |_| tx.send(()).unwrap()).unwrap();
                drop(staging);
            }
        });
        rx.recv().expect("the second writer is told to wait");
        drop(first);
        second.join().unwrap();
        fs::remove_dir_all(&dir).unwrap();
    }
}
