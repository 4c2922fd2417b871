//! The command line: a thin shell over the library. One file per subcommand.

mod build;
mod completions;
mod console;
mod describe;
mod diff;
mod draw;
mod find;
mod ids;
mod import;
mod init;
mod neighbors;
mod path;
mod progress;
mod query;
mod sparql;
mod stats;
mod stream;
mod subgraph;
mod validate;
mod watch;
mod watchdog;

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use kgforge::{Diagnostics, KnowledgeGraph};

use console::say;

/// The dataset `kgforge` uses when none is named.
pub const DEFAULT_DATASET: &str = "data/manchuria-1945";

const EXAMPLES: &str = "\
Examples:
  kgforge                                  build the default dataset into exports/
  kgforge init my-dataset                  start a dataset of your own
  kgforge validate my-dataset              check a dataset and print every problem
  kgforge build data/my-dataset -o out --format ttl --format dot
  kgforge stats --json                     counts of the default dataset as JSON
  kgforge find 'otozo yamada'              entities by name, forgiving case and diacritics
  kgforge describe japanese_pows           everything about one entity, figures and sources
  kgforge describe yamada -d my-dataset    another dataset (or: export KGFORGE_DATASET=…)
  kgforge neighbors kwantung_army --as-of 1945-08-20
  kgforge path kwantung_army siberia --undirected
  kgforge subgraph japanese_pows --depth 2 --format svg -o pows.svg
  kgforge sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
  kgforge ids data/my-dataset --check      statements whose ids are not written out yet
  kgforge diff data/v1 data/v2             what changed between two versions (exit 1 if any)
  kgforge import people.ttl -o data/people a dataset from RDF or Wikidata JSON

Exit status: 0 success, 1 the dataset has errors (or a search found nothing, or diff found
differences), 2 usage or I/O error.";

/// Build sourced knowledge graphs and export them as Graphviz DOT, JSON and RDF.
///
/// A dataset is a directory of TOML files (see docs/FORMAT.md), a directory of CSV files
/// (with an optional mapping.toml), or a kgforge .json export. Every command that reads one
/// takes it as -d DATASET (build, validate, stats and ids also as their operand); without one,
/// $KGFORGE_DATASET, else data/manchuria-1945. With no command, kgforge builds that dataset
/// into exports/.
#[derive(Debug, Parser)]
#[command(name = "kgforge", version, after_help = EXAMPLES)]
pub struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: how long loading, validating and indexing took; for build, each file as
    /// it is built; for the query commands, the dataset's warnings too.
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
    /// Everything about one entity: labels, type, and every statement with its sources.
    Describe(describe::Args),
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
    /// List what changed between two datasets, or write it as an RDF patch.
    Diff(diff::Args),
    /// Write a small valid dataset to start from, with comments.
    Init(init::Args),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(completions::CompletionArgs),
    /// Print the man page (roff).
    Man(completions::ManArgs),
    /// Make a dataset from RDF or Wikidata entity JSON.
    Import(import::Args),
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
    /// Two datasets differ (like diff): exit 1.
    Different,
    /// Anything else: printed as `kgforge: …`, exit 2.
    Error(String),
    /// Writing the output failed: a broken pipe (the reader left) exits 0 quietly, anything
    /// else is printed and exits 2. Decided on the error's kind, never on its text.
    Io(std::io::Error),
}

impl From<kgforge::Error> for Failure {
    fn from(e: kgforge::Error) -> Self {
        match e {
            kgforge::Error::Io { source, .. } if source.kind() == ErrorKind::BrokenPipe => {
                Failure::Io(source)
            }
            e => Failure::Error(e.to_string()),
        }
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

/// Parses the arguments and runs the command.
pub fn run() -> ExitCode {
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e),
    };
    if cli.command.is_none() {
        // No subcommand means `build` with its defaults; parsing again keeps one source of
        // truth for those defaults (the clap attributes).
        let args = std::env::args_os().chain([std::ffi::OsString::from("build")]);
        cli = match Cli::try_parse_from(args) {
            Ok(cli) => cli,
            Err(e) => return clap_exit(&e),
        };
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
        Command::Describe(args) => describe::run(args, verbosity),
        Command::Neighbors(args) => neighbors::run(args, verbosity),
        Command::Path(args) => path::run(args, verbosity),
        Command::Subgraph(args) => subgraph::run(args, verbosity),
        Command::Sparql(args) => sparql::run(args, verbosity),
        Command::Ids(args) => ids::run(args, verbosity),
        Command::Diff(args) => diff::run(args, verbosity),
        Command::Init(args) => init::run(args, verbosity),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args),
        Command::Import(args) => import::run(args, verbosity),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Invalid | Failure::NoMatch | Failure::Different) => ExitCode::from(1),
        Err(Failure::Io(e)) if e.kind() == ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Io(e)) => {
            say!("{e}");
            ExitCode::from(2)
        }
        Err(Failure::Error(message)) => {
            say!("{message}");
            ExitCode::from(2)
        }
    }
}

/// Prints clap's help, version or usage error and gives its exit code (0 for help and
/// version, 2 for a usage error); a failed write is reported like any other (a closed pipe
/// is not an error).
fn clap_exit(e: &clap::Error) -> ExitCode {
    match e.print() {
        Err(io) if io.kind() != ErrorKind::BrokenPipe => {
            let stream = if e.use_stderr() { "stderr" } else { "stdout" };
            say!("cannot write to {stream}: {io}");
            ExitCode::from(2)
        }
        _ => ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
    }
}

/// The environment variable naming the dataset a command reads when none is named.
pub(crate) const DATASET_ENV: &str = "KGFORGE_DATASET";

/// What a dataset may be, said the same way in every command's help.
pub(crate) const DATASET_HELP: &str = "The dataset: a directory of TOML files, a directory \
of CSV files (with an optional mapping.toml), or a kgforge .json export [default: \
$KGFORGE_DATASET, else data/manchuria-1945]";

/// The dataset of `build`, `validate` and `stats`: their one operand, or `-d DATASET`, the
/// same thing (as every other command takes it).
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct DatasetOperand {
    #[arg(value_name = "DATASET", help = DATASET_HELP, conflicts_with = "dataset")]
    operand: Option<PathBuf>,
    /// The same as the DATASET operand.
    #[arg(short = 'd', long = "dataset", value_name = "DATASET")]
    dataset: Option<PathBuf>,
}

impl DatasetOperand {
    /// The dataset named, or the default one.
    pub(crate) fn path(&self) -> Result<PathBuf, Failure> {
        dataset_or_default(self.operand.as_deref().or(self.dataset.as_deref()))
    }
}

/// How `build` and `validate` report problems.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct CheckArgs {
    /// Treat warnings as errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// One line per problem instead of source snippets.
    #[arg(long)]
    pub short: bool,
}

/// A dataset to open, and how to report its problems.
#[derive(Debug, Clone)]
pub(crate) struct DatasetArgs {
    /// The dataset's path.
    pub dataset: PathBuf,
    /// Treat warnings as errors.
    pub deny_warnings: bool,
    /// One line per problem instead of source snippets.
    pub short: bool,
}

/// `given`, else `$KGFORGE_DATASET`, else the default dataset when it is here; otherwise a
/// usage error that says what to do (someone who installed kgforge has no
/// data/manchuria-1945).
pub(crate) fn dataset_or_default(given: Option<&Path>) -> Result<PathBuf, Failure> {
    if let Some(path) = given {
        return Ok(path.to_path_buf());
    }
    if let Some(path) = std::env::var_os(DATASET_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let default = PathBuf::from(DEFAULT_DATASET);
    if default.exists() {
        return Ok(default);
    }
    Err(Failure::Error(format!(
        "no dataset named, and the default one ({DEFAULT_DATASET}, in kgforge's repository) is \
         not here. To begin:\n  \
         kgforge init DIR          write a small dataset to start from into DIR\n  \
         kgforge validate DIR      check a dataset, every problem with file:line:column\n  \
         kgforge build DIR         validate it and write its exports into exports/\n\
         Name the dataset as the operand or with -d DATASET (every command), or set \
         {DATASET_ENV}; `kgforge --help` lists the commands."
    )))
}

/// Loads and validates a dataset, printing its diagnostics to stderr; the graph when valid.
pub(crate) fn open(args: &DatasetArgs, verbosity: Verbosity) -> Result<KnowledgeGraph, Failure> {
    let progress = progress::Progress::new(verbosity);
    let timed = |what: &str, started: std::time::Instant| {
        if verbosity == Verbosity::Verbose {
            say!("{what} in {:.2?}", started.elapsed());
        }
    };
    let started = std::time::Instant::now();
    let total = input_bytes(&args.dataset);
    let loaded = progress.counting(
        format!("loading {}", display(&args.dataset)),
        total,
        |done| kgforge::load_counting(&args.dataset, done),
    )?;
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
    console::say_raw(&text);
    let warnings = diagnostics.warning_count();
    if errors > 0 || (warnings > 0 && verbosity != Verbosity::Quiet) {
        console::say_raw(&format!(
            "{}: {errors} error(s), {warnings} warning(s)\n",
            args.dataset.display()
        ));
    }
}

/// About how many bytes loading `dataset` reads: a file's size, or the sizes of the files
/// directly in a directory (and of the CSV files below it that a mapping may name).
fn input_bytes(dataset: &Path) -> u64 {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| if m.is_file() { m.len() } else { 0 });
    if dataset.is_file() {
        return size(dataset);
    }
    std::fs::read_dir(dataset)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| {
                        ["toml", "csv", "tsv"]
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                    }) && !p.ends_with("mapping.toml")
                })
                .map(|p| size(&p))
                .sum()
        })
        .unwrap_or(0)
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
