//! Actor names and aliases compiled into one automaton, built once with the
//! rules and searched in every article.

use std::sync::Arc;

use aho_corasick::Anchored;
use aho_corasick::automaton::Automaton;

use crate::model::{Actor, ActorKind, Gender};


/// A searchable set of names: every alias maps to an actor index. Matching
/// is leftmost-longest, so "US President Donald Trump" wins over "US", and
/// a match counts only at word boundaries and outside hyphenated compounds
/// ("pro-Kremlin", "Moscow-friendly").
#[derive(Debug, Clone)]
pub struct AliasIndex {
    /// Anchored: run only where an alias can start.
    automaton: Option<AliasAutomaton>,
    /// Per byte: [`ALIAS_STARTS`] if some alias starts with it, and
    /// [`JOINS_WORD`] for ASCII letters, digits and '-', after which no
    /// alias may start.
    byte_flags: [u8; 256],
    /// For each pattern: (actor index, alias as written in the rules).
    targets: Vec<(usize, String)>,
    /// The rule actors as every article's cast starts out, built once
    /// because lower-casing roles per article showed up in profiles.
    pub(crate) cast: Vec<Arc<CastMember>>,
    /// Adjective → index of the first country or organisation in `cast`
    /// with it: [`country_of`] compared every adjective of every country
    /// with the words of each description.
    pub(crate) countries: Arc<std::collections::HashMap<String, usize>>,
}

impl AliasIndex {
    pub fn new(actors: &[super::schema::ActorRule]) -> AliasIndex {
        let mut pairs = Vec::new();
        for (i, a) in actors.iter().enumerate() {
            pairs.push((a.name.clone(), i));
            for al in &a.aliases {
                pairs.push((al.clone(), i));
            }
        }
        let (patterns, targets) = alias_patterns(&pairs);
        // A DFA even for the few hundred aliases the automatic choice would
        // leave to an NFA: its transitions are one table look-up each.
        let automaton = aho_corasick::dfa::Builder::new()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&patterns)
            .map(AliasAutomaton::Dfa)
            .or_else(|_| {
                aho_corasick::nfa::contiguous::Builder::new()
                    .match_kind(aho_corasick::MatchKind::LeftmostLongest)
                    .build(&patterns)
                    .map(AliasAutomaton::Nfa)
            })
            .ok();
        let mut byte_flags = [0u8; 256];
        for (b, flags) in byte_flags.iter_mut().enumerate() {
            let b = b as u8;
            if b.is_ascii_alphanumeric() || b == b'-' {
                *flags |= JOINS_WORD;
            }
        }
        for p in &patterns {
            if let Some(&b) = p.as_bytes().first() {
                byte_flags[usize::from(b)] |= ALIAS_STARTS;
            }
        }
        let mut countries = std::collections::HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            if a.kind == ActorKind::Country || a.kind == ActorKind::Organization {
                for adj in &a.adjectives {
                    countries.entry(adj.clone()).or_insert(i);
                }
            }
        }
        AliasIndex { automaton, byte_flags, targets, cast: actors.iter().map(|a| Arc::new(cast_member(a))).collect(), countries: Arc::new(countries) }
    }

    /// Matches in `text` as (start, end, actor, alias): from the left, the
    /// longest alias starting where a word may start, then on after it.
    ///
    /// Only the bytes after a letter, digit or hyphen are skipped unsearched
    /// ([`at_word_edges`] would refuse a match there), and only where an
    /// alias can start is the automaton run, anchored: an unanchored search
    /// stepped through every byte, which cost more than all the rest of
    /// finding names. Unlike it, a refused match starting inside a word
    /// ("soothe Kremlin" holding "the Kremlin") hides nothing after it.
    pub fn find(&self, text: &str) -> Vec<(usize, usize, usize, &str)> {
        let Some(automaton) = &self.automaton else { return Vec::new() };
        let b = text.as_bytes();
        let mut out = Vec::new();
        let mut at = 0;
        while at < b.len() {
            let Some(start) = self.next_start(b, at) else { break };
            let found = match automaton {
                AliasAutomaton::Dfa(dfa) => longest_at(dfa, b, start),
                AliasAutomaton::Nfa(nfa) => longest_at(nfa, b, start),
            };
            let Some((end, pattern)) = found else {
                at = start + 1;
                continue;
            };
            at = end;
            if at_word_edges(text, start, end) {
                let (actor, alias) = &self.targets[pattern];
                out.push((start, end, *actor, alias.as_str()));
            }
        }
        out
    }
}

pub(crate) const ALIAS_STARTS: u8 = 1;
pub(crate) const JOINS_WORD: u8 = 2;

impl AliasIndex {
    /// The first place from `at` where an alias may start: a byte some alias
    /// starts with, not right after a letter, digit or hyphen.
    fn next_start(&self, b: &[u8], at: usize) -> Option<usize> {
        const { assert!(JOINS_WORD >> 1 == ALIAS_STARTS) };
        let mut prev = if at > 0 { self.byte_flags[usize::from(b[at - 1])] } else { 0 };
        // One test per byte: the byte may start an alias and the one before
        // does not join it to a word.
        for (i, &c) in b.iter().enumerate().skip(at) {
            let flags = self.byte_flags[usize::from(c)];
            if flags & !(prev >> 1) & ALIAS_STARTS != 0 {
                return Some(i);
            }
            prev = flags;
        }
        None
    }
}

#[derive(Debug, Clone)]
pub(crate) enum AliasAutomaton {
    Dfa(aho_corasick::dfa::DFA),
    /// When the DFA would be too large.
    Nfa(aho_corasick::nfa::contiguous::NFA),
}

/// The end and pattern of the longest pattern of `aut` (built for anchored
/// leftmost-longest search) that starts at `start` in `b`. Walked by hand
/// because a search through the `AhoCorasick` front costs several times
/// more than the few transitions of a typical attempt.
pub(crate) fn longest_at<A: Automaton>(aut: &A, b: &[u8], start: usize) -> Option<(usize, usize)> {
    let mut sid = aut.start_state(Anchored::Yes).ok()?;
    let mut found = None;
    for (at, &byte) in b.iter().enumerate().skip(start) {
        sid = aut.next_state(Anchored::Yes, sid, byte);
        if aut.is_special(sid) {
            if aut.is_dead(sid) {
                break;
            }
            if aut.is_match(sid) {
                // A match state may also hold a match copied from a shorter
                // suffix, which starts later: only one from `start` counts.
                let pattern = aut.match_pattern(sid, 0);
                if at + 1 - aut.pattern_len(pattern) == start {
                    found = Some((at + 1, pattern.as_usize()));
                }
            }
        }
    }
    found
}

/// The search patterns for (alias, actor) pairs and, for each, its (actor,
/// alias as written).
pub(crate) fn alias_patterns(pairs: &[(String, usize)]) -> (Vec<String>, Vec<(usize, String)>) {
    let mut patterns = Vec::new();
    let mut targets = Vec::new();
    for (alias, actor) in pairs {
        if alias.is_empty() {
            continue;
        }
        patterns.push(alias.clone());
        targets.push((*actor, alias.clone()));
        // "the Kremlin" also matches "The Kremlin" at a sentence start.
        if let Some(rest) = alias.strip_prefix("the ") {
            patterns.push(format!("The {rest}"));
            targets.push((*actor, alias.clone()));
        }
    }
    (patterns, targets)
}

/// Whether a match at `start..end` stands at word boundaries and outside a
/// hyphenated compound.
pub(crate) fn at_word_edges(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut rest = text[end..].chars();
    let after = rest.next();
    let after2 = rest.next();
    let bad_before = before.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let bad_after = after.is_some_and(|c| c.is_alphanumeric()) || (after == Some('-') && after2.is_some_and(char::is_alphabetic));
    !(bad_before || bad_after)
}


/// An actor as the extractor sees it: rule data plus what the article taught.
#[derive(Debug, Clone)]
pub struct CastMember {
    pub actor: Actor,
    pub gender: Option<Gender>,
    pub roles: Vec<String>,
    pub adjectives: Vec<String>,
    pub discovered: bool,
}

pub(crate) fn cast_member(a: &super::schema::ActorRule) -> CastMember {
    CastMember {
        actor: Actor {
            name: a.name.clone(),
            kind: a.kind,
            member_of: a.member_of.clone(),
            rule: a.id.clone(),
            gender: a.gender,
        },
        gender: a.gender,
        roles: a.roles.iter().map(|r| r.to_lowercase()).collect(),
        adjectives: a.adjectives.clone(),
        discovered: false,
    }
}

