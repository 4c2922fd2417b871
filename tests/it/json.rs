//! Tests of json (to be filled).
