//! Checks what goes unused: entities in no statement, sources never cited, an empty dataset.

use rustc_hash::FxHashSet as HashSet;

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;

impl Checker<'_> {
    pub(super) fn unused(&mut self) {
        let d = self.dataset;
        // By the position of each id's first entity, as `statements` found them.
        let used = std::mem::take(&mut self.used);
        let mut cited: HashSet<&str> = HashSet::default();
        for s in &d.statements {
            for r in s.references() {
                cited.insert(&r.source);
            }
        }
        let streamed = self.cited.take();
        if let Some(streamed) = &streamed {
            cited.extend(streamed.iter().map(String::as_str));
        }
        // Without repeated ids, each entity is the first with its id: no lookup.
        let repeated = self.repeated_entity_ids;
        for (i, e) in d.entities.iter().enumerate() {
            let first = if repeated {
                self.entity(&e.id)
            } else {
                Some(i)
            };
            if first.is_none_or(|first| used.get(first) != Some(&true)) {
                self.push(
                    Diagnostic::warning(
                        Code::Orphan,
                        format!("entity \"{}\" appears in no statement", e.id),
                    )
                    .at(self.id_at(ItemKind::Entity, i), "never used")
                    .with_help("connect it with a statement, or remove it"),
                );
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            if !cited.contains(s.id.as_str()) {
                self.push(
                    Diagnostic::warning(
                        Code::UncitedSource,
                        format!("source \"{}\" is cited by no statement", s.id),
                    )
                    .at(self.id_at(ItemKind::Source, i), "never cited")
                    .with_help("cite it in a reference, or remove it"),
                );
            }
        }
    }

    /// A dataset without entities builds empty exports: allowed (a new dataset starts so),
    /// but worth a warning, since a wrong directory looks the same.
    pub(super) fn empty(&mut self) {
        let d = self.dataset;
        let no_metadata = self.origins.metadata.is_none() && d.meta.id.is_empty();
        if d.entities.is_empty()
            && d.statements.is_empty()
            && !no_metadata
            && !self.unreadable.contains_key(&ItemKind::Entity)
        {
            self.push(
                Diagnostic::warning(Code::EmptyDataset, "the dataset has no entities")
                    .at(self.at(ItemKind::Metadata, 0, &["id"]), "this dataset is empty")
                    .with_help("add [entities.<id>] tables and [[statements]] about them; see docs/FORMAT.md"),
            );
        }
    }
}
