//! `--watch` for `validate` and `build`: run again whenever a file of the dataset changes.
//!
//! Polls the dataset's files once a second (names, sizes and modification times) rather than
//! subscribing to file-system events: a curator's dataset is a few files, a poll costs
//! microseconds, and it works the same on every platform and file system (network mounts and
//! editors that replace files included) without a dependency (`notify` and its platform
//! crates added about 20 crates to the build).

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::console::say;
use super::{Failure, Verbosity, display};

/// How often the files are looked at.
const POLL: Duration = Duration::from_secs(1);

/// The most files looked at (a bulk dataset's directory may hold many; only what kgforge
/// reads matters, and that is at most a few thousand files).
const MAX_FILES: usize = 20_000;

/// Runs `once`, then again after every change to the dataset's files, until the process is
/// interrupted. A failed run is reported and waited out like a successful one; only a
/// closed stdout ends the loop.
pub(crate) fn watch(
    dataset: &Path,
    verbosity: Verbosity,
    mut once: impl FnMut() -> Result<(), Failure>,
) -> Result<(), Failure> {
    loop {
        let before = snapshot(dataset);
        match once() {
            Ok(()) | Err(Failure::Invalid | Failure::NoMatch | Failure::Different) => {}
            Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                return Err(Failure::Io(e));
            }
            Err(Failure::Io(e)) => say!("{e}"),
            Err(Failure::Error(message)) => say!("{message}"),
        }
        if verbosity != Verbosity::Quiet {
            say!("watching {} for changes (Ctrl-C stops)", display(dataset));
        }
        while snapshot(dataset) == before {
            std::thread::sleep(POLL);
        }
    }
}

/// What a change shows in: each file's path, size and modification time.
type Snapshot = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The dataset's files (a directory's, two levels deep, or the one file), sorted.
fn snapshot(dataset: &Path) -> Snapshot {
    let mut files = Vec::new();
    let mut pending = vec![(dataset.to_path_buf(), 0)];
    while let Some((path, depth)) = pending.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if depth > 2 {
                continue;
            }
            let Ok(entries) = std::fs::read_dir(&path) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name();
                // Editors' swap and backup files, and kgforge's own temporary files.
                if name.to_string_lossy().starts_with('.') {
                    continue;
                }
                pending.push((entry.path(), depth + 1));
            }
        } else {
            files.push((path, meta.len(), meta.modified().ok()));
        }
        if files.len() >= MAX_FILES {
            break;
        }
    }
    files.sort();
    files
}
