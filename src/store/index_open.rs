//! Opening the query index for a reader, rebuilding it first when it is
//! missing or stale (see [`super::index`]).

use std::path::Path;

use crate::error::Result;
use crate::model::GraphData;
use super::index::{Index, index_error, index_path, open_fresh, rebuild};

/// The graph's index, rebuilt first (under the writer lock, from the graph
/// as stored) when it is missing or stale. `load` reads the whole graph.
pub fn open_or_rebuild(graph: &Path, on_wait: impl FnOnce(), load: impl FnOnce(&Path) -> Result<GraphData>) -> Result<Index> {
    if let Some(i) = open_fresh(graph)? {
        return Ok(i);
    }
    let _lock = super::lock::lock(graph, on_wait)?;
    // Another process may have rebuilt it while we waited.
    if let Some(i) = open_fresh(graph)? {
        return Ok(i);
    }
    let data = load(graph)?;
    rebuild(graph, &data)?;
    open_fresh(graph)?.ok_or_else(|| index_error(&index_path(graph), "the graph changed while its index was built"))
}

