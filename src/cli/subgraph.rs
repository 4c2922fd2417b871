//! `kgforge subgraph`: the neighbourhood of an entity, exported like a whole dataset.

use std::io::Write;
use std::path::PathBuf;

use kgforge::export::{self, Format, RenderError};

use super::console::{say, stdout};
use super::progress::Progress;
use super::query::{DirectionArg, FilterArgs, QueryArgs, resolve};
use super::{Failure, Verbosity};

/// Arguments of `kgforge subgraph`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge subgraph kwantung_army --depth 1 --format dot | dot -Tsvg > kwantung.svg
  kgforge subgraph japanese_pows --depth 2 --format svg -o pows.svg
  kgforge subgraph far_east_command --depth 2 --direction in --format ttl")]
pub(crate) struct Args {
    /// The entity at the centre: an id, or a name that matches one entity.
    entity: String,
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
    query: QueryArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = args.query.open(verbosity)?;
    let centre = resolve(&graph, &args.entity)?;
    let filter = args.filter.filter(&graph)?;
    let part = graph
        .neighborhood(&centre.id, args.depth, args.direction.into(), &filter)
        .expect("a resolved entity is in the graph");
    let format = args
        .format
        .or_else(|| args.output.as_deref().and_then(Format::from_path))
        .unwrap_or(Format::Dot);
    let bytes = if format.needs_graphviz() {
        let dot = export::export(&part, Format::Dot, Vec::new())?;
        let step = Progress::new(verbosity).step(format!(
            "drawing {} entities with Graphviz",
            part.dataset().entities.len()
        ));
        let drawn = export::render_with_graphviz_within(&dot, format, args.graphviz.timeout());
        drop(step);
        drawn
            .map_err(|e| match e {
                RenderError::TimedOut(_) => Failure::Error(format!(
                    "{e}; nothing was written (allow more time with --graphviz-timeout SECONDS, \
                     0 for no limit, or draw less with --depth or the filters)"
                )),
                e => Failure::Error(e.to_string()),
            })?
            .0
    } else {
        export::export(&part, format, Vec::new())?
    };
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
            "{} entities, {} statements within {} of {}",
            part.dataset().entities.len(),
            part.dataset().statements.len(),
            args.depth,
            centre.id
        );
    }
    Ok(())
}
