//! Tests of validate (to be filled).
