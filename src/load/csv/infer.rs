//! Names the data uses but no file declares: types, predicates and sources declared from
//! CSV data, each located at the cell that first names it. [`FirstUses`] notes them as the
//! statements go by, so that a streamed build, which sees each statement once, declares the
//! same names as a build in memory.

use rustc_hash::FxHashSet;
use smol_str::SmolStr;

use super::super::Loaded;
use super::super::origin::{CsvOrigins, CsvPlace, ItemKind};
use super::Dialect;
use crate::diag::{Code, Diagnostic, Location};
use crate::model::{
    EntityType, LiteralKind, Predicate, Range as PredicateRange, Source, Statement, Value,
};

/// The predicates and sources statements name, each with the cell of its first use, for
/// declaring them from the data; kept as the statements go by (a streamed build sees each
/// once).
#[derive(Default)]
pub(crate) struct FirstUses {
    /// Whether predicates and sources are declared from the data.
    schema: bool,
    sources: bool,
    predicates: Vec<(SmolStr, PredicateRange, Option<Location>)>,
    cited: Vec<(String, Option<Location>)>,
    // Fx rather than SipHash: every statement and entity is looked up (3M + 1M at 1M
    // entities), and the names are the user's own data.
    seen_predicates: FxHashSet<SmolStr>,
    seen_sources: FxHashSet<String>,
}

impl FirstUses {
    /// First uses for a dataset read so far: predicates are declared from the data when no
    /// file declares a type or predicate, sources when none declares a source.
    pub(crate) fn new(loaded: &Loaded) -> Self {
        FirstUses {
            schema: loaded.dataset.types.is_empty() && loaded.dataset.predicates.is_empty(),
            sources: loaded.dataset.sources.is_empty(),
            ..Self::default()
        }
    }

    /// Notes what `s` names; `at` locates a path inside it (only called on a first use).
    pub(crate) fn note(&mut self, s: &Statement, at: impl Fn(&[&str]) -> Option<Location>) {
        if self.schema && !s.predicate.is_empty() && !self.seen_predicates.contains(&s.predicate) {
            self.seen_predicates.insert(s.predicate.clone());
            let range = match &s.value {
                Value::Entity(_) => PredicateRange::Entities(Vec::new()),
                Value::Quantity(_) => PredicateRange::Literal(LiteralKind::Integer),
                Value::Decimal(_) => PredicateRange::Literal(LiteralKind::Decimal),
                Value::Date(_) => PredicateRange::Literal(LiteralKind::Date),
                Value::Span(_) => PredicateRange::Literal(LiteralKind::Span),
                Value::Text(_) => PredicateRange::Literal(LiteralKind::String),
            };
            self.predicates
                .push((s.predicate.clone(), range, at(&["predicate"])));
        }
        if self.sources {
            for (j, r) in s.references().iter().enumerate() {
                if !r.source.is_empty() && !self.seen_sources.contains(&r.source) {
                    self.seen_sources.insert(r.source.clone());
                    let at = at(&["references", &j.to_string(), "source"]);
                    self.cited.push((r.source.clone(), at));
                }
            }
        }
    }
}

/// Declares the types, predicates and sources the data names but no file declares (each
/// only when its kind has no declaration at all, as `uses` says), with one warning listing
/// them.
pub(super) fn infer(loaded: &mut Loaded, mut uses: FirstUses, anchor: Option<Location>) {
    for (i, s) in loaded.dataset.statements.iter().enumerate() {
        uses.note(s, |path| {
            loaded.origins.locate(ItemKind::Statement, i, path)
        });
    }
    declare_from_data(loaded, uses, anchor);
}

/// Declares what [`FirstUses`] found (and the types the entities name, when predicates are
/// declared from the data), with one warning listing them; `anchor` is where it points.
pub(crate) fn declare_from_data(loaded: &mut Loaded, uses: FirstUses, anchor: Option<Location>) {
    let mut lists = Vec::new();
    if uses.schema {
        let d = &loaded.dataset;
        let mut seen = FxHashSet::default();
        let mut types = Vec::new();
        for (i, e) in d.entities.iter().enumerate() {
            if !e.type_id.is_empty() && seen.insert(e.type_id.as_str()) {
                types.push((e.type_id.clone(), i));
            }
        }
        let names: Vec<String> = types.iter().map(|(t, _)| t.to_string()).collect();
        let types: Vec<_> = types
            .into_iter()
            .map(|(id, i)| {
                let label = id.replace('_', " ");
                let at = loaded.origins.locate(ItemKind::Entity, i, &["type"]);
                (
                    EntityType {
                        id: id.to_string(),
                        label,
                        ..Default::default()
                    },
                    at,
                )
            })
            .collect();
        declare(loaded, ItemKind::Type, types, |d, t| d.types.push(t));
        lists.push(("type", names));
        let names: Vec<String> = uses
            .predicates
            .iter()
            .map(|(p, ..)| p.to_string())
            .collect();
        let predicates = uses.predicates.into_iter().map(|(id, range, at)| {
            let label = id.replace('_', " ");
            (
                Predicate {
                    id: id.to_string(),
                    label,
                    range,
                    ..Default::default()
                },
                at,
            )
        });
        declare(loaded, ItemKind::Predicate, predicates, |d, p| {
            d.predicates.push(p)
        });
        lists.push(("predicate", names));
    }
    if uses.sources {
        let names: Vec<String> = uses.cited.iter().map(|(s, _)| s.clone()).collect();
        let first = loaded.dataset.sources.len();
        let mut cells = Vec::new();
        for (id, at) in uses.cited {
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
    items: impl IntoIterator<Item = (T, Option<Location>)>,
    mut store: impl FnMut(&mut crate::model::Dataset, T),
) {
    let first = match kind {
        ItemKind::Type => loaded.dataset.types.len(),
        _ => loaded.dataset.predicates.len(),
    };
    let mut cells = Vec::new();
    for (item, at) in items {
        cells.push(at);
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
                relocation: None,
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
