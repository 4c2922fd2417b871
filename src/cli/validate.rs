//! `kgforge validate`: check a dataset and print every problem.

use super::{DatasetArgs, Failure, Verbosity};

/// Arguments of `kgforge validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  kgforge validate data/manchuria-1945 --deny-warnings")]
pub(crate) struct Args {
    #[command(flatten)]
    dataset: DatasetArgs,
}

pub(crate) fn run(args: Args, verbosity: Verbosity) -> Result<(), Failure> {
    let graph = super::open(&args.dataset, verbosity)?;
    if verbosity != Verbosity::Quiet {
        let d = graph.dataset();
        super::console::print(&format!(
            "{}: valid ({} entities, {} statements, {} sources)\n",
            args.dataset.dataset.display(),
            d.entities.len(),
            d.statements.len(),
            d.sources.len()
        ))?;
    }
    Ok(())
}
