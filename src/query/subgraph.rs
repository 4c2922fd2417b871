//! Subgraphs: a part of a graph as a graph of its own, which exports like the whole.

use std::collections::{BTreeSet, VecDeque};

use super::{Direction, Filter};
use crate::graph::KnowledgeGraph;
use crate::validate::ValidDataset;

impl KnowledgeGraph {
    /// The entities within `depth` statements of `id` (walking `direction`, through statements
    /// that pass `filter`), with every statement among them and their literal statements.
    /// `None` when the id is unknown.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::query::{Direction, Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let around = graph.neighborhood("kwantung_army", 1, Direction::Both, &Filter::new()).expect("known id");
    /// assert!(around.entity("red_army").is_some());
    /// assert!(around.dataset().entities.len() < graph.dataset().entities.len());
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(entities + statements) to select and copy.
    pub fn neighborhood(
        &self,
        id: &str,
        depth: usize,
        direction: Direction,
        filter: &Filter,
    ) -> Option<KnowledgeGraph> {
        self.node(id)?;
        let mut selected: BTreeSet<usize> = BTreeSet::new();
        let index_of = |id: &str| {
            self.entity_position(id)
                .expect("neighbours are entities of this graph")
        };
        let mut queue = VecDeque::from([(id.to_string(), 0)]);
        selected.insert(index_of(id));
        while let Some((current, distance)) = queue.pop_front() {
            if distance == depth {
                continue;
            }
            for n in self.neighbors(&current, direction, filter) {
                if selected.insert(index_of(&n.entity.id)) {
                    queue.push_back((n.entity.id.to_string(), distance + 1));
                }
            }
        }
        Some(self.induced(&selected, filter))
    }

    /// The entities that pass the type filter, with the statements among them that pass the
    /// statement filters.
    ///
    /// # Complexity
    /// O(entities + statements).
    pub fn filtered(&self, filter: &Filter) -> KnowledgeGraph {
        let selected: BTreeSet<usize> = self
            .dataset()
            .entities
            .iter()
            .enumerate()
            .filter(|(_, e)| filter.accepts_entity(self, e))
            .map(|(i, _)| i)
            .collect();
        self.induced(&selected, filter)
    }

    /// The graph of the selected entities (plus the places their statements name) and the
    /// statements passing `filter` whose ends are all selected. Schema and sources are kept
    /// whole, so every reference still resolves.
    fn induced(&self, selected: &BTreeSet<usize>, filter: &Filter) -> KnowledgeGraph {
        let d = self.dataset();
        let chosen: BTreeSet<&str> = selected
            .iter()
            .map(|&i| d.entities[i].id.as_str())
            .collect();
        let statements: Vec<_> = d
            .statements
            .iter()
            .filter(|s| filter.accepts_statement(s) && chosen.contains(s.subject.as_str()))
            .filter(|s| s.object().is_none_or(|o| chosen.contains(o)))
            .cloned()
            .collect();
        let places: BTreeSet<&str> = statements
            .iter()
            .filter_map(|s| s.qualifiers().place.as_deref())
            .collect();
        let mut dataset = d.clone_schema();
        dataset.entities = d
            .entities
            .iter()
            .filter(|e| chosen.contains(e.id.as_str()) || places.contains(e.id.as_str()))
            .cloned()
            .collect();
        dataset.statements = statements;
        // A part of a valid dataset is valid: every id it names is kept with it.
        KnowledgeGraph::new(ValidDataset::trusted(dataset))
    }
}
