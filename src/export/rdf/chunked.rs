//! The bulk syntaxes, built in chunks on two threads while the calling thread writes the
//! finished ones ([`crate::threads::pipeline`]): N-Triples and N-Quads lines by oxrdfio from
//! each subject's borrowed terms ([`Group::write_lines`]), Turtle by one oxrdfio serializer
//! per chunk.
//!
//! A chunk is the head, or a range of entities, or a range of statements: every subject's
//! triples stay within one chunk, so the bytes are those one writer would write in one go.

use std::cell::Cell;
use std::io::{self, Write};
use std::ops::Range;
use std::rc::Rc;

use oxrdf::{NamedNodeRef, TripleRef};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::build::{Builder, StatementNodes};
use super::group::Group;
use super::values::Plan;
use crate::export::parallel::{Buffers, chunks};
use crate::export::shards::{ShardStats, ShardWriters, ShardedChunk, shard_of};
use crate::graph::KnowledgeGraph;

/// What the chunks are written as.
#[derive(Clone, Copy)]
pub(super) enum Syntax<'a> {
    /// N-Triples (`graph: None`) or N-Quads in the named graph `graph`.
    Lines { graph: Option<&'a str> },
    /// Turtle with these prefixes.
    Turtle { prefixes: &'a [(&'a str, String)] },
}

/// A part of the export, built on its own.
#[derive(Debug, Clone)]
pub(super) enum Chunk {
    /// Everything before the entities.
    Head,
    Entities(Range<usize>),
    Statements(Range<usize>),
}

/// The chunks of a graph's export, in order.
pub(super) fn chunks_of(graph: &KnowledgeGraph) -> Vec<Chunk> {
    let d = graph.dataset();
    std::iter::once(Chunk::Head)
        .chain(chunks(d.entities.len()).into_iter().map(Chunk::Entities))
        .chain(
            chunks(d.statements.len())
                .into_iter()
                .map(Chunk::Statements),
        )
        .collect()
}

/// Gives the groups of `chunk` to `sink`, in order.
pub(super) fn build_chunk(
    graph: &KnowledgeGraph,
    plan: &Plan<'_>,
    chunk: &Chunk,
    sink: &mut dyn FnMut(&Group) -> io::Result<()>,
) -> io::Result<()> {
    let mut b = Builder::new(graph.dataset(), graph.subjects(), plan, sink);
    match chunk {
        Chunk::Head => b.head(),
        Chunk::Entities(range) => b.entities(range.clone()),
        Chunk::Statements(range) => b.statements(range.clone()),
    }
    b.finish()
}

/// Writes the whole export in `syntax`.
pub(super) fn write<W: Write>(
    graph: &KnowledgeGraph,
    nodes: StatementNodes,
    syntax: Syntax<'_>,
    writer: &mut W,
) -> io::Result<()> {
    let plan = Plan::new(graph.dataset(), nodes);
    let chunks = chunks_of(graph);
    let buffers = Buffers::default();
    let mut written = 0;
    crate::threads::pipeline(
        chunks.len(),
        |i| match syntax {
            Syntax::Lines { graph: name } => {
                let mut out = buffers.take(i);
                build_chunk(graph, &plan, &chunks[i], &mut |group| {
                    group.write_lines(&mut out, name);
                    Ok(())
                })?;
                Ok(out)
            }
            Syntax::Turtle { prefixes } => {
                turtle_chunk(graph, &plan, &chunks[i], prefixes, buffers.take(i))
            }
        },
        |bytes: io::Result<Vec<u8>>| {
            let bytes = bytes?;
            writer.write_all(&bytes)?;
            buffers.give(written, bytes);
            written += 1;
            Ok(())
        },
    )
}

/// Writes the lines of the export (N-Triples, or N-Quads in the named graph `graph`) split
/// over `writers` by [`shard_of`] each subject; returns what each shard was given.
pub(super) fn write_shards<W: Write>(
    graph: &KnowledgeGraph,
    nodes: StatementNodes,
    name: Option<&str>,
    writers: &mut [W],
) -> io::Result<Vec<ShardStats>> {
    let plan = Plan::new(graph.dataset(), nodes);
    let chunks = chunks_of(graph);
    let mut out = ShardWriters::new(writers);
    let shards = out.count();
    crate::threads::pipeline(
        chunks.len(),
        |i| -> io::Result<ShardedChunk> {
            let mut chunk = ShardedChunk::new(shards);
            build_chunk(graph, &plan, &chunks[i], &mut |group| {
                lines_to_shard(group, name, &mut chunk);
                Ok(())
            })?;
            Ok(chunk)
        },
        |chunk| chunk?.write_to(&mut out),
    )?;
    Ok(out.finish())
}

/// Appends a group's lines to the part of its subject's shard.
pub(super) fn lines_to_shard(group: &Group, name: Option<&str>, chunk: &mut ShardedChunk) {
    let shard = shard_of(group.subject(), chunk.parts.len());
    let (bytes, lines) = &mut chunk.parts[shard];
    group.write_lines(bytes, name);
    *lines += group.len() as u64;
}

/// A chunk of Turtle as one serializer would continue it.
///
/// oxrdfio's Turtle serializer writes its `@prefix` lines before the first triple, and ends
/// each subject's statement (` .` and a line break) when the next subject begins or at the
/// end. So a chunk after the head is serialized after a throwaway triple whose output is not
/// kept: the chunk's bytes then begin with the ` .\n` that ends the throwaway subject, which
/// is cut; what remains is exactly what one serializer writes for those subjects.
fn turtle_chunk(
    graph: &KnowledgeGraph,
    plan: &Plan<'_>,
    chunk: &Chunk,
    prefixes: &[(&str, String)],
    buffer: Vec<u8>,
) -> io::Result<Vec<u8>> {
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in prefixes {
        serializer = serializer
            .with_prefix(*prefix, iri)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    }
    let head = matches!(chunk, Chunk::Head);
    let gate = Gate {
        out: buffer,
        open: Rc::new(Cell::new(head)),
    };
    let open = Rc::clone(&gate.open);
    let mut out = serializer.for_writer(gate);
    if !head {
        // A subject no export has: `urn:` IRIs are not under any prefix kgforge declares
        // unless the dataset's base is one, and then the throwaway output is cut all the same.
        let throwaway = NamedNodeRef::new_unchecked("urn:kgforge:chunk");
        out.serialize_triple(TripleRef::new(throwaway, throwaway, throwaway))?;
        open.set(true);
    }
    build_chunk(graph, plan, chunk, &mut |group| {
        group.triples().try_for_each(|t| out.serialize_triple(t))
    })?;
    let mut bytes = out.finish()?.out;
    if !head {
        if !bytes.starts_with(b" .\n") {
            return Err(io::Error::other(
                "the Turtle serializer did not end a subject with \" .\"",
            ));
        }
        bytes.drain(..3);
    }
    Ok(bytes)
}

/// A writer that drops what it is given until opened.
struct Gate {
    out: Vec<u8>,
    open: Rc<Cell<bool>>,
}

impl Write for Gate {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.open.get() {
            self.out.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}
