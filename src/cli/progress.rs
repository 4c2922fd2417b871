//! Progress on stderr for long runs: a spinner per step and a byte counter per file written.
//!
//! Loading shows a percentage of the input's bytes (the loader counts what it has read,
//! [`kgforge::load_counting`]); writing shows the bytes written and their rate.
//!
//! Drawn only when stderr is a terminal and `-q` is not given; otherwise every call is a
//! no-op, so scripts and CI logs see nothing. The library never prints: the steps are the
//! CLI's own calls (load, validate, index, write).

use std::io::{self, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

use super::Verbosity;

/// Whether progress is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Progress {
    enabled: bool,
}

impl Progress {
    /// Progress on stderr when it is a terminal and the CLI is not quiet.
    pub(crate) fn new(verbosity: Verbosity) -> Self {
        Progress {
            enabled: verbosity != Verbosity::Quiet && io::stderr().is_terminal(),
        }
    }

    /// A spinner with `message` until the returned bar is dropped or finished.
    pub(crate) fn step(self, message: impl Into<String>) -> Step {
        if !self.enabled {
            return Step(None);
        }
        let bar = ProgressBar::new_spinner().with_message(message.into());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Step(Some(bar))
    }

    /// A bar of `total` bytes with `message`, the percentage and the bytes done; its position
    /// is set with [`Step::set`].
    pub(crate) fn bytes(self, message: impl Into<String>, total: u64) -> Step {
        if !self.enabled {
            return Step(None);
        }
        let bar = ProgressBar::new(total.max(1)).with_message(message.into());
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} {msg} {percent:>3}% ({binary_bytes} of {binary_total_bytes}) {elapsed}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Step(Some(bar))
    }

    /// Runs `work`, showing `message` and how much of `total` bytes it has done (read from
    /// the counter it is given, by another thread, ten times a second).
    pub(crate) fn counting<T: Send>(
        self,
        message: impl Into<String>,
        total: u64,
        work: impl FnOnce(&AtomicU64) -> T + Send,
    ) -> T {
        let done = AtomicU64::new(0);
        if !self.enabled {
            return work(&done);
        }
        let step = self.bytes(message, total);
        let finished = AtomicBool::new(false);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                while !finished.load(Ordering::Relaxed) {
                    step.set(done.load(Ordering::Relaxed).min(total));
                    std::thread::sleep(Duration::from_millis(100));
                }
            });
            let result = work(&done);
            finished.store(true, Ordering::Relaxed);
            result
        })
    }

    /// Wraps a writer so that the bytes written show beside `message`.
    pub(crate) fn writer<W: Write>(self, message: impl Into<String>, inner: W) -> Counting<W> {
        let step = self.step(message);
        if let Some(bar) = &step.0 {
            bar.set_style(
                ProgressStyle::with_template(
                    "{spinner} {msg} {binary_bytes} ({binary_bytes_per_sec}) {elapsed}",
                )
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
            );
        }
        Counting { inner, step }
    }
}

/// A running step; clears its line when dropped.
pub(crate) struct Step(Option<ProgressBar>);

impl Step {
    /// Sets how much of a [`Progress::bytes`] bar is done.
    pub(crate) fn set(&self, position: u64) {
        if let Some(bar) = &self.0 {
            bar.set_position(position);
        }
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

/// A writer that reports the bytes written through it.
pub(crate) struct Counting<W> {
    inner: W,
    step: Step,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        if let Some(bar) = &self.step.0 {
            bar.inc(n as u64);
        }
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)?;
        if let Some(bar) = &self.step.0 {
            bar.inc(buf.len() as u64);
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}
