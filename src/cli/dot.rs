use std::process::ExitCode;

use claimgraph::Result;

use super::{DotArgs, RenderArgs, ReportArgs};

pub fn dot(_a: DotArgs) -> Result<ExitCode> {
    super::pending("dot")
}
pub fn render(_a: RenderArgs) -> Result<ExitCode> {
    super::pending("render")
}
pub fn report(_a: ReportArgs) -> Result<ExitCode> {
    super::pending("report")
}
