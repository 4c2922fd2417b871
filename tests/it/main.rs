//! Integration tests, built as one binary (one link step for all of them).

mod util;

/// The round-trip fuzz target's dataset generator, shared by the property tests and the fuzz
/// regressions so all three build datasets the same way.
#[path = "../../fuzz/src/arb.rs"]
mod arb;

mod atomic;
mod bounded;
mod cli;
mod cli16;
mod corpus;
mod csv;
mod dataset;
mod determinism;
mod diff;
mod dot;
mod dot_syntax;
mod exports;
mod fuzz_regressions;
mod ids;
mod import;
mod json;
mod mapped;
#[cfg(feature = "parquet")]
mod parquet;
mod pipeline;
mod pipes;
mod properties;
mod query;
mod rdf;
mod readers;
mod shards;
mod stream;
mod toml_writer;
mod validate;
mod views;
mod writes;
