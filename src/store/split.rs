//! The split layout for large graphs: a small RON manifest at the graph
//! path and immutable binary parts in `<graph>.d/`.
//!
//! Parts are postcard-encoded and named by the SHA-256 of their bytes, so a
//! part is never overwritten: a save writes only the parts whose content
//! changed, fsyncs them, then swaps the manifest in with an atomic rename.
//! A writer killed at any point leaves the old manifest pointing at old
//! parts that are all still there. Parts no manifest references are removed
//! after the swap, under the writer lock.
//!
//! Parts: articles (with the rules hash they were extracted with) in 16
//! shards by id, statements in 16 shards by id, and stances one part per
//! topic (cut into several when large), each carrying the metadata of the articles its evidence cites, so
//! a positions query on one topic reads the manifest and one part.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::model::{GraphData, RuleUnit, TopicInfo};
use crate::error::{Error, Result};
use crate::model::{Actor, ArticleMeta, Stance, Statement};

/// The manifest's format number (the single-file layout is format 1).
pub const SPLIT_FORMAT_VERSION: u32 = 2;

/// Shards for articles and for statements.
const SHARDS: usize = 16;

/// Stances of one topic are cut into parts of about this many evidences,
/// so a query on a large topic decodes its parts on every core.
const STANCE_PART_EVIDENCE: usize = 16_384;

/// Evidences per stance kept in the positions summary part: as many as
/// `claimgraph positions` shows by default.
pub const SUMMARY_EVIDENCE: usize = 5;

/// Every part file starts with this, so a stray file is recognised early.
const MAGIC: &[u8; 8] = b"CGPART1\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PartKind {
    Articles,
    Statements,
    Stances,
    /// Every stance with its newest evidences only: a positions query
    /// without a topic would otherwise decode every stance part.
    Summary,
    /// One ingest's extraction records, replayed over the other parts in
    /// manifest order (see [`super::log`]).
    Log,
}

/// One part as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartRef {
    pub kind: PartKind,
    /// Shard number for articles and statements, topic id for stances (a
    /// large topic has several parts with the same key).
    pub key: String,
    /// File name inside the parts folder.
    pub file: String,
    /// Length in bytes and hex SHA-256 of the file, checked on load.
    pub len: u64,
    pub sha256: String,
    /// How many records the part holds.
    pub items: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// Parts folder, relative to the manifest's folder.
    pub parts_dir: String,
    pub articles: usize,
    pub statements: usize,
    pub stances: usize,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicInfo>,
    pub parts: Vec<PartRef>,
    /// [`GraphData::rule_units`]; absent in manifests written before it.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rule_units: BTreeMap<String, Vec<RuleUnit>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct ArticleRecord {
    meta: ArticleMeta,
    rules: Option<String>,
}

/// [`ArticleRecord`] as written: borrowed, so a save of a 100k-article
/// graph copies no metadata (serde writes `&T` as it writes `T`).
#[derive(Serialize)]
struct ArticleRecordOut<'g> {
    meta: &'g ArticleMeta,
    rules: Option<&'g String>,
}

/// The positions summary: stances cut to their newest evidences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryPart {
    pub stances: Vec<Stance>,
    /// Evidences each stance has in all, in the order of `stances`.
    pub evidence_counts: Vec<usize>,
    /// The articles the kept evidence cites.
    pub articles: Vec<ArticleMeta>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct StancePart {
    stances: Vec<Stance>,
    /// The articles the stances' evidence cites.
    articles: Vec<ArticleMeta>,
}

/// [`StancePart`] as written, borrowed from the graph.
#[derive(Serialize)]
struct StancePartOut<'g> {
    stances: Vec<&'g Stance>,
    articles: Vec<&'g ArticleMeta>,
}

/// The parts folder of a graph: `<graph>.d` beside it.
pub fn parts_dir(graph: &Path) -> PathBuf {
    let mut name = graph.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".d");
    graph.with_file_name(name)
}

/// FNV-1a: ids are already hashes, so any cheap, stable spread will do.
fn shard(id: &str) -> usize {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in id.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % SHARDS as u64) as usize
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
pub(crate) fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    encode_to(value, &mut out)?;
    Ok(out)
}

/// Writes `value` as a part's bytes (magic, then postcard) to `out`.
pub(crate) fn encode_to<T: Serialize>(value: &T, out: &mut dyn Write) -> Result<()> {
    let failed = |e: &dyn std::fmt::Display| Error::Usage(format!("cannot serialize graph part: {e}"));
    out.write_all(MAGIC).map_err(|e| failed(&e))?;
    postcard::to_io(value, out).map(drop).map_err(|e| failed(&e))
}

/// A part to write: where it goes in the manifest, and `body`, which writes
/// its bytes into the part's file as they are hashed, so a large part (tens
/// of MB at 100k articles) is never held in memory.
pub(crate) struct NewPart<'a> {
    pub kind: PartKind,
    pub key: String,
    pub items: usize,
    pub body: &'a (dyn Fn(&mut dyn Write) -> Result<()> + Sync),
}

/// Builds and writes the parts of `graph` (only those not already on
/// disk), then the manifest, then removes unreferenced parts. `graph` must
/// be normalised. The caller holds the writer lock.
pub fn save(path: &Path, graph: &GraphData) -> Result<()> {
    let dir = parts_dir(path);
    std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;

    let mut article_shards: Vec<Vec<ArticleRecordOut>> = std::iter::repeat_with(Vec::new).take(SHARDS).collect();
    for a in &graph.articles {
        article_shards[shard(&a.id)].push(ArticleRecordOut {
            meta: a,
            rules: graph.article_rules.get(&a.id),
        });
    }
    let mut statement_shards: Vec<Vec<&Statement>> = vec![Vec::new(); SHARDS];
    for s in &graph.statements {
        statement_shards[shard(&s.id)].push(s);
    }
    let mut by_topic: BTreeMap<&str, Vec<&Stance>> = BTreeMap::new();
    for s in &graph.stances {
        by_topic.entry(s.topic.as_str()).or_default().push(s);
    }
    let article_index: std::collections::HashMap<&str, &ArticleMeta> =
        graph.articles.iter().map(|a| (a.id.as_str(), a)).collect();

    enum Job<'g> {
        Articles(usize, Vec<ArticleRecordOut<'g>>),
        Statements(usize, Vec<&'g Statement>),
        /// A topic's stances, and the cited articles no earlier part of
        /// the topic carries (each article once per topic).
        Stances(&'g str, Vec<&'g Stance>, Vec<&'g str>),
        Summary,
    }
    let mut jobs: Vec<Job> = Vec::new();
    jobs.extend(article_shards.into_iter().enumerate().map(|(i, v)| Job::Articles(i, v)));
    jobs.extend(statement_shards.into_iter().enumerate().map(|(i, v)| Job::Statements(i, v)));
    for (topic, stances) in by_topic {
        let mut seen: HashSet<&str> = HashSet::new();
        fn cut<'g>(chunk: Vec<&'g Stance>, seen: &mut HashSet<&'g str>) -> (Vec<&'g Stance>, Vec<&'g str>) {
            let mut cited: Vec<&str> = chunk
                .iter()
                .flat_map(|s| s.evidence.iter().map(|e| e.article.as_str()))
                .filter(|id| seen.insert(id))
                .collect();
            cited.sort_unstable();
            (chunk, cited)
        }
        let mut chunk: Vec<&Stance> = Vec::new();
        let mut size = 0;
        for s in stances {
            if size >= STANCE_PART_EVIDENCE {
                let (c, cited) = cut(std::mem::take(&mut chunk), &mut seen);
                jobs.push(Job::Stances(topic, c, cited));
                size = 0;
            }
            size += s.evidence.len();
            chunk.push(s);
        }
        let (c, cited) = cut(chunk, &mut seen);
        jobs.push(Job::Stances(topic, c, cited));
    }

    jobs.push(Job::Summary);
    let refs: Vec<Result<PartRef>> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::Articles(i, records) => {
                let body = |w: &mut dyn Write| encode_to(&records, w);
                write_part(&dir, NewPart { kind: PartKind::Articles, key: i.to_string(), items: records.len(), body: &body })
            }
            Job::Statements(i, statements) => {
                let body = |w: &mut dyn Write| encode_to(&statements, w);
                write_part(&dir, NewPart { kind: PartKind::Statements, key: i.to_string(), items: statements.len(), body: &body })
            }
            Job::Summary => {
                let part = summary(graph, &article_index);
                let body = |w: &mut dyn Write| encode_to(&part, w);
                write_part(&dir, NewPart { kind: PartKind::Summary, key: "positions".to_string(), items: part.stances.len(), body: &body })
            }
            Job::Stances(topic, stances, cited) => {
                let articles: Vec<&ArticleMeta> = cited.iter().filter_map(|id| article_index.get(id).copied()).collect();
                let part = StancePartOut { stances, articles };
                let body = |w: &mut dyn Write| encode_to(&part, w);
                write_part(&dir, NewPart { kind: PartKind::Stances, key: topic.to_string(), items: part.stances.len(), body: &body })
            }
        })
        .collect();
    let mut parts = Vec::with_capacity(refs.len());
    for r in refs {
        parts.push(r?);
    }
    super::io::sync_dir(&dir);

    let manifest = Manifest {
        format: SPLIT_FORMAT_VERSION,
        parts_dir: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        articles: graph.articles.len(),
        statements: graph.statements.len(),
        stances: graph.stances.len(),
        actors: graph.actors.clone(),
        topics: graph.topics.clone(),
        parts,
        rule_units: graph.rule_units.clone(),
    };
    super::io::write_atomic(path, manifest_text(&manifest)?.as_bytes())?;
    collect_garbage(&dir, &manifest);
    Ok(())
}

/// The manifest as written: pretty RON with its checksum line.
pub(crate) fn manifest_text(manifest: &Manifest) -> Result<String> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(false)
        .indentor("  ")
        .depth_limit(3);
    let text = ron::ser::to_string_pretty(manifest, config)
        .map_err(|e| Error::Usage(format!("cannot serialize graph manifest: {e}")))?;
    Ok(super::checksum::seal(text))
}

/// Every stance with its newest [`SUMMARY_EVIDENCE`] evidences (in the
/// order `positions` sorts them) and the articles those cite.
fn summary(graph: &GraphData, article_index: &std::collections::HashMap<&str, &ArticleMeta>) -> SummaryPart {
    let mut cited: Vec<&str> = Vec::new();
    let mut evidence_counts = Vec::with_capacity(graph.stances.len());
    let stances = graph
        .stances
        .iter()
        .map(|s| {
            let newest = crate::model::newest_evidence(&s.evidence, Some(SUMMARY_EVIDENCE));
            cited.extend(newest.iter().map(|e| e.article.as_str()));
            evidence_counts.push(s.evidence.len());
            Stance {
                id: s.id.clone(),
                actor: s.actor.clone(),
                stance: s.stance,
                topic: s.topic.clone(),
                evidence: newest.iter().map(|&e| e.clone()).collect(),
            }
        })
        .collect();
    cited.sort_unstable();
    cited.dedup();
    SummaryPart {
        stances,
        evidence_counts,
        articles: cited.iter().filter_map(|id| article_index.get(id).map(|a| (*a).clone())).collect(),
    }
}

/// Reads the positions summary, if the graph was saved with one.
pub fn load_summary(path: &Path, m: &Manifest) -> Result<Option<SummaryPart>> {
    m.parts.iter().find(|p| p.kind == PartKind::Summary).map(|p| read_part(path, m, p)).transpose()
}

/// Writes one part unless a file with its content is already there.
pub(crate) fn write_part(dir: &Path, part: NewPart) -> Result<PartRef> {
    let kind = match part.kind {
        PartKind::Articles => "articles",
        PartKind::Statements => "statements",
        PartKind::Stances => "stances",
        PartKind::Summary => "summary",
        PartKind::Log => "log",
    };
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{kind}-"))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    let mut out = super::io::HashWriter::new(std::io::BufWriter::with_capacity(1 << 16, tmp.as_file()));
    (part.body)(&mut out)?;
    let (buffered, sha, len) = out.finish();
    buffered.into_inner().map_err(|e| Error::io(tmp.path(), e.into_error()))?;
    let file = format!("{kind}-{}.bin", &sha[..20]);
    let path = dir.join(&file);
    // A part already there with these bytes stays; the temp file goes
    // when dropped, never synced.
    let present = std::fs::metadata(&path).is_ok_and(|m| m.len() == len);
    if !present {
        if let Some(perms) = super::io::default_permissions() {
            tmp.as_file().set_permissions(perms).map_err(|e| Error::io(tmp.path(), e))?;
        }
        tmp.as_file().sync_all().map_err(|e| Error::io(tmp.path(), e))?;
        tmp.persist(&path).map_err(|e| Error::io(&path, e.error))?;
    }
    Ok(PartRef {
        kind: part.kind,
        key: part.key,
        file,
        len,
        sha256: sha,
        items: part.items,
    })
}

/// Removes parts and temp files the manifest does not reference. Best
/// effort: a file left behind costs space, never correctness.
fn collect_garbage(dir: &Path, manifest: &Manifest) {
    let live: HashSet<&str> = manifest.parts.iter().map(|p| p.file.as_str()).collect();
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = (name.ends_with(".bin") && !live.contains(name.as_ref()))
            || (name.starts_with('.') && name.ends_with(".tmp"));
        if ours {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Parses a manifest's text (format already known to be 2) and checks its
/// checksum, which covers the hashes of every part.
pub fn parse_manifest(path: &Path, text: &str) -> Result<Manifest> {
    let m = parse_manifest_unchecked(path, text)?;
    super::checksum::require_seal(path, text)?;
    Ok(m)
}

/// [`parse_manifest`] without the checksum.
pub fn parse_manifest_unchecked(path: &Path, text: &str) -> Result<Manifest> {
    match ron::Options::default().from_str::<Manifest>(text) {
        Ok(m) => Ok(m),
        Err(e) => Err(crate::rules::ron_error(path, text, &e, |path, pos, message, src, at| {
            Error::GraphSyntax {
                path,
                pos,
                message,
                src,
                at,
            }
        })),
    }
}

/// Reads and checks one part: length, hash, magic, then decodes it.
fn read_part<T: for<'de> Deserialize<'de>>(graph: &Path, m: &Manifest, part: &PartRef) -> Result<T> {
    let path = graph.with_file_name(&m.parts_dir).join(&part.file);
    let bytes = std::fs::read(&path).map_err(|e| Error::io(&path, e))?;
    let damaged = |message: String| Error::GraphPart {
        path: path.clone(),
        message,
    };
    if bytes.len() as u64 != part.len {
        return Err(damaged(format!("{} bytes, the manifest says {}", bytes.len(), part.len)));
    }
    if sha256_hex(&bytes) != part.sha256 {
        return Err(damaged("content does not match the hash in the manifest".to_string()));
    }
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| damaged("not a claimgraph graph part".to_string()))?;
    decode(body).map_err(|e| damaged(format!("cannot decode: {e}")))
}

/// Decodes a part's body, whole. Parts written before articles had a
/// byline (the format number did not change) do not decode as today's:
/// in their place the hash's length, 64, is no valid `Option` tag. Such a
/// part is read again as the old layout.
fn decode<T: for<'de> Deserialize<'de>>(body: &[u8]) -> std::result::Result<T, postcard::Error> {
    let whole = |body| match crate::model::interning(|| postcard::take_from_bytes::<T>(body)) {
        Ok((value, [])) => Ok(value),
        Ok(_) => Err(postcard::Error::DeserializeBadEncoding),
        Err(e) => Err(e),
    };
    whole(body).or_else(|e| crate::model::without_byline(|| whole(body)).map_err(|_| e))
}

/// What is wrong with the parts of a split graph: every part the manifest
/// lists is read and hashed (the positions summary too), one summary part
/// must be there, and the items of each kind must add up to the manifest's
/// counts. One line per problem.
pub fn check_parts(path: &Path, m: &Manifest) -> Vec<String> {
    let mut problems: Vec<String> = m
        .parts
        .par_iter()
        .filter_map(|p| {
            let checked = match p.kind {
                PartKind::Articles => read_part::<Vec<ArticleRecord>>(path, m, p).map(|_| ()),
                PartKind::Statements => read_part::<Vec<Statement>>(path, m, p).map(|_| ()),
                PartKind::Stances => read_part::<StancePart>(path, m, p).map(|_| ()),
                PartKind::Summary => read_part::<SummaryPart>(path, m, p).map(|_| ()),
                PartKind::Log => read_part::<super::log::LogRecord>(path, m, p).map(|_| ()),
            };
            let kind = match p.kind {
                PartKind::Articles => "articles",
                PartKind::Statements => "statements",
                PartKind::Stances => "stances",
                PartKind::Summary => "summary",
                PartKind::Log => "log",
            };
            checked.err().map(|e| format!("{kind} part `{}`: {e}", p.key))
        })
        .collect();
    if !m.parts.iter().any(|p| p.kind == PartKind::Summary) {
        problems.push(format!("{}: the manifest lists no positions summary part", path.display()));
    }
    let count = |kind: PartKind| m.parts.iter().filter(|p| p.kind == kind).map(|p| p.items).sum::<usize>();
    // With a log, the counts are those after its replay, which the parts
    // alone do not hold; verify checks the replayed graph as a whole.
    let logged = m.parts.iter().any(|p| p.kind == PartKind::Log);
    for (kind, listed, name) in [(PartKind::Articles, m.articles, "articles"), (PartKind::Statements, m.statements, "statements"), (PartKind::Stances, m.stances, "stances")] {
        let held = count(kind);
        if held != listed && !logged {
            problems.push(format!("{}: the manifest counts {listed} {name}, its parts hold {held}", path.display()));
        }
    }
    problems
}

/// What a partial load reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want<'a> {
    Everything,
    /// Stances (on one topic id, or all), with the articles they cite.
    Stances(Option<&'a str>),
    /// Articles and the rules they were extracted with: enough to tell
    /// which articles an ingest would skip.
    Articles,
}

/// Loads the parts `want` asks for. A part missing because a concurrent
/// writer replaced the manifest and removed it shows as `NotFound`; the
/// caller retries with the new manifest.
pub fn load(path: &Path, m: &Manifest, want: Want) -> Result<GraphData> {
    if want != Want::Everything && has_log(m) {
        // What the log changed is known only after replaying it over
        // everything: read it all, then cut it to what was asked for.
        let mut g = load(path, m, Want::Everything)?;
        g.statements.clear();
        match want {
            Want::Stances(topic) => {
                g.article_rules.clear();
                if let Some(t) = topic {
                    g.stances.retain(|s| s.topic == t);
                }
                let cited: HashSet<&str> = g.stances.iter().flat_map(|s| s.evidence.iter().map(|e| e.article.as_str())).collect();
                let articles = std::mem::take(&mut g.articles);
                g.articles = articles.into_iter().filter(|a| cited.contains(a.id.as_str())).collect();
            }
            Want::Articles | Want::Everything => g.stances.clear(),
        }
        return Ok(g);
    }
    let mut g = GraphData {
        actors: m.actors.clone(),
        topics: m.topics.clone(),
        rule_units: m.rule_units.clone(),
        ..GraphData::default()
    };
    let selected: Vec<&PartRef> = m
        .parts
        .iter()
        .filter(|p| match want {
            // The summary repeats evidence the stance parts hold in full.
            Want::Everything => p.kind != PartKind::Summary && p.kind != PartKind::Log,
            Want::Stances(topic) => p.kind == PartKind::Stances && topic.is_none_or(|t| t == p.key),
            Want::Articles => p.kind == PartKind::Articles,
        })
        .collect();
    enum Loaded {
        Articles(Vec<ArticleRecord>),
        Statements(Vec<Statement>),
        Stances(StancePart),
    }
    let loaded: Vec<Result<Loaded>> = selected
        .par_iter()
        .map(|p| {
            Ok(match p.kind {
                PartKind::Articles => Loaded::Articles(read_part(path, m, p)?),
                PartKind::Statements => Loaded::Statements(read_part(path, m, p)?),
                PartKind::Stances => Loaded::Stances(read_part(path, m, p)?),
                PartKind::Summary | PartKind::Log => unreachable!("summary and log parts are not selected above"),
            })
        })
        .collect();
    let mut cited: Vec<ArticleMeta> = Vec::new();
    for part in loaded {
        match part? {
            Loaded::Articles(records) => {
                for r in records {
                    if let Some(h) = r.rules {
                        g.article_rules.insert(r.meta.id.clone(), h);
                    }
                    g.articles.push(r.meta);
                }
            }
            Loaded::Statements(s) => g.statements.extend(s),
            Loaded::Stances(p) => {
                g.stances.extend(p.stances);
                if matches!(want, Want::Stances(_)) {
                    cited.extend(p.articles);
                }
            }
        }
    }
    if matches!(want, Want::Stances(_)) {
        // Each topic carries an article once; two topics may share it.
        cited.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        cited.dedup_by(|a, b| a.id == b.id);
        g.articles = cited;
    }
    // Shards interleave ids; the file order is the sorted order.
    g.articles.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    g.statements.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    g.stances.sort_unstable_by(|a, b| a.id.cmp(&b.id));
    if want == Want::Everything {
        for p in m.parts.iter().filter(|p| p.kind == PartKind::Log) {
            let record: super::log::LogRecord = read_part(path, m, p)?;
            super::log::replay(&mut g, record);
        }
    }
    Ok(g)
}

/// Whether the graph has extraction records not yet compacted into its parts.
pub fn has_log(m: &Manifest) -> bool {
    m.parts.iter().any(|p| p.kind == PartKind::Log)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Span, StanceKind};

    /// [`ArticleMeta`] as split graphs wrote it before bylines.
    #[derive(Serialize)]
    struct OldMeta<'a> {
        id: &'a str,
        path: &'a str,
        title: &'a str,
        date: Option<chrono::NaiveDate>,
        source: Option<&'a str>,
        hash: &'a str,
        len: usize,
    }

    fn old(a: &ArticleMeta) -> OldMeta<'_> {
        OldMeta { id: &a.id, path: &a.path, title: &a.title, date: a.date, source: a.source.as_deref(), hash: &a.hash, len: a.len }
    }

    fn graph() -> GraphData {
        let article = |n: u8, byline: Option<&str>| ArticleMeta {
            id: format!("a{n}"),
            path: format!("p{n}.txt"),
            title: format!("Title {n}"),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, u32::from(n) + 1),
            source: Some("The Weekly Ledger".into()),
            byline: byline.map(str::to_string),
            hash: crate::model::content_hash(&format!("text {n}")),
            len: 40,
        };
        let evidence = Evidence {
            article: "a1".into(),
            span: Span::new(0, 9),
            sentence: Span::new(0, 20),
            sentence_text: "Mara Tull wants a truce.".into(),
            cue: "wants".into(),
            rule: "stance.x".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, 2),
            resolution: String::new().into(),
        };
        let mut g = GraphData {
            articles: vec![article(1, None), article(2, None)],
            stances: vec![Stance { id: crate::model::stance_id("Mara Tull", StanceKind::Demands, "truce"), actor: "Mara Tull".into(), stance: StanceKind::Demands, topic: "truce".into(), evidence: vec![evidence] }],
            ..GraphData::default()
        };
        g.normalize();
        g
    }

    /// A split graph whose article and stance parts were written before
    /// articles had a byline reads, with no byline; today's parts keep it.
    #[test]
    fn parts_written_before_bylines_still_decode() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ron");
        let g = graph();
        save(&path, &g).unwrap();
        let mut m = parse_manifest(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        // Rewrite the parts holding articles as the old layout wrote them.
        let before = m.clone();
        for p in &mut m.parts {
            let bytes = match p.kind {
                PartKind::Articles => {
                    let records: Vec<ArticleRecord> = read_part(&path, &before, p).unwrap();
                    #[derive(Serialize)]
                    struct OldRecord<'a> {
                        meta: OldMeta<'a>,
                        rules: &'a Option<String>,
                    }
                    encode(&records.iter().map(|r| OldRecord { meta: old(&r.meta), rules: &r.rules }).collect::<Vec<_>>()).unwrap()
                }
                PartKind::Stances => {
                    let part: StancePart = read_part(&path, &before, p).unwrap();
                    encode(&(&part.stances, part.articles.iter().map(old).collect::<Vec<_>>())).unwrap()
                }
                PartKind::Summary => {
                    let part: SummaryPart = read_part(&path, &before, p).unwrap();
                    encode(&(&part.stances, &part.evidence_counts, part.articles.iter().map(old).collect::<Vec<_>>())).unwrap()
                }
                _ => continue,
            };
            let body = |w: &mut dyn Write| w.write_all(&bytes).map_err(|e| Error::io(&path, e));
            *p = write_part(&parts_dir(&path), NewPart { kind: p.kind, key: p.key.clone(), items: p.items, body: &body }).unwrap();
        }
        std::fs::write(&path, manifest_text(&m).unwrap()).unwrap();
        assert!(check_parts(&path, &m).is_empty(), "{:?}", check_parts(&path, &m));
        assert_eq!(load(&path, &m, Want::Everything).unwrap(), g);
        assert_eq!(load(&path, &m, Want::Stances(Some("truce"))).unwrap().articles, vec![g.articles[0].clone()]);
        assert_eq!(load_summary(&path, &m).unwrap().unwrap().articles, vec![g.articles[0].clone()]);

        // Counter-example: today's parts keep their bylines.
        let mut with = g.clone();
        with.articles[1].byline = Some("Ivo Brandt".into());
        save(&path, &with).unwrap();
        let m = parse_manifest(&path, &std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(load(&path, &m, Want::Everything).unwrap(), with);
        // And a part that is neither layout is still an error.
        assert!(decode::<Vec<ArticleRecord>>(&[3, 1, 2]).is_err());
    }
}
