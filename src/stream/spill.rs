//! Spill files: the rows of a streamed build copied to disk, to be read back in another
//! order. A row is kept as its CSV text with where it came from, so that reading it again
//! gives the same statement, and diagnostics point into its file.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// A row copied out of a statement file.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// The position of its statement in the stream (files in reading order, rows in file
    /// order).
    pub(super) seq: u64,
    /// Which statement file (in reading order).
    pub(super) file: u16,
    /// Where the row starts in its file.
    pub(super) offset: u64,
    /// For a statement node's row: the key of the export's order, and whether the statement
    /// has the best rank of its subject and predicate.
    pub(super) key: (bool, u32, u64),
    pub(super) best: bool,
    /// The row's text (to the next row).
    pub(super) text: String,
}

/// A directory of spill files, removed with everything in it when dropped.
pub(super) struct SpillDir {
    path: PathBuf,
}

impl SpillDir {
    /// A fresh directory inside `parent`.
    pub(super) fn new(parent: &Path) -> io::Result<Self> {
        let path = parent.join(format!(".kgforge-stream-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path)?;
        Ok(SpillDir { path })
    }

    pub(super) fn file(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for SpillDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Appends rows to a spill file.
pub(super) struct Writer(BufWriter<File>);

impl Writer {
    pub(super) fn create(path: &Path) -> io::Result<Self> {
        Ok(Writer(BufWriter::with_capacity(
            1 << 16,
            File::create(path)?,
        )))
    }

    pub(super) fn write(&mut self, row: &Row) -> io::Result<()> {
        let w = &mut self.0;
        w.write_all(&row.seq.to_le_bytes())?;
        w.write_all(&row.file.to_le_bytes())?;
        w.write_all(&row.offset.to_le_bytes())?;
        w.write_all(&[u8::from(row.key.0), u8::from(row.best)])?;
        w.write_all(&row.key.1.to_le_bytes())?;
        w.write_all(&row.key.2.to_le_bytes())?;
        w.write_all(&(row.text.len() as u32).to_le_bytes())?;
        w.write_all(row.text.as_bytes())
    }

    pub(super) fn finish(self) -> io::Result<()> {
        self.0.into_inner().map_err(|e| e.into_error())?.sync_data()
    }
}

/// Reads the rows of a spill file in the order they were written.
pub(super) struct Reader(BufReader<File>);

impl Reader {
    pub(super) fn open(path: &Path) -> io::Result<Self> {
        Ok(Reader(BufReader::with_capacity(1 << 16, File::open(path)?)))
    }

    /// The next row, or `None` at the end.
    pub(super) fn next(&mut self) -> io::Result<Option<Row>> {
        let mut head = [0u8; 8 + 2 + 8 + 2 + 4 + 8 + 4];
        match self.0.read_exact(&mut head) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(None),
            Err(e) => return Err(e),
        }
        let u64_at = |i: usize| u64::from_le_bytes(head[i..i + 8].try_into().expect("8 bytes"));
        let u32_at = |i: usize| u32::from_le_bytes(head[i..i + 4].try_into().expect("4 bytes"));
        let len = u32_at(32) as usize;
        let mut text = vec![0u8; len];
        self.0.read_exact(&mut text)?;
        let text =
            String::from_utf8(text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        Ok(Some(Row {
            seq: u64_at(0),
            file: u16::from_le_bytes([head[8], head[9]]),
            offset: u64_at(10),
            key: (head[18] != 0, u32_at(20), u64_at(24)),
            best: head[19] != 0,
            text,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_read_back_as_written() {
        let dir = SpillDir::new(&std::env::temp_dir()).unwrap();
        let path = dir.file("rows");
        let rows = [
            Row {
                seq: 7,
                file: 1,
                offset: 1 << 40,
                key: (true, 3, 9),
                best: true,
                text: "e1,p,\"a, b\"\n".into(),
            },
            Row {
                seq: 8,
                file: 0,
                offset: 12,
                key: (false, 0, 8),
                best: false,
                text: String::new(),
            },
        ];
        let mut w = Writer::create(&path).unwrap();
        for r in &rows {
            w.write(r).unwrap();
        }
        w.finish().unwrap();
        let mut r = Reader::open(&path).unwrap();
        for expected in &rows {
            let row = r.next().unwrap().unwrap();
            assert_eq!(
                (
                    row.seq,
                    row.file,
                    row.offset,
                    row.key,
                    row.best,
                    row.text.as_str()
                ),
                (
                    expected.seq,
                    expected.file,
                    expected.offset,
                    expected.key,
                    expected.best,
                    expected.text.as_str()
                )
            );
        }
        assert!(r.next().unwrap().is_none());
        let kept = dir.path.clone();
        drop(dir);
        assert!(!kept.exists());
    }
}
