//! The validation rules, one function each.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::Unreadable;
use crate::diag::{Code, Diagnostic, Location, Severity, suggestion};
use crate::load::{ItemKind, Origins};
use crate::model::{Dataset, IdIndex, LiteralKind, Range, Value};
use crate::validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// Did-you-mean is skipped above this many candidates: it is linear in them, and a bulk
/// dataset with many dangling references must not turn quadratic.
const SUGGEST_LIMIT: usize = 20_000;

/// At most this many diagnostics of one code are kept; the rest are counted in one summary,
/// so that a bulk dataset with one mistake on every row stays readable (and small).
const PER_CODE_LIMIT: usize = 200;

pub(super) struct Checker<'a> {
    dataset: &'a Dataset,
    origins: &'a Origins,
    unreadable: &'a Unreadable,
    types: HashMap<&'a str, usize>,
    predicates: HashMap<&'a str, usize>,
    sources: HashMap<&'a str, usize>,
    /// Positions, not `&str` keys: a bulk dataset has millions of entities.
    entities: IdIndex,
    /// For each type, itself and its ancestors (cut at a cycle).
    ancestors: HashMap<&'a str, Vec<&'a str>>,
    out: Vec<Diagnostic>,
    /// Diagnostics per code, for [`PER_CODE_LIMIT`].
    per_code: BTreeMap<Code, (Severity, usize)>,
    /// Statements read from CSV rows that cite no source, per run of rows: the first one and
    /// how many (one warning per file rather than one per row).
    uncited_rows: BTreeMap<(crate::FileId, usize), (usize, usize)>,
    /// Entities (by the position of their id's first definition) that a statement names,
    /// found by [`Checker::statements`] so that [`Checker::unused`] looks nothing up again.
    used: Vec<bool>,
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
            origins,
            unreadable,
            types: HashMap::default(),
            predicates: HashMap::default(),
            sources: HashMap::default(),
            entities: IdIndex::default(),
            ancestors: HashMap::default(),
            out: Vec::new(),
            per_code: BTreeMap::new(),
            uncited_rows: BTreeMap::new(),
            used: Vec::new(),
            ends: Vec::new(),
        }
    }

    pub(super) fn into_diagnostics(mut self) -> Vec<Diagnostic> {
        for (code, (severity, count)) in std::mem::take(&mut self.per_code) {
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
                self.out.push(d);
            }
        }
        self.out
    }

    pub(super) fn run(&mut self) {
        let (d, origins, unreadable) = (self.dataset, self.origins, self.unreadable);
        // Rules that need no index run on a second thread (bulk datasets: millions of ids).
        let ((), side) = crate::threads::join(
            || self.run_indexed(),
            move || {
                let mut side = Checker::new(d, origins, unreadable);
                side.statement_ids();
                side.control_characters();
                side.finite_numbers();
                side
            },
        );
        self.absorb(side);
    }

    /// Takes another checker's diagnostics, keeping [`PER_CODE_LIMIT`] across both.
    fn absorb(&mut self, other: Checker<'_>) {
        for d in other.out {
            self.push(d);
        }
        for (code, (severity, count)) in other.per_code {
            let hidden = count.saturating_sub(PER_CODE_LIMIT);
            self.per_code.entry(code).or_insert((severity, 0)).1 += hidden;
        }
    }

    fn run_indexed(&mut self) {
        let d = self.dataset;
        self.metadata();
        self.types = self.index(ItemKind::Type, d.types.iter().map(|t| t.id.as_str()));
        self.predicates = self.index(
            ItemKind::Predicate,
            d.predicates.iter().map(|p| p.id.as_str()),
        );
        self.sources = self.index(ItemKind::Source, d.sources.iter().map(|s| s.id.as_str()));
        self.entities = self.index_entities();
        self.type_hierarchy();
        self.type_fields();
        self.predicate_fields();
        self.source_fields();
        self.entity_fields();
        self.statements();
        self.empty();
        if self.unreadable.is_empty() {
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
        let (_, count) = self.per_code.entry(d.code).or_insert((d.severity, 0));
        *count += 1;
        if *count <= PER_CODE_LIMIT {
            self.out.push(d);
        }
    }

    // ---- metadata ------------------------------------------------------------------------

    fn metadata(&mut self) {
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
        let mut seen = HashSet::default();
        for (i, lang) in meta.languages.iter().enumerate() {
            let at = self.at(k, 0, &["languages", &i.to_string()]);
            if let Some(d) = check_language(lang, at.clone()) {
                self.push(d);
            } else if !seen.insert(lang.as_str()) {
                self.push(
                    Diagnostic::error(
                        Code::BadLanguage,
                        format!("language \"{lang}\" is listed twice"),
                    )
                    .at(at, "repeated"),
                );
            }
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

    /// As [`Checker::index`], for entities.
    fn index_entities(&mut self) -> IdIndex {
        let entities = &self.dataset.entities;
        let kind = ItemKind::Entity;
        let mut index = IdIndex::with_capacity(entities.len());
        for (i, e) in entities.iter().enumerate() {
            if !is_slug(&e.id) {
                self.push(bad_slug(kind_name(kind), &e.id, self.id_at(kind, i)));
            }
            if let Some(first) = index.insert(&e.id, i, |j| &entities[j].id) {
                self.push(duplicate(
                    kind,
                    &e.id,
                    self.id_at(kind, i),
                    self.id_at(kind, first),
                ));
            }
        }
        index
    }

    /// The position of the (first) entity with this id.
    fn entity(&self, id: &str) -> Option<usize> {
        let entities = &self.dataset.entities;
        self.entities.get(id, |i| &entities[i].id)
    }

    fn statement_ids(&mut self) {
        use std::hash::BuildHasher;
        let hash = |id: &str| rustc_hash::FxBuildHasher.hash_one(id);
        // A table of statement positions, not of ids: most ids are derived and not stored,
        // and a map of millions of owned strings (or of 16-byte entries) would be the largest
        // thing validation holds. An id is derived again only to confirm a hash match.
        let statements = &self.dataset.statements;
        let mut seen: hashbrown::HashTable<u32> =
            hashbrown::HashTable::with_capacity(statements.len());
        let (mut id, mut other) = (String::new(), String::new());
        for (i, s) in statements.iter().enumerate() {
            let k = ItemKind::Statement;
            id.clear();
            s.write_id(&mut id);
            if id.is_empty()
                || id.len() > 256
                || !id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"_-.".contains(&b))
            {
                self.push(
                    Diagnostic::error(Code::BadId, format!("statement id \"{id}\" is not valid"))
                        .at(self.at(k, i, &["id"]), "here")
                        .with_help(
                            "use ASCII letters, digits, `_`, `-` and `.`, at most 256 characters",
                        ),
                );
            }
            let h = hash(&id);
            let first = seen.find(h, |&j| {
                other.clear();
                statements[j as usize].write_id(&mut other);
                other == id
            });
            match first {
                Some(&first) => {
                    let first = first as usize;
                    self.push(
                        Diagnostic::error(Code::DuplicateId, format!("two statements have the id \"{id}\""))
                            .at(self.at(k, i, &["id"]), "second statement")
                            .also(self.at(k, first, &["id"]), "first statement")
                            .with_help("statements that say the same thing are one statement: merge their references (or give each an explicit `id`)"),
                    );
                }
                None => {
                    // Positions fit in 32 bits: 2^32 statements would take half a terabyte.
                    let position = u32::try_from(i).unwrap_or(u32::MAX);
                    seen.insert_unique(h, position, |&j| {
                        let mut buffer = String::new();
                        statements[j as usize].write_id(&mut buffer);
                        hash(&buffer)
                    });
                }
            }
        }
    }

    // ---- schema --------------------------------------------------------------------------

    fn type_hierarchy(&mut self) {
        let types = &self.dataset.types;
        let mut reported_cycle: HashSet<&str> = HashSet::default();
        for (i, t) in types.iter().enumerate() {
            let mut chain = vec![t.id.as_str()];
            let mut current = t;
            while let Some(parent) = current.parent.as_deref() {
                let Some(&pi) = self.types.get(parent) else {
                    break; // Reported by type_fields.
                };
                if chain.contains(&parent) {
                    if parent == t.id && reported_cycle.insert(t.id.as_str()) {
                        for member in &chain {
                            reported_cycle.insert(member);
                        }
                        let mut cycle = chain.clone();
                        cycle.push(parent);
                        self.push(
                            Diagnostic::error(
                                Code::TypeCycle,
                                format!("the type hierarchy has a cycle: {}", cycle.join(" → ")),
                            )
                            .at(
                                self.at(ItemKind::Type, i, &["parent"]),
                                "this parent closes the cycle",
                            )
                            .with_help("a type cannot be its own ancestor; remove one `parent`"),
                        );
                    }
                    break;
                }
                chain.push(parent);
                current = &types[pi];
            }
            self.ancestors.insert(t.id.as_str(), chain);
        }
    }

    fn is_a(&self, type_id: &str, wanted: &str) -> bool {
        self.ancestors
            .get(type_id)
            .is_some_and(|chain| chain.contains(&wanted))
    }

    fn type_fields(&mut self) {
        for (i, t) in self.dataset.types.iter().enumerate() {
            let k = ItemKind::Type;
            if let Some(parent) = &t.parent
                && !self.types.contains_key(parent.as_str())
            {
                let d = self.unknown(ItemKind::Type, parent, self.at(k, i, &["parent"]));
                self.push(d);
            }
            if LiteralKind::from_name(&t.id).is_some() {
                self.push(
                    Diagnostic::error(
                        Code::ReservedType,
                        format!("a type may not be named \"{}\", a literal kind", t.id),
                    )
                    .at(self.id_at(k, i), "reserved name")
                    .with_help(format!("rename it, e.g. \"{}_type\"", t.id)),
                );
            }
            if let Some(class) = &t.class {
                self.check_iri(class, self.at(k, i, &["class"]));
            }
            if t.label.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("type \"{}\" has an empty label", t.id),
                    )
                    .at(self.at(k, i, &["label"]), "empty"),
                );
            }
        }
    }

    fn predicate_fields(&mut self) {
        for (i, p) in self.dataset.predicates.iter().enumerate() {
            let k = ItemKind::Predicate;
            for (j, t) in p.domain.iter().enumerate() {
                if !self.types.contains_key(t.as_str()) {
                    let at = self.at(k, i, &["domain", &j.to_string()]);
                    let d = self.unknown(ItemKind::Type, t, at);
                    self.push(d);
                }
            }
            if let Range::Entities(types) = &p.range {
                for (j, t) in types.iter().enumerate() {
                    if !self.types.contains_key(t.as_str()) {
                        let at = self.at(k, i, &["range", &j.to_string()]);
                        let kinds: Vec<&str> = LiteralKind::ALL.iter().map(|k| k.name()).collect();
                        let mut d = self.unknown(ItemKind::Type, t, at);
                        if d.help.is_none() {
                            d.help = Some(format!(
                                "a range is a list of types or one of: {}",
                                kinds.join(", ")
                            ));
                        }
                        self.push(d);
                    }
                }
            }
            if let Some(iri) = &p.property {
                self.check_iri(iri, self.at(k, i, &["property"]));
            }
            if p.label.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("predicate \"{}\" has an empty label", p.id),
                    )
                    .at(self.at(k, i, &["label"]), "empty"),
                );
            }
        }
    }

    fn source_fields(&mut self) {
        for (i, s) in self.dataset.sources.iter().enumerate() {
            let k = ItemKind::Source;
            if let Some(url) = &s.url {
                self.check_iri(url, self.at(k, i, &["url"]));
            }
            if s.title.trim().is_empty() {
                self.push(
                    Diagnostic::error(
                        Code::EmptyText,
                        format!("source \"{}\" has an empty title", s.id),
                    )
                    .at(self.at(k, i, &["title"]), "empty"),
                );
            }
            if s.paragraphs == Some(0) {
                self.push(
                    Diagnostic::error(
                        Code::BadLocator,
                        format!("source \"{}\" has 0 paragraphs", s.id),
                    )
                    .at(self.at(k, i, &["paragraphs"]), "here")
                    .with_help("leave `paragraphs` out when it is not known"),
                );
            }
        }
    }

    fn entity_fields(&mut self) {
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
                if let Some(d) = check_language(lang, self.key_at(k, i, &["label", lang])) {
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
                if let Some(d) = check_language(lang, self.key_at(k, i, &["aliases", lang])) {
                    self.push(d);
                }
            }
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
    }

    /// Where a language-tag key is written (its value's span; keys are close enough).
    fn key_at(&self, kind: ItemKind, index: usize, path: &[&str]) -> Option<Location> {
        self.at(kind, index, path)
    }

    // ---- statements ----------------------------------------------------------------------

    fn statements(&mut self) {
        let mut used = vec![false; self.dataset.entities.len()];
        let mut ends = Vec::with_capacity(self.dataset.statements.len());
        for (i, s) in self.dataset.statements.iter().enumerate() {
            let k = ItemKind::Statement;
            // Each name is looked up once (bulk datasets have millions).
            let subject_at = self.entity(&s.subject);
            let object_at = s.object().and_then(|o| self.entity(o));
            let end = |at: Option<usize>| at.and_then(|e| u32::try_from(e).ok());
            ends.push([subject_at, object_at].map(|at| end(at).unwrap_or(super::NO_ENTITY)));
            let place = s.qualifiers().place.as_deref();
            let place_at = place.and_then(|p| self.entity(p));
            for e in [subject_at, object_at, place_at].into_iter().flatten() {
                used[e] = true;
            }
            let subject = subject_at.map(|e| &self.dataset.entities[e]);
            if subject.is_none() {
                let d = self.unknown(ItemKind::Entity, &s.subject, self.at(k, i, &["subject"]));
                self.push(d);
            }
            let predicate = self
                .predicates
                .get(s.predicate.as_str())
                .map(|&p| &self.dataset.predicates[p]);
            let Some(predicate) = predicate else {
                let d = self.unknown(
                    ItemKind::Predicate,
                    &s.predicate,
                    self.at(k, i, &["predicate"]),
                );
                self.push(d);
                // Without a predicate there is no range to check, but an object entity must
                // still exist, and the qualifiers and references are checked as usual.
                if let Value::Entity(object) = &s.value
                    && object_at.is_none()
                {
                    let d = self.unknown(ItemKind::Entity, object, self.at(k, i, &["object"]));
                    self.push(d);
                }
                self.qualifiers_and_references(i);
                continue;
            };
            if let Some(subject) = subject
                && !predicate.domain.is_empty()
                && self.types.contains_key(subject.type_id.as_str())
                && !predicate
                    .domain
                    .iter()
                    .any(|t| self.is_a(&subject.type_id, t))
            {
                self.push(
                    Diagnostic::error(
                        Code::Domain,
                        format!(
                            "\"{}\" is a {}, but `{}` applies to {}",
                            s.subject,
                            subject.type_id,
                            s.predicate,
                            or_list(&predicate.domain)
                        ),
                    )
                    .at(
                        self.at(k, i, &["subject"]),
                        "subject outside the predicate's domain",
                    )
                    .with_help("use another predicate, or widen its `domain` in the schema"),
                );
            }
            self.value(
                i,
                s.predicate.as_str(),
                &predicate.range,
                &s.value,
                object_at,
            );
            self.qualifiers_and_references(i);
        }
        self.used = used;
        self.ends = ends;
        self.uncited_rows();
    }

    fn qualifiers_and_references(&mut self, i: usize) {
        let s = &self.dataset.statements[i];
        let k = ItemKind::Statement;
        if let Some(place) = &s.qualifiers().place
            && self.entity(place).is_none()
        {
            let d = self.unknown(
                ItemKind::Entity,
                place,
                self.at(k, i, &["qualifiers", "place"]),
            );
            self.push(d);
        }
        if let (Some(a), Some(b)) = (s.qualifiers().start, s.qualifiers().end)
            && a.earliest() > b.latest()
        {
            self.push(
                Diagnostic::error(
                    Code::BadSpan,
                    format!("the qualifiers start ({a}) after they end ({b})"),
                )
                .at(self.at(k, i, &["qualifiers", "end"]), "before the start"),
            );
        }
        self.references(i);
    }

    fn value(
        &mut self,
        i: usize,
        predicate: &str,
        range: &Range,
        value: &Value,
        object_at: Option<usize>,
    ) {
        // Located only when reported: for a CSV row that means scanning the row again.
        let at = |this: &Self| this.at(ItemKind::Statement, i, &[value.key()]);
        match (range, value) {
            (Range::Entities(types), Value::Entity(object)) => {
                let Some(oi) = object_at else {
                    let d = self.unknown(ItemKind::Entity, object, at(self));
                    self.push(d);
                    return;
                };
                let object_type = &self.dataset.entities[oi].type_id;
                if !types.is_empty()
                    && self.types.contains_key(object_type.as_str())
                    && !types.iter().any(|t| self.is_a(object_type, t))
                {
                    self.push(
                        Diagnostic::error(
                            Code::Range,
                            format!(
                                "\"{object}\" is a {object_type}, but `{predicate}` points to {}",
                                or_list(types)
                            ),
                        )
                        .at(at(self), "object outside the predicate's range")
                        .with_help("use another predicate, or widen its `range` in the schema"),
                    );
                }
            }
            (Range::Literal(kind), v) if v.fits(*kind) => {}
            (Range::Literal(kind), v) => {
                let wanted = match kind {
                    LiteralKind::Integer => "`quantity = …`",
                    LiteralKind::Decimal => "`decimal = …`",
                    LiteralKind::Date => "`date = \"YYYY-MM-DD\"` (or YYYY-MM, YYYY)",
                    LiteralKind::Year => "`date = \"YYYY\"` (a year only)",
                    LiteralKind::Span => "`span = { start = …, end = … }`",
                    LiteralKind::String => "`text = \"…\"`",
                };
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` takes a {} value, not {}",
                            kind.name(),
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(format!("write {wanted}")),
                );
            }
            (Range::Entities(_), v) => {
                self.push(
                    Diagnostic::error(
                        Code::Range,
                        format!(
                            "`{predicate}` points to an entity, not {}",
                            describe_value(v)
                        ),
                    )
                    .at(at(self), "wrong kind of value")
                    .with_help(
                        "write `object = \"<entity id>\"`, or give the predicate a literal range",
                    ),
                );
            }
        }
    }

    fn references(&mut self, i: usize) {
        let s = &self.dataset.statements[i];
        let k = ItemKind::Statement;
        if s.references().is_empty()
            && let Some((rows, _)) = self.origins.csv_item(k, i)
        {
            let (_, count) = self
                .uncited_rows
                .entry((rows.file, rows.first))
                .or_insert((i, 0));
            *count += 1;
        } else if s.references().is_empty() {
            self.push(
                Diagnostic::warning(
                    Code::Unreferenced,
                    format!("statement \"{}\" cites no source", s.id()),
                )
                .at(self.id_or_item(i), "no `references`")
                .with_help("add references = [{ source = \"…\", paragraph = … }]"),
            );
        }
        for (j, r) in s.references().iter().enumerate() {
            let j = j.to_string();
            let Some(&si) = self.sources.get(r.source.as_str()) else {
                let d = self.unknown(
                    ItemKind::Source,
                    &r.source,
                    self.at(k, i, &["references", &j, "source"]),
                );
                self.push(d);
                continue;
            };
            let source = &self.dataset.sources[si];
            if let Some(p) = r.paragraph {
                let too_far = source.paragraphs.is_some_and(|n| p > n);
                if p == 0 || too_far {
                    let range = source
                        .paragraphs
                        .map_or("1 or more".to_string(), |n| format!("1 to {n}"));
                    self.push(
                        Diagnostic::error(
                            Code::BadLocator,
                            format!("source \"{}\" has no paragraph {p}", r.source),
                        )
                        .at(
                            self.at(k, i, &["references", &j, "paragraph"]),
                            format!("paragraphs are {range}"),
                        )
                        .with_help("count paragraphs from 1, as the source's `paragraphs` does"),
                    );
                }
            }
        }
    }

    /// One warning per CSV file for its rows that cite no source.
    fn uncited_rows(&mut self) {
        for (first, count) in std::mem::take(&mut self.uncited_rows).into_values() {
            let s = &self.dataset.statements[first];
            let more = match count {
                1 => String::new(),
                n => format!(", nor do {} more rows", n - 1),
            };
            self.push(
                Diagnostic::warning(
                    Code::Unreferenced,
                    format!(
                        "{count} statement(s) from this file cite no source; the first is \"{}\"",
                        s.id()
                    ),
                )
                .at(
                    self.id_or_item(first),
                    format!("no `source` in this row{more}"),
                )
                .with_help("add `source` and `locator` columns; see docs/FORMAT.md"),
            );
        }
    }

    fn id_or_item(&self, i: usize) -> Option<Location> {
        // An explicit id, else the `subject` (rather than the whole item).
        let k = ItemKind::Statement;
        self.origins
            .locate_written(k, i, &["id"])
            .or_else(|| self.at(k, i, &["subject"]))
    }

    fn unused(&mut self) {
        let d = self.dataset;
        // By the position of each id's first entity, as `statements` found them.
        let used = std::mem::take(&mut self.used);
        let mut cited: HashSet<&str> = HashSet::default();
        for s in &d.statements {
            for r in s.references() {
                cited.insert(&r.source);
            }
        }
        for (i, e) in d.entities.iter().enumerate() {
            if self
                .entity(&e.id)
                .is_none_or(|first| used.get(first) != Some(&true))
            {
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

    /// Texts must not hold C0 control characters other than tab, line feed and carriage
    /// return: XML 1.0 cannot represent them, so RDF/XML could not be written, and in a label
    /// they are always a mistake (a pasted terminal escape, a bell).
    ///
    /// Texts must also be of a sensible length: names (labels, aliases, titles, groups) at
    /// most [`MAX_NAME_CHARS`] characters, other texts at most [`MAX_TEXT_CHARS`].
    fn control_characters(&mut self) {
        let d = self.dataset;
        let mut found: Vec<(ItemKind, usize, Vec<String>, char)> = Vec::new();
        let mut long: Vec<(ItemKind, usize, Vec<String>, usize, usize)> = Vec::new();
        let mut check = |kind: ItemKind, index: usize, path: &[&str], text: &str| {
            // Most text has no byte that could start a forbidden character: skip decoding it.
            let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0xEF;
            if text.bytes().any(suspect)
                && let Some(c) = text.chars().find(|&c| is_forbidden_control(c))
            {
                found.push((kind, index, path.iter().map(|s| s.to_string()).collect(), c));
            }
            let limit = match path[0] {
                "title" | "label" | "aliases" | "group" | "inverse" => MAX_NAME_CHARS,
                _ => MAX_TEXT_CHARS,
            };
            if text.len() > limit {
                let chars = text.chars().count();
                if chars > limit {
                    let path = path.iter().map(|s| s.to_string()).collect();
                    long.push((kind, index, path, chars, limit));
                }
            }
        };
        let m = &d.meta;
        for (key, text) in [
            ("title", Some(&m.title)),
            ("description", m.description.as_ref()),
        ] {
            if let Some(text) = text {
                check(ItemKind::Metadata, 0, &[key], text);
            }
        }
        for (i, t) in d.types.iter().enumerate() {
            for (key, text) in [
                ("label", Some(&t.label)),
                ("group", t.group.as_ref()),
                ("description", t.description.as_ref()),
            ] {
                if let Some(text) = text {
                    check(ItemKind::Type, i, &[key], text);
                }
            }
        }
        for (i, p) in d.predicates.iter().enumerate() {
            for (key, text) in [
                ("label", Some(&p.label)),
                ("inverse", p.inverse.as_ref()),
                ("description", p.description.as_ref()),
            ] {
                if let Some(text) = text {
                    check(ItemKind::Predicate, i, &[key], text);
                }
            }
        }
        for (i, s) in d.sources.iter().enumerate() {
            for (key, text) in [
                ("title", Some(&s.title)),
                ("author", s.author.as_ref()),
                ("publisher", s.publisher.as_ref()),
                ("note", s.note.as_ref()),
            ] {
                if let Some(text) = text {
                    check(ItemKind::Source, i, &[key], text);
                }
            }
        }
        for (i, e) in d.entities.iter().enumerate() {
            for (lang, text) in &e.label {
                check(ItemKind::Entity, i, &["label", lang], text);
            }
            for (lang, list) in &e.aliases {
                for (j, text) in list.iter().enumerate() {
                    check(
                        ItemKind::Entity,
                        i,
                        &["aliases", lang, &j.to_string()],
                        text,
                    );
                }
            }
            if let Some(text) = &e.description {
                check(ItemKind::Entity, i, &["description"], text);
            }
            for (key, value) in &e.attributes {
                if let crate::model::Scalar::String(text) = value {
                    check(ItemKind::Entity, i, &["attributes", key], text);
                }
            }
        }
        for (i, s) in d.statements.iter().enumerate() {
            let k = ItemKind::Statement;
            if let Value::Text(text) = &s.value {
                check(k, i, &["text"], text);
            }
            for (key, text) in [("disputed", s.disputed()), ("note", s.note())] {
                if let Some(text) = text {
                    check(k, i, &[key], text);
                }
            }
            for (key, text) in &s.qualifiers().other {
                check(k, i, &["qualifiers", "other", key], key);
                check(k, i, &["qualifiers", "other", key], text);
            }
            for (j, r) in s.references().iter().enumerate() {
                let j = j.to_string();
                for (key, text) in [
                    ("page", r.page.as_ref()),
                    ("section", r.section.as_ref()),
                    ("note", r.note.as_ref()),
                ] {
                    if let Some(text) = text {
                        check(k, i, &["references", &j, key], text);
                    }
                }
            }
        }
        for (kind, index, path, c) in found {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            self.push(
                Diagnostic::error(
                    Code::ControlCharacter,
                    format!("a text holds the control character U+{:04X}", u32::from(c)),
                )
                .at(self.at(kind, index, &path), "in this text")
                .with_help("remove it; RDF/XML (XML 1.0) cannot carry control characters other than tab and line breaks"),
            );
        }
        for (kind, index, path, chars, limit) in long {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let (what, help) = if limit == MAX_NAME_CHARS {
                (
                    "labels, aliases and titles",
                    "shorten it; a longer text belongs in `description`",
                )
            } else {
                (
                    "texts",
                    "shorten it, or cite the full text through a source",
                )
            };
            self.push(
                Diagnostic::error(
                    Code::TooLong,
                    format!("a text of {chars} characters; {what} have at most {limit}"),
                )
                .at(self.at(kind, index, &path), "too long")
                .with_help(help),
            );
        }
    }

    /// A dataset without entities builds empty exports: allowed (a new dataset starts so),
    /// but worth a warning, since a wrong directory looks the same.
    fn empty(&mut self) {
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

    /// Decimals and number attributes must be finite: JSON has no NaN or infinity (the JSON
    /// export would lose them), and `xsd:decimal` has neither.
    fn finite_numbers(&mut self) {
        let d = self.dataset;
        let not_finite = |what: String, x: f64, at: Option<Location>| {
            Diagnostic::error(
                Code::NotFinite,
                format!("{what} is {x}, not a finite number"),
            )
            .at(at, "not finite")
            .with_help("write a finite number; JSON and xsd:decimal have no NaN or infinity")
        };
        for (i, e) in d.entities.iter().enumerate() {
            for (key, value) in &e.attributes {
                if let crate::model::Scalar::Float(x) = *value
                    && !x.is_finite()
                {
                    let at = self.at(ItemKind::Entity, i, &["attributes", key]);
                    self.push(not_finite(format!("attribute `{key}`"), x, at));
                }
            }
        }
        for (i, s) in d.statements.iter().enumerate() {
            if let Value::Decimal(x) = s.value
                && !x.is_finite()
            {
                let at = self.at(ItemKind::Statement, i, &["decimal"]);
                self.push(not_finite("the decimal".to_string(), x, at));
            }
        }
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

    fn check_iri(&mut self, iri: &str, at: Option<Location>) {
        if let Err(e) = oxiri::Iri::parse(iri) {
            self.push(
                Diagnostic::error(
                    Code::BadIri,
                    format!("\"{iri}\" is not an absolute IRI: {e}"),
                )
                .at(at, "not an IRI")
                .with_help("write a full IRI with its scheme, e.g. \"https://…\""),
            );
        }
    }
}

fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Metadata => "dataset",
        ItemKind::Type => "type",
        ItemKind::Predicate => "predicate",
        ItemKind::Source => "source",
        ItemKind::Entity => "entity",
        ItemKind::Statement => "statement",
    }
}

fn describe_value(v: &Value) -> String {
    match v {
        Value::Entity(id) => format!("an entity (\"{id}\")"),
        Value::Quantity(q) => format!("a quantity ({q})"),
        Value::Decimal(x) => format!("a decimal ({x})"),
        Value::Date(d) => format!("a date ({d})"),
        Value::Span(_) => "a span".to_string(),
        Value::Text(_) => "a text".to_string(),
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [one] => format!("type {one}"),
        _ => format!("types {}", items.join(", ")),
    }
}

/// C0 controls but tab, line feed and carriage return, and the non-characters U+FFFE/U+FFFF:
/// what XML 1.0 cannot hold.
fn is_forbidden_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
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

fn is_qid(q: &str) -> bool {
    q.len() > 1
        && q.starts_with('Q')
        && !q[1..].starts_with('0')
        && q[1..].bytes().all(|b| b.is_ascii_digit())
}

fn check_language(tag: &str, at: Option<Location>) -> Option<Diagnostic> {
    oxilangtag::LanguageTag::parse(tag).err().map(|e| {
        Diagnostic::error(
            Code::BadLanguage,
            format!("\"{tag}\" is not a BCP 47 language tag: {e}"),
        )
        .at(at, "bad language tag")
        .with_help("use tags like \"en\", \"ja\", \"zh-Hans\", \"ru-Latn\"")
    })
}

#[cfg(test)]
mod tests {
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
