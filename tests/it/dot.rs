//! Tests of dot (to be filled).
