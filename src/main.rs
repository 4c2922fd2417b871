//! The `kgforge` command line.
#![forbid(unsafe_code)]
// Printing goes through `cli::console`, which never panics on a closed pipe or a full disk.
#![deny(clippy::print_stdout, clippy::print_stderr, clippy::dbg_macro)]

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
