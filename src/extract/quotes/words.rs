//! Small tests on the words around a cue: fillers, auxiliaries, adjuncts,
//! clause ends, and the reasons written into evidence.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::Mention;
use crate::model::Span;
use crate::rules::Lexicon;
use crate::rules::lazy_regex::lazy_dfa_regex;

/// Every match of the lexicon's leading-adjunct regex begins, after its optional comma and
/// spaces, with one of these; most text after a cue ("that", "the") does
/// not, and this test is far cheaper than running the regex.
pub(crate) const ADJUNCT_STARTS: &[&str] = &[
    "on", "last", "this", "earlier", "late", "early", "later", "recently", "again", "repeatedly", "previously", "publicly", "also", "then", "now",
    "yesterday", "today", "in ", "during ", "to ", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
];

pub(crate) fn leading_adjunct<'s>(s: &'s str, re: &Regex) -> Option<regex::Match<'s>> {
    let rest = s.strip_prefix(',').unwrap_or(s).trim_start();
    // The first letters of ADJUNCT_STARTS rule out most text before the list does.
    let may_start = rest.as_bytes().first().is_some_and(|b| matches!(b, b'o' | b'l' | b't' | b'e' | b'r' | b'a' | b'p' | b'n' | b'y' | b'i' | b'd' | b'M' | b'T' | b'W' | b'F' | b'S'));
    if !may_start || !ADJUNCT_STARTS.iter().any(|w| rest.starts_with(w)) {
        return None;
    }
    re.find(s)
}

/// A dash between spaces, as [`CLAUSE_END`] knows it: the second of a pair
/// closes a parenthesis instead of ending the clause.
pub(crate) static DASH: LazyLock<Regex> = LazyLock::new(|| lazy_dfa_regex(r"\s[–—]\s|\s-\s").expect("static regex"));

pub(crate) static CLAUSE_END: LazyLock<Regex> = LazyLock::new(|| {
    lazy_dfa_regex(r",\s+(?:when|while|as|but|adding|saying|according|citing|although|though|after|before|which|whereas|despite|even as|amid|following|noting|suggesting|warning|stressing|acknowledging|expressing|welcoming|in (?:a|an|his|her) )(?-u:\b)|,\s+(?:he|she|they|it|we)\s+(?:did|does|do|has|have|had|was|is|were|are|said|added)(?-u:\b)|,?\s+(?:and|but)\s+(?:has|have|had|added|also|then|is|was|said|says|told|warned)(?-u:\b)|,\s+and\s+(?:he|she|they)\s|;|\s[–—]\s|\s-\s|\.\s*$").expect("static regex")
});

pub(crate) static AUX_WORDS: &[&str] = &[
    "has", "have", "had", "also", "further", "repeatedly", "previously", "later", "then", "again", "earlier", "now", "already",
    "consistently", "recently", "publicly", "reportedly", "once", "himself", "herself", "itself", "themselves", "flatly", "long",
    "would", "will", "could", "may", "might", "did", "does", "do", "has since", "separately", "first", "quickly", "immediately",
    "continues", "continued", "to", "just", "both", "all", "privately", "openly", "explicitly", "clearly", "only", "even",
];

/// The most text [`is_filler`] accepts between a subject and its verb.
pub(crate) const MAX_FILLER_BYTES: usize = 1024;

/// Whether the text between a subject and its verb is only auxiliaries,
/// adverbs, a short time phrase or an appositive.
pub(crate) fn is_filler(between: &str) -> bool {
    // Longer than any filler: twenty-five words of apposition, a time
    // phrase and a few auxiliaries take a few hundred bytes. Without the
    // bound, a text with no sentence break makes every cue count the words
    // back to its paragraph's start.
    if between.len() > MAX_FILLER_BYTES {
        return false;
    }
    let mut rest = between.trim();
    if rest.is_empty() {
        return true;
    }
    // ", a political analyst in Kyiv," / ", who has long opposed aid,"
    if let Some(inner) = rest.strip_prefix(',') {
        if let Some(close) = inner.rfind(',') {
            let apposition = inner[..close].trim();
            let words = apposition.split_whitespace().count();
            if words > 0 && words <= 25 && !apposition.contains(['“', '"']) {
                rest = inner[close + 1..].trim();
            } else {
                return false;
            }
        } else {
            return false;
        }
    }
    // ASCII case folding equals lower-casing for ASCII text; other text is
    // lower-cased first, after which folding changes nothing.
    if rest.is_ascii() {
        only_filler_words(rest.split_whitespace())
    } else {
        only_filler_words(rest.to_lowercase().split_whitespace())
    }
}

/// Whether `words` (ASCII or lower-cased) are only auxiliaries and adverbs
/// once time phrases ("on Monday", "in Davos", "last week") are skipped.
pub(crate) fn only_filler_words<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let is_one_of = |word: &str, options: &[&str]| options.iter().any(|o| word.eq_ignore_ascii_case(o));
    let mut words = words.peekable();
    while let Some(w) = words.next() {
        if is_one_of(w, &["on", "in", "at", "last", "this", "late", "early"]) {
            let is_time = words.peek().is_some_and(|next| {
                let len = next.len();
                (len >= 3 && next.as_bytes()[len - 3..].eq_ignore_ascii_case(b"day"))
                    || next.get(..3).is_some_and(|head| MONTHS.iter().any(|m| head.eq_ignore_ascii_case(m)))
                    || is_one_of(next, &["week", "month", "year", "night", "morning", "evening"])
            });
            if is_time {
                words.next();
                if words.peek().is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || c == ',')) {
                    words.next();
                }
                continue;
            }
        }
        // Compared as `is_aux_word` does, without lower-casing the
        // already lower-cased non-ASCII words again.
        let w = w.trim_end_matches(',');
        if !AUX_WORDS.iter().any(|a| a.eq_ignore_ascii_case(w)) {
            return false;
        }
    }
    true
}

/// The month abbreviations [`crate::source::month_number`] knows.
pub(crate) const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// Whether the lower-cased `word` is in [`AUX_WORDS`], without lower-casing
/// ASCII words (the usual case).
pub(crate) fn is_aux_word(word: &str) -> bool {
    if word.is_ascii() {
        AUX_WORDS.iter().any(|a| a.eq_ignore_ascii_case(word))
    } else {
        AUX_WORDS.contains(&word.to_lowercase().as_str())
    }
}

/// Whitespace-separated words with at least one letter or digit, counted up
/// to `limit`: callers only compare the count with a small number.
pub(crate) fn count_words(s: &str, limit: usize) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut word_has_alphanumeric = false;
    let mut i = 0;
    while i < bytes.len() {
        // ASCII bytes are classified directly; other chars are decoded.
        let (space, alphanumeric, len) = match bytes[i] {
            b @ 0..=0x7F => (matches!(b, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' '), b.is_ascii_alphanumeric(), 1),
            _ => match s[i..].chars().next() {
                Some(c) => (c.is_whitespace(), c.is_alphanumeric(), c.len_utf8()),
                None => break,
            },
        };
        i += len;
        if space {
            word_has_alphanumeric = false;
        } else if !word_has_alphanumeric && alphanumeric {
            // The word counts once it has a letter or digit.
            word_has_alphanumeric = true;
            count += 1;
            if count >= limit {
                return count;
            }
        }
    }
    count
}

pub(crate) fn trim_quote_text(text: &str, span: Span) -> Span {
    let s = span.slice(text);
    let trimmed = s.trim_end().trim_end_matches(',').trim_end();
    let lead = (s.len() - s.trim_start().len()).min(trimmed.len());
    Span::new(span.start + lead, span.start + trimmed.len())
}

/// `prefix` followed by `reason`, without the formatting machinery.
pub(crate) fn reason_for(prefix: &str, reason: &str) -> String {
    [prefix, reason].concat()
}

/// `prefix` and the speakers' reasons joined by "; ", each followed by how
/// it was found when `with_how`, built in one string.
pub(crate) fn join_reasons(prefix: &str, subjects: &[(&Mention, &str)], with_how: bool) -> String {
    let mut out = String::with_capacity(prefix.len() + subjects.iter().map(|(m, _)| m.reason.len() + 32).sum::<usize>());
    out.push_str(prefix);
    for (i, (m, how)) in subjects.iter().enumerate() {
        if i > 0 {
            out.push_str("; ");
        }
        out.push_str(&m.reason);
        if with_how {
            out.push_str(" (");
            out.push_str(how);
            out.push(')');
        }
    }
    out
}

/// Whether `lead` is a title or role phrase standing before a name ("Russian
/// President", "White House press secretary", "Rovers chairman", "the
/// campaign's manager,"): a few words, no clause or prepositional phrase,
/// no punctuation but that of abbreviations, possessives and hyphens, and a
/// comma only at its end (an appositive name follows). An article may open it.
/// The function words are the lexicon's `clause_words`.
pub(crate) fn is_title_lead(lead: &str, lex: &Lexicon) -> bool {
    let lead = lead.trim();
    let lead = lead.strip_suffix(',').unwrap_or(lead).trim_end();
    if lead.is_empty() {
        return true;
    }
    let mut count = 0;
    for (i, word) in lead.split_whitespace().enumerate() {
        count += 1;
        let bare = word.trim_end_matches(['\'', '’']).trim_end_matches("'s").trim_end_matches("’s");
        let determiner = ["the", "a", "an"].iter().any(|d| bare.eq_ignore_ascii_case(d));
        if count > 6
            || !word.chars().all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '.' | '-' | '&'))
            || !word.chars().next().is_some_and(char::is_alphanumeric)
            || (determiner && i > 0)
            || Lexicon::in_list(&lex.clause_words, bare)
        {
            return false;
        }
    }
    true
}

/// Whether `s` is one to three lower-case words and nothing else.
pub(crate) fn lower_words(s: &str) -> bool {
    let n = s.split_whitespace().count();
    (1..=3).contains(&n) && s.split_whitespace().all(|w| w.chars().all(|c| c.is_lowercase() || c == '-'))
}

/// Whether a quotation's words end where a sentence goes on (a comma, a
/// question or exclamation mark, a dash): only then can the words after the
/// closing mark be its attribution and not a new sentence.
pub(crate) fn ends_open(inner: &str) -> bool {
    inner.trim_end().ends_with([',', '?', '!', '—', '–', '-'])
}

/// Whether a quotation is a title or nickname and not speech: a few
/// capitalised words with no sentence punctuation inside, standing where a
/// name stands (after a possessive, a preposition, "told", or a naming
/// verb; the lexicon's `name_after` and `naming_verbs`). `before` is the
/// sentence text before the opening mark.
pub(crate) fn is_quoted_name(inner: &str, before: &str, lex: &Lexicon) -> bool {
    // "… said on this week's “Morning Desk.”": the sentence's full stop
    // inside the marks, as American style puts it, is not the title's.
    let inner = inner.trim().trim_end_matches([',', '.']).trim_end();
    let words = count_words(inner, 6);
    let title_case = inner.split_whitespace().enumerate().all(|(i, w)| {
        w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || (i > 0 && Lexicon::in_list(&lex.title_small_words, w))
    });
    if words == 0 || words > 5 || !title_case || inner.contains(['.', ',', '!', '?', ';']) {
        return false;
    }
    let mut prev = before.split_whitespace().rev();
    let Some(last) = prev.next() else { return false };
    let possessive = ["'s", "’s", "s'", "s’"].iter().any(|p| last.ends_with(p));
    possessive || Lexicon::in_list(&lex.name_after, last) || std::iter::once(last).chain(prev.take(2)).any(|w| Lexicon::in_list(&lex.naming_verbs, w))
}
