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

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Result, located};
use crate::model::{
    Actor, ArticleMeta, Evidence, Extraction, Stance, Statement,
};
use crate::rules::RuleSet;

pub use super::split::SPLIT_FORMAT_VERSION;
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

/// A short hash of the rule files' contents and the extractor's version:
/// when it changes, stored extractions may be stale.
pub fn rules_hash(rules: &RuleSet) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0u8]);
    // By file name, not full path: the same rules in another folder are the same rules.
    let mut files: Vec<(String, &String)> = rules
        .sources
        .iter()
        .map(|(p, text)| {
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            )
        })
        .collect();
    files.sort();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0u8]);
        h.update(text.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())[..16].to_string()
}

/// What the store takes from a rule set: its hash and the actors and topics
/// it defines (kept in the graph so queries need no rule files).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSnapshot {
    pub hash: String,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicInfo>,
}

impl RuleSnapshot {
    pub fn new(rules: &RuleSet) -> Self {
        RuleSnapshot {
            hash: rules_hash(rules),
            actors: rules
                .actors
                .actors
                .iter()
                .map(|a| Actor {
                    name: a.name.clone(),
                    kind: a.kind,
                    member_of: a.member_of.clone(),
                    rule: a.id.clone(),
                })
                .collect(),
            topics: rules
                .topics
                .topics
                .iter()
                .map(|t| TopicInfo {
                    id: t.id.clone(),
                    label: t.label.clone(),
                })
                .collect(),
        }
    }
}

/// How an article stands against the graph before extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleStatus {
    /// Not in the graph.
    New,
    /// In the graph, extracted with the same rules and the same metadata:
    /// extracting again would change nothing.
    Unchanged,
    /// In the graph but extracted with other rules or other metadata.
    Changed,
}

/// Counts from one merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MergeReport {
    pub new: usize,
    pub updated: usize,
}

impl GraphData {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn article(&self, id: &str) -> Option<&ArticleMeta> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// Whether each of `metas` (read now) needs extracting under rules
    /// `rules_hash`. The stored path is not compared: the same text under
    /// another path is the same article.
    pub fn article_statuses<'m>(
        &self,
        metas: impl IntoIterator<Item = &'m ArticleMeta>,
        rules_hash: &str,
    ) -> Vec<ArticleStatus> {
        let stored: HashMap<&str, &ArticleMeta> = self.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        metas
            .into_iter()
            .map(|meta| {
                let Some(old) = stored.get(meta.id.as_str()) else {
                    return ArticleStatus::New;
                };
                let same_meta = old.title == meta.title
                    && old.date == meta.date
                    && old.source == meta.source
                    && old.hash == meta.hash
                    && old.len == meta.len;
                if same_meta && self.article_rules.get(&meta.id).map(String::as_str) == Some(rules_hash) {
                    ArticleStatus::Unchanged
                } else {
                    ArticleStatus::Changed
                }
            })
            .collect()
    }

    /// Merges one article's extraction; see [`GraphData::merge`].
    pub fn merge_extraction(&mut self, ex: Extraction, rules: &RuleSnapshot) -> MergeReport {
        self.merge(vec![ex], rules)
    }

    /// Merges extractions into the graph. An article already in the graph
    /// has its evidence replaced; the same words by the same speaker in two
    /// articles become one statement with two evidences; statements and
    /// stances left without evidence are dropped. Actors are the rule
    /// actors plus every actor still referenced; topics likewise.
    pub fn merge(&mut self, batch: Vec<Extraction>, rules: &RuleSnapshot) -> MergeReport {
        let ids: Vec<String> = batch.iter().map(|ex| ex.article.id.clone()).collect();
        let mut merge = self.begin_merge(ids.iter().map(String::as_str), rules);
        for ex in batch {
            merge.add(ex);
        }
        merge.finish()
    }

    /// Starts a merge that takes extractions one at a time, so an ingest
    /// can merge while it is still extracting and never hold every
    /// extraction at once. `articles` are the ids that will be added: their
    /// old evidence goes in one pass over the graph here, instead of one
    /// pass per article. [`Merge::finish`] gives the same graph as
    /// [`GraphData::merge`] with the same extractions in the same order.
    pub fn begin_merge<'g, 'a>(&'g mut self, articles: impl IntoIterator<Item = &'a str>, rules: &'g RuleSnapshot) -> Merge<'g> {
        let replaced: HashSet<String> = articles.into_iter().map(str::to_string).collect();
        self.drop_evidence_of(&replaced);
        let articles: BTreeMap<String, ArticleMeta> = std::mem::take(&mut self.articles)
            .into_iter()
            .map(|a| (a.id.clone(), a))
            .collect();
        let statement_index = self.statements.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let stance_index = self.stances.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        Merge {
            graph: self,
            rules,
            replaced,
            seen: HashSet::new(),
            articles,
            statement_index,
            stance_index,
            discovered: BTreeMap::new(),
            report: MergeReport::default(),
        }
    }

    fn drop_evidence_of(&mut self, articles: &HashSet<String>) {
        if articles.is_empty() {
            return;
        }
        for st in &mut self.statements {
            st.evidence.retain(|e| !articles.contains(e.article.as_str()));
        }
        for sn in &mut self.stances {
            sn.evidence.retain(|e| !articles.contains(e.article.as_str()));
        }
    }

    /// Sorts everything into the order the file is written in.
    pub fn normalize(&mut self) {
        self.format = FORMAT_VERSION;
        self.articles.sort_by(|a, b| a.id.cmp(&b.id));
        self.actors.sort_by(|a, b| a.name.cmp(&b.name));
        self.topics.sort_by(|a, b| a.id.cmp(&b.id));
        self.statements.sort_by(|a, b| a.id.cmp(&b.id));
        self.stances.sort_by(|a, b| a.id.cmp(&b.id));
        for s in &mut self.statements {
            sort_evidence(&mut s.evidence);
        }
        for s in &mut self.stances {
            sort_evidence(&mut s.evidence);
        }
    }

    fn is_normalized(&self) -> bool {
        self.format == FORMAT_VERSION
            && self.articles.is_sorted_by(|a, b| a.id <= b.id)
            && self.actors.is_sorted_by(|a, b| a.name <= b.name)
            && self.topics.is_sorted_by(|a, b| a.id <= b.id)
            && self.statements.is_sorted_by(|a, b| a.id <= b.id)
            && self.stances.is_sorted_by(|a, b| a.id <= b.id)
            && self
                .statements
                .iter()
                .all(|s| s.evidence.is_sorted_by(|a, b| evidence_key(a) <= evidence_key(b)))
            && self
                .stances
                .iter()
                .all(|s| s.evidence.is_sorted_by(|a, b| evidence_key(a) <= evidence_key(b)))
    }
}

/// A merge in progress; see [`GraphData::begin_merge`].
pub struct Merge<'g> {
    graph: &'g mut GraphData,
    rules: &'g RuleSnapshot,
    /// Articles whose old evidence is already gone.
    replaced: HashSet<String>,
    /// Articles added so far: the same text twice is one article, and the
    /// first wins.
    seen: HashSet<String>,
    articles: BTreeMap<String, ArticleMeta>,
    statement_index: HashMap<String, usize>,
    stance_index: HashMap<String, usize>,
    discovered: BTreeMap<String, Actor>,
    report: MergeReport,
}

impl Merge<'_> {
    /// Adds one article's extraction.
    pub fn add(&mut self, ex: Extraction) {
        let art_id = ex.article.id.clone();
        if !self.seen.insert(art_id.clone()) {
            return;
        }
        if !self.replaced.contains(&art_id) {
            // Not announced to begin_merge: correct, at the cost of a pass over the graph.
            let one = HashSet::from([art_id.clone()]);
            self.graph.drop_evidence_of(&one);
            self.replaced.extend(one);
        }
        if self.articles.contains_key(&art_id) {
            self.report.updated += 1;
        } else {
            self.report.new += 1;
        }
        let graph = &mut *self.graph;
        graph.article_rules.insert(art_id.clone(), self.rules.hash.clone());
        self.articles.insert(art_id.clone(), ex.article);
        for found in ex.statements {
            let id = statement_id(&found.speaker, found.kind, &found.text);
            let evidence = Evidence {
                article: art_id.clone(),
                ..found.evidence
            };
            match self.statement_index.get(&id) {
                Some(&i) => {
                    let st = &mut graph.statements[i];
                    // Texts that fold alike may differ in punctuation; keep
                    // one that does not depend on ingest order.
                    if found.text < st.text {
                        st.text = found.text;
                    }
                    st.evidence.push(evidence);
                }
                None => {
                    self.statement_index.insert(id.clone(), graph.statements.len());
                    graph.statements.push(Statement {
                        id,
                        speaker: found.speaker,
                        kind: found.kind,
                        text: found.text,
                        evidence: vec![evidence],
                    });
                }
            }
        }
        for found in ex.stances {
            let id = stance_id(&found.actor, found.stance, &found.topic);
            let evidence = Evidence {
                article: art_id.clone(),
                ..found.evidence
            };
            match self.stance_index.get(&id) {
                Some(&i) => graph.stances[i].evidence.push(evidence),
                None => {
                    self.stance_index.insert(id.clone(), graph.stances.len());
                    graph.stances.push(Stance {
                        id,
                        actor: found.actor,
                        stance: found.stance,
                        topic: found.topic,
                        evidence: vec![evidence],
                    });
                }
            }
        }
        for actor in ex.discovered {
            self.discovered.entry(actor.name.clone()).or_insert(actor);
        }
    }

    /// Drops what lost all its evidence, settles actors and topics, and
    /// sorts the graph into its file order.
    pub fn finish(self) -> MergeReport {
        let Merge { graph, rules, articles, discovered, report, .. } = self;
        graph.articles = articles.into_values().collect();
        graph.statements.retain(|s| !s.evidence.is_empty());
        graph.stances.retain(|s| !s.evidence.is_empty());

        // Actors: the current rules win over whatever the graph had under
        // the same name; others stay only while something refers to them.
        let mut referenced: HashSet<&str> = HashSet::new();
        for s in &graph.statements {
            referenced.insert(&s.speaker);
        }
        for s in &graph.stances {
            referenced.insert(&s.actor);
        }
        let mut actors: BTreeMap<String, Actor> = BTreeMap::new();
        for a in graph.actors.iter().chain(discovered.values()) {
            if referenced.contains(a.name.as_str()) {
                actors.insert(a.name.clone(), a.clone());
            }
        }
        for a in &rules.actors {
            actors.insert(a.name.clone(), a.clone());
        }
        // Keep the organisations and countries that remaining actors belong to.
        let parents: Vec<String> = actors.values().filter_map(|a| a.member_of.clone()).collect();
        for p in parents {
            if let std::collections::btree_map::Entry::Vacant(slot) = actors.entry(p)
                && let Some(a) = graph.actors.iter().find(|a| &a.name == slot.key())
            {
                slot.insert(a.clone());
            }
        }
        drop(referenced);
        graph.actors = actors.into_values().collect();

        let used_topics: HashSet<&str> = graph.stances.iter().map(|s| s.topic.as_str()).collect();
        let mut topics: BTreeMap<String, TopicInfo> = graph
            .topics
            .iter()
            .filter(|t| used_topics.contains(t.id.as_str()))
            .map(|t| (t.id.clone(), t.clone()))
            .collect();
        drop(used_topics);
        for t in &rules.topics {
            topics.insert(t.id.clone(), t.clone());
        }
        graph.topics = topics.into_values().collect();

        let live: HashSet<&str> = graph.articles.iter().map(|a| a.id.as_str()).collect();
        graph.article_rules.retain(|id, _| live.contains(id.as_str()));
        drop(live);
        graph.normalize();
        report
    }
}

type EvidenceKey<'a> = (
    Option<chrono::NaiveDate>,
    &'a str,
    usize,
    usize,
    &'a str,
    usize,
    &'a str,
);

/// Chronological, then by position in the article.
fn evidence_key(e: &Evidence) -> EvidenceKey<'_> {
    (
        e.date,
        &e.article,
        e.span.start,
        e.span.end,
        &e.rule,
        e.sentence.start,
        &e.cue,
    )
}

fn sort_evidence(ev: &mut Vec<Evidence>) {
    ev.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
    ev.dedup();
}

/// Parses a graph file's text. Damage is reported with file, line and
/// column; a file from another format version says so.
pub fn parse(path: &Path, text: &str) -> Result<GraphData> {
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
fn open_graph<T>(path: &Path, mut read: impl FnMut(super::split::Manifest) -> Result<T>) -> Result<Opened<T>> {
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
        match read(super::split::parse_manifest(path, &text)?) {
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
/// (see [`update`]) or is the only writer.
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
    match layout {
        Layout::Single => {
            write_atomic(path, to_ron(graph)?.as_bytes())?;
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

/// Writes `bytes` to `path` so that readers see either the old file or the
/// new one, never a mix: temp file in the same directory, fsync, rename,
/// fsync the directory. Parent directories are created.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io(dir, e))?;
    tmp.write_all(bytes).map_err(|e| Error::io(tmp.path(), e))?;
    // tempfile creates 0600; keep the old file's mode, or the usual 0644.
    let perms = match std::fs::metadata(path) {
        Ok(m) => Some(m.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(perms) = perms {
        tmp.as_file()
            .set_permissions(perms)
            .map_err(|e| Error::io(tmp.path(), e))?;
    }
    tmp.as_file().sync_all().map_err(|e| Error::io(tmp.path(), e))?;
    tmp.persist(path).map_err(|e| Error::io(path, e.error))?;
    sync_dir(dir);
    Ok(())
}

#[cfg(unix)]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
pub(crate) fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Makes the rename durable. Best effort: some file systems refuse to
/// fsync a directory, and the data itself is already on disk.
pub(crate) fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ActorKind, FoundStatement, Span};

    fn meta(id: &str) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            path: format!("{id}.txt"),
            title: "t".into(),
            date: None,
            source: None,
            hash: id.into(),
            len: 100,
        }
    }

    fn ev(start: usize) -> Evidence {
        Evidence {
            article: String::new(),
            span: Span::new(start, start + 5),
            sentence: Span::new(0, 50),
            sentence_text: "s".into(),
            cue: "said".into(),
            rule: "said".into(),
            date: None,
            resolution: String::new(),
        }
    }

    fn ex(id: &str, quotes: &[(&str, &str, usize)]) -> Extraction {
        Extraction {
            article: meta(id),
            statements: quotes
                .iter()
                .map(|(speaker, text, start)| FoundStatement {
                    speaker: speaker.to_string(),
                    kind: crate::model::QuoteKind::Direct,
                    text: text.to_string(),
                    evidence: ev(*start),
                })
                .collect(),
            stances: vec![],
            discovered: vec![Actor {
                name: "Anna".into(),
                kind: ActorKind::Person,
                member_of: None,
                rule: "discovered".into(),
            }],
        }
    }

    #[test]
    fn same_words_two_articles_one_statement() {
        let mut g = GraphData::new();
        let rules = RuleSnapshot::default();
        g.merge_extraction(ex("a", &[("Anna", "We go.", 3)]), &rules);
        let r = g.merge_extraction(ex("b", &[("Anna", "we go", 9)]), &rules);
        assert_eq!(r, MergeReport { new: 1, updated: 0 });
        assert_eq!(g.statements.len(), 1);
        assert_eq!(g.statements[0].evidence.len(), 2);
        assert_eq!(g.statements[0].text, "We go.");
        // Replacing article b with an extraction that lost the quote drops its evidence.
        let r = g.merge_extraction(ex("b", &[]), &rules);
        assert_eq!(r, MergeReport { new: 0, updated: 1 });
        assert_eq!(g.statements[0].evidence.len(), 1);
        g.merge_extraction(ex("a", &[]), &rules);
        assert!(g.statements.is_empty());
        assert!(g.actors.is_empty(), "unreferenced discovered actor dropped");
        assert_eq!(g.articles.len(), 2);
    }

    #[test]
    fn merge_is_idempotent() {
        let rules = RuleSnapshot::default();
        let mut g = GraphData::new();
        g.merge(vec![ex("b", &[("X", "one", 1)]), ex("a", &[("X", "two", 1)])], &rules);
        let once = to_ron(&g).unwrap();
        g.merge(vec![ex("a", &[("X", "two", 1)])], &rules);
        assert_eq!(once, to_ron(&g).unwrap());
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
