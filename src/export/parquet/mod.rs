//! Parquet tables: the graph as the tables that Spark, GraphFrames, DuckDB and pandas load
//! fastest, one file per [`Table`] (`{stem}.nodes.parquet`, `{stem}.statements.parquet`, …).
//!
//! The columns, their types and nullability are documented in [`crate::format::parquet`]
//! (and `docs/parquet.md`). Written with the Apache Arrow `parquet` crate: Snappy
//! compression, data pages version 1, batches of [`BATCH_ROWS`] rows and row groups of at
//! most [`ROW_GROUP_ROWS`], so memory stays bounded by a row group whatever the graph's size.
//! The bytes are deterministic: no timestamp is written, `created_by` is the `parquet`
//! crate's own (`parquet-rs version …`, fixed by `Cargo.lock`), and rows come in dataset
//! order.
//!
//! The writer needs the `parquet` cargo feature (on by default: Apache Arrow's crates add
//! about half again to kgforge's binary and its build); without it [`ParquetExporter::export`]
//! says so, and `kgforge build` does not write Parquet by default.

use std::io::Write;

use crate::error::Result;
pub use crate::format::parquet::Table;
use crate::graph::KnowledgeGraph;

#[cfg(feature = "parquet")]
mod rows;
#[cfg(feature = "parquet")]
mod small;
#[cfg(feature = "parquet")]
mod write;

/// Rows built into one Arrow batch before it is handed to the Parquet writer (nodes and
/// statements; the qualifiers and references of that many statements).
pub const BATCH_ROWS: usize = 16_384;

/// The most rows in one row group: the unit that readers split work by, and what the writer
/// holds in memory (encoded) before writing it out. DuckDB writes 122,880; Spark aims at
/// 128 MiB.
pub const ROW_GROUP_ROWS: usize = 131_072;

/// Writes a [`KnowledgeGraph`] as Parquet tables, one table per call.
///
/// ```
/// use std::path::Path;
/// use kgforge::export::parquet::{ParquetExporter, Table};
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let bytes = ParquetExporter::new().export(&graph, Table::Statements, Vec::new())?;
/// assert_eq!(&bytes[..4], b"PAR1");
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct ParquetExporter {
    row_group_rows: usize,
}

impl Default for ParquetExporter {
    fn default() -> Self {
        ParquetExporter {
            row_group_rows: ROW_GROUP_ROWS,
        }
    }
}

impl ParquetExporter {
    /// An exporter with row groups of [`ROW_GROUP_ROWS`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Row groups of at most `rows` rows (at least 1): smaller ones hold less in memory and
    /// let readers split the work finer.
    pub fn with_row_group_rows(mut self, rows: usize) -> Self {
        self.row_group_rows = rows.max(1);
        self
    }

    /// Whether this build of kgforge writes Parquet (the `parquet` cargo feature, on by
    /// default).
    pub fn is_available() -> bool {
        cfg!(feature = "parquet")
    }

    /// Writes one table of the graph and returns the writer.
    ///
    /// # Errors
    /// [`crate::Error::Export`] when the writer fails (I/O), when Arrow or Parquet refuse a
    /// batch (a bug), or when kgforge was built without the `parquet` feature.
    ///
    /// # Complexity
    /// O(rows) time; memory O(one row group), besides one flag per statement for the
    /// statements table's `best_rank`.
    pub fn export<W: Write + Send>(
        &self,
        graph: &KnowledgeGraph,
        table: Table,
        writer: W,
    ) -> Result<W> {
        #[cfg(feature = "parquet")]
        return write::table(self.row_group_rows, graph, table, writer);
        #[cfg(not(feature = "parquet"))]
        {
            let _ = (graph, table, writer);
            Err(crate::Error::Export(NOT_BUILT.to_string()))
        }
    }
}

/// Why a build without the `parquet` feature writes no Parquet.
#[cfg(not(feature = "parquet"))]
const NOT_BUILT: &str = "this kgforge was built without Parquet (the `parquet` cargo feature, \
     on by default): rebuild it with `--features parquet`";
