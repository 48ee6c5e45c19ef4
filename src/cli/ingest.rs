use std::io::IsTerminal;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use claimgraph::ingest::{self, Article, ReadOptions};
use claimgraph::model::Extraction;
use claimgraph::rules::{CompiledRules, RuleSet};
use claimgraph::store::{self, ArticleStatus, GraphData, MergeReport, RuleSnapshot};
use claimgraph::{Error, Result, extract};

use super::IngestArgs;

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let graph_path = &args.graph.graph;
    let (rule_set, rules) = RuleSet::load_compiled(&args.rules.rules)?;
    let snapshot = RuleSnapshot::new(&rule_set);

    // Every input is read and checked before the graph is touched, so a bad
    // file leaves the graph as it was.
    let paths = ingest::collect_article_paths(&args.inputs)?;
    if paths.is_empty() {
        return Err(Error::Usage(
            "no article files (.txt, .html, .htm) found in the given folders".to_string(),
        ));
    }
    let opts = ReadOptions {
        date: args.date,
        source: args.source.clone(),
    };
    let read: Vec<Result<Article>> = paths.par_iter().map(|p| ingest::read_article(p, &opts)).collect();
    let mut articles = Vec::with_capacity(read.len());
    for r in read {
        // The first failure in path order, so the message does not depend on scheduling.
        articles.push(r?);
    }
    // The same text under two paths is one article: keep the first path.
    let mut seen = std::collections::HashSet::new();
    articles.retain(|a| seen.insert(a.meta.id.clone()));

    let quiet = args.quiet;
    // A split (large) graph can tell from its articles alone that there is
    // nothing to do, without the lock or a full load. Best effort: a
    // concurrent writer can only make the answer stale in ways a re-run fixes.
    if let Ok(Some(index)) = store::load_index(graph_path) {
        let statuses = index.data.article_statuses(articles.iter().map(|a| &a.meta), &snapshot.hash);
        if statuses.iter().all(|s| *s == ArticleStatus::Unchanged) {
            if !quiet {
                println!(
                    "{}: 0 new, 0 updated, {} unchanged articles; {} articles, {} statements, {} stances, {} actors",
                    graph_path.display(),
                    statuses.len(),
                    index.data.articles.len(),
                    index.statements,
                    index.stances,
                    index.data.actors.len(),
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
    }
    let summary = store::update_if_changed(
        graph_path,
        || {
            if !quiet {
                eprintln!("waiting for another process writing {} ...", graph_path.display());
            }
        },
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
            let bar = progress(todo.len() as u64, quiet);
            let changed = !todo.is_empty();
            let report = if changed { merge_pipelined(graph, &todo, &rules, &snapshot, &bar) } else { Default::default() };
            bar.finish_and_clear();
            let summary = format!(
                "{}: {} new, {} updated, {} unchanged articles; {} articles, {} statements, {} stances, {} actors",
                graph_path.display(),
                report.new,
                report.updated,
                unchanged,
                graph.articles.len(),
                graph.statements.len(),
                graph.stances.len(),
                graph.actors.len(),
            );
            Ok((summary, changed))
        },
    )?;
    if !quiet {
        println!("{summary}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Extracts `todo` and merges it into `graph`, extraction running a chunk
/// ahead of the merge. The merge takes chunks in path order, so the graph
/// does not depend on scheduling; it overlaps extraction instead of
/// following it, and only two chunks of extractions are ever held.
fn merge_pipelined(graph: &mut GraphData, todo: &[&Article], rules: &CompiledRules, snapshot: &RuleSnapshot, bar: &ProgressBar) -> MergeReport {
    let mut merge = graph.begin_merge(todo.iter().map(|a| a.meta.id.as_str()), snapshot);
    let mut extracted: Vec<Extraction> = Vec::new();
    for chunk in todo.chunks(MERGE_CHUNK) {
        let (next, ()) = rayon::join(
            || {
                chunk
                    .par_iter()
                    .map(|a| {
                        let ex = extract::extract(a, rules);
                        bar.inc(1);
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

/// Articles extracted per step of the pipelined merge: big enough to keep
/// every core busy, small enough that the extractions held stay a few MB.
const MERGE_CHUNK: usize = 1024;

/// A progress bar on stderr, only for a person watching a terminal.
fn progress(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() || len < 2 {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed}") {
        bar.set_style(style);
    }
    bar
}
