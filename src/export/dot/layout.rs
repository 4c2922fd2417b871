//! Layout rules: the order clusters are written in, and the flow of display groups that
//! decides which way each cross-group edge is written (see "Layout decisions" in the
//! [module docs](super)).

use std::collections::BTreeMap;
use std::io::{self, Write};

use crate::graph::KnowledgeGraph;
use crate::model::{Rank, Value};

use super::escape::Quoted;
use super::style::Palette;

/// Groups with up to this many members are ordered exactly, larger ones greedily.
pub(super) const EXACT_ORDER_LIMIT: usize = 8;

/// The two orders of the display groups that shape the drawing, both computed from the
/// statements between groups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Layout {
    /// The order to write clusters in: groups sharing many edges next to each other.
    pub(super) clusters: Vec<usize>,
    /// Each group's position in the flow, the left-to-right order of groups against which
    /// the fewest statements run.
    flow_position: Vec<usize>,
}

impl Layout {
    /// Both orders for the groups of `palette`.
    pub(super) fn new(graph: &KnowledgeGraph, palette: &Palette<'_>) -> Self {
        let n = palette.groups.len();
        // directed[a][b]: statements of a non-symmetric predicate from an entity of group a
        // to one of group b (a ≠ b); symmetric[a][b] + symmetric[b][a]: those of a symmetric
        // predicate, which have no direction to respect.
        let mut directed = vec![vec![0u64; n]; n];
        let mut symmetric = vec![vec![0u64; n]; n];
        for (subject, s, object) in graph.edges() {
            let a = palette.style_of(&subject.type_id).group;
            let b = palette.style_of(&object.type_id).group;
            if let (Some(a), Some(b)) = (a, b)
                && a != b
            {
                if graph.predicate(&s.predicate).is_some_and(|p| p.symmetric) {
                    symmetric[a][b] += 1;
                } else {
                    directed[a][b] += 1;
                }
            }
        }
        Self::from_counts(&directed, &symmetric)
    }

    /// Both orders from the matrices of statements between groups.
    fn from_counts(directed: &[Vec<u64>], symmetric: &[Vec<u64>]) -> Self {
        let n = directed.len();
        let shared = |a: usize, b: usize| {
            directed[a][b] + directed[b][a] + symmetric[a][b] + symmetric[b][a]
        };
        let linear_arrangement = |order: &[usize]| -> u64 {
            let mut total = 0;
            for (i, &a) in order.iter().enumerate() {
                for (j, &b) in order.iter().enumerate().skip(i + 1) {
                    total += shared(a, b) * (j - i) as u64;
                }
            }
            total
        };
        let backward = |order: &[usize]| -> u64 {
            let mut total = 0;
            for (i, &a) in order.iter().enumerate() {
                for &b in &order[i + 1..] {
                    total += directed[b][a];
                }
            }
            total
        };
        let degree: Vec<u64> = (0..n).map(|a| (0..n).map(|b| shared(a, b)).sum()).collect();
        let clusters = best_order(n, &degree, linear_arrangement);
        let flow = best_order(n, &degree, backward);
        let mut flow_position = vec![0; n];
        for (position, &g) in flow.iter().enumerate() {
            flow_position[g] = position;
        }
        Layout {
            clusters,
            flow_position,
        }
    }

    /// Whether a statement from an entity of group `subject` to one of group `object` runs
    /// against the flow, and so is written object → subject (with `dir=back`, or `dir=both`
    /// as every symmetric statement). Statements within a group, or touching an entity
    /// without a group, never are.
    pub(super) fn against_flow(&self, subject: Option<usize>, object: Option<usize>) -> bool {
        match (subject, object) {
            (Some(a), Some(b)) => self.flow_position[a] > self.flow_position[b],
            _ => false,
        }
    }
}

/// The order of `0..n` with the least `cost`: exact for up to [`EXACT_ORDER_LIMIT`] items,
/// ties going to the lexicographically first order; beyond, greedy: items by decreasing
/// `degree` (ties by index), each inserted where it adds least.
fn best_order(n: usize, degree: &[u64], cost: impl Fn(&[usize]) -> u64) -> Vec<usize> {
    if n <= EXACT_ORDER_LIMIT {
        let mut best: Vec<usize> = (0..n).collect();
        let mut best_cost = cost(&best);
        let mut current = best.clone();
        // Lexicographic successors: every permutation once, in order.
        while next_permutation(&mut current) {
            let c = cost(&current);
            if c < best_cost {
                best_cost = c;
                best.clone_from(&current);
            }
        }
        return best;
    }
    let mut remaining: Vec<usize> = (0..n).collect();
    remaining.sort_by_key(|&g| std::cmp::Reverse(degree[g]));
    let mut order: Vec<usize> = Vec::with_capacity(n);
    for g in remaining {
        let mut best = (u64::MAX, 0);
        for at in 0..=order.len() {
            order.insert(at, g);
            best = best.min((cost(&order), at));
            order.remove(at);
        }
        order.insert(best.1, g);
    }
    order
}

/// Rearranges into the next permutation in lexicographic order; `false` after the last.
fn next_permutation(items: &mut [usize]) -> bool {
    let Some(i) = items.windows(2).rposition(|w| w[0] < w[1]) else {
        return false;
    };
    let j = items
        .iter()
        .rposition(|&x| x > items[i])
        .expect("items[i + 1] is larger");
    items.swap(i, j);
    items[i + 1..].reverse();
    true
}

/// The drawn entities (positions in the dataset) that have a date, grouped by it and in date
/// order: each group becomes one rank of a timeline. An entity's date is the earliest that
/// its own date or span statements give (deprecated ones aside), compared by the first day
/// each may mean; entities without one are left to the layout.
pub(super) fn timeline(graph: &KnowledgeGraph, drawn: &[usize]) -> Vec<Vec<usize>> {
    let mut by_date: BTreeMap<(i16, u8, u8), Vec<usize>> = BTreeMap::new();
    for &i in drawn {
        let earliest = graph
            .literal_statements_at(i)
            .filter(|s| s.rank != Rank::Deprecated)
            .filter_map(|s| match &s.value {
                Value::Date(d) => Some(d.earliest()),
                Value::Span(span) => span.start.map(|d| d.earliest()),
                _ => None,
            })
            .min();
        if let Some(date) = earliest {
            by_date.entry(date).or_default().push(i);
        }
    }
    by_date.into_values().collect()
}

/// Chains the dated entities in date order (those of one date in dataset order) with
/// invisible edges, one rank each: a narrow column that reads top to bottom.
pub(super) fn write_timeline<W: Write>(
    w: &mut W,
    graph: &KnowledgeGraph,
    drawn: &[usize],
) -> io::Result<()> {
    let entities = &graph.dataset().entities;
    let order: Vec<usize> = timeline(graph, drawn).into_iter().flatten().collect();
    for pair in order.windows(2) {
        writeln!(
            w,
            "  {} -> {} [style=invis];",
            Quoted(&entities[pair[0]].id),
            Quoted(&entities[pair[1]].id)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutations_run_in_lexicographic_order() {
        let mut p = [0, 1, 2];
        let mut seen = vec![p];
        while next_permutation(&mut p) {
            seen.push(p);
        }
        assert_eq!(
            seen,
            [
                [0, 1, 2],
                [0, 2, 1],
                [1, 0, 2],
                [1, 2, 0],
                [2, 0, 1],
                [2, 1, 0]
            ]
        );
    }

    /// A 4-group matrix: 0 → 1 (5), 1 → 2 (4), 2 → 1 (1), 3 → 0 (3), 2 → 3 (1).
    fn counts() -> Vec<Vec<u64>> {
        let mut m = vec![vec![0; 4]; 4];
        m[0][1] = 5;
        m[1][2] = 4;
        m[2][1] = 1;
        m[3][0] = 3;
        m[2][3] = 1;
        m
    }

    fn none() -> Vec<Vec<u64>> {
        vec![vec![0; 4]; 4]
    }

    #[test]
    fn the_flow_runs_with_most_statements() {
        let layout = Layout::from_counts(&counts(), &none());
        // 3 → 0 → 1 → 2: only 2 → 1 (1) and 2 → 3 (1) run back.
        assert_eq!(layout.flow_position, [1, 2, 3, 0]);
        assert!(layout.against_flow(Some(2), Some(1)));
        assert!(layout.against_flow(Some(2), Some(3)));
        assert!(!layout.against_flow(Some(1), Some(2)));
        assert!(!layout.against_flow(Some(3), Some(0)));
        // Within a group and to or from ungrouped entities: as stated.
        assert!(!layout.against_flow(Some(2), Some(2)));
        assert!(!layout.against_flow(None, Some(0)));
        assert!(!layout.against_flow(Some(2), None));
    }

    #[test]
    fn symmetric_statements_join_clusters_but_do_not_steer_the_flow() {
        // Six symmetric statements 1 → 0 would outweigh 0 → 1 (5) if they counted.
        let mut symmetric = none();
        symmetric[1][0] = 6;
        let layout = Layout::from_counts(&counts(), &symmetric);
        assert_eq!(layout.flow_position, [1, 2, 3, 0]);
        // 0–1 now share 11: still neighbours, and the cluster order is unchanged.
        assert_eq!(layout.clusters, [2, 1, 0, 3]);
    }

    #[test]
    fn clusters_put_groups_sharing_edges_side_by_side() {
        let layout = Layout::from_counts(&counts(), &none());
        // 0–1 share 5, 1–2 share 5, 0–3 share 3, 2–3 share 1: the chain 3 0 1 2.
        assert_eq!(layout.clusters, [2, 1, 0, 3]);
    }

    #[test]
    fn beyond_the_exact_limit_orders_are_greedy_but_complete() {
        let n = EXACT_ORDER_LIMIT + 3;
        let mut m = vec![vec![0; n]; n];
        // A chain written backwards: i + 1 → i.
        for i in 0..n - 1 {
            m[i + 1][i] = 1;
        }
        let layout = Layout::from_counts(&m, &vec![vec![0; n]; n]);
        let mut sorted = layout.clusters.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..n).collect::<Vec<_>>());
        for i in 0..n - 1 {
            assert!(!layout.against_flow(Some(i + 1), Some(i)), "{layout:?}");
        }
    }
}
