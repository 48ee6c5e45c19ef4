//! Typed errors. Each variant that points into a file carries the path and a
//! 1-based line and column, and the source text so the CLI can show the
//! offending line (rendered once, at the edge, by miette).

use std::path::PathBuf;

use miette::{Diagnostic, NamedSource, SourceSpan};
use thiserror::Error;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// A position in a text file, 1-based as editors show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// Line and column (in characters) of a byte offset.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = &text.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
        Position { line, column }
    }

    /// Byte offset of a 1-based line and column; clamps to the text.
    pub fn to_offset(self, text: &str) -> usize {
        let mut offset = 0;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if i + 1 == self.line {
                return offset
                    + line
                        .char_indices()
                        .nth(self.column.saturating_sub(1))
                        .map_or(line.len(), |(b, _)| b);
            }
            offset += line.len();
        }
        text.len()
    }
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

#[derive(Debug, Error, Diagnostic)]
pub enum Error {
    #[error("{}: {source}", path.display())]
    #[diagnostic(code(claimgraph::io))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    #[error("{}:{pos}: binary data (NUL byte at offset {offset}); articles must be text", path.display())]
    #[diagnostic(code(claimgraph::article::binary), help("pass plain-text or HTML articles only"))]
    BinaryArticle {
        path: PathBuf,
        pos: Position,
        offset: usize,
    },

    #[error("{}:{pos}: invalid UTF-8 (byte 0x{byte:02x} at offset {offset})", path.display())]
    #[diagnostic(code(claimgraph::article::utf8), help("convert the article to UTF-8, e.g. `iconv -f latin1 -t utf-8`"))]
    InvalidUtf8 {
        path: PathBuf,
        pos: Position,
        offset: usize,
        byte: u8,
    },

    #[error("{}: {size} bytes, over the limit of {limit} bytes per article (--max-article-bytes)", path.display())]
    #[diagnostic(code(claimgraph::article::too_large), help("raise --max-article-bytes if this really is one article"))]
    ArticleTooLarge { path: PathBuf, size: u64, limit: u64 },

    #[error("{}:{pos}: HTML nested {depth} elements deep, over the limit of {limit} (--max-html-depth)", path.display())]
    #[diagnostic(code(claimgraph::article::html_depth), help("raise --max-html-depth if this really is a news page"))]
    HtmlTooDeep { path: PathBuf, pos: Position, depth: usize, limit: usize },

    #[error("{}: {what}; nothing to extract", path.display())]
    #[diagnostic(code(claimgraph::article::empty))]
    EmptyArticle { path: PathBuf, what: &'static str },

    #[error("{}: not a regular file", path.display())]
    #[diagnostic(code(claimgraph::article::not_a_file))]
    NotAFile { path: PathBuf },

    #[error("{}: {message}", path.display())]
    #[diagnostic(code(claimgraph::article::walk))]
    Walk { path: PathBuf, message: String },

    #[error("{}: extraction failed (panic: {message}); the article was skipped", path.display())]
    #[diagnostic(code(claimgraph::article::panic), help("this is a bug in claimgraph: please report it with the article"))]
    ExtractPanic { path: PathBuf, message: String },

    #[error("{}: extraction took longer than the budget of {seconds} s per article (--time-budget); the article was skipped", path.display())]
    #[diagnostic(code(claimgraph::article::timeout))]
    ExtractTimeout { path: PathBuf, seconds: u64 },

    #[error("{}:{pos}: {message}", path.display())]
    #[diagnostic(code(claimgraph::rules::syntax))]
    RuleSyntax {
        path: PathBuf,
        pos: Position,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        at: SourceSpan,
    },

    #[error("{}:{pos}: invalid regex in rule `{rule}`: {message}", path.display())]
    #[diagnostic(code(claimgraph::rules::regex))]
    RuleRegex {
        path: PathBuf,
        pos: Position,
        rule: String,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("{message}")]
        at: SourceSpan,
    },

    #[error("{}:{pos}: {message}", path.display())]
    #[diagnostic(code(claimgraph::rules::invalid))]
    RuleInvalid {
        path: PathBuf,
        pos: Position,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        at: SourceSpan,
    },

    #[error("{}:{pos}: graph file is damaged: {message}", path.display())]
    #[diagnostic(
        code(claimgraph::query::graph::syntax),
        help("the graph was not changed; restore it from a backup or re-ingest the articles into a new graph")
    )]
    GraphSyntax {
        path: PathBuf,
        pos: Position,
        message: String,
        #[source_code]
        src: NamedSource<String>,
        #[label("here")]
        at: SourceSpan,
    },

    #[error("{}: graph file has format {found}, this claimgraph reads format {expected}", path.display())]
    #[diagnostic(
        code(claimgraph::query::graph::format),
        help("the graph was not changed; re-ingest the articles into a new graph with this version")
    )]
    GraphFormat { path: PathBuf, found: u32, expected: u32 },

    #[error("{}: graph part is damaged: {message}", path.display())]
    #[diagnostic(
        code(claimgraph::query::graph::part),
        help("the graph was not changed; restore the graph folder from a backup or re-ingest the articles into a new graph")
    )]
    GraphPart { path: PathBuf, message: String },

    #[error("{}: graph checksum does not match its content (stored {stored}, computed {computed})", path.display())]
    #[diagnostic(
        code(claimgraph::query::graph::checksum),
        help("the graph was changed outside claimgraph or damaged; `claimgraph verify` names what is wrong, `claimgraph ingest --repair ARTICLES` rebuilds it from the articles")
    )]
    GraphChecksum { path: PathBuf, stored: String, computed: String },

    #[error("{}: graph is damaged: {}", path.display(), problems.join("; "))]
    #[diagnostic(
        code(claimgraph::query::graph::damaged),
        help("the graph was not changed; `claimgraph verify` lists the damage, `claimgraph ingest --repair ARTICLES` rebuilds it from the articles")
    )]
    GraphDamaged { path: PathBuf, problems: Vec<String> },

    #[error("{}: query index: {message}", path.display())]
    #[diagnostic(
        code(claimgraph::store::index),
        help("the index is derived from the graph: `claimgraph index --rebuild` builds it again")
    )]
    Index { path: PathBuf, message: String },

    #[error("{}:{pos}: {message}", path.display())]
    #[diagnostic(code(claimgraph::gold))]
    Gold {
        path: PathBuf,
        pos: Position,
        message: String,
    },

    #[error("{}:{pos}: not an extraction record: {message}", path.display())]
    #[diagnostic(code(claimgraph::record), help("records are the JSON lines `claimgraph extract --jsonl` writes, one per article"))]
    Record {
        path: PathBuf,
        pos: Position,
        message: String,
    },

    #[error("{renderer}: {message}")]
    #[diagnostic(code(claimgraph::render), help("install Graphviz (`dot`), or render to SVG, which needs no external tool"))]
    Render { renderer: String, message: String },

    #[error("{0}")]
    #[diagnostic(code(claimgraph::usage))]
    Usage(String),
}

impl Error {
    /// Whether this error means the stored graph is damaged (as opposed
    /// to missing, of another version, or unreadable for another reason).
    pub fn is_graph_damage(&self) -> bool {
        matches!(self, Error::GraphSyntax { .. } | Error::GraphPart { .. } | Error::GraphChecksum { .. } | Error::GraphDamaged { .. })
    }

    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// The file, line and column this error points at, if any.
    pub fn location(&self) -> Option<(&std::path::Path, Position)> {
        match self {
            Error::BinaryArticle { path, pos, .. }
            | Error::InvalidUtf8 { path, pos, .. }
            | Error::HtmlTooDeep { path, pos, .. }
            | Error::RuleSyntax { path, pos, .. }
            | Error::RuleRegex { path, pos, .. }
            | Error::RuleInvalid { path, pos, .. }
            | Error::GraphSyntax { path, pos, .. }
            | Error::Gold { path, pos, .. }
            | Error::Record { path, pos, .. } => Some((path, *pos)),
            Error::Io { .. }
            | Error::ArticleTooLarge { .. }
            | Error::EmptyArticle { .. }
            | Error::NotAFile { .. }
            | Error::Walk { .. }
            | Error::ExtractPanic { .. }
            | Error::ExtractTimeout { .. }
            | Error::GraphFormat { .. }
            | Error::GraphPart { .. }
            | Error::GraphChecksum { .. }
            | Error::GraphDamaged { .. }
            | Error::Index { .. }
            | Error::Render { .. }
            | Error::Usage(_) => None,
        }
    }
}

/// Builds the (position, source, label) triple for an error at a byte offset.
pub(crate) fn located(path: &std::path::Path, text: &str, offset: usize, len: usize) -> (Position, NamedSource<String>, SourceSpan) {
    let offset = offset.min(text.len());
    let len = len.min(text.len() - offset);
    (
        Position::of_offset(text, offset),
        NamedSource::new(path.display().to_string(), text.to_string()),
        SourceSpan::new(offset.into(), len),
    )
}
