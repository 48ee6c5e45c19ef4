use std::process::ExitCode;

use claimgraph::Result;

use super::EvalArgs;

pub fn run(_args: EvalArgs) -> Result<ExitCode> {
    super::pending("eval")
}
