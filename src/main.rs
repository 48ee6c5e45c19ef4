//! The `claimgraph` command: parses arguments, calls the library, prints.

// Errors carry the source text so the CLI can show the offending line; they
// are built once per failed run, so their size costs nothing where it matters.
#![allow(clippy::result_large_err)]

mod cli;

use std::process::ExitCode;

use clap::Parser;

// glibc's malloc cost a tenth of extraction time in profiles (many small
// strings and vectors per article) and contends between rayon's threads.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    restore_sigpipe();
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("{:?}", report(err));
            ExitCode::from(1)
        }
    }
}

/// A file error's message already ends with its cause ("x.ron: No such
/// file or directory"); miette would print that cause a second time below.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(claimgraph::io))]
struct FileError {
    message: String,
    #[help]
    help: Option<String>,
}

fn report(err: claimgraph::Error) -> miette::Report {
    match err {
        claimgraph::Error::Io { path, source } => {
            let help = (source.kind() == std::io::ErrorKind::NotFound && path.is_relative())
                .then(|| match std::env::current_dir() {
                    Ok(cwd) => format!("relative paths are read from the current folder, {}", cwd.display()),
                    Err(_) => "relative paths are read from the current folder".to_string(),
                });
            miette::Report::new(FileError { message: format!("{}: {source}", path.display()), help })
        }
        other => miette::Report::new(other),
    }
}

/// Rust ignores SIGPIPE, so printing into a closed pipe (`claimgraph
/// positions | head`) panics in `println!`. A command-line tool should end
/// quietly there, as `cat` does: let the signal end the process.
fn restore_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread exists; setting
    // a signal's disposition to its default has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
