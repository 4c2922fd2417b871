//! The one place kgforge decides whether to use a second thread.
//!
//! Bulk work (reading the CSV files, validation) runs two tasks at a time, the second on a
//! scoped thread ([`join`]); the bulk writers (N-Triples/N-Quads, Turtle, DOT, JSON) build
//! their chunks on two threads while the calling thread writes the finished ones
//! ([`pipeline`]). The environment variable `KGFORGE_THREADS=1` runs everything on the
//! calling thread instead; any other value, or none, means two. Output never depends on it:
//! results are taken in order (`tests/it/determinism.rs` compares the bytes of both settings).

use std::sync::OnceLock;

/// Whether a second thread may be used (`KGFORGE_THREADS` is not `1`).
fn two_threads() -> bool {
    static TWO: OnceLock<bool> = OnceLock::new();
    *TWO.get_or_init(|| std::env::var("KGFORGE_THREADS").map_or(true, |v| v.trim() != "1"))
}

/// Runs `a` and `b`, `b` on a second thread when allowed, and returns both results. A panic
/// in `b` resumes on the calling thread.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    if !two_threads() {
        let first = a();
        return (first, b());
    }
    std::thread::scope(|scope| {
        let second = scope.spawn(b);
        let first = a();
        let second = second
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e));
        (first, second)
    })
}

/// Builds items `0..n` with `build` and hands each to `consume`, in order, on the calling
/// thread; stops at the first error of `consume`.
///
/// With two threads allowed, two scoped threads build the even and the odd items, each at
/// most one finished item ahead, while the calling thread consumes (writes) the ones before:
/// the writing overlaps the building, and at most four items are in memory at once. A panic
/// in a builder resumes on the calling thread.
pub(crate) fn pipeline<T: Send, E>(
    n: usize,
    build: impl Fn(usize) -> T + Sync,
    mut consume: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E> {
    if !two_threads() || n < 2 {
        return (0..n).try_for_each(|i| consume(build(i)));
    }
    std::thread::scope(|scope| {
        let build = &build;
        let lanes: Vec<_> = (0..2)
            .map(|lane| {
                let (send, receive) = std::sync::mpsc::sync_channel(1);
                let builder = scope.spawn(move || {
                    for i in (lane..n).step_by(2) {
                        // The receiver is gone once the consumer failed: stop building.
                        if send.send(build(i)).is_err() {
                            break;
                        }
                    }
                });
                (receive, Some(builder))
            })
            .collect();
        let mut lanes = lanes;
        for i in 0..n {
            let (receive, builder) = &mut lanes[i % 2];
            match receive.recv() {
                Ok(item) => consume(item)?,
                Err(_) => {
                    // The builder stopped without sending: it panicked.
                    let builder = builder.take().expect("joined once");
                    if let Err(e) = builder.join() {
                        std::panic::resume_unwind(e);
                    }
                    unreachable!("a builder stops early only by panicking");
                }
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        let (a, b) = super::join(|| 1 + 1, || "two");
        assert_eq!((a, b), (2, "two"));
    }

    #[test]
    fn a_pipeline_consumes_every_item_in_order() {
        let mut seen = Vec::new();
        let done: Result<(), ()> = super::pipeline(
            101,
            |i| i * i,
            |x| {
                seen.push(x);
                Ok(())
            },
        );
        assert!(done.is_ok());
        assert_eq!(seen, (0..101).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn a_pipeline_stops_at_the_first_error() {
        let mut seen = 0;
        let done = super::pipeline(
            1000,
            |i| i,
            |x| {
                seen += 1;
                if x == 10 { Err("stop") } else { Ok(()) }
            },
        );
        assert_eq!((done, seen), (Err("stop"), 11));
    }

    #[test]
    #[should_panic(expected = "item 5")]
    fn a_builder_panic_reaches_the_caller() {
        let _ = super::pipeline(
            8,
            |i| {
                assert!(i != 5, "item {i}");
                i
            },
            |_| Ok::<(), ()>(()),
        );
    }
}
