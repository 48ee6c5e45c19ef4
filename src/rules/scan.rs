//! Runs many rule patterns over one article in a single pass.
//!
//! Running each of a hundred-odd regexes over every article costs a hundred
//! scans of the text, nearly all finding nothing. A [`PatternBank`] instead
//! learns, when the rules are compiled, the literal prefixes every match of
//! each pattern must begin with (regex-syntax's literal extractor), searches
//! all of them at once in one pass of each gate automaton (with the
//! bundled rules, one), and tries a pattern only
//! where one of its prefixes occurs, anchored there. Rule patterns all start
//! at a word boundary, so their prefixes go into an automaton that only
//! finds literals starting at one. Patterns without a
//! usable prefix (one that can match the empty string, say) are searched
//! the plain way. The matches are the ones a per-sentence `find_iter` gives.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use std::ops::Range;
use std::sync::OnceLock;

use regex::Regex;
use regex_automata::{Anchored, Input, meta};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

use crate::model::Span;
use super::scan_dfa::BoundaryDfa;
use super::scan_words::{WordList, is_word, word_list, word_list_match};

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
    /// For each pattern that is a plain word list (see [`word_list`]), its
    /// words: a candidate is then checked by comparing bytes, not by a
    /// regex search, which cost more than all the rest of the bank.
    words: Vec<Option<WordList>>,
    /// The gate literals all of whose patterns start at an ASCII word
    /// boundary (every rule pattern does), in one walk over the text that
    /// reports only literals starting at a boundary.
    pub(crate) at_boundaries: Option<BoundaryDfa>,
    /// The other gate literals, searched everywhere, ASCII
    /// case-insensitively.
    pub(crate) literals: Option<AhoCorasick>,
    /// For each AC pattern of `literals`, its index into `owners`.
    ac_literal: Vec<u32>,
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
        let at_boundary: Vec<bool> = plain.iter().map(|re| starts_with_boundary(re.as_str())).collect();
        // A literal goes into the boundary automaton only if every pattern
        // it gates starts at a boundary: that automaton finds no other hits.
        let (mut boundary_ids, mut ac_ids) = (Vec::new(), Vec::new());
        for (li, o) in owners.iter().enumerate() {
            if o.iter().all(|&p| at_boundary[p as usize]) {
                boundary_ids.push(li as u32);
            } else {
                ac_ids.push(li as u32);
            }
        }
        let at_boundaries = (!boundary_ids.is_empty()).then(|| BoundaryDfa::new(boundary_ids.iter().map(|&li| (li, literals[li as usize].as_slice()))));
        // One that cannot be built (too many distinct bytes or states)
        // leaves its literals to the general automaton.
        if at_boundaries.as_ref().is_some_and(Option::is_none) {
            ac_ids.append(&mut boundary_ids);
            ac_ids.sort_unstable();
        }
        let at_boundaries = at_boundaries.flatten();
        let ac_literals: Vec<&[u8]> = ac_ids.iter().map(|&li| literals[li as usize].as_slice()).collect();
        let literals = (!ac_literals.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::Standard)
                    // An overlapping search cannot use a prefilter; the DFA
                    // is several times faster than the NFA per byte.
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(&ac_literals)
                    .ok()
            })
            .flatten();
        // Without the automaton some candidates would be missing: then no
        // pattern is gated.
        let at_boundaries = at_boundaries.filter(|_| literals.is_some() || ac_ids.is_empty());
        PatternBank {
            anchored: plain.iter().map(|_| OnceLock::new()).collect(),
            words: plain.iter().map(|re| word_list(re.as_str())).collect(),
            at_boundary,
            plain,
            at_boundaries,
            literals,
            ac_literal: ac_ids,
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

    /// Where in `text` each pattern could match: one pass of each gate
    /// automaton over the whole text, shared by every later
    /// [`PatternBank::find_in`] on the same text.
    pub fn candidates(&self, text: &str) -> Candidates {
        let mut list: Vec<(u32, usize)> = Vec::new();
        let unfold = folds_to_ascii(text);
        let gated = !unfold && (self.at_boundaries.is_some() || self.literals.is_some());
        if !gated {
            return Candidates { list, gated, text_len: text.len() };
        }
        let bytes = text.as_bytes();
        if let Some(dfa) = &self.at_boundaries {
            // Rule literals hit about once every 30 bytes of news text.
            let mut hits = Vec::with_capacity(text.len() / 16);
            dfa.hits(bytes, &mut hits);
            for (li, at) in hits {
                list.extend(self.owners[li as usize].iter().map(|&p| (p, at)));
            }
        }
        if let Some(ac) = &self.literals {
            for hit in ac.find_overlapping_iter(text) {
                let at = hit.start();
                let boundary = is_word(bytes.get(at).copied()) != (at > 0 && is_word(bytes.get(at - 1).copied()));
                for &p in &self.owners[self.ac_literal[hit.pattern().as_usize()] as usize] {
                    if boundary || !self.at_boundary[p as usize] {
                        list.push((p, at));
                    }
                }
            }
            list.sort_unstable();
        } else {
            // Hits come by end, so nearly by start: bucketing them by
            // pattern leaves a few short runs for a stable sort to merge
            // (several times cheaper than sorting from scratch).
            list = bucket_by_pattern(&list, self.len());
            list.sort();
        }
        list.dedup();
        Candidates { list, gated, text_len: text.len() }
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
            let found = if let Some(words) = &self.words[p as usize] {
                word_list_match(&text.as_bytes()[..s.end], at, words).map(|end| (at, end))
            } else {
                self.anchored_match(p as usize, text, at, s.end)
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

    /// The match of pattern `p` starting at `at` in `text[..end]`.
    fn anchored_match(&self, p: usize, text: &str, at: usize, end: usize) -> Option<(usize, usize)> {
        match self.anchored_regex(p) {
            Some(re) => re.search(&Input::new(&text[..end]).span(at..end).anchored(Anchored::Yes)).map(|m| (m.start(), m.end())),
            // Never expected (the same pattern compiled once already); an
            // unanchored search from here finds the same next match.
            None => self.plain[p].find_at(&text[..end], at).map(|m| (m.start(), m.end())),
        }
    }

    /// [`PatternBank::find_in`] for all patterns, without reusing candidates.
    pub fn find_all(&self, text: &str, sentences: &[Span]) -> Vec<(usize, Span)> {
        self.find_in(text, &self.candidates(text), 0..self.len(), sentences)
    }
}

/// `list` reordered by pattern, keeping the order within each pattern.
fn bucket_by_pattern(list: &[(u32, usize)], patterns: usize) -> Vec<(u32, usize)> {
    let mut next = vec![0usize; patterns + 1];
    for &(p, _) in list {
        next[p as usize + 1] += 1;
    }
    for i in 1..next.len() {
        next[i] += next[i - 1];
    }
    let mut out = vec![(0, 0); list.len()];
    for &(p, at) in list {
        out[next[p as usize]] = (p, at);
        next[p as usize] += 1;
    }
    out
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
    // Their last bytes (0xAA, 0xBF) are rare, and a branch-free test of a
    // block for them is cheaper than two searches.
    let bytes = text.as_bytes();
    let blocks = bytes.chunks_exact(32);
    let tail = blocks.remainder();
    let flag = |b: u8| u8::from(b == 0xAA) | u8::from(b == 0xBF);
    let suspect = blocks.map(|block| block.iter().fold(0u8, |seen, &b| seen | flag(b))).chain(tail.iter().map(|&b| flag(b))).any(|seen| seen != 0);
    suspect && (text.contains('\u{212A}') || text.contains('\u{17F}'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

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

    /// The reference for candidates: an overlapping search for every gate
    /// literal, a hit kept at a word boundary or for a pattern that does
    /// not need one.
    fn automaton_candidates(patterns: &[Regex], text: &str) -> Vec<(u32, usize)> {
        let mut literals = Vec::new();
        for (p, re) in patterns.iter().enumerate() {
            for lit in prefixes(re.as_str()).unwrap_or_default() {
                literals.push((p as u32, lit));
            }
        }
        let ac = AhoCorasickBuilder::new().ascii_case_insensitive(true).build(literals.iter().map(|(_, l)| l)).unwrap();
        let bytes = text.as_bytes();
        let mut list = Vec::new();
        for hit in ac.find_overlapping_iter(text) {
            let at = hit.start();
            let word = |i: usize| bytes.get(i).is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'_');
            let (p, _) = literals[hit.pattern().as_usize()];
            if word(at) != (at > 0 && word(at - 1)) || !starts_with_boundary(patterns[p as usize].as_str()) {
                list.push((p, at));
            }
        }
        list.sort_unstable();
        list.dedup();
        list
    }

    /// Texts glued from rule words, junk and separators (none too), so
    /// literals fall both on and off word boundaries.
    /// `text` cut into adjacent spans at those of `cuts` that fall on char
    /// boundaries inside it.
    fn sentences_cut_at(text: &str, cuts: Vec<usize>) -> Vec<Span> {
        let mut bounds: Vec<usize> = cuts.into_iter().filter(|&c| c <= text.len() && text.is_char_boundary(c)).collect();
        bounds.push(0);
        bounds.push(text.len());
        bounds.sort_unstable();
        bounds.dedup();
        bounds.windows(2).map(|w| Span::new(w[0], w[1])).collect()
    }

    fn wordy_text() -> impl proptest::strategy::Strategy<Value = String> {
        const WORDS: &[&str] = &[
            "talks", "Talk", "no", "NOT", "never", "peace", "Peace", "deal", "cease-fire", "CeaseFires", "1991", "borders",
            "call", "called for", "an", "a", "the", "’s", "'s", "é", "x_y", "ce", "know", "s", "qz",
        ];
        const SEPARATORS: &[&str] = &["", " ", "  ", ",", ".", "-", "’", "_", "é"];
        proptest::collection::vec((0..WORDS.len(), 0..SEPARATORS.len()), 0..24)
            .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{}{}", WORDS[w], SEPARATORS[s])).collect())
    }

    proptest::proptest! {
        #[test]
        fn both_automata_find_what_an_overlapping_search_finds(text in wordy_text()) {
            let pats = vec![
                rule("talks?"), rule("no|not|never"), rule(r"[’']s\s+\w+"), rule(r"peace\W+deal"),
                Regex::new("(?i)peace|ce").unwrap(), rule("é[a-z]*"), rule("cease-?fires?"), rule(r"\d+ borders|1991"),
                rule(r"(?:call(?:ed|s)?\s+for)"), rule("a|an|the"),
            ];
            let bank = PatternBank::new(&pats);
            proptest::prop_assert!(bank.at_boundaries.is_some() && bank.literals.is_some());
            let found = bank.candidates(&text);
            proptest::prop_assert!(found.gated);
            proptest::prop_assert_eq!(found.list, automaton_candidates(&pats, &text));
        }

        #[test]
        fn the_boundary_automaton_finds_what_an_overlapping_search_finds(text in wordy_text()) {
            let pats = vec![rule("talks?"), rule("no|not|never"), rule(r"[’']s\s+\w+"), rule(r"peace\W+deal"), rule("cease-?fires?"), rule("a|an|the|-")];
            let bank = PatternBank::new(&pats);
            proptest::prop_assert!(bank.literals.is_none());
            proptest::prop_assert_eq!(bank.candidates(&text).list, automaton_candidates(&pats, &text));
        }

        #[test]
        fn word_list_patterns_match_like_their_regexes(text in wordy_text(), cuts in proptest::collection::vec(0usize..200, 0..6)) {
            let pats = vec![rule("talks?|talk|Talked"), rule("no|not|never|no peace"), rule("(?:cease-?)?fires?|peace deal|peace"), rule("’s|x_y|s"), rule("called(?: for)?|call")];
            let bank = PatternBank::new(&pats);
            proptest::prop_assert!(bank.words.iter().filter(|w| w.is_some()).count() == 4, "the word-list path is what this test covers");
            let sentences = sentences_cut_at(&text, cuts);
            proptest::prop_assert_eq!(bank.find_all(&text, &sentences), naive(&pats, &text, &sentences));
        }

        #[test]
        fn pieces_walked_side_by_side_find_each_hit_once(text in wordy_text(), cut in 0usize..64) {
            // Dense rule words, so that literals often straddle a cut.
            let pats = vec![rule("talks?"), rule("no|not|never"), rule(r"[’']s\s+\w+"), rule(r"peace\W+deal"), rule("cease-?fires?"), rule("a|an|the|-"), rule(r"called for|x_y")];
            let bank = PatternBank::new(&pats);
            let dfa = bank.at_boundaries.as_ref().unwrap();
            let bytes = text.as_bytes();
            let sorted = |mut hits: Vec<(u32, usize)>| {
                hits.sort_unstable();
                hits
            };
            let mut one = Vec::new();
            dfa.hits_in::<1>(bytes, bytes.len(), &mut one);
            let one = sorted(one);
            let mut distinct = one.clone();
            distinct.dedup();
            proptest::prop_assert_eq!(&distinct, &one);
            let mut runs = [Vec::new(), Vec::new(), Vec::new()];
            dfa.hits_in::<2>(bytes, cut, &mut runs[0]);
            dfa.hits_in::<3>(bytes, cut, &mut runs[1]);
            dfa.hits_in::<4>(bytes, cut, &mut runs[2]);
            for run in runs {
                proptest::prop_assert_eq!(&sorted(run), &one);
            }
        }

        #[test]
        fn long_texts_walked_in_pieces_find_what_an_overlapping_search_finds(parts in proptest::collection::vec(wordy_text(), 8..40)) {
            let text = parts.concat();
            let pats = vec![rule("talks?"), rule("no|not|never"), rule(r"[’']s\s+\w+"), rule(r"peace\W+deal"), rule("cease-?fires?"), rule("a|an|the|-")];
            let bank = PatternBank::new(&pats);
            proptest::prop_assert_eq!(bank.candidates(&text).list, automaton_candidates(&pats, &text));
        }

        #[test]
        fn the_bank_finds_what_a_per_sentence_search_finds(text in "[a-zA-Z .,’'\u{e9}\u{212A}\u{17F}-]{0,120}", cuts in proptest::collection::vec(0usize..120, 0..6)) {
            let pats = vec![rule("talks?"), rule("no|not|never"), rule(r"peace\W+deal"), rule("[a-z]+ed"), rule(r"(?:call(?:ed|s)?\s+for)"), rule("é[a-z]*")];
            let bank = PatternBank::new(&pats);
            let sentences = sentences_cut_at(&text, cuts);
            proptest::prop_assert_eq!(bank.find_all(&text, &sentences), naive(&pats, &text, &sentences));
        }
    }
}
