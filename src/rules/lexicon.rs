//! Word lists that shape extraction.

use std::sync::LazyLock;

use regex::Regex;

pub(crate) const ROLE_NOUNS: &[&str] = &[
    "national security adviser", "national security advisor", "secretary of state", "foreign minister", "defence minister",
    "defense minister", "prime minister", "vice-president", "vice president", "chief of staff", "secretary general",
    "secretary-general", "spokesperson", "spokesman", "spokeswoman", "president", "leader", "chancellor", "minister",
    "envoy", "adviser", "advisor", "analyst", "official", "ambassador", "commander", "aide", "mediator", "negotiator",
    "senator", "governor", "mayor", "general", "diplomat", "researcher", "economist", "professor", "expert", "director",
];

pub(crate) static ROLE_NOUN_AC: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
    aho_corasick::AhoCorasick::builder().ascii_case_insensitive(true).build(ROLE_NOUNS).expect("static automaton")
});

/// A role noun as a whole word. The rule pattern bank carries it (see
/// [`crate::rules::Banks::roles`]), so the sentences that name a role are
/// known from the pass over the article the bank makes anyway; a search of
/// every sentence for role nouns cost more than the rest of resolution.
pub(crate) static ROLE_NOUN_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let roles = role_alternation();
    Regex::new(&format!(r"(?i)(?-u:\b)(?:{roles})(?-u:\b)")).expect("static regex")
});

/// [`ROLE_NOUNS`] as a regex alternation.
pub(crate) fn role_alternation() -> String {
    ROLE_NOUNS.iter().map(|r| regex::escape(r)).collect::<Vec<_>>().join("|")
}

pub(crate) static ROLE_MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let roles = role_alternation();
    Regex::new(&format!(
        r"(?i)(?-u:\b)(?:the|his|her|its|their)\s+((?:[\p{{L}}.’'-]+\s+){{0,3}}?)({roles})(?-u:\b)"
    ))
    .expect("static regex")
});

/// The nouns [`ANAPHOR`] ends on.
pub(crate) const ANAPHOR_NOUNS: &str =
    "conditions|demands|terms|proposals|ultimatums|steps|measures|discussions|talks|negotiations|agreements?|deal|proposal|idea|plan|offer|demand|condition";

/// "these conditions" and the like: refers back to the previous sentence.
/// The plural, list-like nouns take every topic of that sentence; the others
/// take only its most specific one.
pub(crate) static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)(?-u:\b)(?:these|those|such|this|that|the)\s+(?:[\w-]+\s+)?(?P<noun>{ANAPHOR_NOUNS})(?-u:\b)")).expect("static regex")
});

/// The nouns of [`ANAPHOR`] as whole words, a necessary part of any match
/// (each follows whitespace). The rule pattern bank carries it (see
/// [`crate::rules::Banks::anaphor_nouns`]), so the sentences that may hold
/// an anaphor are known from the one pass over the article; a search of
/// each sentence for the nouns cost more than the rest of the stance scan.
pub(crate) static ANAPHOR_NOUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?i)(?-u:\b)(?:{ANAPHOR_NOUNS})(?-u:\b)")).expect("static regex"));

pub(crate) const LIST_NOUNS: &[&str] = &[
    "conditions",
    "demands",
    "terms",
    "proposals",
    "ultimatums",
    "steps",
    "measures",
];

