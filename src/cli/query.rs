use std::process::ExitCode;

use claimgraph::Result;

use super::{ContradictionsArgs, LedgerArgs, PositionsArgs, WhoSaidArgs};

pub fn positions(_a: PositionsArgs) -> Result<ExitCode> {
    super::pending("positions")
}
pub fn who_said(_a: WhoSaidArgs) -> Result<ExitCode> {
    super::pending("who-said")
}
pub fn contradictions(_a: ContradictionsArgs) -> Result<ExitCode> {
    super::pending("contradictions")
}
pub fn ledger(_a: LedgerArgs) -> Result<ExitCode> {
    super::pending("ledger")
}
