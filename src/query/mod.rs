//! Queries over a [`KnowledgeGraph`]: find entities by name, walk neighbours, find paths, cut
//! subgraphs, measure.
//!
//! Everything here borrows from the graph and returns iterators or small vectors of borrowed
//! items; only [`KnowledgeGraph::neighborhood`] and [`KnowledgeGraph::filtered`] build a new
//! (smaller) graph.
//!
//! ```text
//!   Yalta Conference ◀─promised_at── Soviet Union ──declared_war_on──▶ Japan
//!                                        │
//!                                    part_of ◀── Red Army ◀─captured_by── prisoners
//! ```

mod describe;
mod find;
mod metrics;
mod paths;
mod sparql;
mod sparql_hints;
mod subgraph;

use crate::graph::KnowledgeGraph;
use crate::model::{Date, Entity, Rank, Statement};

pub use describe::{Claim, Described, Description, date_in_words, span_in_words};
pub use find::{Match, MatchField, fold};
pub use metrics::{Component, Degree};
pub use paths::{Path, SimplePaths, Step};
pub use sparql::{MAX_QUERY_NESTING, SparqlError, SparqlStore};
pub use sparql_hints::UnknownName;

/// Which way a statement is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Direction {
    /// From subject to object.
    #[default]
    Outgoing,
    /// From object to subject.
    Incoming,
    /// Both ways.
    Both,
}

/// Which statements a query walks. The default walks every statement but deprecated ones.
///
/// ```
/// use kgforge::query::Filter;
///
/// let filter = Filter::new()
///     .with_predicate("surrendered_to")
///     .as_of("1945-08-20".parse()?);
/// # let _ = filter;
/// # Ok::<(), kgforge::DateError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[must_use]
pub struct Filter {
    predicates: Vec<String>,
    without_predicates: Vec<String>,
    types: Vec<String>,
    without_types: Vec<String>,
    ranks: Vec<Rank>,
    as_of: Option<Date>,
}

impl Filter {
    /// Walks every statement that is not deprecated.
    pub fn new() -> Self {
        Self::default()
    }

    /// Only statements with this predicate (repeat to allow several).
    pub fn with_predicate(mut self, predicate: impl Into<String>) -> Self {
        self.predicates.push(predicate.into());
        self
    }

    /// Never statements with this predicate (repeatable), whatever
    /// [`Filter::with_predicate`] allows.
    pub fn without_predicate(mut self, predicate: impl Into<String>) -> Self {
        self.without_predicates.push(predicate.into());
        self
    }

    /// Only neighbours of this type or a subtype of it (repeat to allow several).
    pub fn with_type(mut self, type_id: impl Into<String>) -> Self {
        self.types.push(type_id.into());
        self
    }

    /// Never neighbours of this type or a subtype of it (repeatable), whatever
    /// [`Filter::with_type`] allows.
    pub fn without_type(mut self, type_id: impl Into<String>) -> Self {
        self.without_types.push(type_id.into());
        self
    }

    /// Only statements of this rank (repeat to allow several). Without any, every rank but
    /// `deprecated` is walked.
    pub fn with_rank(mut self, rank: Rank) -> Self {
        self.ranks.push(rank);
        self
    }

    /// Only statements that may hold at `date`: their point in time, or their start–end
    /// qualifiers, overlap it. Statements with no time qualifier always hold.
    pub fn as_of(mut self, date: Date) -> Self {
        self.as_of = Some(date);
        self
    }

    /// Whether the statement passes the predicate, rank and time filters.
    pub fn accepts_statement(&self, statement: &Statement) -> bool {
        let rank_ok = if self.ranks.is_empty() {
            statement.rank != Rank::Deprecated
        } else {
            self.ranks.contains(&statement.rank)
        };
        rank_ok
            && (self.predicates.is_empty()
                || self.predicates.iter().any(|p| *p == statement.predicate))
            && !self
                .without_predicates
                .iter()
                .any(|p| *p == statement.predicate)
            && self.as_of.is_none_or(|date| holds_at(statement, &date))
    }

    /// Whether an entity passes the type filters.
    pub fn accepts_entity(&self, graph: &KnowledgeGraph, entity: &Entity) -> bool {
        (self.types.is_empty() || self.types.iter().any(|t| graph.is_a(&entity.type_id, t)))
            && !self
                .without_types
                .iter()
                .any(|t| graph.is_a(&entity.type_id, t))
    }
}

/// Whether a statement may hold at a date, judged by its time qualifiers.
fn holds_at(statement: &Statement, date: &Date) -> bool {
    let q = &statement.qualifiers();
    if let Some(point) = &q.point_in_time {
        return point.overlaps(date);
    }
    let started = q.start.is_none_or(|s| s.earliest() <= date.latest());
    let not_ended = q.end.is_none_or(|e| e.latest() >= date.earliest());
    started && not_ended
}

/// A neighbour and the statement that links it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbor<'g> {
    /// The statement, with its references.
    pub statement: &'g Statement,
    /// The entity at the other end.
    pub entity: &'g Entity,
    /// [`Direction::Outgoing`] when the neighbour is the statement's object.
    pub direction: Direction,
}

impl KnowledgeGraph {
    /// The neighbours of an entity that pass `filter`, in statement order (outgoing first when
    /// walking both ways). Empty when the id is unknown.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::query::{Direction, Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let fronts: Vec<_> = graph
    ///     .neighbors(
    ///         "far_east_command",
    ///         Direction::Incoming,
    ///         &Filter::new().with_predicate("subordinate_to").with_type("front"),
    ///     )
    ///     .map(|n| n.entity.id.as_str())
    ///     .collect();
    /// assert_eq!(fronts.len(), 3);
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(degree · log degree).
    pub fn neighbors<'g>(
        &'g self,
        id: &str,
        direction: Direction,
        filter: &Filter,
    ) -> impl Iterator<Item = Neighbor<'g>> {
        let outgoing = matches!(direction, Direction::Outgoing | Direction::Both)
            .then(|| self.outgoing(id))
            .into_iter()
            .flatten()
            .map(|(statement, entity)| Neighbor {
                statement,
                entity,
                direction: Direction::Outgoing,
            });
        let incoming = matches!(direction, Direction::Incoming | Direction::Both)
            .then(|| self.incoming(id))
            .into_iter()
            .flatten()
            .map(|(statement, entity)| Neighbor {
                statement,
                entity,
                direction: Direction::Incoming,
            });
        let filter = filter.clone();
        outgoing.chain(incoming).filter(move |n| {
            filter.accepts_statement(n.statement) && filter.accepts_entity(self, n.entity)
        })
    }

    /// Whether `type_id` is `ancestor` or descends from it.
    pub fn is_a(&self, type_id: &str, ancestor: &str) -> bool {
        let mut current = Some(type_id);
        // The bound guards against cycles, which validation already rules out.
        for _ in 0..=self.dataset().types.len() {
            let Some(t) = current else { return false };
            if t == ancestor {
                return true;
            }
            current = self.entity_type(t).and_then(|t| t.parent.as_deref());
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Qualifiers;

    fn statement(qualifiers: Qualifiers) -> Statement {
        let mut s = Statement::new("a", "p", crate::Value::Entity("b".into()));
        s.set_qualifiers(qualifiers);
        s
    }

    #[test]
    fn time_filters_use_the_qualifiers() {
        let d = |s: &str| s.parse::<Date>().unwrap();
        let during = statement(Qualifiers {
            start: Some(d("1945-08-09")),
            end: Some(d("1956-12")),
            ..Default::default()
        });
        assert!(holds_at(&during, &d("1945-08-20")));
        assert!(holds_at(&during, &d("1945-08")));
        assert!(!holds_at(&during, &d("1945-07-01")));
        assert!(!holds_at(&during, &d("1957")));
        let point = statement(Qualifiers {
            point_in_time: Some(d("1945-08-19")),
            ..Default::default()
        });
        assert!(holds_at(&point, &d("1945-08")));
        assert!(!holds_at(&point, &d("1945-08-20")));
        assert!(holds_at(&statement(Qualifiers::default()), &d("1900")));
    }

    #[test]
    fn deprecated_statements_are_walked_only_when_asked() {
        let mut s = statement(Qualifiers::default());
        s.rank = Rank::Deprecated;
        assert!(!Filter::new().accepts_statement(&s));
        assert!(
            Filter::new()
                .with_rank(Rank::Deprecated)
                .accepts_statement(&s)
        );
    }
}
