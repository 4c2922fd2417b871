//! `kgforge path`: how two entities are connected, as a chain of statements.

use std::num::NonZeroUsize;

use kgforge::query::{Direction, Path};

use super::query::{
    FilterArgs, JsonArg, QueryArgs, aligned, entity_json, label, predicate_label, print, resolve,
    statement_notes,
};
use super::{Failure, Verbosity};

/// Arguments of `kgforge path`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Exit status 1 when there is no path.

Examples:
  kgforge path kwantung_army siberia --undirected
  kgforge path yalta_conference repatriation --undirected --all --max-length 4")]
pub(crate) struct Args {
    /// Where the path starts.
    from: String,
    /// Where it ends.
    to: String,
    /// Walk statements both ways, not only subject → object.
    #[arg(short, long)]
    undirected: bool,
    /// Every path without repeated entities (shortest first), not just one shortest.
    #[arg(long)]
    all: bool,
    /// With --all: the longest path, in statements.
    #[arg(long, default_value_t = 6, value_name = "N")]
    max_length: usize,
    /// With --all: how many paths at most (a note says when there are more).
    #[arg(long, alias = "limit", default_value = "20", value_name = "N")]
    max_paths: NonZeroUsize,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    json: JsonArg,
    #[command(flatten)]
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query.open(verbosity)?;
    let from = resolve(&graph, &args.from)?;
    let to = resolve(&graph, &args.to)?;
    let filter = args.filter.filter(&graph)?;
    let direction = if args.undirected {
        Direction::Both
    } else {
        Direction::Outgoing
    };
    let mut shortest = None;
    let paths: Vec<Path<'_>> = if args.all {
        let mut found = graph.simple_paths(&from.id, &to.id, args.max_length, direction, &filter);
        shortest = found.shortest_length();
        // One more than shown, to say whether there are more.
        let max_paths = args.max_paths.get();
        let mut paths: Vec<Path<'_>> = found.by_ref().take(max_paths.saturating_add(1)).collect();
        if paths.len() > max_paths {
            paths.pop();
            super::console::say!(
                "showing the first {max_paths} paths; raise --max-paths to see more"
            );
        }
        paths
    } else {
        graph
            .shortest_path(&from.id, &to.id, direction, &filter)
            .into_iter()
            .collect()
    };
    if args.json.json {
        let list: Vec<_> = paths
            .iter()
            .map(|p| {
                p.iter()
                    .map(|step| {
                        serde_json::json!({
                            "from": entity_json(&graph, step.from),
                            "to": entity_json(&graph, step.to),
                            "forward": step.forward,
                            "statement": step.statement,
                        })
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let value = if args.all {
            serde_json::json!(list)
        } else {
            list.into_iter()
                .next()
                .map_or(serde_json::Value::Null, Into::into)
        };
        print(&(serde_json::to_string_pretty(&value).expect("JSON") + "\n"))?;
    } else {
        let mut out = String::new();
        for (i, path) in paths.iter().enumerate() {
            if args.all {
                out.push_str(&format!("path {} ({} statements)\n", i + 1, path.len()));
            }
            let rows: Vec<Vec<String>> = path
                .iter()
                .map(|step| {
                    let predicate = predicate_label(&graph, &step.statement.predicate);
                    let arrow = if step.forward {
                        format!("—{predicate}→")
                    } else {
                        format!("←{predicate}—")
                    };
                    vec![
                        label(&graph, step.from).to_string(),
                        arrow,
                        label(&graph, step.to).to_string(),
                        statement_notes(&graph, step.statement),
                    ]
                })
                .collect();
            for line in aligned(&rows).lines() {
                out.push_str("  ");
                out.push_str(line);
                out.push('\n');
            }
        }
        print(&out)?;
    }
    if paths.is_empty() {
        if let Some(n) = shortest.filter(|&n| n > args.max_length)
            && !args.json.json
        {
            super::console::say!(
                "no path of at most {} statements from {} to {}; the shortest has {n} (raise --max-length)",
                args.max_length,
                from.id,
                to.id
            );
        } else if !args.json.json {
            super::console::say!(
                "no path from {} to {}{}",
                from.id,
                to.id,
                if args.undirected {
                    ""
                } else {
                    " (try --undirected)"
                }
            );
        }
        return Err(Failure::NoMatch);
    }
    Ok(())
}
