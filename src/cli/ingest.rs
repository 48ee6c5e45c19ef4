use std::io::{IsTerminal, Read};
use std::path::Path;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use claimgraph::source::Limits;
use claimgraph::{Error, IngestReport, OnDamage, Pipeline, Progress, Result};

use super::IngestArgs;
use super::output::{info, note, print_json, quiet};

/// Exit status of an ingest that landed but left some inputs out.
pub const EXIT_SKIPPED: u8 = 3;

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let quiet = quiet();
    let pipeline = Pipeline::load_all(&args.rules.dirs())?;
    info(&format!("graph: {}", args.graph.graph.display()));
    let mut opts = pipeline.rules().read_options(args.date, args.source.clone());
    opts.limits = Limits {
        max_article_bytes: args.max_article_bytes,
        max_html_depth: args.max_html_depth,
        time_budget: (args.time_budget > 0).then(|| std::time::Duration::from_secs(args.time_budget)),
    };
    let on_damage = if args.repair { OnDamage::Repair } else { OnDamage::Refuse };
    let bar = Bar::new(quiet, args.graph.graph.clone());
    let report = if args.inputs.iter().any(|p| p == Path::new("-")) {
        ingest_stdin(&pipeline, &args, &opts, &bar)?
    } else {
        pipeline.ingest_with(&args.inputs, &args.graph.graph, &opts, on_damage, &bar)?
    };
    // Warnings are shown even with --quiet: they say what is missing.
    for s in &report.skipped {
        eprintln!("warning: skipped {}", s.reason);
    }
    if args.json {
        print_json(&report)?;
    } else if !quiet {
        println!("{report}");
        review_notice(&args.graph.graph)?;
    }
    Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_SKIPPED) })
}

/// Says how reviewers' corrections fare on the new extraction: they are
/// kept beside the graph and applied on reading, so re-extracted articles
/// keep their corrections unless the statement is no longer found at all.
fn review_notice(graph: &Path) -> Result<()> {
    if !claimgraph::store::corrections_path(graph).exists() {
        return Ok(());
    }
    let (_, applied) = claimgraph::query::corrections::load_corrected(graph)?;
    note(&format!(
        "{} corrections apply to {} statement or stance occurrences; {} no longer find their target",
        applied.total, applied.changed, applied.unmatched
    ));
    Ok(())
}

/// `ingest -`: one article from standard input, recorded under
/// `--stdin-name` (whose extension says whether it is HTML).
fn ingest_stdin(pipeline: &Pipeline, args: &IngestArgs, opts: &claimgraph::source::ReadOptions, bar: &Bar) -> Result<IngestReport> {
    if args.inputs.len() > 1 {
        return Err(Error::Usage("`-` reads one article from standard input: give it alone".into()));
    }
    let name = &args.stdin_name;
    let mut bytes = Vec::new();
    std::io::stdin().lock().read_to_end(&mut bytes).map_err(|e| Error::io("<stdin>", e))?;
    let raw = claimgraph::source::decode_text(name, &bytes)?;
    if raw.trim().is_empty() {
        return Err(Error::Usage("standard input is empty: no article to ingest".into()));
    }
    let article = claimgraph::source::parse_article(name, &raw, opts);
    pipeline.ingest_articles(&[article], &args.graph.graph, bar)
}

/// A progress bar on stderr, only for a person watching a terminal.
pub struct Bar {
    bar: std::sync::OnceLock<ProgressBar>,
    quiet: bool,
    graph: std::path::PathBuf,
}

impl Bar {
    pub fn new(quiet: bool, graph: std::path::PathBuf) -> Bar {
        Bar { bar: std::sync::OnceLock::new(), quiet, graph }
    }
}

impl Progress for Bar {
    fn start(&self, total: u64) {
        let bar = if self.quiet || !std::io::stderr().is_terminal() || total < 2 {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles {elapsed}") {
                bar.set_style(style);
            }
            bar
        };
        let _ = self.bar.set(bar);
    }
    fn advance(&self) {
        if let Some(bar) = self.bar.get() {
            bar.inc(1);
        }
    }
    fn waiting(&self) {
        if !self.quiet {
            eprintln!("waiting for another process writing {} ...", self.graph.display());
        }
    }
    fn finish(&self) {
        if let Some(bar) = self.bar.get() {
            bar.finish_and_clear();
        }
    }
}
