//! A stance's evidence read from its end, through the index's timeline
//! indexes (see [`super::index`]): the contradictions query needs only a
//! stance's latest claim, denial and other evidence, and the few rows
//! around its latest change of side, never the thousands before them.

use rusqlite::Row;

use crate::error::Result;
use crate::model::{Evidence, Span, Stance, Text};
use super::index::Index;
use super::index_rows::{EVIDENCE_COLUMNS, evidence_at, parse_date, size, stance_kind};

/// Where one stance evidence stands in its stance's timeline: the order
/// the queries read a stance's evidence in (by date, article and
/// sentence, as stored otherwise), and the row it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TimelineKey {
    pub date: Option<String>,
    pub article: String,
    pub sentence_start: i64,
    pub span_start: i64,
    pub span_end: i64,
    pub rule: String,
    pub cue: String,
    pub rowid: i64,
}

/// The columns of [`TimelineKey`], and the order of the timeline indexes.
const KEY_COLUMNS: &str = "date, article, sentence_start, span_start, span_end, rule, cue, rowid";
const KEY_DESC: &str = "date DESC, article DESC, sentence_start DESC, span_start DESC, span_end DESC, rule DESC, cue DESC, rowid DESC";
/// The timeline index's own order, from its end.
const INDEX_DESC: &str = "date DESC, article DESC, sentence_start DESC, span_start DESC, span_end DESC, rule DESC, cue DESC, sentence_end DESC, rowid DESC";

/// An evidence's place in the graph's order ([`crate::model::evidence_key`]).
pub type LedgerRank<'a> = (Option<chrono::NaiveDate>, &'a str, usize);

/// A stance evidence's place in the ledger, and its row (see
/// [`super::index_ledger`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerKey {
    pub date: Option<chrono::NaiveDate>,
    pub article: String,
    pub sentence_start: usize,
    pub row: i64,
}

impl LedgerKey {
    /// The evidence's place in the graph's order ([`crate::model::evidence_key`]).
    pub fn rank(&self) -> LedgerRank<'_> {
        (self.date, &self.article, self.sentence_start)
    }

    /// An evidence holding only this key, its row in place of its
    /// resolution: enough to rank, [`Index::evidence_by_row`] reads the rest.
    pub fn cut(&self) -> Evidence {
        Evidence {
            date: self.date,
            article: self.article.as_str().into(),
            sentence: Span { start: self.sentence_start, end: self.sentence_start },
            span: Span { start: self.sentence_start, end: self.sentence_start },
            rule: Text::default(),
            cue: Text::default(),
            sentence_text: Text::default(),
            resolution: self.row.to_string().into(),
        }
    }
}

impl TimelineKey {
    /// Whether the two are equal in all but their row.
    fn equal_but_row(&self, other: &TimelineKey) -> bool {
        (&self.date, &self.article, self.sentence_start, self.span_start, self.span_end, &self.rule, &self.cue)
            == (&other.date, &other.article, other.sentence_start, other.span_start, other.span_end, &other.rule, &other.cue)
    }

    /// An evidence holding only this key, its row in place of its
    /// resolution (no sentence text, the sentence cut to its start):
    /// enough to rank and pair, [`Index::evidence_by_row`] reads the rest.
    pub fn cut(&self) -> Evidence {
        let sentence = usize::try_from(self.sentence_start).unwrap_or(0);
        Evidence {
            date: self.date.as_deref().and_then(parse_date),
            article: self.article.as_str().into(),
            sentence: Span { start: sentence, end: sentence },
            span: Span { start: size(self.span_start), end: size(self.span_end) },
            rule: self.rule.as_str().into(),
            cue: self.cue.as_str().into(),
            sentence_text: Text::default(),
            resolution: self.rowid.to_string().into(),
        }
    }
}

/// The keys of stance evidence rows (by row, with their stance) as
/// [`TimelineKey::cut`] evidence, by stance id, each stance's in the order
/// the graph keeps them: what [`Index::stance_evidence_rows`] gives, but
/// without reading the rows.
pub fn cut_rows(keys: &std::collections::BTreeMap<i64, (String, TimelineKey)>) -> std::collections::HashMap<String, Vec<Evidence>> {
    let mut out: std::collections::HashMap<String, Vec<Evidence>> = std::collections::HashMap::new();
    // In row order, so rows equal in the graph's order keep it.
    for (stance, k) in keys.values() {
        out.entry(stance.clone()).or_default().push(k.cut());
    }
    for ev in out.values_mut() {
        super::order::sort_evidence(ev);
    }
    out
}

fn key(r: &Row<'_>) -> rusqlite::Result<TimelineKey> {
    Ok(TimelineKey {
        date: r.get(0)?,
        article: r.get(1)?,
        sentence_start: r.get(2)?,
        span_start: r.get(3)?,
        span_end: r.get(4)?,
        rule: r.get(5)?,
        cue: r.get(6)?,
        rowid: r.get(7)?,
    })
}

impl Index {
    /// Every stance (on `topic`, when given), without its evidence, in id order.
    pub fn stance_heads(&self, topic: Option<&str>) -> Result<Vec<Stance>> {
        let mut q = self.conn.prepare_cached("SELECT id, actor, stance, topic FROM stances WHERE ?1 IS NULL OR topic = ?1 ORDER BY id").map_err(|e| self.err(e))?;
        let rows = q
            .query_map([topic], |r| Ok(Stance { id: r.get(0)?, actor: r.get(1)?, stance: stance_kind(&r.get::<_, String>(2)?)?, topic: r.get(3)?, evidence: Vec::new() }))
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// A suffix of a stance's timeline, oldest first, read from its end
    /// (at most `n` rows), and whether it is the whole timeline.
    ///
    /// It is read in the timeline index's own order, which puts
    /// `sentence_end` before the row among rows equal up to the cue: no
    /// sort, which made each read three times dearer. Where that order
    /// differs from the timeline's (among such equals), a cut read may
    /// hold some of the equals at its oldest end and not others, so a cut
    /// read drops those: what is left is exactly the rows after them.
    pub fn timeline_tail(&self, stance: &str, n: usize) -> Result<(Vec<TimelineKey>, bool)> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM stance_evidence INDEXED BY stance_evidence_timeline WHERE stance_id = ?1 ORDER BY {INDEX_DESC} LIMIT ?2");
        let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let rows = q.query_map(rusqlite::params![stance, i64::try_from(n).unwrap_or(i64::MAX)], key).map_err(|e| self.err(e))?;
        let mut out: Vec<TimelineKey> = rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))?;
        let whole = out.len() < n;
        if !whole && let Some(last) = out.last().cloned() {
            out.retain(|k| !k.equal_but_row(&last));
        }
        out.sort_unstable();
        Ok((out, whole))
    }

    /// How many evidences a stance has.
    pub fn stance_evidence_count(&self, stance: &str) -> Result<usize> {
        let mut q = self.conn.prepare_cached("SELECT count(*) FROM stance_evidence WHERE stance_id = ?1").map_err(|e| self.err(e))?;
        q.query_row([stance], |r| r.get::<_, i64>(0)).map(size).map_err(|e| self.err(e))
    }

    /// The last `n` evidences of a stance in its timeline, whole, oldest
    /// first: [`crate::model::newest_evidence`] of its evidence, read
    /// from the end of the timeline index instead of all of it.
    ///
    /// Read in the index's own order (see [`Index::timeline_tail`]), one
    /// row more than asked: unless that row is equal but for its row to
    /// the last one kept (then SQLite sorts the reading), the rows kept
    /// are the timeline's last `n`.
    pub fn newest_stance_evidence(&self, stance: &str, n: usize) -> Result<Vec<Evidence>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        let read = |order: &str, limit: usize| -> Result<Vec<(Option<String>, i64, Evidence)>> {
            let sql = format!("SELECT {EVIDENCE_COLUMNS}, rowid FROM stance_evidence INDEXED BY stance_evidence_timeline WHERE stance_id = ?1 ORDER BY {order} LIMIT ?2");
            let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
            let rows = q
                .query_map(rusqlite::params![stance, i64::try_from(limit).unwrap_or(i64::MAX)], |r| Ok((r.get(1)?, r.get(10)?, evidence_at(r, 0)?)))
                .map_err(|e| self.err(e))?;
            rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
        };
        let mut rows = read(INDEX_DESC, n.saturating_add(1))?;
        if rows.len() > n {
            let key = |(date, _, e): &(Option<String>, i64, Evidence)| (date.clone(), e.article.clone(), e.sentence.start, e.span.start, e.span.end, e.rule.clone(), e.cue.clone());
            if key(&rows[n]) == key(&rows[n - 1]) {
                rows = read(KEY_DESC, n)?;
            } else {
                rows.truncate(n);
            }
        }
        // The timeline's order: the index's, the row in place of the sentence end.
        rows.sort_by(|(da, ra, a), (db, rb, b)| {
            (da, &a.article, a.sentence.start, a.span.start, a.span.end, &a.rule, &a.cue, ra).cmp(&(db, &b.article, b.sentence.start, b.span.start, b.span.end, &b.rule, &b.cue, rb))
        });
        Ok(rows.into_iter().map(|(_, _, e)| e).collect())
    }

    /// A stance's latest evidence of each rule kind (a claim, a denial,
    /// any other), where it has one.
    pub fn latest_by_rule_kind(&self, stance: &str) -> Result<Vec<TimelineKey>> {
        let sql = format!("SELECT {KEY_COLUMNS} FROM stance_evidence WHERE stance_id = ?1 AND rule_kind = ?2 ORDER BY {KEY_DESC} LIMIT 1");
        let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for kind in 0..3 {
            for r in q.query_map(rusqlite::params![stance, kind], key).map_err(|e| self.err(e))? {
                out.push(r.map_err(|e| self.err(e))?);
            }
        }
        Ok(out)
    }

    /// Every stance on `topic` (all when `None`) with its evidence read
    /// from the timeline index alone, in the graph's order, each without
    /// its sentence text and with its row number in place of its
    /// resolution ([`Index::evidence_by_row`] reads the rest): all a
    /// ledger needs to rank and compare evidence, at the cost of the
    /// index's keys instead of 800k sentences at 100k articles.
    pub fn stances_without_text(&self, topic: Option<&str>) -> Result<Vec<Stance>> {
        let mut stances = self.stance_heads(topic)?;
        let sql = "SELECT date, article, sentence_start, span_start, span_end, rule, cue, sentence_end, rowid \
                   FROM stance_evidence INDEXED BY stance_evidence_timeline WHERE stance_id = ?1";
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        for s in &mut stances {
            let rows = q
                .query_map([&s.id], |r| {
                    Ok(Evidence {
                        date: r.get::<_, Option<String>>(0)?.as_deref().and_then(parse_date),
                        article: r.get::<_, String>(1)?.into(),
                        sentence: Span { start: size(r.get(2)?), end: size(r.get(7)?) },
                        span: Span { start: size(r.get(3)?), end: size(r.get(4)?) },
                        rule: r.get::<_, String>(5)?.into(),
                        cue: r.get::<_, String>(6)?.into(),
                        sentence_text: Text::default(),
                        resolution: r.get::<_, i64>(8)?.to_string().into(),
                    })
                })
                .map_err(|e| self.err(e))?;
            s.evidence = rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))?;
            super::order::sort_evidence(&mut s.evidence);
        }
        Ok(stances)
    }

    /// The whole evidence of a row [`Index::stances_without_text`] gave.
    pub fn evidence_by_row(&self, cut: &Evidence) -> Result<Evidence> {
        let row: i64 = cut.resolution.parse().map_err(|_| self.err(rusqlite::Error::InvalidParameterName(format!("not a row: {}", cut.resolution))))?;
        let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM stance_evidence WHERE rowid = ?1");
        let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        q.query_row([row], |r| evidence_at(r, 0)).map_err(|e| self.err(e))
    }

    /// The stance evidence rows `rowids`, by stance id, each stance's in
    /// the order the graph keeps them.
    pub fn stance_evidence_rows(&self, rowids: &std::collections::BTreeSet<i64>) -> Result<std::collections::HashMap<String, Vec<Evidence>>> {
        let sql = format!("SELECT stance_id, {EVIDENCE_COLUMNS} FROM stance_evidence WHERE rowid = ?1");
        let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut out: std::collections::HashMap<String, Vec<Evidence>> = std::collections::HashMap::new();
        // In row order, so rows equal in the graph's order keep it.
        for id in rowids {
            for r in q.query_map([id], |r| Ok((r.get::<_, String>(0)?, evidence_at(r, 1)?))).map_err(|e| self.err(e))? {
                let (stance, e) = r.map_err(|e| self.err(e))?;
                out.entry(stance).or_default().push(e);
            }
        }
        for ev in out.values_mut() {
            super::order::sort_evidence(ev);
        }
        Ok(out)
    }
}
