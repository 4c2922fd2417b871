//! The schema's small tables (sources, types, predicates, units), each one batch.

use std::sync::Arc;

use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::SchemaRef;

use super::write::{batch, days, precision_name, text_list};
use crate::error::Result;
use crate::model::{Date, EntityType, Predicate, Range, Source, Unit};

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
