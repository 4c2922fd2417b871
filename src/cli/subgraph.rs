//! `kgforge subgraph`: the neighbourhood of an entity, exported like a whole dataset.

use std::io::Write;
use std::path::PathBuf;

use kgforge::export::{self, Format};

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
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
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
        export::render_with_graphviz(&dot, format)
            .map_err(|e| Failure::Error(e.to_string()))?
            .0
    } else {
        export::export(&part, format, Vec::new())?
    };
    match &args.output {
        Some(path) => export::write_atomic(path, |w| {
            w.write_all(&bytes)
                .map_err(|e| kgforge::Error::Export(e.to_string()))
        })?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    if verbosity == Verbosity::Verbose {
        eprintln!(
            "kgforge: {} entities, {} statements within {} of {}",
            part.dataset().entities.len(),
            part.dataset().statements.len(),
            args.depth,
            centre.id
        );
    }
    Ok(())
}
