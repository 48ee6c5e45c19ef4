use std::path::Path;
use std::process::ExitCode;

use claimgraph::Result;

use super::{DiffRulesArgs, ExplainArgs, VerifyArgs};

pub fn check(_dir: &Path) -> Result<ExitCode> {
    super::pending("rules check")
}
pub fn test(_dir: &Path) -> Result<ExitCode> {
    super::pending("rules test")
}
pub fn explain(_a: ExplainArgs) -> Result<ExitCode> {
    super::pending("explain")
}
pub fn diff_rules(_a: DiffRulesArgs) -> Result<ExitCode> {
    super::pending("diff-rules")
}
pub fn verify(_a: VerifyArgs) -> Result<ExitCode> {
    super::pending("verify")
}
