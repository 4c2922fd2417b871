//! Where each loaded item came from: file and byte spans of its keys and values.

use std::ops::Range;

use crate::diag::{FileId, Location};

/// The kinds of item a dataset holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    /// `[dataset]`
    Metadata,
    /// `[types.*]`
    Type,
    /// `[predicates.*]`
    Predicate,
    /// `[sources.*]`
    Source,
    /// `[entities.*]`
    Entity,
    /// `[[statements]]`
    Statement,
}

/// Spans of a value and of everything nested in it, by key (array elements by index).
#[derive(Debug, Clone, Default)]
pub(crate) struct SpanTree {
    pub(crate) span: Range<usize>,
    pub(crate) children: Vec<(Box<str>, SpanTree)>,
}

impl SpanTree {
    fn child(&self, key: &str) -> Option<&SpanTree> {
        self.children
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, t)| t)
    }
}

/// Where one item was read: its file, the span of its id, and the spans inside it.
#[derive(Debug, Clone)]
pub struct ItemOrigin {
    pub(crate) file: FileId,
    /// The table key that names the item, or the whole item for `[[statements]]`.
    pub(crate) id_span: Range<usize>,
    pub(crate) tree: SpanTree,
}

impl ItemOrigin {
    /// Where the item's id is written.
    pub fn id_location(&self) -> Location {
        Location {
            file: self.file,
            span: self.id_span.clone(),
        }
    }

    /// Where the value at `path` is written (`["references", "0", "source"]`); the closest
    /// enclosing value when the path is not written out (a default).
    pub fn locate(&self, path: &[&str]) -> Location {
        let mut tree = &self.tree;
        for key in path {
            match tree.child(key) {
                Some(t) => tree = t,
                None => break,
            }
        }
        Location {
            file: self.file,
            span: tree.span.clone(),
        }
    }
}

/// The origins of every item, index-aligned with the dataset's vectors. Empty for datasets
/// that were not read from TOML (diagnostics then carry no location).
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub(crate) metadata: Option<ItemOrigin>,
    pub(crate) types: Vec<ItemOrigin>,
    pub(crate) predicates: Vec<ItemOrigin>,
    pub(crate) sources: Vec<ItemOrigin>,
    pub(crate) entities: Vec<ItemOrigin>,
    pub(crate) statements: Vec<ItemOrigin>,
}

impl Origins {
    /// The origin of item `index` of `kind` (`index` is ignored for metadata).
    pub fn get(&self, kind: ItemKind, index: usize) -> Option<&ItemOrigin> {
        match kind {
            ItemKind::Metadata => self.metadata.as_ref(),
            ItemKind::Type => self.types.get(index),
            ItemKind::Predicate => self.predicates.get(index),
            ItemKind::Source => self.sources.get(index),
            ItemKind::Entity => self.entities.get(index),
            ItemKind::Statement => self.statements.get(index),
        }
    }

    /// Where the value at `path` inside an item is written.
    pub fn locate(&self, kind: ItemKind, index: usize, path: &[&str]) -> Option<Location> {
        self.get(kind, index).map(|o| o.locate(path))
    }

    /// Where an item's id is written.
    pub fn id_location(&self, kind: ItemKind, index: usize) -> Option<Location> {
        self.get(kind, index).map(ItemOrigin::id_location)
    }
}
