//! Finding entities by id, label or alias, forgiving case and diacritics.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::graph::KnowledgeGraph;
use crate::model::Entity;

/// Folds text for matching: decomposed (NFKD), combining marks dropped, lowercased, runs of
/// whitespace, `_` and `-` collapsed to one space. `"Otozō  Yamada"` and `"otozo_yamada"` both
/// fold to `"otozo yamada"`.
///
/// ```
/// assert_eq!(kgforge::query::fold("Otozō Yamada"), "otozo yamada");
/// assert_eq!(kgforge::query::fold("otozo_yamada"), "otozo yamada");
/// assert_eq!(kgforge::query::fold("Хабаровск"), "хабаровск");
/// ```
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() || c == '_' || c == '-' {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Which field of an entity a search matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchField {
    /// The id.
    Id,
    /// A label (in the language given by [`Match::language`]).
    Label,
    /// An alias (in the language given by [`Match::language`]).
    Alias,
}

/// An entity a search found, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Match<'g> {
    /// The entity.
    pub entity: &'g Entity,
    /// Which field matched.
    pub field: MatchField,
    /// The matched text as written.
    pub text: &'g str,
    /// The label's or alias's language; `None` for ids.
    pub language: Option<&'g str>,
    /// Whether the whole folded text equals the query (else the query is a part of it).
    pub exact: bool,
}

impl KnowledgeGraph {
    /// Entities whose id, label or alias (any language) matches `query`, forgiving case,
    /// diacritics and `_`/`-`/space differences. Exact matches come first; when there is
    /// none, entities whose names contain the query are returned. Each entity appears once, with
    /// its best match; ambiguous names return every candidate.
    ///
    /// ```
    /// use std::path::Path;
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// assert_eq!(graph.find("otozo yamada")[0].entity.id, "otozo_yamada");
    /// assert_eq!(graph.find("Boli")[0].entity.id, "khabarovsk");
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(total length of all names): a scan, no index.
    pub fn find(&self, query: &str) -> Vec<Match<'_>> {
        let wanted = fold(query);
        if wanted.is_empty() {
            return Vec::new();
        }
        let mut exact = Vec::new();
        let mut partial = Vec::new();
        for entity in &self.dataset().entities {
            let mut best: Option<Match<'_>> = None;
            for (field, language, text) in names(entity) {
                let folded = fold(text);
                let is_exact = folded == wanted;
                if !is_exact && !folded.contains(&wanted) {
                    continue;
                }
                let candidate = Match {
                    entity,
                    field,
                    text,
                    language,
                    exact: is_exact,
                };
                let better = best.as_ref().is_none_or(|b| {
                    (!b.exact && is_exact) || (b.exact == is_exact && field < b.field)
                });
                if better {
                    best = Some(candidate);
                }
            }
            match best {
                Some(m) if m.exact => exact.push(m),
                Some(m) => partial.push(m),
                None => {}
            }
        }
        if exact.is_empty() { partial } else { exact }
    }

    /// The one entity `query` names: its id, or a name that [`KnowledgeGraph::find`] finds
    /// exactly one entity for (exactly, or when no name matches exactly, in part).
    ///
    /// ```
    /// use std::path::Path;
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// assert_eq!(graph.resolve("Otozō Yamada").map(|e| e.id.as_str()), Ok("otozo_yamada"));
    /// // A part of one entity's name only.
    /// assert_eq!(graph.resolve("vasilevsk").map(|e| e.id.as_str()), Ok("aleksandr_vasilevsky"));
    /// // Several candidates: an error that lists them.
    /// assert!(graph.resolve("front").unwrap_err().len() > 1);
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Errors
    /// The candidates (empty when nothing matched, several when ambiguous).
    pub fn resolve(&self, query: &str) -> Result<&Entity, Vec<Match<'_>>> {
        if let Some(e) = self.entity(query) {
            return Ok(e);
        }
        let matches = self.find(query);
        match matches.as_slice() {
            [one] => Ok(one.entity),
            _ => Err(matches),
        }
    }
}

fn names(entity: &Entity) -> impl Iterator<Item = (MatchField, Option<&str>, &str)> {
    let id = std::iter::once((MatchField::Id, None, entity.id.as_str()));
    let labels = entity
        .label
        .iter()
        .map(|(lang, text)| (MatchField::Label, Some(lang), text.as_str()));
    let aliases = entity.aliases.iter().flat_map(|(lang, list)| {
        list.iter()
            .map(move |text| (MatchField::Alias, Some(lang), text.as_str()))
    });
    id.chain(labels).chain(aliases)
}
