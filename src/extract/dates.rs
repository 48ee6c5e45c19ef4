//! Statement dates: an explicit date in the sentence ("on January 23",
//! "on 12 January") wins over the article date; weekday names do not count,
//! since they cannot be placed without a calendar guess.

use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    crate::rules::lazy_regex::lazy_dfa_regex(r"(?-u:\b)(?i:on|since|from|until|by)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{4}))?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+(?P<y2>\d{4}))?)(?-u:\b)")
        .expect("static regex")
});

/// Every DAY_MONTH match contains one of these (case-sensitive) month
/// abbreviations; most sentences have none, and ruling that out is far
/// cheaper than running the regex over the sentence.
const MONTH_ABBREVIATIONS: [&[u8; 3]; 12] = [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];

const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);

/// Whether `s` contains a month abbreviation. Each starts with an ASCII
/// capital, so only the capitals (found eight bytes at a time) are looked at.
fn has_month_abbreviation(s: &str) -> bool {
    let bytes = s.as_bytes();
    let is_month_at = |i: usize| bytes.get(i..i + 3).is_some_and(|w| MONTH_ABBREVIATIONS.iter().any(|m| w == *m));
    let mut chunks = bytes.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else { break };
        let mut capitals = ascii_capitals(u64::from_le_bytes(chunk));
        while capitals != 0 {
            if is_month_at(base + capitals.trailing_zeros() as usize / 8) {
                return true;
            }
            capitals &= capitals - 1;
        }
        base += 8;
    }
    (base..bytes.len()).any(|i| bytes[i].is_ascii_uppercase() && is_month_at(i))
}

/// The high bit of every byte of `word` that is an ASCII capital (A-Z).
/// Each byte is tested on its own seven low bits, so no carry crosses bytes.
fn ascii_capitals(word: u64) -> u64 {
    let low = word & !HIGHS;
    // High bit set when the low bits are >= 'A', and when they are > 'Z'.
    let at_least_a = low + ONES * (0x80 - u64::from(b'A'));
    let above_z = low + ONES * (0x7F - u64::from(b'Z'));
    at_least_a & !above_z & !word & HIGHS
}

/// The date a sentence gives for what it reports, else `article_date`.
/// A date without a year takes the article's year, or the year before when
/// that would put it after the article.
pub fn sentence_date(sentence: &str, article_date: Option<NaiveDate>) -> Option<NaiveDate> {
    explicit_date(sentence, article_date).or(article_date)
}

/// Only the explicit date of a sentence, if any.
pub fn explicit_date(sentence: &str, article_date: Option<NaiveDate>) -> Option<NaiveDate> {
    // Names such as "Marco" and "Mark" pass the month test. A match without
    // an ASCII digit has a day in other digits, which `day_month_date` refuses,
    // so such sentences need no regex either.
    if !has_month_abbreviation(sentence) || !sentence.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    day_month_date(sentence, article_date)
}

/// The date [`DAY_MONTH`] finds in `sentence`, without the cheap tests that
/// rule most sentences out first.
fn day_month_date(sentence: &str, article_date: Option<NaiveDate>) -> Option<NaiveDate> {
    let c = DAY_MONTH.captures(sentence)?;
    let (m, d, y) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m.as_str(), c.name("d1")?, c.name("y1")),
        (None, Some(m)) => (m.as_str(), c.name("d2")?, c.name("y2")),
        _ => return None,
    };
    let month = crate::source::month_number(m)?;
    let day: u32 = d.as_str().parse().ok()?;
    match y {
        Some(y) => NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, month, day),
        None => {
            let base = article_date?;
            let same_year = NaiveDate::from_ymd_opt(base.year(), month, day)?;
            if same_year > base { NaiveDate::from_ymd_opt(base.year() - 1, month, day) } else { Some(same_year) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn month_test_agrees_with_an_automaton(text in "(Jan|Ja|jan|JAN|Feb|Sept|Dec|May|ay|M|A|Z|@|\\[|`|é|É|1| |\\.){0,12}") {
            let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
            let ac = aho_corasick::AhoCorasick::new(months).expect("automaton");
            prop_assert_eq!(has_month_abbreviation(&text), ac.is_match(&text));
        }

        #[test]
        fn prechecks_change_no_date(text in "(on|On|by|since| |, |Monday|Jan|January|Mar|Marco|May|23|3rd|٢٣|2024|\\.|x){0,8}") {
            let base = Some(d(2025, 3, 10));
            prop_assert_eq!(explicit_date(&text, base), day_month_date(&text, base));
        }

        #[test]
        fn ascii_capitals_flags_exactly_the_capitals(bytes in any::<[u8; 8]>()) {
            let flags = ascii_capitals(u64::from_le_bytes(bytes));
            for (i, b) in bytes.iter().enumerate() {
                prop_assert_eq!(flags >> (i * 8 + 7) & 1 == 1, b.is_ascii_uppercase());
            }
        }
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn explicit_day_and_month_take_the_article_year() {
        assert_eq!(sentence_date("She spoke on January 23 in Davos.", Some(d(2025, 1, 24))), Some(d(2025, 1, 23)));
        assert_eq!(sentence_date("Speaking on 12 January, he said.", Some(d(2025, 1, 13))), Some(d(2025, 1, 12)));
    }

    #[test]
    fn a_later_day_of_year_belongs_to_the_previous_year() {
        assert_eq!(sentence_date("on December 26 he said", Some(d(2025, 1, 20))), Some(d(2024, 12, 26)));
    }

    #[test]
    fn sentence_initial_and_weekday_prefixed_dates() {
        assert_eq!(sentence_date("On March 3, the talks began.", Some(d(2025, 3, 10))), Some(d(2025, 3, 3)));
        assert_eq!(sentence_date("Trump warned on Wednesday, January 22 that …", Some(d(2025, 1, 24))), Some(d(2025, 1, 22)));
    }

    #[test]
    fn weekdays_fall_back_to_the_article_date() {
        assert_eq!(sentence_date("He said on Monday that…", Some(d(2025, 2, 1))), Some(d(2025, 2, 1)));
        assert_eq!(sentence_date("He said on Monday that…", None), None);
    }
}
