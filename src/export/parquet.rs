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

use std::io::Write;
use std::ops::Range;
use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder,
    MapBuilder, MapFieldNames, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, Field, SchemaRef};
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use crate::error::{Error, Result};
use crate::export::parallel;
pub use crate::format::parquet::Table;
use crate::format::parquet::{
    DATASET_KEY, TABLE_KEY, TABLES_VERSION, VERSION_KEY, list_item, map_entries,
};
use crate::graph::KnowledgeGraph;
use crate::model::{Bound, Date, Precision, Quantity, Rank, Scalar, Span, Statement, Value};
use crate::threads;

/// Rows built into one Arrow batch before it is handed to the Parquet writer (nodes and
/// statements; the qualifiers and references of that many statements).
pub const BATCH_ROWS: usize = parallel::CHUNK;

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

    /// Writes one table of the graph and returns the writer.
    ///
    /// # Errors
    /// [`Error::Export`] when the writer fails (I/O), or when Arrow or Parquet refuse a batch
    /// (a bug).
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
        let schema = table.schema();
        let mut out =
            ArrowWriter::try_new(writer, schema.clone(), Some(self.properties(graph, table)))
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
    fn properties(&self, graph: &KnowledgeGraph, table: Table) -> WriterProperties {
        let dataset = serde_json::to_string(&graph.dataset().meta).expect("metadata serializes");
        let mut props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_max_row_group_row_count(Some(self.row_group_rows))
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
    for range in parallel::chunks(n) {
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
fn days(date: &Date) -> i32 {
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

fn precision_name(date: &Date) -> &'static str {
    match date.precision() {
        Precision::Year => "year",
        Precision::Month => "month",
        Precision::Day => "day",
    }
}

fn rank_name(rank: Rank) -> &'static str {
    rank.name()
}

/// A batch from columns in the schema's order.
fn batch(schema: &SchemaRef, columns: Vec<ArrayRef>) -> Result<RecordBatch> {
    RecordBatch::try_new(schema.clone(), columns).map_err(export_error)
}

/// A list-of-text builder whose item field is the schema's.
fn text_list() -> ListBuilder<StringBuilder> {
    ListBuilder::new(StringBuilder::new()).with_field(list_item())
}

/// A map builder with text keys whose field names are the schema's.
fn text_map<V: arrow_array::builder::ArrayBuilder>(
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

/// The rows of the nodes table.
struct NodeRows<'a> {
    languages: &'a [String],
    id: StringBuilder,
    type_id: StringBuilder,
    label: StringBuilder,
    labels: MapBuilder<StringBuilder, StringBuilder>,
    aliases: MapBuilder<StringBuilder, ListBuilder<StringBuilder>>,
    description: StringBuilder,
    wikidata: StringBuilder,
    attributes: MapBuilder<StringBuilder, StringBuilder>,
}

impl<'a> NodeRows<'a> {
    fn new(languages: &'a [String]) -> Self {
        NodeRows {
            languages,
            id: StringBuilder::new(),
            type_id: StringBuilder::new(),
            label: StringBuilder::new(),
            labels: text_map(StringBuilder::new(), DataType::Utf8),
            aliases: text_map(text_list(), DataType::List(list_item())),
            description: StringBuilder::new(),
            wikidata: StringBuilder::new(),
            attributes: text_map(StringBuilder::new(), DataType::Utf8),
        }
    }

    fn push(&mut self, e: &crate::model::Entity) {
        self.id.append_value(&e.id);
        self.type_id.append_value(&e.type_id);
        self.label.append_value(e.label_in(self.languages));
        for (lang, text) in e.label.iter() {
            self.labels.keys().append_value(lang);
            self.labels.values().append_value(text);
        }
        self.labels.append(true).expect("keys and values agree");
        for (lang, names) in e.aliases.iter() {
            self.aliases.keys().append_value(lang);
            self.aliases
                .values()
                .append_value(names.iter().map(|n| Some(n.as_str())));
        }
        self.aliases.append(true).expect("keys and values agree");
        self.description.append_option(e.description.as_deref());
        self.wikidata.append_option(e.wikidata.as_deref());
        for (key, value) in &e.attributes {
            self.attributes.keys().append_value(key);
            let values = self.attributes.values();
            match value {
                Scalar::Bool(b) => values.append_value(if *b { "true" } else { "false" }),
                Scalar::Integer(n) => values.append_value(n.to_string()),
                Scalar::Float(x) => values.append_value(x.to_string()),
                Scalar::String(s) => values.append_value(s),
            }
        }
        self.attributes.append(true).expect("keys and values agree");
    }

    fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        batch(
            schema,
            vec![
                Arc::new(self.id.finish()),
                Arc::new(self.type_id.finish()),
                Arc::new(self.label.finish()),
                Arc::new(self.labels.finish()),
                Arc::new(self.aliases.finish()),
                Arc::new(self.description.finish()),
                Arc::new(self.wikidata.finish()),
                Arc::new(self.attributes.finish()),
            ],
        )
    }
}

/// The value columns a statement and a qualifier share (see
/// [`crate::format::parquet`]); `decimal` and the span's are the statements' only.
#[derive(Default)]
struct ValueRows {
    kind: StringBuilder,
    amount: Int64Builder,
    lower: Int64Builder,
    upper: Int64Builder,
    bound: StringBuilder,
    unit: StringBuilder,
    decimal: Float64Builder,
    date: Date32Builder,
    date_precision: StringBuilder,
    span_start: Date32Builder,
    span_start_precision: StringBuilder,
    span_end: Date32Builder,
    span_end_precision: StringBuilder,
    text: StringBuilder,
}

impl ValueRows {
    /// Appends one row: `kind` and the columns of that kind, nulls elsewhere.
    fn push(&mut self, kind: &str, value: ValueRef<'_>) {
        self.kind.append_value(kind);
        let quantity = match value {
            ValueRef::Quantity(q) => Some(q),
            _ => None,
        };
        let (amount, lower, upper) = match quantity.map(|q| q.bound) {
            None => (None, None, None),
            Some(Bound::Exact(n) | Bound::About(n)) => (Some(n), None, None),
            Some(Bound::AtLeast(n) | Bound::MoreThan(n)) => (None, Some(n), None),
            Some(Bound::AtMost(n) | Bound::LessThan(n)) => (None, None, Some(n)),
            Some(Bound::Range(lo, hi)) => (None, Some(lo), Some(hi)),
        };
        self.amount.append_option(amount);
        self.lower.append_option(lower);
        self.upper.append_option(upper);
        self.bound.append_option(quantity.map(|q| q.bound.key()));
        self.unit
            .append_option(quantity.and_then(|q| q.unit.as_deref()));
        self.decimal.append_option(match value {
            ValueRef::Decimal(x) => Some(x),
            _ => None,
        });
        let date = match value {
            ValueRef::Date(d) => Some(d),
            _ => None,
        };
        self.date.append_option(date.map(days));
        self.date_precision.append_option(date.map(precision_name));
        let span = match value {
            ValueRef::Span(s) => Some(s),
            _ => None,
        };
        let (start, end) = (span.and_then(|s| s.start), span.and_then(|s| s.end));
        self.span_start.append_option(start.as_ref().map(days));
        self.span_start_precision
            .append_option(start.as_ref().map(precision_name));
        self.span_end.append_option(end.as_ref().map(days));
        self.span_end_precision
            .append_option(end.as_ref().map(precision_name));
        self.text.append_option(match value {
            ValueRef::Text(t) => Some(t),
            _ => None,
        });
    }

    /// The columns, in the schema's order; without `decimal` and the span's for qualifiers.
    fn finish(mut self, statement: bool) -> Vec<ArrayRef> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.kind.finish()),
            Arc::new(self.amount.finish()),
            Arc::new(self.lower.finish()),
            Arc::new(self.upper.finish()),
            Arc::new(self.bound.finish()),
            Arc::new(self.unit.finish()),
        ];
        if statement {
            columns.push(Arc::new(self.decimal.finish()));
        }
        columns.push(Arc::new(self.date.finish()));
        columns.push(Arc::new(self.date_precision.finish()));
        if statement {
            columns.push(Arc::new(self.span_start.finish()));
            columns.push(Arc::new(self.span_start_precision.finish()));
            columns.push(Arc::new(self.span_end.finish()));
            columns.push(Arc::new(self.span_end_precision.finish()));
        }
        columns.push(Arc::new(self.text.finish()));
        columns
    }
}

/// A value without its entity case (which goes to `dst` or `object`).
#[derive(Clone, Copy)]
enum ValueRef<'a> {
    None,
    Quantity(&'a Quantity),
    Decimal(f64),
    Date(&'a Date),
    Span(&'a Span),
    Text(&'a str),
}

/// The rows of the statements table.
#[derive(Default)]
struct StatementRows {
    id: StringBuilder,
    id_text: String,
    src: StringBuilder,
    predicate: StringBuilder,
    dst: StringBuilder,
    value: ValueRows,
    rank: StringBuilder,
    best_rank: BooleanBuilder,
    disputed: StringBuilder,
    note: StringBuilder,
}

impl StatementRows {
    fn push(&mut self, st: &Statement, best: bool) {
        self.id_text.clear();
        st.write_id(&mut self.id_text);
        self.id.append_value(&self.id_text);
        self.src.append_value(&st.subject);
        self.predicate.append_value(&st.predicate);
        self.dst.append_option(st.object());
        let value = match &st.value {
            Value::Entity(_) => ValueRef::None,
            Value::Quantity(q) => ValueRef::Quantity(q),
            Value::Decimal(x) => ValueRef::Decimal(*x),
            Value::Date(d) => ValueRef::Date(d),
            Value::Span(s) => ValueRef::Span(s),
            Value::Text(t) => ValueRef::Text(t),
        };
        self.value.push(st.value.key(), value);
        self.rank.append_value(rank_name(st.rank));
        self.best_rank.append_value(best);
        self.disputed.append_option(st.disputed());
        self.note.append_option(st.note());
    }

    fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.src.finish()),
            Arc::new(self.predicate.finish()),
            Arc::new(self.dst.finish()),
        ];
        columns.extend(self.value.finish(true));
        columns.extend([
            Arc::new(self.rank.finish()) as ArrayRef,
            Arc::new(self.best_rank.finish()),
            Arc::new(self.disputed.finish()),
            Arc::new(self.note.finish()),
        ]);
        batch(schema, columns)
    }
}

/// The rows of the qualifiers table: a statement's built-in qualifiers in the order
/// `point_in_time`, `start`, `end`, `place`, `quantity`, then its free ones by key.
#[derive(Default)]
struct QualifierRows {
    id_text: String,
    statement: StringBuilder,
    key: StringBuilder,
    free: BooleanBuilder,
    object: StringBuilder,
    value: ValueRows,
}

impl QualifierRows {
    fn push(&mut self, st: &Statement) {
        let q = st.qualifiers();
        if q.is_empty() {
            return;
        }
        self.id_text.clear();
        st.write_id(&mut self.id_text);
        let dates = [
            ("point_in_time", q.point_in_time.as_ref()),
            ("start", q.start.as_ref()),
            ("end", q.end.as_ref()),
        ];
        for (key, date) in dates {
            if let Some(d) = date {
                self.row(key, false, None, "date", ValueRef::Date(d));
            }
        }
        if let Some(place) = &q.place {
            self.row("place", false, Some(place), "object", ValueRef::None);
        }
        if let Some(quantity) = &q.quantity {
            self.row(
                "quantity",
                false,
                None,
                "quantity",
                ValueRef::Quantity(quantity),
            );
        }
        for (key, text) in &q.other {
            self.row(key, true, None, "text", ValueRef::Text(text));
        }
    }

    fn row(
        &mut self,
        key: &str,
        free: bool,
        object: Option<&str>,
        kind: &str,
        value: ValueRef<'_>,
    ) {
        self.statement.append_value(&self.id_text);
        self.key.append_value(key);
        self.free.append_value(free);
        self.object.append_option(object);
        self.value.push(kind, value);
    }

    fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        let mut columns: Vec<ArrayRef> = vec![
            Arc::new(self.statement.finish()),
            Arc::new(self.key.finish()),
            Arc::new(self.free.finish()),
            Arc::new(self.object.finish()),
        ];
        columns.extend(self.value.finish(false));
        batch(schema, columns)
    }
}

/// The rows of the references table, in each statement's order.
#[derive(Default)]
struct ReferenceRows {
    id_text: String,
    statement: StringBuilder,
    position: Int32Builder,
    source: StringBuilder,
    paragraph: Int64Builder,
    page: StringBuilder,
    section: StringBuilder,
    note: StringBuilder,
}

impl ReferenceRows {
    fn push(&mut self, st: &Statement) {
        if st.references().is_empty() {
            return;
        }
        self.id_text.clear();
        st.write_id(&mut self.id_text);
        for (i, r) in st.references().iter().enumerate() {
            self.statement.append_value(&self.id_text);
            self.position
                .append_value(i32::try_from(i).unwrap_or(i32::MAX));
            self.source.append_value(&r.source);
            self.paragraph.append_option(r.paragraph.map(i64::from));
            self.page.append_option(r.page.as_deref());
            self.section.append_option(r.section.as_deref());
            self.note.append_option(r.note.as_deref());
        }
    }

    fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
        batch(
            schema,
            vec![
                Arc::new(self.statement.finish()),
                Arc::new(self.position.finish()),
                Arc::new(self.source.finish()),
                Arc::new(self.paragraph.finish()),
                Arc::new(self.page.finish()),
                Arc::new(self.section.finish()),
                Arc::new(self.note.finish()),
            ],
        )
    }
}

/// The schema's small tables, each one batch.
mod small {
    use super::*;
    use crate::model::{EntityType, Predicate, Range, Source, Unit};

    fn texts<'a>(values: impl Iterator<Item = &'a str>) -> ArrayRef {
        Arc::new(arrow_array::StringArray::from_iter_values(values))
    }

    fn optional<'a>(values: impl Iterator<Item = Option<&'a str>>) -> ArrayRef {
        Arc::new(values.collect::<arrow_array::StringArray>())
    }

    fn dates(values: impl Iterator<Item = Option<Date>>) -> (ArrayRef, ArrayRef) {
        let (days, precisions): (Vec<_>, Vec<_>) = values
            .map(|d| (d.as_ref().map(days), d.as_ref().map(precision_name)))
            .unzip();
        (
            Arc::new(arrow_array::Date32Array::from(days)),
            Arc::new(arrow_array::StringArray::from(precisions)),
        )
    }

    pub(super) fn sources(schema: &SchemaRef, sources: &[Source]) -> Result<RecordBatch> {
        let (date, date_precision) = dates(sources.iter().map(|s| s.date));
        let (accessed, accessed_precision) = dates(sources.iter().map(|s| s.accessed));
        let kinds: Vec<String> = sources
            .iter()
            .map(|s| {
                serde_json::to_value(s.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default()
            })
            .collect();
        batch(
            schema,
            vec![
                texts(sources.iter().map(|s| s.id.as_str())),
                texts(sources.iter().map(|s| s.title.as_str())),
                optional(sources.iter().map(|s| s.author.as_deref())),
                optional(sources.iter().map(|s| s.publisher.as_deref())),
                date,
                date_precision,
                optional(sources.iter().map(|s| s.url.as_deref())),
                accessed,
                accessed_precision,
                optional(sources.iter().map(|s| s.language.as_deref())),
                texts(kinds.iter().map(String::as_str)),
                optional(sources.iter().map(|s| s.note.as_deref())),
                Arc::new(arrow_array::Int64Array::from_iter(
                    sources.iter().map(|s| s.paragraphs.map(i64::from)),
                )),
            ],
        )
    }

    pub(super) fn types(schema: &SchemaRef, types: &[EntityType]) -> Result<RecordBatch> {
        batch(
            schema,
            vec![
                texts(types.iter().map(|t| t.id.as_str())),
                texts(types.iter().map(|t| t.label.as_str())),
                optional(types.iter().map(|t| t.parent.as_deref())),
                optional(types.iter().map(|t| t.class.as_deref())),
                optional(types.iter().map(|t| t.group.as_deref())),
                optional(types.iter().map(|t| t.description.as_deref())),
            ],
        )
    }

    pub(super) fn predicates(schema: &SchemaRef, predicates: &[Predicate]) -> Result<RecordBatch> {
        let mut domain = text_list();
        let mut range_types = text_list();
        for p in predicates {
            domain.append_value(p.domain.iter().map(|t| Some(t.as_str())));
            match &p.range {
                Range::Entities(types) => {
                    range_types.append_value(types.iter().map(|t| Some(t.as_str())))
                }
                Range::Literal(_) => range_types.append_null(),
            }
        }
        batch(
            schema,
            vec![
                texts(predicates.iter().map(|p| p.id.as_str())),
                texts(predicates.iter().map(|p| p.label.as_str())),
                optional(predicates.iter().map(|p| p.inverse.as_deref())),
                Arc::new(domain.finish()),
                Arc::new(range_types.finish()),
                optional(predicates.iter().map(|p| match p.range {
                    Range::Literal(kind) => Some(kind.name()),
                    Range::Entities(_) => None,
                })),
                optional(predicates.iter().map(|p| p.property.as_deref())),
                Arc::new(arrow_array::BooleanArray::from(
                    predicates.iter().map(|p| p.symmetric).collect::<Vec<_>>(),
                )),
                optional(predicates.iter().map(|p| p.description.as_deref())),
            ],
        )
    }

    pub(super) fn units(schema: &SchemaRef, units: &[Unit]) -> Result<RecordBatch> {
        batch(
            schema,
            vec![
                texts(units.iter().map(|u| u.id.as_str())),
                texts(units.iter().map(|u| u.label.as_str())),
                optional(units.iter().map(|u| u.iri.as_deref())),
                optional(units.iter().map(|u| u.description.as_deref())),
            ],
        )
    }
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
