//! [`IdIndex`]: id → position in one of the dataset's vectors, without a copy of the ids.
//! Validation and the graph use it for the entities of bulk datasets (millions).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// A hash index from ids to positions in a vector of items that own those ids.
///
/// The table stores only `u32` positions and compares against the items themselves, so
/// indexing a million entities copies no string (a `HashMap<String, u32>` would allocate a
/// million). Every lookup passes the function that reads an item's id.
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<u32>,
}

fn hash(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

impl IdIndex {
    /// Indexes `ids` by position; for a repeated id the first position wins (a valid dataset
    /// has none).
    pub(crate) fn new<'a>(ids: impl ExactSizeIterator<Item = &'a str>) -> Self {
        let all: Vec<&str> = ids.collect();
        let mut index = IdIndex::with_capacity(all.len());
        for (i, id) in all.iter().enumerate() {
            index.insert(id, i, |j| all[j]);
        }
        index
    }

    /// An empty index with room for `n` ids.
    pub(crate) fn with_capacity(n: usize) -> Self {
        IdIndex {
            table: HashTable::with_capacity(n),
        }
    }

    /// Adds `id` at `position` unless it is already there; returns the position it already
    /// had. `id_at` reads the ids of positions added before.
    pub(crate) fn insert<'a>(
        &mut self,
        id: &str,
        position: usize,
        id_at: impl Fn(usize) -> &'a str,
    ) -> Option<usize> {
        let h = hash(id);
        if let Some(&j) = self.table.find(h, |&j| id_at(j as usize) == id) {
            return Some(j as usize);
        }
        // Positions index vectors of the dataset, which stays far below 2^32 items.
        let position = u32::try_from(position).expect("at most 2^32 items");
        self.table
            .insert_unique(h, position, |&j| hash(id_at(j as usize)));
        None
    }

    /// The position of `id`, reading item ids with `id_at`.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table
            .find(hash(id), |&j| id_at(j as usize) == id)
            .map(|&j| j as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_id_and_only_those() {
        let ids = ["kwantung_army", "red_army", "khabarovsk", "red_army"];
        let index = IdIndex::new(ids.iter().copied());
        let at = |i: usize| ids[i];
        assert_eq!(index.get("kwantung_army", at), Some(0));
        assert_eq!(index.get("khabarovsk", at), Some(2));
        assert_eq!(
            index.get("red_army", at),
            Some(1),
            "the first of a repeated id"
        );
        assert_eq!(index.get("siberia", at), None);
    }
}
