//! The validation rules, one function each.
//!
//! Here: [`Checker`], which runs them, its id indexes and the helpers the rules share. The
//! rules are methods on `Checker`, one file per concern: `metadata.rs` (the `[dataset]`
//! table), `schema.rs` (types, predicates, sources), `entities.rs`, `statements.rs`
//! (ids, domains, ranges, qualifiers), `references.rs` (sources cited, rows citing none),
//! `texts.rs` (control characters, lengths, finite numbers, empty names and spans),
//! `languages.rs` (tags that differ only in case; a valid dataset's tags in their usual case),
//! `usage.rs` (unused items), `views.rs` (what views name).

mod entities;
mod languages;
mod metadata;
mod references;
mod schema;
mod statements;
mod texts;
mod usage;
mod views;

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::Unreadable;
use crate::diag::{Code, Diagnostic, Location, Severity, suggestion};
use crate::load::{ItemKind, Origins};
use crate::model::{Dataset, IdIndex};
use crate::validate::NO_ENTITY;

pub(crate) use languages::normalize_languages;
pub(crate) use references::uncited_rows;
pub(crate) use schema::undeclared_unit;
pub(crate) use statements::repeated_id;

/// Did-you-mean is skipped above this many candidates: it is linear in them, and a bulk
/// dataset with many dangling references must not turn quadratic.
const SUGGEST_LIMIT: usize = 20_000;

/// At most this many diagnostics of one code are kept; the rest are counted in one summary,
/// so that a bulk dataset with one mistake on every row stays readable (and small).
pub(super) const PER_CODE_LIMIT: usize = 200;

/// Which items a run checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Everything: the whole dataset is in memory.
    All,
    /// Everything but the statements, which a streamed build reads and checks part by part
    /// (`validate::stream`): what needs every statement (unused entities and sources, an
    /// empty dataset) is left to the end of the stream.
    AllButStatements,
    /// The statements of the dataset only: a part of a streamed build's statements, checked
    /// against the rest of the dataset (already checked, so its diagnostics are not repeated).
    Statements,
}

pub(super) struct Checker<'a> {
    dataset: &'a Dataset,
    pub(super) scope: Scope,
    /// While set, diagnostics are dropped (building the indexes a [`Scope::Statements`] run
    /// needs reports again what the whole run reported).
    mute: bool,
    origins: &'a Origins,
    unreadable: &'a Unreadable,
    types: HashMap<&'a str, usize>,
    predicates: HashMap<&'a str, usize>,
    sources: HashMap<&'a str, usize>,
    units: HashMap<&'a str, usize>,
    /// Positions, not `&str` keys: a bulk dataset has millions of entities. Borrowed when a
    /// streamed build checks its statements part by part.
    pub(super) entities: std::borrow::Cow<'a, IdIndex>,
    /// For each type, itself and its ancestors (cut at a cycle).
    ancestors: HashMap<&'a str, Vec<&'a str>>,
    pub(super) out: Vec<Diagnostic>,
    /// Diagnostics per code, for [`PER_CODE_LIMIT`].
    pub(super) per_code: BTreeMap<Code, (Severity, usize)>,
    /// Statements read from CSV rows that cite no source, per run of rows: the first one and
    /// how many (one warning per file rather than one per row).
    pub(super) uncited_rows: BTreeMap<(crate::FileId, usize), (usize, usize)>,
    /// Entities (by the position of their id's first definition) that a statement names,
    /// found by [`Checker::statements`] so that [`Checker::unused`] looks nothing up again.
    pub(super) used: Vec<bool>,
    /// Whether two entities have the same id (else each entity is the first with its id).
    pub(super) repeated_entity_ids: bool,
    /// The sources statements cite, when they are not all in the dataset (a streamed build
    /// gathers them as it goes); [`Checker::unused`] then reads them here.
    pub(super) cited: Option<rustc_hash::FxHashSet<String>>,
    /// Per statement: the positions of its subject and object entities
    /// ([`super::NO_ENTITY`] when unknown or literal), handed to the graph with a valid
    /// dataset so that indexing it looks no id up again.
    pub(super) ends: Vec<[u32; 2]>,
}

impl<'a> Checker<'a> {
    pub(super) fn new(
        dataset: &'a Dataset,
        origins: &'a Origins,
        unreadable: &'a Unreadable,
    ) -> Self {
        Checker {
            dataset,
            scope: Scope::All,
            mute: false,
            origins,
            unreadable,
            types: HashMap::default(),
            predicates: HashMap::default(),
            sources: HashMap::default(),
            units: HashMap::default(),
            entities: std::borrow::Cow::Owned(IdIndex::default()),
            ancestors: HashMap::default(),
            out: Vec::new(),
            per_code: BTreeMap::new(),
            uncited_rows: BTreeMap::new(),
            used: Vec::new(),
            repeated_entity_ids: false,
            cited: None,
            ends: Vec::new(),
        }
    }

    pub(super) fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        let per_code = std::mem::take(&mut self.per_code);
        self.out.extend(summaries(&per_code));
        self.out
    }

    pub(super) fn run(&mut self) {
        let (d, origins, unreadable) = (self.dataset, self.origins, self.unreadable);
        let scope = self.scope;
        // Rules that need no index run on a second thread from the start (bulk datasets:
        // millions of ids to derive while the indexes are built and used), counting
        // diagnostics from where this checker's counts stand.
        let counted = self.per_code.clone();
        let start = counted.clone();
        let ((), side) = crate::threads::join(
            || {
                if scope == Scope::Statements {
                    // The rest of the dataset was checked already: the indexes only.
                    self.mute = true;
                    self.index_all();
                    self.type_hierarchy();
                    self.mute = false;
                } else {
                    self.metadata();
                    self.index_all();
                }
                self.ends = self.resolve_ends();
                if scope == Scope::Statements {
                    self.statements();
                } else {
                    self.run_indexed();
                }
            },
            move || {
                let mut side = Checker::new(d, origins, unreadable);
                side.scope = scope;
                side.per_code = counted;
                side.statement_ids();
                side.control_characters();
                side.text_languages();
                side.finite_numbers();
                side.empty_names();
                side
            },
        );
        self.absorb(side, &start);
    }

    /// Takes the side checker's diagnostics; it counted from this one's counts at the start,
    /// so [`PER_CODE_LIMIT`] holds across both.
    fn absorb(&mut self, other: Checker<'_>, counted: &BTreeMap<Code, (Severity, usize)>) {
        let mut hidden: Vec<(Code, Severity, usize)> = Vec::new();
        for (code, &(severity, count)) in &other.per_code {
            let before = counted.get(code).map_or(0, |&(_, n)| n);
            let shown = other.out.iter().filter(|d| d.code == *code).count();
            hidden.push((*code, severity, count - before - shown));
        }
        for d in other.out {
            self.push(d);
        }
        // `push` counted the shown ones.
        for (code, severity, n) in hidden {
            self.per_code.entry(code).or_insert((severity, 0)).1 += n;
        }
    }

    /// Indexes every kind of item by id, reporting bad and repeated ids.
    fn index_all(&mut self) {
        let d = self.dataset;
        self.types = self.index(ItemKind::Type, d.types.iter().map(|t| t.id.as_str()));
        self.predicates = self.index(
            ItemKind::Predicate,
            d.predicates.iter().map(|p| p.id.as_str()),
        );
        self.sources = self.index(ItemKind::Source, d.sources.iter().map(|s| s.id.as_str()));
        self.units = self.index(ItemKind::Unit, d.units.iter().map(|u| u.id.as_str()));
        self.entities = self.index_entities();
    }

    /// Each statement's subject and object positions ([`NO_ENTITY`] when unknown or not an
    /// entity), looked up on both threads: on a bulk dataset these millions of lookups, each a
    /// cache miss or two, are most of validation's time.
    fn resolve_ends(&self) -> Vec<[u32; 2]> {
        let (index, entities) = (&self.entities, &self.dataset.entities);
        let statements = &self.dataset.statements;
        let position = |id: &str| {
            index
                .get(id, |i| &entities[i].id)
                .and_then(|e| u32::try_from(e).ok())
                .unwrap_or(NO_ENTITY)
        };
        let resolve = |ends: &mut [[u32; 2]], part: &[crate::model::Statement]| {
            for (end, s) in ends.iter_mut().zip(part) {
                *end = [position(&s.subject), s.object().map_or(NO_ENTITY, position)];
            }
        };
        let mut ends = vec![[NO_ENTITY; 2]; statements.len()];
        let middle = statements.len() / 2;
        let (first, second) = ends.split_at_mut(middle);
        crate::threads::join(
            || resolve(first, &statements[..middle]),
            || resolve(second, &statements[middle..]),
        );
        ends
    }

    fn run_indexed(&mut self) {
        self.type_hierarchy();
        self.type_fields();
        self.predicate_fields();
        self.source_fields();
        self.unit_fields();
        self.entity_fields();
        self.statements();
        self.views();
        if self.scope == Scope::All {
            self.empty();
            if self.unreadable.is_empty() {
                self.unused();
            }
        }
    }

    /// The checks of a streamed build that need every statement, once they all went by:
    /// unused entities and sources (from the flags its parts gathered), an empty dataset.
    pub(super) fn finish_stream(&mut self, any_statement: bool, rows_skipped: bool) {
        if !any_statement {
            self.empty();
        }
        if self.unreadable.is_empty() && !rows_skipped {
            self.unused();
        }
    }

    fn at(&self, kind: ItemKind, index: usize, path: &[&str]) -> Option<Location> {
        self.origins.locate(kind, index, path)
    }

    fn id_at(&self, kind: ItemKind, index: usize) -> Option<Location> {
        self.origins.id_location(kind, index)
    }

    fn push(&mut self, d: Diagnostic) {
        if self.mute {
            return;
        }
        let no_entities_read = self
            .unreadable
            .get(&ItemKind::Entity)
            .is_some_and(|ids| ids.contains(crate::validate::WHOLE_FILE));
        if no_entities_read && d.code == Code::UnknownEntity {
            // A file of entities could not be read at all (its header says why): every
            // reference to one of them would be a false error.
            return;
        }
        let (_, count) = self.per_code.entry(d.code).or_insert((d.severity, 0));
        *count += 1;
        if *count <= PER_CODE_LIMIT {
            self.out.push(d);
        }
    }

    // ---- ids -----------------------------------------------------------------------------

    /// Maps ids to their first index, reporting bad and duplicate ids.
    fn index(
        &mut self,
        kind: ItemKind,
        ids: impl Iterator<Item = &'a str>,
    ) -> HashMap<&'a str, usize> {
        let mut map = HashMap::default();
        for (i, id) in ids.enumerate() {
            if !is_slug(id) {
                self.push(bad_slug(kind_name(kind), id, self.id_at(kind, i)));
            }
            if let Some(&first) = map.get(id) {
                self.push(duplicate(
                    kind,
                    id,
                    self.id_at(kind, i),
                    self.id_at(kind, first),
                ));
            } else {
                map.insert(id, i);
            }
        }
        map
    }

    /// As [`Checker::index`], for entities (kept when a streamed build lent its index).
    fn index_entities(&mut self) -> std::borrow::Cow<'a, IdIndex> {
        if let std::borrow::Cow::Borrowed(index) = self.entities {
            return std::borrow::Cow::Borrowed(index);
        }
        let entities = &self.dataset.entities;
        let kind = ItemKind::Entity;
        let mut index = IdIndex::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            if !is_slug(&e.id) {
                self.push(bad_slug(kind_name(kind), &e.id, self.id_at(kind, i)));
            }
            if let Some(first) = index.insert(&e.id, i, |j| &entities[j].id) {
                self.repeated_entity_ids = true;
                self.push(duplicate(
                    kind,
                    &e.id,
                    self.id_at(kind, i),
                    self.id_at(kind, first),
                ));
            }
        }
        std::borrow::Cow::Owned(index)
    }

    /// The entity index this checker built (`None` when a streamed build lent it one).
    pub(super) fn take_entity_index(&mut self) -> Option<IdIndex> {
        match std::mem::take(&mut self.entities) {
            std::borrow::Cow::Owned(index) => Some(index),
            std::borrow::Cow::Borrowed(_) => None,
        }
    }

    /// The position of the (first) entity with this id.
    fn entity(&self, id: &str) -> Option<usize> {
        let entities = &self.dataset.entities;
        self.entities.get(id, |i| &entities[i].id)
    }

    // ---- shared checks -------------------------------------------------------------------

    /// "unknown entity" and friends, with a did-you-mean; silent for ids that were written but
    /// could not be read (that item already has its own error).
    fn unknown(&self, kind: ItemKind, id: &str, at: Option<Location>) -> Diagnostic {
        let d = self.dataset;
        let code = match kind {
            ItemKind::Type => Code::UnknownType,
            ItemKind::Predicate => Code::UnknownPredicate,
            ItemKind::Source => Code::UnknownSource,
            _ => Code::UnknownEntity,
        };
        // Did-you-mean is linear in the candidates: only for diagnostics that will be shown
        // (see PER_CODE_LIMIT), and not among more than SUGGEST_LIMIT of them.
        let shown = self
            .per_code
            .get(&code)
            .is_none_or(|&(_, n)| n < PER_CODE_LIMIT);
        let suggest = |ids: &mut dyn ExactSizeIterator<Item = &str>| {
            (shown && ids.len() <= SUGGEST_LIMIT).then(|| suggestion(id, ids))?
        };
        let help = match kind {
            ItemKind::Type => suggest(&mut d.types.iter().map(|t| t.id.as_str())),
            ItemKind::Predicate => suggest(&mut d.predicates.iter().map(|p| p.id.as_str())),
            ItemKind::Source => suggest(&mut d.sources.iter().map(|s| s.id.as_str())),
            _ => suggest(&mut d.entities.iter().map(|e| e.id.as_str())),
        };
        let mut d = Diagnostic::error(code, format!("unknown {} \"{id}\"", kind_name(kind)))
            .at(at, format!("no {} has this id", kind_name(kind)))
            .with_help_opt(help);
        if self
            .unreadable
            .get(&kind)
            .is_some_and(|ids| ids.contains(id))
        {
            // Demote: the definition exists but failed to read; its own error explains.
            d.message.push_str(" (its definition has an error)");
        }
        d
    }
}

/// "and N more errors like these" for each code past [`PER_CODE_LIMIT`].
pub(super) fn summaries(per_code: &BTreeMap<Code, (Severity, usize)>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (&code, &(severity, count)) in per_code {
        if count > PER_CODE_LIMIT {
            let hidden = count - PER_CODE_LIMIT;
            let what = match severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let mut d = Diagnostic::error(
                code,
                format!("and {hidden} more {what}(s) like these, not shown"),
            )
            .with_help("fix the ones shown (often one cause) and validate again");
            d.severity = severity;
            out.push(d);
        }
    }
    out
}

fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Metadata => "dataset",
        ItemKind::Type => "type",
        ItemKind::Predicate => "predicate",
        ItemKind::Source => "source",
        ItemKind::Unit => "unit",
        ItemKind::Entity => "entity",
        ItemKind::Statement => "statement",
        ItemKind::View => "view",
    }
}

/// ASCII letters, digits, `_` and `-`, starting with a letter, at most 128 bytes.
pub(crate) fn is_slug(id: &str) -> bool {
    id.len() <= 128
        && id.starts_with(|c: char| c.is_ascii_alphabetic())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

/// An id defined twice, with both places.
fn duplicate(
    kind: ItemKind,
    id: &str,
    second: Option<Location>,
    first: Option<Location>,
) -> Diagnostic {
    Diagnostic::error(
        Code::DuplicateId,
        format!("{} \"{id}\" is defined twice", kind_name(kind)),
    )
    .at(second, "second definition")
    .also(first, "first definition")
    .with_help("rename one, or merge the two")
}

fn bad_slug(what: &str, id: &str, at: Option<Location>) -> Diagnostic {
    Diagnostic::error(Code::BadId, format!("{what} id \"{id}\" is not a slug"))
        .at(at, "not a slug")
        .with_help(
            "ids start with a letter and use only ASCII letters, digits, `_` and `-` (at most 128)",
        )
}

/// A BCP 47 check; `at` is called only for a bad tag (locating a CSV cell rescans its row,
/// and a bulk dataset has millions of labels).
fn check_language(tag: &str, at: impl FnOnce() -> Option<Location>) -> Option<Diagnostic> {
    oxilangtag::LanguageTag::parse(tag).err().map(|e| {
        Diagnostic::error(
            Code::BadLanguage,
            format!("\"{tag}\" is not a BCP 47 language tag: {e}"),
        )
        .at(at(), "bad language tag")
        .with_help("use tags like \"en\", \"ja\", \"zh-Hans\", \"ru-Latn\"")
    })
}

#[cfg(test)]
mod tests {
    use super::entities::is_qid;
    use super::*;

    #[test]
    fn slugs_and_qids() {
        assert!(is_slug("kwantung_army"));
        assert!(is_slug("far-east-1945"));
        assert!(!is_slug("1st_front"));
        assert!(!is_slug("red army"));
        assert!(!is_slug(""));
        assert!(is_qid("Q42"));
        assert!(!is_qid("Q"));
        assert!(!is_qid("Q042"));
        assert!(!is_qid("P31"));
        assert!(!is_qid("q42"));
    }
}
