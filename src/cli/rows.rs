//! The row cap every listing query shares: `--limit N` and `--all`, a
//! default that a terminal can show, and a line on stderr whenever rows
//! were left out. The line is printed even under `--quiet`: a cut answer
//! must never pass for the whole one (stdout, JSON included, holds only
//! the rows, so it stays valid).

use clap::Args;

use claimgraph::query::limit::Capped;

/// Rows a listing query prints unless told otherwise: far more than any
/// small graph gives (the seeds give a few dozen), few enough to print
/// in a blink from a graph of 100k articles.
pub const DEFAULT_ROWS: usize = 1000;

#[derive(Debug, Args, Clone)]
pub struct RowLimit {
    /// Print at most N rows, the newest (by the evidence they cite), in
    /// the order of the whole answer; 0 prints all.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_ROWS)]
    pub limit: usize,
    /// Print every row (the same as --limit 0).
    #[arg(long, conflicts_with = "limit")]
    pub all: bool,
}

impl RowLimit {
    /// The cap, or `None` for all rows.
    pub fn cap(&self) -> Option<usize> {
        (!self.all && self.limit > 0).then_some(self.limit)
    }
}

/// Says on stderr what a cap left out, if anything: how many of how many
/// `what` were shown, which ones, and the flags that show more.
pub fn say_left_out<T>(capped: &Capped<T>, what: &str, which: &str, flag: &str) {
    if capped.left_out() > 0 {
        eprintln!(
            "claimgraph: showing {which} {} of {} {what}; {flag} N shows more, --all shows all",
            capped.rows.len(),
            capped.total
        );
    }
}
