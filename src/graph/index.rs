//! [`IdIndex`]: id → position for the dataset's vectors, without a copy of the ids.

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
        let mut table = HashTable::with_capacity(all.len());
        for (i, id) in all.iter().enumerate() {
            let h = hash(id);
            if table.find(h, |&j: &u32| all[j as usize] == *id).is_none() {
                table.insert_unique(h, super::to_u32(i), |&j: &u32| hash(all[j as usize]));
            }
        }
        IdIndex { table }
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
