
use super::words::*;
use crate::rules::Lexicon;
use proptest::prelude::*;

static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::bundled);

/// The implementations before the allocation-free rewrite.
mod reference {
    use super::super::words::AUX_WORDS;

    /// Whether the text between a subject and its verb is only auxiliaries,
    /// adverbs, a short time phrase or an appositive.
    pub(super) fn is_filler(between: &str) -> bool {
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
        let lower = rest.to_lowercase();
        let mut words: Vec<&str> = lower.split_whitespace().collect();
        // "on Monday", "in Davos", "last week" between subject and verb.
        let mut i = 0;
        while i < words.len() {
            let w = words[i];
            if matches!(w, "on" | "in" | "at" | "last" | "this" | "late" | "early") && i + 1 < words.len() {
                let next = words[i + 1];
                let is_time = next.ends_with("day")
                    || crate::source::month_number(next).is_some()
                    || matches!(next, "week" | "month" | "year" | "night" | "morning" | "evening");
                if is_time {
                    let extra = if words.get(i + 2).is_some_and(|d| d.chars().all(|c| c.is_ascii_digit() || c == ',')) { 3 } else { 2 };
                    words.drain(i..(i + extra).min(words.len()));
                    continue;
                }
            }
            i += 1;
        }
        words.iter().all(|w| AUX_WORDS.contains(&w.trim_end_matches(',')))
    }

    /// Whitespace-separated words with at least one letter or digit.
    pub(super) fn word_count(s: &str) -> usize {
        // One pass instead of split_whitespace plus a rescan of every word.
        let mut count = 0;
        let mut word_has_alphanumeric = false;
        for c in s.chars() {
            if c.is_whitespace() {
                count += usize::from(word_has_alphanumeric);
                word_has_alphanumeric = false;
            } else if !word_has_alphanumeric && c.is_alphanumeric() {
                word_has_alphanumeric = true;
            }
        }
        count + usize::from(word_has_alphanumeric)
    }

}

proptest! {
    #[test]
    fn leading_adjunct_is_what_the_regex_finds(
        text in "(,|, | |\u{a0}|on|On|last|this|that|the|earlier|later|late|early|recently|also|then|now|today|in|In|a|his|interview|with|Reuters|during|the|visit|to|reporters|Monday|Jan|5|X|year|\\.|x){0,8}"
    ) {
        let re = &LEXICON.leading_adjunct;
        let want = re.find(&text).map(|m| m.range());
        prop_assert_eq!(leading_adjunct(&text, re).map(|m| m.range()), want);
    }

    #[test]
    fn count_words_is_word_count_up_to_the_limit(text in "(a|É|é|1|-|,|“| |\t|\n|\u{b}|\u{a0}|\u{2003}|\u{85}){0,14}", limit in 1usize..6) {
        prop_assert_eq!(count_words(&text, usize::MAX), reference::word_count(&text));
        prop_assert_eq!(count_words(&text, limit), reference::word_count(&text).min(limit));
    }

    #[test]
    fn is_filler_is_what_it_was(
        text in "(,| |has|HAS|Also|later|on|On|in|at|last|this|Monday|monday,|MONDAY|Jan|january|week|23|23,|2025|Davos|a|diplomat|who|“|quic\u{212a}ly|quickly|İ|É|to){0,8}"
    ) {
        prop_assert_eq!(is_filler(&text), reference::is_filler(&text));
    }

    #[test]
    fn aux_words_match_like_lowercased_ones(word in "(has|Has|HAS|quickly|Quickly|quic\u{212a}ly|İ|then|thEn|x|é){1,2}") {
        prop_assert_eq!(is_aux_word(&word), AUX_WORDS.contains(&word.to_lowercase().as_str()));
    }
}

#[test]
fn title_leads_are_short_phrases_without_clause_words() {
    let lex = crate::rules::Lexicon::bundled();
    for lead in ["", ",", "Russian President", "White House press secretary", "Rovers chairman", "the campaign's deputy manager,", "Secretary of State"] {
        assert!(is_title_lead(lead, &lex), "{lead:?}");
    }
    for lead in ["and then", "but the mayor", "in Iowa", "he", "deal, and", "a claim the mayor repeated often and loudly", "the city of the"] {
        assert!(!is_title_lead(lead, &lex), "{lead:?}");
    }
}

#[test]
fn quoted_names_stand_where_a_name_stands() {
    let lex = crate::rules::Lexicon::bundled();
    assert!(is_quoted_name("Morning Desk,", "She told the hosts of", &lex));
    assert!(is_quoted_name("Early Shift", "He said on WXRT’s", &lex));
    assert!(is_quoted_name("Lyin’ Tom", "She called her rival", &lex));
    assert!(is_quoted_name("Morning Desk.", "she said during this week's", &lex));
    assert!(is_quoted_name("Harbour First", "after a", &lex));
    // Counter-examples: a sentence inside the marks, or lower-case words after an article.
    assert!(!is_quoted_name("Stop. Now.", "she said during this week's", &lex));
    assert!(!is_quoted_name("harbour first", "after a", &lex));
    // Speech, or a phrase not in a name's place.
    assert!(!is_quoted_name("Denver,", "", &lex));
    assert!(!is_quoted_name("we will win", "She told the hosts of", &lex));
    assert!(!is_quoted_name("Never Again", "The crowd chanted", &lex));
}
