//! The library's error type: what stops a run outright. Problems *in* a dataset are not errors
//! but [`crate::Diagnostic`]s, reported all at once.

use std::path::PathBuf;

/// What can stop a kgforge operation.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The path cannot hold a dataset.
    #[error("{} is not a dataset: {reason}", path.display())]
    NotADataset {
        /// The path given.
        path: PathBuf,
        /// Why not.
        reason: String,
    },
    /// The dataset has errors; the diagnostics say which.
    #[error("the dataset has {errors} error(s)")]
    Invalid {
        /// How many errors.
        errors: usize,
    },
    /// The operation does not apply to this dataset (e.g. pinning ids in CSV rows).
    #[error("{}: {reason}", path.display())]
    Unsupported {
        /// The dataset.
        path: PathBuf,
        /// Why not, and what to do instead.
        reason: String,
    },
    /// An exporter failed.
    #[error("export failed: {0}")]
    Export(String),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
