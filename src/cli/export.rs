use std::process::ExitCode;

use claimgraph::{Error, Result, export, store};

use super::output::{is_stdout, write_output};
use super::suggest::require_graph;
use super::{ExportArgs, ExportFormat};

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    require_graph(&args.graph.graph)?;
    if args.format == ExportFormat::Csv && is_stdout(&args.output) {
        // Two files cannot share one stream; a folder named `-` is never meant.
        return Err(Error::Usage("csv export writes nodes.csv and edges.csv: give a folder with -o DIR".into()));
    }
    let graph = store::load_existing(&args.graph.graph)?;
    match args.format {
        ExportFormat::Json => write_output(&args.output, export::json::to_string(&graph)?.as_bytes())?,
        // With its checksum: the export is a graph file claimgraph can open.
        ExportFormat::Ron => write_output(&args.output, store::seal(store::to_ron(&graph)?).as_bytes())?,
        ExportFormat::Graphml => write_output(&args.output, export::graphml::to_graphml(&graph).as_bytes())?,
        ExportFormat::Csv => export::csv::write_csv(&graph, &args.output)?,
    }
    Ok(ExitCode::SUCCESS)
}
