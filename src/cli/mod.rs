//! The command line: a thin shell over the library. One file per subcommand.

mod build;
mod draw;
mod find;
mod ids;
mod neighbors;
mod path;
mod progress;
mod query;
mod sparql;
mod stats;
mod stream;
mod subgraph;
mod validate;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kgforge::{Diagnostics, KnowledgeGraph};

/// The dataset `kgforge` uses when none is named.
pub const DEFAULT_DATASET: &str = "data/manchuria-1945";

const EXAMPLES: &str = "\
Examples:
  kgforge                                  build the default dataset into exports/
  kgforge validate data/my-dataset         check a dataset and print every problem
  kgforge build data/my-dataset -o out --format ttl --format dot
  kgforge stats --json                     counts of the default dataset as JSON
  kgforge find 'otozo yamada'              entities by name, forgiving case and diacritics
  kgforge neighbors kwantung_army --as-of 1945-08-20
  kgforge path kwantung_army siberia --undirected
  kgforge subgraph japanese_pows --depth 2 --format svg -o pows.svg
  kgforge sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  kgforge ids data/my-dataset --check      statements whose ids are not written out yet

Exit status: 0 success, 1 the dataset has errors (or a search found nothing), 2 usage or
I/O error.";

/// Build sourced knowledge graphs and export them as Graphviz DOT, JSON and RDF.
///
/// A dataset is a directory of TOML files (see docs/FORMAT.md). With no command, kgforge
/// builds the default dataset into exports/.
#[derive(Debug, Parser)]
#[command(name = "kgforge", version, after_help = EXAMPLES)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: each file written, and timings.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Validate a dataset and write its exports.
    Build(build::Args),
    /// Check a dataset and print every problem, with file:line:column.
    Validate(validate::Args),
    /// Print counts by type, predicate, rank and source.
    Stats(stats::Args),
    /// Find entities by id, label or alias (any language, diacritics ignored).
    Find(find::Args),
    /// List an entity's neighbours with the statements that link them.
    Neighbors(neighbors::Args),
    /// Show how two entities are connected, as a chain of statements.
    Path(path::Args),
    /// Export the neighbourhood of an entity.
    Subgraph(subgraph::Args),
    /// Answer a SPARQL query over the dataset's RDF.
    Sparql(sparql::Args),
    /// Write each statement's derived id into the dataset, so corrections keep its IRI.
    Ids(ids::Args),
}

/// How loud the CLI is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// The failures a command reports; each maps to an exit code.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The dataset has errors (already printed): exit 1.
    Invalid,
    /// A search found nothing (like grep): exit 1.
    NoMatch,
    /// Anything else: printed as `kgforge: …`, exit 2.
    Error(String),
}

impl From<kgforge::Error> for Failure {
    fn from(e: kgforge::Error) -> Self {
        Failure::Error(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Error(e.to_string())
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let mut cli = Cli::parse();
    if cli.command.is_none() {
        // No subcommand means `build` with its defaults; parsing again keeps one source of
        // truth for those defaults (the clap attributes).
        cli = Cli::parse_from(std::env::args_os().chain([std::ffi::OsString::from("build")]));
    }
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let Some(command) = cli.command else {
        unreachable!("parsed again with `build`")
    };
    let result = match command {
        Command::Build(args) => build::run(args, verbosity),
        Command::Validate(args) => validate::run(args, verbosity),
        Command::Stats(args) => stats::run(args, verbosity),
        Command::Find(args) => find::run(args, verbosity),
        Command::Neighbors(args) => neighbors::run(args, verbosity),
        Command::Path(args) => path::run(args, verbosity),
        Command::Subgraph(args) => subgraph::run(args, verbosity),
        Command::Sparql(args) => sparql::run(args, verbosity),
        Command::Ids(args) => ids::run(args, verbosity),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid | Failure::NoMatch) => ExitCode::from(1),
        Err(Failure::Error(message)) if message.contains("Broken pipe") => ExitCode::SUCCESS,
        Err(Failure::Error(message)) => {
            eprintln!("kgforge: {message}");
            ExitCode::from(2)
        }
    }
}

/// Options shared by every command that reads a dataset.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DatasetArgs {
    /// The dataset directory.
    #[arg(value_name = "DATASET", default_value = DEFAULT_DATASET)]
    pub dataset: PathBuf,
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// One line per problem instead of source snippets.
    #[arg(long)]
    pub short: bool,
}

/// Loads and validates a dataset, printing its diagnostics to stderr; the graph when valid.
pub(crate) fn open(args: &DatasetArgs, verbosity: Verbosity) -> Result<KnowledgeGraph, Failure> {
    let progress = progress::Progress::new(verbosity);
    let timed = |what: &str, started: std::time::Instant| {
        if verbosity == Verbosity::Verbose {
            eprintln!("kgforge: {what} in {:.2?}", started.elapsed());
        }
    };
    let started = std::time::Instant::now();
    let step = progress.step(format!("loading {}", display(&args.dataset)));
    let loaded = kgforge::load(&args.dataset)?;
    drop(step);
    timed("loaded", started);
    let step = progress.step(format!(
        "validating {} entities, {} statements",
        loaded.dataset.entities.len(),
        loaded.dataset.statements.len()
    ));
    let started = std::time::Instant::now();
    let report = kgforge::validate(loaded, args.deny_warnings);
    drop(step);
    timed("validated", started);
    let kgforge::Report {
        dataset,
        diagnostics,
    } = report;
    print_diagnostics(&diagnostics, args, verbosity);
    // The diagnostics keep every input file's text (153 MB for a bulk CSV dataset): freed
    // before the graph is built, the peak of a run.
    drop(diagnostics);
    let step = progress.step("indexing the graph");
    let started = std::time::Instant::now();
    let graph = dataset.map(KnowledgeGraph::new);
    drop(step);
    timed("indexed", started);
    graph.ok_or(Failure::Invalid)
}

pub(crate) fn print_diagnostics(
    diagnostics: &Diagnostics,
    args: &DatasetArgs,
    verbosity: Verbosity,
) {
    let errors = diagnostics.error_count();
    if verbosity == Verbosity::Quiet && errors == 0 && !args.deny_warnings {
        return;
    }
    let text = if args.short {
        diagnostics.render_short()
    } else {
        diagnostics.render()
    };
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let warnings = diagnostics.warning_count();
    if errors > 0 || (warnings > 0 && verbosity != Verbosity::Quiet) {
        let _ = writeln!(
            stderr,
            "{}: {errors} error(s), {warnings} warning(s)",
            args.dataset.display()
        );
    }
}

/// `path` relative to the current directory when it is below it, for shorter messages.
pub(crate) fn display(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
        .display()
        .to_string()
}
