//! The facade: load rules once, then read, extract and ingest articles.
//! The CLI, the examples and the benches use this; the layers below stay
//! free to change.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::extract;
use crate::model::{Article, Extraction, GraphData};
use crate::rules::{CompiledRules, RuleSet};
use crate::source::{self, ReadOptions};
use crate::store::{self, ArticleStatus, MergeReport, RuleSnapshot};

/// Rules loaded and compiled once, ready for any number of articles.
pub struct Pipeline {
    rule_set: RuleSet,
    rules: CompiledRules,
    snapshot: RuleSnapshot,
}

/// What an ingest did, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IngestReport {
    pub graph: PathBuf,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub articles: usize,
    pub statements: usize,
    pub stances: usize,
    pub actors: usize,
}

impl std::fmt::Display for IngestReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} new, {} updated, {} unchanged articles; {} articles, {} statements, {} stances, {} actors",
            self.graph.display(),
            self.new,
            self.updated,
            self.unchanged,
            self.articles,
            self.statements,
            self.stances,
            self.actors
        )
    }
}

/// Hooks for a caller that shows progress; the library itself never prints.
pub trait Progress: Sync {
    /// Extraction of `total` articles begins.
    fn start(&self, _total: u64) {}
    /// One more article is extracted.
    fn advance(&self) {}
    /// Another process holds the graph's write lock; this one waits.
    fn waiting(&self) {}
    /// Extraction is over.
    fn finish(&self) {}
}

/// No progress shown.
pub struct Silent;
impl Progress for Silent {}

impl Pipeline {
    /// Loads, checks and compiles the rule folder `dir` (a folder with
    /// `core/` and `domains/*/` stands for all of them).
    pub fn load(dir: &Path) -> Result<Pipeline> {
        Pipeline::load_all(&[dir.to_path_buf()])
    }

    /// Loads several rule folders as one rule set.
    pub fn load_all(dirs: &[PathBuf]) -> Result<Pipeline> {
        let (rule_set, rules) = RuleSet::load_all_compiled(dirs)?;
        let snapshot = RuleSnapshot::new(&rule_set);
        Ok(Pipeline { rule_set, rules, snapshot })
    }

    /// The rule files as written.
    pub fn rule_set(&self) -> &RuleSet {
        &self.rule_set
    }

    /// The compiled rules.
    pub fn rules(&self) -> &CompiledRules {
        &self.rules
    }

    /// Reads one article file (text or HTML), finding page furniture with
    /// this rule set's lexicon.
    pub fn read(&self, path: &Path, date: Option<chrono::NaiveDate>, source: Option<String>) -> Result<Article> {
        source::read_article(path, &self.rules.read_options(date, source))
    }

    /// Extracts statements and stances from one article: a pure function of
    /// the article and the rules.
    pub fn extract(&self, article: &Article) -> Extraction {
        extract::extract(article, &self.rules)
    }

    /// Reads every article under `inputs` (files and folders), extracts the
    /// new and changed ones in parallel and merges them into the graph at
    /// `graph`, under its write lock. Every input is read and checked before
    /// the graph is touched, so a bad file leaves the graph as it was.
    pub fn ingest(&self, inputs: &[PathBuf], graph_path: &Path, opts: &ReadOptions, progress: &dyn Progress) -> Result<IngestReport> {
        let paths = source::collect_article_paths(inputs)?;
        if paths.is_empty() {
            return Err(Error::Usage("no article files (.txt, .html, .htm) found in the given folders".to_string()));
        }
        let read: Vec<Result<Article>> = paths.par_iter().map(|p| source::read_article(p, opts)).collect();
        let mut articles = Vec::with_capacity(read.len());
        for r in read {
            // The first failure in path order, so the message does not depend on scheduling.
            articles.push(r?);
        }
        // The same text under two paths is one article: keep the first path.
        let mut seen = std::collections::HashSet::new();
        articles.retain(|a| seen.insert(a.meta.id.clone()));
        self.ingest_articles(&articles, graph_path, progress)
    }

    /// [`Pipeline::ingest`] for articles already read.
    pub fn ingest_articles(&self, articles: &[Article], graph_path: &Path, progress: &dyn Progress) -> Result<IngestReport> {
        let snapshot = &self.snapshot;
        // A split (large) graph can tell from its articles alone that there is
        // nothing to do, without the lock or a full load. Best effort: a
        // concurrent writer can only make the answer stale in ways a re-run fixes.
        if let Ok(Some(index)) = store::load_index(graph_path) {
            let statuses = index.data.article_statuses(articles.iter().map(|a| &a.meta), &snapshot.hash);
            if statuses.iter().all(|s| *s == ArticleStatus::Unchanged) {
                return Ok(IngestReport {
                    graph: graph_path.to_path_buf(),
                    new: 0,
                    updated: 0,
                    unchanged: statuses.len(),
                    articles: index.data.articles.len(),
                    statements: index.statements,
                    stances: index.stances,
                    actors: index.data.actors.len(),
                });
            }
        }
        store::update_if_changed(
            graph_path,
            || progress.waiting(),
            |graph| {
                let mut unchanged = 0;
                let mut todo = Vec::new();
                let statuses = graph.article_statuses(articles.iter().map(|a| &a.meta), &snapshot.hash);
                for (a, status) in articles.iter().zip(statuses) {
                    match status {
                        ArticleStatus::Unchanged => unchanged += 1,
                        ArticleStatus::New | ArticleStatus::Changed => todo.push(a),
                    }
                }
                progress.start(todo.len() as u64);
                let changed = !todo.is_empty();
                let merged = if changed { self.merge_pipelined(graph, &todo, progress) } else { MergeReport::default() };
                progress.finish();
                let report = IngestReport {
                    graph: graph_path.to_path_buf(),
                    new: merged.new,
                    updated: merged.updated,
                    unchanged,
                    articles: graph.articles.len(),
                    statements: graph.statements.len(),
                    stances: graph.stances.len(),
                    actors: graph.actors.len(),
                };
                Ok((report, changed))
            },
        )
    }

    /// Extracts `todo` and merges it into `graph`, extraction running a chunk
    /// ahead of the merge. The merge takes chunks in path order, so the graph
    /// does not depend on scheduling; it overlaps extraction instead of
    /// following it, and only two chunks of extractions are ever held.
    fn merge_pipelined(&self, graph: &mut GraphData, todo: &[&Article], progress: &dyn Progress) -> MergeReport {
        let mut merge = graph.begin_merge(todo.iter().map(|a| a.meta.id.as_str()), &self.snapshot);
        let mut extracted: Vec<Extraction> = Vec::new();
        for chunk in todo.chunks(MERGE_CHUNK) {
            let (next, ()) = rayon::join(
                || {
                    chunk
                        .par_iter()
                        .map(|a| {
                            let ex = self.extract(a);
                            progress.advance();
                            ex
                        })
                        .collect::<Vec<_>>()
                },
                || extracted.drain(..).for_each(|ex| merge.add(ex)),
            );
            extracted = next;
        }
        extracted.into_iter().for_each(|ex| merge.add(ex));
        merge.finish()
    }
}

/// Articles extracted per step of the pipelined merge: big enough to keep
/// every core busy, small enough that the extractions held stay a few MB.
const MERGE_CHUNK: usize = 1024;

/// Opens the graph at `path` (either layout), whole.
pub fn open(path: &Path) -> Result<GraphData> {
    store::load(path)
}
