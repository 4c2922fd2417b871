//! What each format is: its constants, vocabulary and schema, shared by its reader and its
//! writer.
//!
//! `export` (the writers) and `load` (the readers) both depend on this module and never on each
//! other: [`json`] holds the node-link JSON's name, version and JSON Schema; [`rdf`] the RDF
//! vocabulary and IRI scheme; [`parquet`] the Parquet tables' names and Arrow schemas.

pub mod json;
pub mod parquet;
pub mod rdf;
