//! kgforge builds knowledge graphs from curated, sourced statements and exports them as
//! Graphviz DOT, JSON and RDF.
//!
//! The data flows one way: [`load()`] reads a dataset directory into a [`Dataset`] and its
//! diagnostics; [`validate()`] checks it against its schema and hands back a [`ValidDataset`]
//! only when it has no error; [`KnowledgeGraph`] indexes that as a petgraph graph, which the
//! exporters and queries read. [`import()`] reads RDF or Wikidata's entity JSON into the same
//! [`Loaded`] (with a summary of what it inferred), and [`export::toml`] writes any dataset
//! back as TOML files.
//!
//! ```
//! use std::path::Path;
//!
//! let loaded = kgforge::load(Path::new("data/manchuria-1945"))?;
//! let report = kgforge::validate(loaded, false);
//! let graph = kgforge::KnowledgeGraph::new(report.dataset.expect("the default dataset is valid"));
//! let kwantung = graph.entity("kwantung_army").expect("in the dataset");
//! assert_eq!(kwantung.label["en"], "Kwantung Army");
//! # Ok::<(), kgforge::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![doc(test(attr(deny(warnings))))]
// The JSON Schema of the node-link format is one `serde_json::json!` literal (format/json.rs),
// deeper than the macro's default recursion limit allows.
#![recursion_limit = "256"]

mod diag;
pub mod diff;
pub mod edit;
mod error;
pub mod export;
pub mod format;
mod graph;
mod load;
mod model;
pub mod query;
pub mod stream;
mod threads;
mod validate;

pub use diag::{Code, Diagnostic, Diagnostics, FileId, Location, Severity, SourceFiles};
pub use error::{Error, Result};
pub use graph::{EntityGraph, KnowledgeGraph, Stats};
pub use load::{
    ImportFormat, ImportOptions, ImportSummary, Imported, ItemKind, ItemOrigin, Loaded,
    MAX_FILE_BYTES, MAX_FILES, Origins, Skipped, import, import_from, load, load_bytes,
    load_counting,
};
pub use model::{
    Bound, Dataset, Date, DateError, Engine, Entity, EntityType, LangMap, Legend, LiteralKind,
    Metadata, Precision, Predicate, Qualifiers, Quantity, Range, Rank, RankDir, Reference, Scalar,
    Source, SourceKind, Span, Statement, Text, Unit, Value, View, ViewDirection,
    dataset_id_from_name, derive_statement_id,
};
pub use validate::{MAX_NAME_CHARS, MAX_TEXT_CHARS, Report, ValidDataset, validate};

/// The string type of entity ids, types and statement subjects and predicates: immutable,
/// inline up to 23 bytes (no allocation for the ids of a bulk dataset), and a `&str` by
/// `Deref`. Re-exported so that callers need not depend on `smol_str` themselves.
pub use smol_str::SmolStr;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
