//! [`IdIndex`]: id → position in one of the dataset's vectors, without a copy of the ids.
//! Validation and the graph use it for the entities of bulk datasets (millions).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

/// A hash index from ids to positions in a vector of items that own those ids.
///
/// The table stores positions, not ids, and compares against the items themselves, so
/// indexing a million entities copies no string (a `HashMap<String, u32>` would allocate a
/// million). Every lookup passes the function that reads an item's id. An id of at most
/// [`INLINE`] bytes (a bulk dataset's `e420782`) is also kept in its slot: the lookup then
/// compares in the table and does not touch the item, which for millions of scattered
/// entities is a cache miss each (measured on 6M lookups of 1M entities).
#[derive(Debug, Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<Slot>,
}

/// Ids up to this many bytes are kept in the table.
const INLINE: usize = 11;

/// A position, with its id when that is short: 16 bytes.
#[derive(Debug, Clone, Copy)]
struct Slot {
    position: u32,
    /// The id's length when it is inline, else `u8::MAX`.
    len: u8,
    bytes: [u8; INLINE],
}

impl Slot {
    fn new(id: &str, position: u32) -> Slot {
        let mut bytes = [0; INLINE];
        let len = match bytes.get_mut(..id.len()) {
            Some(inline) => {
                inline.copy_from_slice(id.as_bytes());
                // At most INLINE (11) bytes.
                id.len() as u8
            }
            None => u8::MAX,
        };
        Slot {
            position,
            len,
            bytes,
        }
    }

    /// The id, when it is kept inline.
    fn inline(&self) -> Option<&str> {
        let bytes = self.bytes.get(..usize::from(self.len))?;
        // The bytes of a whole `&str`, so UTF-8.
        std::str::from_utf8(bytes).ok()
    }

    /// Whether the slot is `id`'s, reading the item only for a long id.
    fn is<'a>(&self, id: &str, id_at: &impl Fn(usize) -> &'a str) -> bool {
        match self.bytes.get(..usize::from(self.len)) {
            Some(inline) => inline == id.as_bytes(),
            None => id_at(self.position as usize) == id,
        }
    }
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
        if let Some(slot) = self.table.find(h, |slot| slot.is(id, &id_at)) {
            return Some(slot.position as usize);
        }
        // Positions index vectors of the dataset, which stays far below 2^32 items.
        let position = u32::try_from(position).expect("at most 2^32 items");
        self.table
            .insert_unique(h, Slot::new(id, position), |slot| {
                hash(
                    slot.inline()
                        .unwrap_or_else(|| id_at(slot.position as usize)),
                )
            });
        None
    }

    /// The position of `id`, reading item ids with `id_at`.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(usize) -> &'a str) -> Option<usize> {
        self.table
            .find(hash(id), |slot| slot.is(id, &id_at))
            .map(|slot| slot.position as usize)
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

    #[test]
    fn short_ids_kept_in_the_table_and_long_ones_read_from_the_items() {
        let ids: Vec<String> = (0..5000)
            .map(|i| match i % 4 {
                0 => format!("e{i}"),
                1 => format!("{i:0>11}"),
                2 => format!("{i:0>12}"),
                _ => format!("関東軍{i}"),
            })
            .collect();
        let index = IdIndex::new(ids.iter().map(String::as_str));
        let reads = std::cell::Cell::new(0);
        let at = |i: usize| {
            reads.set(reads.get() + 1);
            ids[i].as_str()
        };
        for (i, id) in ids.iter().enumerate() {
            assert_eq!(index.get(id, at), Some(i), "{id}");
            assert_eq!(index.get(&format!("{id}x"), at), None);
        }
        assert_eq!(index.get("", at), None);
        assert_eq!(index.get("00000000001", at), Some(1));
        // Only ids over 11 bytes (half of them) are read from the items when found.
        assert!(reads.get() <= 2 * 2500 + 100, "{} reads", reads.get());
    }
}
