use std::process::ExitCode;

use claimgraph::{Result, export, store};

use super::{ExportArgs, ExportFormat};

pub fn run(args: ExportArgs) -> Result<ExitCode> {
    match args.format {
        ExportFormat::Json => {
            let graph = store::load_existing(&args.graph.graph)?;
            store::write_atomic(&args.output, export::json::to_string(&graph)?.as_bytes())?;
        }
        ExportFormat::Ron => {
            let graph = store::load_existing(&args.graph.graph)?;
            // With its checksum: the export is a graph file claimgraph can open.
            store::write_atomic(&args.output, store::seal(store::to_ron(&graph)?).as_bytes())?;
        }
        ExportFormat::Graphml | ExportFormat::Csv => return super::dot::export_table(&args),
    }
    Ok(ExitCode::SUCCESS)
}
