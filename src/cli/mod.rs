//! Argument definitions and dispatch. Each subcommand lives in its own
//! module; they turn arguments into library calls and print the results.
//!
//! Defaults work from any folder: the rules are compiled into the binary
//! (`<bundled>`), and the graph is `claimgraph.ron` in the current folder,
//! never the sample graph of the repository unless asked for. Both can be
//! set for a whole session with `CLAIMGRAPH_RULES` and `CLAIMGRAPH_GRAPH`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use claimgraph::Result;

mod corpus;
mod dot;
mod eval;
mod export;
mod index;
mod ingest;
mod mapreduce;
mod meta;
pub mod output;
mod query;
mod review;
mod rows;
mod rules;
mod stats;
mod suggest;

/// The graph used when neither `--graph` nor `CLAIMGRAPH_GRAPH` is given.
pub const DEFAULT_GRAPH: &str = "claimgraph.ron";
/// Environment variable naming the graph file.
pub const GRAPH_ENV: &str = "CLAIMGRAPH_GRAPH";
/// Environment variable naming rule folders, separated like `PATH`.
pub const RULES_ENV: &str = "CLAIMGRAPH_RULES";

const EXIT_CODES: &str = "Exit status: 0 success; 1 error (unreadable file, bad rules, damaged graph, failed \
check); 2 wrong usage (unknown flag, or an --actor/--topic the graph does not know); \
3 ingest skipped some articles; 4 a query matched nothing.";

#[derive(Debug, Parser)]
#[command(
    name = "claimgraph",
    version,
    about = "Who said what in the news, as a knowledge graph",
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// Print nothing but results and errors (no progress, summaries or notices).
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also say which rules, graph and output files are used.
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args, Clone)]
pub struct GraphArg {
    /// The graph file [default: claimgraph.ron in the current folder].
    #[arg(long, short = 'g', env = GRAPH_ENV, value_name = "FILE", default_value = DEFAULT_GRAPH, hide_default_value = true)]
    pub graph: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct RulesArg {
    /// Rule folder; repeat to combine several. A folder holding core/ and
    /// domains/*/ stands for all of them. Default: $CLAIMGRAPH_RULES
    /// (folders separated by `:`), else the rules built into claimgraph
    /// (`<bundled>`; `<bundled>/core` is the domain-free core alone).
    #[arg(long, short = 'r', value_name = "DIR", action = clap::ArgAction::Append)]
    pub rules: Vec<PathBuf>,
}

impl RulesArg {
    /// The folders to load: the ones given, else the environment's, else the
    /// bundled rules.
    pub fn dirs(&self) -> Vec<PathBuf> {
        resolve_rules(&self.rules)
    }
}

/// `given`, else `CLAIMGRAPH_RULES`, else `<bundled>`.
pub fn resolve_rules(given: &[PathBuf]) -> Vec<PathBuf> {
    if !given.is_empty() {
        return given.to_vec();
    }
    let from_env: Vec<PathBuf> = std::env::var_os(RULES_ENV)
        .map(|v| std::env::split_paths(&v).filter(|p| !p.as_os_str().is_empty()).collect())
        .unwrap_or_default();
    let dirs = if from_env.is_empty() { vec![PathBuf::from(claimgraph::rules::BUNDLED)] } else { from_env };
    output::info(&format!("rules: {}", dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ")));
    dirs
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles, extract statements and stances, merge them into the graph.
    Ingest(IngestArgs),
    /// Extract articles into self-contained records (JSON lines), one per
    /// article, without a graph: the map half of an ingest.
    Extract(mapreduce::ExtractArgs),
    /// Fold records and graphs into the graph: the reduce half of an ingest.
    Merge(mapreduce::MergeArgs),
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
    /// Check, test or copy out rule files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain how a statement or stance was extracted, or why text was not.
    Explain(ExplainArgs),
    /// Which statements and stances change between two rule directories.
    DiffRules(DiffRulesArgs),
    /// Build or check the SQLite query index beside the graph
    /// (`<graph>.index.sqlite`; schema in docs/index.md).
    Index(IndexArgs),
    /// Check the graph: checksums, parts, cross-references, and that every
    /// stored span still matches its article.
    Verify(VerifyArgs),
    /// Articles, statements and stances per outlet and per month.
    Stats(stats::StatsArgs),
    /// Browse, check and correct the graph in a local web app.
    Serve(review::ServeArgs),
    /// Share reviewers' corrections: export, import (with agreement).
    #[command(subcommand)]
    Corrections(review::CorrectionsCommand),
    /// Print the JSON Schema of `export --format json`.
    Schema,
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Write the manual page(s) in roff.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Article files or folders (plain text or HTML); `-` reads one article
    /// from standard input.
    #[arg(required = true, value_name = "ARTICLES")]
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
    /// The path recorded for an article read from standard input (its
    /// extension, .txt or .html, says how to read it).
    #[arg(long, value_name = "PATH", default_value = "stdin.txt")]
    pub stdin_name: PathBuf,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ExportFormat {
    /// One file: statements, stances, actors, topics, articles (see README).
    Json,
    /// The graph store itself.
    Ron,
    /// For Gephi or yEd.
    Graphml,
    /// A folder receiving nodes.csv and edges.csv.
    Csv,
    /// A discourse network (see --network) for Gephi.
    Gexf,
    /// A discourse network as Pajek .net (igraph, statnet, networkx).
    Pajek,
    /// A discourse network as a weighted adjacency matrix CSV.
    Matrix,
    /// A discourse network's edges as CSV (Gephi's spreadsheet columns).
    Edgelist,
    /// One row per statement occurrence and stance evidence, every attribute.
    StatementsCsv,
    /// The same as tab-separated values, one record per line.
    StatementsTsv,
    /// SQL that `sqlite3` turns into a Discourse Network Analyzer 3 database.
    Dna,
    /// A folder receiving statements.parquet, stances.parquet and
    /// actors.parquet (typed tables for DuckDB, pandas, Spark)
    Parquet,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value = "json")]
    pub format: ExportFormat,
    /// Output file, `-` for standard output (for csv: a folder receiving
    /// nodes.csv and edges.csv).
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
    #[command(flatten)]
    pub network: export::NetworkArgs,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotation file (JSON; the format is described in the README).
    #[arg(long, value_name = "FILE")]
    pub gold: PathBuf,
    /// Folder holding the articles the gold file names.
    #[arg(long, value_name = "DIR")]
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
    /// A corrections file (as `serve` and `corrections export` write): also
    /// score the extractions with these corrections applied, as a separate
    /// "after review" row.
    #[arg(long, value_name = "FILE", conflicts_with = "swap_names")]
    pub corrections: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct PositionsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Only this actor: a name or its last words ("putin"), any case.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only this topic: an id or a label, any case.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Count persons' stances for the country they belong to.
    #[arg(long)]
    pub roll_up: bool,
    /// Evidences shown per stance, newest first (a stance in a large corpus
    /// can have thousands); the count of all is always given.
    #[arg(long, default_value_t = 5, conflicts_with = "all")]
    pub limit: usize,
    /// Stances shown (one row each, by actor and topic); 0 shows all.
    #[arg(long, value_name = "N", default_value_t = rows::DEFAULT_ROWS, conflicts_with = "all")]
    pub rows: usize,
    /// Show every stance and every evidence of each.
    #[arg(long)]
    pub all: bool,
    /// Print the rows as JSON (see README, JSON output).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WhoSaidArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Only this speaker: a name or its last words, any case.
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// A topic id or free text to look for in statements.
    #[arg(long, value_name = "TOPIC|TEXT")]
    pub about: Option<String>,
    #[command(flatten)]
    pub rows: rows::RowLimit,
    /// Print the rows as JSON: the `statements` rows of `export -f json`.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Build it from the graph even when it is up to date.
    #[arg(long)]
    pub rebuild: bool,
}

#[derive(Debug, Args)]
pub struct ContradictionsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Only contradictions involving this actor (either side; a surname is enough).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only contradictions on this topic (id or label).
    #[arg(long)]
    pub topic: Option<String>,
    #[command(flatten)]
    pub rows: rows::RowLimit,
    /// Count persons' stances for the country they belong to.
    #[arg(long)]
    pub roll_up: bool,
    /// Print the rows as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct LedgerArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Only this actor's entries and moves (with --roll-up, name the country or organisation).
    #[arg(long)]
    pub actor: Option<String>,
    /// Only this topic (id or label).
    #[arg(long)]
    pub topic: Option<String>,
    /// Report moves whose later evidence is on or after this date (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Stances as of this date (YYYY-MM-DD); later evidence is ignored.
    #[arg(long)]
    pub until: Option<NaiveDate>,
    // Caps the entries and the moves, each.
    #[command(flatten)]
    pub rows: rows::RowLimit,
    /// Count persons' stances for the country they belong to.
    #[arg(long)]
    pub roll_up: bool,
    /// Print the ledger as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum View {
    /// Speakers and their statements.
    WhoSaidWhat,
    /// Actors and the topics they demand or reject.
    Stances,
    /// Opposed stances and self-contradictions.
    Contradictions,
    /// Actors linked by shared stances on a topic.
    Congruence,
    /// Actors linked by opposed stances on a topic.
    Conflict,
    /// Actors linked to the topics they take stances on.
    ActorTopic,
}

/// How network edge weights are normalised (see README, "Analysing the
/// network").
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq, Default)]
pub enum Normalize {
    /// The count of shared (or opposed) topic stances.
    #[default]
    None,
    /// Count / topics with any stance in the window; two-mode: share of the actor's evidence.
    Topics,
    /// Count / mean of the two actors' stance counts (DNA's average activity).
    Average,
    /// Count / stances either actor holds.
    Jaccard,
    /// Count / sqrt of the product of the two actors' stance counts.
    Cosine,
}

#[derive(Debug, Args, Clone)]
pub struct ViewArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Which view to draw.
    #[arg(long, value_enum, default_value = "who-said-what")]
    pub view: View,
    /// Only this actor (a name or its last words).
    #[arg(long, value_name = "NAME")]
    pub actor: Option<String>,
    /// Only this topic (an id or a label).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Only evidence dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Keep evidence dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// Edge weights of the network views.
    #[arg(long, value_enum, default_value = "none")]
    pub normalize: Normalize,
    /// Network views: count persons' stances for their country.
    #[arg(long)]
    pub roll_up: bool,
    #[command(flatten)]
    pub cap: CapArgs,
}

/// How much of a large graph a diagram or the report shows; the output says
/// what it left out. 0 lifts a cap.
#[derive(Debug, Args, Clone)]
pub struct CapArgs {
    /// Show the N most active actors (and any --actor names); 0 shows all.
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub top_actors: usize,
    /// Show the N topics with the most stance evidence (and any --topic); 0 shows all.
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub top_topics: usize,
    /// Who-said-what: at most N statements, shared among the shown actors; 0 shows all.
    #[arg(long, value_name = "N", default_value_t = 100)]
    pub top_statements: usize,
    /// List at most the N newest evidences in a tooltip; 0 lists all.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub tooltip_evidence: usize,
}

#[derive(Debug, Args)]
pub struct DotArgs {
    #[command(flatten)]
    pub view: ViewArgs,
    /// Output file, `-` for standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
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
    /// Image format.
    #[arg(long, short = 'f', value_enum, default_value = "svg")]
    pub format: ImageFormat,
    /// Output file, `-` for standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    #[command(flatten)]
    pub cap: CapArgs,
    /// Each actor's statements and stances tables: at most N rows (the
    /// newest). 0 lifts the cap.
    #[arg(long, value_name = "N", default_value_t = 25)]
    pub rows: usize,
    /// The contradictions and articles tables: at most N rows (the
    /// newest). 0 lifts the cap.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub list_rows: usize,
    /// Output file, `-` for standard output.
    #[arg(long, short = 'o', value_name = "FILE", default_value = "report.html")]
    pub output: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate rule files: syntax, fields, ids, regexes, references.
    Check {
        /// Rule folder [default: $CLAIMGRAPH_RULES, else the bundled rules].
        dir: Option<PathBuf>,
        /// Print errors and warnings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Run the examples carried in the rule files.
    Test {
        /// Rule folder [default: $CLAIMGRAPH_RULES, else the bundled rules].
        dir: Option<PathBuf>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the bundled rules into a folder, to edit them and load them
    /// with --rules.
    Init {
        /// Folder to create (its core/ and domains/ are written).
        dir: PathBuf,
        /// Overwrite rule files that already exist there.
        #[arg(long)]
        force: bool,
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
    #[arg(long, requires = "article", value_name = "TEXT")]
    pub why_not: Option<String>,
    /// The article file the --why-not text comes from.
    #[arg(long, value_name = "FILE")]
    pub article: Option<PathBuf>,
    /// Print the explanation as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiffRulesArgs {
    /// The rule folder before the change (`<bundled>` for the built-in rules).
    pub old: PathBuf,
    /// The rule folder after the change.
    pub new: PathBuf,
    /// Folder of articles to extract with both.
    #[arg(long, value_name = "DIR")]
    pub corpus: PathBuf,
    /// Print the differences as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Folder the articles are read from (defaults to their stored paths).
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// Print the report as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write claimgraph.1 and one page per subcommand into this folder
    /// (default: print claimgraph.1 to standard output).
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
}

pub fn run(cli: Cli) -> Result<ExitCode> {
    output::set_verbosity(cli.quiet, cli.verbose);
    match cli.command {
        Command::Ingest(a) => ingest::run(a),
        Command::Extract(a) => mapreduce::extract(a),
        Command::Merge(a) => mapreduce::merge(a),
        Command::Export(a) => export::run(a),
        Command::Eval(a) => eval::run(a),
        Command::Positions(a) => query::positions(a),
        Command::WhoSaid(a) => query::who_said(a),
        Command::Contradictions(a) => query::contradictions(a),
        Command::Ledger(a) => query::ledger(a),
        Command::Dot(a) => dot::dot(a),
        Command::Render(a) => dot::render(a),
        Command::Report(a) => dot::report(a),
        Command::Rules(RulesCommand::Check { dir, json }) => rules::check(&rules_dir(dir), json),
        Command::Rules(RulesCommand::Test { dir, json }) => rules::test(&rules_dir(dir), json),
        Command::Rules(RulesCommand::Init { dir, force }) => rules::init(&dir, force),
        Command::Explain(a) => rules::explain(a),
        Command::DiffRules(a) => corpus::diff_rules(a),
        Command::Index(a) => index::run(a),
        Command::Verify(a) => corpus::verify(a),
        Command::Stats(a) => stats::run(a),
        Command::Serve(a) => review::serve(a),
        Command::Corrections(c) => review::corrections(c),
        Command::Schema => export::schema(),
        Command::Completions(a) => meta::completions(a),
        Command::Man(a) => meta::man(a),
    }
}

/// The one folder `rules check` and `rules test` look at: the one given, or
/// the first of `CLAIMGRAPH_RULES`, or the bundled rules.
fn rules_dir(dir: Option<PathBuf>) -> PathBuf {
    dir.unwrap_or_else(|| resolve_rules(&[]).swap_remove(0))
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// Every argument of every command, with the path of commands to it.
    fn walk(cmd: &clap::Command, path: &str, out: &mut Vec<(String, String, bool)>) {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str().to_string();
            out.push((path.to_string(), id, arg.get_help().is_some()));
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn the_command_line_is_consistent_and_every_flag_is_described() {
        let cmd = Cli::command();
        cmd.clone().debug_assert();
        let mut args = Vec::new();
        walk(&cmd, "claimgraph", &mut args);
        let bare: Vec<String> = args
            .iter()
            .filter(|(_, id, help)| !help && id != "help" && id != "version")
            .map(|(path, id, _)| format!("{path} --{id}"))
            .collect();
        assert!(bare.is_empty(), "arguments without help: {bare:?}");
        // The counter-example: the walk does see arguments without help.
        let undocumented = clap::Command::new("x").arg(clap::Arg::new("y").long("y"));
        let mut seen = Vec::new();
        walk(&undocumented, "x", &mut seen);
        assert!(seen.iter().any(|(_, id, help)| id == "y" && !help));
    }

    #[test]
    fn rules_come_from_the_flag_then_the_environment_then_the_binary() {
        let given = vec![PathBuf::from("mine")];
        assert_eq!(resolve_rules(&given), given);
        // The environment is read by the process; only the fallback is
        // checked here (the CLI tests cover CLAIMGRAPH_RULES).
        if std::env::var_os(RULES_ENV).is_none() {
            assert_eq!(resolve_rules(&[]), vec![PathBuf::from("<bundled>")]);
        }
    }
}
