use std::process::ExitCode;

use claimgraph::Result;

use super::ExportArgs;

pub fn run(_args: ExportArgs) -> Result<ExitCode> {
    super::pending("export")
}
