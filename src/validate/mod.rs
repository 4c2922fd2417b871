//! Validation: checks a loaded dataset against its schema and reports every problem.
//!
//! One rule per function. Rules never stop early: each pushes its diagnostics and the next one
//! runs. Only a dataset with no error becomes a [`ValidDataset`], the one input
//! [`crate::KnowledgeGraph`] accepts.

mod rules;
pub(crate) mod stream;

pub(crate) use rules::normalize_languages;

use std::collections::{HashMap, HashSet};
use std::ops::Deref;

use crate::diag::{Diagnostics, Severity};
use crate::load::Loaded;
use crate::model::{Dataset, IdIndex};

/// The longest label, alias, title or display group validation accepts, in characters
/// (longer ones are [`crate::Code::TooLong`] errors): a name is drawn in diagrams.
pub const MAX_NAME_CHARS: usize = 1_000;

/// The longest description, note or text value validation accepts, in characters.
pub const MAX_TEXT_CHARS: usize = 100_000;

/// A dataset in which validation found no error (warnings may remain).
///
/// Only [`validate`] makes one, so code that takes a `ValidDataset` may rely on every reference
/// resolving and every value fitting its predicate.
///
/// Its statements are in **canonical order**: entity-to-entity statements in input order,
/// then literal-valued statements grouped by subject in entity order (input order within a
/// subject). That is the order the JSON export stores them in, so a dataset read back from
/// its JSON export is equal to the original.
#[derive(Debug, Clone)]
pub struct ValidDataset {
    dataset: Dataset,
    /// Per statement, the positions of its subject and object in [`Dataset::entities`]
    /// ([`NO_ENTITY`] for a literal value), as validation resolved them; empty when not
    /// known (a dataset cut from a valid one).
    ends: Vec<[u32; 2]>,
    /// The entity index validation built (id → position in [`Dataset::entities`]), handed
    /// to the graph so that it indexes a million ids once, not twice; `None` when not
    /// known.
    entity_index: Option<IdIndex>,
}

/// The object position of a literal-valued statement in [`ValidDataset::ends`].
pub(crate) const NO_ENTITY: u32 = u32::MAX;

impl PartialEq for ValidDataset {
    /// Equal datasets; `ends` follows from the dataset.
    fn eq(&self, other: &Self) -> bool {
        self.dataset == other.dataset
    }
}

impl ValidDataset {
    /// The dataset.
    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// Wraps a dataset the crate knows to be valid without checking it again (a part of a
    /// valid dataset that keeps every id it names).
    pub(crate) fn trusted(dataset: Dataset) -> Self {
        ValidDataset {
            dataset,
            ends: Vec::new(),
            entity_index: None,
        }
    }

    /// The entity index validation built, when it did.
    pub(crate) fn take_entity_index(&mut self) -> Option<IdIndex> {
        self.entity_index.take()
    }

    /// Per statement, the positions of its subject and object entities ([`NO_ENTITY`] for
    /// a literal value), when validation recorded them.
    pub(crate) fn take_ends(&mut self) -> Option<Vec<[u32; 2]>> {
        let ends = std::mem::take(&mut self.ends);
        (ends.len() == self.dataset.statements.len() && !ends.is_empty()).then_some(ends)
    }

    /// Gives the dataset back, dropping the guarantee.
    pub fn into_inner(self) -> Dataset {
        self.dataset
    }
}

impl Deref for ValidDataset {
    type Target = Dataset;
    fn deref(&self) -> &Dataset {
        &self.dataset
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
    let mut ends = Vec::new();
    let mut entity_index = None;
    if !unparsable_file {
        let mut checker = rules::Checker::new(&dataset, &origins, &unreadable);
        checker.run();
        ends = std::mem::take(&mut checker.ends);
        entity_index = checker.take_entity_index();
        diagnostics.items.extend(checker.into_diagnostics());
    }
    diagnostics.sort();
    let blocked = diagnostics
        .items
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    Report {
        dataset: (!blocked).then(|| {
            let mut dataset = dataset;
            rules::normalize_languages(&mut dataset);
            let (dataset, ends) = canonical_order(dataset, ends);
            // Entities keep their positions through both steps above, so the index holds.
            ValidDataset {
                dataset,
                ends,
                entity_index,
            }
        }),
        diagnostics,
    }
}

/// Puts the statements (and their `ends`, when there is one per statement) in canonical
/// order.
fn canonical_order(mut dataset: Dataset, mut ends: Vec<[u32; 2]>) -> (Dataset, Vec<[u32; 2]>) {
    if dataset.statements.iter().all(|s| s.object().is_some()) {
        // Only entity-to-entity statements: input order is canonical (bulk data).
        return (dataset, ends);
    }
    let permute_ends = ends.len() == dataset.statements.len();
    let position: HashMap<&str, usize> = dataset
        .entities
        .iter()
        .enumerate()
        .map(|(i, e)| (e.id.as_str(), i))
        .collect();
    let mut keyed: Vec<(usize, usize)> = dataset
        .statements
        .iter()
        .enumerate()
        .map(|(i, s)| match s.object() {
            Some(_) => (0, i),
            None => (1 + position[s.subject.as_str()], i),
        })
        .collect();
    keyed.sort_unstable();
    // Permute in place, cycle by cycle: no second copy of the statements.
    let order: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
    let mut done = vec![false; order.len()];
    for start in 0..order.len() {
        let mut k = start;
        while !done[k] && order[k] != start {
            dataset.statements.swap(k, order[k]);
            if permute_ends {
                ends.swap(k, order[k]);
            }
            done[k] = true;
            k = order[k];
        }
        done[k] = true;
    }
    (dataset, ends)
}

/// Ids per item kind that were written but could not be read (their item had a shape error);
/// references to them are not reported again as unknown.
pub(crate) type Unreadable = HashMap<crate::load::ItemKind, HashSet<String>>;

/// The id in [`Unreadable`] that stands for every item of a file that could not be read at
/// all (a CSV file whose header lacks its required columns); ids are slugs, so no real id
/// is this one.
pub(crate) const WHOLE_FILE: &str = "*";

#[cfg(test)]
mod tests {
    use std::path::Path;

    #[test]
    fn a_valid_dataset_carries_the_entity_index_validation_built() {
        let loaded = crate::load(Path::new("data/manchuria-1945")).expect("loads");
        let mut valid = super::validate(loaded, false).dataset.expect("valid");
        let index = valid.take_entity_index().expect("validation built one");
        let entities = &valid.dataset().entities;
        assert!(!entities.is_empty());
        // Every entity is found at its own position: canonical order and language
        // normalization moved no entity.
        for (position, e) in entities.iter().enumerate() {
            assert_eq!(index.get(&e.id, |i| &entities[i].id), Some(position));
        }
        assert_eq!(index.get("no_such_entity", |i| &entities[i].id), None);
        // Taken once: the graph owns it then.
        assert!(valid.take_entity_index().is_none());
    }
}
