//! The graph store: every article, actor, statement and stance, merged
//! across ingests.
//!
//! Two layouts share one path (see [`Layout`]). A small graph is one pretty
//! RON file (format 1), written whole, atomically (temp file in the same
//! directory, fsync, rename), sorted so the same content always gives the
//! same bytes. A large graph is a RON manifest (format 2) at that path and
//! content-addressed binary parts in `<graph>.d/` (see [`split`]), so a
//! save rewrites only the parts that changed and a query on one topic reads
//! one part. Writers serialise on a sibling lock file (`<graph>.lock`);
//! readers need no lock because a rename never exposes a half-written file.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::Path;

use serde::Deserialize;

use crate::error::{Error, Result, located};
use super::io::write_atomic;
use super::checksum::require_seal;
pub use super::checksum::{Seal, check_seal, seal};

pub use super::split::SPLIT_FORMAT_VERSION;
pub use super::snapshot::{RuleSnapshot, rules_hash};
pub use crate::model::{FORMAT_VERSION, GraphData, TopicInfo, content_hash, stance_id, statement_id};

/// A graph with more articles than this is saved in the split layout.
pub const SPLIT_THRESHOLD: usize = 2_000;

/// How a graph is laid out on disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// One pretty RON file: readable and diffable, for small graphs.
    Single,
    /// A RON manifest plus binary parts in `<graph>.d/`, for large graphs.
    Split,
}

/// Parses a graph file's text. Damage is reported with file, line and
/// column; a file from another format version says so; a file whose
/// checksum does not match its content is refused.
pub fn parse(path: &Path, text: &str) -> Result<GraphData> {
    let graph = parse_unchecked(path, text)?;
    require_seal(path, text)?;
    Ok(graph)
}

/// [`parse`] without the checksum, for `verify`, which reports it along
/// with everything else that is wrong.
pub fn parse_unchecked(path: &Path, text: &str) -> Result<GraphData> {
    match ron::Options::default().from_str::<GraphData>(text) {
        Ok(g) if g.format == FORMAT_VERSION => Ok(g),
        Ok(g) => Err(Error::GraphFormat {
            path: path.to_path_buf(),
            found: g.format,
            expected: FORMAT_VERSION,
        }),
        Err(e) => {
            // A file of another version may fail on fields we do not know;
            // if its version is readable, that is the better message.
            #[derive(Deserialize)]
            struct Probe {
                format: u32,
            }
            if let Ok(p) = ron::from_str::<Probe>(text)
                && p.format != FORMAT_VERSION
            {
                return Err(Error::GraphFormat {
                    path: path.to_path_buf(),
                    found: p.format,
                    expected: FORMAT_VERSION,
                });
            }
            Err(crate::rules::ron_error(
                path,
                text,
                &e,
                |path, pos, message, src, at| Error::GraphSyntax {
                    path,
                    pos,
                    message,
                    src,
                    at,
                },
            ))
        }
    }
}

/// Loads the graph at `path`; a missing file is an empty graph.
pub fn load(path: &Path) -> Result<GraphData> {
    match load_with(path, super::split::Want::Everything) {
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound && !path.exists() => {
            Ok(GraphData::new())
        }
        other => other,
    }
}

/// Loads the graph at `path`; a missing file is an error (for commands that
/// only read).
pub fn load_existing(path: &Path) -> Result<GraphData> {
    load_with(path, super::split::Want::Everything)
}

/// Loads the graph at `path` without checking the single file's checksum
/// (split parts are still checked, as they cannot be decoded otherwise).
/// For `verify` and `ingest --repair`, which must see a damaged graph.
pub fn load_unchecked(path: &Path) -> Result<GraphData> {
    let opened = open_graph_with(path, false, |manifest| super::split::load(path, &manifest, super::split::Want::Everything))?;
    match opened {
        Opened::Single(bytes) => {
            let text = String::from_utf8(bytes).map_err(|e| Error::GraphPart { path: path.to_path_buf(), message: format!("not UTF-8: {e}") })?;
            parse_unchecked(path, &text)
        }
        Opened::Split(graph) => Ok(graph),
    }
}

/// Whether the stored graph at `path` is sound, without building it: the
/// checksum of the single file or of the manifest, and for a split graph
/// every part listed (read and hashed, the summary too) and the record
/// counts the manifest gives. A missing graph is sound. Returns what is
/// damaged, one line each.
pub fn check(path: &Path) -> std::result::Result<(), Vec<String>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(vec![format!("{}: {e}", path.display())]),
    };
    let Ok(text) = String::from_utf8(bytes) else {
        return Err(vec![format!("{}: not UTF-8", path.display())]);
    };
    let mut problems = Vec::new();
    match check_seal(&text) {
        Seal::Intact => {}
        // Written by hand or before checksums: nothing to check against.
        Seal::Missing => {}
        Seal::Broken { stored, computed } => problems.push(format!(
            "{}: checksum does not match the content (stored {}, computed {})",
            path.display(),
            &stored[..stored.len().min(16)],
            &computed[..16]
        )),
    }
    if probe_format(&text.as_bytes()[..text.len().min(256)]) == Some(SPLIT_FORMAT_VERSION) {
        match super::split::parse_manifest_unchecked(path, &text) {
            Ok(m) => problems.extend(super::split::check_parts(path, &m)),
            Err(e) => problems.push(e.to_string()),
        }
    } else if let Err(e) = parse_unchecked(path, &text) {
        problems.push(e.to_string());
    }
    if problems.is_empty() { Ok(()) } else { Err(problems) }
}

/// The part of the graph a positions, contradictions or ledger query needs:
/// every actor and topic, the stances (on `topic`, an id or label, or all
/// when `None` or unknown) and the articles their evidence cites; no
/// statements. On a split graph this reads only those parts.
pub fn load_stances(path: &Path, topic: Option<&str>) -> Result<GraphData> {
    let mut g = load_with(path, super::split::Want::Stances(topic))?;
    if !g.statements.is_empty() {
        // A single-file graph was read whole: cut it down to the same view.
        // An unknown topic matches nothing, as in the query itself.
        let topic = topic.map(|q| resolve_topic_id(&g.topics, q).unwrap_or_else(|| q.to_string()));
        g.statements.clear();
        g.article_rules.clear();
        if let Some(t) = &topic {
            g.stances.retain(|s| &s.topic == t);
        }
        let cited: HashSet<&str> = g
            .stances
            .iter()
            .flat_map(|s| s.evidence.iter().map(|e| e.article.as_str()))
            .collect();
        let articles = std::mem::take(&mut g.articles);
        g.articles = articles.into_iter().filter(|a| cited.contains(a.id.as_str())).collect();
    }
    Ok(g)
}

/// Stances with only their newest evidences, for `positions`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PositionSummary {
    /// Actors, topics, the stances (on the topic asked for) with at most
    /// [`super::split::SUMMARY_EVIDENCE`] evidences each, and the articles those cite.
    pub data: GraphData,
    /// How many evidences each stance has in all, by stance id.
    pub evidence_counts: HashMap<String, usize>,
}

/// The positions summary of a split graph, or `None` when the graph has
/// none (a single-file graph, which loads whole quickly anyway).
pub fn load_position_summary(path: &Path, topic: Option<&str>) -> Result<Option<PositionSummary>> {
    let opened = open_graph(path, |manifest| {
        // The summary predates the log's records: read the stances instead.
        if super::split::has_log(&manifest) {
            return Ok(None);
        }
        let Some(part) = super::split::load_summary(path, &manifest)? else { return Ok(None) };
        let topic_id = topic.map(|q| resolve_topic_id(&manifest.topics, q).unwrap_or_else(|| q.to_string()));
        let mut evidence_counts = HashMap::new();
        let mut stances = Vec::new();
        for (s, n) in part.stances.into_iter().zip(part.evidence_counts) {
            if topic_id.as_ref().is_none_or(|t| *t == s.topic) {
                evidence_counts.insert(s.id.clone(), n);
                stances.push(s);
            }
        }
        let data = GraphData {
            actors: manifest.actors,
            topics: manifest.topics,
            articles: part.articles,
            stances,
            ..GraphData::default()
        };
        Ok(Some(PositionSummary { data, evidence_counts }))
    })?;
    Ok(match opened {
        Opened::Single(_) => None,
        Opened::Split(summary) => summary,
    })
}

/// The articles of a graph and the counts of the rest, for deciding
/// whether an ingest has anything to do (see [`load_index`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphIndex {
    /// Articles, their rules hashes, actors and topics; no statements or
    /// stances.
    pub data: GraphData,
    pub statements: usize,
    pub stances: usize,
}

/// Reads only the articles of a split graph (and the counts its manifest
/// records); `None` for a missing graph or one in the single-file layout,
/// which has no cheaper way in than [`load`].
pub fn load_index(path: &Path) -> Result<Option<GraphIndex>> {
    if layout_of(path) != Some(Layout::Split) {
        return Ok(None);
    }
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    let manifest = super::split::parse_manifest(path, &text)?;
    let data = load_with(path, super::split::Want::Articles)?;
    Ok(Some(GraphIndex {
        data,
        statements: manifest.statements,
        stances: manifest.stances,
    }))
}

/// A topic id from an id or label, ignoring case.
fn resolve_topic_id(topics: &[TopicInfo], query: &str) -> Option<String> {
    let q = query.trim();
    topics
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(q) || t.label.eq_ignore_ascii_case(q))
        .map(|t| t.id.clone())
}

/// The layout of the graph at `path`, if there is one.
pub fn layout_of(path: &Path) -> Option<Layout> {
    use std::io::Read;
    let mut head = [0u8; 256];
    let n = File::open(path).and_then(|mut f| f.read(&mut head)).ok()?;
    Some(match probe_format(&head[..n]) {
        Some(SPLIT_FORMAT_VERSION) => Layout::Split,
        _ => Layout::Single,
    })
}

/// The format number near the top of a graph file, without parsing the
/// whole file (both layouts write it as their first field).
fn probe_format(head: &[u8]) -> Option<u32> {
    let head = String::from_utf8_lossy(head);
    let at = head.find("format:")? + "format:".len();
    let digits: String = head[at..].trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A graph file as read: a single-file graph's bytes, or what a reader made
/// of a split graph's manifest.
enum Opened<T> {
    Single(Vec<u8>),
    Split(T),
}

/// Reads the graph file and, for a split graph, runs `read` on its
/// manifest. A concurrent writer may remove the parts of the manifest just
/// read (after renaming in a new one): a part missing as `NotFound` means
/// the manifest is read again and `read` retried.
fn open_graph<T>(path: &Path, read: impl FnMut(super::split::Manifest) -> Result<T>) -> Result<Opened<T>> {
    open_graph_with(path, true, read)
}

/// [`open_graph`], checking the manifest's checksum or not.
fn open_graph_with<T>(path: &Path, sealed: bool, mut read: impl FnMut(super::split::Manifest) -> Result<T>) -> Result<Opened<T>> {
    let mut attempts = 0;
    loop {
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        if probe_format(&bytes[..bytes.len().min(256)]) != Some(SPLIT_FORMAT_VERSION) {
            return Ok(Opened::Single(bytes));
        }
        let text = String::from_utf8(bytes).map_err(|e| Error::GraphPart {
            path: path.to_path_buf(),
            message: format!("manifest is not UTF-8: {e}"),
        })?;
        let manifest = if sealed {
            super::split::parse_manifest(path, &text)?
        } else {
            super::split::parse_manifest_unchecked(path, &text)?
        };
        match read(manifest) {
            Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound && attempts < 5 => {
                attempts += 1;
            }
            other => return other.map(Opened::Split),
        }
    }
}

fn load_with(path: &Path, want: super::split::Want) -> Result<GraphData> {
    let opened = open_graph(path, |manifest| {
        // Topics are asked for by id or label; parts are keyed by id.
        let topic_id = match want {
            super::split::Want::Stances(Some(q)) => Some(resolve_topic_id(&manifest.topics, q).unwrap_or_else(|| q.to_string())),
            _ => None,
        };
        let want = match (&want, &topic_id) {
            (super::split::Want::Stances(_), Some(id)) => super::split::Want::Stances(Some(id.as_str())),
            _ => want,
        };
        super::split::load(path, &manifest, want)
    })?;
    match opened {
        Opened::Single(bytes) => parse_bytes(path, bytes),
        Opened::Split(graph) => Ok(graph),
    }
}

fn parse_bytes(path: &Path, bytes: Vec<u8>) -> Result<GraphData> {
    match String::from_utf8(bytes) {
        Ok(text) => parse(path, &text),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let valid = String::from_utf8_lossy(&bytes[..offset]).into_owned();
            let (pos, src, at) = located(path, &valid, offset, 0);
            Err(Error::GraphSyntax {
                path: path.to_path_buf(),
                pos,
                message: format!("invalid UTF-8 (byte 0x{:02x} at offset {offset})", bytes[offset]),
                src,
                at,
            })
        }
    }
}

/// The graph as pretty RON, in normalised order.
pub fn to_ron(graph: &GraphData) -> Result<String> {
    // Depth 5 is an evidence entry: its spans print on one line.
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ")
        .depth_limit(5);
    let text = if graph.is_normalized() {
        ron::ser::to_string_pretty(graph, config)
    } else {
        let mut g = graph.clone();
        g.normalize();
        ron::ser::to_string_pretty(&g, config)
    };
    let mut text = text.map_err(|e| Error::Usage(format!("cannot serialize graph: {e}")))?;
    text.push('\n');
    Ok(text)
}

/// Saves the graph atomically (see [`write_atomic`]).
/// A graph already in the split layout stays split; otherwise the layout
/// follows the size (see [`SPLIT_THRESHOLD`]). The caller holds the lock
/// (see [`update`](super::lock::update)) or is the only writer.
pub fn save(path: &Path, graph: &GraphData) -> Result<()> {
    let layout = if layout_of(path) == Some(Layout::Split) || graph.articles.len() > SPLIT_THRESHOLD {
        Layout::Split
    } else {
        Layout::Single
    };
    save_as(path, graph, layout)
}

/// Saves the graph in the given layout, atomically either way.
pub fn save_as(path: &Path, graph: &GraphData, layout: Layout) -> Result<()> {
    let before = super::index::graph_seal(path).ok().flatten();
    save_graph(path, graph, layout)?;
    // The graph has landed; the query index follows it (or is left stale,
    // which readers detect by the seal).
    super::index::after_save(path, graph, before.as_deref());
    Ok(())
}

fn save_graph(path: &Path, graph: &GraphData, layout: Layout) -> Result<()> {
    match layout {
        Layout::Single => {
            write_atomic(path, seal(to_ron(graph)?).as_bytes())?;
            // Parts of an earlier split layout are no longer referenced.
            let dir = super::split::parts_dir(path);
            if dir.is_dir() {
                if let Ok(entries) = std::fs::read_dir(&dir) {
                    for e in entries.flatten() {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
                let _ = std::fs::remove_dir(&dir);
            }
            Ok(())
        }
        Layout::Split if graph.is_normalized() => super::split::save(path, graph),
        Layout::Split => {
            let mut g = graph.clone();
            g.normalize();
            super::split::save(path, &g)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_line_catches_any_edit_and_keeps_the_file_ron() {
        let text = seal(to_ron(&GraphData::new()).unwrap());
        assert_eq!(check_seal(&text), Seal::Intact);
        assert!(parse(Path::new("g.ron"), &text).is_ok());
        let edited = text.replacen("articles: []", "articles: [ ]", 1);
        assert_ne!(edited, text);
        assert!(matches!(check_seal(&edited), Seal::Broken { .. }));
        assert!(matches!(parse(Path::new("g.ron"), &edited), Err(Error::GraphChecksum { .. })));
        assert!(parse_unchecked(Path::new("g.ron"), &edited).is_ok());
        let unsealed = to_ron(&GraphData::new()).unwrap();
        assert_eq!(check_seal(&unsealed), Seal::Missing);
        assert!(parse(Path::new("g.ron"), &unsealed).is_ok());
    }

    #[test]
    fn damaged_file_names_position() {
        let text = to_ron(&GraphData::new()).unwrap();
        let cut = &text[..text.len() / 2];
        match parse(Path::new("g.ron"), cut) {
            Err(Error::GraphSyntax { pos, .. }) => assert!(pos.line > 1),
            other => panic!("{other:?}"),
        }
        let other_version = text.replacen("format: 1", "format: 99", 1);
        assert!(matches!(
            parse(Path::new("g.ron"), &other_version),
            Err(Error::GraphFormat { found: 99, .. })
        ));
    }
}
