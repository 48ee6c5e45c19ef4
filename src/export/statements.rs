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
    let order = RecordOrder::new(data, statements, stances);
    order.rows(0..order.len())
}

/// Where a record comes from: its file, position, type and id (the order
/// of [`records`]), and which stance (or statement) and evidence it is.
type RecordKey<'a> = (&'a str, usize, usize, &'static str, &'a str, bool, usize, usize);

/// The order of [`records_of`] found on a small key per row, so that rows
/// can be built a slice at a time: the Parquet export of a 100k-article
/// graph (2.9M rows of 25 fields) never holds them all.
pub struct RecordOrder<'a> {
    data: &'a GraphData,
    look: Lookup<'a>,
    keys: Vec<RecordKey<'a>>,
}

impl<'a> RecordOrder<'a> {
    pub fn new(data: &'a GraphData, statements: bool, stances: bool) -> Self {
        let look = Lookup::new(data);
        let file = |e: &'a Evidence| look.articles.get(e.article.as_str()).map_or(e.article.as_str(), |a| file_name(&a.path));
        let mut keys: Vec<RecordKey<'a>> = Vec::new();
        for (i, s) in data.statements.iter().enumerate().filter(|_| statements) {
            keys.extend(s.evidence.iter().enumerate().map(|(j, e)| (file(e), e.span.start, e.span.end, "statement", s.id.as_str(), false, i, j)));
        }
        for (i, s) in data.stances.iter().enumerate().filter(|_| stances) {
            keys.extend(s.evidence.iter().enumerate().map(|(j, e)| (file(e), e.span.start, e.span.end, "stance", s.id.as_str(), true, i, j)));
        }
        // Stable, as the rows' own sort was: equal keys keep graph order.
        keys.sort_by(|a, b| (a.0, a.1, a.2, a.3, a.4).cmp(&(b.0, b.1, b.2, b.3, b.4)));
        RecordOrder { data, look, keys }
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The rows at these places in the order.
    pub fn rows(&self, at: std::ops::Range<usize>) -> Vec<Record<'a>> {
        self.keys[at]
            .iter()
            .map(|&(.., stance, i, j)| {
                if stance {
                    let s = &self.data.stances[i];
                    let e = &s.evidence[j];
                    self.look.record("stance", &s.id, &s.actor, s.stance.as_str(), Some(&s.topic), evidence_text(e).unwrap_or(&e.sentence_text), e)
                } else {
                    let s = &self.data.statements[i];
                    let e = &s.evidence[j];
                    self.look.record("statement", &s.id, &s.speaker, s.kind.as_str(), None, evidence_text(e).unwrap_or(&s.text), e)
                }
            })
            .collect()
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QuoteKind, Span, Stance, StanceKind, Statement, Text};

    fn ev(article: &str, start: usize) -> Evidence {
        Evidence {
            article: article.into(),
            span: Span::new(start, start + 5),
            sentence: Span::new(start, start + 20),
            sentence_text: Text::from(format!("Sentence at {start}.")),
            cue: "said".into(),
            rule: "r".into(),
            date: None,
            resolution: Text::default(),
        }
    }

    /// Statements and stances over two articles, listed out of file order
    /// (the later file's article first), with a statement and two stances
    /// at one span: ties the order must break by type and id, stably.
    fn graph() -> GraphData {
        let meta = |id: &str, path: &str| ArticleMeta { id: id.into(), path: path.into(), title: id.into(), date: None, source: None, byline: None, hash: String::new(), len: 100 };
        let st = |id: &str, evidence: Vec<Evidence>| Statement { id: id.into(), speaker: "Ivo Marsh".into(), kind: QuoteKind::Direct, text: "We stay.".into(), evidence };
        let sn = |id: &str, evidence: Vec<Evidence>| Stance { id: id.into(), actor: "Ivo Marsh".into(), stance: StanceKind::Demands, topic: "truce".into(), evidence };
        GraphData {
            articles: vec![meta("a1", "b.txt"), meta("a2", "a.txt")],
            statements: vec![st("st-2", vec![ev("a1", 10), ev("a2", 30)]), st("st-1", vec![ev("a1", 10), ev("a2", 0)])],
            stances: vec![sn("sn-1", vec![ev("a1", 10), ev("a2", 30)]), sn("sn-0", vec![ev("a1", 10)])],
            ..GraphData::default()
        }
    }

    #[test]
    fn record_order_built_a_slice_at_a_time_is_every_row_sorted_at_once() {
        let g = graph();
        let look = Lookup::new(&g);
        let mut want = Vec::new();
        for s in &g.statements {
            want.extend(s.evidence.iter().map(|e| look.record("statement", &s.id, &s.speaker, s.kind.as_str(), None, &s.text, e)));
        }
        for s in &g.stances {
            want.extend(s.evidence.iter().map(|e| look.record("stance", &s.id, &s.actor, s.stance.as_str(), Some(&s.topic), &e.sentence_text, e)));
        }
        let unsorted = want.clone();
        want.sort_by(|a, b| (a.article, a.start, a.end, a.ty, a.id).cmp(&(b.article, b.start, b.end, b.ty, b.id)));
        assert_ne!(unsorted, want, "the graph's own order is not the table's");
        assert_eq!(want[0].article, "a.txt");
        let order = RecordOrder::new(&g, true, true);
        for k in [1, 2, 3, 100] {
            let got: Vec<Record<'_>> = (0..order.len()).step_by(k).flat_map(|s| order.rows(s..(s + k).min(order.len()))).collect();
            assert_eq!(got, want, "slices of {k}");
        }
        let stances = RecordOrder::new(&g, false, true);
        assert!(stances.rows(0..stances.len()).iter().all(|r| r.ty == "stance") && stances.len() == 3);
    }
}
