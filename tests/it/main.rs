//! Integration tests, built as one binary (one link step for all of them).

mod util;

mod atomic;
mod cli;
mod corpus;
mod csv;
mod dataset;
mod determinism;
mod dot;
mod dot_syntax;
mod exports;
mod fuzz_regressions;
mod json;
mod pipeline;
mod properties;
mod query;
mod rdf;
mod validate;
