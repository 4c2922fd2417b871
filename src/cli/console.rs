//! Stdout and stderr, the only way the CLI prints.
//!
//! Writing never panics (`println!` and `eprintln!` do, on a closed pipe or a full disk; a clippy
//! lint in `main.rs` keeps them out). Stdout errors are returned with their
//! [`io::ErrorKind`] kept and the context "cannot write to stdout" added; [`super::run`] turns
//! a broken pipe into a quiet exit 0 (the reader has seen what it wanted, as with ripgrep and
//! xsv) and any other error into exit 2. Messages to stderr are best effort: when stderr
//! itself is gone there is nowhere left to report, and the exit code still tells.

use std::fmt;
use std::io::{self, Write};

/// Stdout, buffered, with errors labelled "cannot write to stdout". Call [`Stdout::flush`]
/// at the end: an error of the last write surfaces there.
pub(crate) struct Stdout(io::BufWriter<io::StdoutLock<'static>>);

/// Locks stdout for writing.
pub(crate) fn stdout() -> Stdout {
    Stdout(io::BufWriter::with_capacity(1 << 16, io::stdout().lock()))
}

impl Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf).map_err(labelled)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.0.write_all(buf).map_err(labelled)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush().map_err(labelled)
    }
}

/// The same error kind, with what was being written to.
fn labelled(e: io::Error) -> io::Error {
    io::Error::new(e.kind(), format!("cannot write to stdout: {e}"))
}

/// Writes `text` to stdout and flushes it.
pub(crate) fn print(text: &str) -> io::Result<()> {
    let mut out = stdout();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Writes `kgforge: <message>` and a newline to stderr, ignoring failure (see the module
/// documentation).
pub(crate) fn say_fmt(message: fmt::Arguments<'_>) {
    let mut err = io::stderr().lock();
    let _ = err
        .write_all(b"kgforge: ")
        .and_then(|()| err.write_fmt(message))
        .and_then(|()| err.write_all(b"\n"));
}

/// Writes text to stderr as it is, ignoring failure.
pub(crate) fn say_raw(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// `say!("wrote {n} files")` prints `kgforge: wrote 3 files` on stderr.
macro_rules! say {
    ($($arg:tt)*) => {
        $crate::cli::console::say_fmt(format_args!($($arg)*))
    };
}
pub(crate) use say;
