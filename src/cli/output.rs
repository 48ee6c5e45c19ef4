//! How the CLI speaks: verbosity, exit codes, JSON and output files.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU8, Ordering};

use serde::Serialize;

use claimgraph::{Error, Result, store};

/// Wrong usage: an unknown flag (clap's own code), or an `--actor` or
/// `--topic` the graph does not know.
pub const EXIT_USAGE: u8 = 2;
/// A query ran fine and matched nothing (as `grep` does, so scripts can
/// tell "nothing" from "something").
pub const EXIT_NO_MATCH: u8 = 4;

const QUIET: u8 = 0;
const NORMAL: u8 = 1;
const VERBOSE: u8 = 2;

static VERBOSITY: AtomicU8 = AtomicU8::new(NORMAL);

pub fn set_verbosity(quiet: bool, verbose: bool) {
    let level = if quiet {
        QUIET
    } else if verbose {
        VERBOSE
    } else {
        NORMAL
    };
    VERBOSITY.store(level, Ordering::Relaxed);
}

pub fn quiet() -> bool {
    VERBOSITY.load(Ordering::Relaxed) == QUIET
}

/// A notice on stderr, unless `--quiet`.
pub fn note(message: &str) {
    if !quiet() {
        eprintln!("claimgraph: {message}");
    }
}

/// A detail on stderr, only with `--verbose`.
pub fn info(message: &str) {
    if VERBOSITY.load(Ordering::Relaxed) == VERBOSE {
        eprintln!("claimgraph: {message}");
    }
}

/// "Nothing matched": said on stderr (so `--json` output stays valid), and
/// the exit code scripts test.
pub fn no_match(message: &str) -> ExitCode {
    note(message);
    ExitCode::from(EXIT_NO_MATCH)
}

/// A usage problem found after parsing (an unknown actor, say): the message
/// on stderr and exit code 2, like clap's own usage errors.
pub fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(EXIT_USAGE)
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Streamed: an answer over a large graph runs to tens of megabytes,
    // which need not be held whole before the first byte goes out.
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = serde_json::to_writer_pretty(&mut out, value)
        .map_err(std::io::Error::from)
        .and_then(|()| writeln!(out))
        .and_then(|()| out.flush());
    match written {
        // A reader that stopped early (`| head`) wanted no more.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::io(Path::new("<stdout>"), e)),
    }
}

/// Whether `path` means standard output.
pub fn is_stdout(path: &Path) -> bool {
    path == Path::new("-")
}

/// Writes `bytes` to `path` (atomically), or to standard output for `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = if is_stdout(path) { Path::new("<stdout>") } else { path };
    write_output_with(path, |w| w.write_all(bytes).map_err(|e| Error::io(name, e)))
}

/// [`write_output`] for output written piece by piece: `fill` writes into
/// standard output for `-`, else into a temp file that replaces `path`
/// only when complete.
pub fn write_output_with(path: &Path, fill: impl FnOnce(&mut dyn Write) -> Result<()>) -> Result<()> {
    if is_stdout(path) {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        fill(&mut out)?;
        return out.flush().map_err(|e| Error::io("<stdout>", e));
    }
    store::write_atomic_with(path, fill)?;
    info(&format!("wrote {}", path.display()));
    Ok(())
}
