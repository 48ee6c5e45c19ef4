//! Reading articles: bytes to validated UTF-8 text, HTML to text, and the
//! metadata (title, date, source) the graph keeps. Boilerplate lines are not
//! removed, because spans must index the text as stored; they are listed so
//! later stages skip them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use chrono::NaiveDate;
use regex::Regex;

use crate::error::{Error, Position, Result};
use crate::model::{Article, ArticleMeta, Span};

/// Options the user can set for articles that do not carry them.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Lines that are page furniture (the rules' lexicon compiles it; see
    /// `CompiledRules::read_options`). None: no line is.
    pub boilerplate: Option<Arc<Regex>>,
}

/// Checks that `bytes` are text: no NUL bytes, valid UTF-8. A leading BOM is
/// kept out of the text.
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        let prefix = String::from_utf8_lossy(&bytes[..offset]);
        return Err(Error::BinaryArticle {
            path: path.to_path_buf(),
            pos: Position::of_offset(&prefix, prefix.len()),
            offset,
        });
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = e.valid_up_to();
            let valid = std::str::from_utf8(&bytes[..offset]).unwrap_or_default();
            Err(Error::InvalidUtf8 {
                path: path.to_path_buf(),
                pos: Position::of_offset(valid, offset),
                offset,
                byte: bytes[offset],
            })
        }
    }
}

/// Reads one article file, plain text or HTML (by extension or content).
pub fn read_article(path: &Path, opts: &ReadOptions) -> Result<Article> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let raw = decode_text(path, &bytes)?;
    Ok(parse_article(path, &raw, opts))
}

/// Builds an article from already-decoded text.
pub fn parse_article(path: &Path, raw: &str, opts: &ReadOptions) -> Article {
    let is_html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || looks_like_html(raw);
    let (text, html_meta) = if is_html {
        let h = html_to_text(raw);
        (h.text.clone(), Some(h))
    } else {
        (raw.to_string(), None)
    };
    let boilerplate = opts.boilerplate.as_deref().map(|re| boilerplate_lines(&text, re)).unwrap_or_default();
    let title = html_meta
        .as_ref()
        .and_then(|h| h.title.clone())
        .unwrap_or_else(|| first_content_line(&text, &boilerplate).to_string());
    let date = opts
        .date
        .or_else(|| html_meta.as_ref().and_then(|h| h.date))
        .or_else(|| byline_date(&text));
    let source = opts.source.clone().or_else(|| html_meta.as_ref().and_then(|h| h.source.clone()));
    let hash = crate::model::content_hash(&text);
    Article {
        meta: ArticleMeta {
            id: format!("art-{}", &hash[..12]),
            path: display_path(path),
            title,
            date,
            source,
            hash,
            len: text.len(),
        },
        text,
        boilerplate,
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn looks_like_html(raw: &str) -> bool {
    let head = raw.trim_start().get(..raw.trim_start().len().min(512)).unwrap_or("").to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.contains("<body")
}

struct HtmlText {
    text: String,
    title: Option<String>,
    date: Option<NaiveDate>,
    source: Option<String>,
}

fn html_to_text(raw: &str) -> HtmlText {
    use scraper::{Html, Selector};
    let doc = Html::parse_document(raw);
    let sel = |s: &str| Selector::parse(s).ok();
    let meta_content = |selector: &str| -> Option<String> {
        let s = sel(selector)?;
        doc.select(&s).next().and_then(|e| e.value().attr("content")).map(|c| c.trim().to_string())
    };
    let title = sel("h1")
        .and_then(|s| doc.select(&s).next())
        .map(|e| normalize_ws(&e.text().collect::<String>()))
        .or_else(|| sel("title").and_then(|s| doc.select(&s).next()).map(|e| normalize_ws(&e.text().collect::<String>())))
        .filter(|t| !t.is_empty());
    let date = meta_content("meta[property='article:published_time']")
        .or_else(|| meta_content("meta[name='date']"))
        .or_else(|| sel("time[datetime]").and_then(|s| doc.select(&s).next()).and_then(|e| e.value().attr("datetime").map(str::to_string)))
        .and_then(|d| NaiveDate::parse_from_str(d.get(..10).unwrap_or(&d), "%Y-%m-%d").ok());
    let source = meta_content("meta[property='og:site_name']");
    // Block elements become paragraphs; scripts, styles and navigation are dropped.
    let mut paragraphs = Vec::new();
    if let Some(s) = sel("h1, h2, h3, h4, p, li, blockquote") {
        for el in doc.select(&s) {
            let inside_skipped = el.ancestors().any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "nav" | "footer" | "script" | "style" | "aside" | "header"))
            });
            // Nested blocks (p inside blockquote) would repeat text.
            let has_block_child = el.descendants().skip(1).any(|d| {
                d.value().as_element().is_some_and(|e| matches!(e.name(), "p" | "li" | "blockquote"))
            });
            if inside_skipped || has_block_child {
                continue;
            }
            let t = normalize_ws(&el.text().collect::<String>());
            if !t.is_empty() {
                paragraphs.push(t);
            }
        }
    }
    HtmlText {
        text: paragraphs.join("\n\n"),
        title,
        date,
        source,
    }
}

fn normalize_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Lines that are navigation, share buttons, section labels or link lists.
pub fn boilerplate_lines(text: &str, boilerplate: &Regex) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if boilerplate.is_match(content) {
            out.push(Span::new(offset, offset + content.len()));
        }
        offset += line.len();
    }
    out
}

fn first_content_line<'a>(text: &'a str, boilerplate: &[Span]) -> &'a str {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        let skipped = boilerplate.iter().any(|b| b.start == offset);
        offset += line.len();
        if !content.is_empty() && !skipped {
            return content;
        }
    }
    ""
}

static MONTH_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<d1>\d{1,2}),? (?P<y1>\d{4})|(?P<d2>\d{1,2}) (?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<y2>\d{4}))(?-u:\b)")
        .expect("static regex")
});

static ISO_DATE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)(\d{4})-(\d{2})-(\d{2})(?-u:\b)").expect("static regex"));

/// A date on a byline ("By Jane Doe in Kyiv January 24, 2025") or a
/// dateline line near the top of the article.
pub fn byline_date(text: &str) -> Option<NaiveDate> {
    for line in text.lines().take(12) {
        let l = line.trim();
        let is_byline = l.starts_with("By ") || l.starts_with("Published") || l.starts_with("Updated") || l.len() < 40;
        if !is_byline {
            continue;
        }
        if let Some(d) = parse_full_date(l) {
            return Some(d);
        }
    }
    None
}

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

/// Expands files and folders into the article files to ingest, sorted so runs
/// are deterministic. Hidden files and non-article extensions in folders are
/// skipped; a file named explicitly is always read.
pub fn collect_article_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if meta.is_dir() {
            let mut stack = vec![input.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                for entry in entries {
                    let entry = entry.map_err(|e| Error::io(&dir, e))?;
                    let p = entry.path();
                    let name = entry.file_name();
                    if name.to_string_lossy().starts_with('.') {
                        continue;
                    }
                    if p.is_dir() {
                        stack.push(p);
                    } else if is_article_ext(&p) {
                        out.push(p);
                    }
                }
            }
        } else {
            out.push(input.clone());
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn is_article_ext(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(),
        Some("txt" | "html" | "htm")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_articles_give_text_title_date_and_source() {
        let html = r#"<!doctype html><html><head><title>Site | Headline</title>
<meta property="og:site_name" content="The Daily Example">
<meta property="article:published_time" content="2025-03-24T09:00:00Z"></head>
<body><nav>Home</nav><article><h1>Talks resume</h1><p>“We are ready,” said Jane Doe.</p>
<blockquote><p>Quoted block.</p></blockquote><script>var x = 1;</script></article><footer>Share</footer></body></html>"#;
        let a = parse_article(Path::new("a.html"), html, &ReadOptions::default());
        assert_eq!(a.meta.title, "Talks resume");
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2025, 3, 24));
        assert_eq!(a.meta.source.as_deref(), Some("The Daily Example"));
        assert_eq!(a.text, "Talks resume\n\n“We are ready,” said Jane Doe.\n\nQuoted block.");
    }

    #[test]
    fn byline_dates_and_the_date_option() {
        let text = "Headline\n\nBy Jane Doe in Kyiv January 24, 2025\n\nBody.";
        let a = parse_article(Path::new("a.txt"), text, &ReadOptions::default());
        assert_eq!(a.meta.date, NaiveDate::from_ymd_opt(2025, 1, 24));
        assert_eq!(a.meta.title, "Headline");
        let forced = ReadOptions { date: NaiveDate::from_ymd_opt(2025, 2, 1), source: Some("Wire".into()), ..Default::default() };
        let b = parse_article(Path::new("a.txt"), text, &forced);
        assert_eq!(b.meta.date, NaiveDate::from_ymd_opt(2025, 2, 1));
        assert_eq!(b.meta.source.as_deref(), Some("Wire"));
    }

    #[test]
    fn boilerplate_lines_are_listed_not_removed() {
        let text = "Title\nShare\nBody.\nSource link\n";
        let re = Regex::new(r"(?i)^\s*(?:share|source link)\s*$").unwrap();
        let spans = boilerplate_lines(text, &re);
        let lines: Vec<&str> = spans.iter().map(|s| s.slice(text)).collect();
        assert_eq!(lines, vec!["Share", "Source link"]);
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode_text(Path::new("x.txt"), b"ok\nab\xff").unwrap_err();
        assert!(err.to_string().contains("x.txt:2:3"), "{err}");
        let err = decode_text(Path::new("y.txt"), b"a\0b").unwrap_err();
        assert!(err.to_string().contains("y.txt:1:2"), "{err}");
    }
}
