//! Node-link JSON export: networkx, d3 and kgforge itself read it.
//!
//! # Wire format
//!
//! One JSON object, version 2:
//!
//! ```text
//! {
//!   "format": "kgforge",          always this string
//!   "version": 2,                 refused by the loader when different (both may be absent,
//!                                 as networkx writes a document back: a warning)
//!   "directed": true,             networkx node-link keys
//!   "multigraph": true,
//!   "graph": {
//!     "dataset": { id, title, description?, license?, base_iri, languages },
//!     "types": [ { id, label, parent?, class?, group?, description? } ],
//!     "predicates": [ { id, label, inverse?, domain?, range, property?, symmetric?, description? } ],
//!     "sources": [ { id, title, author?, publisher?, date?, url?, accessed?, language?, kind, note?, paragraphs? } ],
//!     "views"?: [ { id, title, description?, focus?, depth?, … } ]   as in TOML (docs/FORMAT.md)
//!     "units"?: [ { id, label, iri?, description? } ]
//!   },
//!   "nodes": [                    one per entity, in dataset order
//!     { "id", "type", "label": {lang: text}, "aliases"?, "description"?, "wikidata"?,
//!       "attributes"?,
//!       "statements": [           the entity's literal-valued statements
//!         { "id", "predicate", <value>, "qualifiers"?, "rank"?, "disputed"?, "note"?,
//!           "references" } ] }
//!   ],
//!   "edges": [                    one per entity-to-entity statement
//!     { "source": subject id, "target": object id, "key": statement id, "predicate",
//!       "qualifiers"?, "rank"?, "disputed"?, "note"?, "references" }
//!   ]
//! }
//! ```
//!
//! `<value>` is exactly one of `"quantity"`, `"decimal"`, `"date"`, `"span"`, `"text"`, with
//! the shapes of the TOML format (docs/FORMAT.md). Keys marked `?` are left out when empty;
//! `rank` is left out when `normal`; `references` is always there (`[]` when a statement cites
//! nothing). The JSON Schema is `exports/kgforge.schema.json`
//! ([`json_schema`]).
//!
//! networkx 3.6: `nx.node_link_graph(data)` (older versions: pass `edges="edges"`).

use std::io::{self, Write};

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::export::parallel;
pub use crate::format::json::{FORMAT_NAME, FORMAT_VERSION, json_schema};
use crate::graph::KnowledgeGraph;
use crate::model::{
    Entity, EntityType, Metadata, Predicate, Rank, Source, Statement, Unit, ValueView, View,
};

/// Writes a [`KnowledgeGraph`] as node-link JSON.
///
/// ```
/// use std::path::Path;
/// use kgforge::export::json::JsonExporter;
///
/// let report = kgforge::validate(kgforge::load(Path::new("data/manchuria-1945"))?, false);
/// let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("valid"));
/// let bytes = JsonExporter::new().export(&graph, Vec::new())?;
/// let doc: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
/// assert_eq!(doc["format"], "kgforge");
/// assert_eq!(doc["nodes"].as_array().unwrap().len(), graph.dataset().entities.len());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct JsonExporter {
    pretty: bool,
}

impl Default for JsonExporter {
    fn default() -> Self {
        JsonExporter { pretty: true }
    }
}

impl JsonExporter {
    /// An exporter that indents its output (readable diffs); see [`JsonExporter::with_pretty`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Indented (the default) or compact output.
    pub fn with_pretty(mut self, pretty: bool) -> Self {
        self.pretty = pretty;
        self
    }

    /// Writes the graph and returns the writer.
    ///
    /// # Errors
    /// I/O errors from the writer.
    ///
    /// # Complexity
    /// O(entities + statements); streams, holding no copy of the graph. Nodes and edges are
    /// serialized in chunks on two threads; the bytes are those of one serde_json writer.
    pub fn export<W: Write>(&self, graph: &KnowledgeGraph, mut writer: W) -> io::Result<W> {
        let layout = Layout {
            pretty: self.pretty,
        };
        // serde_json writes the document with empty `nodes` and `edges`; the two arrays are
        // then written in their place, element by element.
        let head = layout.to_vec(&DocumentView(graph))?;
        let head = head
            .strip_suffix(layout.empty_arrays())
            .ok_or_else(|| io::Error::other("the JSON document does not end as expected"))?;
        writer.write_all(head)?;
        let entities = &graph.dataset().entities;
        layout.array(&mut writer, "nodes", entities.len(), &|i, out| {
            layout.element(out, &node_view(graph, i))
        })?;
        writer.write_all(if self.pretty { b",\n  " } else { b"," })?;
        layout.array(&mut writer, "edges", graph.edge_count(), &|i, out| {
            layout.element(out, &StatementView::Edge(graph.edge_at(i).1))
        })?;
        writer.write_all(if self.pretty { b"\n}\n" } else { b"}\n" })?;
        Ok(writer)
    }
}

/// serde_json's layout of the document, pretty (two spaces a level) or compact, reproduced
/// for the arrays written outside it.
#[derive(Clone, Copy)]
struct Layout {
    pretty: bool,
}

impl Layout {
    fn to_vec<T: Serialize>(self, value: &T) -> serde_json::Result<Vec<u8>> {
        if self.pretty {
            serde_json::to_vec_pretty(value)
        } else {
            serde_json::to_vec(value)
        }
    }

    /// How the document written by [`DocumentView`] ends.
    fn empty_arrays(self) -> &'static [u8] {
        if self.pretty {
            b"\"nodes\": [],\n  \"edges\": []\n}"
        } else {
            b"\"nodes\":[],\"edges\":[]}"
        }
    }

    /// Appends `value` as an element of a top-level array. Pretty, that is serde_json's
    /// layout at depth 2: the value as written at depth 0 with four more spaces after every
    /// line break (JSON strings hold no raw line break).
    fn element<T: Serialize>(self, out: &mut Vec<u8>, value: &T) -> serde_json::Result<()> {
        if !self.pretty {
            return serde_json::to_writer(out, value);
        }
        out.extend_from_slice(b"\n    ");
        serde_json::to_writer_pretty(
            Indented {
                out,
                indent: b"    ",
            },
            value,
        )
    }

    /// Writes `"key": [ … ]` with elements `0..n` from `element`, built in chunks on two
    /// threads.
    fn array<W: Write>(
        self,
        writer: &mut W,
        key: &str,
        n: usize,
        element: &(dyn Fn(usize, &mut Vec<u8>) -> serde_json::Result<()> + Sync),
    ) -> io::Result<()> {
        let open = if self.pretty { "\": [" } else { "\":[" };
        writer.write_all(format!("\"{key}{open}").as_bytes())?;
        parallel::write_items(writer, n, &|i, out| {
            if i > 0 {
                out.push(b',');
            }
            Ok(element(i, out)?)
        })?;
        if self.pretty && n > 0 {
            writer.write_all(b"\n  ")?;
        }
        writer.write_all(b"]")
    }
}

/// A writer that puts `indent` after every line break: serde_json's pretty layout moved
/// deeper into a document, written as it is serialized (no copy of each element). JSON
/// strings hold no raw line break, so every one is serde_json's.
pub(crate) struct Indented<'a, W: Write> {
    pub(crate) out: &'a mut W,
    pub(crate) indent: &'a [u8],
}

impl<W: Write> Write for Indented<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        for line in buf.split_inclusive(|&b| b == b'\n') {
            self.out.write_all(line)?;
            if line.ends_with(b"\n") {
                self.out.write_all(self.indent)?;
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The node of entity `i`.
fn node_view(graph: &KnowledgeGraph, i: usize) -> NodeView<'_> {
    let entity = &graph.dataset().entities[i];
    NodeView {
        entity,
        statements: StatementsView(graph, i),
    }
}

/// The document with empty `nodes` and `edges`: what [`JsonExporter::export`] writes around.
struct DocumentView<'a>(&'a KnowledgeGraph);

impl Serialize for DocumentView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let d = self.0.dataset();
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("format", FORMAT_NAME)?;
        map.serialize_entry("version", &FORMAT_VERSION)?;
        map.serialize_entry("directed", &true)?;
        map.serialize_entry("multigraph", &true)?;
        map.serialize_entry(
            "graph",
            &GraphView {
                dataset: &d.meta,
                types: &d.types,
                predicates: &d.predicates,
                sources: &d.sources,
                views: &d.views,
                units: &d.units,
            },
        )?;
        map.serialize_entry("nodes", &[(); 0])?;
        map.serialize_entry("edges", &[(); 0])?;
        map.end()
    }
}

#[derive(Serialize)]
struct GraphView<'a> {
    dataset: &'a Metadata,
    types: &'a [EntityType],
    predicates: &'a [Predicate],
    sources: &'a [Source],
    #[serde(skip_serializing_if = "<[View]>::is_empty")]
    views: &'a [View],
    #[serde(skip_serializing_if = "<[Unit]>::is_empty")]
    units: &'a [Unit],
}

#[derive(Serialize)]
struct NodeView<'a> {
    #[serde(flatten)]
    entity: &'a Entity,
    statements: StatementsView<'a>,
}

/// The literal statements of the entity at a position.
struct StatementsView<'a>(&'a KnowledgeGraph, usize);

impl Serialize for StatementsView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .literal_statements_at(self.1)
                .map(StatementView::Literal),
        )
    }
}

/// A statement as a node's literal statement or as an edge: the same fields, with the
/// subject (and object) given by where it sits.
enum StatementView<'a> {
    Literal(&'a Statement),
    Edge(&'a Statement),
}

impl Serialize for StatementView<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        let st = match *self {
            StatementView::Literal(st) => {
                map.serialize_entry("id", &st.id())?;
                map.serialize_entry("predicate", &st.predicate)?;
                ValueView(&st.value).entry(&mut map)?;
                st
            }
            StatementView::Edge(st) => {
                map.serialize_entry("source", &st.subject)?;
                map.serialize_entry("target", &st.object())?;
                map.serialize_entry("key", &st.id())?;
                map.serialize_entry("predicate", &st.predicate)?;
                st
            }
        };
        if !st.qualifiers().is_empty() {
            map.serialize_entry("qualifiers", st.qualifiers())?;
        }
        if st.rank != Rank::Normal {
            map.serialize_entry("rank", &st.rank)?;
        }
        if let Some(d) = &st.disputed() {
            map.serialize_entry("disputed", d)?;
        }
        if let Some(n) = st.note() {
            map.serialize_entry("note", n)?;
        }
        // Always written, empty or not: a missing list means a damaged document.
        map.serialize_entry("references", &st.references())?;
        map.end()
    }
}
