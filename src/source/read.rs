//! Reading articles: bytes to validated UTF-8 text, HTML to text, and the
//! metadata (title, date, source) the graph keeps. Boilerplate lines are not
//! removed, because spans must index the text as stored; they are listed so
//! later stages skip them.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use regex::Regex;

use crate::error::{Error, Position, Result};
use crate::model::{Article, ArticleMeta, Span};

use super::meta::{ArticleInfo, HeaderLabels, page_meta, parse_full_date, text_headers};

/// Options the user can set for articles that do not carry them.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Lines that are page furniture (the rules' lexicon compiles it; see
    /// `CompiledRules::read_options`). None: no line is.
    pub boilerplate: Option<Arc<Regex>>,
    /// The labels of a plain-text article's header lines (the rules'
    /// lexicon gives them). None: no line is a header.
    pub header_labels: Option<Arc<HeaderLabels>>,
    pub limits: Limits,
}

/// Bounds on what one article may cost, so one hostile file cannot stall an
/// ingest. The defaults are far above any real news page (the longest
/// articles in the shared corpora are a few dozen KB of text; real pages
/// nest HTML a few dozen elements deep).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest article file read, in bytes, checked before reading it.
    pub max_article_bytes: u64,
    /// Deepest HTML element nesting accepted.
    pub max_html_depth: usize,
    /// Wall-clock time one article's extraction may take; `None`: no bound.
    /// Only articles of at least [`Limits::WATCHED_BYTES`] of text are timed
    /// (smaller ones cannot run long), each on a thread of its own.
    pub time_budget: Option<Duration>,
}

impl Limits {
    pub const DEFAULT_MAX_ARTICLE_BYTES: u64 = 4 * 1024 * 1024;
    pub const DEFAULT_MAX_HTML_DEPTH: usize = 512;
    pub const DEFAULT_TIME_BUDGET: Duration = Duration::from_secs(60);
    /// Articles with less text than this are extracted without a timer.
    pub const WATCHED_BYTES: usize = 64 * 1024;
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_article_bytes: Self::DEFAULT_MAX_ARTICLE_BYTES,
            max_html_depth: Self::DEFAULT_MAX_HTML_DEPTH,
            time_budget: Some(Self::DEFAULT_TIME_BUDGET),
        }
    }
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
/// A file over the size limit is refused before it is read, and one that
/// is not a regular file (a FIFO, a device) is never opened for reading; an
/// empty or whitespace-only article and HTML nested deeper than the limit
/// are refused too.
pub fn read_article(path: &Path, opts: &ReadOptions) -> Result<Article> {
    let limit = opts.limits.max_article_bytes;
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        return Err(Error::NotAFile { path: path.to_path_buf() });
    }
    if meta.len() > limit {
        return Err(Error::ArticleTooLarge { path: path.to_path_buf(), size: meta.len(), limit });
    }
    // The file may grow between the check and the read: read one byte past
    // the limit at most.
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| Error::io(path, e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::ArticleTooLarge { path: path.to_path_buf(), size: bytes.len() as u64, limit });
    }
    let raw = decode_text(path, &bytes)?;
    if raw.trim().is_empty() {
        let what = if raw.is_empty() { "empty file" } else { "only whitespace" };
        return Err(Error::EmptyArticle { path: path.to_path_buf(), what });
    }
    let max_depth = opts.limits.max_html_depth;
    // The HTML parser's work grows with the nesting depth at every tag, so
    // a deep page is refused before it is parsed.
    if is_html(path, &raw)
        && let Some(offset) = html_nesting_over(&raw, max_depth)
    {
        let pos = Position::of_offset(&raw, offset);
        return Err(Error::HtmlTooDeep { path: path.to_path_buf(), pos, depth: max_depth + 1, limit: max_depth });
    }
    let (article, depth) = build_article(path, &raw, opts);
    if depth > max_depth {
        let pos = Position { line: 1, column: 1 };
        return Err(Error::HtmlTooDeep { path: path.to_path_buf(), pos, depth, limit: max_depth });
    }
    if article.text.trim().is_empty() {
        return Err(Error::EmptyArticle { path: path.to_path_buf(), what: "no paragraph text in the HTML" });
    }
    Ok(article)
}

/// Builds an article from already-decoded text (no limits applied).
pub fn parse_article(path: &Path, raw: &str, opts: &ReadOptions) -> Article {
    build_article(path, raw, opts).0
}

fn is_html(path: &Path, raw: &str) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || looks_like_html(raw)
}

/// Where the element nesting of `raw` first goes deeper than `limit`, by a
/// linear scan of its tags that needs no parse: each start tag opens a
/// level and each end tag closes one, except elements that hold nothing
/// (`br`, `img`) or close themselves (`p`, `li`, `td`); `/>` closes only
/// inside SVG or MathML, as in a browser; comments and script and style
/// bodies are skipped. Real pages stay a few dozen levels deep.
fn html_nesting_over(raw: &str, limit: usize) -> Option<usize> {
    const NO_LEVEL: &[&str] = &[
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param",
        "source", "track", "wbr", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup",
        "caption", "rb", "rt", "rtc", "rp", "html", "head", "body",
    ];
    const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
    let b = raw.as_bytes();
    let find = |from: usize, needle: &[u8]| memchr::memmem::find(&b[from.min(b.len())..], needle).map(|k| from + k);
    let (mut depth, mut foreign, mut i) = (0usize, 0usize, 0usize);
    while let Some(at) = memchr::memchr(b'<', &b[i..]).map(|k| i + k) {
        let rest = &b[at + 1..];
        if rest.starts_with(b"!--") {
            i = find(at + 4, b"-->").map_or(b.len(), |k| k + 3);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = at + 1 + usize::from(closing);
        let name_len = b[name_start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            // `<!doctype>`, `<?xml>`, or a lone `<` in text.
            i = if matches!(rest.first(), Some(b'!' | b'?')) { find(at, b">").map_or(b.len(), |k| k + 1) } else { at + 1 };
            continue;
        }
        let name = &raw[name_start..name_start + name_len];
        let end = find(name_start + name_len, b">").unwrap_or(b.len());
        let self_closing = end > 0 && b[end - 1] == b'/';
        i = (end + 1).min(b.len());
        let is = |list: &[&str]| list.iter().any(|n| n.eq_ignore_ascii_case(name));
        let is_foreign_root = name.eq_ignore_ascii_case("svg") || name.eq_ignore_ascii_case("math");
        if closing {
            if !is(NO_LEVEL) {
                depth = depth.saturating_sub(1);
                if is_foreign_root {
                    foreign = foreign.saturating_sub(1);
                }
            }
            continue;
        }
        if is(NO_LEVEL) || (self_closing && foreign > 0) {
            continue;
        }
        if is(RAW_TEXT) {
            // The body is text up to the matching end tag.
            let close = format!("</{}", name.to_ascii_lowercase());
            let mut j = i;
            i = loop {
                match find(j, b"</") {
                    Some(k) if b.len() >= k + close.len() && b[k..k + close.len()].eq_ignore_ascii_case(close.as_bytes()) => break k,
                    Some(k) => j = k + 2,
                    None => break b.len(),
                }
            };
        }
        if is_foreign_root {
            foreign += 1;
        }
        depth += 1;
        if depth > limit {
            return Some(at);
        }
    }
    None
}

/// The article and how deep its HTML nests (0 for plain text).
fn build_article(path: &Path, raw: &str, opts: &ReadOptions) -> (Article, usize) {
    let no_labels = HeaderLabels::default();
    let labels = opts.header_labels.as_deref().unwrap_or(&no_labels);
    let (text, info, depth) = if is_html(path, raw) {
        let h = html_to_text(raw, opts.limits.max_html_depth, labels);
        (h.text, h.info, h.depth)
    } else {
        let info = text_headers(raw, labels);
        (raw.to_string(), info, 0)
    };
    let boilerplate = opts.boilerplate.as_deref().map(|re| boilerplate_lines(&text, re)).unwrap_or_default();
    let title = info.headline.unwrap_or_else(|| first_content_line(&text, &boilerplate).to_string());
    // The command line's date and outlet win over what the article says.
    let date = opts.date.or(info.date).or_else(|| byline_date(&text));
    let source = opts.source.clone().or(info.outlet);
    let hash = crate::model::content_hash(&text);
    let article = Article {
        meta: ArticleMeta {
            id: format!("art-{}", &hash[..12]),
            path: display_path(path),
            title,
            date,
            source,
            byline: info.byline,
            hash,
            len: text.len(),
        },
        text,
        boilerplate,
    };
    (article, depth)
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
    info: ArticleInfo,
    /// The deepest element nesting seen.
    depth: usize,
}

/// Elements whose text is a paragraph of the article.
fn is_paragraph(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "p" | "li" | "blockquote")
}

/// Elements whose paragraphs are nested blocks, not the text itself.
fn is_block(name: &str) -> bool {
    matches!(name, "p" | "li" | "blockquote")
}

/// Page furniture: nothing inside is article text.
fn is_skipped(name: &str) -> bool {
    matches!(name, "nav" | "footer" | "script" | "style" | "aside" | "header")
}

/// The article text of an HTML page: its paragraph elements that hold no
/// nested block, outside navigation and scripts, in document order. Two
/// passes over the tree, each visiting every node once, so the work is
/// linear in the page however deep it nests; a page deeper than
/// `max_depth` gives only its depth (the caller refuses it).
fn html_to_text(raw: &str, max_depth: usize, labels: &HeaderLabels) -> HtmlText {
    use ego_tree::iter::Edge;
    use scraper::{Html, Node};
    let doc = Html::parse_document(raw);

    // Pass 1, bottom-up: which paragraph elements have a block inside
    // (their nested blocks are the paragraphs), and the nesting depth.
    let mut holds_block = std::collections::HashSet::new();
    let mut open: Vec<bool> = Vec::new();
    let (mut elements, mut depth) = (0usize, 0usize);
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                open.push(false);
                if node.value().is_element() {
                    elements += 1;
                    depth = depth.max(elements);
                }
            }
            Edge::Close(node) => {
                let inner = open.pop().unwrap_or(false);
                if let Node::Element(e) = node.value() {
                    elements = elements.saturating_sub(1);
                    if inner && is_paragraph(e.name()) {
                        holds_block.insert(node.id());
                    }
                    if let Some(parent) = open.last_mut() {
                        *parent |= inner || is_block(e.name());
                    }
                } else if let Some(parent) = open.last_mut() {
                    *parent |= inner;
                }
            }
        }
    }
    if depth > max_depth {
        return HtmlText { text: String::new(), info: ArticleInfo::default(), depth };
    }
    let info = page_meta(&doc, labels);

    // Pass 2, top-down: collect the text of each paragraph element that
    // holds no block. A paragraph element inside one being collected (a
    // heading inside a list item) is part of its text, not another copy.
    let mut paragraphs = Vec::new();
    let mut skipped_depth = 0usize;
    let mut collecting: Option<(ego_tree::NodeId, String)> = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(e) if is_skipped(e.name()) => skipped_depth += 1,
                Node::Element(e) if collecting.is_none() && skipped_depth == 0 && is_paragraph(e.name()) && !holds_block.contains(&node.id()) => {
                    collecting = Some((node.id(), String::new()));
                }
                Node::Text(t) => {
                    if let Some((_, buf)) = collecting.as_mut() {
                        buf.push_str(t);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value()
                    && is_skipped(e.name())
                {
                    skipped_depth = skipped_depth.saturating_sub(1);
                }
                if collecting.as_ref().is_some_and(|(id, _)| *id == node.id())
                    && let Some((_, buf)) = collecting.take()
                {
                    let t = normalize_ws(&buf);
                    if !t.is_empty() {
                        paragraphs.push(t);
                    }
                }
            }
        }
    }
    HtmlText { text: paragraphs.join("\n\n"), info, depth }
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
    // Boilerplate spans are in line order: walk them alongside the lines.
    let mut offset = 0;
    let mut next = boilerplate.iter().peekable();
    for line in text.split_inclusive('\n') {
        let content = line.trim();
        while next.next_if(|b| b.start < offset).is_some() {}
        let skipped = next.next_if(|b| b.start == offset).is_some();
        offset += line.len();
        if !content.is_empty() && !skipped {
            return content;
        }
    }
    ""
}

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

/// The article files under some inputs, and what could not be walked.
#[derive(Debug, Default)]
pub struct Walk {
    /// Sorted, without duplicates.
    pub paths: Vec<PathBuf>,
    /// Folders that could not be read, symbolic links that loop, and
    /// entries that are neither files nor folders.
    pub problems: Vec<Error>,
}

/// Expands files and folders into the article files to ingest, sorted so runs
/// are deterministic. Hidden files and non-article extensions in folders are
/// skipped; a file named explicitly is always read. Symbolic links are
/// followed, each target folder at most once, and a link back to a folder
/// being walked (`x -> .`) is reported, not followed. A missing input is an
/// error; a problem inside a folder is listed in [`Walk::problems`].
pub fn walk_article_paths(inputs: &[PathBuf]) -> Result<Walk> {
    let mut walk = Walk::default();
    let mut seen_dirs = std::collections::HashSet::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::io(input, e))?;
        if !meta.is_dir() {
            walk.paths.push(input.clone());
            continue;
        }
        let mut it = walkdir::WalkDir::new(input)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
        while let Some(entry) = it.next() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let path = e.path().map_or_else(|| input.clone(), Path::to_path_buf);
                    let message = match e.loop_ancestor() {
                        Some(a) => format!("symbolic link loops back to {}; not followed", a.display()),
                        None => e.io_error().map_or_else(|| e.to_string(), ToString::to_string),
                    };
                    walk.problems.push(Error::Walk { path, message });
                    continue;
                }
            };
            let ft = entry.file_type();
            if ft.is_dir() {
                // Two links to one folder: walk it once.
                let key = std::fs::canonicalize(entry.path()).unwrap_or_else(|_| entry.path().to_path_buf());
                if !seen_dirs.insert(key) {
                    it.skip_current_dir();
                }
            } else if is_article_ext(entry.path()) {
                if ft.is_file() {
                    walk.paths.push(entry.into_path());
                } else {
                    walk.problems.push(Error::NotAFile { path: entry.into_path() });
                }
            }
        }
    }
    walk.paths.sort();
    walk.paths.dedup();
    Ok(walk)
}

/// [`walk_article_paths`], where any problem in a folder is an error.
pub fn collect_article_paths(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut walk = walk_article_paths(inputs)?;
    match walk.problems.drain(..).next() {
        Some(e) => Err(e),
        None => Ok(walk.paths),
    }
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
    fn nested_paragraphs_are_read_once_and_skipped_blocks_not_at_all() {
        let html = "<html><body><ul><li><h3>Heading in item</h3> item text</li></ul><blockquote><p>Inner.</p></blockquote>\
            <aside><p>Aside.</p></aside><div><div><p>Deep <b>bold</b> text.</p></div></div><p>Last<script>x</script></p></body></html>";
        let a = parse_article(Path::new("a.html"), html, &ReadOptions::default());
        assert_eq!(a.text, "Heading in item item text\n\nInner.\n\nDeep bold text.\n\nLastx");
    }

    #[test]
    fn html_nesting_is_measured_without_a_parse() {
        let deep = |n: usize, open: &str, close: &str| format!("<html><body>{}{}</body></html>", open.repeat(n), close.repeat(n));
        assert_eq!(html_nesting_over(&deep(10, "<div>", "</div>"), 10), None);
        assert_eq!(html_nesting_over(&deep(11, "<div>", "</div>"), 10), Some(12 + 50));
        // `<div/>` stays open in HTML; `/>` closes only in SVG and MathML.
        assert!(html_nesting_over(&"<div/>".repeat(20), 10).is_some());
        assert_eq!(html_nesting_over(&format!("<svg>{}</svg>", "<path d=\"M0\"/>".repeat(50)), 10), None);
        // Elements that close themselves or hold nothing add no level.
        assert_eq!(html_nesting_over(&"<p>a<li>b<br><img src=x><td>".repeat(100), 10), None);
        // Tags in comments and scripts are not tags.
        assert_eq!(html_nesting_over(&format!("<!-- {} --><script>{}</script>", "<div>".repeat(50), "'<div>'".repeat(50)), 10), None);
        // Siblings do not add up.
        assert_eq!(html_nesting_over(&"<div><span>x</span></div>".repeat(1000), 10), None);
    }

    #[test]
    fn html_text_is_linear_in_nesting() {
        // Before, each paragraph rescanned its ancestors and descendants:
        // 10k levels of 50 paragraphs each took seconds.
        let html = format!("<html><body>{}</body></html>", "<div><p>Jane Doe said so.</p>".repeat(10_000) + &"</div>".repeat(10_000));
        let t = std::time::Instant::now();
        let h = html_to_text(&html, usize::MAX, &HeaderLabels::default());
        assert_eq!(h.text.matches("Jane Doe").count(), 10_000);
        assert!(h.depth >= 10_000);
        assert!(t.elapsed() < std::time::Duration::from_secs(10), "{:?}", t.elapsed());
    }

    #[test]
    fn invalid_utf8_is_located() {
        let err = decode_text(Path::new("x.txt"), b"ok\nab\xff").unwrap_err();
        assert!(err.to_string().contains("x.txt:2:3"), "{err}");
        let err = decode_text(Path::new("y.txt"), b"a\0b").unwrap_err();
        assert!(err.to_string().contains("y.txt:1:2"), "{err}");
    }
}
