//! `kgforge diff`: what changed between two versions of a dataset.

use std::io::Write;
use std::path::PathBuf;

use kgforge::KnowledgeGraph;
use kgforge::diff::RdfPatch;
use kgforge::export::rdf::StatementNodes;

use super::console::stdout;
use super::{DatasetArgs, Failure, Verbosity, display};

const AFTER_HELP: &str = "\
Lists the items added, removed and changed between OLD and NEW (each a dataset directory or
a kgforge .json export): statements by id, with each changed field (value, rank, qualifiers,
references, note, dispute); entities with their labels, aliases, descriptions, type and
Wikidata id; types, predicates, units, sources, views and [dataset].

A statement without an explicit id is named by a hash of its content, so a corrected value
shows as one statement removed and another added; pin the ids with `kgforge ids` to see such
corrections as changes.

--patch writes instead the change to the RDF export (the triples to delete and insert):
`sparql` as a SPARQL Update (DELETE DATA / INSERT DATA), `rdf-patch` as an RDF Patch (A/D
lines). Applied to OLD's RDF export (Turtle, N-Triples, RDF/XML, JSON-LD: the default
graph), it gives NEW's.

Examples:
  kgforge diff data/v1 data/v2                     what changed, as text
  kgforge diff data/v1 data/v2 --json              the same as JSON
  kgforge diff data/v1 data/v2 --patch sparql > update.rq

Exit status: 0 no differences, 1 differences, 2 an error (a dataset that does not validate,
an unreadable path).";

/// Arguments of `kgforge diff`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The old dataset (a directory, or a kgforge .json export).
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new dataset.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// Print the differences as JSON (the shape is in the docs of `kgforge::diff`).
    #[arg(long, conflicts_with = "patch")]
    json: bool,
    /// Print the change to the RDF export instead: sparql (SPARQL Update) or rdf-patch.
    #[arg(long, value_name = "KIND", value_parser = ["sparql", "rdf-patch"])]
    patch: Option<String>,
    /// RDF statement nodes of the exports the patch is for (as `kgforge build`): all or
    /// annotated.
    #[arg(long, value_name = "WHICH", default_value = "all", value_parser = parse_statement_nodes)]
    statement_nodes: StatementNodes,
    /// One line per problem instead of source snippets.
    #[arg(long)]
    short: bool,
}

fn parse_statement_nodes(name: &str) -> Result<StatementNodes, String> {
    match name {
        "annotated" => Ok(StatementNodes::Annotated),
        "all" => Ok(StatementNodes::All),
        _ => Err(format!(
            "unknown choice \"{name}\"; choose annotated or all"
        )),
    }
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let open = |path: &PathBuf| {
        let dataset = DatasetArgs {
            dataset: path.clone(),
            deny_warnings: false,
            short: args.short,
        };
        super::open(&dataset, verbosity).map_err(|e| match e {
            Failure::Invalid => Failure::Error(format!(
                "{} does not validate: fix the errors above first",
                display(path)
            )),
            other => other,
        })
    };
    let old = open(&args.old)?;
    let new = open(&args.new)?;
    let mut out = stdout();
    let mut equal = true;
    let written = write(&args, &old, &new, verbosity, &mut out, &mut equal)
        .and_then(|()| out.flush().map_err(Failure::from));
    match written {
        // The reader left, but what it would have read is decided: the status still says
        // whether the datasets differ, as diff's does.
        Err(Failure::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    if equal {
        Ok(())
    } else {
        Err(Failure::Different)
    }
}

/// Writes the difference (or the patch) to `out`, setting `equal`.
fn write(
    args: &Args,
    old: &KnowledgeGraph,
    new: &KnowledgeGraph,
    verbosity: Verbosity,
    out: &mut impl Write,
    equal: &mut bool,
) -> Result<(), Failure> {
    match args.patch.as_deref() {
        Some(kind) => {
            let patch = RdfPatch::between(old, new, args.statement_nodes)?;
            *equal = patch.is_empty();
            if kind == "sparql" {
                patch.write_sparql_update(out)?;
            } else {
                patch.write_rdf_patch(out)?;
            }
        }
        None => {
            let diff = kgforge::diff::diff(old.dataset(), new.dataset());
            *equal = diff.is_empty();
            if args.json {
                serde_json::to_writer_pretty(&mut *out, &diff).map_err(|e| {
                    match e.io_error_kind() {
                        Some(kind) => Failure::Io(std::io::Error::new(kind, e)),
                        None => Failure::Error(e.to_string()),
                    }
                })?;
                writeln!(out)?;
            } else if verbosity != Verbosity::Quiet && !diff.is_empty() {
                writeln!(out, "--- {}", display(&args.old))?;
                writeln!(out, "+++ {}", display(&args.new))?;
                write!(out, "{diff}")?;
            }
        }
    }
    Ok(())
}
