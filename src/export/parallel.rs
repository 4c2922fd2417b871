//! Output built in chunks on two threads and written in order, so that the bytes are those
//! one thread would write. Used by the exporters whose output is a sequence of independent
//! lines (N-Triples, N-Quads, Turtle subjects, DOT and JSON nodes and edges).

use std::io::{self, Write};
use std::ops::Range;
use std::sync::Mutex;

/// Items per chunk: large enough that a thread's start-up is noise, small enough that the
/// buffers of two chunks stay a few megabytes.
pub(crate) const CHUNK: usize = 16_384;

/// Consecutive ranges of at most [`CHUNK`] items covering `0..n`.
pub(crate) fn chunks(n: usize) -> Vec<Range<usize>> {
    (0..n.div_ceil(CHUNK))
        .map(|i| i * CHUNK..((i + 1) * CHUNK).min(n))
        .collect()
}

/// Writes items `0..n` in order, `write_item(i, buffer)` appending item `i`'s bytes; the
/// chunks are built on two threads while the finished ones are written
/// ([`crate::threads::pipeline`]).
///
/// # Errors
/// The first error of `write_item` or of `writer`.
pub(crate) fn write_items<W: Write>(
    writer: &mut W,
    n: usize,
    write_item: &(dyn Fn(usize, &mut Vec<u8>) -> io::Result<()> + Sync),
) -> io::Result<()> {
    let ranges = chunks(n);
    let buffers = Buffers::default();
    let mut written = 0;
    crate::threads::pipeline(
        ranges.len(),
        |k| -> io::Result<Vec<u8>> {
            let mut buffer = buffers.take(k);
            for i in ranges[k].clone() {
                write_item(i, &mut buffer)?;
            }
            Ok(buffer)
        },
        |part| {
            let part = part?;
            writer.write_all(&part)?;
            buffers.give(written, part);
            written += 1;
            Ok(())
        },
    )
}

/// Chunk buffers handed back once written, for the next chunks of the same builder to fill.
///
/// A fresh buffer per chunk grows to megabytes by doubling: every chunk's pages were faulted
/// in anew, and a buffer freed or grown by a thread other than the one that allocated it
/// takes that thread's allocator lock (measured on a 1M-entity DOT export: a quarter of the
/// run in the kernel, much of it waiting on that lock). So each of the pipeline's two
/// builders (chunk `k` is built by builder `k % 2`) gets back only its own buffers.
#[derive(Default)]
pub(crate) struct Buffers([Mutex<Vec<Vec<u8>>>; 2]);

impl Buffers {
    /// An empty buffer for chunk `k`, recycled when its builder has one free.
    pub(crate) fn take(&self, k: usize) -> Vec<u8> {
        self.0[k % 2]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .pop()
            .unwrap_or_default()
    }

    /// Hands chunk `k`'s buffer back once written.
    pub(crate) fn give(&self, k: usize, mut buffer: Vec<u8>) {
        buffer.clear();
        let mut pool = self.0[k % 2]
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // At most two chunks per builder are in flight (see `threads::pipeline`).
        if pool.len() < 2 {
            pool.push(buffer);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_out_in_order_whatever_the_chunking() {
        let n = 3 * CHUNK + 17;
        let mut out = Vec::new();
        write_items(&mut out, n, &|i, buffer| writeln!(buffer, "{i}")).unwrap();
        let expected: String = (0..n).map(|i| format!("{i}\n")).collect();
        assert_eq!(String::from_utf8(out).unwrap(), expected);
    }

    #[test]
    fn a_written_buffer_goes_back_to_its_builder() {
        let buffers = Buffers::default();
        let mut first = buffers.take(0);
        first.extend_from_slice(&[1; 1000]);
        buffers.give(0, first);
        assert!(
            buffers.take(1).capacity() == 0,
            "builder 1 gets builder 0's buffer"
        );
        let again = buffers.take(2);
        assert!(again.is_empty() && again.capacity() >= 1000, "not recycled");
    }

    #[test]
    fn an_item_error_stops_the_write() {
        let mut out = Vec::new();
        let failing = |i: usize, _: &mut Vec<u8>| {
            if i == CHUNK + 1 {
                Err(io::Error::other("item failed"))
            } else {
                Ok(())
            }
        };
        let e = write_items(&mut out, 2 * CHUNK, &failing).unwrap_err();
        assert_eq!(e.to_string(), "item failed");
    }
}
