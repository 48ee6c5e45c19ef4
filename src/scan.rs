//! Runs many rule patterns over one article in a single pass.
//!
//! Running each of a hundred-odd regexes over every article costs a hundred
//! scans of the text, nearly all finding nothing. A [`PatternBank`] instead
//! learns, when the rules are compiled, the literal prefixes every match of
//! each pattern must begin with (regex-syntax's literal extractor), searches
//! all of them at once with one Aho-Corasick automaton, and tries a pattern
//! only where one of its prefixes occurs, anchored there. Patterns without a
//! usable prefix (one that can match the empty string, say) are searched
//! the plain way. The matches are the ones a per-sentence `find_iter` gives.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::model::Span;

/// More literals than this per pattern and the extractor shortens them
/// (alternations multiply: `(?:a|b) (?:c|d)` has four prefixes).
const LITERALS_PER_PATTERN: usize = 4096;

/// A set of patterns searched together.
#[derive(Debug, Clone)]
pub struct PatternBank {
    /// The patterns, in the order given.
    plain: Vec<Regex>,
    /// The same patterns for anchored searches, compiled on first use (a
    /// second compilation of every rule would double the start-up time).
    anchored: Vec<OnceLock<Option<meta::Regex>>>,
    /// Every gate literal (ASCII-lowercased), searched case-insensitively.
    literals: Option<AhoCorasick>,
    /// For each literal, the patterns it gates.
    owners: Vec<Vec<u32>>,
    /// Patterns that have no gate and are always searched.
    ungated: Vec<u32>,
    /// Patterns that begin with an ASCII word boundary (rule patterns are
    /// wrapped in `(?-u:\b)…(?-u:\b)`): their candidates inside a word
    /// ("no" in "know") are dropped before any regex runs.
    at_boundary: Vec<bool>,
}

impl PatternBank {
    /// Builds a bank over already-compiled patterns; the literal analysis
    /// re-parses each pattern, which cannot fail for a compiled one (a
    /// pattern that somehow did is simply left ungated).
    pub fn new<'a>(patterns: impl IntoIterator<Item = &'a Regex>) -> PatternBank {
        let mut plain = Vec::new();
        let mut literal_ids: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut literals: Vec<Vec<u8>> = Vec::new();
        let mut owners: Vec<Vec<u32>> = Vec::new();
        let mut ungated = Vec::new();
        for (i, re) in patterns.into_iter().enumerate() {
            let id = i as u32;
            plain.push(re.clone());
            let Some(prefixes) = prefixes(re.as_str()) else {
                ungated.push(id);
                continue;
            };
            for lit in prefixes {
                let next = literals.len();
                let li = *literal_ids.entry(lit.clone()).or_insert(next);
                if li == next {
                    literals.push(lit);
                    owners.push(Vec::new());
                }
                owners[li].push(id);
            }
        }
        let literals = (!literals.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // An overlapping search cannot use a prefilter; the DFA
                    // is several times faster than the NFA per byte.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&literals)
                    .ok()
            })
            .flatten();
        PatternBank {
            anchored: plain.iter().map(|_| OnceLock::new()).collect(),
            at_boundary: plain.iter().map(|re| starts_with_boundary(re.as_str())).collect(),
            plain,
            literals,
            owners,
            ungated,
        }
    }

    pub fn len(&self) -> usize {
        self.plain.len()
    }

    pub fn is_empty(&self) -> bool {
        self.plain.is_empty()
    }

    /// Where in `text` each pattern could match: one pass of the literal
    /// automaton over the whole text, shared by every later
    /// [`PatternBank::find_in`] on the same text.
    pub fn candidates(&self, text: &str) -> Candidates {
        let mut list: Vec<(u32, usize)> = Vec::new();
        let unfold = folds_to_ascii(text);
        if let Some(ac) = self.literals.as_ref().filter(|_| !unfold) {
            let bytes = text.as_bytes();
            for hit in ac.find_overlapping_iter(text) {
                let at = hit.start();
                // (?-u:\b) holds where exactly one side is an ASCII word byte.
                let word = |i: usize| bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
                let boundary = word(at) != (at > 0 && word(at - 1));
                for &p in &self.owners[hit.pattern().as_usize()] {
                    if boundary || !self.at_boundary[p as usize] {
                        list.push((p, at));
                    }
                }
            }
            list.sort_unstable();
            list.dedup();
        }
        Candidates {
            list,
            gated: !unfold && self.literals.is_some(),
            text_len: text.len(),
        }
    }

    /// Every match of the patterns in `patterns` that lies inside one of
    /// `sentences` (sorted, not overlapping), as `(pattern index - start of
    /// patterns, span)`, sorted by start. Each pattern's matches are those
    /// of a leftmost-first search of each sentence on its own (look-behind
    /// still sees the text before it). `candidates` must come from
    /// [`PatternBank::candidates`] on the same text.
    pub fn find_in(&self, text: &str, candidates: &Candidates, patterns: Range<usize>, sentences: &[Span]) -> Vec<(usize, Span)> {
        debug_assert_eq!(candidates.text_len, text.len(), "candidates of another text");
        let mut out = Vec::new();
        if sentences.is_empty() {
            return out;
        }
        let in_range = |p: &u32| patterns.contains(&(*p as usize));
        let plain: Vec<u32> = if candidates.gated {
            self.ungated.iter().copied().filter(in_range).collect()
        } else {
            (patterns.start as u32..patterns.end as u32).collect()
        };
        for &p in &plain {
            for &s in sentences {
                let hay = &text[..s.end];
                let mut at = s.start;
                while at <= s.end {
                    let Some(m) = self.plain[p as usize].find_at(hay, at) else { break };
                    if m.end() > m.start() {
                        out.push((p as usize - patterns.start, Span::new(m.start(), m.end())));
                        at = m.end();
                    } else {
                        at = m.end() + hay[m.end()..].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
        }
        let list = &candidates.list;
        let from = list.partition_point(|&(p, _)| (p as usize) < patterns.start);
        let to = list.partition_point(|&(p, _)| (p as usize) < patterns.end);
        // Every match starts at a candidate, so trying each candidate in
        // order, anchored, and skipping those inside a match found gives the
        // matches of a search of the whole sentence.
        let mut last_pattern = u32::MAX;
        let mut taken_to = 0;
        for &(p, at) in &list[from..to] {
            if p != last_pattern {
                last_pattern = p;
                taken_to = 0;
            }
            if at < taken_to {
                continue;
            }
            let i = sentences.partition_point(|s| s.end <= at);
            let Some(s) = sentences.get(i).filter(|s| s.start <= at) else {
                continue;
            };
            let found = match self.anchored_regex(p as usize) {
                Some(re) => re
                    .search(&Input::new(&text[..s.end]).span(at..s.end).anchored(Anchored::Yes))
                    .map(|m| (m.start(), m.end())),
                // Never expected (the same pattern compiled once already);
                // an unanchored search from here finds the same next match.
                None => self.plain[p as usize].find_at(&text[..s.end], at).map(|m| (m.start(), m.end())),
            };
            if let Some((start, end)) = found
                && end > start
            {
                out.push((p as usize - patterns.start, Span::new(start, end)));
                taken_to = end;
            }
        }
        out.sort_by_key(|&(p, s)| (s.start, p));
        out
    }

    /// [`PatternBank::find_in`] for all patterns, without reusing candidates.
    pub fn find_all(&self, text: &str, sentences: &[Span]) -> Vec<(usize, Span)> {
        self.find_in(text, &self.candidates(text), 0..self.len(), sentences)
    }
}

/// The positions where each pattern of a bank could match one text.
#[derive(Debug, Clone, Default)]
pub struct Candidates {
    /// (pattern, start), sorted.
    list: Vec<(u32, usize)>,
    /// False when the text must be searched without the gates.
    gated: bool,
    text_len: usize,
}

impl PatternBank {
    fn anchored_regex(&self, p: usize) -> Option<&meta::Regex> {
        self.anchored[p].get_or_init(|| meta::Regex::new(self.plain[p].as_str()).ok()).as_ref()
    }
}

/// The ASCII-lowercased literals every match of `pattern` starts with, or
/// `None` when there is no such finite set, or when an ASCII-insensitive
/// search for them could miss a match.
///
/// A rule pattern is case-insensitive (`(?i)` in front). Its prefixes are
/// taken from the case-sensitive pattern instead (the case-insensitive one
/// has 2^n spellings of an n-letter prefix, too many to keep whole) and
/// searched ignoring ASCII case. That finds every match unless the prefix
/// has a non-ASCII letter (whose other case the search would not know), or
/// the text has one of the two non-ASCII letters that fold to ASCII ones,
/// which [`PatternBank::candidates`] checks for.
fn prefixes(pattern: &str) -> Option<Vec<Vec<u8>>> {
    let sensitive = pattern.strip_prefix("(?i)").unwrap_or(pattern);
    let hir = regex_syntax::Parser::new().parse(sensitive).ok()?;
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(LITERALS_PER_PATTERN);
    let seq = extractor.extract(&hir);
    let literals = seq.literals()?;
    if literals.is_empty() || literals.iter().any(|l| l.as_bytes().is_empty()) {
        return None;
    }
    let has_cased_non_ascii = |l: &[u8]| String::from_utf8_lossy(l).chars().any(|c| !c.is_ascii() && (c.is_alphabetic() || c == char::REPLACEMENT_CHARACTER));
    if literals.iter().any(|l| has_cased_non_ascii(l.as_bytes())) {
        return None;
    }
    let mut lowered: Vec<Vec<u8>> = literals.iter().map(|l| l.as_bytes().to_ascii_lowercase()).collect();
    lowered.sort();
    lowered.dedup();
    // A literal that extends a shorter one adds no candidates.
    let mut kept: Vec<Vec<u8>> = Vec::new();
    for l in lowered {
        if !kept.iter().any(|k| l.starts_with(k)) {
            kept.push(l);
        }
    }
    Some(kept)
}

/// Whether every match of `pattern` must start at an ASCII word boundary:
/// it opens with `(?-u:\b)`, after an optional `(?i)`.
fn starts_with_boundary(pattern: &str) -> bool {
    pattern.strip_prefix("(?i)").unwrap_or(pattern).starts_with(r"(?-u:\b)")
}

/// Letters outside ASCII that case-fold to ASCII ones: the Kelvin sign
/// (k) and the long s (s). A text with either is searched without gates.
fn folds_to_ascii(text: &str) -> bool {
    text.contains('\u{212A}') || text.contains('\u{17F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(p: &str) -> Regex {
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).unwrap()
    }

    /// The reference: each pattern searched over each sentence on its own.
    fn naive(patterns: &[Regex], text: &str, sentences: &[Span]) -> Vec<(usize, Span)> {
        let mut out = Vec::new();
        for (i, re) in patterns.iter().enumerate() {
            for s in sentences {
                let hay = &text[..s.end];
                let mut at = s.start;
                while at <= s.end {
                    let Some(m) = re.find_at(hay, at) else { break };
                    if m.end() > m.start() {
                        out.push((i, Span::new(m.start(), m.end())));
                        at = m.end();
                    } else {
                        at = m.end() + hay[m.end()..].chars().next().map_or(1, char::len_utf8);
                    }
                }
            }
        }
        out.sort_by_key(|&(p, s)| (s.start, p));
        out
    }

    #[test]
    fn case_insensitive_prefixes_are_found_in_any_case() {
        let pats = vec![rule("cease-?fires?"), rule("talks?"), rule(r"(?:security\s+)?guarantees?")];
        let bank = PatternBank::new(&pats);
        assert!(bank.ungated.is_empty(), "all three have literal prefixes");
        let text = "CEASEFIRE now. Talks on Security  Guarantees resumed. a ceasefires talk";
        let sentences = [Span::new(0, 14), Span::new(15, 53), Span::new(54, text.len())];
        assert_eq!(bank.find_all(text, &sentences), naive(&pats, text, &sentences));
        assert_eq!(bank.find_all(text, &sentences).len(), 5);
    }

    #[test]
    fn a_match_may_not_cross_a_sentence_end() {
        let pats = vec![rule(r"peace\W+talks")];
        let bank = PatternBank::new(&pats);
        let text = "We want peace. Talks begin. peace talks";
        let sentences = [Span::new(0, 14), Span::new(15, 27), Span::new(28, text.len())];
        let found = bank.find_all(text, &sentences);
        assert_eq!(found, vec![(0, Span::new(28, text.len()))]);
    }

    #[test]
    fn patterns_without_a_prefix_are_still_searched() {
        let pats = vec![rule(r"\w+ly said"), rule("(?:x)?")];
        let bank = PatternBank::new(&pats);
        assert_eq!(bank.ungated.len(), 2);
        let text = "He angrily said no.";
        let sentences = [Span::new(0, text.len())];
        assert_eq!(bank.find_all(text, &sentences), naive(&pats, text, &sentences));
    }

    #[test]
    fn unicode_case_variants_pass_the_gate() {
        // (?i) lets K (Kelvin sign) match "k" and ſ (long s) match "s".
        let pats = vec![rule("talks"), rule("ceasefire")];
        let bank = PatternBank::new(&pats);
        let text = "tal\u{212A}s on a ceaſefire";
        let sentences = [Span::new(0, text.len())];
        assert_eq!(bank.find_all(text, &sentences), naive(&pats, text, &sentences));
        assert_eq!(bank.find_all(text, &sentences).len(), 2);
    }

    proptest::proptest! {
        #[test]
        fn the_bank_finds_what_a_per_sentence_search_finds(text in "[a-zA-Z .,’'\u{e9}-]{0,120}", cuts in proptest::collection::vec(0usize..120, 0..6)) {
            let pats = vec![rule("talks?"), rule("no|not|never"), rule(r"peace\W+deal"), rule("[a-z]+ed"), rule(r"(?:call(?:ed|s)?\s+for)"), rule("é[a-z]*")];
            let bank = PatternBank::new(&pats);
            let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| c <= text.len() && text.is_char_boundary(c)).collect();
            bounds.push(0);
            bounds.push(text.len());
            bounds.sort_unstable();
            bounds.dedup();
            let sentences: Vec<Span> = bounds.windows(2).map(|w| Span::new(w[0], w[1])).collect();
            proptest::prop_assert_eq!(bank.find_all(&text, &sentences), naive(&pats, &text, &sentences));
        }
    }
}
