//! The rows of the big tables (nodes, statements, qualifiers, references), appended to Arrow
//! builders one item at a time and finished into a batch.

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder, ListBuilder,
    MapBuilder, StringBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::{DataType, SchemaRef};

use super::write::{batch, days, precision_name, rank_name, text_list, text_map};
use crate::error::Result;
use crate::format::parquet::list_item;
use crate::model::{Bound, Date, Entity, Quantity, Scalar, Span, Statement, Value};

/// The rows of the nodes table.
pub(super) struct NodeRows<'a> {
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
    pub(super) fn new(languages: &'a [String]) -> Self {
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

    pub(super) fn push(&mut self, e: &Entity) {
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

    pub(super) fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
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
    text_language: StringBuilder,
}

impl ValueRows {
    /// Appends one row: `kind` and the columns of that kind, nulls elsewhere.
    pub(super) fn push(&mut self, kind: &str, value: ValueRef<'_>) {
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
        let (text, language) = match value {
            ValueRef::Text(t, language) => (Some(t), language),
            _ => (None, None),
        };
        self.text.append_option(text);
        self.text_language.append_option(language);
    }

    /// The columns, in the schema's order; without `decimal` and the span's for qualifiers.
    pub(super) fn finish(mut self, statement: bool) -> Vec<ArrayRef> {
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
        if statement {
            columns.push(Arc::new(self.text_language.finish()));
        }
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
    /// A text and its language when that is not the primary one.
    Text(&'a str, Option<&'a str>),
}

/// The rows of the statements table.
#[derive(Default)]
pub(super) struct StatementRows {
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
    pub(super) fn push(&mut self, st: &Statement, best: bool) {
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
            Value::Text(t) => ValueRef::Text(t, t.language.as_deref()),
        };
        self.value.push(st.value.key(), value);
        self.rank.append_value(rank_name(st.rank));
        self.best_rank.append_value(best);
        self.disputed.append_option(st.disputed());
        self.note.append_option(st.note());
    }

    pub(super) fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
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
pub(super) struct QualifierRows {
    id_text: String,
    statement: StringBuilder,
    key: StringBuilder,
    free: BooleanBuilder,
    object: StringBuilder,
    value: ValueRows,
}

impl QualifierRows {
    pub(super) fn push(&mut self, st: &Statement) {
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
            self.row(key, true, None, "text", ValueRef::Text(text, None));
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

    pub(super) fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
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
pub(super) struct ReferenceRows {
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
    pub(super) fn push(&mut self, st: &Statement) {
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

    pub(super) fn finish(mut self, schema: &SchemaRef) -> Result<RecordBatch> {
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
