//! Tests of rdf (to be filled).
