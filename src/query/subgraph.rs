//! Subgraphs: a part of a graph as a graph of its own, which exports like the whole.

use std::collections::{BTreeSet, VecDeque};

use super::{Direction, Filter};
use crate::graph::KnowledgeGraph;
use crate::model::{View, ViewDirection};
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
        self.around(&[id], depth, direction, filter)
    }

    /// As [`KnowledgeGraph::neighborhood`], around several entities at once: those within
    /// `depth` statements of any of them. `None` when an id is unknown.
    ///
    /// # Complexity
    /// O(entities + statements) to select and copy.
    pub fn around(
        &self,
        ids: &[&str],
        depth: usize,
        direction: Direction,
        filter: &Filter,
    ) -> Option<KnowledgeGraph> {
        let mut selected: BTreeSet<usize> = BTreeSet::new();
        let mut queue = VecDeque::new();
        for id in ids {
            let position = self.entity_position(id)?;
            if selected.insert(position) {
                queue.push_back((position, 0));
            }
        }
        let entities = &self.dataset().entities;
        while let Some((current, distance)) = queue.pop_front() {
            if distance == depth {
                continue;
            }
            for n in self.neighbors(&entities[current].id, direction, filter) {
                let position = self
                    .entity_position(&n.entity.id)
                    .expect("neighbours are entities of this graph");
                if selected.insert(position) {
                    queue.push_back((position, distance + 1));
                }
            }
        }
        Some(self.induced(&selected, filter))
    }

    /// The part of the graph a [`View`] selects: the entities within its depth of its focus
    /// (or, without a focus, every entity passing its type filters) and the statements among
    /// them that pass its predicate, rank and date filters. This is what `kgforge build`
    /// draws for the view, and what `kgforge subgraph` selects with the same settings.
    ///
    /// ```
    /// use std::path::Path;
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let view = kgforge::View {
    ///     id: "fronts".into(),
    ///     title: "The fronts".into(),
    ///     focus: vec!["far_east_command".into()],
    ///     predicates: vec!["subordinate_to".into()],
    ///     types: vec!["front".into()],
    ///     ..Default::default()
    /// };
    /// let part = graph.view(&view);
    /// // The command (a focus is always shown) and its three fronts.
    /// assert_eq!(part.dataset().entities.len(), 1 + 3);
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(entities + statements).
    pub fn view(&self, view: &View) -> KnowledgeGraph {
        let filter = view_filter(view);
        if view.focus.is_empty() {
            return self.filtered(&filter);
        }
        // Validation checked that every focus entity exists; a stale view skips the missing.
        let focus: Vec<&str> = view
            .focus
            .iter()
            .map(String::as_str)
            .filter(|id| self.entity_position(id).is_some())
            .collect();
        let depth = view.depth.unwrap_or(1) as usize;
        let direction = match view.direction.unwrap_or_default() {
            ViewDirection::In => Direction::Incoming,
            ViewDirection::Out => Direction::Outgoing,
            ViewDirection::Both => Direction::Both,
        };
        self.around(&focus, depth, direction, &filter)
            .expect("only known focus entities are walked from")
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

/// The statement and entity filters of a view.
fn view_filter(view: &View) -> Filter {
    let mut filter = Filter::new();
    for p in &view.predicates {
        filter = filter.with_predicate(p);
    }
    for p in &view.exclude_predicates {
        filter = filter.without_predicate(p);
    }
    for t in &view.types {
        filter = filter.with_type(t);
    }
    for t in &view.exclude_types {
        filter = filter.without_type(t);
    }
    for &r in &view.ranks {
        filter = filter.with_rank(r);
    }
    if let Some(date) = view.as_of {
        filter = filter.as_of(date);
    }
    filter
}
