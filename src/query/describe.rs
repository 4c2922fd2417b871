//! [`KnowledgeGraph::describe`]: everything a dataset says about one entity, and its values
//! in words as a historian reads them.
//!
//! # Wire format
//!
//! [`Description::to_json`] (what `kgforge describe --json` prints) is one object:
//!
//! ```text
//! {
//!   "id": "japanese_pows",
//!   "iri": "https://w3id.org/kgforge/manchuria-1945/entity/japanese_pows",
//!   "type": { "id": "prisoner_group", "label": "prisoner group" },
//!   "labels": { "en": "…", "ja": "…" },          // every language
//!   "aliases": { "en": ["…"] },                   // {} when none
//!   "description": "…" | null,
//!   "wikidata": { "id": "Q…", "iri": "http://www.wikidata.org/entity/Q…" } | null,
//!   "attributes": { "founded": 1919 },            // {} when none
//!   "claims": [                                   // one per predicate and direction
//!     {
//!       "predicate": { "id": "number_died", "label": "number died", "inverse": null },
//!       "direction": "out" | "in",                // "in": the entity is the object
//!       "statements": [                           // best rank first, then dataset order
//!         {
//!           "id": "…",                            // the statement id (explicit or derived)
//!           "rank": "preferred" | "normal" | "deprecated",
//!           "value": { "quantity": { "about": 55000, "unit": "people" } },  // as in the JSON export
//!           "text": "about 55,000 people",        // the value in words
//!           "entity": { "id": "…", "label": "…", "type": "…" } | null,   // the other end
//!           "qualifiers": { … },                  // as in the JSON export; {} when none
//!           "qualifiers_text": ["as of August 1945", "in Manchuria"],
//!           "disputed": "…" | null,
//!           "note": "…" | null,
//!           "references": [
//!             { "source": "mhlw-2009", "title": "…", "locator": "p. 3", "note": "…" | null }
//!           ]
//!         }
//!       ]
//!     }
//!   ]
//! }
//! ```

use serde_json::{Value as Json, json};

use super::{Direction, Filter};
use crate::format::rdf::RdfIris;
use crate::graph::KnowledgeGraph;
use crate::model::{
    Date, Entity, EntityType, Precision, Predicate, Quantity, Rank, Span, Statement, Value,
};

/// Everything the dataset says about one entity: the entity itself (labels, aliases,
/// description, Wikidata id, attributes), its type, and the statements about it grouped by
/// predicate, from [`KnowledgeGraph::describe`].
#[derive(Debug, Clone)]
pub struct Description<'g> {
    /// The entity.
    pub entity: &'g Entity,
    /// Its type.
    pub entity_type: &'g EntityType,
    /// The statements about it, one group per predicate and direction: statements whose
    /// subject it is first (literal values too), in the schema's order of predicates, then
    /// those whose object it is.
    pub claims: Vec<Claim<'g>>,
    graph: &'g KnowledgeGraph,
}

/// The statements of one predicate about an entity, in one direction.
#[derive(Debug, Clone)]
pub struct Claim<'g> {
    /// The predicate.
    pub predicate: &'g Predicate,
    /// [`Direction::Outgoing`]: the entity is the subject; [`Direction::Incoming`]: the object.
    pub direction: Direction,
    /// The statements, best rank first, then in dataset order.
    pub statements: Vec<Described<'g>>,
}

/// One statement in a [`Claim`].
#[derive(Debug, Clone, Copy)]
pub struct Described<'g> {
    /// The statement, with its qualifiers and references.
    pub statement: &'g Statement,
    /// The entity at the other end: the object of an outgoing statement, the subject of an
    /// incoming one; `None` for a literal value.
    pub other: Option<&'g Entity>,
}

impl KnowledgeGraph {
    /// Everything the dataset says about the entity `id` that passes `filter`: statements
    /// whose subject it is (entity and literal values alike) and whose object it is, grouped
    /// by predicate, best rank first. `None` when no entity has this id.
    ///
    /// The filter applies as in [`KnowledgeGraph::neighbors`] (its type filter to the entity
    /// at the other end, so literal values pass it); note that [`Filter::new`] leaves out
    /// deprecated statements, and that a describer usually wants them too.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::{Rank, query::Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let every_rank = Filter::new()
    ///     .with_rank(Rank::Preferred)
    ///     .with_rank(Rank::Normal)
    ///     .with_rank(Rank::Deprecated);
    /// let pows = graph.describe("japanese_pows", &every_rank).expect("an entity");
    /// let died = pows.claim("number_died").expect("death figures");
    /// // Every source's figure, side by side, the preferred ones first.
    /// assert!(died.statements.len() > 5);
    /// assert_eq!(died.statements[0].statement.rank, Rank::Preferred);
    /// assert_eq!(pows.value_in_words(&died.statements[0].statement.value), "about 55,000 people");
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(degree · log degree) plus the number of predicates.
    pub fn describe<'g>(&'g self, id: &str, filter: &Filter) -> Option<Description<'g>> {
        let position = self.entity_position(id)?;
        let dataset = self.dataset();
        let entity = &dataset.entities[position];
        let entity_type = self.entity_type(&entity.type_id)?;
        let node = self.node(id)?;
        let statements = &dataset.statements;
        let mut found: Vec<(Direction, usize, Option<&Entity>)> = Vec::new();
        for index in self.subject_statements(position) {
            let other = statements[index].object().and_then(|o| self.entity(o));
            found.push((Direction::Outgoing, index, other));
        }
        for edge in self
            .petgraph()
            .edges_directed(node, petgraph::Direction::Incoming)
        {
            use petgraph::visit::EdgeRef;
            let index = *edge.weight() as usize;
            found.push((
                Direction::Incoming,
                index,
                Some(self.entity_at(edge.source())),
            ));
        }
        found.retain(|&(_, index, other)| {
            filter.accepts_statement(&statements[index])
                && other.is_none_or(|e| filter.accepts_entity(self, e))
        });
        // Schema order of predicates, outgoing before incoming; best rank, then dataset order.
        let predicate_order = |p: &str| {
            dataset
                .predicates
                .iter()
                .position(|d| d.id == p)
                .unwrap_or(usize::MAX)
        };
        found.sort_by_key(|&(direction, index, _)| {
            let s = &statements[index];
            (
                direction == Direction::Incoming,
                predicate_order(&s.predicate),
                rank_order(s.rank),
                index,
            )
        });
        let mut claims: Vec<Claim<'g>> = Vec::new();
        for (direction, index, other) in found {
            let statement = &statements[index];
            let same = claims
                .last()
                .is_some_and(|c| c.direction == direction && c.predicate.id == statement.predicate);
            if !same {
                let Some(predicate) = self.predicate(&statement.predicate) else {
                    continue;
                };
                claims.push(Claim {
                    predicate,
                    direction,
                    statements: Vec::new(),
                });
            }
            if let Some(claim) = claims.last_mut() {
                claim.statements.push(Described { statement, other });
            }
        }
        Some(Description {
            entity,
            entity_type,
            claims,
            graph: self,
        })
    }
}

fn rank_order(rank: Rank) -> u8 {
    match rank {
        Rank::Preferred => 0,
        Rank::Normal => 1,
        Rank::Deprecated => 2,
    }
}

impl<'g> Description<'g> {
    /// The outgoing statements of a predicate, if there are any.
    pub fn claim(&self, predicate: &str) -> Option<&Claim<'g>> {
        self.claims
            .iter()
            .find(|c| c.direction == Direction::Outgoing && c.predicate.id == predicate)
    }

    /// An entity's label in the dataset's fallback order of languages.
    pub fn label_of(&self, entity: &'g Entity) -> &'g str {
        entity.label_in(&self.graph.dataset().meta.languages)
    }

    /// A value as a historian reads it: an entity by its label, a quantity with its bound
    /// and its unit's label (`more than 594,000 people`), a date to its precision
    /// (`9 August 1945`, `August 1945`, `1945`), a span (`from August 1945 to 1956`), text in
    /// quotes (with its language when it gives one: `“降伏文書” (ja)`).
    pub fn value_in_words(&self, value: &Value) -> String {
        match value {
            Value::Entity(id) => self
                .graph
                .entity(id)
                .map_or_else(|| id.to_string(), |e| self.label_of(e).to_string()),
            Value::Quantity(q) => self.quantity_in_words(q),
            Value::Decimal(x) => x.to_string(),
            Value::Date(d) => date_in_words(d),
            Value::Span(s) => span_in_words(s),
            Value::Text(t) => match &t.language {
                Some(lang) => format!("\u{201c}{t}\u{201d} ({lang})"),
                None => format!("\u{201c}{t}\u{201d}"),
            },
        }
    }

    /// A quantity with its unit's label when the schema declares the unit.
    fn quantity_in_words(&self, q: &Quantity) -> String {
        let unit = q.unit.as_deref().map(|u| {
            let units = &self.graph.dataset().units;
            units
                .iter()
                .find(|d| d.id == u)
                .map_or(u, |d| d.label.as_str())
        });
        let bare = Quantity {
            bound: q.bound,
            unit: unit.map(str::to_string),
        };
        bare.to_string()
    }

    /// A statement's qualifiers in words: `as of August 1945`, `from 1945 to 1956`,
    /// `in Manchuria`, `of about 600,000 people`, `criterion: deaths in camps only`.
    pub fn qualifiers_in_words(&self, statement: &Statement) -> Vec<String> {
        let q = statement.qualifiers();
        let mut out = Vec::new();
        if let Some(d) = &q.point_in_time {
            out.push(format!("as of {}", date_in_words(d)));
        }
        match (&q.start, &q.end) {
            (Some(a), Some(b)) => {
                out.push(format!("from {} to {}", date_in_words(a), date_in_words(b)))
            }
            (Some(a), None) => out.push(format!("from {}", date_in_words(a))),
            (None, Some(b)) => out.push(format!("until {}", date_in_words(b))),
            (None, None) => {}
        }
        if let Some(place) = &q.place {
            let name = self
                .graph
                .entity(place)
                .map_or(place.as_str(), |e| self.label_of(e));
            out.push(format!("in {name}"));
        }
        if let Some(n) = &q.quantity {
            out.push(format!("of {}", self.quantity_in_words(n)));
        }
        for (key, value) in &q.other {
            out.push(format!("{key}: {value}"));
        }
        out
    }

    /// The description as JSON, in the shape documented in this module's "Wire format".
    pub fn to_json(&self) -> Json {
        let graph = self.graph;
        let iris = RdfIris::for_graph(graph);
        let e = self.entity;
        let entity_json = |other: &Entity| json!({ "id": other.id, "label": self.label_of(other), "type": other.type_id });
        let claims: Vec<Json> = self
            .claims
            .iter()
            .map(|claim| {
                let statements: Vec<Json> = claim
                    .statements
                    .iter()
                    .map(|d| {
                        let s = d.statement;
                        let references: Vec<Json> = s
                            .references()
                            .iter()
                            .map(|r| {
                                json!({
                                    "source": r.source,
                                    "title": graph.source(&r.source).map(|s| s.title.as_str()),
                                    "locator": r.locator(),
                                    "note": r.note,
                                })
                            })
                            .collect();
                        json!({
                            "id": s.id(),
                            "rank": s.rank.name(),
                            "value": crate::model::ValueView(&s.value),
                            "text": self.value_in_words(&s.value),
                            "entity": d.other.map(entity_json),
                            "qualifiers": s.qualifiers(),
                            "qualifiers_text": self.qualifiers_in_words(s),
                            "disputed": s.disputed(),
                            "note": s.note(),
                            "references": references,
                        })
                    })
                    .collect();
                json!({
                    "predicate": {
                        "id": claim.predicate.id,
                        "label": claim.predicate.label,
                        "inverse": claim.predicate.inverse,
                    },
                    "direction": if claim.direction == Direction::Incoming { "in" } else { "out" },
                    "statements": statements,
                })
            })
            .collect();
        json!({
            "id": e.id,
            "iri": iris.entity(&e.id).as_str(),
            "type": { "id": self.entity_type.id, "label": self.entity_type.label },
            "labels": e.label,
            "aliases": e.aliases,
            "description": e.description,
            "wikidata": e.wikidata.as_ref().map(|q| json!({
                "id": q,
                "iri": iris.wikidata(q).as_str(),
            })),
            "attributes": e.attributes,
            "claims": claims,
        })
    }
}

/// A date in words, to its precision: `9 August 1945`, `August 1945`, `1945`; years before
/// year 1 as written (`-0044`).
///
/// ```
/// let d: kgforge::Date = "1945-08".parse()?;
/// assert_eq!(kgforge::query::date_in_words(&d), "August 1945");
/// let d: kgforge::Date = "1945-08-09".parse()?;
/// assert_eq!(kgforge::query::date_in_words(&d), "9 August 1945");
/// # Ok::<(), kgforge::DateError>(())
/// ```
pub fn date_in_words(date: &Date) -> String {
    let year = date.year_number();
    if year < 1 {
        return date.to_string();
    }
    let month = date
        .month()
        .and_then(|m| crate::model::MONTH_NAMES.get(usize::from(m).wrapping_sub(1)));
    match (date.precision(), month, date.day()) {
        (Precision::Day, Some(m), Some(d)) => format!("{d} {m} {year}"),
        (Precision::Month | Precision::Day, Some(m), _) => format!("{m} {year}"),
        _ => year.to_string(),
    }
}

/// A span in words: `from August 1945 to 1956`, `from 1945`, `until 1956`.
pub fn span_in_words(span: &Span) -> String {
    match (&span.start, &span.end) {
        (Some(a), Some(b)) => format!("from {} to {}", date_in_words(a), date_in_words(b)),
        (Some(a), None) => format!("from {}", date_in_words(a)),
        (None, Some(b)) => format!("until {}", date_in_words(b)),
        (None, None) => "an unknown span".to_string(),
    }
}
