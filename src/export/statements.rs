//! The flat table: one row per statement occurrence and per stance
//! evidence, with every attribute a researcher filters or groups by, for
//! pandas, R or a spreadsheet. CSV keeps text exactly (quoted where it
//! must be); TSV puts each record on one line, so tabs and line breaks
//! inside text become spaces.

use std::collections::HashMap;

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

struct Row<'a> {
    ty: &'static str,
    id: &'a str,
    who: &'a str,
    kind: &'static str,
    topic: &'a str,
    text: &'a str,
    e: &'a Evidence,
}

fn fields(r: &Row<'_>, articles: &HashMap<&str, &ArticleMeta>, actors: &HashMap<&str, &Actor>) -> [String; 25] {
    let art = articles.get(r.e.article.as_str());
    let actor = actors.get(r.who);
    let opt = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        r.ty.to_string(),
        r.id.to_string(),
        art.map_or(r.e.article.as_str(), |a| file_name(&a.path)).to_string(),
        r.e.article.clone(),
        art.map(|a| a.title.clone()).unwrap_or_default(),
        art.and_then(|a| a.source.clone()).unwrap_or_default(),
        art.and_then(|a| a.byline.clone()).unwrap_or_default(),
        opt(art.and_then(|a| a.date)),
        opt(r.e.date),
        r.who.to_string(),
        actor.map(|a| a.kind.as_str().to_string()).unwrap_or_default(),
        actor.and_then(|a| a.gender).map(|g| g.as_str().to_string()).unwrap_or_default(),
        actor.and_then(|a| a.member_of.clone()).unwrap_or_default(),
        r.kind.to_string(),
        r.topic.to_string(),
        r.e.cue.clone(),
        r.text.to_string(),
        r.e.span.start.to_string(),
        r.e.span.end.to_string(),
        r.e.sentence.start.to_string(),
        r.e.sentence.end.to_string(),
        r.e.sentence_text.clone(),
        r.e.rule.clone(),
        r.e.resolution.clone(),
        art.map(|a| a.path.clone()).unwrap_or_default(),
    ]
}

/// One line per record: TSV readers rarely honour quoted line breaks.
fn one_line(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '\t' | '\n' | '\r') { ' ' } else { c }).collect()
}

/// Statements and stances as one table, ordered by article file, then
/// position in the article.
pub fn statements_table(data: &GraphData, delimiter: Delimiter) -> String {
    let articles: HashMap<&str, &ArticleMeta> = data.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let actors: HashMap<&str, &Actor> = data.actors.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut rows: Vec<Row> = Vec::new();
    for s in &data.statements {
        for e in &s.evidence {
            rows.push(Row {
                ty: "statement",
                id: &s.id,
                who: &s.speaker,
                kind: s.kind.as_str(),
                topic: "",
                text: evidence_text(e).unwrap_or(&s.text),
                e,
            });
        }
    }
    for s in &data.stances {
        for e in &s.evidence {
            rows.push(Row {
                ty: "stance",
                id: &s.id,
                who: &s.actor,
                kind: s.stance.as_str(),
                topic: &s.topic,
                text: evidence_text(e).unwrap_or(&e.sentence_text),
                e,
            });
        }
    }
    fn file<'a>(articles: &HashMap<&str, &'a ArticleMeta>, r: &Row<'a>) -> &'a str {
        articles.get(r.e.article.as_str()).map_or(r.e.article.as_str(), |a| file_name(&a.path))
    }
    rows.sort_by(|a, b| {
        (file(&articles, a), a.e.span.start, a.e.span.end, a.ty, a.id)
            .cmp(&(file(&articles, b), b.e.span.start, b.e.span.end, b.ty, b.id))
    });
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
        let mut f = fields(r, &articles, &actors);
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
