//! RDF that is not a kgforge export: entities, labels and statements read from the triples,
//! and a schema inferred from what was seen (docs/import.md, "Any other RDF").
//!
//! - **Entities** are the subjects with an `rdf:type` or a label; an IRI that only appears as
//!   the object of a statement becomes an entity too, labelled by its local name. Blank nodes
//!   with a type or a label are entities with generated ids (`blank_1`, …; their labels are
//!   document-local); other blank nodes are skipped with their triples.
//! - **Types** are the classes seen as `rdf:type` objects (the first one of an entity is its
//!   type; `rdfs:subClassOf` between them is kept); entities without one are `thing`
//!   (`owl:Thing`).
//! - **Labels**: `rdfs:label`, `skos:prefLabel`, `schema:name`, `foaf:name` per language (the
//!   first in a language is the label, others aliases); `skos:altLabel` aliases; descriptions
//!   `schema:description`, `dcterms:description`, `rdfs:comment` in the primary language.
//! - **Statements**: IRI-to-IRI triples are entity statements, literal triples literal ones
//!   typed by their datatype (integers → exact quantities, `xsd:decimal`/`double`/`float` →
//!   decimals, `xsd:date`/`dateTime`/`gYear`/`gYearMonth` → dates of their precision, anything
//!   else → text). One predicate per property IRI and kind of value (a property with values of
//!   two kinds gets a second predicate, `{id}_{kind}`), its domain and range the types seen.
//!   Every statement cites one source: the input file.
//! - **Skipped**, and counted: triples about subjects with neither type nor label, RDF
//!   reification (`rdf:Statement`) and other Wikibases' statement, reference and value nodes
//!   (their truthy `wdt:` triples are read), schema triples beyond labels and comments.

use std::collections::HashSet;

use oxrdf::vocab::{rdf, rdfs};
use oxrdf::{Literal, NamedNodeRef, NamedOrBlankNode, Term};
use rustc_hash::FxHashMap;

mod literals;
mod skips;

use literals::{literal_value, wikidata_id};
use skips::Skips;

use super::Triples;
use crate::format::rdf::vocab::{dcterms, owl, schema, skos, wikibase};
use crate::load::Loaded;
use crate::load::import::{Ids, ImportSummary, local_name, slug, words};
use crate::model::{
    Dataset, Entity, EntityType, LiteralKind, Metadata, Predicate, Range, Reference, Source,
    SourceKind, Statement, Value, normalize_language_tag,
};

const RDFS_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#Class";
const RDFS_DATATYPE: &str = "http://www.w3.org/2000/01/rdf-schema#Datatype";
const RDF_PROPERTY: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property";
const RDF_STATEMENT: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement";
const OWL: &str = "http://www.w3.org/2002/07/owl#";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const FOAF_NAME: &str = "http://xmlns.com/foaf/0.1/name";
const SCHEMA_NAME: [&str; 2] = ["http://schema.org/name", "https://schema.org/name"];
const SCHEMA_DESCRIPTION: &str = "https://schema.org/description";
const OWL_THING: &str = "http://www.w3.org/2002/07/owl#Thing";

/// What a subject is to the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A class, a property, an ontology: read for labels.
    Schema,
    /// `rdf:Statement` reification.
    Reification,
    /// Another Wikibase's statement, reference or value node.
    Wikibase,
    Entity,
    /// Neither typed nor labelled.
    Bare,
}

/// The kind of value a predicate holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum ValueKind {
    Entity,
    Literal(LiteralKind),
}

fn is_label(p: NamedNodeRef<'_>) -> bool {
    p == rdfs::LABEL
        || p.as_str() == SKOS_PREF_LABEL
        || p.as_str() == FOAF_NAME
        || SCHEMA_NAME.contains(&p.as_str())
}

fn is_description(p: NamedNodeRef<'_>) -> bool {
    p == schema::DESCRIPTION
        || p.as_str() == SCHEMA_DESCRIPTION
        || p == dcterms::DESCRIPTION
        || p == rdfs::COMMENT
}

/// Reads `g` into `loaded` as a new dataset with metadata `meta`; `name` is the input file's
/// name, the title of the one source every statement cites.
pub(super) fn read(
    g: &Triples,
    loaded: &mut Loaded,
    meta: Metadata,
    name: &str,
    summary: &mut ImportSummary,
) {
    let primary = meta.primary_language().to_string();
    let mut r = Reader {
        g,
        primary,
        kinds: FxHashMap::default(),
        entity_ids: FxHashMap::default(),
        entity_order: Vec::new(),
        ids: Ids::default(),
        type_ids: Ids::reserving(&LiteralKind::ALL.map(LiteralKind::name)),
        thing: None,
        blanks: 0,
    };
    r.classify();
    let mut d = Dataset {
        meta,
        ..Dataset::default()
    };
    let source = slug(name.split('.').next().unwrap_or(name), "input");
    d.sources.push(Source {
        id: source.clone(),
        title: name.to_string(),
        kind: SourceKind::Dataset,
        note: Some(
            "The file this dataset was imported from by kgforge import; every statement cites it."
                .into(),
        ),
        ..Source::default()
    });
    let types = r.types(&mut d);
    let (predicates, skips) = r.entities_and_statements(&mut d, &types, &source);
    if let Some(id) = &r.thing {
        d.types.push(EntityType {
            id: id.clone(),
            label: "thing".into(),
            class: Some(OWL_THING.into()),
            description: Some("What the imported data gave no rdf:type.".into()),
            ..EntityType::default()
        });
    }
    for t in &d.types {
        let class = t.class.as_deref().unwrap_or_default();
        let n = d.entities.iter().filter(|e| e.type_id == t.id).count();
        let parent = t
            .parent
            .as_deref()
            .map(|p| format!(", a kind of {p}"))
            .unwrap_or_default();
        let entities = if n == 1 { "entity" } else { "entities" };
        summary
            .inferred
            .push(format!("type {} <{class}>{parent}: {n} {entities}", t.id));
    }
    summary.inferred.extend(predicates);
    summary.inferred.push(format!(
        "{} entities ({} named only as objects, labelled by their local name; {} blank nodes), {} statements, each citing the source \"{source}\"",
        d.entities.len(),
        skips.stubs,
        r.blanks,
        d.statements.len()
    ));
    r.report(&skips, summary);
    loaded.dataset = d;
}

struct Reader<'g> {
    g: &'g Triples,
    primary: String,
    kinds: FxHashMap<&'g NamedOrBlankNode, Kind>,
    /// Every entity's id, by node.
    entity_ids: FxHashMap<NamedOrBlankNode, String>,
    /// Entities in the order they are made.
    entity_order: Vec<NamedOrBlankNode>,
    ids: Ids,
    type_ids: Ids,
    /// The id of the type of entities without one, once one needs it.
    thing: Option<String>,
    blanks: usize,
}

impl<'g> Reader<'g> {
    fn classify(&mut self) {
        for s in &self.g.subjects {
            let mut typed = false;
            let mut kind = None;
            for o in self.g.objects(s, rdf::TYPE) {
                typed = true;
                let Term::NamedNode(class) = o else { continue };
                let c = class.as_str();
                if c == RDFS_CLASS
                    || c == RDF_PROPERTY
                    || c == RDFS_DATATYPE
                    || (c.starts_with(OWL) && c != OWL_THING && !c.ends_with("#NamedIndividual"))
                {
                    kind = Some(Kind::Schema);
                } else if c == RDF_STATEMENT {
                    kind = Some(Kind::Reification);
                } else if c.starts_with(wikibase::NAMESPACE) {
                    kind = Some(Kind::Wikibase);
                }
            }
            let labelled = || self.g.about(s).any(|(_, t)| is_label(t.predicate.as_ref()));
            let kind = kind.unwrap_or(if typed || labelled() {
                Kind::Entity
            } else {
                Kind::Bare
            });
            self.kinds.insert(s, kind);
            if kind == Kind::Entity {
                self.add_entity(s);
            }
        }
    }

    /// Gives a node an entity id (once).
    fn add_entity(&mut self, node: &NamedOrBlankNode) -> String {
        if let Some(id) = self.entity_ids.get(node) {
            return id.clone();
        }
        let id = match node {
            NamedOrBlankNode::NamedNode(n) => self.ids.unique(slug(local_name(n.as_str()), "e")),
            NamedOrBlankNode::BlankNode(_) => {
                self.blanks += 1;
                self.ids.unique(format!("blank_{}", self.blanks))
            }
        };
        self.entity_ids.insert(node.clone(), id.clone());
        self.entity_order.push(node.clone());
        id
    }

    /// A text for a node's label or comment from the data: in the primary language, else
    /// untagged, else any.
    fn text_of(
        &self,
        node: &NamedOrBlankNode,
        pick: fn(NamedNodeRef<'_>) -> bool,
    ) -> Option<String> {
        let mut best: Option<(u8, &str)> = None;
        for (_, t) in self.g.about(node) {
            if !pick(t.predicate.as_ref()) {
                continue;
            }
            let Term::Literal(l) = &t.object else {
                continue;
            };
            let rank = match l.language() {
                Some(lang) if lang.eq_ignore_ascii_case(&self.primary) => 0,
                None => 1,
                Some(_) => 2,
            };
            if best.is_none_or(|(r, _)| rank < r) {
                best = Some((rank, l.value()));
            }
        }
        best.map(|(_, text)| text.to_string())
    }

    /// The id of the type of entities with no `rdf:type` (made on first use).
    fn thing(&mut self) -> String {
        if self.thing.is_none() {
            self.thing = Some(self.type_ids.unique("thing".into()));
        }
        self.thing.clone().unwrap_or_default()
    }

    /// The types: each class some entity has as its first `rdf:type`, with `rdfs:subClassOf`
    /// between them. Returns each typed entity's type id.
    fn types(&mut self, d: &mut Dataset) -> FxHashMap<NamedOrBlankNode, String> {
        let mut class_type: FxHashMap<String, String> = FxHashMap::default();
        let mut of_entity = FxHashMap::default();
        let g = self.g;
        for node in self.entity_order.clone() {
            let first = g.objects(&node, rdf::TYPE).find_map(|o| match o {
                Term::NamedNode(n) if n.as_str() != OWL_THING => Some(n.as_str()),
                _ => None,
            });
            let id = match first {
                Some(class) => match class_type.get(class) {
                    Some(id) => id.clone(),
                    None => {
                        let id = self.type_ids.unique(slug(local_name(class), "t"));
                        class_type.insert(class.to_string(), id.clone());
                        let c: NamedOrBlankNode = oxrdf::NamedNode::new_unchecked(class).into();
                        d.types.push(EntityType {
                            id: id.clone(),
                            label: self
                                .text_of(&c, is_label)
                                .unwrap_or_else(|| words(local_name(class))),
                            class: Some(class.to_string()),
                            description: self.text_of(&c, |p| p == rdfs::COMMENT),
                            ..EntityType::default()
                        });
                        id
                    }
                },
                None => self.thing(),
            };
            of_entity.insert(node, id);
        }
        // Parents: rdfs:subClassOf between classes that are types, without making a cycle.
        for i in 0..d.types.len() {
            let class = d.types[i].class.clone().unwrap_or_default();
            let class: NamedOrBlankNode = oxrdf::NamedNode::new_unchecked(class).into();
            let parent = g.objects(&class, rdfs::SUB_CLASS_OF).find_map(|o| match o {
                Term::NamedNode(n) => class_type.get(n.as_str()).cloned(),
                _ => None,
            });
            if let Some(parent) = parent
                && !ancestors(&d.types, &parent).contains(&d.types[i].id)
            {
                d.types[i].parent = Some(parent);
            }
        }
        of_entity
    }

    /// Reads every entity's triples into the entity and its statements (objects that are no
    /// entity yet become ones, read in turn); returns the inferred predicates' summary lines
    /// and what was skipped.
    fn entities_and_statements(
        &mut self,
        d: &mut Dataset,
        types: &FxHashMap<NamedOrBlankNode, String>,
        source: &str,
    ) -> (Vec<String>, Skips) {
        let mut predicates: Vec<Inferred> = Vec::new();
        let mut by_key: FxHashMap<(String, ValueKind), usize> = FxHashMap::default();
        let mut predicate_ids = Ids::default();
        let mut seen_statements = HashSet::new();
        let mut skips = Skips::default();
        let g = self.g;
        let mut i = 0;
        while i < self.entity_order.len() {
            let node = self.entity_order[i].clone();
            i += 1;
            let id = self.entity_ids[&node].clone();
            let type_id = match types.get(&node) {
                Some(t) => t.clone(),
                None => self.thing(),
            };
            let mut entity = Entity {
                id: id.clone().into(),
                type_id: type_id.into(),
                ..Entity::default()
            };
            let mut typed = false;
            for (_, t) in g.about(&node) {
                let p = t.predicate.as_ref();
                if p == rdf::TYPE {
                    skips.extra_types += usize::from(typed && t.object.is_named_node());
                    typed |= t.object.is_named_node();
                    continue;
                }
                if is_label(p) || p == skos::ALT_LABEL {
                    if let Term::Literal(l) = &t.object {
                        self.name(&mut entity, l, p == skos::ALT_LABEL);
                    }
                    continue;
                }
                if is_description(p)
                    && let Term::Literal(l) = &t.object
                {
                    if self.language(l) == self.primary && entity.description.is_none() {
                        entity.description = Some(l.value().to_string());
                    } else {
                        skips.descriptions += 1;
                    }
                    continue;
                }
                if p == owl::SAME_AS
                    && entity.wikidata.is_none()
                    && let Some(q) = wikidata_id(&t.object)
                {
                    entity.wikidata = Some(q);
                    continue;
                }
                let (kind, value, object_type) = match &t.object {
                    Term::NamedNode(n) => {
                        let object: NamedOrBlankNode = n.clone().into();
                        if matches!(
                            self.kinds.get(&object),
                            Some(Kind::Reification | Kind::Wikibase)
                        ) {
                            skips.wikibase_links += 1;
                            continue;
                        }
                        if !self.entity_ids.contains_key(&object) {
                            skips.stubs += 1;
                        }
                        let object_id = self.add_entity(&object);
                        let object_type = match types.get(&object) {
                            Some(t) => t.clone(),
                            None => self.thing(),
                        };
                        (
                            ValueKind::Entity,
                            Value::Entity(object_id.into()),
                            Some(object_type),
                        )
                    }
                    Term::BlankNode(b) => {
                        let object: NamedOrBlankNode = b.clone().into();
                        let Some(object_id) = self.entity_ids.get(&object).cloned() else {
                            skips.blank_objects += 1;
                            continue;
                        };
                        let object_type = types.get(&object).cloned();
                        (
                            ValueKind::Entity,
                            Value::Entity(object_id.into()),
                            object_type,
                        )
                    }
                    Term::Literal(l) => {
                        let (kind, value, lost_time) = literal_value(l);
                        skips.times += usize::from(lost_time);
                        (ValueKind::Literal(kind), value, None)
                    }
                };
                let key = (t.predicate.as_str().to_string(), kind);
                let index = match by_key.get(&key) {
                    Some(&i) => i,
                    None => {
                        let base = slug(local_name(t.predicate.as_str()), "p");
                        let wanted = if predicates.iter().any(|q| q.iri == key.0) {
                            format!("{base}_{}", kind_name(kind))
                        } else {
                            base
                        };
                        predicates.push(Inferred {
                            id: predicate_ids.unique(wanted),
                            iri: key.0.clone(),
                            kind,
                            domain: Vec::new(),
                            range: Vec::new(),
                        });
                        by_key.insert(key, predicates.len() - 1);
                        predicates.len() - 1
                    }
                };
                let mut st = Statement::new(id.clone(), predicates[index].id.clone(), value);
                if !seen_statements.insert(st.id().into_owned()) {
                    skips.duplicates += 1;
                    continue;
                }
                push_once(&mut predicates[index].domain, entity.type_id.as_str());
                if let Some(t) = object_type {
                    push_once(&mut predicates[index].range, &t);
                }
                st.set_references(vec![Reference {
                    source: source.to_string(),
                    ..Reference::default()
                }]);
                d.statements.push(st);
            }
            if entity.label.is_empty() {
                let fallback = match &node {
                    NamedOrBlankNode::NamedNode(n) => local_name(n.as_str()).to_string(),
                    NamedOrBlankNode::BlankNode(_) => format!("blank node {id}"),
                };
                entity.label.insert(self.primary.clone(), fallback);
            }
            d.entities.push(entity);
        }
        let mut lines = Vec::new();
        for mut p in predicates {
            // A type whose supertype is listed too adds nothing.
            p.domain = widest(&p.domain, &d.types);
            p.range = widest(&p.range, &d.types);
            let node: NamedOrBlankNode = oxrdf::NamedNode::new_unchecked(p.iri.clone()).into();
            let (range, shown) = match p.kind {
                ValueKind::Entity => (Range::Entities(p.range.clone()), p.range.join(" | ")),
                ValueKind::Literal(kind) => (Range::Literal(kind), kind.name().to_string()),
            };
            lines.push(format!(
                "predicate {} <{}>: domain {}, range {}",
                p.id,
                p.iri,
                p.domain.join(" | "),
                shown
            ));
            d.predicates.push(Predicate {
                label: self
                    .text_of(&node, is_label)
                    .unwrap_or_else(|| words(local_name(&p.iri))),
                description: self.text_of(&node, |q| q == rdfs::COMMENT),
                domain: p.domain,
                range,
                property: Some(p.iri),
                id: p.id,
                ..Predicate::default()
            });
        }
        (lines, skips)
    }

    /// Adds a label (the first in its language) or an alias (the rest, and `skos:altLabel`).
    fn name(&self, entity: &mut Entity, l: &Literal, alias: bool) {
        let lang = self.language(l);
        if !alias && !entity.label.contains_key(&lang) {
            entity.label.insert(lang, l.value().to_string());
        } else if entity.label.get(&lang).map(String::as_str) != Some(l.value()) {
            let aliases = entity.aliases.get_or_insert_default(&lang);
            if !aliases.iter().any(|a| a == l.value()) {
                aliases.push(l.value().to_string());
            }
        }
    }

    fn language(&self, l: &Literal) -> String {
        match l.language() {
            Some(lang) => normalize_language_tag(lang).unwrap_or_else(|| lang.to_string()),
            None => self.primary.clone(),
        }
    }
}

/// A predicate being inferred: its id, property IRI, kind of value, and the types seen.
struct Inferred {
    id: String,
    iri: String,
    kind: ValueKind,
    domain: Vec<String>,
    range: Vec<String>,
}

/// The types of `ids` that have no ancestor among them.
fn widest(ids: &[String], types: &[EntityType]) -> Vec<String> {
    ids.iter()
        .filter(|id| {
            ancestors(types, id)
                .iter()
                .skip(1)
                .all(|a| !ids.contains(a))
        })
        .cloned()
        .collect()
}

fn push_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn kind_name(kind: ValueKind) -> &'static str {
    match kind {
        ValueKind::Entity => "entity",
        ValueKind::Literal(k) => k.name(),
    }
}

fn ancestors(types: &[EntityType], id: &str) -> Vec<String> {
    let mut chain = vec![id.to_string()];
    let mut current = id.to_string();
    while let Some(p) = types
        .iter()
        .find(|t| t.id == current)
        .and_then(|t| t.parent.clone())
    {
        if chain.contains(&p) {
            break;
        }
        chain.push(p.clone());
        current = p;
    }
    chain
}
