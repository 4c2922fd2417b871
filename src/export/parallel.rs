//! Output built in chunks on two threads and written in order, so that the bytes are those
//! one thread would write. Used by the exporters whose output is a sequence of independent
//! lines (N-Triples, N-Quads, Turtle subjects, DOT and JSON nodes and edges).

use std::io::{self, Write};
use std::ops::Range;

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
    crate::threads::pipeline(
        ranges.len(),
        |k| -> io::Result<Vec<u8>> {
            let mut buffer = Vec::new();
            for i in ranges[k].clone() {
                write_item(i, &mut buffer)?;
            }
            Ok(buffer)
        },
        |part| writer.write_all(&part?),
    )
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
