//! Benchmarks (divan): filled in below.
mod synth;
fn main() {}
