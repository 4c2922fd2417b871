//! `kgforge subgraph`: the neighbourhood of an entity, or a view, exported like a whole
//! dataset.

use std::io::Write;
use std::path::PathBuf;

use kgforge::export::{self, Format};

use super::console::{say, stdout};
use super::draw::{DrawArgs, export_bytes};
use super::query::{DirectionArg, FilterArgs, QueryArgs, resolve};
use super::{Failure, Verbosity};

/// Arguments of `kgforge subgraph`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge subgraph kwantung_army --depth 1 --format dot | dot -Tsvg > kwantung.svg
  kgforge subgraph japanese_pows --depth 2 --format svg -o pows.svg
  kgforge subgraph far_east_command --depth 2 --direction in --format ttl
  kgforge subgraph kwantung_army --lang ja --rankdir TB --legend none --format svg -o kw.svg
  kgforge subgraph --view soviet-command --format graphml -o command.graphml")]
pub(crate) struct Args {
    /// The entity at the centre: an id, or a name that matches one entity.
    #[arg(required_unless_present = "view")]
    entity: Option<String>,
    /// Select what the dataset's view of this id selects (`[views.<id>]`), and draw it with
    /// its settings; the options below then override them.
    #[arg(long, value_name = "VIEW", conflicts_with_all = ["entity", "depth", "direction"])]
    view: Option<String>,
    /// How many statements away from the centre to go.
    #[arg(short = 'k', long, default_value_t = 1)]
    depth: usize,
    /// Which statements to follow.
    #[arg(long, value_enum, default_value = "both")]
    direction: DirectionArg,
    /// The output format (default: from the -o extension, else dot).
    #[arg(short, long, value_name = "FMT", value_parser = super::build::parse_format)]
    format: Option<Format>,
    /// Write to this file instead of stdout.
    #[arg(
        short,
        long,
        value_name = "FILE",
        long_help = "Write to this file instead of stdout. A regular file is replaced atomically \
(written beside it, then renamed over it) and keeps its permissions; a FIFO or character device \
(/dev/null, a named pipe) is written through like stdout; a symbolic link is refused (name its \
target).\n\nExample: kgforge subgraph japanese_pows --format svg -o pows.svg"
    )]
    output: Option<PathBuf>,
    #[command(flatten)]
    graphviz: super::build::GraphvizArgs,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    draw: DrawArgs,
    /// Refused: subgraph writes an export; `--format json` is the node-link JSON.
    #[arg(long, hide = true)]
    json: bool,
    #[command(flatten)]
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    if args.json {
        return Err(Failure::Error(
            "subgraph writes an export, not a table: use --format json for the node-link JSON \
             (or --format cyjs, graphml, ttl, …)"
                .into(),
        ));
    }
    let graph = args.query.open(verbosity)?;
    let (part, view, centre) = match &args.view {
        Some(id) => {
            let view = graph
                .dataset()
                .views
                .iter()
                .find(|v| v.id == *id)
                .ok_or_else(|| super::build::unknown_view(&graph, id))?;
            if !args.filter.is_empty() {
                return Err(Failure::Error(
                    "--view selects with the view's own filters; change them in the view".into(),
                ));
            }
            (graph.view(view), Some(view), view.id.clone())
        }
        None => {
            let name = args
                .entity
                .as_deref()
                .expect("clap requires an entity without --view");
            let centre = resolve(&graph, name)?;
            let filter = args.filter.filter(&graph)?;
            let part = graph
                .neighborhood(&centre.id, args.depth, args.direction.into(), &filter)
                .expect("a resolved entity is in the graph");
            (part, None, centre.id.to_string())
        }
    };
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Dot);
    let mut exporter = args.draw.exporter(view);
    if view.is_none() {
        exporter = exporter.with_focus([centre.as_str()]);
    }
    let bytes = export_bytes(&part, format, &exporter, &args.graphviz, verbosity)?;
    match &args.output {
        Some(path) => export::write_atomic(path, |w| {
            w.write_all(&bytes).map_err(|source| kgforge::Error::Io {
                path: path.clone(),
                source,
            })
        })?,
        None => {
            let mut out = stdout();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    if verbosity == Verbosity::Verbose {
        say!(
            "{} entities, {} statements in {}",
            part.dataset().entities.len(),
            part.dataset().statements.len(),
            match view {
                Some(v) => format!("the view {}", v.id),
                None => format!("{} of {centre}", args.depth),
            }
        );
    }
    Ok(())
}
