//! The flat table: one row per statement occurrence and per stance
//! evidence, with every attribute a researcher filters or groups by, for
//! pandas, R or a spreadsheet. CSV keeps text exactly (quoted where it
//! must be); TSV puts each record on one line, so tabs and line breaks
//! inside text become spaces.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::model::{Actor, ArticleMeta, Evidence, GraphData};

use super::json::{evidence_text, file_name};

pub const COLUMNS: [&str; 25] = [
    "type",
    "id",
    "article",
    "article_id",
    "title",
    "outlet",
    "byline",
    "article_date",
    "date",
    "speaker",
    "speaker_kind",
    "speaker_gender",
    "member_of",
    "kind",
    "topic",
    "cue",
    "text",
    "start",
    "end",
    "sentence_start",
    "sentence_end",
    "sentence",
    "rule",
    "resolution",
    "path",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delimiter {
    Comma,
    Tab,
}

/// One row of the table, typed: what the CSV writes as text and the
/// Parquet export as typed columns (absent values are empty cells there,
/// nulls here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// `statement` or `stance`.
    pub ty: &'static str,
    pub id: &'a str,
    /// The article's file name (its id when the article is missing).
    pub article: &'a str,
    pub article_id: &'a str,
    pub title: Option<&'a str>,
    pub outlet: Option<&'a str>,
    pub byline: Option<&'a str>,
    pub article_date: Option<NaiveDate>,
    pub date: Option<NaiveDate>,
    pub speaker: &'a str,
    pub speaker_kind: Option<&'static str>,
    pub speaker_gender: Option<&'static str>,
    pub member_of: Option<&'a str>,
    /// `direct` / `indirect` for statements, `demands` / `rejects` for stances.
    pub kind: &'static str,
    /// Stances only.
    pub topic: Option<&'a str>,
    pub cue: &'a str,
    pub text: &'a str,
    pub start: usize,
    pub end: usize,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub sentence: &'a str,
    pub rule: &'a str,
    pub resolution: &'a str,
    pub path: Option<&'a str>,
}

struct Lookup<'a> {
    articles: HashMap<&'a str, &'a ArticleMeta>,
    actors: HashMap<&'a str, &'a Actor>,
}

impl<'a> Lookup<'a> {
    fn new(data: &'a GraphData) -> Self {
        Lookup {
            articles: data.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
            actors: data.actors.iter().map(|a| (a.name.as_str(), a)).collect(),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn record(&self, ty: &'static str, id: &'a str, who: &'a str, kind: &'static str, topic: Option<&'a str>, text: &'a str, e: &'a Evidence) -> Record<'a> {
        let art = self.articles.get(e.article.as_str()).copied();
        let actor = self.actors.get(who).copied();
        Record {
            ty,
            id,
            article: art.map_or(e.article.as_str(), |a| file_name(&a.path)),
            article_id: &e.article,
            title: art.map(|a| a.title.as_str()),
            outlet: art.and_then(|a| a.source.as_deref()),
            byline: art.and_then(|a| a.byline.as_deref()),
            article_date: art.and_then(|a| a.date),
            date: e.date,
            speaker: who,
            speaker_kind: actor.map(|a| a.kind.as_str()),
            speaker_gender: actor.and_then(|a| a.gender).map(|g| g.as_str()),
            member_of: actor.and_then(|a| a.member_of.as_deref()),
            kind,
            topic,
            cue: &e.cue,
            text,
            start: e.span.start,
            end: e.span.end,
            sentence_start: e.sentence.start,
            sentence_end: e.sentence.end,
            sentence: &e.sentence_text,
            rule: &e.rule,
            resolution: &e.resolution,
            path: art.map(|a| a.path.as_str()),
        }
    }
}

fn fields(r: &Record<'_>) -> [String; 25] {
    let opt = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let text = |t: Option<&str>| t.unwrap_or_default().to_string();
    [
        r.ty.to_string(),
        r.id.to_string(),
        r.article.to_string(),
        r.article_id.to_string(),
        text(r.title),
        text(r.outlet),
        text(r.byline),
        opt(r.article_date),
        opt(r.date),
        r.speaker.to_string(),
        text(r.speaker_kind),
        text(r.speaker_gender),
        text(r.member_of),
        r.kind.to_string(),
        text(r.topic),
        r.cue.to_string(),
        r.text.to_string(),
        r.start.to_string(),
        r.end.to_string(),
        r.sentence_start.to_string(),
        r.sentence_end.to_string(),
        r.sentence.to_string(),
        r.rule.to_string(),
        r.resolution.to_string(),
        text(r.path),
    ]
}

/// Every statement occurrence and stance evidence, ordered by article
/// file, then position in the article.
pub fn records(data: &GraphData) -> Vec<Record<'_>> {
    records_of(data, true, true)
}

/// [`records`] of statements, of stances, or of both: one kind alone
/// without building the other's rows (the Parquet export writes them as
/// two tables, and a large graph has millions of each).
pub fn records_of(data: &GraphData, statements: bool, stances: bool) -> Vec<Record<'_>> {
    let look = Lookup::new(data);
    let mut rows: Vec<Record> = Vec::new();
    for s in data.statements.iter().filter(|_| statements) {
        for e in &s.evidence {
            rows.push(look.record("statement", &s.id, &s.speaker, s.kind.as_str(), None, evidence_text(e).unwrap_or(&s.text), e));
        }
    }
    for s in data.stances.iter().filter(|_| stances) {
        for e in &s.evidence {
            rows.push(look.record("stance", &s.id, &s.actor, s.stance.as_str(), Some(&s.topic), evidence_text(e).unwrap_or(&e.sentence_text), e));
        }
    }
    rows.sort_by(|a, b| (a.article, a.start, a.end, a.ty, a.id).cmp(&(b.article, b.start, b.end, b.ty, b.id)));
    rows
}

/// One line per record: TSV readers rarely honour quoted line breaks.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

/// Statements and stances as one table, ordered by article file, then
/// position in the article.
pub fn statements_table(data: &GraphData, delimiter: Delimiter) -> String {
    let rows = records(data);
    let mut w = ::csv::WriterBuilder::new()
        .delimiter(if delimiter == Delimiter::Tab { b'\t' } else { b',' })
        .from_writer(Vec::new());
    let write = |w: &mut ::csv::Writer<Vec<u8>>, rec: &[String]| {
        if let Err(e) = w.write_record(rec) {
            unreachable!("writing CSV to memory failed: {e}");
        }
    };
    write(&mut w, &COLUMNS.map(str::to_string));
    for r in &rows {
        let mut f = fields(r);
        if delimiter == Delimiter::Tab {
            f = f.map(|s| one_line(&s));
        }
        write(&mut w, &f);
    }
    match w.into_inner() {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(e) => unreachable!("writing CSV to memory failed: {e}"),
    }
}
