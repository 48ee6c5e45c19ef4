//! Regexes for the extractor's own fixed patterns.

use regex::Regex;

/// Compiles a regex whose Unicode classes under bounded repetition make an
/// NFA too big for the default lazy-DFA cache: the regex crate then falls
/// back to a backtracker whose every search clears a bitset of NFA states ×
/// haystack length (~75k instructions per call on a sentence). A larger cache
/// keeps such searches on the lazy DFA (tens of nanoseconds); the engine
/// choice never changes what matches.
pub(crate) fn lazy_dfa_regex(pattern: &str) -> Result<Regex, regex::Error> {
    regex::RegexBuilder::new(pattern).dfa_size_limit(LAZY_DFA_CACHE_BYTES).build()
}

/// Big enough for the lazy DFA of every static regex here to be built.
const LAZY_DFA_CACHE_BYTES: usize = 8 << 20;

