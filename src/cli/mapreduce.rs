//! `extract --jsonl` and `merge`: the map and reduce halves of an ingest,
//! for running extraction on many machines and merging on one.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;

use claimgraph::{Error, Pipeline, Result};

use super::ingest::{EXIT_SKIPPED, Bar};
use super::output::{is_stdout, print_json, quiet, write_output_with};
use super::{GraphArg, RulesArg};

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Article files or folders (plain text or HTML).
    #[arg(required = true, value_name = "ARTICLES")]
    pub inputs: Vec<PathBuf>,
    /// Write JSON lines: one self-contained record per article (article,
    /// rules hash, statements, stances, actors, topics). The only format.
    #[arg(long, required = true)]
    pub jsonl: bool,
    /// Output file; `-` (the default) is standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    #[command(flatten)]
    pub rules: RulesArg,
    /// Date for articles that carry none (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Publication name for articles that carry none.
    #[arg(long)]
    pub source: Option<String>,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Record files (JSON lines from `extract --jsonl`) and graphs, in any
    /// mix and order; the graph at --graph, if there is one, is folded in too.
    #[arg(required = true, value_name = "RECORDS_OR_GRAPHS")]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub graph: GraphArg,
    /// The rules whose actors and topics the graph lists (use the rules the
    /// records were extracted with).
    #[command(flatten)]
    pub rules: RulesArg,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn extract(args: ExtractArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::load_all(&args.rules.dirs())?;
    let opts = pipeline.rules().read_options(args.date, args.source.clone());
    let out_name = if is_stdout(&args.output) { PathBuf::from("<stdout>") } else { args.output.clone() };
    let mut count = 0usize;
    let mut skipped = Vec::new();
    // A file is written beside its final place and renamed when complete,
    // so a reader never sees half the records.
    write_output_with(&args.output, |sink| {
        skipped = pipeline.records(&args.inputs, &opts, |record| {
            let line = serde_json::to_string(&record).map_err(|e| Error::Usage(format!("cannot write a record as JSON: {e}")))?;
            count += 1;
            writeln!(sink, "{line}").map_err(|e| Error::io(&out_name, e))
        })?;
        Ok(())
    })?;
    for s in &skipped {
        eprintln!("warning: skipped {}", s.reason);
    }
    if !quiet() {
        eprintln!("claimgraph: {count} records written");
    }
    Ok(if skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(EXIT_SKIPPED) })
}

pub fn merge(args: MergeArgs) -> Result<ExitCode> {
    let pipeline = Pipeline::load_all(&args.rules.dirs())?;
    let bar = Bar::new(quiet(), args.graph.graph.clone());
    let summary = pipeline.merge(&args.inputs, &args.graph.graph, &bar)?;
    if summary.other_rules > 0 {
        eprintln!(
            "warning: {} records were extracted with other rules than --rules; their evidence landed, the actor and topic lists are --rules'",
            summary.other_rules
        );
    }
    if args.json {
        print_json(&summary)?;
    } else if !quiet() {
        println!("{summary}");
    }
    Ok(ExitCode::SUCCESS)
}
