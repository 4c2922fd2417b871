//! `kgforge validate`: check a dataset and print every problem.

use super::{CheckArgs, DatasetArgs, DatasetOperand, Failure, Verbosity};

/// Arguments of `kgforge validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kgforge validate my-dataset --deny-warnings
  kgforge validate my-dataset --watch          again each time a file changes (Ctrl-C stops)")]
pub(crate) struct Args {
    #[command(flatten)]
    dataset: DatasetOperand,
    #[command(flatten)]
    check: CheckArgs,
    /// Validate again whenever a file of the dataset changes, until interrupted.
    #[arg(long)]
    watch: bool,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let dataset = DatasetArgs {
        dataset: args.dataset.path()?,
        deny_warnings: args.check.deny_warnings,
        short: args.check.short,
    };
    if args.watch {
        return super::watch::watch(&dataset.dataset, verbosity, || once(&dataset, verbosity));
    }
    once(&dataset, verbosity)
}

/// One validation, printing the verdict.
fn once(args: &DatasetArgs, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = super::open(args, verbosity)?;
    if verbosity != Verbosity::Quiet {
        let d = graph.dataset();
        super::console::print(&format!(
            "{}: valid ({} entities, {} statements, {} sources)\n",
            super::display(&args.dataset),
            d.entities.len(),
            d.statements.len(),
            d.sources.len()
        ))?;
    }
    Ok(())
}
