//! Checks the `[dataset]` table: its id, title, base IRI and languages.

use rustc_hash::FxHashMap as HashMap;

use super::{Checker, bad_slug, check_language, is_slug};
use crate::diag::{Code, Diagnostic};
use crate::load::ItemKind;

impl Checker<'_> {
    pub(super) fn metadata(&mut self) {
        let meta = &self.dataset.meta;
        let k = ItemKind::Metadata;
        if self.origins.metadata.is_none() && meta.id.is_empty() {
            return; // Reported by the loader.
        }
        if !is_slug(&meta.id) {
            self.push(bad_slug("dataset id", &meta.id, self.at(k, 0, &["id"])));
        }
        if meta.title.trim().is_empty() {
            self.push(
                Diagnostic::error(Code::EmptyText, "the dataset title is empty")
                    .at(self.at(k, 0, &["title"]), "empty"),
            );
        }
        match oxiri::Iri::parse(meta.base_iri.as_str()) {
            Err(e) => self.push(
                Diagnostic::error(
                    Code::BadIri,
                    format!("base_iri \"{}\" is not an absolute IRI: {e}", meta.base_iri),
                )
                .at(self.at(k, 0, &["base_iri"]), "not an IRI")
                .with_help("write an absolute IRI such as \"https://example.org/my-dataset/\""),
            ),
            Ok(_) if !meta.base_iri.ends_with(['/', '#']) => self.push(
                Diagnostic::error(
                    Code::BadIri,
                    format!("base_iri \"{}\" must end in / or #", meta.base_iri),
                )
                .at(
                    self.at(k, 0, &["base_iri"]),
                    "entity ids are appended to this",
                )
                .with_help(format!("write \"{}/\"", meta.base_iri)),
            ),
            Ok(_) => {}
        }
        if meta.languages.is_empty() {
            self.push(
                Diagnostic::error(Code::BadLanguage, "languages is empty")
                    .at(self.at(k, 0, &["languages"]), "needs at least one language")
                    .with_help("list label languages in fallback order, e.g. [\"en\", \"ja\"]"),
            );
        }
        // Tags compare ignoring case: `ja` and `JA` are one language.
        let mut seen: HashMap<String, &str> = HashMap::default();
        for (i, lang) in meta.languages.iter().enumerate() {
            let at = self.at(k, 0, &["languages", &i.to_string()]);
            if let Some(d) = check_language(lang, || at.clone()) {
                self.push(d);
            } else if let Some(&first) = seen.get(&lang.to_ascii_lowercase()) {
                let message = if first == lang {
                    format!("language \"{lang}\" is listed twice")
                } else {
                    format!(
                        "language \"{lang}\" is listed twice, first as \"{first}\" (language tags ignore case)"
                    )
                };
                self.push(Diagnostic::error(Code::BadLanguage, message).at(at, "repeated"));
            } else {
                seen.insert(lang.to_ascii_lowercase(), lang);
            }
        }
    }
}
