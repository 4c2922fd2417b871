//! `kgforge neighbors`: what an entity is linked to, with the statements that link it.

use kgforge::query::Direction;

use super::query::{
    DirectionArg, FilterArgs, JsonArg, QueryArgs, aligned, entity_json, label, predicate_label,
    print, resolve, statement_notes,
};
use super::{Failure, Verbosity};

/// Arguments of `kgforge neighbors`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge neighbors kwantung_army
  kgforge neighbors 'Far East command' --direction in --predicate subordinate_to
  kgforge neighbors japanese_pows --as-of 1947 --json")]
pub(crate) struct Args {
    /// The entity: an id, or a name that matches one entity.
    entity: String,
    /// Which statements to follow.
    #[arg(long, value_enum, default_value = "both")]
    direction: DirectionArg,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    json: JsonArg,
    #[command(flatten)]
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query.open(verbosity)?;
    let entity = resolve(&graph, &args.entity)?;
    let filter = args.filter.filter(&graph)?;
    let neighbors: Vec<_> = graph
        .neighbors(&entity.id, args.direction.into(), &filter)
        .collect();
    if args.json.json {
        let list: Vec<_> = neighbors
            .iter()
            .map(|n| {
                serde_json::json!({
                    "direction": if n.direction == Direction::Outgoing { "out" } else { "in" },
                    "entity": entity_json(&graph, n.entity),
                    "statement": n.statement,
                })
            })
            .collect();
        print(&(serde_json::to_string_pretty(&list).expect("JSON") + "\n"))?;
        return Ok(());
    }
    let mut rows = Vec::new();
    for n in &neighbors {
        // Incoming statements read better in the inverse voice when the schema has one.
        let inverse = graph
            .predicate(&n.statement.predicate)
            .and_then(|p| p.inverse.as_deref());
        let relation = match (n.direction, inverse) {
            (Direction::Outgoing, _) | (_, None) => {
                let arrow = if n.direction == Direction::Outgoing {
                    "→"
                } else {
                    "←"
                };
                format!(
                    "{arrow} {}",
                    predicate_label(&graph, &n.statement.predicate)
                )
            }
            (_, Some(inverse)) => format!("← {inverse}"),
        };
        rows.push(vec![
            relation,
            format!("{} ({})", label(&graph, n.entity), n.entity.id),
            statement_notes(&graph, n.statement),
        ]);
    }
    let mut out = format!("{} ({})\n", label(&graph, entity), entity.id);
    for line in aligned(&rows).lines() {
        out.push_str("  ");
        out.push_str(line);
        out.push('\n');
    }
    print(&out)
}
