//! Rule files: their RON schema, loading with precise error positions,
//! static checks, and compilation into the matchers the extractor runs.

pub(crate) mod aliases;
pub(crate) mod bundled;
pub(crate) mod check;
pub(crate) mod compiled;
pub(crate) mod lazy_regex;
pub(crate) mod lexicon;
pub(crate) mod load;
pub mod scan;
pub(crate) mod scan_dfa;
pub(crate) mod scan_words;
pub(crate) mod schema;
pub(crate) mod units;

pub use aliases::{AliasIndex, CastMember};
pub use bundled::{BUNDLED, BUNDLED_FILES, bundled_folders, is_bundled};
pub use check::{CheckReport, Warning, check, matches_empty, never_matches, warnings};
pub use lexicon::{Lexicon, LexiconFile};
pub use compiled::{Banks, CompiledCue, CompiledRules, CompiledStance, CompiledTopic};
pub use load::*;
pub use schema::*;
pub use units::{GLOBAL_UNIT, Touched, UnitChange, diff as diff_units, necessary_matcher, rule_units};
