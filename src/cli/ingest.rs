use std::io::IsTerminal;
use std::process::ExitCode;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use claimgraph::{Pipeline, Progress, Result};

use super::IngestArgs;

pub fn run(args: IngestArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::load_all(&args.rules.rules)?;
    let opts = pipeline.rules().read_options(args.date, args.source.clone());
    let bar = Bar { bar: std::sync::OnceLock::new(), quiet: args.quiet, graph: args.graph.graph.clone() };
    let report = pipeline.ingest(&args.inputs, &args.graph.graph, &opts, &bar)?;
    if !args.quiet {
        println!("{report}");
    }
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on stderr, only for a person watching a terminal.
struct Bar {
    bar: std::sync::OnceLock<ProgressBar>,
    quiet: bool,
    graph: std::path::PathBuf,
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
