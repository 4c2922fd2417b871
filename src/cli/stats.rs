//! `kgforge stats`: counts by type, predicate, rank and source.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{DatasetArgs, DatasetOperand, Failure, Verbosity};

/// Arguments of `kgforge stats`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge stats                         the default dataset
  kgforge stats my-dataset --json       (the same as -d my-dataset)")]
pub(crate) struct Args {
    #[command(flatten)]
    dataset: DatasetOperand,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let dataset = DatasetArgs {
        dataset: args.dataset.path()?,
        deny_warnings: false,
        short: false,
    };
    let graph = super::open(&dataset, verbosity)?;
    let stats = graph.stats();
    let text = if args.json {
        serde_json::to_string_pretty(&stats).map_err(|e| Failure::Error(e.to_string()))? + "\n"
    } else {
        let mut out = String::new();
        let totals = [
            ("entities", stats.entities),
            ("statements", stats.statements),
            ("  between entities", stats.edges),
            ("  with a literal value", stats.literal_statements),
            ("  disputed", stats.disputed_statements),
            ("  citing no source", stats.unreferenced_statements),
            ("types", stats.types),
            ("predicates", stats.predicates),
            ("sources", stats.sources),
        ];
        table(
            &mut out,
            "total",
            totals.iter().map(|(k, v)| (k.to_string(), *v)),
        );
        table(&mut out, "entities by type", owned(&stats.entities_by_type));
        table(
            &mut out,
            "statements by predicate",
            owned(&stats.statements_by_predicate),
        );
        table(
            &mut out,
            "statements by rank",
            stats
                .statements_by_rank
                .iter()
                .map(|(k, v)| (k.to_string(), *v)),
        );
        table(
            &mut out,
            "statements by source",
            owned(&stats.statements_by_source),
        );
        out
    };
    super::console::print(&text)?;
    Ok(())
}

fn owned(map: &BTreeMap<String, usize>) -> impl Iterator<Item = (String, usize)> + '_ {
    map.iter().map(|(k, v)| (k.clone(), *v))
}

/// A titled two-column table, numbers right-aligned.
fn table(out: &mut String, title: &str, rows: impl Iterator<Item = (String, usize)>) {
    let rows: Vec<_> = rows.collect();
    let width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    let _ = writeln!(out, "{title}:");
    for (k, v) in rows {
        let _ = writeln!(out, "  {k:<width$}  {v:>7}");
    }
    out.push('\n');
}
