//! The one place kgforge decides whether to use a second thread.
//!
//! Bulk work (reading the CSV files, validation, the N-Triples/N-Quads, DOT and JSON writers)
//! runs two tasks at a time, the second on a scoped thread. The environment variable
//! `KGFORGE_THREADS=1` runs both on the calling thread instead; any other value, or none, means
//! two. Output never depends on it: tasks are joined in order (`tests/it/determinism.rs`
//! compares the bytes of both settings).

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

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        let (a, b) = super::join(|| 1 + 1, || "two");
        assert_eq!((a, b), (2, "two"));
    }
}
