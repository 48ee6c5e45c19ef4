use std::path::Path;
use std::process::ExitCode;

use claimgraph::Result;

use super::ExplainArgs;

pub fn check(_dir: &Path) -> Result<ExitCode> {
    super::pending("rules check")
}
pub fn test(_dir: &Path) -> Result<ExitCode> {
    super::pending("rules test")
}
pub fn explain(_a: ExplainArgs) -> Result<ExitCode> {
    super::pending("explain")
}
