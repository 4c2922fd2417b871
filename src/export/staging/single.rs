//! One output file, for `-o FILE`: replaced atomically, or written through when it is a
//! FIFO or a character device.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use super::{LOCK_FILE, Staging, io_at};
use crate::error::{Error, Result};

/// Writes one output file, for `-o FILE`: `fill` writes the content.
///
/// - A regular file (or nothing) at `path` is replaced atomically: the content goes to a
///   temporary file beside it, renamed over `path` only when `fill`, the flush and the sync
///   succeed; an existing file keeps its permissions. On failure the temporary file is removed
///   and any earlier file is left untouched. In an output directory of `kgforge build` (one
///   with a `.kgforge.lock`) the directory's lock is taken for the write.
/// - A FIFO or a character device (`/dev/null`, `/dev/tty`, a named pipe) is written through,
///   as stdout would be: it is opened and written, never replaced.
/// - A symbolic link is refused: a link planted where output goes would redirect it to a file
///   the user did not name, and replacing the link would destroy it. Name the target instead.
/// - A directory, a block device (a disk is never the place for an export) or a socket is
///   refused.
///
/// # Errors
/// Whatever `fill` returns, or [`Error::Io`]: a refused target, or the I/O error of creating,
/// writing, flushing, syncing or renaming.
pub fn write_atomic<T>(
    path: &Path,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
) -> Result<T> {
    match fs::symlink_metadata(path) {
        Ok(meta) if !meta.file_type().is_file() => {
            return write_through(path, &meta, fill);
        }
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(io_at(path)(e)),
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| Error::Io {
            path: path.to_path_buf(),
            source: io::Error::new(
                io::ErrorKind::InvalidInput,
                "not a file name kgforge can write (it needs one in UTF-8)",
            ),
        })?;
    let dir = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut staging = if dir.join(LOCK_FILE).is_file() {
        Staging::open(dir, |_| {})?
    } else {
        Staging::unlocked(dir)
    };
    let value = staging.stage(name, fill)?;
    staging.commit()?;
    Ok(value)
}

/// Writes into a FIFO or character device as into stdout; refuses anything else that is not
/// a regular file.
fn write_through<T>(
    path: &Path,
    meta: &fs::Metadata,
    fill: impl FnOnce(&mut BufWriter<File>) -> Result<T>,
) -> Result<T> {
    let refuse = |why: &str| Error::Io {
        path: path.to_path_buf(),
        source: io::Error::new(io::ErrorKind::InvalidInput, why.to_string()),
    };
    let kind = meta.file_type();
    if kind.is_symlink() {
        return Err(refuse(
            "is a symbolic link; kgforge does not write through links, since a link where \
             output goes can send it to a file you did not name: name the link's target, or \
             leave out -o to write to stdout",
        ));
    }
    if kind.is_dir() {
        return Err(refuse("is a directory; -o names a file"));
    }
    if !is_stream(&kind) {
        return Err(refuse(
            "is neither a regular file nor a FIFO or character device (a disk or a socket); \
             kgforge writes only those",
        ));
    }
    let file = OpenOptions::new()
        .write(true)
        .open(path)
        .map_err(io_at(path))?;
    // Opened by name: make sure it is still what was checked (never a regular file written
    // in place, which would leave a partial file on failure).
    let opened = file.metadata().map_err(io_at(path))?;
    if !is_stream(&opened.file_type()) {
        return Err(refuse("changed while it was being opened; try again"));
    }
    let mut writer = BufWriter::new(file);
    let value = fill(&mut writer)?;
    writer.flush().map_err(io_at(path))?;
    Ok(value)
}

/// A FIFO or a character device: what can be written through like stdout.
fn is_stream(kind: &fs::FileType) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        kind.is_fifo() || kind.is_char_device()
    }
    #[cfg(not(unix))]
    {
        let _ = kind;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn failed_writes_leave_the_old_file_and_no_temporary() {
        let dir = scratch("atomic");
        let path = dir.join("out.txt");
        fs::write(&path, "old").unwrap();
        let result: Result<()> = write_atomic(&path, |w| {
            w.write_all(b"partial").unwrap();
            Err(Error::Export("injected failure".into()))
        });
        assert!(result.is_err());
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(
            visible(&dir),
            ["out.txt"],
            "a temporary file was left behind"
        );
        write_atomic(&path, text("new")).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert!(
            !dir.join(LOCK_FILE).exists(),
            "a lone -o FILE leaves no lock"
        );
        fs::remove_dir_all(&dir).unwrap();
    }
}
