//! Checks entities' fields: type, labels, language tags of labels and aliases, Wikidata QIDs.

use super::{Checker, check_language};
use crate::diag::{Code, Diagnostic, Location};
use crate::load::ItemKind;

impl Checker<'_> {
    pub(super) fn entity_fields(&mut self) {
        let mut unlisted = super::languages::Unlisted::default();
        for (i, e) in self.dataset.entities.iter().enumerate() {
            let k = ItemKind::Entity;
            if !self.types.contains_key(e.type_id.as_str()) {
                let d = self.unknown(ItemKind::Type, &e.type_id, self.at(k, i, &["type"]));
                self.push(d);
            }
            if e.label.is_empty() {
                self.push(
                    Diagnostic::error(Code::EmptyText, format!("entity \"{}\" has no label", e.id))
                        .at(self.at(k, i, &["label"]), "empty")
                        .with_help("give at least one, e.g. label = { en = \"…\" }"),
                );
            }
            for (lang, text) in &e.label {
                if let Some(d) = check_language(lang, || self.key_at(k, i, &["label", lang])) {
                    self.push(d);
                }
                if text.trim().is_empty() {
                    self.push(
                        Diagnostic::error(
                            Code::EmptyText,
                            format!("entity \"{}\" has an empty {lang} label", e.id),
                        )
                        .at(self.at(k, i, &["label", lang]), "empty"),
                    );
                }
            }
            for lang in e.aliases.keys() {
                if let Some(d) = check_language(lang, || self.key_at(k, i, &["aliases", lang])) {
                    self.push(d);
                }
            }
            unlisted.note(self.dataset, i, &e.label, &e.aliases);
            self.language_twins(i, "label", e.label.keys());
            self.language_twins(i, "aliases", e.aliases.keys());
            if let Some(q) = &e.wikidata
                && !is_qid(q)
            {
                self.push(
                    Diagnostic::error(Code::BadQid, format!("\"{q}\" is not a Wikidata item id"))
                        .at(
                            self.at(k, i, &["wikidata"]),
                            "expected Q followed by digits",
                        )
                        .with_help(
                            "write the item id only, e.g. \"Q42\", not a URL or a property id",
                        ),
                );
            }
        }
        self.unlisted_languages(unlisted);
    }

    /// Where a language-tag key is written (its value's span; keys are close enough).
    pub(super) fn key_at(&self, kind: ItemKind, index: usize, path: &[&str]) -> Option<Location> {
        self.at(kind, index, path)
    }
}

pub(super) fn is_qid(q: &str) -> bool {
    q.len() > 1
        && q.starts_with('Q')
        && !q[1..].starts_with('0')
        && q[1..].bytes().all(|b| b.is_ascii_digit())
}
