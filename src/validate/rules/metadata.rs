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
            self.push(bad_slug("dataset", &meta.id, self.at(k, 0, &["id"])));
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
            Ok(iri) if dot_segment(iri.path()).is_some() => {
                let segment = dot_segment(iri.path()).unwrap_or_default();
                // What RDF tools make of it: the dot segments resolved away (RFC 3986
                // §5.2.4; oxiri keeps them in an absolute IRI, raptor does not).
                let path = iri.path();
                let resolved = meta
                    .base_iri
                    .split_once(path)
                    .map(|(before, after)| format!("{before}{}{after}", remove_dot_segments(path)));
                self.push(
                    Diagnostic::error(
                        Code::BadIri,
                        format!(
                            "base_iri \"{}\" has a dot segment (\"{segment}\")",
                            meta.base_iri
                        ),
                    )
                    .at(
                        self.at(k, 0, &["base_iri"]),
                        "RDF tools resolve this into another IRI",
                    )
                    .with_help(match resolved {
                        Some(r) => format!(
                            "readers such as raptor remove `.` and `..` segments, so the IRIs kgforge writes would not be the ones read back: write \"{r}\""
                        ),
                        None => "readers such as raptor remove `.` and `..` segments, so the IRIs kgforge writes would not be the ones read back: write the path without them".to_string(),
                    }),
                );
            }
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

/// The path with its `.` and `..` segments resolved as RFC 3986 §5.2.4 does
/// (`/a/../b/./` → `/b/`).
fn remove_dot_segments(path: &str) -> String {
    let segments: Vec<&str> = path.split('/').collect();
    let mut kept: Vec<&str> = Vec::new();
    for (i, segment) in segments.iter().enumerate().skip(1) {
        match segment.to_ascii_lowercase().replace("%2e", ".").as_str() {
            dots @ ("." | "..") => {
                if dots == ".." {
                    kept.pop();
                }
                // A path ending in a dot segment ends in a slash.
                if i == segments.len() - 1 {
                    kept.push("");
                }
            }
            _ => kept.push(segment),
        }
    }
    format!("{}/{}", segments[0], kept.join("/"))
}

/// The first `.` or `..` segment of an IRI path (also written with `%2E`), which RFC 3986
/// resolution removes: a base IRI holding one names other IRIs once read back.
fn dot_segment(path: &str) -> Option<&str> {
    path.split('/').find(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
}

#[cfg(test)]
mod tests {
    use super::{dot_segment, remove_dot_segments};

    #[test]
    fn dot_segments_are_found_however_written() {
        for path in ["/a/../b/", "/./", "/a/.", "/a/..", "/%2E%2e/", "/a/.%2E/x"] {
            assert!(dot_segment(path).is_some(), "{path}");
        }
        for path in ["/a/b/", "/a.b/", "/a./", "/.well-known/", "/...", "", "/"] {
            assert_eq!(dot_segment(path), None, "{path}");
        }
        assert_eq!(remove_dot_segments("/datasets/../case/./"), "/case/");
        assert_eq!(remove_dot_segments("/a/b/.."), "/a/");
        assert_eq!(remove_dot_segments("/../a/%2E/"), "/a/");
        assert_eq!(remove_dot_segments("/a/./b/"), "/a/b/");
    }
}
