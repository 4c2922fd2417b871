//! Language tags compare ignoring case (BCP 47): `en`, `EN` and `En` are one language, so two
//! labels or alias lists of one entity under such tags are one language given twice. A valid
//! dataset's tags are then written in their conventional case.

use rustc_hash::FxHashMap as HashMap;

use super::Checker;
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;
use crate::model::{Dataset, normalize_language_tag};

/// Labels and aliases in languages that are not among the dataset's `languages`, gathered
/// over all entities: one warning per language, at its first use, with the count.
#[derive(Default)]
pub(super) struct Unlisted {
    /// Tag → (first entity, field, uses), in order of first use.
    found: Vec<(String, usize, &'static str, usize)>,
}

impl Unlisted {
    /// Notes the tags of entity `index` that the dataset does not list (ignoring case; a tag
    /// whose primary language is listed, `en-GB` for `en`, is listed).
    pub(super) fn note<A>(
        &mut self,
        dataset: &Dataset,
        index: usize,
        label: &crate::LangMap<String>,
        aliases: &crate::LangMap<A>,
    ) {
        let languages = &dataset.meta.languages;
        let listed = |tag: &str| {
            let primary = tag.split('-').next().unwrap_or(tag);
            languages
                .iter()
                .any(|l| l.eq_ignore_ascii_case(tag) || l.eq_ignore_ascii_case(primary))
        };
        let tags =
            (label.keys().map(|t| (t, "label"))).chain(aliases.keys().map(|t| (t, "aliases")));
        for (tag, field) in tags {
            // Tags that are not BCP 47 at all are errors of their own (KG0501).
            let well_formed = oxilangtag::LanguageTag::parse(tag).is_ok();
            if !well_formed || listed(tag) {
                continue;
            }
            match self.found.iter_mut().find(|(t, ..)| t == tag) {
                Some((.., uses)) => *uses += 1,
                None => self.found.push((tag.to_string(), index, field, 1)),
            }
        }
    }
}

impl Checker<'_> {
    /// The language tags of text values (`text = { ja = "…" }`) are BCP 47 (KG0501).
    pub(super) fn text_languages(&mut self) {
        let d = self.dataset;
        for (i, s) in d.statements.iter().enumerate() {
            if let crate::model::Value::Text(text) = &s.value
                && let Some(lang) = &text.language
                && let Some(diagnostic) =
                    super::check_language(lang, || self.at(ItemKind::Statement, i, &["text", lang]))
            {
                self.push(diagnostic);
            }
        }
    }

    /// One warning per language of labels or aliases that the dataset does not list.
    pub(super) fn unlisted_languages(&mut self, unlisted: Unlisted) {
        // Without a [dataset] table (CSV defaults, or one that failed to read) the languages
        // were not chosen, so no tag is unlisted.
        if self.origins.metadata.is_none() || self.dataset.meta.languages.is_empty() {
            return;
        }
        let languages = self.dataset.meta.languages.join(", ");
        for (tag, index, field, uses) in unlisted.found {
            let id = &self.dataset.entities[index].id;
            let also = match uses {
                1 => String::new(),
                n => format!(" ({} more use(s))", n - 1),
            };
            let hint = crate::diag::did_you_mean(
                &tag,
                self.dataset.meta.languages.iter().map(String::as_str),
            )
            .map(|l| format!("did you mean `{l}`? "))
            .unwrap_or_default();
            self.push(
                Diagnostic::warning(
                    Code::UnlistedLanguage,
                    format!(
                        "entity \"{id}\" has a {} in `{tag}`, which is not one of the dataset's languages ({languages}){also}",
                        if field == "label" { "label" } else { "list of aliases" }
                    ),
                )
                .at(self.key_at(ItemKind::Entity, index, &[field, &tag]), "not in [dataset] languages")
                .with_help(format!(
                    "{hint}language tags are BCP 47 codes such as `en`, `ja`, `zh-Hans`; add `{tag}` to `languages` in [dataset] if it is meant"
                )),
            );
        }
    }

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
