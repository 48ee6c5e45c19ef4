//! The explorer's data access: everything the pages read goes through
//! [`Explorer`], so the in-memory scan here can be swapped for an indexed
//! store without touching the pages. A snapshot is the graph with its
//! corrections applied plus the sorted row indices the search pages filter;
//! recording a correction builds a new snapshot from the graph file.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock, RwLock};

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::model::{ArticleMeta, Correction, Corrections, Evidence, GraphData, QuoteKind, StanceKind, evidence_key};
use crate::query::corrections::{Applied, apply};
use crate::query::{self, Contradiction, Ledger, StatementRow};
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
    /// Every statement occurrence as (statement, evidence) indices, in
    /// the order of [`query::who_said`].
    statement_order: Vec<(u32, u32)>,
    /// Lower-cased statement texts, parallel to `data.statements`.
    folded: Vec<String>,
    /// Topics with a stance in each (article, sentence start).
    sentence_topics: HashMap<String, HashMap<usize, Vec<String>>>,
    /// Every stance evidence as (stance, evidence) indices, oldest first.
    stance_order: Vec<(usize, usize)>,
    /// Every name that speaks or holds a stance, for matching an actor
    /// query once per request instead of once per row.
    names: Vec<String>,
    contradictions: OnceLock<Vec<Contradiction>>,
    ledger: OnceLock<Ledger>,
}

impl Snapshot {
    fn build(mut data: GraphData, corrections: Corrections) -> Snapshot {
        let applied = apply(&mut data, &corrections);
        // Indices, not rows: a row per occurrence would copy every
        // evidence again (hundreds of MB at 10k articles). Order as
        // `query::who_said`: oldest first, then by speaker.
        let mut statement_order: Vec<(u32, u32)> = data
            .statements
            .iter()
            .enumerate()
            .flat_map(|(i, s)| (0..s.evidence.len()).map(move |n| (i as u32, n as u32)))
            .collect();
        let key = |&(i, n): &(u32, u32)| {
            let s = &data.statements[i as usize];
            (evidence_key(&s.evidence[n as usize]), s.speaker.as_str())
        };
        statement_order.sort_by(|a, b| key(a).cmp(&key(b)));
        let folded = data.statements.iter().map(|s| s.text.to_lowercase()).collect();
        let mut sentence_topics: HashMap<String, HashMap<usize, Vec<String>>> = HashMap::new();
        for s in &data.stances {
            for e in &s.evidence {
                sentence_topics.entry(e.article.clone()).or_default().entry(e.sentence.start).or_default().push(s.topic.clone());
            }
        }
        let articles = data.articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let mut stance_order: Vec<(usize, usize)> =
            data.stances.iter().enumerate().flat_map(|(i, s)| (0..s.evidence.len()).map(move |n| (i, n))).collect();
        stance_order.sort_by(|a, b| evidence_key(&data.stances[a.0].evidence[a.1]).cmp(&evidence_key(&data.stances[b.0].evidence[b.1])));
        let names: BTreeSet<&str> =
            data.statements.iter().map(|s| s.speaker.as_str()).chain(data.stances.iter().map(|s| s.actor.as_str())).collect();
        let names = names.into_iter().map(str::to_string).collect();
        Snapshot {
            data,
            applied,
            corrections,
            articles,
            statement_order,
            folded,
            sentence_topics,
            stance_order,
            names,
            contradictions: OnceLock::new(),
            ledger: OnceLock::new(),
        }
    }

    pub fn article(&self, id: &str) -> Option<&ArticleMeta> {
        self.articles.get(id).map(|&i| &self.data.articles[i])
    }

    fn outlet_is(&self, article: &str, outlet: &str) -> bool {
        self.article(article).and_then(|a| a.source.as_deref()).is_some_and(|s| s.eq_ignore_ascii_case(outlet.trim()))
    }

    /// The names an actor query matches (see [`query::actor_matches`]).
    fn matching(&self, q: Option<&str>) -> Option<HashSet<&str>> {
        q.map(|q| self.names.iter().map(String::as_str).filter(|n| query::actor_matches(q, n)).collect())
    }

    fn topic_id(&self, q: &str) -> String {
        query::resolve_topic(&self.data, q).unwrap_or(q).to_string()
    }

    /// Statement occurrences matching `f`, oldest first, one page.
    pub fn statements(&self, f: &Filter, page: usize) -> Page<StatementHit> {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let actors = self.matching(f.actor.as_deref());
        let keep = |&&(i, n): &&(u32, u32)| {
            let st = &self.data.statements[i as usize];
            let e = &st.evidence[n as usize];
            actors.as_ref().is_none_or(|a| a.contains(st.speaker.as_str()))
                && f.kind.is_none_or(|k| k == st.kind)
                && text.as_deref().is_none_or(|t| self.folded[i as usize].contains(t))
                && f.outlet.as_deref().is_none_or(|o| self.outlet_is(&e.article, o))
                && f.dated(e.date)
                && topic.as_deref().is_none_or(|t| {
                    self.sentence_topics
                        .get(e.article.as_str())
                        .and_then(|by_start| by_start.get(&e.sentence.start))
                        .is_some_and(|ts| ts.iter().any(|x| x == t))
                })
        };
        paginate(self.statement_order.iter().filter(keep), page, |&(i, n)| self.row(i as usize, n as usize))
    }

    /// The row of occurrence `n` of statement `i`.
    fn row(&self, i: usize, n: usize) -> StatementHit {
        let st = &self.data.statements[i];
        let e = &st.evidence[n];
        StatementHit {
            row: StatementRow {
                statement_id: st.id.clone(),
                speaker: st.speaker.clone(),
                kind: st.kind,
                text: st.text.clone(),
                article: e.article.clone(),
                article_title: self.article(&e.article).map_or_else(String::new, |a| a.title.clone()),
                date: e.date,
                evidence: e.clone(),
            },
            n,
        }
    }

    /// Stance evidences matching `f` (kind is ignored), oldest first.
    pub fn stances(&self, f: &Filter, page: usize) -> Page<StanceRow> {
        paginate(self.stance_hits(f), page, |(s, n)| StanceRow {
            stance_id: s.id.clone(),
            actor: s.actor.clone(),
            stance: s.stance,
            topic: s.topic.clone(),
            n,
            evidence: s.evidence[n].clone(),
        })
    }

    /// How many stance edges (actor, stance, topic) have evidence matching
    /// `f`: what a stance diagram would draw.
    pub fn stance_edges(&self, f: &Filter) -> usize {
        self.stance_hits(f).map(|(s, _)| s.id.as_str()).collect::<HashSet<_>>().len()
    }

    fn stance_hits<'s>(&'s self, f: &'s Filter) -> impl Iterator<Item = (&'s crate::model::Stance, usize)> + 's {
        let text = f.text.as_deref().map(|t| t.trim().to_lowercase()).filter(|t| !t.is_empty());
        let topic = f.topic.as_deref().map(|t| self.topic_id(t));
        let actors = self.matching(f.actor.as_deref());
        self.stance_order.iter().map(|&(i, n)| (&self.data.stances[i], n)).filter(move |(s, n)| {
            let e = &s.evidence[*n];
            actors.as_ref().is_none_or(|a| a.contains(s.actor.as_str()))
                && f.stance.is_none_or(|k| k == s.stance)
                && topic.as_deref().is_none_or(|t| t == s.topic)
                && f.dated(e.date)
                && f.outlet.as_deref().is_none_or(|o| self.outlet_is(&e.article, o))
                && text.as_deref().is_none_or(|t| e.sentence_text.to_lowercase().contains(t))
        })
    }

    /// Contradictions, computed once per snapshot.
    pub fn contradictions(&self) -> &[Contradiction] {
        self.contradictions.get_or_init(|| query::contradictions(&self.data, false))
    }

    /// The ledger (latest stance per actor and topic, and the moves),
    /// computed once per snapshot.
    pub fn ledger(&self) -> &Ledger {
        self.ledger.get_or_init(|| query::ledger(&self.data, None, None, false))
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
    now: RwLock<Arc<Snapshot>>,
}

impl Explorer {
    /// Loads the graph at `graph` and the corrections beside it. `corpus`
    /// is where to find article files whose stored path has moved.
    pub fn open(graph: &Path, corpus: Option<&Path>) -> Result<Explorer> {
        let corrections = load_corrections(&corrections_path(graph))?;
        let snap = Snapshot::build(load_existing(graph)?, corrections);
        Ok(Explorer { graph: graph.to_path_buf(), corpus: corpus.map(Path::to_path_buf), now: RwLock::new(Arc::new(snap)) })
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
    /// the whole file, which may hold other coders' writes since, to the
    /// graph as it is on disk now.
    pub fn record(&self, c: Correction) -> Result<()> {
        let path = corrections_path(&self.graph);
        record_correction(&path, c)?;
        // The graph is read again rather than kept as loaded: holding it
        // twice (as loaded and as corrected) doubled the memory, and a
        // re-read also sees an ingest made while serving.
        let snap = Snapshot::build(load_existing(&self.graph)?, load_corrections(&path)?);
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
