//! Paths between entities, as chains of statements.

use std::collections::VecDeque;

use petgraph::stable_graph::{EdgeIndex, NodeIndex};
use petgraph::visit::{EdgeRef, NodeIndexable};

use super::{Direction, Filter};
use crate::graph::KnowledgeGraph;
use crate::model::{Entity, Statement};

/// One statement on a path, walked forwards (subject → object) or backwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step<'g> {
    /// The statement walked.
    pub statement: &'g Statement,
    /// Where the step starts.
    pub from: &'g Entity,
    /// Where it ends.
    pub to: &'g Entity,
    /// Whether it follows the statement's direction.
    pub forward: bool,
}

/// A chain of statements from one entity to another.
pub type Path<'g> = Vec<Step<'g>>;

impl KnowledgeGraph {
    /// A shortest path (fewest statements) from `from` to `to`, walking statements that pass
    /// `filter`: along their direction only, or both ways with [`Direction::Both`]. `None`
    /// when there is no path or an id is unknown; an empty path when `from == to`. Among paths
    /// of equal length, the one whose statements come first in the dataset wins.
    ///
    /// petgraph's shortest-path algorithms return nodes; in a multigraph the statements are the
    /// answer, so this is a breadth-first search that keeps the edge it arrived by.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::query::{Direction, Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let path = graph.shortest_path("kwantung_army", "siberia", Direction::Both, &Filter::new()).expect("connected");
    /// assert_eq!(path.last().unwrap().to.id, "siberia");
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// O(entities + statements).
    pub fn shortest_path(
        &self,
        from: &str,
        to: &str,
        direction: Direction,
        filter: &Filter,
    ) -> Option<Path<'_>> {
        let (start, goal) = (self.node(from)?, self.node(to)?);
        let g = self.petgraph();
        let mut arrived_by: Vec<Option<(EdgeIndex, NodeIndex, bool)>> = vec![None; g.node_bound()];
        let mut seen = vec![false; g.node_bound()];
        seen[start.index()] = true;
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            if node == goal {
                break;
            }
            for (edge, next, forward) in self.steps_from(node, direction, filter) {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    arrived_by[next.index()] = Some((edge, node, forward));
                    queue.push_back(next);
                }
            }
        }
        if !seen[goal.index()] {
            return None;
        }
        let mut path = Vec::new();
        let mut node = goal;
        while let Some((edge, previous, forward)) = arrived_by[node.index()] {
            path.push(Step {
                statement: self.statement_at(edge),
                from: self.entity_at(previous),
                to: self.entity_at(node),
                forward,
            });
            node = previous;
        }
        path.reverse();
        Some(path)
    }

    /// Every path without repeated entities from `from` to `to` of at most `max_length`
    /// statements, shortest first, at most `limit` of them.
    ///
    /// # Complexity
    /// Exponential in `max_length` in the worst case; `limit` bounds the work kept, not the
    /// search, so keep `max_length` small (≤ 6) on dense graphs.
    pub fn simple_paths(
        &self,
        from: &str,
        to: &str,
        max_length: usize,
        direction: Direction,
        filter: &Filter,
        limit: usize,
    ) -> Vec<Path<'_>> {
        let (Some(start), Some(goal)) = (self.node(from), self.node(to)) else {
            return Vec::new();
        };
        let mut found = Vec::new();
        let mut on_path = vec![false; self.petgraph().node_bound()];
        let mut stack: Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)> = Vec::new();
        on_path[start.index()] = true;
        self.extend_paths(
            start,
            goal,
            max_length,
            direction,
            filter,
            &mut on_path,
            &mut stack,
            &mut found,
        );
        found.sort_by_key(|p: &Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)>| p.len());
        found
            .into_iter()
            .take(limit)
            .map(|p| {
                p.into_iter()
                    .map(|(edge, a, b, forward)| Step {
                        statement: self.statement_at(edge),
                        from: self.entity_at(a),
                        to: self.entity_at(b),
                        forward,
                    })
                    .collect()
            })
            .collect()
    }

    #[allow(clippy::too_many_arguments)]
    fn extend_paths(
        &self,
        node: NodeIndex,
        goal: NodeIndex,
        budget: usize,
        direction: Direction,
        filter: &Filter,
        on_path: &mut [bool],
        stack: &mut Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)>,
        found: &mut Vec<Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)>>,
    ) {
        if budget == 0 {
            return;
        }
        for (edge, next, forward) in self.steps_from(node, direction, filter) {
            if on_path[next.index()] {
                continue;
            }
            stack.push((edge, node, next, forward));
            if next == goal {
                found.push(stack.clone());
            } else {
                on_path[next.index()] = true;
                self.extend_paths(
                    next,
                    goal,
                    budget - 1,
                    direction,
                    filter,
                    on_path,
                    stack,
                    found,
                );
                on_path[next.index()] = false;
            }
            stack.pop();
        }
    }

    /// The statements that can be walked from a node, in statement order.
    fn steps_from(
        &self,
        node: NodeIndex,
        direction: Direction,
        filter: &Filter,
    ) -> Vec<(EdgeIndex, NodeIndex, bool)> {
        let g = self.petgraph();
        let mut steps = Vec::new();
        if matches!(direction, Direction::Outgoing | Direction::Both) {
            steps.extend(
                g.edges_directed(node, petgraph::Direction::Outgoing)
                    .map(|e| (e.id(), e.target(), true)),
            );
        }
        if matches!(direction, Direction::Incoming | Direction::Both) {
            steps.extend(
                g.edges_directed(node, petgraph::Direction::Incoming)
                    .map(|e| (e.id(), e.source(), false)),
            );
        }
        steps.retain(|(edge, next, _)| {
            filter.accepts_statement(self.statement_at(*edge))
                && filter.accepts_entity(self, self.entity_at(*next))
        });
        steps.sort_by_key(|(edge, _, forward)| (g[*edge], !forward));
        steps
    }
}
