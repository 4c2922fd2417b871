//! `kgforge ids`: pin every statement's derived id into the dataset's TOML files.

use std::io::Write;
use std::path::PathBuf;

use super::console::stdout;
use super::{DatasetArgs, Failure, Verbosity};

const AFTER_HELP: &str = "\
A statement without an `id` gets one derived from its content, so correcting its value or
qualifiers changes its id, and its IRI in every export. This command writes into every
[[statements]] table without an `id` the id it has now (as its first key), so that it keeps
that IRI when it is corrected later. Nothing else in the files changes: comments, layout and
key order stay. The dataset must validate first. CSV rows are not edited.

Examples:
  kgforge ids data/my-dataset            pin the ids
  kgforge ids data/my-dataset --check    list what would change; exit 1 if anything would";

/// Arguments of `kgforge ids`.
#[derive(Debug, clap::Args)]
#[command(after_help = AFTER_HELP)]
pub(crate) struct Args {
    /// The dataset directory (required: this command edits it, so it has no default).
    #[arg(
        value_name = "DATASET",
        required_unless_present = "dataset_option",
        conflicts_with = "dataset_option"
    )]
    dataset: Option<PathBuf>,
    /// The same as the DATASET operand.
    #[arg(
        short = 'd',
        long = "dataset",
        id = "dataset_option",
        value_name = "DATASET"
    )]
    dataset_option: Option<PathBuf>,
    /// Write nothing: list the ids that would be pinned, and exit 1 if there are any.
    #[arg(long, alias = "dry-run")]
    check: bool,
    /// One line per problem instead of source snippets.
    #[arg(long)]
    short: bool,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let Some(dataset) = args.dataset.clone().or(args.dataset_option.clone()) else {
        unreachable!("clap requires DATASET or -d")
    };
    let report = kgforge::edit::plan_id_pins(&dataset)?;
    let shown = DatasetArgs {
        dataset: dataset.clone(),
        deny_warnings: false,
        short: args.short,
    };
    super::print_diagnostics(&report.diagnostics, &shown, verbosity);
    let pins = report.pins.ok_or(Failure::Invalid)?;
    let (n, files, already) = (pins.pinned(), pins.files().len(), pins.already_pinned());
    let list = args.check || verbosity == Verbosity::Verbose;
    let mut out = stdout();
    if list {
        for file in pins.files() {
            let path = super::display(file.path());
            for pin in file.ids() {
                writeln!(out, "{path}:{}: id = \"{}\"", pin.line, pin.id)?;
            }
        }
    }
    if args.check {
        if verbosity != Verbosity::Quiet {
            writeln!(
                out,
                "{}: {n} id(s) to pin in {files} file(s); {already} statement(s) have one",
                dataset.display()
            )?;
        }
        out.flush()?;
        return if n == 0 {
            Ok(())
        } else {
            Err(Failure::Invalid)
        };
    }
    pins.write()?;
    if verbosity != Verbosity::Quiet {
        writeln!(
            out,
            "{}: pinned {n} id(s) in {files} file(s); {already} statement(s) already had one",
            dataset.display()
        )?;
    }
    out.flush()?;
    Ok(())
}
