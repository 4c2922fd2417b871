//! Counts that summarise a graph: what `kgforge stats` prints.

use std::collections::BTreeMap;

use serde::Serialize;

use super::KnowledgeGraph;
use crate::model::Rank;

/// Counts by type, predicate, rank and provenance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    /// Entity types declared.
    pub types: usize,
    /// Predicates declared.
    pub predicates: usize,
    /// Sources declared.
    pub sources: usize,
    /// Entities.
    pub entities: usize,
    /// Statements of every kind.
    pub statements: usize,
    /// Statements between two entities (graph edges).
    pub edges: usize,
    /// Statements with a literal value.
    pub literal_statements: usize,
    /// Entities per type id.
    pub entities_by_type: BTreeMap<String, usize>,
    /// Statements per predicate id.
    pub statements_by_predicate: BTreeMap<String, usize>,
    /// Statements per rank (`preferred`, `normal`, `deprecated`).
    pub statements_by_rank: BTreeMap<&'static str, usize>,
    /// Statements citing each source.
    pub statements_by_source: BTreeMap<String, usize>,
    /// Statements that cite no source.
    pub unreferenced_statements: usize,
    /// Statements marked disputed.
    pub disputed_statements: usize,
}

impl KnowledgeGraph {
    /// Counts entities, statements and their provenance.
    ///
    /// # Complexity
    /// O(entities + statements + references).
    pub fn stats(&self) -> Stats {
        let d = self.dataset();
        // Counted under borrowed names, then copied once per name rather than once per item.
        let mut entities_by_type: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &d.entities {
            *entities_by_type.entry(&e.type_id).or_insert(0) += 1;
        }
        let mut statements_by_predicate: BTreeMap<&str, usize> = BTreeMap::new();
        let mut statements_by_rank: BTreeMap<&'static str, usize> =
            [Rank::Preferred, Rank::Normal, Rank::Deprecated]
                .into_iter()
                .map(|r| (r.name(), 0))
                .collect();
        let mut statements_by_source: BTreeMap<String, usize> =
            d.sources.iter().map(|s| (s.id.clone(), 0)).collect();
        let (mut unreferenced, mut disputed, mut edges) = (0, 0, 0);
        for s in &d.statements {
            *statements_by_predicate.entry(&s.predicate).or_insert(0) += 1;
            *statements_by_rank.entry(s.rank.name()).or_insert(0) += 1;
            let mut cited: Vec<&str> = s.references().iter().map(|r| r.source.as_str()).collect();
            cited.sort_unstable();
            cited.dedup();
            for source in cited {
                *statements_by_source.entry(source.to_string()).or_insert(0) += 1;
            }
            unreferenced += usize::from(s.references().is_empty());
            disputed += usize::from(s.disputed().is_some());
            edges += usize::from(s.object().is_some());
        }
        Stats {
            types: d.types.len(),
            predicates: d.predicates.len(),
            sources: d.sources.len(),
            entities: d.entities.len(),
            statements: d.statements.len(),
            edges,
            literal_statements: d.statements.len() - edges,
            entities_by_type: owned(entities_by_type),
            statements_by_predicate: owned(statements_by_predicate),
            statements_by_rank,
            statements_by_source,
            unreferenced_statements: unreferenced,
            disputed_statements: disputed,
        }
    }
}

fn owned(counts: BTreeMap<&str, usize>) -> BTreeMap<String, usize> {
    counts
        .into_iter()
        .map(|(k, n)| (k.to_string(), n))
        .collect()
}
