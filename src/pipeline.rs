//! The facade: load rules once, then read, extract and ingest articles.
//! The CLI, the examples and the benches use this; the layers below stay
//! free to change.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::extract;
use crate::model::{Article, Extraction, GraphData};
use crate::rules::{CompiledRules, RuleSet};
use crate::source::{self, Limits, ReadOptions};
use crate::store::{self, ArticleStatus, MergeReport, RuleSnapshot};
use crate::store::relabel::Action;

/// Rules loaded and compiled once, ready for any number of articles.
pub struct Pipeline {
    rule_set: RuleSet,
    /// Shared with the threads that time long extractions.
    rules: Arc<CompiledRules>,
    snapshot: RuleSnapshot,
}

/// What an ingest did, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct IngestReport {
    pub graph: PathBuf,
    pub new: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Articles stored with other rules (counted in `updated` when
    /// extracted again, or in `relabelled`).
    pub rules_changed: usize,
    /// Articles stored with other rules, none of whose changes can touch
    /// them: they keep their extraction under the new rules' hash.
    pub relabelled: usize,
    pub articles: usize,
    pub statements: usize,
    pub stances: usize,
    pub actors: usize,
    /// Inputs that were not ingested, and why: unreadable, binary, not
    /// UTF-8, empty, over a limit, or their extraction failed. The rest of
    /// the ingest landed without them.
    pub skipped: Vec<Skipped>,
}

/// One input left out of an ingest.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Skipped {
    pub path: PathBuf,
    /// The error, with file, line and column where there is one.
    pub reason: String,
}

impl Skipped {
    fn new(err: &Error) -> Skipped {
        let path = match err {
            Error::Io { path, .. }
            | Error::BinaryArticle { path, .. }
            | Error::InvalidUtf8 { path, .. }
            | Error::ArticleTooLarge { path, .. }
            | Error::HtmlTooDeep { path, .. }
            | Error::EmptyArticle { path, .. }
            | Error::NotAFile { path }
            | Error::Walk { path, .. }
            | Error::ExtractPanic { path, .. }
            | Error::ExtractTimeout { path, .. } => path.clone(),
            other => other.location().map(|(p, _)| p.to_path_buf()).unwrap_or_default(),
        };
        Skipped { path, reason: err.to_string() }
    }
}

/// How an ingest treats the graph it adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OnDamage {
    /// A damaged graph (checksum, syntax, a part, a cross-reference) stops
    /// the ingest before anything is written.
    #[default]
    Refuse,
    /// A damaged graph is set aside as `<graph>.damaged` and rebuilt from
    /// the articles given plus those it still names that can be read.
    Repair,
}

/// The extractor an ingest runs (a parameter so tests can make it fail).
type ExtractFn = fn(&Article, &CompiledRules) -> Extraction;

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
        )?;
        if self.rules_changed > 0 {
            write!(
                f,
                "; rules changed: {} of {} articles re-extracted, {} relabelled",
                self.rules_changed - self.relabelled,
                self.rules_changed,
                self.relabelled
            )?;
        }
        if !self.skipped.is_empty() {
            write!(f, "; {} inputs skipped", self.skipped.len())?;
        }
        Ok(())
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
        Ok(Pipeline { rule_set, rules: Arc::new(rules), snapshot })
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
    /// `graph`, under its write lock. An article that cannot be read, is
    /// empty, is over a limit of `opts.limits`, or whose extraction panics or
    /// runs out of time is left out and listed in [`IngestReport::skipped`];
    /// the others land. The graph is written whole or not at all, and a
    /// damaged graph is refused (see [`Pipeline::ingest_with`] to repair it).
    pub fn ingest(&self, inputs: &[PathBuf], graph_path: &Path, opts: &ReadOptions, progress: &dyn Progress) -> Result<IngestReport> {
        self.ingest_with(inputs, graph_path, opts, OnDamage::Refuse, progress)
    }

    /// [`Pipeline::ingest`], saying what to do with a damaged graph.
    pub fn ingest_with(&self, inputs: &[PathBuf], graph_path: &Path, opts: &ReadOptions, on_damage: OnDamage, progress: &dyn Progress) -> Result<IngestReport> {
        let mut inputs = inputs.to_vec();
        if on_damage == OnDamage::Repair
            && let Ok(old) = store::load_unchecked(graph_path)
            && (store::check(graph_path).is_err() || !store::verify::structure(&old).is_empty())
        {
            // The articles the damaged graph names, where it can still be
            // read that far and the files are still there.
            inputs.extend(old.articles.iter().map(|a| PathBuf::from(&a.path)).filter(|p| p.is_file()));
        }
        let (paths, mut skipped) = article_paths(&inputs)?;
        let read: Vec<Result<Article>> = paths.par_iter().map(|p| source::read_article(p, opts)).collect();
        let mut articles = Vec::with_capacity(read.len());
        for r in read {
            // In path order, so the report does not depend on scheduling.
            match r {
                Ok(a) => articles.push(a),
                Err(e) => skipped.push(Skipped::new(&e)),
            }
        }
        // The same text under two paths is one article: keep the first path.
        let mut seen = std::collections::HashSet::new();
        articles.retain(|a| seen.insert(a.meta.id.clone()));
        let mut report = if articles.is_empty() {
            // Nothing to add: the graph is neither created nor rewritten.
            let graph = if graph_path.exists() { store::load(graph_path)? } else { GraphData::new() };
            IngestReport {
                graph: graph_path.to_path_buf(),
                new: 0,
                updated: 0,
                unchanged: 0,
                articles: graph.articles.len(),
                statements: graph.statements.len(),
                stances: graph.stances.len(),
                actors: graph.actors.len(),
                ..IngestReport::default()
            }
        } else {
            self.ingest_guarded(articles, graph_path, opts.limits, on_damage, progress, extract::extract)?
        };
        skipped.append(&mut report.skipped);
        report.skipped = skipped;
        Ok(report)
    }

    /// [`Pipeline::ingest`] for articles already read, with the default
    /// limits. The articles are copied: the ingest frees each text once it
    /// is extracted.
    pub fn ingest_articles(&self, articles: &[Article], graph_path: &Path, progress: &dyn Progress) -> Result<IngestReport> {
        self.ingest_guarded(articles.to_vec(), graph_path, Limits::default(), OnDamage::Refuse, progress, extract::extract)
    }

    fn ingest_guarded(&self, mut articles: Vec<Article>, graph_path: &Path, limits: Limits, on_damage: OnDamage, progress: &dyn Progress, extractor: ExtractFn) -> Result<IngestReport> {
        let snapshot = &self.snapshot;
        // A graph with a current query index tells from it alone, without
        // the lock, that there is nothing to do.
        let ids: Vec<&str> = articles.iter().map(|a| a.meta.id.as_str()).collect();
        let indexed = store::append::stored_state(graph_path, &ids).ok().flatten();
        if let Some((stored, c)) = &indexed
            && let Some(report) = self.nothing_to_do(&articles, graph_path, stored, [c.articles, c.statements, c.stances, c.actors])
        {
            return Ok(report);
        }
        // A split (large) graph can tell from its articles alone that there is
        // nothing to do, without the lock or a full load. Best effort: a
        // concurrent writer can only make the answer stale in ways a re-run fixes.
        if indexed.is_none()
            && let Ok(Some(index)) = store::load_index(graph_path)
        {
            let size = [index.data.articles.len(), index.statements, index.stances, index.data.actors.len()];
            if let Some(report) = self.nothing_to_do(&articles, graph_path, &index.data, size) {
                return Ok(report);
            }
        }
        if on_damage == OnDamage::Refuse
            && articles.len() <= APPEND_MAX_ARTICLES
            && let Some(report) = self.ingest_appended(&articles, graph_path, limits, progress, extractor)?
        {
            return Ok(report);
        }
        store::update_checked(
            graph_path,
            || progress.waiting(),
            on_damage == OnDamage::Repair,
            |graph| {
                let statuses = graph.article_statuses(articles.iter().map(|a| &a.meta), &snapshot.hash);
                let mut plan = store::relabel::Plan::new(graph, &articles, &statuses, snapshot);
                let mut relabelled = 0;
                for (a, action) in articles.iter().zip(&plan.actions) {
                    if *action == Action::Relabel {
                        graph.article_rules.insert(a.meta.id.clone(), snapshot.hash.clone());
                        relabelled += 1;
                    }
                }
                let todo = plan.actions.iter().filter(|x| **x == Action::Extract).count();
                progress.start(todo as u64);
                let (merged, failed) = if todo == 0 && relabelled == 0 {
                    (MergeReport::default(), Vec::new())
                } else {
                    self.merge_pipelined(graph, &mut articles, &mut plan, limits, progress, extractor)
                };
                progress.finish();
                // An article pulled into a second round was relabelled first.
                let relabelled = plan.actions.iter().filter(|x| **x == Action::Relabel).count();
                let changed = merged.new + merged.updated + merged.dropped + relabelled > 0;
                let report = IngestReport {
                    graph: graph_path.to_path_buf(),
                    new: merged.new,
                    updated: merged.updated,
                    unchanged: plan.actions.iter().filter(|x| **x == Action::Skip).count(),
                    rules_changed: plan.rules_changed,
                    relabelled,
                    articles: graph.articles.len(),
                    statements: graph.statements.len(),
                    stances: graph.stances.len(),
                    actors: graph.actors.len(),
                    skipped: failed,
                };
                Ok((report, changed))
            },
        )
    }

    /// The report of an ingest with nothing to do, when `stored` (what the
    /// graph holds of these articles) says every one is unchanged; `size`
    /// is the graph's articles, statements, stances and actors.
    fn nothing_to_do(&self, articles: &[Article], graph_path: &Path, stored: &GraphData, size: [usize; 4]) -> Option<IngestReport> {
        let statuses = stored.article_statuses(articles.iter().map(|a| &a.meta), &self.snapshot.hash);
        statuses.iter().all(|s| *s == ArticleStatus::Unchanged).then(|| IngestReport {
            graph: graph_path.to_path_buf(),
            new: 0,
            updated: 0,
            unchanged: statuses.len(),
            articles: size[0],
            statements: size[1],
            stances: size[2],
            actors: size[3],
            ..IngestReport::default()
        })
    }

    /// A few articles into a large graph whose query index is current:
    /// their records go into the graph's log and the index, without reading
    /// or rewriting the rest (see [`store::append`]). `None` when the graph
    /// is not such a graph.
    fn ingest_appended(&self, articles: &[Article], graph_path: &Path, limits: Limits, progress: &dyn Progress, extractor: ExtractFn) -> Result<Option<IngestReport>> {
        let snapshot = &self.snapshot;
        let ids: Vec<&str> = articles.iter().map(|a| a.meta.id.as_str()).collect();
        let appended = store::append::append(graph_path, || progress.waiting(), snapshot, &ids, |stored| {
            let statuses = stored.article_statuses(articles.iter().map(|a| &a.meta), &snapshot.hash);
            let todo: Vec<&Article> = articles.iter().zip(&statuses).filter(|(_, s)| **s != ArticleStatus::Unchanged).map(|(a, _)| a).collect();
            progress.start(todo.len() as u64);
            let extracted: Vec<Result<Extraction>> = todo
                .par_iter()
                .map(|a| {
                    let ex = self.extract_guarded(a, limits.time_budget, extractor);
                    progress.advance();
                    ex
                })
                .collect();
            progress.finish();
            let known: std::collections::HashSet<&str> = stored.articles.iter().map(|a| a.id.as_str()).collect();
            let mut report = IngestReport { graph: graph_path.to_path_buf(), unchanged: articles.len() - todo.len(), ..IngestReport::default() };
            let mut entries = Vec::with_capacity(todo.len());
            for (a, ex) in todo.iter().zip(extracted) {
                match ex {
                    Ok(ex) => {
                        if known.contains(a.meta.id.as_str()) {
                            report.updated += 1;
                        } else {
                            report.new += 1;
                        }
                        entries.push(store::log::LogEntry::Added(Box::new(store::log::LogExtraction::of(ex))));
                    }
                    Err(e) => {
                        report.skipped.push(Skipped::new(&e));
                        entries.push(store::log::LogEntry::LeftOut(a.meta.id.clone()));
                    }
                }
            }
            Ok((report, entries))
        })?;
        Ok(appended.map(|(mut report, counts)| {
            report.articles = counts.articles;
            report.statements = counts.statements;
            report.stances = counts.stances;
            report.actors = counts.actors;
            report
        }))
    }

    /// Extracts the articles `plan` marks and merges them into `graph`,
    /// extraction running a chunk ahead of the merge. The merge takes chunks
    /// in path order, so the graph does not depend on scheduling; it overlaps
    /// extraction instead of following it, and only two chunks of
    /// extractions are ever held. An article whose extraction fails is left
    /// out of the graph and returned. Each chunk's texts are freed once it
    /// is extracted: at 100k articles the texts alone are about 400 MB, and
    /// the graph grows meanwhile. When the plan relabels articles, the names
    /// the extractions discover may pull more articles into a second round
    /// (see [`store::relabel`]).
    fn merge_pipelined(&self, graph: &mut GraphData, articles: &mut [Article], plan: &mut store::relabel::Plan, limits: Limits, progress: &dyn Progress, extractor: ExtractFn) -> (MergeReport, Vec<Skipped>) {
        let first: Vec<usize> = (0..articles.len()).filter(|&i| plan.actions[i] == Action::Extract).collect();
        let mut merge = graph.begin_merge(first.iter().map(|&i| articles[i].meta.id.as_str()), &self.snapshot);
        let mut failed = Vec::new();
        if plan.relabels {
            merge.keep_rows_except(plan.complete.clone());
        }
        self.extract_into(&mut merge, articles, &first, limits, progress, extractor, &mut failed);
        if plan.relabels {
            let names = merge.names_to_settle(&plan.suspects);
            let more = plan.second_round(names, articles);
            merge.keep_rows_except(plan.complete.clone());
            merge.replace_more(more.iter().map(|&i| articles[i].meta.id.as_str()));
            self.extract_into(&mut merge, articles, &more, limits, progress, extractor, &mut failed);
        }
        (merge.finish(), failed)
    }

    /// Extracts `articles[todo]` a chunk at a time and adds them to `merge`.
    #[allow(clippy::too_many_arguments)]
    fn extract_into(&self, merge: &mut store::Merge, articles: &mut [Article], todo: &[usize], limits: Limits, progress: &dyn Progress, extractor: ExtractFn, failed: &mut Vec<Skipped>) {
        let mut extracted: Vec<(String, Result<Extraction>)> = Vec::new();
        let mut add = |batch: &mut Vec<(String, Result<Extraction>)>, merge: &mut store::Merge| {
            for (id, ex) in batch.drain(..) {
                match ex {
                    Ok(ex) => merge.add(ex),
                    Err(e) => {
                        merge.leave_out(&id);
                        failed.push(Skipped::new(&e));
                    }
                }
            }
        };
        for chunk in todo.chunks(MERGE_CHUNK) {
            let refs: Vec<&Article> = chunk.iter().map(|&i| &articles[i]).collect();
            let (next, ()) = rayon::join(
                || {
                    refs.par_iter()
                        .map(|a| {
                            let ex = self.extract_guarded(a, limits.time_budget, extractor);
                            progress.advance();
                            (a.meta.id.clone(), ex)
                        })
                        .collect::<Vec<_>>()
                },
                || add(&mut extracted, merge),
            );
            extracted = next;
            for &i in chunk {
                articles[i].text = String::new();
                articles[i].boilerplate = Vec::new();
            }
        }
        add(&mut extracted, merge);
    }

    /// Runs `extractor` on one article so that a panic becomes that
    /// article's error, and a long article that runs past `budget` is given
    /// up on. The timed extraction runs on a thread of its own, which is
    /// left to finish in the background (a thread cannot be stopped from
    /// outside); the command-line tool exits when the ingest is written.
    fn extract_guarded(&self, article: &Article, budget: Option<Duration>, extractor: ExtractFn) -> Result<Extraction> {
        let path = || PathBuf::from(&article.meta.path);
        let budget = budget.filter(|_| article.text.len() >= Limits::WATCHED_BYTES);
        let Some(budget) = budget else {
            return catch_unwind(AssertUnwindSafe(|| extractor(article, &self.rules)))
                .map_err(|p| Error::ExtractPanic { path: path(), message: panic_message(p.as_ref()) });
        };
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        let rules = Arc::clone(&self.rules);
        let owned = article.clone();
        let spawned = std::thread::Builder::new().name("claimgraph-timed-extract".into()).spawn(move || {
            let out = catch_unwind(AssertUnwindSafe(|| extractor(&owned, &rules))).map_err(|p| panic_message(p.as_ref()));
            let _ = tx.send(out);
        });
        if spawned.is_err() {
            // No thread to spare: extract here, untimed.
            return catch_unwind(AssertUnwindSafe(|| extractor(article, &self.rules)))
                .map_err(|p| Error::ExtractPanic { path: path(), message: panic_message(p.as_ref()) });
        }
        match rx.recv_timeout(budget) {
            Ok(Ok(ex)) => Ok(ex),
            Ok(Err(message)) => Err(Error::ExtractPanic { path: path(), message }),
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(Error::ExtractTimeout { path: path(), seconds: budget.as_secs().max(1) }),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(Error::ExtractPanic { path: path(), message: "the extraction thread ended without a result".into() }),
        }
    }
}

/// The article files under `inputs`, in path order, and the problems met
/// on the way as skipped entries; no file and no problem at all is a usage
/// error.
fn article_paths(inputs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Skipped>)> {
    let walk = source::walk_article_paths(inputs)?;
    if walk.paths.is_empty() && walk.problems.is_empty() {
        return Err(Error::Usage("no article files (.txt, .html, .htm) found in the given folders".to_string()));
    }
    let skipped = walk.problems.iter().map(Skipped::new).collect();
    Ok((walk.paths, skipped))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// What a merge did, for the summary line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MergeSummary {
    pub graph: PathBuf,
    /// Records and graphs read.
    pub records: usize,
    pub graphs: usize,
    /// Records extracted with rules other than the merge's: their evidence
    /// lands, but the actor and topic lists are the merge's rules.
    pub other_rules: usize,
    pub articles: usize,
    pub statements: usize,
    pub stances: usize,
    pub actors: usize,
}

impl std::fmt::Display for MergeSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: merged {} records and {} graphs; {} articles, {} statements, {} stances, {} actors",
            self.graph.display(),
            self.records,
            self.graphs,
            self.articles,
            self.statements,
            self.stances,
            self.actors
        )
    }
}

impl Pipeline {
    /// The rule set's hash, actors and topics, as a graph records them.
    pub fn snapshot(&self) -> &RuleSnapshot {
        &self.snapshot
    }

    /// The self-contained record of one article (see [`store::Record`]).
    pub fn record(&self, article: &Article) -> store::Record {
        store::Record::new(&self.extract(article), &self.snapshot)
    }

    /// Reads every article under `inputs` and hands its record to `out`, in
    /// path order, extracting a chunk at a time in parallel. Articles that
    /// cannot be read or whose extraction fails are returned, as an ingest
    /// skips them; an error from `out` stops the run.
    pub fn records(&self, inputs: &[PathBuf], opts: &ReadOptions, mut out: impl FnMut(store::Record) -> Result<()>) -> Result<Vec<Skipped>> {
        let (paths, mut skipped) = article_paths(inputs)?;
        for chunk in paths.chunks(MERGE_CHUNK) {
            let done: Vec<Result<store::Record>> = chunk
                .par_iter()
                .map(|p| {
                    let article = source::read_article(p, opts)?;
                    let ex = self.extract_guarded(&article, opts.limits.time_budget, extract::extract)?;
                    Ok(store::Record::new(&ex, &self.snapshot))
                })
                .collect();
            for r in done {
                match r {
                    Ok(record) => out(record)?,
                    Err(e) => skipped.push(Skipped::new(&e)),
                }
            }
        }
        Ok(skipped)
    }

    /// Folds the records and graphs in `inputs` (see
    /// [`store::read_fold_inputs`]) into the graph at `graph_path`, under
    /// its write lock, with this pipeline's rules as the actor and topic
    /// lists: the graph an ingest of the same articles would give. The
    /// graph already there is one more input, so merging again changes
    /// nothing.
    pub fn merge(&self, inputs: &[PathBuf], graph_path: &Path, progress: &dyn Progress) -> Result<MergeSummary> {
        let mut folded = Vec::new();
        let (mut records, mut graphs, mut other_rules) = (0, 0, 0);
        for path in inputs {
            for input in store::read_fold_inputs(path)? {
                match &input {
                    store::FoldInput::Record(r) => {
                        records += 1;
                        other_rules += usize::from(r.rules != self.snapshot.hash);
                    }
                    store::FoldInput::Graph(_) => graphs += 1,
                }
                folded.push(input);
            }
        }
        store::update_checked(graph_path, || progress.waiting(), false, |graph| {
            let old = std::mem::take(graph);
            let all = std::iter::once(store::FoldInput::Graph(Box::new(old))).chain(folded);
            *graph = store::fold(all, &self.snapshot);
            let summary = MergeSummary {
                graph: graph_path.to_path_buf(),
                records,
                graphs,
                other_rules,
                articles: graph.articles.len(),
                statements: graph.statements.len(),
                stances: graph.stances.len(),
                actors: graph.actors.len(),
            };
            Ok((summary, true))
        })
    }
}

/// Ingests of up to this many articles into a large graph with a current
/// query index append to its log; larger ones rewrite the graph (and so
/// compact the log).
const APPEND_MAX_ARTICLES: usize = 1000;

/// Articles extracted per step of the pipelined merge: big enough to keep
/// every core busy, small enough that the extractions held stay a few MB.
const MERGE_CHUNK: usize = 1024;

/// Opens the graph at `path` (either layout), whole.
pub fn open(path: &Path) -> Result<GraphData> {
    store::load(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pipeline() -> Pipeline {
        Pipeline::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")).unwrap()
    }

    fn article(p: &Pipeline, name: &str, text: &str) -> Article {
        let opts = p.rules().read_options(None, None);
        source::parse_article(Path::new(name), text, &opts)
    }

    /// Panics on articles that ask for it, extracts the others.
    fn panicky(a: &Article, rules: &CompiledRules) -> Extraction {
        if a.text.contains("PANIC HERE") {
            panic!("planted failure");
        }
        extract::extract(a, rules)
    }

    /// Takes far longer than any budget on articles that ask for it.
    fn sleepy(a: &Article, rules: &CompiledRules) -> Extraction {
        if a.text.contains("SLEEP HERE") {
            std::thread::sleep(Duration::from_secs(30));
        }
        extract::extract(a, rules)
    }

    #[test]
    fn a_panic_in_one_extraction_skips_that_article_only() {
        let p = pipeline();
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        let good = article(&p, "good.txt", "Talks\n\nJane Roe said the harbour would reopen.\n");
        let bad = article(&p, "bad.txt", "Talks\n\nPANIC HERE said John Doe.\n");
        let report = p.ingest_guarded(vec![bad, good], &graph, Limits::default(), OnDamage::Refuse, &Silent, panicky).unwrap();
        assert_eq!((report.new, report.articles), (1, 1), "{report:?}");
        assert_eq!(report.skipped.len(), 1);
        assert!(report.skipped[0].reason.contains("bad.txt: extraction failed (panic: planted failure)"), "{:?}", report.skipped);
        assert_eq!(store::load(&graph).unwrap().articles[0].path, "good.txt");
    }

    #[test]
    fn a_long_article_past_its_time_budget_is_skipped() {
        let p = pipeline();
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        let filler = "The harbour committee met again on Tuesday. ".repeat(Limits::WATCHED_BYTES / 40);
        let slow = article(&p, "slow.txt", &format!("Talks\n\nSLEEP HERE. {filler}\n"));
        let good = article(&p, "good.txt", "Talks\n\nJane Roe said the harbour would reopen.\n");
        let limits = Limits { time_budget: Some(Duration::from_millis(300)), ..Limits::default() };
        let t = std::time::Instant::now();
        let report = p.ingest_guarded(vec![slow, good], &graph, limits, OnDamage::Refuse, &Silent, sleepy).unwrap();
        assert!(t.elapsed() < Duration::from_secs(20), "waited {:?}", t.elapsed());
        assert_eq!(report.new, 1);
        assert!(report.skipped[0].reason.contains("slow.txt: extraction took longer than the budget of 1 s"), "{:?}", report.skipped);
    }
}
