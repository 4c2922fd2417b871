//! Language tags compare ignoring case (BCP 47): `en`, `EN` and `En` are one language, so two
//! labels or alias lists of one entity under such tags are one language given twice. A valid
//! dataset's tags are then written in their conventional case.

use rustc_hash::FxHashMap as HashMap;

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;
use crate::model::{Dataset, normalize_language_tag};

impl Checker<'_> {
    /// Reports the tags of one entity's `field` (`label`, `aliases`) that differ only in case
    /// from another of its tags: each is an error at the later of the two in the file.
    pub(super) fn language_twins<'t>(
        &mut self,
        index: usize,
        field: &str,
        tags: impl ExactSizeIterator<Item = &'t str> + Clone,
    ) {
        if tags.len() < 2 {
            return;
        }
        let tags: Vec<&str> = tags.collect();
        for (j, later) in tags.iter().enumerate() {
            let Some(first) = tags[..j].iter().find(|t| t.eq_ignore_ascii_case(later)) else {
                continue;
            };
            let k = ItemKind::Entity;
            let (a, b) = (
                self.at(k, index, &[field, first]),
                self.at(k, index, &[field, later]),
            );
            // Tags are sorted by their text; the diagnostic goes to the one written later.
            let swap = matches!((&a, &b), (Some(a), Some(b)) if (b.file, b.span.start) < (a.file, a.span.start));
            let ((first, a), (later, b)) = if swap {
                ((later, b), (first, a))
            } else {
                ((first, a), (later, b))
            };
            let id = &self.dataset.entities[index].id;
            let what = if field == "label" {
                "two labels"
            } else {
                "two alias lists"
            };
            self.push(
                Diagnostic::error(
                    Code::BadLanguage,
                    format!(
                        "entity \"{id}\" has {what} in one language: \"{first}\" and \"{later}\" (language tags ignore case)"
                    ),
                )
                .at(b, "the same language again")
                .also(a, "first here")
                .with_help(format!(
                    "keep one per language, tagged as usual: \"{}\"",
                    normalize_language_tag(first).as_deref().unwrap_or(first)
                )),
            );
        }
    }
}

/// Writes every language tag of a valid dataset in its conventional case (`EN-gb` →
/// `en-GB`): the dataset's languages, each source's language, and the tags of labels and
/// aliases.
pub(crate) fn normalize_languages(dataset: &mut Dataset) {
    // A dataset has a handful of distinct tags and may have millions of labels.
    let mut seen: HashMap<String, Option<String>> = HashMap::default();
    let mut normal = |tag: &str| -> Option<String> {
        if let Some(known) = seen.get(tag) {
            return known.clone();
        }
        let found = normalize_language_tag(tag);
        seen.insert(tag.to_string(), found.clone());
        found
    };
    for tag in &mut dataset.meta.languages {
        if let Some(n) = normal(tag) {
            *tag = n;
        }
    }
    for tag in dataset
        .sources
        .iter_mut()
        .filter_map(|s| s.language.as_mut())
    {
        if let Some(n) = normal(tag) {
            *tag = n;
        }
    }
    for entity in &mut dataset.entities {
        entity.label.normalize_tags(&mut normal);
        entity.aliases.normalize_tags(&mut normal);
    }
}
