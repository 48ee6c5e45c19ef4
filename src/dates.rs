//! Statement dates: an explicit date in the sentence ("on January 23",
//! "on 12 January") wins over the article date; weekday names do not count,
//! since they cannot be placed without a calendar guess.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use chrono::{Datelike, NaiveDate};
use regex::Regex;

static DAY_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    crate::quotes::lazy_dfa_regex(r"(?-u:\b)(?i:on|since|from|until|by)\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{4}))?|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?:\s+(?P<y2>\d{4}))?)(?-u:\b)")
        .expect("static regex")
});

/// Every DAY_MONTH match contains one of these (case-sensitive) month
/// abbreviations; most sentences have none, and ruling that out is far
/// cheaper than running the regex over the sentence.
static MONTH_ABBREVIATIONS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::new(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]).expect("static automaton")
});

/// The date a sentence gives for what it reports, else `article_date`.
/// A date without a year takes the article's year, or the year before when
/// that would put it after the article.
pub fn sentence_date(sentence: &str, article_date: Option<NaiveDate>) -> Option<NaiveDate> {
    explicit_date(sentence, article_date).or(article_date)
}

/// Only the explicit date of a sentence, if any.
pub fn explicit_date(sentence: &str, article_date: Option<NaiveDate>) -> Option<NaiveDate> {
    if !MONTH_ABBREVIATIONS.is_match(sentence) {
        return None;
    }
    let c = DAY_MONTH.captures(sentence)?;
    let (m, d, y) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m.as_str(), c.name("d1")?, c.name("y1")),
        (None, Some(m)) => (m.as_str(), c.name("d2")?, c.name("y2")),
        _ => return None,
    };
    let month = crate::ingest::month_number(m)?;
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
