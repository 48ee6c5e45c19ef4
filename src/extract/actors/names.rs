//! Finding names in text: capitalised runs, appositives after a name, and
//! the names discovered in one article searched like the rule aliases.

use std::sync::LazyLock;

use regex::Regex;

use crate::rules::aliases::{AliasIndex, alias_patterns, at_word_edges};

pub(crate) static CAP_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\p{Lu}[\p{Ll}\p{Lu}'’.-]*(?:\s+(?:von der |van |de |da |bin |al-)?\p{Lu}[\p{Ll}\p{Lu}'’.-]*){1,4}").expect("static regex")
});

/// `CAP_NAME.find_iter(text).last()` when that match ends where `text` does
/// but for trailing whitespace, otherwise None or an earlier match (which
/// callers reject), searching only the part that can hold the last match.
pub(crate) fn last_cap_name_at_end(text: &str) -> Option<regex::Match<'_>> {
    let body = text.trim_end();
    // The last name word runs back from the end through letters and ' . - ’
    // to a space, and starts with a capital or with "al-" and a capital.
    // Decided here for ASCII; anything else goes to the regex.
    let word = |c: char| c.is_ascii_alphabetic() || matches!(c, '\'' | '.' | '-' | '’');
    let run = body.len() - body.trim_end_matches(word).len();
    let last_word = &body[body.len() - run..];
    let before = body[..body.len() - run].chars().next_back()?;
    let capital = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
    let spaced = matches!(before, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ');
    if before.is_ascii() && !(spaced && (capital(last_word) || last_word.strip_prefix("al-").is_some_and(capital))) {
        return None;
    }
    // No match spans a digit or punctuation that cannot be in a name, so the
    // matches after the last such mark are the ones `find_iter` would find
    // there (`find_at` keeps the text before in view for `\b`).
    let breaker = |c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '!' | '?' | '"' | '(' | ')' | '[' | ']' | '/' | '“' | '”' | '‘');
    let mut at = body.char_indices().rev().find(|&(_, c)| breaker(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let mut found = None;
    while let Some(m) = CAP_NAME.find_at(text, at) {
        at = m.end();
        found = Some(m);
    }
    found
}

/// Appositive after a name: ", a Russian deputy foreign minister," or
/// ", Trump's incoming national security adviser,".
pub(crate) static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+(?:a|an|the|another|his|her|its|their|\p{Lu}[\w.]*(?:’s|'s))\s+([^,.;:“”\x22]{2,120}?)(?:,|\.|$)").expect("static regex")
});

/// The description in an appositive at the start of `text` (group 1 of
/// [`APPOSITIVE`]), found by hand: the regex's bounded backtracker clears a
/// bitmap as large as its Unicode classes times the text per call, which
/// made it the costliest step of finding mentions. A determiner word with a
/// non-ASCII letter (where `\p{Lu}` and `\w` would need Unicode tables) goes
/// to the regex.
pub(crate) fn appositive(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(',')?;
    let token = rest.trim_start_matches(char::is_whitespace);
    if token.len() == rest.len() {
        return None;
    }
    let after_token = match determiner_len(token) {
        Determiner::Len(n) => &token[n..],
        Determiner::No => return None,
        Determiner::Unsure => return APPOSITIVE.captures(text).and_then(|c| c.get(1)).map(|d| d.as_str()),
    };
    let desc = after_token.trim_start_matches(char::is_whitespace);
    let spaces = &after_token[..after_token.len() - desc.len()];
    // The description runs to the first mark it cannot hold, which must be a
    // comma, a full stop or the end: the lazy `{2,120}` can stop nowhere
    // else. When it is shorter than two characters, the greedy `\s+` before
    // it gives back spaces, keeping one.
    let stop = desc.find([',', '.', ';', ':', '“', '”', '"']).unwrap_or(desc.len());
    if desc[stop..].starts_with([';', ':', '“', '”', '"']) {
        return None;
    }
    let len = desc[..stop].chars().take(121).count();
    let give_back = 2usize.saturating_sub(len);
    if len > 120 || give_back >= spaces.chars().count() {
        return None;
    }
    let back: usize = spaces.chars().rev().take(give_back).map(char::len_utf8).sum();
    let start = text.len() - desc.len() - back;
    Some(&text[start..text.len() - desc.len() + stop])
}

/// How the determiner alternatives of [`APPOSITIVE`] match at the start of a word.
pub(crate) enum Determiner {
    /// Matched, this many bytes long, and whitespace follows.
    Len(usize),
    No,
    /// Only the regex can tell.
    Unsure,
}

pub(crate) fn determiner_len(token: &str) -> Determiner {
    let spaced = |n: usize| token[n..].starts_with(char::is_whitespace);
    if let Some(w) = ["a", "an", "the", "another", "his", "her", "its", "their"].iter().find(|w| token.starts_with(**w) && spaced(w.len())) {
        return Determiner::Len(w.len());
    }
    // `\p{Lu}[\w.]*(?:’s|'s)`: the run of word characters cannot hold the
    // apostrophe, so it ends right before it.
    let b = token.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_uppercase() => {}
        Some(c) if !c.is_ascii() => return Determiner::Unsure,
        _ => return Determiner::No,
    }
    let run = 1 + b[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'.').count();
    let rest = &token[run..];
    let suffix = if rest.starts_with("’s") {
        "’s".len()
    } else if rest.starts_with("'s") {
        2
    } else if rest.starts_with(|c: char| !c.is_ascii()) {
        return Determiner::Unsure;
    } else {
        return Determiner::No;
    };
    if spaced(run + suffix) { Determiner::Len(run + suffix) } else { Determiner::No }
}

/// The names discovered in one article, searched with the same
/// leftmost-longest rule as [`AliasIndex`]. A handful of patterns are tried
/// in place at each byte one could start with, since building an automaton
/// per article cost more than all its searches; past
/// [`DiscoveredNames::AUTOMATON_FROM`] patterns (a long text discovers
/// thousands of names) that loop would be quadratic, and an automaton
/// finds the same matches in one linear pass.
pub(crate) struct DiscoveredNames {
    patterns: Vec<String>,
    actors: Vec<usize>,
    /// The bytes some pattern starts with (capitals, mostly).
    first: [bool; 256],
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl DiscoveredNames {
    /// Pattern count from which the search runs an automaton.
    pub(crate) const AUTOMATON_FROM: usize = 64;

    pub(crate) fn new(pairs: &[(String, usize)]) -> DiscoveredNames {
        Self::with_automaton_from(pairs, Self::AUTOMATON_FROM)
    }

    pub(crate) fn with_automaton_from(pairs: &[(String, usize)], automaton_from: usize) -> DiscoveredNames {
        let (patterns, targets) = alias_patterns(pairs);
        let mut first = [false; 256];
        for p in &patterns {
            if let Some(b) = p.as_bytes().first() {
                first[usize::from(*b)] = true;
            }
        }
        // Leftmost-longest, ties to the first listed: what the loop in `find` does.
        let automaton = (patterns.len() >= automaton_from)
            .then(|| aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&patterns).ok())
            .flatten();
        DiscoveredNames { patterns, actors: targets.into_iter().map(|(a, _)| a).collect(), first, automaton }
    }

    /// Matches in `text` as (start, end, actor): at each step the leftmost
    /// occurrence of any pattern, the longest (then the first listed) among
    /// those starting there, and the search goes on after it. One pass that
    /// tries the patterns only where one could start: a substring search per
    /// pattern and paragraph cost more in searcher setup than in searching.
    pub(crate) fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        if let Some(ac) = &self.automaton {
            return ac
                .find_iter(text)
                .filter(|m| at_word_edges(text, m.start(), m.end()))
                .map(|m| (m.start(), m.end(), self.actors[m.pattern().as_usize()]))
                .collect();
        }
        let mut out = Vec::new();
        let b = text.as_bytes();
        let mut pos = 0;
        while let Some(start) = b[pos..].iter().position(|c| self.first[usize::from(*c)]).map(|i| pos + i) {
            let mut best: Option<(usize, usize)> = None;
            for (i, p) in self.patterns.iter().enumerate() {
                if b[start..].starts_with(p.as_bytes()) && best.is_none_or(|(len, _)| p.len() > len) {
                    best = Some((p.len(), i));
                }
            }
            let Some((len, i)) = best else {
                pos = start + 1;
                continue;
            };
            let end = start + len;
            if at_word_edges(text, start, end) {
                out.push((start, end, self.actors[i]));
            }
            pos = end;
        }
        out
    }
}

/// Matches of the rule aliases and of this article's discovered names,
/// discovered names winning where they overlap a rule alias no longer than
/// themselves. Both lists are sorted and free of overlaps within
/// themselves, so one sweep finds the rule matches each discovered name
/// overlaps (a scan of all of them per name was quadratic in long texts).
pub(crate) fn find_aliases(text: &str, rules: &AliasIndex, discovered: &DiscoveredNames) -> Vec<(usize, usize, usize)> {
    let rule: Vec<(usize, usize, usize)> = rules.find(text).into_iter().map(|(s, e, a, _)| (s, e, a)).collect();
    let mut dropped = vec![false; rule.len()];
    let mut found = Vec::new();
    // Rule matches ending at or before a name's start overlap no later name.
    let mut lo = 0;
    for (s, e, a) in discovered.find(text) {
        while lo < rule.len() && rule[lo].1 <= s {
            lo += 1;
        }
        let mut blocked = false;
        for (x, gone) in rule[lo..].iter().zip(&mut dropped[lo..]).take_while(|(x, _)| x.0 < e) {
            if *gone {
                continue;
            }
            if x.1 - x.0 <= e - s {
                *gone = true;
            } else {
                blocked = true;
            }
        }
        if !blocked {
            found.push((s, e, a));
        }
    }
    let mut all: Vec<(usize, usize, usize)> = rule.into_iter().zip(dropped).filter(|(_, gone)| !gone).map(|(x, _)| x).collect();
    all.extend(found);
    all.sort_by_key(|x| x.0);
    all
}

/// The first `max` bytes of `s`, cut on a char boundary: bounds the text a
/// capturing regex looks at, since its cost grows with the haystack.
pub(crate) fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `max` bytes of `s`, cut on a char boundary.
pub(crate) fn tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}
