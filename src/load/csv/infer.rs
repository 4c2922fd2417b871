//! Names the data uses but no file declares: types, predicates and sources declared from
//! CSV data, each located at the cell that first names it.

use std::collections::HashSet;

use super::super::Loaded;
use super::super::origin::{CsvOrigins, CsvPlace, ItemKind};
use super::Dialect;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::{EntityType, LiteralKind, Predicate, Range as PredicateRange, Source, Value};

/// Declares the types, predicates and sources the data names but no file declares (each
/// only when its kind has no declaration at all), with one warning listing them.
pub(super) fn infer(loaded: &mut Loaded, schema: bool, sources: bool, anchor: Option<Location>) {
    let mut lists = Vec::new();
    if schema {
        let d = &loaded.dataset;
        let mut seen = HashSet::new();
        let mut types = Vec::new();
        for (i, e) in d.entities.iter().enumerate() {
            if !e.type_id.is_empty() && seen.insert(e.type_id.as_str()) {
                types.push((e.type_id.clone(), i));
            }
        }
        let mut seen = HashSet::new();
        let mut predicates = Vec::new();
        for (i, s) in d.statements.iter().enumerate() {
            if !s.predicate.is_empty() && seen.insert(s.predicate.as_str()) {
                let range = match &s.value {
                    Value::Entity(_) => PredicateRange::Entities(Vec::new()),
                    Value::Quantity(_) => PredicateRange::Literal(LiteralKind::Integer),
                    Value::Decimal(_) => PredicateRange::Literal(LiteralKind::Decimal),
                    Value::Date(_) => PredicateRange::Literal(LiteralKind::Date),
                    Value::Span(_) => PredicateRange::Literal(LiteralKind::Span),
                    Value::Text(_) => PredicateRange::Literal(LiteralKind::String),
                };
                predicates.push((s.predicate.clone(), range, i));
            }
        }
        let names: Vec<String> = types.iter().map(|(t, _)| t.to_string()).collect();
        declare(
            loaded,
            ItemKind::Type,
            ItemKind::Entity,
            &["type"],
            types.into_iter().map(|(id, i)| {
                let label = id.replace('_', " ");
                (
                    EntityType {
                        id: id.to_string(),
                        label,
                        ..Default::default()
                    },
                    i,
                )
            }),
            |d, t| d.types.push(t),
        );
        lists.push(("type", names));
        let names: Vec<String> = predicates.iter().map(|(p, ..)| p.to_string()).collect();
        declare(
            loaded,
            ItemKind::Predicate,
            ItemKind::Statement,
            &["predicate"],
            predicates.into_iter().map(|(id, range, i)| {
                let label = id.replace('_', " ");
                (
                    Predicate {
                        id: id.to_string(),
                        label,
                        range,
                        ..Default::default()
                    },
                    i,
                )
            }),
            |d, p| d.predicates.push(p),
        );
        lists.push(("predicate", names));
    }
    if sources {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for (i, s) in loaded.dataset.statements.iter().enumerate() {
            for (j, r) in s.references().iter().enumerate() {
                if !r.source.is_empty() && seen.insert(r.source.as_str()) {
                    found.push((r.source.clone(), i, j));
                }
            }
        }
        let names: Vec<String> = found.iter().map(|(s, ..)| s.clone()).collect();
        let first = loaded.dataset.sources.len();
        let mut cells = Vec::new();
        for (id, i, j) in found {
            let at = loaded.origins.locate(
                ItemKind::Statement,
                i,
                &["references", &j.to_string(), "source"],
            );
            loaded.dataset.sources.push(Source {
                title: id.clone(),
                id,
                ..Default::default()
            });
            cells.push(at);
        }
        push_cells(loaded, ItemKind::Source, first, cells);
        lists.push(("source", names));
    }
    lists.retain(|(_, names)| !names.is_empty());
    if lists.is_empty() {
        return;
    }
    let described: Vec<String> = lists
        .iter()
        .map(|(kind, names)| {
            let shown: Vec<&str> = names.iter().take(8).map(String::as_str).collect();
            let more = match names.len().saturating_sub(shown.len()) {
                0 => String::new(),
                n => format!(" and {n} more"),
            };
            let plural = if names.len() == 1 { "" } else { "s" };
            format!(
                "{} {kind}{plural} ({}{more})",
                names.len(),
                shown.join(", ")
            )
        })
        .collect();
    loaded.diagnostics.items.push(
        Diagnostic::warning(
            Code::InferredSchema,
            format!("declared from the data: {}", described.join("; ")),
        )
        .at(anchor, "names found in this column, among others")
        .with_help(
            "declare types and predicates in schema.toml, and sources in sources.toml, to give them labels, domains and ranges; see docs/FORMAT.md",
        ),
    );
}

/// Adds declared items, each located at the cell that first names it.
fn declare<T>(
    loaded: &mut Loaded,
    kind: ItemKind,
    user: ItemKind,
    path: &[&str],
    items: impl Iterator<Item = (T, usize)>,
    mut store: impl FnMut(&mut crate::model::Dataset, T),
) {
    let first = match kind {
        ItemKind::Type => loaded.dataset.types.len(),
        _ => loaded.dataset.predicates.len(),
    };
    let mut cells = Vec::new();
    for (item, i) in items {
        cells.push(loaded.origins.locate(user, i, path));
        store(&mut loaded.dataset, item);
    }
    push_cells(loaded, kind, first, cells);
}

fn push_cells(loaded: &mut Loaded, kind: ItemKind, first: usize, cells: Vec<Option<Location>>) {
    // Each item's cell is in some CSV file (or a TOML file, for data mixed in from there);
    // one run per file keeps them index-aligned.
    let mut run: Option<CsvOrigins> = None;
    for (n, cell) in cells.into_iter().enumerate() {
        let Some(cell) = cell else {
            // Without a place, later items cannot be located by index; stop here.
            break;
        };
        let same = run.as_ref().is_some_and(|r| r.file == cell.file);
        if !same {
            if let Some(r) = run.take() {
                loaded.origins.csv.push(r);
            }
            run = Some(CsvOrigins {
                kind,
                first: first + n,
                file: cell.file,
                text: loaded.diagnostics.files.shared_text(cell.file),
                dialect: Dialect::default(),
                place: CsvPlace::Cells(Vec::new()),
            });
        }
        if let Some(CsvOrigins {
            place: CsvPlace::Cells(list),
            ..
        }) = run.as_mut()
        {
            list.push(cell.span);
        }
    }
    if let Some(r) = run {
        loaded.origins.csv.push(r);
    }
}
