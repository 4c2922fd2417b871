//! Validation: checks a loaded dataset against its schema and reports every problem.
//!
//! One rule per function. Rules never stop early: each pushes its diagnostics and the next one
//! runs. Only a dataset with no error becomes a [`ValidDataset`], the one input
//! [`crate::KnowledgeGraph`] accepts.

mod rules;

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

use crate::diag::{Diagnostics, Severity};
use crate::load::Loaded;
use crate::model::Dataset;

/// A dataset in which validation found no error (warnings may remain).
///
/// Only [`validate`] makes one, so code that takes a `ValidDataset` may rely on every reference
/// resolving and every value fitting its predicate.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidDataset(Dataset);

impl ValidDataset {
    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.0
    }

    /// Gives the dataset back, dropping the guarantee.
    pub fn into_inner(self) -> Dataset {
        self.0
    }
}

impl Deref for ValidDataset {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.0
    }
}

/// The outcome of validation: the dataset when it has no error, and every diagnostic.
#[derive(Debug, Clone)]
pub struct Report {
    /// `Some` when there is no error (and, with `deny_warnings`, no warning).
    pub dataset: Option<ValidDataset>,
    /// Problems found while loading and validating, sorted by place.
    pub diagnostics: Diagnostics,
}

/// Validates a loaded dataset.
///
/// Loading problems are kept. When a file could not be parsed at all, the schema checks are
/// skipped, since the missing file would make them report errors that are not there.
/// With `deny_warnings`, a warning is enough to withhold the dataset.
///
/// # Example
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, true);
/// assert!(report.dataset.is_some(), "{}", report.diagnostics.render());
/// # Ok::<(), kgforge::Error>(())
/// ```
pub fn validate(loaded: Loaded, deny_warnings: bool) -> Report {
    let Loaded {
        dataset,
        origins,
        mut diagnostics,
        unreadable,
    } = loaded;
    let unparsable_file = diagnostics.items.iter().any(|d| {
        matches!(
            d.code,
            crate::Code::Syntax | crate::Code::Io | crate::Code::TooLarge
        )
    });
    if !unparsable_file {
        let mut checker = rules::Checker::new(&dataset, &origins, &unreadable);
        checker.run();
        diagnostics.items.extend(checker.into_diagnostics());
    }
    diagnostics.sort();
    let blocked = diagnostics
        .items
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    Report {
        dataset: (!blocked).then_some(ValidDataset(dataset)),
        diagnostics,
    }
}

/// Ids per item kind that were written but could not be read (their item had a shape error);
/// references to them are not reported again as unknown.
pub(crate) type Unreadable = HashMap<crate::load::ItemKind, HashSet<String>>;
