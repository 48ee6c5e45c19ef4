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
    at_boundaries: Option<BoundaryDfa>,
    /// The other gate literals, searched everywhere, ASCII
    /// case-insensitively.
    literals: Option<AhoCorasick>,
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

/// Whether a byte is an ASCII word byte, the test `(?-u:\b)` makes (no
/// byte, at either end of the text, is not one).
fn is_word(b: Option<u8>) -> bool {
    b.is_some_and(|b| WORD[b as usize])
}

static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

/// Gate literals whose matches must start at an ASCII word boundary, as an
/// Aho-Corasick automaton over ASCII-case-folded bytes whose matches can
/// only start at a boundary. It finds what an overlapping search for the
/// literals, kept only at boundaries, finds; but it is a plain table walk,
/// one lookup per byte, where the general overlapping search costs several
/// times more per byte and hits inside words ("no" in "know") that are then
/// thrown away.
///
/// A state is the longest string that ends at the current position, starts
/// at a boundary and begins a literal. Every shorter one that does (the
/// "boundary suffixes") starts at a boundary inside it, which its own bytes
/// decide, so the usual failure links work when restricted to them. With
/// no such string, one of two root states remembers whether the last byte
/// was a word byte, which decides whether the next one starts a word.
#[derive(Debug, Clone)]
struct BoundaryDfa {
    /// Each byte's column: the two cases of an ASCII letter share one;
    /// bytes in no literal get `OTHER_WORD` or `OTHER_NON_WORD`.
    column: Box<[u8; 256]>,
    columns: usize,
    /// `next[state * columns + column]`: the next state's row offset
    /// (`state * columns`) shifted left once, the low bit set if literals
    /// end at that state.
    next: Vec<u32>,
    /// Per state: the literal that ends there (or `NONE`), the length of the
    /// state's string, and the nearest boundary suffix where one ends.
    literal: Vec<u32>,
    depth: Vec<u32>,
    output_link: Vec<u32>,
}

const NONE: u32 = u32::MAX;
/// Entries allowed in each transition table (16 MB of `u32`): a rule file
/// with huge alternations gets the general automaton instead of an
/// allocation that could abort the process.
const MAX_TABLE: usize = 1 << 22;
const OTHER_NON_WORD: u8 = 0;
const OTHER_WORD: u8 = 1;
/// The root state after a non-word byte or at the start of a text; the
/// root after a word byte is the last state.
const ROOT_AFTER_NON_WORD: u32 = 0;
/// Texts shorter than this are walked as one stream: splitting them saves
/// less than it costs.
const SPLIT_FROM: usize = 512;
/// Walks side by side over a longer text.
const STREAMS: usize = 4;
/// Steps whose outputs wait to be pushed (a power of two).
const PENDING: usize = 64;

impl BoundaryDfa {
    /// The automaton of `(id, ASCII-lowercased literal)`, or `None` when the
    /// literals use more than 254 distinct bytes or the tables would hold
    /// more than [`MAX_TABLE`] entries.
    fn new<'a>(literals: impl Iterator<Item = (u32, &'a [u8])> + Clone) -> Option<BoundaryDfa> {
        let (column, columns) = columns_of(literals.clone())?;
        let mut word_column = vec![false; columns];
        for b in 0..=255u8 {
            word_column[column[b as usize] as usize] = WORD[b as usize];
        }
        // The trie: goto[node * columns + column], 0 for no child.
        let mut goto: Vec<u32> = vec![0; columns];
        let mut literal = vec![NONE];
        let mut depth = vec![0u32];
        for (id, lit) in literals {
            let mut node = 0usize;
            for &b in lit {
                let slot = node * columns + column[b as usize] as usize;
                if goto[slot] == 0 {
                    if goto.len() + columns > MAX_TABLE {
                        return None;
                    }
                    goto[slot] = u32::try_from(literal.len()).ok()?;
                    goto.resize(goto.len() + columns, 0);
                    literal.push(NONE);
                    depth.push(depth[node] + 1);
                }
                node = goto[slot] as usize;
            }
            if node != 0 {
                literal[node] = id;
            }
        }
        let nodes = literal.len();
        let root_after_word = u32::try_from(nodes).ok()?;
        literal.push(NONE);
        depth.push(0);
        let states = nodes + 1;
        if states * columns > MAX_TABLE {
            return None;
        }
        let root_after = |word: bool| if word { root_after_word } else { ROOT_AFTER_NON_WORD };
        let mut delta: Vec<u32> = vec![0; states * columns];
        let mut fail: Vec<u32> = vec![0; states];
        let mut output_link: Vec<u32> = vec![NONE; states];
        // A root state moves to a child of the trie root only where the byte
        // starts a run of its kind.
        for (root, after_word) in [(ROOT_AFTER_NON_WORD, false), (root_after_word, true)] {
            for c in 0..columns {
                let child = goto[c];
                delta[root as usize * columns + c] = if child != 0 && word_column[c] != after_word { child } else { root_after(word_column[c]) };
            }
        }
        let mut queue = std::collections::VecDeque::new();
        for c in 0..columns {
            let child = goto[c];
            if child != 0 {
                // A one-byte string has no proper suffix but the empty one.
                fail[child as usize] = root_after(word_column[c]);
                queue.push_back(child);
            }
        }
        while let Some(n) = queue.pop_front() {
            let n = n as usize;
            let f = fail[n] as usize;
            output_link[n] = if literal[f] != NONE { f as u32 } else { output_link[f] };
            for c in 0..columns {
                let child = goto[n * columns + c];
                if child != 0 {
                    fail[child as usize] = delta[f * columns + c];
                    queue.push_back(child);
                    delta[n * columns + c] = child;
                } else {
                    delta[n * columns + c] = delta[f * columns + c];
                }
            }
        }
        let has_output = |s: u32| literal[s as usize] != NONE || output_link[s as usize] != NONE;
        let mut next = Vec::with_capacity(delta.len());
        for &s in &delta {
            let row = u32::try_from(s as usize * columns).ok()?.checked_mul(2)?;
            next.push(row | u32::from(has_output(s)));
        }
        Some(BoundaryDfa { column, columns, next, literal, depth, output_link })
    }

    /// Pushes `(literal, start)` for every literal occurring at an ASCII
    /// word boundary of `bytes`, by end within each of the pieces a long
    /// text is walked in.
    // Kept out of line, with the rare outputs out of its loops, so the loops
    // keep their few values in registers.
    #[inline(never)]
    fn hits(&self, bytes: &[u8], out: &mut Vec<(u32, usize)>) {
        if bytes.len() < SPLIT_FROM {
            self.hits_in::<1>(bytes, bytes.len(), out);
        } else {
            self.hits_in::<STREAMS>(bytes, bytes.len() / STREAMS, out);
        }
    }

    /// [`BoundaryDfa::hits`], walking `N` pieces of the text side by side:
    /// each step waits for the one before it (a load of the next state), so
    /// one walk leaves the core idle most of the time, and independent walks
    /// fill it. The first `N - 1` pieces are `piece` bytes long, the last
    /// takes the rest.
    ///
    /// A walk starts a piece at the root its previous byte calls for, so it
    /// finds exactly the literals starting in its piece or later; the walk
    /// of the piece before goes on past the cut for those that start before
    /// it and end after it, and keeps only them.
    // The loops index several pieces' bytes and states by the same step.
    #[allow(clippy::needless_range_loop)]
    fn hits_in<const N: usize>(&self, bytes: &[u8], piece: usize, out: &mut Vec<(u32, usize)>) {
        let piece = piece.min(bytes.len() / N);
        let start = |j: usize| j * piece;
        let mut rows: [usize; N] = std::array::from_fn(|j| self.root(is_word(start(j).checked_sub(1).and_then(|i| bytes.get(i).copied()))));
        // Each piece's hits apart, joined in text order at the end: the
        // candidates' sort by pattern is cheapest on hits nearly in order.
        let mut found: [Vec<(u32, usize)>; N] = std::array::from_fn(|j| if j == 0 { std::mem::take(out) } else { Vec::with_capacity(piece / 16) });
        let quads: [&[[u8; 4]]; N] = std::array::from_fn(|j| bytes[start(j)..start(j) + piece].as_chunks::<4>().0);
        let quad_count = piece / 4;
        // Every step is written down and kept only where literals end:
        // that costs no branch, where testing steps for outputs (about one
        // every 30 bytes) mispredicts often. A step is numbered in the order
        // taken, one byte of each piece in turn. The flush keeps `kept`
        // under `PENDING`; the modulo spares a bounds check.
        let mut pending = [(0u32, 0usize); PENDING];
        let mut kept = 0;
        for q in 0..quad_count {
            for i in 0..4 {
                for j in 0..N {
                    let next = self.step(rows[j], quads[j][q][i]);
                    rows[j] = (next >> 1) as usize;
                    pending[kept % PENDING] = (next, (4 * q + i) * N + j);
                    kept += (next & 1) as usize;
                }
            }
            if kept > PENDING - 4 * N {
                self.outputs_of::<N>(&pending[..kept], piece, &mut found);
                kept = 0;
            }
        }
        self.outputs_of::<N>(&pending[..kept], piece, &mut found);
        for (j, hits) in found.iter_mut().enumerate() {
            let before = if j + 1 < N { start(j + 1) } else { bytes.len() };
            self.walk(rows[j], bytes, start(j) + 4 * quad_count, before, hits);
        }
        *out = std::mem::take(&mut found[0]);
        for hits in &mut found[1..] {
            out.append(hits);
        }
    }

    /// The outputs of the steps `pending` kept in [`BoundaryDfa::hits_in`].
    #[inline(never)]
    fn outputs_of<const N: usize>(&self, pending: &[(u32, usize)], piece: usize, found: &mut [Vec<(u32, usize)>; N]) {
        for &(next, k) in pending {
            let j = k % N;
            self.outputs((next >> 1) as usize / self.columns, j * piece + k / N + 1, usize::MAX, &mut found[j]);
        }
    }

    /// The row of the root state after a word byte or not.
    fn root(&self, after_word: bool) -> usize {
        if after_word { (self.literal.len() - 1) * self.columns } else { ROOT_AFTER_NON_WORD as usize }
    }

    /// The transition from the state at `row` on byte `b`. Every entry of
    /// `next` is the row of a state the table has, so this never fails; a
    /// table that broke that would panic here rather than drop matches.
    #[inline(always)]
    fn step(&self, row: usize, b: u8) -> u32 {
        self.next[row + usize::from(self.column[usize::from(b)])]
    }

    /// Runs the text from byte `at` in the state at `row`, pushing the
    /// literals that start before `before`, until the state's string starts
    /// at or after it (from there on, the next piece's walk finds them all).
    fn walk(&self, mut row: usize, bytes: &[u8], mut at: usize, before: usize, out: &mut Vec<(u32, usize)>) {
        while let Some(&b) = bytes.get(at) {
            if at >= before && at - self.depth[row / self.columns] as usize >= before {
                break;
            }
            let next = self.step(row, b);
            row = (next >> 1) as usize;
            at += 1;
            if next & 1 != 0 {
                self.outputs(row / self.columns, at, before, out);
            }
        }
    }

    /// Pushes the literals ending at `end` in `state`, those starting
    /// before `before`.
    #[inline(never)]
    fn outputs(&self, state: usize, end: usize, before: usize, out: &mut Vec<(u32, usize)>) {
        let mut s = state as u32;
        while s != NONE {
            let li = self.literal[s as usize];
            let start = end - self.depth[s as usize] as usize;
            if li != NONE && start < before {
                out.push((li, start));
            }
            s = self.output_link[s as usize];
        }
    }
}

/// The column of each byte (`OTHER_…` for bytes in no literal, the two
/// cases of an ASCII letter in one) and the number of columns.
fn columns_of<'a>(literals: impl Iterator<Item = (u32, &'a [u8])>) -> Option<(Box<[u8; 256]>, usize)> {
    let mut column = Box::new([0u8; 256]);
    let mut assigned = [false; 256];
    let mut columns = 2usize;
    for (_, lit) in literals {
        for &b in lit {
            if !assigned[b as usize] {
                let c = u8::try_from(columns).ok()?;
                for v in [b, b.to_ascii_uppercase()] {
                    column[v as usize] = c;
                    assigned[v as usize] = true;
                }
                columns += 1;
            }
        }
    }
    for b in 0..256 {
        if !assigned[b] {
            column[b] = if WORD[b] { OTHER_WORD } else { OTHER_NON_WORD };
        }
    }
    Some((column, columns))
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

/// Words a pattern may list before it is left to its regex: a candidate
/// tries those starting with its byte one by one.
const WORDS_PER_LIST: usize = 64;

/// The words of a rule pattern `(?i)(?-u:\b)(?:INNER)(?-u:\b)` whose INNER
/// matches only a few ASCII strings (`said|says|say`, `wants?|wanted`),
/// ASCII-lowercased, in the order a leftmost-first search prefers them; None
/// for any other pattern.
///
/// The words are taken from INNER parsed case-sensitively and compared
/// ignoring ASCII case. That is what `(?i)` does, but for the Kelvin sign
/// and the long s, and a text holding either is searched without the bank's
/// gates (see [`folds_to_ascii`]). INNER with inline flags (which could
/// turn case sensitivity back on) or look-arounds (which the extractor
/// takes for empty strings) is left to the regex.
fn word_list(pattern: &str) -> Option<WordList> {
    let inner = pattern.strip_prefix(r"(?i)(?-u:\b)(?:")?.strip_suffix(r")(?-u:\b)")?;
    if inner.replace("(?:", "").contains("(?") {
        return None;
    }
    // INNER must stand on its own: `a)|(?:b` does not, though wrapped it parses.
    let hir = regex_syntax::Parser::new().parse(inner).ok()?;
    if !hir.properties().look_set().is_empty() {
        return None;
    }
    let mut extractor = Extractor::new();
    extractor.kind(ExtractKind::Prefix).limit_total(WORDS_PER_LIST);
    let seq = extractor.extract(&hir);
    let literals = seq.literals().filter(|_| seq.is_exact())?;
    if literals.is_empty() || literals.len() > WORDS_PER_LIST || literals.iter().any(|l| l.as_bytes().is_empty() || !l.as_bytes().is_ascii()) {
        return None;
    }
    let mut list = WordList { bucket: [0; 256], buckets: vec![Vec::new()] };
    for l in literals {
        let word = l.as_bytes().to_ascii_lowercase();
        let first = usize::from(word[0]);
        if list.bucket[first] == 0 {
            list.bucket[first] = u8::try_from(list.buckets.len()).ok()?;
            list.buckets.push(Vec::new());
        }
        list.buckets[usize::from(list.bucket[first])].push(word);
    }
    Some(list)
}

/// The words of a word-list pattern, by first byte: only those starting
/// with the byte at a candidate can match there, and among them the order
/// of preference is kept.
#[derive(Debug, Clone)]
struct WordList {
    /// The bucket of words starting with each (lower-case) byte; 0 is empty.
    bucket: [u8; 256],
    buckets: Vec<Vec<Vec<u8>>>,
}

/// Where the match of `(?i)(?-u:\b)(?:w1|w2|…)(?-u:\b)` anchored at `at`
/// ends in `hay`, for `words` from [`word_list`]: the first word, in order,
/// that is there and ends at a boundary, if one starts there.
fn word_list_match(hay: &[u8], at: usize, words: &WordList) -> Option<usize> {
    let word_at = |i: usize| is_word(hay.get(i).copied());
    let first = *hay.get(at)?;
    if word_at(at) == (at > 0 && word_at(at - 1)) {
        return None;
    }
    let rest = &hay[at..];
    let bucket = &words.buckets[usize::from(words.bucket[usize::from(first.to_ascii_lowercase())])];
    bucket.iter().find_map(|w| {
        let end = at + w.len();
        (rest.len() >= w.len() && rest[..w.len()].eq_ignore_ascii_case(w) && word_at(end - 1) != word_at(end)).then_some(end)
    })
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

    #[test]
    fn a_boundary_automaton_over_the_table_budget_is_not_built() {
        // 60,000 ten-letter literals: far more trie states than MAX_TABLE
        // allows at 28 columns; the bank then uses the general automaton.
        let literals: Vec<(u32, Vec<u8>)> = (0..60_000u32)
            .map(|i| (i, (0..10).map(|k| b'a' + ((i.wrapping_mul(2_654_435_761) >> (k * 3)) % 26) as u8).collect()))
            .collect();
        assert!(BoundaryDfa::new(literals.iter().map(|(i, l)| (*i, l.as_slice()))).is_none());
        let few = &literals[..100];
        assert!(BoundaryDfa::new(few.iter().map(|(i, l)| (*i, l.as_slice()))).is_some());
    }

    #[test]
    fn word_lists_are_found_only_for_plain_alternations() {
        for (pattern, words) in [
            ("said|says|say", Some(vec!["said", "says", "say"])),
            ("wants?|wanted", Some(vec!["wants", "want", "wanted"])),
            ("(?:staunch |fierce )?opponent of", Some(vec!["staunch opponent of", "fierce opponent of", "opponent of"])),
            ("Talks", Some(vec!["talks"])),
            (r"aims? (?:to|for)|\w+ed", None),
            ("won[’']t", None),
            ("(?-i:NATO)", None),
            ("a)(?-u:\\b)|(?-u:\\b)(?:b", None),
            ("peace(?-u:\\b)", None),
        ] {
            let got = word_list(rule(pattern).as_str()).map(|list| list.buckets.concat());
            let want = words.map(|w| {
                // Grouped by first byte, in order within each group.
                let mut grouped: Vec<Vec<u8>> = Vec::new();
                let mut firsts: Vec<u8> = Vec::new();
                for word in &w {
                    if !firsts.contains(&word.as_bytes()[0]) {
                        firsts.push(word.as_bytes()[0]);
                    }
                }
                for f in firsts {
                    grouped.extend(w.iter().filter(|word| word.as_bytes()[0] == f).map(|word| word.as_bytes().to_vec()));
                }
                grouped
            });
            assert_eq!(got, want, "{pattern}");
        }
    }

    #[test]
    fn bundled_rules_are_gated_by_the_boundary_automaton_alone() {
        let (_, rules) = crate::rules::load::RuleSet::load_compiled(std::path::Path::new("data/rules")).unwrap();
        let bank = &rules.banks.all;
        assert!(bank.at_boundaries.is_some());
        assert!(bank.literals.is_none(), "every rule pattern starts at a word boundary");
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
