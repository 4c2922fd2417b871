//! Wikidata entities mapped to a dataset: items to entities, properties to predicates, the
//! first `instance of` (P31) class to a type, statements with their ranks, qualifiers and
//! references (docs/import.md, "Wikidata").
//!
//! Ids are slugs of English labels (or of `mul` ones) so that the TOML reads well: an item's
//! from its label (`mount_everest`), a property's from its label (`instance_of`; the input's
//! property documents first, then a table of common properties, then its PID, `p2660`). Labels
//! two items share get the QID appended (`paris_q90`, `paris_q167646`) whatever their order;
//! an item named but not in the input is `q837`, labelled by its QID.

use rustc_hash::{FxHashMap, FxHashSet};

use super::Documents;
use super::json::{Claim, EntityDoc};
use super::known;
use super::sources::Sources;
use super::values::Counts;
use crate::load::Loaded;
use crate::load::import::{Ids, ImportOptions, ImportSummary, slug};
use crate::model::{
    Dataset, Entity, EntityType, LangMap, LiteralKind, Metadata, Predicate, Range, Rank, Statement,
    Unit, normalize_language_tag,
};

/// Wikidata's entity IRIs.
pub(super) const WD: &str = "http://www.wikidata.org/entity/";

/// What statements are built with: every id and label the mapping needs.
pub(super) struct Context {
    pub(super) primary: String,
    /// Entity ids by QID (items in the input, and those their statements name).
    pub(super) entity_ids: FxHashMap<String, String>,
    /// A label for rendering an item in text, by QID (items in the input only).
    pub(super) item_labels: FxHashMap<String, String>,
    /// English labels (the input's, else the built-in ones) by QID, for ids.
    pub(super) item_id_labels: FxHashMap<String, String>,
    /// Predicate ids (and free qualifier keys) by PID.
    pub(super) property_ids: FxHashMap<String, String>,
    /// Property labels by PID, for notes.
    pub(super) property_labels: FxHashMap<String, String>,
    /// Unit ids by unit IRI.
    pub(super) unit_ids: FxHashMap<String, String>,
    /// Whether every value of a quantity property is a whole count (with whole bounds).
    pub(super) whole: FxHashMap<String, bool>,
    pub(super) counts: Counts,
    pub(super) sources: Sources,
}

impl Context {
    /// How an item is written in text: `label (Q42)`, or the QID.
    pub(super) fn item_text(&self, qid: &str) -> String {
        match self.item_labels.get(qid) {
            Some(label) => format!("{label} ({qid})"),
            None => qid.to_string(),
        }
    }

    /// A property's label, for notes.
    pub(super) fn property_label(&self, pid: &str) -> String {
        self.property_labels
            .get(pid)
            .cloned()
            .unwrap_or_else(|| pid.to_string())
    }
}

/// Builds the dataset from the documents read.
pub(super) fn build(
    docs: Documents,
    options: &ImportOptions,
    meta: Metadata,
    loaded: &mut Loaded,
    summary: &mut ImportSummary,
) {
    let _ = options;
    let languages: Vec<String> = meta.languages.clone();
    let primary = meta.primary_language().to_string();
    let (items, properties): (Vec<EntityDoc>, Vec<EntityDoc>) = docs
        .entities
        .into_iter()
        .partition(|e| e.kind.as_deref() == Some("item"));
    summary.records = docs.records;

    // Labels of properties (documents first, then the built-in table) and items.
    let mut property_labels: FxHashMap<String, String> = FxHashMap::default();
    let mut property_id_labels: FxHashMap<String, String> = FxHashMap::default();
    let mut property_docs: FxHashMap<String, &EntityDoc> = FxHashMap::default();
    for p in &properties {
        let pid = p.id.clone().unwrap_or_default();
        if let Some(label) = label_in(p, &primary).or_else(|| label_in(p, "en")) {
            property_labels.insert(pid.clone(), label.to_string());
        }
        if let Some(label) = label_in(p, "en").or_else(|| label_in(p, "mul")) {
            property_id_labels.insert(pid.clone(), label.to_string());
        }
        property_docs.insert(pid, p);
    }
    let mut item_labels = FxHashMap::default();
    let mut item_id_labels = FxHashMap::default();
    for item in &items {
        let qid = item.id.clone().unwrap_or_default();
        if let Some(label) = label_in(item, &primary).or_else(|| label_in(item, "mul")) {
            item_labels.insert(qid.clone(), label.to_string());
        }
        if let Some(label) = label_in(item, "en").or_else(|| label_in(item, "mul")) {
            item_id_labels.insert(qid, label.to_string());
        }
    }
    // Items the input names without holding them: the built-in English labels of the most
    // cited ones (for ids and source titles; for labels only when the primary language is
    // English).
    let known = |q: &str| known::item_label(q).or_else(|| known::unit_label(q));
    for item in &items {
        for (_, claims) in &item.claims.0 {
            for claim in claims {
                for r in &claim.references {
                    for (_, snaks) in &r.snaks.0 {
                        for q in snaks.iter().filter_map(|s| s.entity_id()) {
                            if let Some(label) = known(q) {
                                item_id_labels
                                    .entry(q.to_string())
                                    .or_insert_with(|| label.to_string());
                                if primary == "en" {
                                    item_labels
                                        .entry(q.to_string())
                                        .or_insert_with(|| label.to_string());
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    // What the statements use: properties (in order), the items they name, units.
    let mut used = Usage::default();
    for item in &items {
        for (pid, claims) in &item.claims.0 {
            for claim in claims {
                used.claim(pid, claim);
            }
        }
    }
    let property_ids = unique_ids(
        used.properties.iter().map(|pid| {
            let label = property_id_labels
                .get(pid)
                .map(String::as_str)
                .or_else(|| known::property_label(pid));
            (pid.clone(), slug(label.unwrap_or(pid), "p"))
        }),
        &[],
    );
    for pid in &used.properties {
        property_labels
            .entry(pid.clone())
            .or_insert_with(|| known::property_label(pid).unwrap_or(pid).to_string());
    }
    let item_qids: Vec<String> = items.iter().filter_map(|i| i.id.clone()).collect();
    let in_input: FxHashSet<&str> = item_qids.iter().map(String::as_str).collect();
    let stubs: Vec<String> = used
        .items
        .iter()
        .filter(|q| !in_input.contains(q.as_str()))
        .cloned()
        .collect();
    let mut entity_ids = unique_ids(
        item_qids.iter().map(|q| {
            let id = match item_id_labels.get(q) {
                Some(label) => slug(label, "q"),
                None => q.to_ascii_lowercase(),
            };
            (q.clone(), id)
        }),
        &[],
    );
    let mut ids = Ids::reserving(&[]);
    for id in entity_ids.values() {
        ids.unique(id.clone());
    }
    for q in &stubs {
        entity_ids.insert(q.clone(), ids.unique(q.to_ascii_lowercase()));
    }

    // Units of whole quantities: their label from the input, the built-in table or the QID.
    let mut unit_ids = FxHashMap::default();
    let mut units = Vec::new();
    let mut unit_slugs = Ids::default();
    let mut unit_iris: Vec<&str> = Vec::new();
    for (pid, iri) in &used.units {
        if used.whole.get(pid) == Some(&true) && !unit_iris.contains(&iri.as_str()) {
            unit_iris.push(iri);
        }
    }
    for iri in unit_iris {
        let qid = iri.strip_prefix(WD).unwrap_or(iri);
        let label = item_labels
            .get(qid)
            .cloned()
            .or_else(|| known::unit_label(qid).map(str::to_string))
            .unwrap_or_else(|| qid.to_string());
        let id = unit_slugs.unique(slug(&label, "u"));
        unit_ids.insert(iri.to_string(), id.clone());
        units.push(Unit {
            id,
            label,
            iri: Some(iri.to_string()),
            description: None,
        });
    }

    let mut ctx = Context {
        primary: primary.clone(),
        entity_ids,
        item_labels,
        item_id_labels,
        property_ids,
        property_labels,
        unit_ids,
        whole: used.whole.clone(),
        counts: Counts::default(),
        sources: Sources::default(),
    };

    // Types: each item's first `instance of` class of the best rank.
    let reserved = LiteralKind::ALL.map(LiteralKind::name);
    let mut type_slugs = Ids::reserving(&reserved);
    let mut types: Vec<EntityType> = Vec::new();
    let mut class_types: FxHashMap<String, String> = FxHashMap::default();
    let mut entities = Vec::new();
    let mut statements = Vec::new();
    let mut item_type = |class: Option<&str>, ctx: &Context| -> String {
        let key = class.unwrap_or("").to_string();
        if let Some(id) = class_types.get(&key) {
            return id.clone();
        }
        let (id, t) = match class {
            Some(q) => {
                let label = ctx
                    .item_labels
                    .get(q)
                    .cloned()
                    .unwrap_or_else(|| q.to_string());
                let base = match ctx.item_id_labels.get(q) {
                    Some(l) => slug(l, "t"),
                    None => q.to_ascii_lowercase(),
                };
                let id = type_slugs.unique(base);
                let t = EntityType {
                    id: id.clone(),
                    label,
                    class: Some(format!("{WD}{q}")),
                    ..EntityType::default()
                };
                (id, t)
            }
            None => {
                let id = type_slugs.unique("item".into());
                let t = EntityType {
                    id: id.clone(),
                    label: "item".into(),
                    class: Some("http://wikiba.se/ontology#Item".into()),
                    description: Some("A Wikidata item with no instance-of (P31) class in the input, or named by a statement without being in it.".into()),
                    ..EntityType::default()
                };
                (id, t)
            }
        };
        class_types.insert(key, id.clone());
        types.push(t);
        id
    };
    for item in &items {
        let qid = item.id.clone().unwrap_or_default();
        let class = first_class(item);
        let type_id = item_type(class.as_deref(), &ctx);
        entities.push(entity(item, &qid, &type_id, &languages, &mut ctx));
        for (pid, claims) in &item.claims.0 {
            for claim in claims {
                if let Some(st) = super::values::statement(&qid, pid, claim, &mut ctx) {
                    statements.push(st);
                }
            }
        }
    }
    for q in &stubs {
        let type_id = item_type(None, &ctx);
        entities.push(Entity {
            id: ctx.entity_ids[q].clone().into(),
            type_id: type_id.into(),
            label: [(primary.clone(), q.clone())].into(),
            wikidata: Some(q.clone()),
            ..Entity::default()
        });
    }

    let predicates: Vec<Predicate> = used
        .main_properties
        .iter()
        .map(|(pid, datatype)| {
            let doc = property_docs.get(pid);
            Predicate {
                id: ctx.property_ids[pid].clone(),
                label: ctx.property_label(pid),
                description: doc
                    .and_then(|d| description_in(d, &primary))
                    .map(str::to_string),
                range: range(datatype, ctx.whole.get(pid).copied().unwrap_or(true)),
                property: Some(format!("http://www.wikidata.org/prop/direct/{pid}")),
                ..Predicate::default()
            }
        })
        .collect();

    let references: usize = statements
        .iter()
        .map(|s: &Statement| s.references().len())
        .sum();
    summary.inferred.push(format!(
        "{} items, {} of them named by statements but not in the input (labelled by their QID); {} property documents",
        entities.len(),
        stubs.len(),
        properties.len()
    ));
    summary.inferred.push(format!(
        "{} types (each item's first instance-of class), {} predicates, {} units",
        types.len(),
        predicates.len(),
        units.len()
    ));
    summary.inferred.push(format!(
        "{} statements with {} references to {} sources",
        statements.len(),
        references,
        ctx.sources.list.len()
    ));
    for (kind, n) in &docs.other_kinds {
        summary.skip(
            *n,
            format!("{kind} documents"),
            "only items and properties are read",
        );
    }
    ctx.counts.report(summary);
    let ranks = statements.iter().filter(|s| s.rank != Rank::Normal).count();
    if ranks > 0 {
        summary.inferred.push(format!(
            "{ranks} statements keep a preferred or deprecated rank"
        ));
    }
    loaded.dataset = Dataset {
        meta,
        types,
        predicates,
        sources: ctx.sources.list,
        units,
        entities,
        statements,
        views: Vec::new(),
    };
}

/// What the statements use, in the order first used.
#[derive(Default)]
struct Usage {
    properties: Vec<String>,
    property_set: FxHashSet<String>,
    /// Properties of main snaks, with their datatype.
    main_properties: Vec<(String, String)>,
    /// QIDs that become entities: item values of main snaks and of place (P276) qualifiers.
    items: Vec<String>,
    item_set: FxHashSet<String>,
    /// Unit IRIs of whole quantities, with their property.
    units: Vec<(String, String)>,
    whole: FxHashMap<String, bool>,
}

impl Usage {
    fn property(&mut self, pid: &str) {
        if self.property_set.insert(pid.to_string()) {
            self.properties.push(pid.to_string());
        }
    }

    fn item(&mut self, qid: &str) {
        if qid.starts_with('Q') && self.item_set.insert(qid.to_string()) {
            self.items.push(qid.to_string());
        }
    }

    fn claim(&mut self, pid: &str, claim: &Claim) {
        let snak = &claim.mainsnak;
        self.property(pid);
        let datatype = snak.datatype.clone().unwrap_or_default();
        if !self.main_properties.iter().any(|(p, _)| p == pid) {
            self.main_properties
                .push((pid.to_string(), datatype.clone()));
        }
        if snak.snaktype == "value" {
            match datatype.as_str() {
                "wikibase-item" => {
                    if let Some(q) = snak.entity_id() {
                        self.item(q);
                    }
                }
                "quantity" => {
                    let whole = super::values::whole_quantity(snak);
                    let entry = self.whole.entry(pid.to_string()).or_insert(true);
                    *entry &= whole.is_some();
                    if let Some(Some(unit)) = whole {
                        self.units.push((pid.to_string(), unit));
                    }
                }
                _ => {}
            }
        }
        for (qpid, snaks) in &claim.qualifiers.0 {
            self.property(qpid);
            if qpid == "P276" {
                for s in snaks.iter().take(1) {
                    if let Some(q) = s.entity_id() {
                        self.item(q);
                    }
                }
            }
        }
        for r in &claim.references {
            for (rpid, _) in &r.snaks.0 {
                self.property(rpid);
            }
        }
    }
}

/// Ids for (key, wanted slug) pairs: a slug wanted by several keys gets each key appended
/// (`paris_q90`), so that no id depends on the order of the input; all distinct from
/// `reserved`.
fn unique_ids(
    wanted: impl Iterator<Item = (String, String)>,
    reserved: &[&str],
) -> FxHashMap<String, String> {
    let wanted: Vec<(String, String)> = wanted.collect();
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for (_, s) in &wanted {
        *count.entry(s.as_str()).or_default() += 1;
    }
    let mut ids = Ids::reserving(reserved);
    wanted
        .iter()
        .map(|(key, s)| {
            let id = if count[s.as_str()] > 1 {
                format!("{s}_{}", key.to_ascii_lowercase())
            } else {
                s.clone()
            };
            (key.clone(), ids.unique(id))
        })
        .collect()
}

fn label_in<'a>(doc: &'a EntityDoc, lang: &str) -> Option<&'a str> {
    doc.labels.get(lang).map(|t| t.value.as_str())
}

fn description_in<'a>(doc: &'a EntityDoc, lang: &str) -> Option<&'a str> {
    doc.descriptions.get(lang).map(|t| t.value.as_str())
}

/// The item's first `instance of` (P31) class: preferred ones first, deprecated ones never.
fn first_class(item: &EntityDoc) -> Option<String> {
    let claims = item.claims.get("P31")?;
    let usable = |rank: &str| {
        claims
            .iter()
            .filter(move |c| c.rank == rank && c.mainsnak.snaktype == "value")
            .find_map(|c| c.mainsnak.entity_id())
    };
    usable("preferred")
        .or_else(|| usable("normal"))
        .map(str::to_string)
}

/// An item as an entity: labels, aliases (in the dataset's languages; a `mul` label stands in
/// for a missing primary one) and description (the primary language).
fn entity(
    item: &EntityDoc,
    qid: &str,
    type_id: &str,
    languages: &[String],
    ctx: &mut Context,
) -> Entity {
    let tag = |l: &str| normalize_language_tag(l).unwrap_or_else(|| l.to_string());
    let wanted = |l: &str| languages.iter().any(|w| w.eq_ignore_ascii_case(l));
    let mut label = LangMap::new();
    for (lang, term) in &item.labels.0 {
        if wanted(lang) {
            label.insert(tag(lang), term.value.clone());
        }
    }
    if !label.contains_key(&ctx.primary)
        && let Some(mul) = item.labels.get("mul")
    {
        label.insert(ctx.primary.clone(), mul.value.clone());
    }
    if label.is_empty() {
        ctx.counts.unlabelled += 1;
        label.insert(ctx.primary.clone(), qid.to_string());
    }
    let mut aliases: LangMap<Vec<String>> = LangMap::new();
    for (lang, terms) in &item.aliases.0 {
        if wanted(lang) && !terms.is_empty() {
            aliases.insert(tag(lang), terms.iter().map(|t| t.value.clone()).collect());
        }
    }
    Entity {
        id: ctx.entity_ids[qid].clone().into(),
        type_id: type_id.into(),
        label,
        aliases,
        description: description_in(item, &ctx.primary).map(str::to_string),
        wikidata: Some(qid.to_string()),
        ..Entity::default()
    }
}

/// A predicate's range from its Wikidata datatype.
fn range(datatype: &str, whole: bool) -> Range {
    match datatype {
        "wikibase-item" => Range::Entities(Vec::new()),
        "quantity" if whole => Range::Literal(LiteralKind::Integer),
        "quantity" => Range::Literal(LiteralKind::Decimal),
        "time" => Range::Literal(LiteralKind::Date),
        _ => Range::Literal(LiteralKind::String),
    }
}
