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
    /// statements, shortest first; among paths of equal length, the one whose statements come
    /// first in the dataset comes first. Nothing when an id is unknown; only the empty path
    /// when `from == to`.
    ///
    /// The paths are found one at a time, as the iterator is advanced: take as many as you
    /// need (`.take(n)`); nothing is kept but the path being extended, so neither a long
    /// chain nor a dense graph exhausts the stack or memory.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::query::{Direction, Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let filter = Filter::new();
    /// let paths: Vec<_> = graph
    ///     .simple_paths("kwantung_army", "siberia", 4, Direction::Both, &filter)
    ///     .take(10)
    ///     .collect();
    /// assert!(paths.windows(2).all(|w| w[0].len() <= w[1].len()));
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    ///
    /// # Complexity
    /// A breadth-first search (O(entities + statements)) measures how far each entity is from
    /// `to`; then a depth-first search with an explicit stack, deepened one length at a time
    /// (iterative deepening, guided by those distances: a branch that cannot reach `to` within
    /// the current length is not entered), yields the paths of each length in turn. Memory is
    /// O(entities + the current path's length × degree). Time per path can still be
    /// exponential in `max_length` on dense graphs, where branches dead-end on entities
    /// already on the path; bound it by taking few paths.
    pub fn simple_paths<'a>(
        &'a self,
        from: &str,
        to: &str,
        max_length: usize,
        direction: Direction,
        filter: &'a Filter,
    ) -> SimplePaths<'a> {
        SimplePaths::new(self, from, to, max_length, direction, filter)
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

/// The simple paths between two entities, shortest first: see
/// [`KnowledgeGraph::simple_paths`].
#[derive(Debug)]
#[must_use = "an iterator finds nothing until it is advanced"]
pub struct SimplePaths<'g> {
    graph: &'g KnowledgeGraph,
    filter: &'g Filter,
    direction: Direction,
    start: NodeIndex,
    goal: NodeIndex,
    max_length: usize,
    /// Statements from each entity to the goal (`u32::MAX`: the goal cannot be reached),
    /// ignoring whether entities repeat: a lower bound on any path's remaining length.
    to_goal: Vec<u32>,
    /// The length of the paths the current round yields.
    length: usize,
    /// The shortest length above `length` that a branch of this round would have needed:
    /// the next round's length. No simple path has a length in between.
    longer: Option<usize>,
    /// The depth-first search of this round: one frame per entity on the path.
    frames: Vec<Frame>,
    /// The steps of the path being extended: `(statement, from, to, forward)`.
    path: Vec<(EdgeIndex, NodeIndex, NodeIndex, bool)>,
    on_path: Vec<bool>,
    /// `from == to`: the empty path is the one answer, still to be given.
    empty_path: bool,
}

/// An entity on the path being extended, and the steps out of it still to try.
#[derive(Debug)]
struct Frame {
    node: NodeIndex,
    steps: Vec<(EdgeIndex, NodeIndex, bool)>,
    next: usize,
}

impl<'g> SimplePaths<'g> {
    fn new(
        graph: &'g KnowledgeGraph,
        from: &str,
        to: &str,
        max_length: usize,
        direction: Direction,
        filter: &'g Filter,
    ) -> Self {
        let ends = graph.node(from).zip(graph.node(to));
        let (start, goal) = ends.unwrap_or_default();
        let to_goal = match ends {
            Some(_) => distances_to(graph, goal, direction, filter),
            None => Vec::new(),
        };
        let shortest = to_goal.get(start.index()).map(|&d| d as usize);
        SimplePaths {
            graph,
            filter,
            direction,
            start,
            goal,
            max_length,
            length: 0,
            // The first round looks for the shortest paths, when there are any in reach.
            longer: shortest.filter(|&d| d > 0 && d <= max_length),
            frames: Vec::new(),
            path: Vec::new(),
            on_path: vec![false; to_goal.len()],
            empty_path: ends.is_some() && start == goal,
            to_goal,
        }
    }

    /// The number of statements on a shortest path, which may be longer than the longest
    /// path searched; `None` when there is no path at all.
    ///
    /// ```
    /// use std::path::Path;
    /// use kgforge::query::{Direction, Filter};
    ///
    /// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
    /// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
    /// let filter = Filter::new();
    /// let mut paths = graph.simple_paths("kwantung_army", "siberia", 1, Direction::Both, &filter);
    /// assert!(paths.shortest_length().is_some_and(|n| n > 1));
    /// assert!(paths.next().is_none());
    /// # Ok::<(), kgforge::Error>(())
    /// ```
    pub fn shortest_length(&self) -> Option<usize> {
        self.to_goal
            .get(self.start.index())
            .filter(|&&d| d != u32::MAX)
            .map(|&d| d as usize)
    }

    fn step(&self, (edge, from, to, forward): (EdgeIndex, NodeIndex, NodeIndex, bool)) -> Step<'g> {
        Step {
            statement: self.graph.statement_at(edge),
            from: self.graph.entity_at(from),
            to: self.graph.entity_at(to),
            forward,
        }
    }
}

impl<'g> Iterator for SimplePaths<'g> {
    type Item = Path<'g>;

    fn next(&mut self) -> Option<Path<'g>> {
        if std::mem::take(&mut self.empty_path) {
            return Some(Vec::new());
        }
        loop {
            let Some(frame) = self.frames.last_mut() else {
                // A round is over: start the next one, with the paths just too long for it.
                let length = self.longer.take().filter(|&l| l <= self.max_length)?;
                self.length = length;
                self.on_path[self.start.index()] = true;
                self.frames.push(Frame {
                    node: self.start,
                    steps: self
                        .graph
                        .steps_from(self.start, self.direction, self.filter),
                    next: 0,
                });
                continue;
            };
            let Some(&(edge, next, forward)) = frame.steps.get(frame.next) else {
                // Every step out of this entity has been tried: back up one.
                self.frames.pop();
                match self.path.pop() {
                    Some((.., node, _)) => self.on_path[node.index()] = false,
                    None => self.on_path[self.start.index()] = false,
                }
                continue;
            };
            frame.next += 1;
            let node = frame.node;
            let to_goal = self.to_goal[next.index()];
            if self.on_path[next.index()] || to_goal == u32::MAX {
                continue;
            }
            let depth = self.path.len() + 1;
            let least = depth + to_goal as usize;
            if least > self.length {
                self.longer = Some(self.longer.map_or(least, |l| l.min(least)));
                continue;
            }
            if next == self.goal {
                // Shorter paths were given by earlier rounds.
                if depth == self.length {
                    let steps = self
                        .path
                        .iter()
                        .copied()
                        .chain([(edge, node, next, forward)]);
                    return Some(steps.map(|s| self.step(s)).collect());
                }
                continue;
            }
            self.on_path[next.index()] = true;
            self.path.push((edge, node, next, forward));
            self.frames.push(Frame {
                node: next,
                steps: self.graph.steps_from(next, self.direction, self.filter),
                next: 0,
            });
        }
    }
}

/// How many statements each entity is from `goal`, walking as `direction` says and passing
/// `filter` (`u32::MAX` when the goal cannot be reached): a breadth-first search backwards
/// from the goal.
fn distances_to(
    graph: &KnowledgeGraph,
    goal: NodeIndex,
    direction: Direction,
    filter: &Filter,
) -> Vec<u32> {
    let g = graph.petgraph();
    let mut distance = vec![u32::MAX; g.node_bound()];
    distance[goal.index()] = 0;
    let mut queue = VecDeque::from([goal]);
    // A walk enters each entity but the first through a statement that passes the filter and
    // must itself pass it: the steps into `node` are the statements that end there.
    let backwards = |node: NodeIndex| {
        let forward = matches!(direction, Direction::Outgoing | Direction::Both).then(|| {
            g.edges_directed(node, petgraph::Direction::Incoming)
                .map(|e| (e.id(), e.source()))
        });
        let reverse = matches!(direction, Direction::Incoming | Direction::Both).then(|| {
            g.edges_directed(node, petgraph::Direction::Outgoing)
                .map(|e| (e.id(), e.target()))
        });
        forward
            .into_iter()
            .flatten()
            .chain(reverse.into_iter().flatten())
    };
    while let Some(node) = queue.pop_front() {
        if !filter.accepts_entity(graph, graph.entity_at(node)) {
            // Not a place a walk can enter, so not a way to the goal (it may still be the
            // start, which is why its distance is kept).
            continue;
        }
        let d = distance[node.index()] + 1;
        for (edge, previous) in backwards(node) {
            if distance[previous.index()] == u32::MAX
                && filter.accepts_statement(graph.statement_at(edge))
            {
                distance[previous.index()] = d;
                queue.push_back(previous);
            }
        }
    }
    distance
}
