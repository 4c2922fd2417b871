//! Where each loaded item came from: file and byte spans of its keys and values.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

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
    /// `[units.*]`
    Unit,
    /// `[entities.*]`
    Entity,
    /// `[[statements]]`
    Statement,
    /// `[views.*]`
    View,
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

    /// The tree at `path`, or the closest enclosing one when the path is not written out.
    pub(crate) fn locate(&self, path: &[&str]) -> &SpanTree {
        let mut tree = self;
        for key in path {
            match tree.child(key) {
                Some(t) => tree = t,
                None => break,
            }
        }
        tree
    }

    /// Renames a child (the JSON export's `source` is the model's `subject`).
    pub(crate) fn rename(&mut self, from: &str, to: &str) {
        if let Some((key, _)) = self.children.iter_mut().find(|(k, _)| &**k == from) {
            *key = to.into();
        }
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

/// The origins of every item, index-aligned with the dataset's vectors: read from TOML, JSON
/// (spans found by a second pass over the document) or CSV rows. Empty for datasets built in
/// memory (diagnostics then carry no location).
#[derive(Debug, Clone, Default)]
pub struct Origins {
    pub(crate) metadata: Option<ItemOrigin>,
    pub(crate) types: Vec<ItemOrigin>,
    pub(crate) predicates: Vec<ItemOrigin>,
    pub(crate) sources: Vec<ItemOrigin>,
    pub(crate) units: Vec<ItemOrigin>,
    pub(crate) entities: Vec<ItemOrigin>,
    pub(crate) statements: Vec<ItemOrigin>,
    pub(crate) views: Vec<ItemOrigin>,
    /// Items read from CSV rows (after every TOML item of their kind), stored compactly.
    pub(crate) csv: Vec<CsvOrigins>,
}

impl Origins {
    /// The origin of item `index` of `kind` (`index` is ignored for metadata). `None` for items
    /// read from CSV, whose origins are kept compactly; [`Origins::locate`] finds those too.
    pub fn get(&self, kind: ItemKind, index: usize) -> Option<&ItemOrigin> {
        match kind {
            ItemKind::Metadata => self.metadata.as_ref(),
            ItemKind::Type => self.types.get(index),
            ItemKind::Predicate => self.predicates.get(index),
            ItemKind::Source => self.sources.get(index),
            ItemKind::Unit => self.units.get(index),
            ItemKind::Entity => self.entities.get(index),
            ItemKind::Statement => self.statements.get(index),
            ItemKind::View => self.views.get(index),
        }
    }

    /// Where the value at `path` inside an item is written.
    pub fn locate(&self, kind: ItemKind, index: usize, path: &[&str]) -> Option<Location> {
        match self.get(kind, index) {
            Some(o) => Some(o.locate(path)),
            None => self.csv_item(kind, index).map(|(o, i)| o.locate(i, path)),
        }
    }

    /// Where an item's id is written.
    pub fn id_location(&self, kind: ItemKind, index: usize) -> Option<Location> {
        match self.get(kind, index) {
            Some(o) => Some(o.id_location()),
            None => self.csv_item(kind, index).map(|(o, i)| o.id_location(i)),
        }
    }

    /// Where the value at `path` is written, only when it is written out (not a default, not
    /// an empty CSV cell).
    pub(crate) fn locate_written(
        &self,
        kind: ItemKind,
        index: usize,
        path: &[&str],
    ) -> Option<Location> {
        match self.get(kind, index) {
            Some(o) => {
                let mut tree = &o.tree;
                for key in path {
                    tree = tree.child(key)?;
                }
                Some(Location {
                    file: o.file,
                    span: tree.span.clone(),
                })
            }
            None => {
                let (o, i) = self.csv_item(kind, index)?;
                o.locate_written(i, path)
            }
        }
    }

    /// The CSV rows an item was read from, with its position among them.
    pub(crate) fn csv_item(&self, kind: ItemKind, index: usize) -> Option<(&CsvOrigins, usize)> {
        self.csv
            .iter()
            .filter(|o| o.kind == kind && index >= o.first)
            .find(|o| index - o.first < o.len())
            .map(|o| (o, index - o.first))
    }
}

/// Where a run of items read from one CSV file came from: their rows (one byte offset each;
/// the cells are found again from the text when a diagnostic needs them), or, for names
/// declared from the data, the cell of each name's first use.
#[derive(Clone)]
pub(crate) struct CsvOrigins {
    pub(crate) kind: ItemKind,
    /// The index of the first item in its dataset vector.
    pub(crate) first: usize,
    pub(crate) file: FileId,
    pub(crate) text: Arc<String>,
    /// How the file separates and quotes its cells.
    pub(crate) dialect: super::csv::Dialect,
    pub(crate) place: CsvPlace,
    /// For rows copied out of their file (a streamed build's blocks and spills): where
    /// each piece of `text` starts in the file, so that locations point into the file.
    pub(crate) relocation: Option<Arc<Relocation>>,
}

/// Pieces of a text copied from a file: `(offset in the text, offset in the file)` of each
/// piece's start, in order; a piece runs to the next one.
#[derive(Debug, Default)]
pub(crate) struct Relocation(pub(crate) Vec<(usize, usize)>);

impl Relocation {
    /// The file offset of a text offset (spans never cross pieces: each piece is whole rows).
    pub(crate) fn to_file(&self, offset: usize) -> usize {
        let i = self.0.partition_point(|&(text, _)| text <= offset);
        match i.checked_sub(1).map(|i| self.0[i]) {
            Some((text, file)) => file + (offset - text),
            None => offset,
        }
    }
}

#[derive(Clone)]
pub(crate) enum CsvPlace {
    /// One row per item: the item path each column holds, and each row's start.
    Rows {
        columns: Vec<Vec<Box<str>>>,
        /// The column holding the item's id, if any.
        id_column: Option<usize>,
        rows: Vec<u32>,
        /// The item paths whose value is the same for every row, given in a mapping file
        /// (`predicate = { value = "linked_to" }`), with where the mapping gives it.
        fixed: Vec<(Vec<Box<str>>, Location)>,
    },
    /// One cell per item.
    Cells(Vec<Range<usize>>),
}

impl fmt::Debug for CsvOrigins {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CsvOrigins")
            .field("kind", &self.kind)
            .field("first", &self.first)
            .field("file", &self.file)
            .field("items", &self.len())
            .finish()
    }
}

impl CsvOrigins {
    pub(crate) fn len(&self) -> usize {
        match &self.place {
            CsvPlace::Rows { rows, .. } => rows.len(),
            CsvPlace::Cells(cells) => cells.len(),
        }
    }

    fn at(&self, span: Range<usize>) -> Location {
        let span = match &self.relocation {
            // The end with the start's piece: an empty span at a piece's end stays in it.
            Some(r) => {
                let start = r.to_file(span.start);
                start..start + span.len()
            }
            None => span,
        };
        Location {
            file: self.file,
            span,
        }
    }

    /// The column holding `path`: the one whose path is the longest prefix of it, else the
    /// first one inside it.
    fn column(columns: &[Vec<Box<str>>], path: &[&str]) -> Option<usize> {
        let prefix = |c: &Vec<Box<str>>| {
            c.len() <= path.len() && c.iter().zip(path).all(|(a, b)| &**a == *b)
        };
        columns
            .iter()
            .enumerate()
            .filter(|(_, c)| prefix(c))
            .max_by_key(|(i, c)| (c.len(), std::cmp::Reverse(*i)))
            .map(|(i, _)| i)
            .or_else(|| {
                columns.iter().position(|c| {
                    c.len() > path.len() && c.iter().zip(path).all(|(a, b)| &**a == *b)
                })
            })
    }

    /// The group of source columns that reference `j` of a row was read from: a row makes
    /// one reference per *filled* `source` column, so with an empty first `source`, reference
    /// 0 comes from the second group.
    fn reference_group(
        &self,
        columns: &[Vec<Box<str>>],
        cells: &[Range<usize>],
        j: usize,
    ) -> Option<String> {
        let filled = |c: usize| {
            cells
                .get(c)
                .is_some_and(|span| !self.dialect.unquote(&self.text[span.clone()]).is_empty())
        };
        columns
            .iter()
            .enumerate()
            .filter(|(c, path)| {
                path.len() == 3 && &*path[0] == "references" && &*path[2] == "source" && filled(*c)
            })
            .nth(j)
            .map(|(_, path)| path[1].to_string())
    }

    /// `path` with a reference index turned into the column group it was read from.
    fn row_path<'p>(
        &self,
        columns: &[Vec<Box<str>>],
        cells: &[Range<usize>],
        path: &[&'p str],
        group: &'p mut String,
    ) -> Vec<&'p str> {
        let mut path = path.to_vec();
        if let ["references", j, ..] = path[..]
            && let Some(g) = j
                .parse()
                .ok()
                .and_then(|j| self.reference_group(columns, cells, j))
        {
            *group = g;
            path[1] = group.as_str();
        }
        path
    }

    /// Where the mapping file gives the value at `path` for every row, if it does.
    fn fixed<'f>(fixed: &'f [(Vec<Box<str>>, Location)], path: &[&str]) -> Option<&'f Location> {
        fixed
            .iter()
            .find(|(p, _)| p.len() <= path.len() && p.iter().zip(path).all(|(a, b)| &**a == *b))
            .map(|(_, at)| at)
    }

    fn locate(&self, item: usize, path: &[&str]) -> Location {
        match &self.place {
            CsvPlace::Rows { fixed, .. } if Self::fixed(fixed, path).is_some() => {
                Self::fixed(fixed, path)
                    .cloned()
                    .unwrap_or_else(|| self.at(0..0))
            }
            CsvPlace::Rows { columns, rows, .. } => {
                let start = rows[item] as usize;
                let cells = super::csv::cell_spans_in(&self.text, start, self.dialect);
                let mut group = String::new();
                let path = &self.row_path(columns, &cells, path, &mut group)[..];
                let span = Self::column(columns, path)
                    .and_then(|c| cells.get(c).cloned())
                    .unwrap_or_else(|| row_span(&cells, start));
                self.at(span)
            }
            CsvPlace::Cells(cells) => self.at(cells[item].clone()),
        }
    }

    fn locate_written(&self, item: usize, path: &[&str]) -> Option<Location> {
        match &self.place {
            CsvPlace::Rows { fixed, .. } if Self::fixed(fixed, path).is_some() => {
                Self::fixed(fixed, path).cloned()
            }
            CsvPlace::Rows { columns, rows, .. } => {
                let cells =
                    super::csv::cell_spans_in(&self.text, rows[item] as usize, self.dialect);
                let mut group = String::new();
                let path = &self.row_path(columns, &cells, path, &mut group)[..];
                let c = Self::column(columns, path).filter(|&c| columns[c].len() == path.len())?;
                let span = cells.get(c).cloned().filter(|s| !s.is_empty())?;
                Some(self.at(span))
            }
            CsvPlace::Cells(cells) => Some(self.at(cells[item].clone())),
        }
    }

    fn id_location(&self, item: usize) -> Location {
        match &self.place {
            CsvPlace::Rows {
                id_column, rows, ..
            } => {
                let start = rows[item] as usize;
                let cells = super::csv::cell_spans_in(&self.text, start, self.dialect);
                let span = id_column
                    .and_then(|c| cells.get(c).cloned())
                    .unwrap_or_else(|| row_span(&cells, start));
                self.at(span)
            }
            CsvPlace::Cells(cells) => self.at(cells[item].clone()),
        }
    }
}

/// The span of a whole row from its cells: from the first cell, since the recorded start
/// may be the line break before the row (CRLF, blank lines).
fn row_span(cells: &[Range<usize>], start: usize) -> Range<usize> {
    match (cells.first(), cells.last()) {
        (Some(first), Some(last)) => first.start..last.end,
        _ => start..start,
    }
}
