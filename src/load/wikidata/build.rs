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
use super::known;
use super::raw::{RawClaim, RawEntity, RawValue};
use super::sources::Sources;
use super::values::Counts;
use crate::load::Loaded;
use crate::load::import::{Ids, ImportSummary, slug};
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
    /// A label for rendering an item in text, by QID.
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

/// Builds the dataset from the entities read.
pub(super) fn build(
    docs: Documents,
    meta: Metadata,
    loaded: &mut Loaded,
    summary: &mut ImportSummary,
) {
    let primary = meta.primary_language().to_string();
    let (items, properties): (Vec<RawEntity>, Vec<RawEntity>) =
        docs.entities.into_iter().partition(|e| e.is_item);
    summary.records = docs.records;
    let mut used = Usage::default();
    for claim in items.iter().flat_map(|i| &i.claims) {
        used.claim(claim, &docs.datatypes);
    }
    let mut ctx = context(&items, &properties, &used, &primary);
    let units = units(&used, &mut ctx);
    let in_input: FxHashSet<&str> = items.iter().map(|i| i.id.as_str()).collect();
    let stubs: Vec<String> = (used.items.iter())
        .filter(|q| !in_input.contains(q.as_str()))
        .cloned()
        .collect();
    drop(in_input);
    let mut ids = Ids::default();
    let wanted = items.iter().map(|i| {
        let id = match ctx.item_id_labels.get(&i.id) {
            Some(label) => slug(label, "q"),
            None => i.id.to_ascii_lowercase(),
        };
        (i.id.clone(), id)
    });
    let mut entity_ids = unique_ids(wanted, &mut ids);
    for q in &stubs {
        entity_ids.insert(q.clone(), ids.unique(q.to_ascii_lowercase()));
    }
    ctx.entity_ids = entity_ids;

    let mut types = Types::default();
    let mut entities = Vec::with_capacity(items.len() + stubs.len());
    let mut statements = Vec::new();
    // Each item is dropped once its entity and statements are built.
    for item in items {
        let type_id = types.of(first_class(&item).as_deref(), &ctx);
        entities.push(entity(&item, &type_id, &meta.languages, &mut ctx));
        for claim in &item.claims {
            if let Some(st) = super::values::statement(&item.id, claim, &mut ctx) {
                statements.push(st);
            }
        }
    }
    for q in &stubs {
        let type_id = types.of(None, &ctx);
        entities.push(Entity {
            id: ctx.entity_ids[q].clone().into(),
            type_id: type_id.into(),
            label: [(
                primary.clone(),
                ctx.item_labels.get(q).cloned().unwrap_or_else(|| q.clone()),
            )]
            .into(),
            wikidata: Some(q.clone()),
            ..Entity::default()
        });
    }
    let descriptions: FxHashMap<&str, &str> = (properties.iter())
        .filter_map(|p| Some((p.id.as_str(), p.description.as_deref()?)))
        .collect();
    let predicates: Vec<Predicate> = (used.main_properties.iter())
        .map(|(pid, datatype)| Predicate {
            id: ctx.property_ids[pid].clone(),
            label: ctx.property_label(pid),
            description: descriptions.get(pid.as_str()).map(|d| d.to_string()),
            range: range(datatype, ctx.whole.get(pid).copied().unwrap_or(true)),
            property: Some(format!("http://www.wikidata.org/prop/direct/{pid}")),
            ..Predicate::default()
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
        types.list.len(),
        predicates.len(),
        units.len()
    ));
    summary.inferred.push(format!(
        "{} statements with {references} references to {} sources",
        statements.len(),
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
    let ranked = statements.iter().filter(|s| s.rank != Rank::Normal).count();
    if ranked > 0 {
        summary.inferred.push(format!(
            "{ranked} statements keep a preferred or deprecated rank"
        ));
    }
    loaded.dataset = Dataset {
        meta,
        types: types.list,
        predicates,
        sources: ctx.sources.list,
        units,
        entities,
        statements,
        views: Vec::new(),
    };
}

/// The ids and labels of properties and items (the input's documents, then the built-in
/// tables, then their ids).
fn context(items: &[RawEntity], properties: &[RawEntity], used: &Usage, primary: &str) -> Context {
    let mut property_labels: FxHashMap<String, String> = FxHashMap::default();
    let mut property_id_labels: FxHashMap<String, String> = FxHashMap::default();
    for p in properties {
        if let Some(label) = p.label(primary).or_else(|| p.label("en")) {
            property_labels.insert(p.id.clone(), label.to_string());
        }
        if let Some(label) = p.label("en").or_else(|| p.label("mul")) {
            property_id_labels.insert(p.id.clone(), label.to_string());
        }
    }
    for pid in &used.properties {
        property_labels
            .entry(pid.clone())
            .or_insert_with(|| known::property_label(pid).unwrap_or(pid).to_string());
    }
    let mut item_labels = FxHashMap::default();
    let mut item_id_labels = FxHashMap::default();
    for item in items {
        if let Some(label) = item.label(primary).or_else(|| item.label("mul")) {
            item_labels.insert(item.id.clone(), label.to_string());
        }
        if let Some(label) = item.label("en").or_else(|| item.label("mul")) {
            item_id_labels.insert(item.id.clone(), label.to_string());
        }
    }
    // Items the input names without holding them: the built-in English labels of the most
    // cited ones and of units (for ids and titles; for labels when the primary language is
    // English).
    for q in used.named.iter() {
        if let Some(label) = known::item_label(q).or_else(|| known::unit_label(q)) {
            item_id_labels
                .entry(q.clone())
                .or_insert_with(|| label.to_string());
            if primary == "en" {
                item_labels
                    .entry(q.clone())
                    .or_insert_with(|| label.to_string());
            }
        }
    }
    let wanted = used.properties.iter().map(|pid| {
        let label = (property_id_labels.get(pid).map(String::as_str))
            .or_else(|| known::property_label(pid))
            .unwrap_or(pid);
        (pid.clone(), slug(label, "p"))
    });
    let property_ids = unique_ids(wanted, &mut Ids::default());
    Context {
        primary: primary.to_string(),
        entity_ids: FxHashMap::default(),
        item_labels,
        item_id_labels,
        property_ids,
        property_labels,
        unit_ids: FxHashMap::default(),
        whole: used.whole.clone(),
        counts: Counts::default(),
        sources: Sources::default(),
    }
}

/// The units of whole quantities: their label from the input, the built-in table or the QID.
fn units(used: &Usage, ctx: &mut Context) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut ids = Ids::default();
    for (pid, iri) in &used.units {
        if ctx.whole.get(pid) != Some(&true) || ctx.unit_ids.contains_key(iri) {
            continue;
        }
        let qid = iri.strip_prefix(WD).unwrap_or(iri);
        let label = (ctx.item_labels.get(qid).cloned())
            .or_else(|| known::unit_label(qid).map(str::to_string))
            .unwrap_or_else(|| qid.to_string());
        let id = ids.unique(slug(&label, "u"));
        ctx.unit_ids.insert(iri.clone(), id.clone());
        units.push(Unit {
            id,
            label,
            iri: Some(iri.clone()),
            description: None,
        });
    }
    units
}

/// The types: one per class some item is first an instance of, and `item` for the rest.
#[derive(Default)]
struct Types {
    list: Vec<EntityType>,
    by_class: FxHashMap<String, String>,
    ids: Option<Ids>,
}

impl Types {
    /// The type of items whose class is `class` (`None`: no class).
    fn of(&mut self, class: Option<&str>, ctx: &Context) -> String {
        let key = class.unwrap_or_default();
        if let Some(id) = self.by_class.get(key) {
            return id.clone();
        }
        let ids = self
            .ids
            .get_or_insert_with(|| Ids::reserving(&LiteralKind::ALL.map(LiteralKind::name)));
        let t = match class {
            Some(q) => EntityType {
                id: ids.unique(match ctx.item_id_labels.get(q) {
                    Some(label) => slug(label, "t"),
                    None => q.to_ascii_lowercase(),
                }),
                label: ctx.item_labels.get(q).cloned().unwrap_or_else(|| q.to_string()),
                class: Some(format!("{WD}{q}")),
                ..EntityType::default()
            },
            None => EntityType {
                id: ids.unique("item".into()),
                label: "item".into(),
                class: Some("http://wikiba.se/ontology#Item".into()),
                description: Some("A Wikidata item with no instance-of (P31) class in the input, or named by a statement without being in it.".into()),
                ..EntityType::default()
            },
        };
        let id = t.id.clone();
        self.by_class.insert(key.to_string(), id.clone());
        self.list.push(t);
        id
    }
}

/// What the statements use, in the order first used.
#[derive(Default)]
struct Usage {
    properties: Vec<String>,
    property_set: FxHashSet<String>,
    /// Properties of main snaks, with their datatype.
    main_properties: Vec<(String, String)>,
    main_set: FxHashSet<String>,
    /// QIDs that become entities: item values of main snaks and of place (P276) qualifiers.
    items: Vec<String>,
    item_set: FxHashSet<String>,
    /// QIDs named anywhere (references, qualifiers, units), for the built-in labels.
    named: FxHashSet<String>,
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

    fn claim(&mut self, claim: &RawClaim, datatypes: &FxHashMap<String, String>) {
        let snak = &claim.value;
        let pid = &*snak.property;
        self.property(pid);
        if self.main_set.insert(pid.to_string()) {
            let datatype = datatypes.get(pid).cloned().unwrap_or_default();
            self.main_properties.push((pid.to_string(), datatype));
        }
        match &snak.value {
            RawValue::Entity(q) => self.item(q),
            v @ RawValue::Quantity { unit, .. } => {
                let whole = super::values::whole_quantity(v);
                let entry = self.whole.entry(pid.to_string()).or_insert(true);
                *entry &= whole;
                if let Some(unit) = unit {
                    let qid = unit.strip_prefix(WD).unwrap_or(unit);
                    self.named.insert(qid.to_string());
                    self.units.push((pid.to_string(), unit.to_string()));
                }
            }
            _ => {}
        }
        let mut place = false;
        for q in &claim.qualifiers {
            self.property(&q.property);
            if let Some(id) = q.entity_id() {
                self.named.insert(id.to_string());
                if &*q.property == "P276" && !place {
                    self.item(id);
                }
            }
            place |= &*q.property == "P276";
        }
        for snak in claim.references.iter().flatten() {
            self.property(&snak.property);
            if let Some(id) = snak.entity_id() {
                self.named.insert(id.to_string());
            }
        }
    }
}

/// Ids for (key, wanted slug) pairs: a slug wanted by several keys gets each key appended
/// (`paris_q90`), so that no id depends on the order of the input.
fn unique_ids(
    wanted: impl Iterator<Item = (String, String)>,
    ids: &mut Ids,
) -> FxHashMap<String, String> {
    let wanted: Vec<(String, String)> = wanted.collect();
    let mut count: FxHashMap<&str, usize> = FxHashMap::default();
    for (_, s) in &wanted {
        *count.entry(s.as_str()).or_default() += 1;
    }
    (wanted.iter())
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

/// The item's first `instance of` (P31) class: preferred ones first, deprecated ones never.
fn first_class(item: &RawEntity) -> Option<String> {
    let class = |rank: Rank| {
        (item.claims.iter())
            .filter(|c| &*c.value.property == "P31" && c.rank == rank)
            .find_map(|c| c.value.entity_id())
    };
    class(Rank::Preferred)
        .or_else(|| class(Rank::Normal))
        .map(str::to_string)
}

/// An item as an entity: labels, aliases (in the dataset's languages; a `mul` label stands in
/// for a missing primary one) and description (the primary language).
fn entity(item: &RawEntity, type_id: &str, languages: &[String], ctx: &mut Context) -> Entity {
    let tag = |l: &str| normalize_language_tag(l).unwrap_or_else(|| l.to_string());
    let wanted = |l: &str| languages.iter().any(|w| w.eq_ignore_ascii_case(l));
    let mut label = LangMap::new();
    for (lang, text) in &item.labels {
        if wanted(lang) {
            label.insert(tag(lang), text.clone());
        }
    }
    if !label.contains_key(&ctx.primary)
        && let Some(mul) = item.label("mul")
    {
        label.insert(ctx.primary.clone(), mul.to_string());
    }
    if label.is_empty() {
        ctx.counts.unlabelled += 1;
        label.insert(ctx.primary.clone(), item.id.clone());
    }
    let aliases: LangMap<Vec<String>> = (item.aliases.iter())
        .map(|(lang, names)| (tag(lang), names.clone()))
        .collect();
    Entity {
        id: ctx.entity_ids[&item.id].clone().into(),
        type_id: type_id.into(),
        label,
        aliases,
        description: item.description.clone(),
        wikidata: Some(item.id.clone()),
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
