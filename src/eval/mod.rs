//! Checking extraction against expectations: scores against gold files,
//! rule-set diffs, the name-swap check, rule examples and `explain`.

pub mod agreement;
pub(crate) mod diff_rules;
pub(crate) mod explain;
pub(crate) mod gold;
pub(crate) mod matching;
pub(crate) mod report;
pub(crate) mod reviewed;
pub(crate) mod rule_tests;
pub(crate) mod score;
pub(crate) mod swap;

pub use diff_rules::*;
pub use explain::*;
pub use gold::*;
pub use matching::*;
pub use report::*;
pub use reviewed::evaluate_reviewed;
pub use rule_tests::*;
pub use score::*;
pub use swap::{NameSwap, evaluate_swapped};
