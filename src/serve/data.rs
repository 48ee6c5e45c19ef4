//! The explorer's data access: everything the pages read goes through a
//! [`Reader`], one per request, which pairs the current [`Snapshot`] with
//! an open read transaction of the graph's query index. Lists are read a
//! page at a time with SQL (LIMIT/OFFSET) and merged with the overlay of
//! corrected occurrences, so a page costs the same at 10k articles as at
//! 100k. A changed graph (another seal: an ingest while serving) or a
//! changed corrections file is noticed on the next request, which builds a
//! new snapshot.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{ArticleMeta, Correction, Evidence, FoundStance, FoundStatement, GraphData, QuoteKind, Stance, StanceKind, Statement};
use crate::query;
use crate::source::{ReadOptions, read_article};
use crate::store::index::{Index, open_fresh};
use crate::store::index_browse::{BrowseFilter, ensure_browse_indexes};
use crate::store::{corrections_path, load_corrections, load_existing, open_index, record_correction, verify::article_path};

use super::snapshot::{OccKey, Snapshot, occ_key};

/// Rows per page of every list.
pub const PAGE_SIZE: usize = 50;

/// What the search page filters by. Empty means no constraint.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Words the statement (or stance sentence) must contain, any case.
    pub text: Option<String>,
    pub actor: Option<String>,
    /// Topic id or label.
    pub topic: Option<String>,
    pub kind: Option<QuoteKind>,
    pub stance: Option<StanceKind>,
    /// The article's outlet, any case.
    pub outlet: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filter {
    fn dated(&self, d: Option<NaiveDate>) -> bool {
        match (self.since, self.until, d) {
            (None, None, _) => true,
            (_, _, None) => false,
            (s, u, Some(d)) => s.is_none_or(|s| d >= s) && u.is_none_or(|u| d <= u),
        }
    }
}

/// One page of rows, how many there are in all, and the articles the
/// rows cite (for titles and outlets).
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: usize,
    pub page: usize,
    pub articles: HashMap<String, ArticleMeta>,
}

impl<T> Page<T> {
    pub fn pages(&self) -> usize {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }
}

/// One statement occurrence as the lists show it.
#[derive(Debug, Clone)]
pub struct StatementHit {
    pub id: String,
    pub speaker: String,
    pub kind: QuoteKind,
    pub text: String,
    pub evidence: Evidence,
}

/// One stance evidence as the lists show it.
#[derive(Debug, Clone)]
pub struct StanceRow {
    pub stance_id: String,
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    pub evidence: Evidence,
}

impl From<(String, FoundStatement)> for StatementHit {
    fn from((id, s): (String, FoundStatement)) -> Self {
        StatementHit { id, speaker: s.speaker, kind: s.kind, text: s.text, evidence: s.evidence }
    }
}

impl From<(String, FoundStance)> for StanceRow {
    fn from((stance_id, s): (String, FoundStance)) -> Self {
        StanceRow { stance_id, actor: s.actor, stance: s.stance, topic: s.topic, evidence: s.evidence }
    }
}

/// Which kind of edge an evidence page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceOf {
    Statement,
    Stance,
}

/// Which evidence of a record: by position in its list, or by where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Which {
    Nth(usize),
    At { article: String, start: usize },
}

impl Which {
    pub fn pick<'e>(&self, evidence: &'e [Evidence]) -> Option<(usize, &'e Evidence)> {
        match self {
            Which::Nth(n) => evidence.get(*n).map(|e| (*n, e)),
            Which::At { article, start } => evidence.iter().enumerate().find(|(_, e)| e.article == *article && e.span.start == *start),
        }
    }
}

/// The rows of one page: the index's from `offset - overlay` on, merged
/// with the overlay's (`mem`, already filtered and sorted). An index row's
/// place is its index position plus the overlay rows before it, so a page
/// needs at most `PAGE_SIZE + mem.len()` index rows.
fn merged_page<T>(
    index_total: usize,
    fetch: impl FnOnce(usize, usize) -> Result<Vec<T>>,
    mem: Vec<T>,
    key: impl Fn(&T) -> OccKey<'_>,
    offset: usize,
    size: usize,
) -> Result<(Vec<T>, usize)> {
    let total = index_total + mem.len();
    let start = offset.saturating_sub(mem.len());
    let fetched = if start < index_total { fetch(start, (offset + size).saturating_sub(start))? } else { Vec::new() };
    // Overlay rows before the first fetched row lie before the page when
    // rows were skipped (see above); with none skipped they are its start.
    let mut pos = start;
    let mut mem = mem.into_iter().peekable();
    if start > 0 {
        match fetched.first() {
            Some(first) => {
                while mem.peek().is_some_and(|m| key(m) < key(first)) {
                    mem.next();
                    pos += 1;
                }
            }
            None => {
                // Every index row lies before; the overlay rows follow them.
                pos = index_total;
            }
        }
    }
    let mut out = Vec::new();
    let mut rows = fetched.into_iter().peekable();
    loop {
        let take_mem = match (mem.peek(), rows.peek()) {
            (Some(m), Some(r)) => key(m) < key(r),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let item = if take_mem { mem.next() } else { rows.next() };
        if let Some(item) = item {
            if pos >= offset && pos < offset + size {
                out.push(item);
            }
            pos += 1;
        }
        if pos >= offset + size {
            break;
        }
    }
    Ok((out, total))
}

/// Whether walking the order index to the `upto`-th of `matches` rows
/// (spread over `rows`) reads fewer rows than the matches a sort would
/// read: then the walk is asked for.
fn dense(upto: usize, matches: usize, rows: usize) -> bool {
    matches > 0 && upto.saturating_mul(rows) / matches < matches
}

/// One request's view: the snapshot and an open read of the index.
pub struct Reader {
    pub snap: Arc<Snapshot>,
    pub index: Index,
    corpus: Option<PathBuf>,
}

impl Reader {
    pub fn topic_id(&self, q: &str) -> String {
        query::resolve_topic(&self.snap.data, q).unwrap_or(q).to_string()
    }

    pub fn topic_label<'a>(&'a self, id: &'a str) -> &'a str {
        self.snap.data.topics.iter().find(|t| t.id == id).map_or(id, |t| t.label.as_str())
    }

    /// The index's names an actor query matches (see [`query::actor_matches`]).
    fn matching(&self, q: Option<&str>) -> Option<Vec<String>> {
        q.map(|q| self.snap.index_names.iter().filter(|n| query::actor_matches(q, n)).cloned().collect())
    }

    fn articles(&self, cited: impl Iterator<Item = String>) -> Result<HashMap<String, ArticleMeta>> {
        let ids: BTreeSet<String> = cited.collect();
        let ids: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
        Ok(self.index.articles_by_ids(&ids)?.into_iter().map(|a| (a.id.clone(), a)).collect())
    }

    pub fn article(&self, id: &str) -> Result<Option<ArticleMeta>> {
        Ok(self.articles(std::iter::once(id.to_string()))?.remove(id))
    }

    fn outlet_is(&self, articles: &HashMap<String, ArticleMeta>, article: &str, outlet: &str) -> bool {
        articles.get(article).and_then(|a| a.source.as_deref()).is_some_and(|s| s.eq_ignore_ascii_case(outlet.trim()))
    }

    fn browse<'f>(&self, f: &'f Filter, text: &'f Option<String>, topic: &'f Option<String>, actors: &'f Option<Vec<String>>) -> BrowseFilter<'f> {
        BrowseFilter {
            text: text.as_deref(),
            actors: actors.as_deref(),
            topic: topic.as_deref(),
            kind: f.kind,
            stance: f.stance,
            outlet: f.outlet.as_deref(),
            since: f.since,
            until: f.until,
            ids: None,
        }
    }

    /// Statement occurrences matching `f`, oldest first: `size` rows from row `offset`.
    pub fn statements_at(&self, f: &Filter, offset: usize, size: usize) -> Result<Page<StatementHit>> {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let actors = self.matching(f.actor.as_deref());
        let bf = self.browse(f, &text, &topic, &actors);
        let ex = self.snap.exclude();
        let snap = &self.snap;
        let overlay_articles = self.articles(snap.data.statements.iter().flat_map(|s| s.evidence.iter().map(|e| e.article.to_string())))?;
        let mut mem: Vec<StatementHit> = Vec::new();
        for s in &snap.data.statements {
            let keep_head = f.actor.as_deref().is_none_or(|q| query::actor_matches(q, &s.speaker))
                && f.kind.is_none_or(|k| k == s.kind)
                && text.as_deref().is_none_or(|t| s.text.to_lowercase().contains(t));
            if !keep_head {
                continue;
            }
            for e in &s.evidence {
                let keep = f.outlet.as_deref().is_none_or(|o| self.outlet_is(&overlay_articles, &e.article, o))
                    && f.dated(e.date)
                    && topic.as_deref().is_none_or(|t| {
                        snap.sentence_topics.get(&(e.article.to_string(), e.sentence.start)).is_some_and(|ts| ts.iter().any(|x| x == t))
                    });
                if keep {
                    mem.push(StatementHit { id: s.id.clone(), speaker: s.speaker.clone(), kind: s.kind, text: s.text.clone(), evidence: e.clone() });
                }
            }
        }
        mem.sort_by(|a, b| occ_key(&a.evidence, &a.speaker).cmp(&occ_key(&b.evidence, &b.speaker)));
        let index_total = self.index.count_statements(&bf, &ex)?;
        let (rows, total) = merged_page(
            index_total,
            |off, lim| {
                let dense = dense(off + lim, index_total, self.snap.evidence_rows.0);
                Ok(self.index.browse_statements(&bf, &ex, off, lim, dense)?.into_iter().map(StatementHit::from).collect())
            },
            mem,
            |h: &StatementHit| occ_key(&h.evidence, &h.speaker),
            offset,
            size,
        )?;
        let articles = self.articles(rows.iter().map(|r| r.evidence.article.to_string()))?;
        Ok(Page { rows, total, page: offset / size.max(1) + 1, articles })
    }

    pub fn statements(&self, f: &Filter, page: usize) -> Result<Page<StatementHit>> {
        self.statements_at(f, (page.max(1) - 1).saturating_mul(PAGE_SIZE), PAGE_SIZE)
    }

    /// Stance evidences matching `f` (its kind is ignored), oldest first.
    pub fn stances_at(&self, f: &Filter, offset: usize, size: usize) -> Result<Page<StanceRow>> {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let actors = self.matching(f.actor.as_deref());
        let bf = self.browse(f, &text, &topic, &actors);
        let ex = self.snap.exclude();
        let snap = &self.snap;
        let overlay_articles = self.articles(snap.data.stances.iter().flat_map(|s| s.evidence.iter().map(|e| e.article.to_string())))?;
        let mut mem: Vec<StanceRow> = Vec::new();
        for s in &snap.data.stances {
            let keep_head = f.actor.as_deref().is_none_or(|q| query::actor_matches(q, &s.actor))
                && f.stance.is_none_or(|k| k == s.stance)
                && topic.as_deref().is_none_or(|t| t == s.topic);
            if !keep_head {
                continue;
            }
            for e in &s.evidence {
                let keep = f.dated(e.date)
                    && f.outlet.as_deref().is_none_or(|o| self.outlet_is(&overlay_articles, &e.article, o))
                    && text.as_deref().is_none_or(|t| e.sentence_text.to_lowercase().contains(t));
                if keep {
                    mem.push(StanceRow { stance_id: s.id.clone(), actor: s.actor.clone(), stance: s.stance, topic: s.topic.clone(), evidence: e.clone() });
                }
            }
        }
        mem.sort_by(|a, b| occ_key(&a.evidence, &a.actor).cmp(&occ_key(&b.evidence, &b.actor)));
        let index_total = self.index.count_stances(&bf, &ex)?;
        let (rows, total) = merged_page(
            index_total,
            |off, lim| {
                let dense = dense(off + lim, index_total, self.snap.evidence_rows.1);
                Ok(self.index.browse_stances(&bf, &ex, off, lim, dense)?.into_iter().map(StanceRow::from).collect())
            },
            mem,
            |r: &StanceRow| occ_key(&r.evidence, &r.actor),
            offset,
            size,
        )?;
        let articles = self.articles(rows.iter().map(|r| r.evidence.article.to_string()))?;
        Ok(Page { rows, total, page: offset / size.max(1) + 1, articles })
    }

    pub fn stances(&self, f: &Filter, page: usize) -> Result<Page<StanceRow>> {
        self.stances_at(f, (page.max(1) - 1).saturating_mul(PAGE_SIZE), PAGE_SIZE)
    }

    /// What a diagram of `f` draws: the newest `limit` rows of statements
    /// (`statements`) or stances matching it, as a graph, with how many
    /// edges that makes and how many rows match in all.
    pub fn diagram_view(&self, f: &Filter, statements: bool, limit: usize) -> Result<(GraphData, usize, usize)> {
        let total = if statements { self.statements_at(f, 0, 1)?.total } else { self.stances_at(f, 0, 1)?.total };
        let skip = total.saturating_sub(limit);
        let mut view = GraphData { actors: self.snap.data.actors.clone(), topics: self.snap.data.topics.clone(), ..GraphData::default() };
        let (cited, edges) = if statements {
            let rows = self.statements_at(f, skip, limit)?.rows;
            let found: Vec<(String, FoundStatement)> =
                rows.into_iter().map(|h| (h.id, FoundStatement { speaker: h.speaker, kind: h.kind, text: h.text, evidence: h.evidence })).collect();
            view.statements = super::snapshot::group_statements(found);
            (view.statements.iter().flat_map(|s| s.evidence.iter().map(|e| e.article.to_string())).collect::<Vec<_>>(), view.statements.len())
        } else {
            let rows = self.stances_at(f, skip, limit)?.rows;
            let found: Vec<(String, FoundStance)> =
                rows.into_iter().map(|r| (r.stance_id, FoundStance { actor: r.actor, stance: r.stance, topic: r.topic, evidence: r.evidence })).collect();
            view.stances = super::snapshot::group_stances(found);
            (view.stances.iter().flat_map(|s| s.evidence.iter().map(|e| e.article.to_string())).collect::<Vec<_>>(), view.stances.len())
        };
        view.articles = self.articles(cited.into_iter())?.into_values().collect();
        Ok((view, edges, total))
    }

    /// Statement `id` as corrected, with all its evidence in the explorer's order.
    pub fn statement(&self, id: &str) -> Result<Option<Statement>> {
        let ids: BTreeSet<String> = [id.to_string()].into();
        let from_index = self.index.statements_by_ids(&ids)?;
        Ok(self.snap.corrected_statements(from_index, |s| s.id == id).into_iter().next())
    }

    pub fn stance(&self, id: &str) -> Result<Option<Stance>> {
        let ids: BTreeSet<String> = [id.to_string()].into();
        let from_index = self.index.stances_by_ids(&ids)?;
        Ok(self.snap.corrected_stances(from_index, |s| s.id == id).into_iter().next())
    }

    /// `actor`'s stances as corrected, with all their evidence.
    pub fn stances_of(&self, actor: &str) -> Result<Vec<Stance>> {
        let from_index = self.index.stances(None, Some(&[actor.to_string()]))?;
        Ok(self.snap.corrected_stances(from_index, |s| s.actor == actor))
    }

    /// The article's normalised text, if its file still has the text the
    /// graph was built from (spans index into it).
    pub fn article_text(&self, meta: &ArticleMeta) -> Result<String> {
        let path = article_path(meta, self.corpus.as_deref());
        let a = read_article(&path, &ReadOptions::default())?;
        if a.meta.hash != meta.hash {
            return Err(Error::Usage(format!("{} has changed since it was ingested", path.display())));
        }
        Ok(a.text)
    }
}

/// The corrections file's (modified time, length), to notice a change.
fn stamp(path: &Path) -> Option<(std::time::SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

/// The explorer's store: the graph's path and the current snapshot.
pub struct Explorer {
    graph: PathBuf,
    corpus: Option<PathBuf>,
    now: RwLock<Arc<Snapshot>>,
}

impl Explorer {
    /// Opens the graph at `graph` through its query index (built first if
    /// missing or stale) and the corrections beside it. `corpus` is where
    /// to find article files whose stored path has moved.
    pub fn open(graph: &Path, corpus: Option<&Path>) -> Result<Explorer> {
        let snap = Self::build(graph)?;
        Ok(Explorer { graph: graph.to_path_buf(), corpus: corpus.map(Path::to_path_buf), now: RwLock::new(Arc::new(snap)) })
    }

    fn build(graph: &Path) -> Result<Snapshot> {
        // Build or refresh the index, add the explorer's own indexes with no
        // read open (their writer would wait for it), then read.
        drop(open_index(graph, || {}, load_existing)?);
        // Without them (an index file it may not write) the pages are the
        // same, only slower: SQLite sorts instead of walking an index.
        let _ = ensure_browse_indexes(graph);
        let index = open_index(graph, || {}, load_existing)?;
        let path = corrections_path(graph);
        let st = stamp(&path);
        Snapshot::build(&index, load_corrections(&path)?, st)
    }

    fn current(&self) -> Arc<Snapshot> {
        match self.now.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    /// A reader for one request. When the graph was rewritten (its index
    /// names another seal) or the corrections file changed since the
    /// snapshot was built, a new snapshot is built first.
    pub fn read(&self) -> Result<Reader> {
        let snap = self.current();
        if stamp(&corrections_path(&self.graph)) == snap.stamp
            && let Some(index) = open_fresh(&self.graph)?
            && index.seal()? == snap.seal
        {
            return Ok(Reader { snap, index, corpus: self.corpus.clone() });
        }
        self.reload()?;
        let snap = self.current();
        let index = open_index(&self.graph, || {}, load_existing)?;
        Ok(Reader { snap, index, corpus: self.corpus.clone() })
    }

    fn reload(&self) -> Result<()> {
        let snap = Self::build(&self.graph)?;
        let mut now = self.now.write().unwrap_or_else(|p| p.into_inner());
        *now = Arc::new(snap);
        Ok(())
    }

    pub fn graph_path(&self) -> &Path {
        &self.graph
    }

    /// Records a correction in the file (under its lock); the next read
    /// sees the file changed and applies it, with any other coder's since.
    pub fn record(&self, c: Correction) -> Result<()> {
        record_correction(&corrections_path(&self.graph), c)?;
        self.reload()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(date: u32) -> Evidence {
        Evidence {
            article: format!("a{date:03}").into(),
            span: crate::model::Span::new(0, 1),
            sentence: crate::model::Span::new(0, 1),
            sentence_text: String::new().into(),
            cue: String::new().into(),
            rule: String::new().into(),
            date: NaiveDate::from_ymd_opt(2026, 1, date),
            resolution: String::new().into(),
        }
    }

    #[test]
    fn a_page_merges_index_rows_and_overlay_rows_in_order() {
        // Index rows on odd days, overlay rows on even days 2..=10.
        let index: Vec<Evidence> = (1..=27).step_by(2).map(ev).collect();
        let mem: Vec<Evidence> = (2..=10).step_by(2).map(ev).collect();
        fn key(e: &Evidence) -> OccKey<'_> {
            occ_key(e, "")
        }
        let mut all: Vec<Evidence> = index.iter().chain(&mem).cloned().collect();
        all.sort_by(|a, b| key(a).cmp(&key(b)));
        for size in [1, 3, 4, 7, 50] {
            for page in 1..=(all.len() / size + 2) {
                let fetch = |off: usize, lim: usize| Ok(index.iter().skip(off).take(lim).cloned().collect());
                let (rows, total) = merged_page(index.len(), fetch, mem.clone(), key, (page - 1) * size, size).unwrap();
                let want: Vec<Evidence> = all.iter().skip((page - 1) * size).take(size).cloned().collect();
                assert_eq!(total, all.len());
                assert_eq!(rows, want, "page {page} of size {size}");
            }
        }
    }
}
