//! The corrections file beside a graph: `<graph>.corrections.ron`, pretty
//! RON in time order, written atomically under a lock of its own, so a
//! reviewer's write never waits for an ingest and the reverse.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::model::{CORRECTIONS_FORMAT, Correction, Corrections};
use super::io::write_atomic;
use super::lock::lock;

/// Where the corrections of the graph at `graph` live.
pub fn corrections_path(graph: &Path) -> PathBuf {
    let mut name = graph.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".corrections.ron");
    graph.with_file_name(name)
}

/// Parses a corrections file; damage is located like a graph's.
pub fn parse_corrections(path: &Path, text: &str) -> Result<Corrections> {
    match ron::Options::default().from_str::<Corrections>(text) {
        Ok(c) if c.format == CORRECTIONS_FORMAT => {
            let mut c = c;
            c.sort();
            Ok(c)
        }
        Ok(c) => Err(Error::GraphFormat { path: path.to_path_buf(), found: c.format, expected: CORRECTIONS_FORMAT }),
        Err(e) => Err(crate::rules::ron_error(path, text, &e, |path, pos, message, src, at| Error::GraphSyntax {
            path,
            pos,
            message,
            src,
            at,
        })),
    }
}

/// Reads a corrections file; a missing file holds none.
pub fn load_corrections(path: &Path) -> Result<Corrections> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_corrections(path, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Corrections::default()),
        Err(e) => Err(Error::io(path, e)),
    }
}

/// The corrections as the file holds them.
pub fn corrections_to_ron(c: &Corrections) -> Result<String> {
    let config = ron::ser::PrettyConfig::new().struct_names(false).indentor("  ").depth_limit(4);
    let mut text =
        ron::ser::to_string_pretty(c, config).map_err(|e| Error::Usage(format!("cannot serialize corrections: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Writes the whole file atomically; the caller holds the lock.
pub fn save_corrections(path: &Path, c: &Corrections) -> Result<()> {
    write_atomic(path, corrections_to_ron(c)?.as_bytes())
}

/// Changes the file under its lock: read, `f`, write. Two reviewers
/// saving at once both land, one after the other.
pub fn update_corrections<T>(path: &Path, f: impl FnOnce(&mut Corrections) -> T) -> Result<T> {
    let _lock = lock(path, || {})?;
    let mut c = load_corrections(path)?;
    let out = f(&mut c);
    c.sort();
    save_corrections(path, &c)?;
    Ok(out)
}

/// Appends one correction (see [`update_corrections`]).
pub fn record_correction(path: &Path, correction: Correction) -> Result<()> {
    update_corrections(path, |c| c.corrections.push(correction))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Target};

    #[test]
    fn recorded_corrections_round_trip_and_hostile_text_survives() {
        let dir = tempfile::tempdir().unwrap();
        let path = corrections_path(&dir.path().join("g.ron"));
        assert!(path.ends_with("g.ron.corrections.ron"));
        assert_eq!(load_corrections(&path).unwrap(), Corrections::default());
        let c = Correction {
            who: "Zoë \"Z\" <b>".into(),
            when: "2026-03-01T10:00:00Z".into(),
            target: Target::Actor { name: "J. \u{202e}Doe\\".into() },
            action: Action::Merge { into: "Jane Doe".into() },
            why: "same\nperson".into(),
        };
        record_correction(&path, c.clone()).unwrap();
        record_correction(&path, Correction { when: "2026-02-01T00:00:00Z".into(), ..c.clone() }).unwrap();
        let back = load_corrections(&path).unwrap();
        assert_eq!(back.corrections.len(), 2);
        // Time order, whatever order they were written in.
        assert_eq!(back.corrections[1], c);
    }

    #[test]
    fn a_damaged_corrections_file_is_a_located_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.ron");
        std::fs::write(&path, "(format: 1, corrections: [ (who: \"a\" ]").unwrap();
        let err = load_corrections(&path).unwrap_err();
        assert!(matches!(err, Error::GraphSyntax { .. }), "{err:?}");
    }
}
