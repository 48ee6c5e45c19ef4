//! `export` (every format) and `schema`.

use std::collections::HashMap;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};

use claimgraph::export::networks::{edgelist_csv, matrix_csv};
use claimgraph::export::statements::{Delimiter, statements_table};
use claimgraph::export::{dna, gexf, pajek, schema};
use claimgraph::query::networks::{Network, NetworkKind, NetworkOptions, network};
use claimgraph::model::content_hash;
use claimgraph::source::{ReadOptions, read_article};
use claimgraph::store::GraphData;
use claimgraph::store::verify::article_path;
use claimgraph::{Error, Result, export, store};

use super::dot::normalization;
use super::output::{is_stdout, write_output};
use super::suggest::require_graph;
use super::{ExportArgs, ExportFormat, Normalize};

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum NetworkChoice {
    /// Actors linked by shared stances on a topic.
    Congruence,
    /// Actors linked by opposed stances on a topic.
    Conflict,
    /// Actors linked to the topics they take stances on.
    ActorTopic,
}

/// Which discourse network the gexf, pajek, matrix and edgelist formats
/// write, over which time window.
#[derive(Debug, Args, Clone)]
pub struct NetworkArgs {
    /// The network gexf, pajek, matrix and edgelist write.
    #[arg(long, value_enum)]
    pub network: Option<NetworkChoice>,
    /// Keep evidence dated on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Keep evidence dated on or before this day (YYYY-MM-DD).
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// Only stances on this topic (id or label).
    #[arg(long)]
    pub topic: Option<String>,
    /// Edge weights: counts, or normalised (see README).
    #[arg(long, value_enum, default_value = "none")]
    pub normalize: Normalize,
    /// Count persons' stances for the country they belong to.
    #[arg(long)]
    pub roll_up: bool,
}

fn build_network(graph: &GraphData, a: &NetworkArgs, format: ExportFormat) -> Result<Network> {
    let kind = match a.network {
        Some(NetworkChoice::Congruence) => NetworkKind::Congruence,
        Some(NetworkChoice::Conflict) => NetworkKind::Conflict,
        Some(NetworkChoice::ActorTopic) => NetworkKind::ActorTopic,
        None => {
            let name = format!("{format:?}").to_lowercase();
            return Err(Error::Usage(format!(
                "`--format {name}` writes a discourse network: add --network congruence, conflict or actor-topic"
            )));
        }
    };
    let opts = NetworkOptions {
        since: a.since,
        until: a.until,
        topic: a.topic.clone(),
        actor: None,
        roll_up: a.roll_up,
        normalization: normalization(a.normalize),
    };
    Ok(network(graph, kind, &opts))
}

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    if args.network.network.is_some()
        && !matches!(args.format, ExportFormat::Gexf | ExportFormat::Pajek | ExportFormat::Matrix | ExportFormat::Edgelist)
    {
        return Err(Error::Usage(
            "--network applies to --format gexf, pajek, matrix or edgelist".to_string(),
        ));
    }
    require_graph(&args.graph.graph)?;
    if args.format == ExportFormat::Csv && is_stdout(&args.output) {
        // Two files cannot share one stream; a folder named `-` is never meant.
        return Err(Error::Usage("csv export writes nodes.csv and edges.csv: give a folder with -o DIR".into()));
    }
    if args.format == ExportFormat::Parquet && is_stdout(&args.output) {
        return Err(Error::Usage(
            "parquet export writes statements.parquet, stances.parquet and actors.parquet: give a folder with -o DIR".into(),
        ));
    }
    let out = &args.output;
    // Exports carry the reviewers' corrections, except the RON store
    // itself, which stays the extractor's output they are laid over.
    let graph = if args.format == ExportFormat::Ron {
        store::load_existing(&args.graph.graph)?
    } else {
        claimgraph::query::corrections::load_corrected(&args.graph.graph)?.0
    };
    match args.format {
        ExportFormat::Json => write_output(out, export::json::to_string(&graph)?.as_bytes())?,
        // With its checksum: the export is a graph file claimgraph can open.
        ExportFormat::Ron => write_output(out, store::seal(store::to_ron(&graph)?).as_bytes())?,
        ExportFormat::Graphml => write_output(out, export::graphml::to_graphml(&graph).as_bytes())?,
        ExportFormat::Csv => export::csv::write_csv(&graph, out)?,
        ExportFormat::Parquet => export::parquet::write_parquet(&graph, out)?,
        ExportFormat::Gexf | ExportFormat::Pajek | ExportFormat::Matrix | ExportFormat::Edgelist => {
            let net = build_network(&graph, &args.network, args.format)?;
            let text = match args.format {
                ExportFormat::Gexf => gexf::to_gexf(&net),
                ExportFormat::Pajek => pajek::to_pajek(&net),
                ExportFormat::Matrix => matrix_csv(&net),
                _ => edgelist_csv(&net),
            };
            write_output(out, text.as_bytes())?;
        }
        ExportFormat::StatementsCsv | ExportFormat::StatementsTsv => {
            let delimiter = if args.format == ExportFormat::StatementsTsv { Delimiter::Tab } else { Delimiter::Comma };
            write_output(out, statements_table(&graph, delimiter).as_bytes())?;
        }
        ExportFormat::Dna => write_output(out, dna::to_dna_sql(&graph, &article_texts(&graph)).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The texts of the articles that can still be read from their stored
/// paths unchanged (same hash), by article id: the DNA export then carries
/// whole articles; the others become excerpts of their cited sentences.
fn article_texts(graph: &GraphData) -> HashMap<String, String> {
    graph
        .articles
        .iter()
        .filter_map(|a| {
            let read = read_article(&article_path(a, None), &ReadOptions::default()).ok()?;
            (content_hash(&read.text) == a.hash).then(|| (a.id.clone(), read.text))
        })
        .collect()
}

/// `claimgraph schema`: the JSON Schema of `export --format json`.
pub fn schema() -> Result<ExitCode> {
    print!("{}", schema::EXPORT_SCHEMA);
    Ok(ExitCode::SUCCESS)
}
