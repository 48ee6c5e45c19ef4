//! Article metadata: headline, byline, outlet and date, from an HTML page's
//! meta tags, JSON-LD and elements, or from the header lines a plain-text
//! article opens with ("Title: …", "By …", "Date: …"). Which words label a
//! header line is rule data (`header_labels` in the lexicon); this file
//! holds only the mechanism.
//!
//! Precedence, field by field, the first source that gives a value wins:
//! - HTML: meta tags (`og:title`, `og:site_name`, `author`,
//!   `article:published_time`), then JSON-LD (`headline`, `publisher`,
//!   `author`, `datePublished`), then the page's elements (`<h1>`, then
//!   `<title>`; `rel=author`, then an element whose class names a byline or
//!   an author; `<time datetime>`).
//! - Plain text: a labelled header line, then the first content line for
//!   the headline and a dated byline line for the date.
//! - Either: `--date` and `--source` on the command line win over both.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;
use scraper::{ElementRef, Html, Selector};
use serde::{Deserialize, Serialize};

/// The words that label the header lines of a plain-text article, by the
/// field each gives. A label ending in `:` needs the colon; one without
/// ("By") must be followed by a space and a capitalised value, in a short
/// line that does not end a sentence. Matched case-insensitively.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HeaderLabels {
    pub title: Vec<String>,
    pub byline: Vec<String>,
    pub date: Vec<String>,
    pub outlet: Vec<String>,
}

impl HeaderLabels {
    pub fn extend(&mut self, other: HeaderLabels) {
        self.title.extend(other.title);
        self.byline.extend(other.byline);
        self.date.extend(other.date);
        self.outlet.extend(other.outlet);
    }

    /// `line` without a leading byline label ("By Jane Doe" → "Jane Doe").
    fn strip_byline<'a>(&self, line: &'a str) -> &'a str {
        self.byline.iter().find_map(|l| labelled(line, l)).unwrap_or(line)
    }
}

/// The metadata one source of an article gives; any field may be missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleInfo {
    pub headline: Option<String>,
    pub byline: Option<String>,
    pub outlet: Option<String>,
    pub date: Option<NaiveDate>,
}

impl ArticleInfo {
    /// Fields this one lacks, taken from `other`.
    pub fn or(self, other: ArticleInfo) -> ArticleInfo {
        ArticleInfo {
            headline: self.headline.or(other.headline),
            byline: self.byline.or(other.byline),
            outlet: self.outlet.or(other.outlet),
            date: self.date.or(other.date),
        }
    }
}

/// Header values longer than this are prose, not a header.
const MAX_HEADER: usize = 160;
/// How many lines from the top a header may stand on.
const HEADER_LINES: usize = 12;

/// The value after `label` at the start of `line`, if the line is labelled so.
fn labelled<'a>(line: &'a str, label: &str) -> Option<&'a str> {
    let head = line.get(..label.len())?;
    if !head.eq_ignore_ascii_case(label) {
        return None;
    }
    let rest = &line[label.len()..];
    if label.ends_with(':') {
        return Some(rest.trim()).filter(|v| !v.is_empty());
    }
    // "By Jane Doe", not "By the way" or "Bystanders said".
    let value = rest.strip_prefix(char::is_whitespace)?.trim();
    (value.starts_with(char::is_uppercase) && !value.ends_with(['.', '!', '?'])).then_some(value)
}

/// The header lines at the top of a plain-text article.
pub fn text_headers(text: &str, labels: &HeaderLabels) -> ArticleInfo {
    let mut info = ArticleInfo::default();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()).take(HEADER_LINES) {
        if line.len() > MAX_HEADER {
            continue;
        }
        let find = |list: &[String]| list.iter().find_map(|l| labelled(line, l));
        if let Some(v) = find(&labels.title) {
            info.headline.get_or_insert_with(|| v.to_string());
        } else if let Some(v) = find(&labels.outlet) {
            info.outlet.get_or_insert_with(|| v.to_string());
        } else if let Some(v) = find(&labels.date) {
            info.date = info.date.or_else(|| parse_date(v));
        } else if let Some(v) = find(&labels.byline) {
            // "By Jane Doe in Kyiv, March 3, 2025": the date is read apart.
            info.date = info.date.or_else(|| parse_full_date(v));
            if let Some(name) = byline_name(v) {
                info.byline.get_or_insert(name);
            }
        }
    }
    info
}

/// The names of a byline, without the place and date that may follow
/// ("Jane Doe in Kyiv, March 3, 2025" → "Jane Doe").
fn byline_name(value: &str) -> Option<String> {
    let mut end = value.len();
    if let Some(m) = DATE_START.find(value) {
        end = end.min(m.start());
    }
    for cut in [" in ", " | ", " — ", " – ", " - "] {
        if let Some(i) = value[..end].find(cut) {
            end = i;
        }
    }
    let mut name = value[..end].trim_end_matches([',', ';', ':', ' ', '|']);
    // "BYLINE: Jane Doe." ends a sentence; "Jane Q." ends with an initial.
    if let Some(stripped) = name.strip_suffix('.')
        && stripped.ends_with(|c: char| c.is_lowercase())
    {
        name = stripped;
    }
    let name = normalize_ws(name);
    (!name.is_empty() && name.len() <= MAX_HEADER).then_some(name)
}

static DATE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|(?-u:\b)\d{1,4}[-/ ]").expect("static regex")
});

/// A date written as ISO (`2025-03-24`, `2025-03-24T09:00:00Z`) or in words.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    s.get(..10).and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()).or_else(|| parse_full_date(s))
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A field's text: whitespace collapsed, empty as none, bounded.
fn clean(s: &str) -> Option<String> {
    let s = normalize_ws(s);
    (!s.is_empty() && s.len() <= 4 * MAX_HEADER).then_some(s)
}

fn sel(s: &str) -> Option<Selector> {
    Selector::parse(s).ok()
}

/// The metadata of an HTML page (see the module's precedence).
pub fn page_meta(doc: &Html, labels: &HeaderLabels) -> ArticleInfo {
    meta_tags(doc).or(json_ld(doc)).or(elements(doc, labels))
}

fn meta_tags(doc: &Html) -> ArticleInfo {
    let content = |selector: &str| -> Option<String> {
        let s = sel(selector)?;
        doc.select(&s).find_map(|e| e.value().attr("content").and_then(clean))
    };
    ArticleInfo {
        headline: content("meta[property='og:title'], meta[name='og:title']"),
        byline: content("meta[name='author'], meta[property='article:author'], meta[name='byl']")
            .map(|b| b.strip_prefix("By ").map_or(b.clone(), str::to_string))
            .filter(|b| !b.starts_with("http")),
        outlet: content("meta[property='og:site_name'], meta[name='og:site_name']"),
        date: content("meta[property='article:published_time'], meta[name='date'], meta[itemprop='datePublished']").and_then(|d| parse_date(&d)),
    }
}

/// What the page's JSON-LD says of the article: the first object with a
/// headline or a publication date (an article), searching lists and
/// `@graph`s; a script that is not valid JSON is ignored.
fn json_ld(doc: &Html) -> ArticleInfo {
    let Some(s) = sel("script[type='application/ld+json']") else { return ArticleInfo::default() };
    let mut info = ArticleInfo::default();
    for script in doc.select(&s) {
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&script.text().collect::<String>()) else { continue };
        let mut stack = vec![&value];
        // Depth and breadth are bounded by the script's size: each value is visited once.
        while let Some(v) = stack.pop() {
            match v {
                serde_json::Value::Array(items) => stack.extend(items.iter().rev()),
                serde_json::Value::Object(o) => {
                    if let Some(g) = o.get("@graph") {
                        stack.push(g);
                    }
                    if o.contains_key("headline") || o.contains_key("datePublished") {
                        info = info.or(ArticleInfo {
                            headline: o.get("headline").and_then(|h| h.as_str()).and_then(clean),
                            byline: o.get("author").and_then(names),
                            outlet: o.get("publisher").and_then(names),
                            date: o.get("datePublished").and_then(|d| d.as_str()).and_then(parse_date),
                        });
                    }
                }
                _ => {}
            }
        }
    }
    info
}

/// A JSON-LD person or organisation as a name: a string, an object with a
/// `name`, or a list of those joined with commas.
fn names(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => clean(s),
        serde_json::Value::Object(o) => o.get("name").and_then(|n| n.as_str()).and_then(clean),
        serde_json::Value::Array(items) => {
            let all: Vec<String> = items.iter().filter(|i| !i.is_array()).filter_map(names).collect();
            (!all.is_empty()).then(|| all.join(", "))
        }
        _ => None,
    }
}

fn text_of(e: ElementRef) -> String {
    normalize_ws(&e.text().collect::<String>())
}

fn elements(doc: &Html, labels: &HeaderLabels) -> ArticleInfo {
    let first = |selector: &str| sel(selector).and_then(|s| doc.select(&s).map(text_of).find(|t| !t.is_empty()));
    let byline = first("[rel~='author'], [itemprop='author']")
        .or_else(|| first("[class*='byline'], [class~='author'], [class*='author-name'], [class*='article-author']"))
        .and_then(|b| byline_name(labels.strip_byline(&b)));
    ArticleInfo {
        headline: first("h1").or_else(|| first("title")).and_then(|t| clean(&t)),
        byline,
        outlet: None,
        date: sel("time[datetime]")
            .and_then(|s| doc.select(&s).find_map(|e| e.value().attr("datetime").and_then(parse_date))),
    }
}

static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<d1>\d{1,2}),? (?P<y1>\d{4})|(?P<d2>\d{1,2}) (?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<y2>\d{4}))(?-u:\b)")
        .expect("static regex")
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("static regex"));

/// The first complete date (with year) in `s`.
pub fn parse_full_date(s: &str) -> Option<NaiveDate> {
    if let Some(c) = MONTH_DATE.captures(s) {
        let (m, d, y) = match (c.name("m1"), c.name("m2")) {
            (Some(m), _) => (m.as_str(), c.name("d1")?, c.name("y1")?),
            (None, Some(m)) => (m.as_str(), c.name("d2")?, c.name("y2")?),
            _ => return None,
        };
        return NaiveDate::from_ymd_opt(y.as_str().parse().ok()?, month_number(m)?, d.as_str().parse().ok()?);
    }
    let c = ISO_DATE.captures(s)?;
    NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

pub fn month_number(name: &str) -> Option<u32> {
    let n = name.get(..3)?.to_ascii_lowercase();
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    months.iter().position(|m| *m == n).map(|i| i as u32 + 1)
}

#[cfg(test)]
#[path = "meta_tests.rs"]
mod tests;
