//! `claimgraph index`, and the query index as the query commands open it:
//! built on first use and whenever the graph has changed since, or not at
//! all with `CLAIMGRAPH_INDEX=off` (the queries then read the graph).

use std::path::Path;
use std::process::ExitCode;

use claimgraph::Result;
use claimgraph::query::overlay::CorrectedRecords;
use claimgraph::store::{self, index::Index};

use super::IndexArgs;
use super::output::{info, note};
use super::suggest::require_graph;

/// Environment variable that turns the query index off when set to `off`.
pub const INDEX_ENV: &str = "CLAIMGRAPH_INDEX";

pub fn run(a: IndexArgs) -> Result<ExitCode> {
    let path = &a.graph.graph;
    require_graph(path)?;
    let index = if a.rebuild {
        let _lock = store::lock(path, || note(&format!("waiting for another process writing {} ...", path.display())))?;
        let data = store::load_existing(path)?;
        store::index::rebuild(path, &data)?;
        drop(_lock);
        store::open_index(path, || {}, store::load_existing)?
    } else {
        store::open_index(path, || note(&format!("waiting for another process writing {} ...", path.display())), store::load_existing)?
    };
    println!("{}", store::index::index_path(path).display());
    for (table, n) in store::index::table_counts(&index)? {
        println!("{table:>20}  {n}");
    }
    Ok(ExitCode::SUCCESS)
}

/// The graph's index, brought up to date, for a query; `None` when turned
/// off or when it cannot be built here (a read-only folder, say): the
/// query then reads the graph itself, which gives the same answer. The
/// index holds the machine's speakers and stances: with reviewers'
/// corrections beside the graph, read its views with [`overlay`].
pub fn for_query(path: &Path) -> Option<Index> {
    if std::env::var(INDEX_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("off")) {
        return None;
    }
    let waiting = || note(&format!("waiting for another process writing {} ...", path.display()));
    match store::open_index(path, waiting, store::load_existing) {
        Ok(i) => Some(i),
        Err(e) => {
            info(&format!("query index not used: {e}"));
            None
        }
    }
}

/// The corrections beside the graph laid over `index` (the occurrences
/// they may change, read and corrected), or `None` when there are none.
pub fn overlay(path: &Path, index: &Index) -> Result<Option<CorrectedRecords>> {
    let file = store::corrections_path(path);
    if !file.exists() {
        return Ok(None);
    }
    let corrections = store::load_corrections(&file)?;
    Ok(Some(CorrectedRecords::build(index, &corrections)?))
}
