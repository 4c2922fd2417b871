//! Tests of cli (to be filled).
