//! The JSON export: flat rows, one per evidence, in the shape the gold
//! files use (`article` is the article's file name), so extractions can be
//! compared with gold or loaded into a notebook without knowing the store.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{Actor, Evidence, QuoteKind, StanceKind};
use crate::store::{GraphData, TopicInfo};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRow<'a> {
    /// The statement id (shared by every evidence of the same statement).
    pub id: &'a str,
    pub article: &'a str,
    pub speaker: &'a str,
    pub kind: QuoteKind,
    /// The words as this article has them.
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub cue: &'a str,
    pub rule: &'a str,
    pub date: Option<NaiveDate>,
    pub sentence: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StanceRow<'a> {
    pub id: &'a str,
    pub article: &'a str,
    pub actor: &'a str,
    pub stance: StanceKind,
    pub topic: &'a str,
    /// The sentence that shows the stance.
    pub evidence: &'a str,
    pub start: usize,
    pub end: usize,
    pub rule: &'a str,
    pub date: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleRow<'a> {
    pub id: &'a str,
    /// The file name, as `article` fields name it.
    pub file: &'a str,
    pub path: &'a str,
    pub title: &'a str,
    pub date: Option<NaiveDate>,
    pub source: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub hash: &'a str,
    pub len: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct JsonExport<'a> {
    pub statements: Vec<StatementRow<'a>>,
    pub stances: Vec<StanceRow<'a>>,
    pub actors: &'a [Actor],
    pub topics: &'a [TopicInfo],
    pub articles: Vec<ArticleRow<'a>>,
}

/// The last component of a stored path (`/` separated, see
/// [`crate::source`]).
pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The exact characters an evidence's span covers, cut from its sentence
/// (a statement's own text may come from another article's wording). None
/// when the sentence text does not line up with its span.
pub fn evidence_text(e: &Evidence) -> Option<&str> {
    if e.sentence_text.len() != e.sentence.len() || !e.sentence.contains(e.span) {
        return None;
    }
    e.sentence_text
        .get(e.span.start - e.sentence.start..e.span.end - e.sentence.start)
}

/// Article id → file name, as the export names articles.
pub fn article_files(graph: &GraphData) -> HashMap<&str, &str> {
    graph.articles.iter().map(|a| (a.id.as_str(), file_name(&a.path))).collect()
}

impl<'a> StatementRow<'a> {
    /// The row of one evidence of a statement. Evidence whose article is
    /// missing from `files` still shows, by article id.
    pub fn new(files: &HashMap<&str, &'a str>, id: &'a str, speaker: &'a str, kind: QuoteKind, text: &'a str, e: &'a Evidence) -> Self {
        StatementRow {
            id,
            article: files.get(e.article.as_str()).copied().unwrap_or(&e.article),
            speaker,
            kind,
            text: evidence_text(e).unwrap_or(text),
            start: e.span.start,
            end: e.span.end,
            cue: &e.cue,
            rule: &e.rule,
            date: e.date,
            sentence: &e.sentence_text,
        }
    }
}

/// who-said rows (see [`crate::query::who_said`]) in the shape of the
/// export's `statements`, so one reader handles both.
pub fn who_said_rows<'a>(graph: &'a GraphData, rows: &'a [crate::query::StatementRow]) -> Vec<StatementRow<'a>> {
    let files = article_files(graph);
    rows.iter().map(|r| StatementRow::new(&files, &r.statement_id, &r.speaker, r.kind, &r.text, &r.evidence)).collect()
}

/// Flattens the graph into rows, ordered by article file, then position.
pub fn rows(graph: &GraphData) -> JsonExport<'_> {
    let files = article_files(graph);
    let mut statements = Vec::new();
    for s in &graph.statements {
        for e in &s.evidence {
            statements.push(StatementRow::new(&files, &s.id, &s.speaker, s.kind, &s.text, e));
        }
    }
    statements.sort_by(|a, b| (a.article, a.start, a.end, a.id).cmp(&(b.article, b.start, b.end, b.id)));
    let mut stances = Vec::new();
    for s in &graph.stances {
        for e in &s.evidence {
            stances.push(StanceRow {
                id: &s.id,
                article: files.get(e.article.as_str()).copied().unwrap_or(&e.article),
                actor: &s.actor,
                stance: s.stance,
                topic: &s.topic,
                evidence: &e.sentence_text,
                start: e.span.start,
                end: e.span.end,
                rule: &e.rule,
                date: e.date,
            });
        }
    }
    stances.sort_by(|a, b| (a.article, a.start, a.end, a.id).cmp(&(b.article, b.start, b.end, b.id)));
    let mut articles: Vec<ArticleRow> = graph
        .articles
        .iter()
        .map(|a| ArticleRow {
            id: &a.id,
            file: file_name(&a.path),
            path: &a.path,
            title: &a.title,
            date: a.date,
            source: a.source.as_deref(),
            byline: a.byline.as_deref(),
            hash: &a.hash,
            len: a.len,
        })
        .collect();
    articles.sort_by(|a, b| (a.file, a.id).cmp(&(b.file, b.id)));
    JsonExport {
        statements,
        stances,
        actors: &graph.actors,
        topics: &graph.topics,
        articles,
    }
}

/// The graph as pretty JSON, ending in a newline.
pub fn to_string(graph: &GraphData) -> Result<String> {
    let mut s = serde_json::to_string_pretty(&rows(graph))
        .map_err(|e| Error::Usage(format!("cannot serialize graph as JSON: {e}")))?;
    s.push('\n');
    Ok(s)
}
