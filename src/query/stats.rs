//! Counts per outlet and per month: how many articles, statements and
//! stances, and whose voices (by the gender the actor rules give), as
//! media researchers tabulate them.
//!
//! Everything is counted by the article it was found in: a statement
//! occurrence or stance evidence counts for its article's outlet and its
//! article's publication month, so each row's numbers add up over
//! articles. Articles without an outlet count under `(none)`, without a
//! date under `undated`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::model::{Gender, GraphData, QuoteKind, StanceKind};

pub const NO_OUTLET: &str = "(none)";
pub const UNDATED: &str = "undated";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CountRow {
    /// The outlet, the month (`YYYY-MM`), or `total`.
    pub key: String,
    pub articles: usize,
    /// Statement occurrences (one per article a statement is reported in).
    pub statements: usize,
    pub direct: usize,
    pub indirect: usize,
    /// Distinct speakers of those statements.
    pub speakers: usize,
    /// Statement occurrences by speakers the rules mark female / male; the
    /// rest are unknown (discovered speakers, organisations, countries).
    pub statements_female: usize,
    pub statements_male: usize,
    /// Stance evidences.
    pub stances: usize,
    pub demands: usize,
    pub rejects: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub total: CountRow,
    /// Sorted by outlet name, `(none)` last.
    pub by_outlet: Vec<CountRow>,
    /// Oldest month first, `undated` last.
    pub by_month: Vec<CountRow>,
}

#[derive(Default)]
struct Acc {
    row: CountRow,
    speakers: BTreeSet<String>,
}

impl Acc {
    fn finish(mut self, key: String) -> CountRow {
        self.row.key = key;
        self.row.speakers = self.speakers.len();
        self.row
    }
}

pub fn month_key(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| UNDATED.to_string(), |d| format!("{:04}-{:02}", d.year(), d.month()))
}

/// Since/until keep articles published in the window (with either set,
/// undated articles drop out).
pub fn stats(data: &GraphData, since: Option<NaiveDate>, until: Option<NaiveDate>) -> Stats {
    let in_window = |d: Option<NaiveDate>| {
        (since.is_none() && until.is_none())
            || d.is_some_and(|d| since.is_none_or(|s| d >= s) && until.is_none_or(|u| d <= u))
    };
    // Article id → (outlet, month); evidence of articles outside the window
    // (or missing from the graph) is not counted.
    let mut keys: HashMap<&str, (String, String)> = HashMap::new();
    let mut total = Acc::default();
    let mut outlets: BTreeMap<String, Acc> = BTreeMap::new();
    let mut months: BTreeMap<String, Acc> = BTreeMap::new();
    for a in data.articles.iter().filter(|a| in_window(a.date)) {
        let outlet = a.source.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| NO_OUTLET.to_string());
        let month = month_key(a.date);
        total.row.articles += 1;
        outlets.entry(outlet.clone()).or_default().row.articles += 1;
        months.entry(month.clone()).or_default().row.articles += 1;
        keys.insert(a.id.as_str(), (outlet, month));
    }
    let gender: HashMap<&str, Gender> =
        data.actors.iter().filter_map(|a| Some((a.name.as_str(), a.gender?))).collect();
    for s in &data.statements {
        for e in &s.evidence {
            let Some((outlet, month)) = keys.get(e.article.as_str()) else { continue };
            for acc in [&mut total, outlets.entry(outlet.clone()).or_default(), months.entry(month.clone()).or_default()] {
                let r = &mut acc.row;
                r.statements += 1;
                match s.kind {
                    QuoteKind::Direct => r.direct += 1,
                    QuoteKind::Indirect => r.indirect += 1,
                }
                match gender.get(s.speaker.as_str()) {
                    Some(Gender::Female) => r.statements_female += 1,
                    Some(Gender::Male) => r.statements_male += 1,
                    None => {}
                }
                if !acc.speakers.contains(&s.speaker) {
                    acc.speakers.insert(s.speaker.clone());
                }
            }
        }
    }
    for s in &data.stances {
        for e in &s.evidence {
            let Some((outlet, month)) = keys.get(e.article.as_str()) else { continue };
            for acc in [&mut total, outlets.entry(outlet.clone()).or_default(), months.entry(month.clone()).or_default()] {
                let r = &mut acc.row;
                r.stances += 1;
                match s.stance {
                    StanceKind::Demands => r.demands += 1,
                    StanceKind::Rejects => r.rejects += 1,
                }
            }
        }
    }
    let last = |special: &str, map: BTreeMap<String, Acc>| {
        let (mut rows, mut tail): (Vec<CountRow>, Vec<CountRow>) = (Vec::new(), Vec::new());
        for (k, acc) in map {
            if k == special { tail.push(acc.finish(k)) } else { rows.push(acc.finish(k)) }
        }
        rows.extend(tail);
        rows
    };
    Stats {
        total: total.finish("total".to_string()),
        by_outlet: last(NO_OUTLET, outlets),
        by_month: last(UNDATED, months),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, ActorKind, ArticleMeta, Evidence, Span, Stance, Statement};

    fn art(id: &str, date: Option<&str>, source: Option<&str>) -> ArticleMeta {
        ArticleMeta {
            id: id.into(),
            path: format!("{id}.txt"),
            title: id.into(),
            date: date.map(|d| d.parse().unwrap()),
            source: source.map(str::to_string),
            byline: None,
            hash: String::new(),
            len: 10,
        }
    }

    fn ev(article: &str) -> Evidence {
        Evidence {
            article: article.into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            sentence_text: "x".into(),
            cue: String::new().into(),
            rule: "r".into(),
            date: None,
            resolution: String::new().into(),
        }
    }

    fn data() -> GraphData {
        GraphData {
            articles: vec![
                art("a1", Some("2031-05-02"), Some("Gazette")),
                art("a2", Some("2031-05-20"), Some("Herald")),
                art("a3", Some("2031-06-01"), Some("Gazette")),
                art("a4", None, None),
            ],
            actors: vec![Actor {
                name: "Ines".into(),
                kind: ActorKind::Person,
                member_of: None,
                rule: "r".into(),
                gender: Some(Gender::Female),
            }],
            statements: vec![
                Statement {
                    id: "st-1".into(),
                    speaker: "Ines".into(),
                    kind: QuoteKind::Direct,
                    text: "t".into(),
                    evidence: vec![ev("a1"), ev("a3")],
                },
                Statement {
                    id: "st-2".into(),
                    speaker: "Otto".into(),
                    kind: QuoteKind::Indirect,
                    text: "u".into(),
                    evidence: vec![ev("a2"), ev("a4"), ev("gone")],
                },
            ],
            stances: vec![Stance {
                id: "sn-1".into(),
                actor: "Otto".into(),
                stance: StanceKind::Rejects,
                topic: "tolls".into(),
                evidence: vec![ev("a1")],
            }],
            ..GraphData::default()
        }
    }

    #[test]
    fn counts_by_outlet_and_month() {
        let s = stats(&data(), None, None);
        assert_eq!((s.total.articles, s.total.statements, s.total.stances), (4, 4, 1));
        assert_eq!((s.total.statements_female, s.total.statements_male, s.total.speakers), (2, 0, 2));
        let outlets: Vec<(&str, usize, usize)> =
            s.by_outlet.iter().map(|r| (r.key.as_str(), r.articles, r.statements)).collect();
        assert_eq!(outlets, [("Gazette", 2, 2), ("Herald", 1, 1), ("(none)", 1, 1)]);
        let months: Vec<(&str, usize, usize, usize)> =
            s.by_month.iter().map(|r| (r.key.as_str(), r.articles, r.statements, r.rejects)).collect();
        assert_eq!(months, [("2031-05", 2, 2, 1), ("2031-06", 1, 1, 0), ("undated", 1, 1, 0)]);
    }

    #[test]
    fn window_keeps_dated_articles_inside() {
        let s = stats(&data(), Some("2031-05-10".parse().unwrap()), None);
        assert_eq!((s.total.articles, s.total.statements, s.total.stances), (2, 2, 0));
        assert!(s.by_month.iter().all(|r| r.key != UNDATED));
    }
}
