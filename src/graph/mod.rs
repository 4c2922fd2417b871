//! The graph: entities as petgraph nodes, entity-to-entity statements as edges.
//!
//! Node and edge weights are `u32` indices into the dataset's vectors, so building the graph
//! clones no strings per edge; literal-valued statements stay attached to their subject.

mod csr;
mod stats;

use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::EdgeRef;

use crate::model::{Dataset, Entity, EntityType, IdIndex, Predicate, Source, Statement};
use crate::validate::{NO_ENTITY, ValidDataset};

pub(crate) use csr::{Csr, Subjects};

pub use stats::Stats;

/// The petgraph type behind [`KnowledgeGraph`]: node weights index
/// [`Dataset::entities`], edge weights index [`Dataset::statements`].
pub type EntityGraph = StableDiGraph<u32, u32>;

/// A validated dataset indexed as a directed multigraph.
///
/// ```
/// use std::path::Path;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let kwantung = graph.entity("kwantung_army").expect("in the dataset");
/// assert!(graph.outgoing(&kwantung.id).any(|(s, _)| s.predicate == "surrendered_to"));
/// # Ok::<(), kgforge::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct KnowledgeGraph {
    dataset: ValidDataset,
    graph: EntityGraph,
    /// Entity index → node.
    nodes: Vec<NodeIndex>,
    entity_index: IdIndex,
    type_index: IdIndex,
    predicate_index: IdIndex,
    source_index: IdIndex,
    /// Entity index → indices of the statements it is the subject of, in statement order.
    by_subject: Csr,
    /// Entity index → indices of its literal-valued statements, in statement order.
    literals: Csr,
}

fn to_u32(i: usize) -> u32 {
    u32::try_from(i).expect("kgforge indexes at most 2^32 entities and statements")
}

impl KnowledgeGraph {
    /// Indexes a validated dataset.
    ///
    /// # Complexity
    /// O(entities + statements) time and memory.
    pub fn new(mut dataset: ValidDataset) -> Self {
        let ends = dataset.take_ends();
        let index = dataset.take_entity_index();
        let d = dataset.dataset();
        let mut graph = EntityGraph::with_capacity(d.entities.len(), d.statements.len());
        let nodes: Vec<NodeIndex> = (0..d.entities.len())
            .map(|i| graph.add_node(to_u32(i)))
            .collect();
        let entity_index =
            index.unwrap_or_else(|| IdIndex::new(d.entities.iter().map(|e| e.id.as_str())));
        // Validation resolved every statement's ends; a dataset cut from a valid one (a
        // subgraph) is resolved here. Either way both ends exist.
        let ends = ends.unwrap_or_else(|| {
            let position = |id: &str| {
                entity_index
                    .get(id, |i| d.entities[i].id.as_str())
                    .map_or(NO_ENTITY, to_u32)
            };
            d.statements
                .iter()
                .map(|s| [position(&s.subject), s.object().map_or(NO_ENTITY, position)])
                .collect()
        });
        for (si, &[subject, object]) in ends.iter().enumerate() {
            if object != NO_ENTITY {
                graph.add_edge(nodes[subject as usize], nodes[object as usize], to_u32(si));
            }
        }
        let n = d.entities.len();
        let by_subject = Csr::new(n, || {
            ends.iter()
                .enumerate()
                .map(|(si, &[subject, _])| (subject, to_u32(si)))
        });
        let literals = Csr::new(n, || {
            ends.iter()
                .enumerate()
                .filter(|(_, [_, object])| *object == NO_ENTITY)
                .map(|(si, &[subject, _])| (subject, to_u32(si)))
        });
        KnowledgeGraph {
            by_subject,
            type_index: IdIndex::new(d.types.iter().map(|t| t.id.as_str())),
            predicate_index: IdIndex::new(d.predicates.iter().map(|p| p.id.as_str())),
            source_index: IdIndex::new(d.sources.iter().map(|s| s.id.as_str())),
            entity_index,
            literals,
            nodes,
            graph,
            dataset,
        }
    }

    /// The dataset behind the graph.
    pub fn dataset(&self) -> &Dataset {
        self.dataset.dataset()
    }

    /// The petgraph graph, for running petgraph's algorithms directly.
    pub fn petgraph(&self) -> &EntityGraph {
        &self.graph
    }

    /// The entity with this id.
    pub fn entity(&self, id: &str) -> Option<&Entity> {
        self.entity_position(id)
            .map(|i| &self.dataset().entities[i])
    }

    /// The position of the entity with this id in [`Dataset::entities`].
    pub(crate) fn entity_position(&self, id: &str) -> Option<usize> {
        let entities = &self.dataset().entities;
        self.entity_index.get(id, |i| entities[i].id.as_str())
    }

    /// Indices (into [`Dataset::statements`]) of the statements about the entity at
    /// `position` in [`Dataset::entities`]: its outgoing edges and its literal statements, in
    /// no particular order.
    pub(crate) fn subject_statements(&self, position: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .edges_directed(self.nodes[position], petgraph::Direction::Outgoing)
            .map(|e| *e.weight() as usize)
            .chain(self.literals.row(position).iter().map(|&si| si as usize))
    }

    /// Per entity position in [`Dataset::entities`], the indices (into
    /// [`Dataset::statements`]) of the statements about it (its outgoing edges and its literal
    /// statements), in statement order.
    pub(crate) fn subjects(&self) -> Subjects<'_> {
        Subjects {
            rows: &self.by_subject,
            first: 0,
        }
    }

    /// The node of the entity with this id.
    pub fn node(&self, id: &str) -> Option<NodeIndex> {
        self.entity_position(id).map(|i| self.nodes[i])
    }

    /// The entity at a node.
    ///
    /// # Panics
    /// When the node is not in this graph.
    pub fn entity_at(&self, node: NodeIndex) -> &Entity {
        &self.dataset().entities[self.graph[node] as usize]
    }

    /// The statement on an edge.
    ///
    /// # Panics
    /// When the edge is not in this graph.
    pub fn statement_at(&self, edge: EdgeIndex) -> &Statement {
        &self.dataset().statements[self.graph[edge] as usize]
    }

    /// The type with this id.
    pub fn entity_type(&self, id: &str) -> Option<&EntityType> {
        let types = &self.dataset().types;
        self.type_index
            .get(id, |i| types[i].id.as_str())
            .map(|i| &types[i])
    }

    /// The predicate with this id.
    pub fn predicate(&self, id: &str) -> Option<&Predicate> {
        let predicates = &self.dataset().predicates;
        self.predicate_index
            .get(id, |i| predicates[i].id.as_str())
            .map(|i| &predicates[i])
    }

    /// The source with this id.
    pub fn source(&self, id: &str) -> Option<&Source> {
        let sources = &self.dataset().sources;
        self.source_index
            .get(id, |i| sources[i].id.as_str())
            .map(|i| &sources[i])
    }

    /// A type's display group: its own, or the nearest ancestor's.
    pub fn group_of(&self, type_id: &str) -> Option<&str> {
        let mut current = self.entity_type(type_id);
        // Validation rules out cycles; the bound only guards against a malformed clone.
        for _ in 0..=self.dataset().types.len() {
            let t = current?;
            if let Some(g) = &t.group {
                return Some(g);
            }
            current = t.parent.as_deref().and_then(|p| self.entity_type(p));
        }
        None
    }

    /// Entity-to-entity statements with their subject and object, in statement order.
    pub fn edges(&self) -> impl Iterator<Item = (&Entity, &Statement, &Entity)> {
        use petgraph::visit::IntoEdgeReferences;
        // Edges are added in statement order and never removed, so edge order is statement
        // order; the ends come from the graph, with no lookup by id.
        (&self.graph).edge_references().map(move |e| {
            (
                self.entity_at(e.source()),
                self.statement_at(e.id()),
                self.entity_at(e.target()),
            )
        })
    }

    /// How many entity-to-entity statements (edges) there are.
    pub(crate) fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Edge `i` of [`KnowledgeGraph::edges`], by position.
    ///
    /// # Panics
    /// When `i` is not below [`KnowledgeGraph::edge_count`].
    pub(crate) fn edge_at(&self, i: usize) -> (&Entity, &Statement, &Entity) {
        // Edges are never removed, so their indices are 0..edge_count in statement order.
        let e = EdgeIndex::new(i);
        let (subject, object) = self.graph.edge_endpoints(e).expect("an edge of this graph");
        (
            self.entity_at(subject),
            self.statement_at(e),
            self.entity_at(object),
        )
    }

    /// The literal-valued statements about an entity (quantities, dates, texts).
    pub fn literal_statements(&self, id: &str) -> impl Iterator<Item = &Statement> {
        let list = self
            .entity_position(id)
            .map_or(&[][..], |i| self.literals.row(i));
        list.iter()
            .map(|&si| &self.dataset().statements[si as usize])
    }

    /// [`KnowledgeGraph::literal_statements`] of the entity at `position` in
    /// [`Dataset::entities`], without a lookup by id.
    pub(crate) fn literal_statements_at(
        &self,
        position: usize,
    ) -> impl Iterator<Item = &Statement> {
        self.literals
            .row(position)
            .iter()
            .map(|&si| &self.dataset().statements[si as usize])
    }

    /// Statements whose subject is `id`, with their object entity.
    pub fn outgoing(&self, id: &str) -> impl Iterator<Item = (&Statement, &Entity)> {
        self.adjacent(id, petgraph::Direction::Outgoing)
    }

    /// Statements whose object is `id`, with their subject entity.
    pub fn incoming(&self, id: &str) -> impl Iterator<Item = (&Statement, &Entity)> {
        self.adjacent(id, petgraph::Direction::Incoming)
    }

    fn adjacent(
        &self,
        id: &str,
        direction: petgraph::Direction,
    ) -> impl Iterator<Item = (&Statement, &Entity)> {
        let node = self.node(id);
        node.into_iter().flat_map(move |n| {
            let mut edges: Vec<_> = self.graph.edges_directed(n, direction).collect();
            // petgraph yields the newest edge first; statement order reads better.
            edges.sort_by_key(|e| *e.weight());
            edges.into_iter().map(move |e| {
                let other = match direction {
                    petgraph::Direction::Outgoing => e.target(),
                    petgraph::Direction::Incoming => e.source(),
                };
                (self.statement_at(e.id()), self.entity_at(other))
            })
        })
    }
}
