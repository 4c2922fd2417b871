//! The commit journal and what the next writer does with it: completes an interrupted commit
//! and removes the temporary files of writers that died before theirs.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use super::{JOURNAL_FILE, LOCK_FILE, Recovery, Staged, TEMP_SUFFIX, io_at, replaceable, sync_dir};
use crate::error::{Error, Result};

/// The journal's content: the renames of one commit, temporary name → target name.
#[derive(serde::Serialize, serde::Deserialize)]
struct Journal {
    #[serde(rename = "kgforge-commit")]
    version: u32,
    renames: Vec<(String, String)>,
}

/// Writes the journal beside the staged files and renames it into place: the commit point.
pub(super) fn write_journal(dir: &Path, staged: &[Staged]) -> Result<()> {
    let journal = Journal {
        version: 1,
        renames: staged
            .iter()
            .map(|s| {
                let temp = s
                    .temp
                    .file_name()
                    .and_then(|n| n.to_str())
                    .expect("kgforge names its temporary files in UTF-8");
                // Beside its target: in the same subdirectory as the staged name.
                let temp = match s.name.rsplit_once('/') {
                    Some((parent, _)) => format!("{parent}/{temp}"),
                    None => temp.to_string(),
                };
                (temp, s.name.clone())
            })
            .collect(),
    };
    let path = dir.join(JOURNAL_FILE);
    let text = serde_json::to_vec(&journal).map_err(|e| Error::Export(e.to_string()))?;
    let mut temp = tempfile::Builder::new()
        .prefix(".kgforge-commit.")
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .map_err(io_at(&path))?;
    temp.write_all(&text).map_err(io_at(&path))?;
    temp.as_file().sync_all().map_err(io_at(&path))?;
    temp.persist(&path).map_err(|e| io_at(&path)(e.error))?;
    sync_dir(dir)
}

/// Completes an interrupted commit and removes orphaned temporary files; the caller holds
/// the lock, so no live writer owns any of them.
pub(super) fn recover(dir: &Path) -> Result<Recovery> {
    let mut recovery = Recovery::default();
    let journal = dir.join(JOURNAL_FILE);
    match fs::symlink_metadata(&journal) {
        Ok(meta) => {
            // kgforge's journals are small regular files; anything else at the name (a
            // planted FIFO or symlink) is not one, is never read, and is removed.
            let ours = meta.file_type().is_file() && meta.len() <= MAX_JOURNAL_BYTES;
            let renames = if ours {
                let bytes = fs::read(&journal).map_err(io_at(&journal))?;
                serde_json::from_slice::<Journal>(&bytes)
                    .ok()
                    .filter(valid_journal)
                    .map(|j| j.renames)
            } else {
                None
            };
            match renames {
                Some(renames) => {
                    let mut parents = std::collections::BTreeSet::new();
                    for (temp, name) in renames {
                        let temp = dir.join(temp);
                        // Renamed already, or not a file kgforge made: nothing to complete.
                        if !fs::symlink_metadata(&temp).is_ok_and(|m| m.file_type().is_file()) {
                            continue;
                        }
                        let target = dir.join(&name);
                        replaceable(&target).map_err(|e| interrupted(&journal, e))?;
                        fs::rename(&temp, &target)
                            .map_err(|e| interrupted(&journal, io_at(&target)(e)))?;
                        parents.extend(target.parent().map(Path::to_path_buf));
                        recovery.completed.push(target);
                    }
                    for parent in &parents {
                        sync_dir(parent)?;
                    }
                    sync_dir(dir)?;
                }
                // Not a journal kgforge wrote (it renames only complete ones into place).
                None => recovery.removed.push(journal.clone()),
            }
            fs::remove_file(&journal).map_err(io_at(&journal))?;
            sync_dir(dir)?;
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_at(&journal)(e)),
    }
    // Temporary files sit beside their targets: in the directory and in its subdirectories
    // (`views/`), which are searched one level deep and never through a symbolic link.
    let mut searched = vec![dir.to_path_buf()];
    for entry in fs::read_dir(dir).map_err(io_at(dir))? {
        let entry = entry.map_err(io_at(dir))?;
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            searched.push(entry.path());
        }
    }
    for searched in &searched {
        for entry in fs::read_dir(searched).map_err(io_at(searched))? {
            let entry = entry.map_err(io_at(searched))?;
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            let orphan = entry.file_name().to_str().is_some_and(is_temp_name);
            if is_file && orphan {
                let path = entry.path();
                fs::remove_file(&path).map_err(io_at(&path))?;
                recovery.removed.push(path);
            }
        }
    }
    if !recovery.removed.is_empty() {
        recovery.removed.sort();
        let parents: std::collections::BTreeSet<&Path> =
            recovery.removed.iter().filter_map(|p| p.parent()).collect();
        for parent in parents {
            sync_dir(parent)?;
        }
    }
    Ok(recovery)
}

/// Far more than the journal of any build (a hundred bytes a file).
const MAX_JOURNAL_BYTES: u64 = 1 << 20;

/// An error completing the commit recorded in `journal`.
fn interrupted(journal: &Path, e: Error) -> Error {
    Error::Io {
        path: journal.to_path_buf(),
        source: io::Error::other(format!(
            "cannot complete the interrupted commit recorded here: {e}; remove what is in the \
             way and run again"
        )),
    }
}

/// Whether every entry of a journal names kgforge's files in the directory itself.
fn valid_journal(journal: &Journal) -> bool {
    journal.version == 1
        && journal
            .renames
            .iter()
            .all(|(temp, name)| is_temp_path(temp) && is_plain_name(name))
}

/// A name of a file in the directory itself (no path).
fn is_file_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\\', '\0'])
}

/// What may be staged: a file name in the directory, or a relative path `sub/name` below it
/// (`views/<id>.svg`), none of whose parts is `.`, `..` or one of kgforge's own files.
pub(super) fn is_plain_name(name: &str) -> bool {
    let mut parts = name.split('/').peekable();
    parts.peek().is_some()
        && parts.all(|part| {
            is_file_name(part) && part != LOCK_FILE && part != JOURNAL_FILE && !is_temp_name(part)
        })
}

/// A temporary file of a staged name, as the journal records it: relative to the directory,
/// in the staged file's own directory.
fn is_temp_path(path: &str) -> bool {
    match path.rsplit_once('/') {
        Some((parent, name)) => is_plain_name(parent) && is_temp_name(name),
        None => is_file_name(path) && is_temp_name(path),
    }
}

/// kgforge's temporary files: `.NAME.RANDOM.kgforge-tmp`, and `.NAME.tmp-PID` of versions
/// before the lock.
fn is_temp_name(name: &str) -> bool {
    if !name.starts_with('.') {
        return false;
    }
    if name.ends_with(TEMP_SUFFIX) {
        return true;
    }
    name.rsplit_once(".tmp-").is_some_and(|(stem, pid)| {
        stem.len() > 1 && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
    })
}

#[cfg(test)]
mod tests {
    use super::super::Staging;
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn orphaned_temporary_files_are_removed_and_foreign_files_kept() {
        let dir = scratch("orphans");
        for name in [
            ".a.x1y2.kgforge-tmp",
            ".b.ttl.tmp-4242",
            "keep.tmp-1",
            ".hidden",
        ] {
            fs::write(dir.join(name), "x").unwrap();
        }
        let staging = Staging::open(&dir, |_| {}).unwrap();
        assert_eq!(
            staging.recovered().removed,
            [dir.join(".a.x1y2.kgforge-tmp"), dir.join(".b.ttl.tmp-4242")]
        );
        assert_eq!(visible(&dir), [".hidden", "keep.tmp-1"]);
        drop(staging);
        fs::remove_dir_all(&dir).unwrap();
    }

    /// A FIFO planted at the journal's name would block a reader forever; it is not read.
    #[cfg(unix)]
    #[test]
    fn something_else_at_the_journals_name_is_removed_unread() {
        let dir = scratch("planted-journal");
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join(JOURNAL_FILE))
            .status()
            .unwrap();
        assert!(made.success());
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn({
            let dir = dir.clone();
            move || tx.send(Staging::open(&dir, |_| {}).map(|s| s.recovered().clone()))
        });
        let recovered = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("opening does not block on the FIFO")
            .unwrap();
        assert_eq!(recovered.removed, [dir.join(JOURNAL_FILE)]);
        assert!(visible(&dir).is_empty());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn names_of_temporary_files() {
        assert!(is_temp_name(".manchuria-1945.ttl.Ab12Cd34.kgforge-tmp"));
        assert!(is_temp_name(".manchuria-1945.ttl.tmp-12345"));
        assert!(!is_temp_name("manchuria-1945.ttl"));
        assert!(!is_temp_name(".tmp-12"));
        assert!(!is_temp_name(".x.tmp-"));
        assert!(!is_plain_name("../x"));
        assert!(is_plain_name("views/campaign.svg"));
        assert!(!is_plain_name("views/../x"));
        assert!(!is_plain_name("/etc/passwd"));
        assert!(!is_plain_name("views/"));
        assert!(!is_plain_name(""));
        assert!(is_temp_path("views/.campaign.svg.Ab12Cd34.kgforge-tmp"));
        assert!(!is_temp_path("../.x.Ab12Cd34.kgforge-tmp"));
        assert!(!is_plain_name(LOCK_FILE));
        assert!(is_plain_name("kgforge.schema.json"));
    }
}
