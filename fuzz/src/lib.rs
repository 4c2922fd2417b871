//! Support for kgforge's fuzz targets: a builder of random valid datasets ([`arb`]), and the
//! checks every target runs ([`pipeline`], shared with `cargo test` in the main crate, and
//! [`dot_syntax`], the DOT syntax check).

pub mod arb;

#[path = "../../tests/it/dot_syntax.rs"]
pub mod dot_syntax;

#[path = "../../tests/it/pipeline.rs"]
pub mod pipeline;
