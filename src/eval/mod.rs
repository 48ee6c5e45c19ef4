//! Checking extraction against expectations: scores against gold files,
//! rule-set diffs, rule examples and `explain`.

pub mod rulecheck;
pub(crate) mod score;

pub use score::*;
