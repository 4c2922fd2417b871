//! The Parquet writer: batches built by [`super::rows`] and [`super::small`], encoded by the
//! `parquet` crate's `ArrowWriter`.

use std::io::Write;
use std::ops::Range;

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, MapBuilder, MapFieldNames, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use super::rows::{NodeRows, QualifierRows, ReferenceRows, StatementRows};
use super::{BATCH_ROWS, Table, small};
use crate::error::{Error, Result};
use crate::format::parquet::{
    DATASET_KEY, TABLE_KEY, TABLES_VERSION, VERSION_KEY, list_item, map_entries,
};
use crate::graph::KnowledgeGraph;
use crate::model::{Date, Precision, Rank};
use crate::threads;

/// Writes one table: see [`super::ParquetExporter::export`].
pub(super) fn table<W: Write + Send>(
    row_group_rows: usize,
    graph: &KnowledgeGraph,
    table: Table,
    writer: W,
) -> Result<W> {
    let schema = table.schema();
    let mut out = ArrowWriter::try_new(
        writer,
        schema.clone(),
        Some(properties(row_group_rows, graph, table)),
    )
    .map_err(export_error)?;
    let d = graph.dataset();
    let mut write = |batch: RecordBatch| {
        if batch.num_rows() == 0 {
            return Ok(());
        }
        out.write(&batch).map_err(export_error)
    };
    let n = d.statements.len();
    match table {
        Table::Nodes => pipelined(d.entities.len(), &mut write, &|range| {
            let mut rows = NodeRows::new(&d.meta.languages);
            d.entities[range].iter().for_each(|e| rows.push(e));
            rows.finish(&schema)
        })?,
        Table::Statements => {
            let best = best_ranked(graph);
            pipelined(n, &mut write, &|range| {
                let mut rows = StatementRows::default();
                for (st, &best) in d.statements[range.clone()].iter().zip(&best[range]) {
                    rows.push(st, best);
                }
                rows.finish(&schema)
            })?
        }
        Table::Qualifiers => pipelined(n, &mut write, &|range| {
            let mut rows = QualifierRows::default();
            d.statements[range].iter().for_each(|st| rows.push(st));
            rows.finish(&schema)
        })?,
        Table::References => pipelined(n, &mut write, &|range| {
            let mut rows = ReferenceRows::default();
            d.statements[range].iter().for_each(|st| rows.push(st));
            rows.finish(&schema)
        })?,
        Table::Sources => write(small::sources(&schema, &d.sources)?)?,
        Table::Types => write(small::types(&schema, &d.types)?)?,
        Table::Predicates => write(small::predicates(&schema, &d.predicates)?)?,
        Table::Units => write(small::units(&schema, &d.units)?)?,
    }
    // Writes the footer, flushes and hands the writer back.
    out.into_inner().map_err(export_error)
}

/// The writer's properties: Snappy, the tables' metadata, and no dictionary for the
/// columns whose values are all distinct (ids).
fn properties(row_group_rows: usize, graph: &KnowledgeGraph, table: Table) -> WriterProperties {
    let dataset = serde_json::to_string(&graph.dataset().meta).expect("metadata serializes");
    let mut props = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .set_max_row_group_row_count(Some(row_group_rows))
        .set_key_value_metadata(Some(vec![
            KeyValue::new(TABLE_KEY.to_string(), table.name().to_string()),
            KeyValue::new(VERSION_KEY.to_string(), TABLES_VERSION.to_string()),
            KeyValue::new(DATASET_KEY.to_string(), dataset),
        ]));
    if matches!(table, Table::Nodes | Table::Statements) {
        props = props.set_column_dictionary_enabled(ColumnPath::from("id"), false);
    }
    props.build()
}

fn export_error(e: impl std::fmt::Display) -> Error {
    Error::Export(format!("Parquet: {e}"))
}

/// Builds the batches of items `0..n`, [`BATCH_ROWS`] at a time, and writes them in order;
/// the next batch is built on a second thread while the Parquet writer encodes this one.
fn pipelined(
    n: usize,
    write: &mut (dyn FnMut(RecordBatch) -> Result<()> + Send),
    build: &(dyn Fn(Range<usize>) -> Result<RecordBatch> + Sync),
) -> Result<()> {
    let mut pending: Option<RecordBatch> = None;
    for start in (0..n).step_by(BATCH_ROWS) {
        let range = start..(start + BATCH_ROWS).min(n);
        let (written, built) = threads::join(
            || pending.take().map_or(Ok(()), &mut *write),
            || build(range),
        );
        written?;
        pending = Some(built?);
    }
    pending.map_or(Ok(()), write)
}

/// Statements with the best rank of their subject and predicate: preferred when the pair
/// has a preferred statement, else normal; never deprecated (Wikidata's "best rank", which
/// the RDF export marks `wikibase:BestRank`).
fn best_ranked(graph: &KnowledgeGraph) -> Vec<bool> {
    let d = graph.dataset();
    let mut best = vec![false; d.statements.len()];
    let mut run: Vec<(&str, usize)> = Vec::new();
    for e in 0..d.entities.len() {
        run.clear();
        run.extend(
            graph
                .subject_statements(e)
                .filter(|&si| d.statements[si].rank != Rank::Deprecated)
                .map(|si| (d.statements[si].predicate.as_str(), si)),
        );
        run.sort_unstable();
        for group in run.chunk_by(|a, b| a.0 == b.0) {
            let top = group.iter().map(|&(_, si)| d.statements[si].rank).min();
            for &(_, si) in group {
                best[si] = Some(d.statements[si].rank) == top;
            }
        }
    }
    best
}

/// Days since 1970-01-01 (proleptic Gregorian) of the first day a date may stand for
/// (`1945-08` → 1945-08-01): what Arrow's `Date32` and Parquet's `DATE` hold.
pub(super) fn days(date: &Date) -> i32 {
    let (year, month, day) = date.earliest();
    // Howard Hinnant's days_from_civil, in a year that starts in March.
    let y = i32::from(year) - i32::from(month <= 2);
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let m = i32::from(month);
    let day_of_year = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i32::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `year`, `month` or `day`.
pub(super) fn precision_name(date: &Date) -> &'static str {
    match date.precision() {
        Precision::Year => "year",
        Precision::Month => "month",
        Precision::Day => "day",
    }
}

/// `preferred`, `normal` or `deprecated`.
pub(super) fn rank_name(rank: Rank) -> &'static str {
    rank.name()
}

/// A batch from columns in the schema's order.
pub(super) fn batch(schema: &SchemaRef, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(schema.clone(), columns).map_err(export_error)
}

/// A list-of-text builder whose item field is the schema's.
pub(super) fn text_list() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(list_item())
}

/// A map builder with text keys whose field names are the schema's.
pub(super) fn text_map<V: arrow_array::builder::ArrayBuilder>(
    values: V,
    value_type: DataType,
) -> MapBuilder<StringBuilder, V> {
    let names = MapFieldNames {
        entry: "key_value".into(),
        key: "key".into(),
        value: "value".into(),
    };
    let DataType::Struct(fields) = map_entries(value_type, false).data_type().clone() else {
        unreachable!("map entries are a struct")
    };
    MapBuilder::new(Some(names), StringBuilder::new(), values)
        .with_values_field(Arc::<Field>::clone(&fields[1]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_count_from_the_unix_epoch_in_the_proleptic_gregorian_calendar() {
        let day = |y, m, d| days(&Date::new(y, m, d).expect("a date"));
        assert_eq!(day(1970, Some(1), Some(1)), 0);
        assert_eq!(day(1969, Some(12), Some(31)), -1);
        assert_eq!(day(1945, Some(8), Some(9)), -8911);
        assert_eq!(day(2000, Some(3), Some(1)), 11_017);
        // A year or a month stands for its first day.
        assert_eq!(day(1945, Some(8), None), day(1945, Some(8), Some(1)));
        assert_eq!(day(1945, None, None), day(1945, Some(1), Some(1)));
        // Year 0 (1 BCE) is a leap year; 0001-01-01 is 719,162 days before the epoch.
        assert_eq!(day(1, Some(1), Some(1)), -719_162);
        assert_eq!(day(0, Some(3), Some(1)) - day(0, Some(2), Some(28)), 2);
        assert_eq!(day(-9999, Some(1), Some(1)), -4_371_587);
    }
}
