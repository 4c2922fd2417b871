//! [`Csr`]: a list of `u32`s per row (compressed sparse rows), in two flat vectors.

/// Per row (an entity position), a list of `u32` items (statement indices), stored flat: a
/// row's items are contiguous, so walking an entity's statements reads one run of memory
/// rather than following petgraph's edge lists through the whole edge vector.
#[derive(Debug, Clone, Default)]
pub(crate) struct Csr {
    /// Row `r`'s items are `items[start[r]..start[r + 1]]`.
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Csr {
    /// `rows` rows holding `(row, item)` pairs, each row's items in the order given (a
    /// counting sort: two passes over the pairs, no comparison).
    pub(crate) fn new<I>(rows: usize, pairs: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = (u32, u32)>,
    {
        let mut start = vec![0u32; rows + 1];
        for (row, _) in pairs() {
            start[row as usize + 1] += 1;
        }
        for r in 0..rows {
            start[r + 1] += start[r];
        }
        let mut fill = start.clone();
        let mut items = vec![0u32; start[rows] as usize];
        for (row, item) in pairs() {
            let at = &mut fill[row as usize];
            items[*at as usize] = item;
            *at += 1;
        }
        Csr { start, items }
    }

    /// The items of row `r`.
    pub(crate) fn row(&self, r: usize) -> &[u32] {
        &self.items[self.start[r] as usize..self.start[r + 1] as usize]
    }
}

/// The statements of each entity by position: rows of a [`Csr`] that start at entity
/// `first` (a graph's rows start at 0; a streamed build's hold a range of entities).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Subjects<'a> {
    pub(crate) rows: &'a Csr,
    pub(crate) first: usize,
}

impl<'a> Subjects<'a> {
    /// The statements (indices) whose subject is the entity at `position`.
    pub(crate) fn of(&self, position: usize) -> &'a [u32] {
        self.rows.row(position - self.first)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_items_in_order() {
        let pairs = [(2, 10), (0, 11), (2, 12), (2, 13), (0, 14)];
        let csr = Csr::new(4, || pairs.iter().copied());
        assert_eq!(csr.row(0), [11, 14]);
        assert_eq!(csr.row(1), [] as [u32; 0]);
        assert_eq!(csr.row(2), [10, 12, 13]);
        assert_eq!(csr.row(3), [] as [u32; 0]);
    }
}
