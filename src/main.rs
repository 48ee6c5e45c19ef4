//! The `claimgraph` command: parses arguments, calls the library, prints.

// Errors carry the source text so the CLI can show the offending line; they
// are built once per failed run, so their size costs nothing where it matters.
#![allow(clippy::result_large_err)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", miette::Report::new(err));
            ExitCode::from(1)
        }
    }
}
