//! The writer lock on a graph and the load-change-save cycle writers run
//! under it. Readers need no lock because a rename never exposes a
//! half-written file.

use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::GraphData;
use super::file::{load, save};
use super::verify::structure;

/// An exclusive lock on a graph, held until dropped. Only writers take it.
#[derive(Debug)]
pub struct GraphLock {
    _file: File,
    path: PathBuf,
}

impl GraphLock {
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The lock file of a graph: `<graph>.lock` beside it. It is left in place
/// after use; removing it would let a waiting writer lock a deleted inode.
pub fn lock_path(graph: &Path) -> PathBuf {
    let mut name = graph.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".lock");
    graph.with_file_name(name)
}

/// Takes the graph's exclusive writer lock, calling `on_wait` first if
/// another process holds it.
pub fn lock(graph: &Path, on_wait: impl FnOnce()) -> Result<GraphLock> {
    let path = lock_path(graph);
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(std::fs::TryLockError::WouldBlock) => {
            on_wait();
            file.lock().map_err(|e| Error::io(&path, e))?;
        }
        Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
    }
    Ok(GraphLock { _file: file, path })
}

/// Locks the graph, loads it, lets `f` change it and saves it: the
/// load-change-save cycle every writer must use so that concurrent writers
/// never lose each other's work. Nothing is written if `f` fails.
pub fn update<T>(path: &Path, on_wait: impl FnOnce(), f: impl FnOnce(&mut GraphData) -> Result<T>) -> Result<T> {
    update_if_changed(path, on_wait, |g| f(g).map(|out| (out, true)))
}

/// Like [`update`], but `f` also says whether it changed the graph; nothing
/// is written when it did not (a re-ingest of unchanged articles costs a
/// load, not a rewrite).
pub fn update_if_changed<T>(
    path: &Path,
    on_wait: impl FnOnce(),
    f: impl FnOnce(&mut GraphData) -> Result<(T, bool)>,
) -> Result<T> {
    let _lock = lock(path, on_wait)?;
    let mut graph = load(path)?;
    let (out, changed) = f(&mut graph)?;
    if changed || !path.exists() {
        save(path, &graph)?;
    }
    Ok(out)
}

/// Like [`update_if_changed`], but the graph must be sound first: its
/// checksum, syntax and parts (checked by [`load`]) and its
/// cross-references (see [`structure`]). A damaged graph is refused, or,
/// with `repair`, copied aside to `<graph>.damaged` and replaced by an empty
/// graph for `f` to fill. Nothing is created when `f` changes nothing.
pub fn update_checked<T>(
    path: &Path,
    on_wait: impl FnOnce(),
    repair: bool,
    f: impl FnOnce(&mut GraphData) -> Result<(T, bool)>,
) -> Result<T> {
    let _lock = lock(path, on_wait)?;
    let loaded = load(path).and_then(|g| {
        let problems = structure(&g);
        if problems.is_empty() {
            Ok(g)
        } else {
            Err(Error::GraphDamaged { path: path.to_path_buf(), problems })
        }
    });
    let (mut graph, repaired) = match loaded {
        Ok(g) => (g, false),
        Err(e) if repair && e.is_graph_damage() => {
            let mut aside = path.as_os_str().to_os_string();
            aside.push(".damaged");
            std::fs::copy(path, &aside).map_err(|e| Error::io(path, e))?;
            (GraphData::new(), true)
        }
        Err(e) => return Err(e),
    };
    let (out, changed) = f(&mut graph)?;
    if changed || (repaired && path.exists()) {
        save(path, &graph)?;
    }
    Ok(out)
}
