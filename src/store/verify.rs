//! Checking a graph against its articles: every article still hashes to what
//! was stored, and every evidence span still slices out the stored text.
//! Spans are the graph's citations; an edited article silently breaks them,
//! so this is the check to run before trusting old answers.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::source::{ReadOptions, read_article};
use crate::model::{ArticleMeta, Evidence, Span, fold_text};
use crate::model::{GraphData, content_hash, stance_id, statement_id};

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
    /// Damage to the graph itself, one line each: checksums, parts (see
    /// [`crate::store::check`]), and cross-references (see [`structure`]).
    pub damage: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.mismatches.is_empty() && self.damage.is_empty()
    }
}

/// Cross-references that must hold in a whole graph, one line per broken
/// one: every statement's speaker and every stance's actor is an actor,
/// every stance's topic a topic, every evidence cites an article of the
/// graph, every rules record belongs to an article, and no id is used
/// twice. Linear in the graph; ingest runs it before building on a graph.
pub fn structure(graph: &GraphData) -> Vec<String> {
    use std::collections::HashSet;
    const SHOWN: usize = 20;
    let mut problems = Vec::new();
    let mut more = 0usize;
    let mut push = |p: String| {
        if problems.len() < SHOWN {
            problems.push(p);
        } else {
            more += 1;
        }
    };
    let actors: HashSet<&str> = graph.actors.iter().map(|a| a.name.as_str()).collect();
    let topics: HashSet<&str> = graph.topics.iter().map(|t| t.id.as_str()).collect();
    let mut articles: HashSet<&str> = HashSet::with_capacity(graph.articles.len());
    for a in &graph.articles {
        if !articles.insert(&a.id) {
            push(format!("article {} appears twice", a.id));
        }
    }
    let mut ids: HashSet<&str> = HashSet::new();
    let evidence = |id: &str, ev: &[Evidence], push: &mut dyn FnMut(String)| {
        for e in ev {
            if !articles.contains(e.article.as_str()) {
                push(format!("{id}: evidence cites article {}, which is not in the graph", e.article));
            }
        }
    };
    for s in &graph.statements {
        if !ids.insert(&s.id) {
            push(format!("statement {} appears twice", s.id));
        }
        if !actors.contains(s.speaker.as_str()) {
            push(format!("statement {}: speaker `{}` is not an actor of the graph", s.id, s.speaker));
        }
        evidence(&s.id, &s.evidence, &mut push);
    }
    for s in &graph.stances {
        if !ids.insert(&s.id) {
            push(format!("stance {} appears twice", s.id));
        }
        if !actors.contains(s.actor.as_str()) {
            push(format!("stance {}: actor `{}` is not an actor of the graph", s.id, s.actor));
        }
        if !topics.contains(s.topic.as_str()) {
            push(format!("stance {}: topic `{}` is not a topic of the graph", s.id, s.topic));
        }
        evidence(&s.id, &s.evidence, &mut push);
    }
    for id in graph.article_rules.keys() {
        if !articles.contains(id.as_str()) {
            push(format!("rules record for article {id}, which is not in the graph"));
        }
    }
    if more > 0 {
        problems.push(format!("and {more} more"));
    }
    problems
}

/// Ids that do not follow from what they identify: a statement's id is made
/// from its speaker, kind and words, a stance's from its actor, side and
/// topic, an article's from its text's hash. An edit to one of those
/// fields that left the id alone shows here. One line per wrong id.
pub fn derived_ids(graph: &GraphData) -> Vec<String> {
    let mut problems = Vec::new();
    for a in &graph.articles {
        if a.hash.get(..12).is_none_or(|h| a.id != format!("art-{h}")) {
            problems.push(format!("article {}: id does not match its hash {}", a.id, a.hash));
        }
    }
    for s in &graph.statements {
        if statement_id(&s.speaker, s.kind, &s.text) != s.id {
            problems.push(format!("statement {}: id does not match its speaker `{}`, kind and text", s.id, s.speaker));
        }
    }
    for s in &graph.stances {
        if stance_id(&s.actor, s.stance, &s.topic) != s.id {
            problems.push(format!("stance {}: id does not match its actor `{}`, side and topic `{}`", s.id, s.actor, s.topic));
        }
    }
    problems
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
        damage: structure(graph).into_iter().chain(derived_ids(graph)).collect(),
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
            article: ev.article.to_string(),
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
