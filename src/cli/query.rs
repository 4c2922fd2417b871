//! What the query subcommands share: the dataset option, entity resolution, printing.

use std::path::PathBuf;

use kgforge::query::{Direction, Filter};
use kgforge::{Entity, KnowledgeGraph, Rank, Statement};

use super::{DATASET_HELP, DatasetArgs, Failure, Verbosity, dataset_or_default};

/// The dataset option of every command that queries a dataset.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct QueryArgs {
    #[arg(short, long, value_name = "DATASET", help = DATASET_HELP)]
    pub dataset: Option<PathBuf>,
}

/// `--json` of the query commands that print a table.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct JsonArg {
    /// Print JSON instead of aligned text.
    #[arg(long)]
    pub json: bool,
}

impl QueryArgs {
    pub(crate) fn open(&self, verbosity: Verbosity) -> Result<KnowledgeGraph, Failure> {
        let args = DatasetArgs {
            dataset: dataset_or_default(self.dataset.as_deref())?,
            deny_warnings: false,
            short: true,
        };
        // Warnings are the business of `validate`; queries stay quiet about them.
        let quiet = if verbosity == Verbosity::Verbose {
            verbosity
        } else {
            Verbosity::Quiet
        };
        super::open(&args, quiet)
    }
}

/// Filters shared by `neighbors`, `path` and `subgraph`.
#[derive(Debug, Clone, Default, clap::Args)]
pub(crate) struct FilterArgs {
    /// Only statements with this predicate id (repeatable).
    #[arg(short, long, value_name = "PREDICATE")]
    predicate: Vec<String>,
    /// Only entities of this type or its subtypes (repeatable).
    #[arg(short = 't', long = "type", value_name = "TYPE")]
    types: Vec<String>,
    /// Only statements of this rank (repeatable; default: all but deprecated).
    #[arg(long, value_name = "RANK", value_parser = parse_rank)]
    rank: Vec<Rank>,
    /// Only statements that may hold at this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: Option<kgforge::Date>,
}

fn parse_rank(s: &str) -> Result<Rank, String> {
    match s {
        "preferred" => Ok(Rank::Preferred),
        "normal" => Ok(Rank::Normal),
        "deprecated" => Ok(Rank::Deprecated),
        _ => Err(format!(
            "unknown rank \"{s}\"; choose preferred, normal or deprecated"
        )),
    }
}

impl FilterArgs {
    /// Whether --rank was given.
    pub(crate) fn has_rank(&self) -> bool {
        !self.rank.is_empty()
    }

    /// Whether no filter option was given.
    pub(crate) fn is_empty(&self) -> bool {
        self.predicate.is_empty()
            && self.types.is_empty()
            && self.rank.is_empty()
            && self.as_of.is_none()
    }

    pub(crate) fn filter(&self, graph: &KnowledgeGraph) -> Result<Filter, Failure> {
        let mut filter = Filter::new();
        for p in &self.predicate {
            if graph.predicate(p).is_none() {
                return Err(Failure::Error(format!("unknown predicate \"{p}\"")));
            }
            filter = filter.with_predicate(p);
        }
        for t in &self.types {
            if graph.entity_type(t).is_none() {
                return Err(Failure::Error(format!("unknown type \"{t}\"")));
            }
            filter = filter.with_type(t);
        }
        for r in &self.rank {
            filter = filter.with_rank(*r);
        }
        if let Some(date) = self.as_of {
            filter = filter.as_of(date);
        }
        Ok(filter)
    }
}

/// `in`, `out` or `both`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum DirectionArg {
    /// Statements whose object is the entity.
    In,
    /// Statements whose subject is the entity.
    Out,
    /// Both.
    Both,
}

impl From<DirectionArg> for Direction {
    fn from(d: DirectionArg) -> Self {
        match d {
            DirectionArg::In => Direction::Incoming,
            DirectionArg::Out => Direction::Outgoing,
            DirectionArg::Both => Direction::Both,
        }
    }
}

/// The entity a name on the command line means: an id, or a label or alias that names one
/// entity, exactly or (as `kgforge find` finds it) in part. Otherwise a usage error listing
/// the candidates as "label (id), type".
pub(crate) fn resolve<'g>(graph: &'g KnowledgeGraph, name: &str) -> Result<&'g Entity, Failure> {
    graph.resolve(name).map_err(|candidates| {
        if candidates.is_empty() {
            Failure::Error(format!(
                "no entity is named \"{name}\" (not an id, label or alias; `kgforge find` \
                 searches names in part)"
            ))
        } else {
            let shown = 10;
            let mut list: Vec<String> = candidates
                .iter()
                .take(shown)
                .map(|m| format!("  {}", candidate(graph, m)))
                .collect();
            if candidates.len() > shown {
                list.push(format!("  … and {} more", candidates.len() - shown));
            }
            Failure::Error(format!(
                "\"{name}\" could mean {} entities; name one by its id:\n{}",
                candidates.len(),
                list.join("\n")
            ))
        }
    })
}

/// `Label (id), type`, with the name that matched when it is not the label.
fn candidate(graph: &KnowledgeGraph, m: &kgforge::query::Match<'_>) -> String {
    let shown = label(graph, m.entity);
    let type_label = graph
        .entity_type(&m.entity.type_id)
        .map_or(m.entity.type_id.as_str(), |t| t.label.as_str());
    let via = if m.text != shown && m.text != m.entity.id.as_str() {
        format!(", as \"{}\"", m.text)
    } else {
        String::new()
    };
    format!("{shown} ({}), {type_label}{via}", m.entity.id)
}

/// The entity's label in the dataset's fallback order.
pub(crate) fn label<'g>(graph: &'g KnowledgeGraph, entity: &'g Entity) -> &'g str {
    entity.label_in(&graph.dataset().meta.languages)
}

/// A predicate's label, or its id when undeclared.
pub(crate) fn predicate_label<'g>(graph: &'g KnowledgeGraph, id: &'g str) -> &'g str {
    graph.predicate(id).map_or(id, |p| p.label.as_str())
}

/// `1945-08-19 · preferred · disputed · article ¶5; mhlw § x`: what a reader needs beside a
/// statement.
pub(crate) fn statement_notes(graph: &KnowledgeGraph, s: &Statement) -> String {
    let mut parts = Vec::new();
    let q = s.qualifiers();
    if let Some(d) = q.point_in_time {
        parts.push(d.to_string());
    }
    match (q.start, q.end) {
        (Some(a), Some(b)) => parts.push(format!("{a} – {b}")),
        (Some(a), None) => parts.push(format!("from {a}")),
        (None, Some(b)) => parts.push(format!("until {b}")),
        (None, None) => {}
    }
    if let Some(place) = q.place.as_deref().and_then(|p| graph.entity(p)) {
        parts.push(format!("in {}", label(graph, place)));
    }
    if let Some(n) = &q.quantity {
        parts.push(n.to_string());
    }
    if s.rank != Rank::Normal {
        parts.push(s.rank.name().to_string());
    }
    if s.disputed().is_some() {
        parts.push("disputed".to_string());
    }
    let refs: Vec<String> = s
        .references()
        .iter()
        .map(|r| {
            let at = r.locator();
            if at.is_empty() {
                r.source.clone()
            } else {
                format!("{} {at}", r.source)
            }
        })
        .collect();
    if !refs.is_empty() {
        parts.push(refs.join("; "));
    }
    parts.join(" · ")
}

/// Rows of cells printed with aligned columns (the last column is not padded).
pub(crate) fn aligned(rows: &[Vec<String>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.iter().enumerate() {
            if c + 1 == row.len() {
                line.push_str(cell);
            } else {
                line.push_str(cell);
                line.extend(std::iter::repeat_n(
                    ' ',
                    widths[c] - cell.chars().count() + 2,
                ));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Writes text to stdout.
pub(crate) fn print(text: &str) -> Result<(), Failure> {
    super::console::print(text)?;
    Ok(())
}

/// JSON for one entity reference: id and display label.
pub(crate) fn entity_json(graph: &KnowledgeGraph, e: &Entity) -> serde_json::Value {
    serde_json::json!({ "id": e.id, "label": label(graph, e), "type": e.type_id })
}
