//! Integration tests, built as one binary (one link step for all of them).

mod util;

mod cli;
mod dot;
mod json;
mod rdf;
mod validate;
