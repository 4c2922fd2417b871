//! A time limit for work that can be cancelled: `kgforge sparql --timeout`.
//!
//! The clock runs from [`Watchdog::start`] except while output is blocked on its reader (a
//! [`Paused`] writer stops it around each write to stdout), so a slow pager costs a query
//! none of its time while computing and formatting results both do. When the time is up the
//! watchdog cancels the work; if the work has not stopped after a grace period of running
//! clock (Oxigraph notices a cancellation only when it reads a triple, and a join computed in
//! memory can run on for minutes), it prints `message` and ends the process with status 2.

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use oxigraph::sparql::CancellationToken;

use super::console::say;

/// How long cancelled work may run on before the process ends.
const GRACE: Duration = Duration::from_secs(2);

/// Cancels work once it has run for longer than its budget; see the module documentation.
pub(crate) struct Watchdog {
    shared: Arc<(Mutex<Clock>, Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Clock {
    left: Duration,
    /// When the clock was last started; `None` while it is stopped.
    since: Option<Instant>,
    done: bool,
}

impl Watchdog {
    /// Starts the clock: after `limit`, `cancel` is cancelled; after `limit` and the grace
    /// period, the process prints `message` (as `kgforge: …`) and exits with status 2.
    pub(crate) fn start(limit: Duration, cancel: CancellationToken, message: String) -> Self {
        let shared = Arc::new((
            Mutex::new(Clock {
                left: limit,
                since: Some(Instant::now()),
                done: false,
            }),
            Condvar::new(),
        ));
        let thread = std::thread::spawn({
            let shared = Arc::clone(&shared);
            move || {
                let (lock, wake) = &*shared;
                let mut clock = lock.lock().unwrap_or_else(PoisonError::into_inner);
                while !clock.done {
                    clock = match clock.since {
                        None => wake.wait(clock).unwrap_or_else(PoisonError::into_inner),
                        Some(since) if since.elapsed() < clock.left => {
                            let rest = clock.left - since.elapsed();
                            wake.wait_timeout(clock, rest)
                                .unwrap_or_else(PoisonError::into_inner)
                                .0
                        }
                        Some(_) if !cancel.is_cancelled() => {
                            cancel.cancel();
                            clock.left = clock.left.saturating_add(GRACE);
                            clock
                        }
                        Some(_) => {
                            say!("{message}");
                            std::process::exit(2);
                        }
                    };
                }
            }
        });
        Watchdog {
            shared,
            thread: Some(thread),
        }
    }

    fn clock(&self) -> MutexGuard<'_, Clock> {
        self.shared.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stops the clock until [`Watchdog::resume`].
    fn pause(&self) {
        let mut clock = self.clock();
        if let Some(since) = clock.since.take() {
            clock.left = clock.left.saturating_sub(since.elapsed());
        }
    }

    fn resume(&self) {
        let mut clock = self.clock();
        clock.since.get_or_insert_with(Instant::now);
        drop(clock);
        self.shared.1.notify_one();
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        self.clock().done = true;
        self.shared.1.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// A writer that stops a [`Watchdog`]'s clock while it writes: put it under the buffer, so
/// that only the writes that may block on the reader are excluded.
pub(crate) struct Paused<'w, W> {
    pub(crate) watchdog: Option<&'w Watchdog>,
    pub(crate) inner: W,
}

impl<W: Write> Paused<'_, W> {
    fn paused<T>(&mut self, write: impl FnOnce(&mut W) -> io::Result<T>) -> io::Result<T> {
        let Some(watchdog) = self.watchdog else {
            return write(&mut self.inner);
        };
        watchdog.pause();
        let result = write(&mut self.inner);
        watchdog.resume();
        result
    }
}

impl<W: Write> Write for Paused<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.paused(|w| w.write(buf))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.paused(|w| w.write_all(buf))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.paused(Write::flush)
    }
}
