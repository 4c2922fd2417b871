//! The N-Triples and N-Quads of a streamed build (`kgforge build --stream`), written piece by
//! piece in the order of the whole export: the head, then the entities a few at a time (each
//! with every statement about it), then the statement nodes a chunk at a time. The bytes are
//! those [`super::RdfExporter::export`] writes for the same dataset (a test compares them).

use std::collections::BTreeSet;
use std::io;
use std::ops::Range;

use super::build::{Builder, StatementNodes};
use super::group::Group;
use super::values::Plan;
pub(crate) use super::values::Written;
use crate::export::parallel::chunks;
use crate::export::shards::ShardedChunk;
use crate::graph::{Csr, Subjects};
use crate::model::Dataset;

/// Some lines of the export: for one file, or split over shards.
pub(crate) enum Piece {
    One(Vec<u8>),
    Shards(ShardedChunk),
}

/// How a streamed build writes its lines.
pub(crate) struct StreamedLines {
    pub(crate) nodes: StatementNodes,
    /// The named graph of N-Quads; `None` for N-Triples.
    pub(crate) graph: Option<String>,
    /// How many shards, or 0 for one file.
    pub(crate) shards: usize,
}

impl StreamedLines {
    fn piece(
        &self,
        fill: impl FnOnce(&mut dyn FnMut(&Group) -> io::Result<()>) -> io::Result<()>,
    ) -> io::Result<Piece> {
        let name = self.graph.as_deref();
        if self.shards == 0 {
            let mut out = Vec::new();
            fill(&mut |group| {
                group.write_lines(&mut out, name);
                Ok(())
            })?;
            Ok(Piece::One(out))
        } else {
            let mut chunk = ShardedChunk::new(self.shards);
            fill(&mut |group| {
                super::chunked::lines_to_shard(group, name, &mut chunk);
                Ok(())
            })?;
            Ok(Piece::Shards(chunk))
        }
    }

    /// Everything before the entities. `units`: the units the statements name that the
    /// dataset does not declare, in the order of their first use in the whole export;
    /// `qualifiers`: the free qualifier keys the statements use.
    pub(crate) fn head(
        &self,
        dataset: &Dataset,
        units: Vec<String>,
        qualifiers: BTreeSet<String>,
    ) -> io::Result<Piece> {
        let mut plan = Plan::new(dataset, self.nodes);
        plan.streamed_units = units;
        plan.streamed_qualifiers = qualifiers;
        let rows = Csr::default();
        let subjects = Subjects {
            rows: &rows,
            first: 0,
        };
        self.piece(|sink| {
            let mut b = Builder::new(dataset, subjects, &plan, sink);
            b.head();
            b.finish()
        })
    }

    /// The entities `range` with their direct triples and statement links; `dataset` holds
    /// every statement about them (in stream order), `subject[i]` the position of statement
    /// `i`'s subject. Built in chunks on two threads, handed to `write` in order. Returns
    /// which statements have the best rank of their subject and predicate.
    pub(crate) fn entities(
        &self,
        dataset: &Dataset,
        subject: &[u32],
        range: Range<usize>,
        write: &mut dyn FnMut(Piece) -> io::Result<()>,
    ) -> io::Result<Vec<bool>> {
        let plan = Plan::new(dataset, self.nodes);
        let first = range.start;
        let rows = Csr::new(range.len(), || {
            subject
                .iter()
                .enumerate()
                .map(|(si, &e)| (e - first as u32, si as u32))
        });
        let subjects = Subjects { rows: &rows, first };
        let pieces = chunks(range.len());
        crate::threads::pipeline(
            pieces.len(),
            |k| {
                let part = pieces[k].start + first..pieces[k].end + first;
                self.piece(|sink| {
                    let mut b = Builder::new(dataset, subjects, &plan, sink);
                    b.entities(part);
                    b.finish()
                })
            },
            |piece| write(piece?),
        )?;
        Ok(plan.best)
    }

    /// The statement nodes of the chunks of statements `parts` (each a dataset holding them,
    /// in the export's order, with which have the best rank), and the value and reference
    /// nodes each is the first to name since the stream began (`written`, updated). Built on
    /// two threads, handed to `write` in order.
    pub(crate) fn statements(
        &self,
        parts: Vec<(&Dataset, Vec<bool>)>,
        written: &mut Written,
        write: &mut dyn FnMut(Piece) -> io::Result<()>,
    ) -> io::Result<()> {
        // Planned in order: which node each statement is the first to name.
        let plans: Vec<(&Dataset, Plan<'_>)> = parts
            .into_iter()
            .map(|(d, best)| (d, Plan::streamed(d, self.nodes, best, written)))
            .collect();
        let rows = Csr::default();
        let subjects = Subjects {
            rows: &rows,
            first: 0,
        };
        crate::threads::pipeline(
            plans.len(),
            |k| {
                let (d, plan) = &plans[k];
                self.piece(|sink| {
                    let mut b = Builder::new(d, subjects, plan, sink);
                    b.statements(0..d.statements.len());
                    b.finish()
                })
            },
            |piece| write(piece?),
        )
    }
}
