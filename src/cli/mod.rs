//! Argument definitions and dispatch. Each subcommand lives in its own
//! module; they turn arguments into library calls and print the results.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimgraph::Result;

mod corpus;
mod dot;
mod eval;
mod export;
mod ingest;
mod query;
mod rules;

pub const DEFAULT_GRAPH: &str = "graphs/graph.ron";
pub const DEFAULT_RULES: &str = "data/rules";

#[derive(Debug, Parser)]
#[command(name = "claimgraph", version, about = "Who said what in the news, as a knowledge graph")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GraphArg {
    /// The graph file.
    #[arg(long, short = 'g', default_value = DEFAULT_GRAPH)]
    pub graph: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct RulesArg {
    /// Rule folder (repeat to combine several): any of actors.ron,
    /// speech.ron, topics.ron, stances.ron and lexicon.ron, or a folder with
    /// core/ and domains/*/ inside, which stands for all of them.
    #[arg(long, short = 'r', default_value = DEFAULT_RULES, action = clap::ArgAction::Append)]
    pub rules: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles, extract statements and stances, merge them into the graph.
    Ingest(IngestArgs),
    /// Write the graph as JSON, RON, GraphML or CSV.
    Export(ExportArgs),
    /// Score extraction against a gold annotation file.
    Eval(EvalArgs),
    /// Each actor's stances (demands / rejects) with evidence and dates.
    Positions(PositionsArgs),
    /// Statements with speaker, article and date.
    WhoSaid(WhoSaidArgs),
    /// Where actors contradict each other or themselves.
    Contradictions(ContradictionsArgs),
    /// Each actor's latest stance per topic, and who moved between dates.
    Ledger(LedgerArgs),
    /// Write a Graphviz DOT view of the graph.
    Dot(DotArgs),
    /// Render a view to SVG or PNG.
    Render(RenderArgs),
    /// Write a self-contained HTML report.
    Report(ReportArgs),
    /// Check and test rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain how a statement or stance was extracted, or why text was not.
    Explain(ExplainArgs),
    /// Which statements and stances change between two rule directories.
    DiffRules(DiffRulesArgs),
    /// Check the graph: checksums, parts, cross-references, and that every
    /// stored span still matches its article.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Article files or folders (plain text or HTML).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub rules: RulesArg,
    /// Date for articles that carry none (YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<NaiveDate>,
    /// Publication name for articles that carry none.
    #[arg(long)]
    pub source: Option<String>,
    /// No progress bar or summary.
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Largest article file read, in bytes; a larger one is skipped with a
    /// warning.
    #[arg(long, default_value_t = claimgraph::source::Limits::DEFAULT_MAX_ARTICLE_BYTES)]
    pub max_article_bytes: u64,
    /// Deepest HTML element nesting accepted; a deeper page is skipped with
    /// a warning.
    #[arg(long, default_value_t = claimgraph::source::Limits::DEFAULT_MAX_HTML_DEPTH)]
    pub max_html_depth: usize,
    /// Seconds one article's extraction may take (0: no limit); an article
    /// that runs longer is skipped with a warning. Only articles of 64 KiB
    /// of text or more are timed.
    #[arg(long, default_value_t = claimgraph::source::Limits::DEFAULT_TIME_BUDGET.as_secs())]
    pub time_budget: u64,
    /// If the graph is damaged (checksum, syntax, a missing part, a broken
    /// cross-reference), keep a copy as GRAPH.damaged and rebuild the graph
    /// from the articles given and those it still names; without this, an
    /// ingest refuses to build on a damaged graph.
    #[arg(long)]
    pub repair: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    Json,
    Ron,
    Graphml,
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Output file (for csv: a directory receiving nodes.csv and edges.csv).
    #[arg(long, short = 'o')]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotation file (see ../shared/gold/GUIDELINES.md).
    #[arg(long)]
    pub gold: PathBuf,
    /// Folder holding the articles the gold file names.
    #[arg(long)]
    pub corpus: PathBuf,
    #[command(flatten)]
    pub rules: RulesArg,
    /// Precision and recall per rule.
    #[arg(long)]
    pub per_rule: bool,
    /// Print scores as JSON.
    #[arg(long)]
    pub json: bool,
    /// Print every false positive and false negative.
    #[arg(long)]
    pub errors: bool,
    /// Rename every person of the gold file to an invented name (the same
    /// for the same SEED), in the texts and the gold, before scoring: a
    /// score that holds does not depend on names the rules list.
    #[arg(long, value_name = "SEED")]
    pub swap_names: Option<u64>,
}

#[derive(Debug, Args)]
pub struct PositionsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub topic: Option<String>,
    /// Count persons' stances for the country they belong to.
    #[arg(long)]
    pub roll_up: bool,
    /// Evidences shown per stance, newest first (a stance in a large corpus
    /// can have thousands); the count of all is always given.
    #[arg(long, default_value_t = 5, conflicts_with = "all")]
    pub limit: usize,
    /// Show every evidence of every stance.
    #[arg(long)]
    pub all: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WhoSaidArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long)]
    pub actor: Option<String>,
    /// A topic id or free text to look for in statements.
    #[arg(long)]
    pub about: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long)]
    pub roll_up: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LedgerArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long)]
    pub since: Option<NaiveDate>,
    #[arg(long)]
    pub until: Option<NaiveDate>,
    #[arg(long)]
    pub roll_up: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum View {
    WhoSaidWhat,
    Stances,
    Contradictions,
}

#[derive(Debug, Args, Clone)]
pub struct ViewArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long, value_enum, default_value = "who-said-what")]
    pub view: View,
    #[arg(long)]
    pub actor: Option<String>,
    #[arg(long)]
    pub topic: Option<String>,
    #[arg(long)]
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long, short = 'o')]
    pub output: PathBuf,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub view: ViewArgs,
    #[arg(long, short = 'f', value_enum, default_value = "svg")]
    pub format: ImageFormat,
    #[arg(long, short = 'o')]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[arg(long, short = 'o', default_value = "graphs/report.html")]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate rule files: syntax, fields, ids, regexes, references.
    Check {
        #[arg(default_value = DEFAULT_RULES)]
        dir: PathBuf,
    },
    /// Run the examples carried in the rule files.
    Test {
        #[arg(default_value = DEFAULT_RULES)]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A statement or stance id (as shown by queries and exports).
    pub id: Option<String>,
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub rules: RulesArg,
    /// Explain why this text produced no statement or stance.
    #[arg(long, requires = "article")]
    pub why_not: Option<String>,
    /// The article file the --why-not text comes from.
    #[arg(long)]
    pub article: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct DiffRulesArgs {
    pub old: PathBuf,
    pub new: PathBuf,
    #[arg(long)]
    pub corpus: PathBuf,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Folder the articles are read from (defaults to their stored paths).
    #[arg(long)]
    pub corpus: Option<PathBuf>,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Ingest(a) => ingest::run(a),
        Command::Export(a) => export::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Positions(a) => query::positions(a),
        Command::WhoSaid(a) => query::who_said(a),
        Command::Contradictions(a) => query::contradictions(a),
        Command::Ledger(a) => query::ledger(a),
        Command::Dot(a) => dot::dot(a),
        Command::Render(a) => dot::render(a),
        Command::Report(a) => dot::report(a),
        Command::Rules(RulesCommand::Check { dir }) => rules::check(&dir),
        Command::Rules(RulesCommand::Test { dir }) => rules::test(&dir),
        Command::Explain(a) => rules::explain(a),
        Command::DiffRules(a) => corpus::diff_rules(a),
        Command::Verify(a) => corpus::verify(a),
    }
}
