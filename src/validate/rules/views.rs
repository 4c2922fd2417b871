//! Checks views: ids, titles, and every entity, predicate, type and language tag they name.

use super::{Checker, check_language};
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;

impl Checker<'_> {
    pub(super) fn views(&mut self) {
        let k = ItemKind::View;
        let views = &self.dataset.views;
        // Ids (slugs, no duplicates); the index itself is not needed later.
        self.index(k, views.iter().map(|v| v.id.as_str()));
        for (i, v) in views.iter().enumerate() {
            if v.title.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("view \"{}\" has an empty title", v.id),
                    )
                    .at(self.at(k, i, &["title"]), "empty")
                    .with_help("the title is the diagram's heading: say what it shows"),
                );
            }
            for (j, id) in v.focus.iter().enumerate() {
                if self.entity(id).is_none() {
                    let at = self.at(k, i, &["focus", &j.to_string()]);
                    let d = self.unknown(ItemKind::Entity, id, at);
                    self.push(d);
                }
            }
            for key in ["predicates", "exclude_predicates"] {
                let list = if key == "predicates" {
                    &v.predicates
                } else {
                    &v.exclude_predicates
                };
                for (j, id) in list.iter().enumerate() {
                    if !self.predicates.contains_key(id.as_str()) {
                        let at = self.at(k, i, &[key, &j.to_string()]);
                        let d = self.unknown(ItemKind::Predicate, id, at);
                        self.push(d);
                    }
                }
            }
            for key in ["types", "exclude_types"] {
                let list = if key == "types" {
                    &v.types
                } else {
                    &v.exclude_types
                };
                for (j, id) in list.iter().enumerate() {
                    if !self.types.contains_key(id.as_str()) {
                        let at = self.at(k, i, &[key, &j.to_string()]);
                        let d = self.unknown(ItemKind::Type, id, at);
                        self.push(d);
                    }
                }
            }
            if let Some(lang) = &v.language
                && let Some(d) = check_language(lang, || self.at(k, i, &["language"]))
            {
                self.push(d);
            }
        }
    }
}
