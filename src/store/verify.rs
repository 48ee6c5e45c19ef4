//! Checking a graph against its articles: every article still hashes to what
//! was stored, and every evidence span still slices out the stored text.
//! Spans are the graph's citations; an edited article silently breaks them,
//! so this is the check to run before trusting old answers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::source::{ReadOptions, read_article};
use crate::model::{ArticleMeta, Evidence, Span, fold_text};
use crate::model::{GraphData, content_hash};

/// One thing that does not match.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// Article id (or path when the article is unknown).
    pub article: String,
    /// Statement or stance id, or `article` for the article itself.
    pub id: String,
    /// What was checked: `hash`, `read`, `span`, `sentence`, `article`.
    pub what: String,
    pub expected: String,
    pub found: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct VerifyReport {
    pub articles: usize,
    /// Spans checked (each evidence has two: the extraction and its
    /// sentence).
    pub spans: usize,
    pub mismatches: Vec<Mismatch>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty()
    }
}

/// Where to read an article from: its stored path, or the same file name in
/// `corpus`.
pub fn article_path(meta: &ArticleMeta, corpus: Option<&Path>) -> PathBuf {
    let stored = PathBuf::from(&meta.path);
    match (corpus, stored.file_name()) {
        (Some(dir), Some(name)) => dir.join(name),
        _ => stored,
    }
}

/// The text a span cuts out, or why it cannot.
fn slice(text: &str, span: Span) -> Result<&str, String> {
    if span.start > span.end || span.end > text.len() {
        return Err(format!(
            "span {}..{} outside the text ({} bytes)",
            span.start,
            span.end,
            text.len()
        ));
    }
    text.get(span.start..span.end)
        .ok_or_else(|| format!("span {}..{} not on character boundaries", span.start, span.end))
}

/// What a span must cut out of its article.
#[derive(Clone, Copy)]
enum Expect<'a> {
    /// Exactly this text (an evidence sentence).
    Exact(&'a str),
    /// These words, spacing and punctuation aside: the store merges
    /// occurrences of a statement by [`fold_text`] and keeps one of their
    /// texts, so another occurrence may differ in a double space or a quote
    /// mark. Edits that change only such characters are still caught by the
    /// content hash and the exact sentence check.
    SameWords(&'a str),
    /// Anything inside the evidence sentence (a stance's cue and topic; its
    /// sentence is checked exactly on its own).
    InsideSentence,
}

impl Expect<'_> {
    fn accepts(self, found: &str, inside_sentence: bool) -> bool {
        match self {
            Expect::Exact(e) => found == e,
            Expect::SameWords(e) => found == e || fold_text(found) == fold_text(e),
            Expect::InsideSentence => inside_sentence,
        }
    }
}

/// Verifies `graph` against the article files.
pub fn verify(graph: &GraphData, corpus: Option<&Path>) -> VerifyReport {
    let mut report = VerifyReport {
        articles: graph.articles.len(),
        ..Default::default()
    };
    let mut texts: HashMap<&str, Option<String>> = HashMap::new();
    for meta in &graph.articles {
        let path = article_path(meta, corpus);
        let mut push = |what: &str, expected: String, found: String| {
            report.mismatches.push(Mismatch {
                article: meta.id.clone(),
                id: "article".into(),
                what: what.into(),
                expected,
                found,
            })
        };
        let text = match read_article(&path, &ReadOptions::default()) {
            Ok(a) => {
                if a.meta.hash != meta.hash {
                    push(
                        "hash",
                        meta.hash.clone(),
                        format!("{} ({})", content_hash(&a.text), path.display()),
                    );
                }
                Some(a.text)
            }
            Err(e) => {
                push("read", path.display().to_string(), e.to_string());
                None
            }
        };
        texts.insert(meta.id.as_str(), text);
    }

    let mut check = |id: &str, ev: &Evidence, what: &str, span: Span, expected: Expect| {
        report.spans += 1;
        let found = match texts.get(ev.article.as_str()) {
            // Unreadable article: already reported once; do not repeat per span.
            Some(None) => return,
            Some(Some(text)) => slice(text, span).map(str::to_string),
            None => Err("article not in the graph".to_string()),
        };
        let found = match found {
            Ok(s) if expected.accepts(&s, ev.sentence.contains(span)) => return,
            Ok(s) => s,
            Err(why) => why,
        };
        let expected = match expected {
            Expect::Exact(e) | Expect::SameWords(e) => e.to_string(),
            Expect::InsideSentence => format!("a span inside the sentence {}..{}", ev.sentence.start, ev.sentence.end),
        };
        report.mismatches.push(Mismatch {
            article: ev.article.clone(),
            id: id.to_string(),
            what: format!("{what} {}..{}", span.start, span.end),
            expected: expected.to_string(),
            found,
        });
    };
    for s in &graph.statements {
        for ev in &s.evidence {
            check(&s.id, ev, "span", ev.span, Expect::SameWords(&s.text));
            check(&s.id, ev, "sentence", ev.sentence, Expect::Exact(&ev.sentence_text));
        }
    }
    // A stance's span is its cue and topic within the sentence (or the whole
    // sentence); it has no stored text of its own to compare.
    for s in &graph.stances {
        for ev in &s.evidence {
            check(&s.id, ev, "span", ev.span, Expect::InsideSentence);
            check(&s.id, ev, "sentence", ev.sentence, Expect::Exact(&ev.sentence_text));
        }
    }
    report
}
