use std::process::ExitCode;

use claimgraph::Result;

use super::{DiffRulesArgs, VerifyArgs};

pub fn diff_rules(_a: DiffRulesArgs) -> Result<ExitCode> {
    super::pending("diff-rules")
}
pub fn verify(_a: VerifyArgs) -> Result<ExitCode> {
    super::pending("verify")
}
