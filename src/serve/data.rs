//! The explorer's data access: everything the pages read goes through
//! [`Explorer`], so the in-memory scan here can be swapped for an indexed
//! store without touching the pages. A snapshot is the graph with its
//! corrections applied plus the flattened rows the search pages filter;
//! recording a correction builds a new snapshot from the graph as loaded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{ArticleMeta, Correction, Corrections, Evidence, GraphData, QuoteKind, StanceKind};
use crate::query::corrections::{Applied, apply};
use crate::query::{self, Contradiction, StatementFilter, StatementRow};
use crate::source::{ReadOptions, read_article};
use crate::store::{corrections_path, load_corrections, load_existing, record_correction, verify::article_path};

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

/// One page of rows and how many there are in all.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub total: usize,
    pub page: usize,
}

impl<T> Page<T> {
    pub fn pages(&self) -> usize {
        self.total.div_ceil(PAGE_SIZE).max(1)
    }
}

/// One stance evidence as the search lists it.
#[derive(Debug, Clone)]
pub struct StanceRow {
    pub stance_id: String,
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    /// Index of the evidence in the stance, for the evidence page.
    pub n: usize,
    pub evidence: Evidence,
}

/// A statement row with its position among the statement's evidences.
#[derive(Debug, Clone)]
pub struct StatementHit {
    pub row: StatementRow,
    pub n: usize,
}

/// The graph as the pages see it at one moment.
pub struct Snapshot {
    pub data: GraphData,
    pub applied: Applied,
    pub corrections: Corrections,
    articles: HashMap<String, usize>,
    statements: Vec<StatementHit>,
    /// Lower-cased statement texts, parallel to `statements`.
    folded: Vec<String>,
    /// Topics with a stance in each (article, sentence start).
    sentence_topics: HashMap<(String, usize), Vec<String>>,
    contradictions: OnceLock<Vec<Contradiction>>,
}

impl Snapshot {
    fn build(raw: &GraphData, corrections: Corrections) -> Snapshot {
        let mut data = raw.clone();
        let applied = apply(&mut data, &corrections);
        let mut statements: Vec<StatementHit> = Vec::new();
        let index: HashMap<(&str, &str, usize), usize> = data
            .statements
            .iter()
            .flat_map(|s| s.evidence.iter().enumerate().map(move |(n, e)| ((s.id.as_str(), e.article.as_str(), e.span.start), n)))
            .collect();
        for row in query::who_said(&data, &StatementFilter::default()) {
            let n = index.get(&(row.statement_id.as_str(), row.article.as_str(), row.evidence.span.start)).copied().unwrap_or(0);
            statements.push(StatementHit { row, n });
        }
        let folded = statements.iter().map(|h| h.row.text.to_lowercase()).collect();
        let mut sentence_topics: HashMap<(String, usize), Vec<String>> = HashMap::new();
        for s in &data.stances {
            for e in &s.evidence {
                sentence_topics.entry((e.article.clone(), e.sentence.start)).or_default().push(s.topic.clone());
            }
        }
        let articles = data.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        Snapshot { data, applied, corrections, articles, statements, folded, sentence_topics, contradictions: OnceLock::new() }
    }

    pub fn article(&self, id: &str) -> Option<&ArticleMeta> {
        self.articles.get(id).map(|&i| &self.data.articles[i])
    }

    fn outlet_is(&self, article: &str, outlet: &str) -> bool {
        self.article(article).and_then(|a| a.source.as_deref()).is_some_and(|s| s.eq_ignore_ascii_case(outlet.trim()))
    }

    fn topic_id(&self, q: &str) -> String {
        query::resolve_topic(&self.data, q).unwrap_or(q).to_string()
    }

    /// Statement occurrences matching `f`, oldest first, one page.
    pub fn statements(&self, f: &Filter, page: usize) -> Page<StatementHit> {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let keep = |i: &usize| {
            let h = &self.statements[*i];
            let e = &h.row.evidence;
            f.actor.as_deref().is_none_or(|a| query::actor_matches(a, &h.row.speaker))
                && f.kind.is_none_or(|k| k == h.row.kind)
                && text.as_deref().is_none_or(|t| self.folded[*i].contains(t))
                && f.outlet.as_deref().is_none_or(|o| self.outlet_is(&e.article, o))
                && f.dated(e.date)
                && topic.as_deref().is_none_or(|t| {
                    self.sentence_topics
                        .get(&(e.article.clone(), e.sentence.start))
                        .is_some_and(|ts| ts.iter().any(|x| x == t))
                })
        };
        paginate((0..self.statements.len()).filter(keep), page, |i| self.statements[i].clone())
    }

    /// Stance evidences matching `f` (kind is ignored), oldest first.
    pub fn stances(&self, f: &Filter, page: usize) -> Page<StanceRow> {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let mut hits: Vec<(&crate::model::Stance, usize)> = Vec::new();
        for s in &self.data.stances {
            if f.actor.as_deref().is_some_and(|a| !query::actor_matches(a, &s.actor))
                || f.stance.is_some_and(|k| k != s.stance)
                || topic.as_deref().is_some_and(|t| t != s.topic)
            {
                continue;
            }
            for (n, e) in s.evidence.iter().enumerate() {
                if f.dated(e.date)
                    && f.outlet.as_deref().is_none_or(|o| self.outlet_is(&e.article, o))
                    && text.as_deref().is_none_or(|t| e.sentence_text.to_lowercase().contains(t))
                {
                    hits.push((s, n));
                }
            }
        }
        hits.sort_by(|a, b| crate::model::evidence_key(&a.0.evidence[a.1]).cmp(&crate::model::evidence_key(&b.0.evidence[b.1])));
        paginate(hits.into_iter(), page, |(s, n)| StanceRow {
            stance_id: s.id.clone(),
            actor: s.actor.clone(),
            stance: s.stance,
            topic: s.topic.clone(),
            n,
            evidence: s.evidence[n].clone(),
        })
    }

    /// Contradictions, computed once per snapshot.
    pub fn contradictions(&self) -> &[Contradiction] {
        self.contradictions.get_or_init(|| query::contradictions(&self.data, false))
    }

    /// The evidence `n` of statement or stance `id`.
    pub fn evidence(&self, kind: EvidenceOf, id: &str, n: usize) -> Option<&Evidence> {
        match kind {
            EvidenceOf::Statement => self.data.statements.iter().find(|s| s.id == id)?.evidence.get(n),
            EvidenceOf::Stance => self.data.stances.iter().find(|s| s.id == id)?.evidence.get(n),
        }
    }
}

/// Which kind of edge an evidence page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvidenceOf {
    Statement,
    Stance,
}

fn paginate<I, U>(items: impl Iterator<Item = I>, page: usize, make: impl Fn(I) -> U) -> Page<U> {
    let page = page.max(1);
    let skip = (page - 1).saturating_mul(PAGE_SIZE);
    let mut total = 0;
    let mut rows = Vec::new();
    for it in items {
        if total >= skip && rows.len() < PAGE_SIZE {
            rows.push(make(it));
        }
        total += 1;
    }
    Page { rows, total, page }
}

/// The explorer's store: the graph as loaded and the current snapshot.
pub struct Explorer {
    graph: PathBuf,
    corpus: Option<PathBuf>,
    raw: GraphData,
    now: RwLock<Arc<Snapshot>>,
}

impl Explorer {
    /// Loads the graph at `graph` and the corrections beside it. `corpus`
    /// is where to find article files whose stored path has moved.
    pub fn open(graph: &Path, corpus: Option<&Path>) -> Result<Explorer> {
        let raw = load_existing(graph)?;
        let corrections = load_corrections(&corrections_path(graph))?;
        let snap = Snapshot::build(&raw, corrections);
        Ok(Explorer { graph: graph.to_path_buf(), corpus: corpus.map(Path::to_path_buf), raw, now: RwLock::new(Arc::new(snap)) })
    }

    pub fn snapshot(&self) -> Arc<Snapshot> {
        match self.now.read() {
            Ok(s) => Arc::clone(&s),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    pub fn graph_path(&self) -> &Path {
        &self.graph
    }

    /// Records a correction in the file (under its lock) and re-applies
    /// the whole file, which may hold other coders' writes since.
    pub fn record(&self, c: Correction) -> Result<()> {
        let path = corrections_path(&self.graph);
        record_correction(&path, c)?;
        let snap = Snapshot::build(&self.raw, load_corrections(&path)?);
        let mut now = self.now.write().unwrap_or_else(|p| p.into_inner());
        *now = Arc::new(snap);
        Ok(())
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
