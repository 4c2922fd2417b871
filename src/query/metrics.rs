//! Components and centrality.

use petgraph::unionfind::UnionFind;
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};

use crate::graph::KnowledgeGraph;
use crate::model::Entity;

/// A weakly connected component: entities linked by statements in either direction.
#[derive(Debug, Clone, PartialEq)]
pub struct Component<'g> {
    /// Its entities, in dataset order.
    pub entities: Vec<&'g Entity>,
}

/// How many statements link an entity to others.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Degree {
    /// Statements with the entity as subject (entity-valued only).
    pub outgoing: usize,
    /// Statements with the entity as object.
    pub incoming: usize,
}

impl Degree {
    /// Both ways.
    pub fn total(&self) -> usize {
        self.outgoing + self.incoming
    }
}

impl KnowledgeGraph {
    /// The weakly connected components, largest first (ties in dataset order).
    ///
    /// # Complexity
    /// O((entities + statements) · α(entities)), union–find.
    pub fn components(&self) -> Vec<Component<'_>> {
        let g = self.petgraph();
        let mut sets = UnionFind::<usize>::new(g.node_bound());
        for e in g.edge_references() {
            sets.union(e.source().index(), e.target().index());
        }
        let labels = sets.into_labeling();
        let mut by_root: Vec<(usize, Vec<&Entity>)> = Vec::new();
        let mut slot = vec![usize::MAX; labels.len()];
        for node in g.node_indices() {
            let root = labels[node.index()];
            if slot[root] == usize::MAX {
                slot[root] = by_root.len();
                by_root.push((node.index(), Vec::new()));
            }
            by_root[slot[root]].1.push(self.entity_at(node));
        }
        by_root.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then(a.0.cmp(&b.0)));
        by_root
            .into_iter()
            .map(|(_, entities)| Component { entities })
            .collect()
    }

    /// The degree of an entity; `None` for an unknown id.
    pub fn degree(&self, id: &str) -> Option<Degree> {
        let node = self.node(id)?;
        let g = self.petgraph();
        Some(Degree {
            outgoing: g
                .edges_directed(node, petgraph::Direction::Outgoing)
                .count(),
            incoming: g
                .edges_directed(node, petgraph::Direction::Incoming)
                .count(),
        })
    }

    /// PageRank of every entity (damping 0.85, 50 iterations), highest first, via petgraph.
    ///
    /// # Complexity
    /// petgraph's implementation is O(entities² · iterations): meant for hand-curated graphs
    /// of hundreds or thousands of entities, not for bulk data.
    pub fn pagerank(&self) -> Vec<(&Entity, f64)> {
        let g = self.petgraph();
        let ranks = petgraph::algo::page_rank(g, 0.85_f64, 50);
        let mut out: Vec<_> = g
            .node_indices()
            .map(|n| (self.entity_at(n), ranks[n.index()]))
            .collect();
        out.sort_by(|a, b| b.1.total_cmp(&a.1));
        out
    }
}
