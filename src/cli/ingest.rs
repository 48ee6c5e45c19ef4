use std::process::ExitCode;

use claimgraph::Result;

use super::IngestArgs;

pub fn run(_args: IngestArgs) -> Result<ExitCode> {
    super::pending("ingest")
}
