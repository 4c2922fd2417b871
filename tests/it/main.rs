//! Integration tests, built as one binary (one link step for all of them).

mod util;

mod cli;
mod dataset;
mod dot;
mod exports;
mod json;
mod query;
mod rdf;
mod validate;
