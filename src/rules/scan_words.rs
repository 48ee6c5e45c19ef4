//! Rule patterns that are plain word lists (`said|says|say`), matched by
//! comparing bytes instead of running a regex, and the ASCII word-byte test
//! `(?-u:\b)` makes, which the scanner and its automaton share.

use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// Whether a byte is an ASCII word byte, the test `(?-u:\b)` makes (no
/// byte, at either end of the text, is not one).
pub(super) fn is_word(b: Option<u8>) -> bool {
    b.is_some_and(|b| WORD[b as usize])
}

pub(super) static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'_';
        b += 1;
    }
    t
};

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
pub(super) fn word_list(pattern: &str) -> Option<WordList> {
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
pub(super) struct WordList {
    /// The bucket of words starting with each (lower-case) byte; 0 is empty.
    bucket: [u8; 256],
    buckets: Vec<Vec<Vec<u8>>>,
}

/// Where the match of `(?i)(?-u:\b)(?:w1|w2|…)(?-u:\b)` anchored at `at`
/// ends in `hay`, for `words` from [`word_list`]: the first word, in order,
/// that is there and ends at a boundary, if one starts there.
pub(super) fn word_list_match(hay: &[u8], at: usize, words: &WordList) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    fn rule(p: &str) -> Regex {
        Regex::new(&format!(r"(?i)(?-u:\b)(?:{p})(?-u:\b)")).unwrap()
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
}
