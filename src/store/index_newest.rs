//! The newest statement occurrences, read from the index for a capped
//! `who-said` (see [`crate::query::limit`]): the keys that order them
//! (date, article, sentence start) without their text, then only the rows
//! a capped answer can show, each with its statement.

use std::collections::{BTreeMap, BTreeSet};

use rusqlite::types::ValueRef;

use crate::error::Result;
use crate::model::Statement;
use super::index::Index;
use super::index_rows::{EVIDENCE_COLUMNS, evidence_at, quote_kind, size};

/// Where a statement evidence stands in the graph's order of evidence:
/// date (`YYYY-MM-DD` orders as the date; undated first, as `None` does),
/// article, sentence start.
pub type RowKey = (Option<String>, String, i64);

pub(super) fn row_key(r: &rusqlite::Row<'_>) -> rusqlite::Result<(RowKey, i64)> {
    Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
}

/// `values` as the JSON array `json_each` reads.
fn json_list(values: &[String]) -> String {
    serde_json::Value::from(values).to_string()
}

/// The newest rows of a stream of keyed rows, as [`keep_at_or_after`]
/// keeps them, chosen while the stream is read: a key becomes strings
/// only when it is at or after the `cap`-th newest seen so far (turning
/// every key of a capped `--about` into strings, 200k at 100k articles,
/// was most of the query).
struct Newest {
    cap: usize,
    /// The oldest key kept once `cap` rows are: older ones are passed by.
    floor: Option<RowKey>,
    keys: Vec<(RowKey, i64)>,
    /// How many keys to hold before cutting them down again: at least
    /// twice what the last cut kept (ties may keep many), so each key is
    /// cut a bounded number of times.
    cut_at: usize,
}

impl Newest {
    fn new(cap: usize) -> Self {
        Newest { cap, floor: None, keys: Vec::new(), cut_at: cap.saturating_mul(2).max(64) }
    }

    fn offer(&mut self, date: Option<&str>, article: &str, start: i64, row: i64) {
        if self.cap == 0 {
            return;
        }
        if let Some((d, a, s)) = &self.floor
            && (date, article, start) < (d.as_deref(), a.as_str(), *s)
        {
            return;
        }
        self.keys.push(((date.map(str::to_string), article.to_string(), start), row));
        if self.keys.len() >= self.cut_at {
            self.cut();
        }
    }

    fn cut(&mut self) {
        unique_rows(&mut self.keys);
        keep_at_or_after(&mut self.keys, self.cap);
        if self.keys.len() >= self.cap {
            self.floor = self.keys.iter().map(|(k, _)| k).min().cloned();
        }
        self.cut_at = self.cut_at.max(self.keys.len().saturating_mul(2));
    }

    fn finish(mut self) -> Vec<(RowKey, i64)> {
        self.cut();
        self.keys
    }
}

/// `keys` with each row once (a row read from two sources, or once per
/// stance evidence sharing its sentence, has one key).
pub fn unique_rows(keys: &mut Vec<(RowKey, i64)>) {
    keys.sort_unstable_by_key(|(_, row)| *row);
    keys.dedup_by_key(|(_, row)| *row);
}

/// Of `keys` (a sort key and the row it names), those at or after the
/// `cap`-th largest key: a superset of the newest `cap` rows however
/// equal keys are ordered. All of them when there are no more than `cap`.
pub fn keep_at_or_after<K: Ord + Clone>(keys: &mut Vec<(K, i64)>, cap: usize) {
    if cap == 0 {
        keys.clear();
    } else if keys.len() > cap {
        keys.select_nth_unstable_by(cap - 1, |a, b| b.0.cmp(&a.0));
        let floor = keys[cap - 1].0.clone();
        keys.retain(|(k, _)| *k >= floor);
    }
}

/// How many distinct values `rows` holds: rowids, marked in a bitmap
/// when they are dense enough (sorting the 200k rows of a capped `--about`
/// at 100k articles was a twentieth of the query), else sorted.
fn distinct(rows: &[i64]) -> usize {
    let top = rows.iter().copied().max().and_then(|m| usize::try_from(m).ok());
    match top {
        Some(top) if top / 64 <= rows.len().saturating_mul(4) && rows.iter().all(|&r| r >= 0) => {
            let mut seen = vec![0u64; top / 64 + 1];
            let mut n = 0;
            for &r in rows {
                let r = usize::try_from(r).unwrap_or_default();
                let (word, bit) = (r / 64, 1u64 << (r % 64));
                n += usize::from(seen[word] & bit == 0);
                seen[word] |= bit;
            }
            n
        }
        _ => {
            let mut sorted = rows.to_vec();
            sorted.sort_unstable();
            sorted.dedup();
            sorted.len()
        }
    }
}

/// Column `i` of `r`, text or NULL, borrowed from the row.
fn text<'r>(r: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Option<&'r str>> {
    match r.get_ref(i)? {
        ValueRef::Null => Ok(None),
        ValueRef::Text(t) => std::str::from_utf8(t).map(Some).map_err(|e| rusqlite::Error::Utf8Error(i, e)),
        other => Err(rusqlite::Error::InvalidColumnType(i, String::new(), other.data_type())),
    }
}

impl Index {
    /// The key and row of the occurrences of these speakers' statements a
    /// capped answer of `cap` rows can hold (see [`keep_at_or_after`]),
    /// and how many occurrences they have in all. SQLite ranks them
    /// through the indexes (newest `cap` first, then those sharing the
    /// last one's key), so only those keys become strings; the rows left
    /// unread are older than every row read. Each row comes once: a row
    /// has one statement, a statement one speaker.
    pub fn newest_by_speakers(&self, speakers: &[String], cap: usize) -> Result<(Vec<(RowKey, i64)>, usize)> {
        let list = json_list(speakers);
        let total: i64 = self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM statements s JOIN statement_evidence e ON e.statement_id = s.id \
                 WHERE s.speaker IN (SELECT value FROM json_each(?1))",
            )
            .and_then(|mut q| q.query_row([&list], |r| r.get(0)))
            .map_err(|e| self.err(e))?;
        let total = usize::try_from(total).unwrap_or(0);
        if cap == 0 {
            return Ok((Vec::new(), total));
        }
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT e.date, e.article, e.sentence_start, e.rowid FROM statements s JOIN statement_evidence e ON e.statement_id = s.id \
                 WHERE s.speaker IN (SELECT value FROM json_each(?1)) ORDER BY e.date DESC, e.article DESC, e.sentence_start DESC LIMIT ?2",
            )
            .map_err(|e| self.err(e))?;
        let mut keys: Vec<(RowKey, i64)> = q
            .query_map(rusqlite::params![list, i64::try_from(cap).unwrap_or(i64::MAX)], row_key)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        if let (Some(((date, article, start), _)), true) = (keys.last().cloned(), keys.len() < total) {
            let mut q = self
                .conn
                .prepare_cached(
                    // Named: SQLite took the index on date, and read every
                    // row of the day.
                    "SELECT e.date, e.article, e.sentence_start, e.rowid FROM statement_evidence e INDEXED BY statement_evidence_sentence \
                     JOIN statements s ON s.id = e.statement_id \
                     WHERE e.date IS ?2 AND e.article = ?3 AND e.sentence_start = ?4 AND s.speaker IN (SELECT value FROM json_each(?1))",
                )
                .map_err(|e| self.err(e))?;
            for r in q.query_map(rusqlite::params![list, date, article, start], row_key).map_err(|e| self.err(e))? {
                keys.push(r.map_err(|e| self.err(e))?);
            }
            unique_rows(&mut keys);
        }
        Ok((keys, total))
    }

    /// For a capped `--about`: the key and row of the occurrences a
    /// capped answer of `cap` rows can hold, of the statements with these
    /// ids and (with a `topic`, an id) of those sharing a sentence with a
    /// stance on it, and how many rows those are in all (each once,
    /// counted from their rows read as integers).
    ///
    /// The topic's pairs are kept in `topic_sentences` as the index is
    /// written (joining the topic's stance evidence with the statement
    /// evidence here probed every one of them: 0.3 s at 100k articles);
    /// SQLite ranks them through their covering index. The statements'
    /// occurrences are read in one pass, scattered over the index as they
    /// are: reading them twice, to rank and to count, cost as much again.
    pub fn newest_about(&self, ids: &[String], topic: Option<&str>, cap: usize) -> Result<(Vec<(RowKey, i64)>, usize)> {
        let mut newest = Newest::new(cap);
        let mut rows = Vec::new();
        if let Some(t) = topic {
            // First, so that most of the statements' keys fall below
            // the newest already seen and never become strings.
            for ((date, article, start), row) in self.newest_on_topic(t, cap)? {
                newest.offer(date.as_deref(), &article, start, row);
            }
            let mut q = self
                .conn
                .prepare_cached("SELECT statement_row FROM topic_sentences WHERE stance_id IN (SELECT id FROM stances WHERE topic = ?1)")
                .map_err(|e| self.err(e))?;
            for r in q.query_map([t], |r| r.get(0)).map_err(|e| self.err(e))? {
                rows.push(r.map_err(|e| self.err(e))?);
            }
        }
        let mut q = self
            .conn
            .prepare_cached("SELECT date, article, sentence_start, rowid FROM statement_evidence WHERE statement_id IN (SELECT value FROM json_each(?1))")
            .map_err(|e| self.err(e))?;
        let mut found = q.query([json_list(ids)]).map_err(|e| self.err(e))?;
        let offer = |r: &rusqlite::Row<'_>, newest: &mut Newest| -> rusqlite::Result<i64> {
            let row: i64 = r.get(3)?;
            let article = text(r, 1)?.unwrap_or_default();
            newest.offer(text(r, 0)?, article, r.get(2)?, row);
            Ok(row)
        };
        while let Some(r) = found.next().map_err(|e| self.err(e))? {
            rows.push(offer(r, &mut newest).map_err(|e| self.err(e))?);
        }
        Ok((newest.finish(), distinct(&rows)))
    }

    /// The key and row of the occurrences sharing a sentence with a
    /// stance on `topic` (an id) that a capped answer of `cap` rows can
    /// hold, newest first: at least `cap` distinct rows (a row comes once
    /// per stance evidence sharing its sentence) or all there are, then
    /// every row sharing the last one's key. The rows left unread are
    /// older than every row read, so the `cap` newest of any union with
    /// them are among those read.
    fn newest_on_topic(&self, topic: &str, cap: usize) -> Result<Vec<(RowKey, i64)>> {
        if cap == 0 {
            return Ok(Vec::new());
        }
        let mut limit = cap;
        loop {
            let mut q = self
                .conn
                .prepare_cached(
                    "SELECT date, article, sentence_start, statement_row FROM topic_sentences \
                     WHERE stance_id IN (SELECT id FROM stances WHERE topic = ?1) ORDER BY date DESC, article DESC, sentence_start DESC LIMIT ?2",
                )
                .map_err(|e| self.err(e))?;
            let mut keys: Vec<(RowKey, i64)> = q
                .query_map(rusqlite::params![topic, i64::try_from(limit).unwrap_or(i64::MAX)], row_key)
                .map_err(|e| self.err(e))?
                .collect::<rusqlite::Result<_>>()
                .map_err(|e| self.err(e))?;
            if keys.len() < limit {
                return Ok(keys);
            }
            unique_rows(&mut keys);
            if keys.len() < cap {
                limit = limit.saturating_mul(2);
                continue;
            }
            if let Some((date, article, start)) = keys.iter().map(|(k, _)| k).min().cloned() {
                let mut q = self
                    .conn
                    .prepare_cached(
                        "SELECT date, article, sentence_start, statement_row FROM topic_sentences \
                         WHERE stance_id IN (SELECT id FROM stances WHERE topic = ?1) AND date IS ?2 AND article = ?3 AND sentence_start = ?4",
                    )
                    .map_err(|e| self.err(e))?;
                for r in q.query_map(rusqlite::params![topic, date, article, start], row_key).map_err(|e| self.err(e))? {
                    keys.push(r.map_err(|e| self.err(e))?);
                }
            }
            return Ok(keys);
        }
    }

    /// Of the stances on `topic` (an id), the evidence rows sharing a
    /// sentence with these statement occurrences.
    pub fn stance_rows_sharing(&self, topic: &str, rows: &[i64]) -> Result<BTreeSet<i64>> {
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT p.stance_row FROM topic_sentences p JOIN stances st ON st.id = p.stance_id \
                 WHERE p.statement_row = ?1 AND st.topic = ?2",
            )
            .map_err(|e| self.err(e))?;
        let mut out = BTreeSet::new();
        for row in rows {
            for r in q.query_map(rusqlite::params![row, topic], |r| r.get(0)).map_err(|e| self.err(e))? {
                out.insert(r.map_err(|e| self.err(e))?);
            }
        }
        Ok(out)
    }

    /// Of all statement occurrences, the keys and rows at or after the
    /// `cap`-th newest (the newest `cap` through the index on date, and
    /// every row sharing the last one's key), and how many there are in all.
    pub fn newest_statement_keys(&self, cap: usize) -> Result<(Vec<(RowKey, i64)>, usize)> {
        let total = self.count("statement_evidence")?;
        let mut q = self
            .conn
            .prepare_cached(
                // Named: without it SQLite sorted the whole table (0.3 s,
                // 800 MB mapped at 100k articles) rather than walk the
                // date index from its end and sort within the last days.
                "SELECT date, article, sentence_start, rowid FROM statement_evidence INDEXED BY statement_evidence_date \
                 ORDER BY date DESC, article DESC, sentence_start DESC LIMIT ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut top: Vec<(RowKey, i64)> = q
            .query_map([i64::try_from(cap).unwrap_or(i64::MAX)], row_key)
            .map_err(|e| self.err(e))?
            .collect::<rusqlite::Result<_>>()
            .map_err(|e| self.err(e))?;
        if let (Some((last, _)), true) = (top.last().cloned(), top.len() < total) {
            let mut q = self
                .conn
                .prepare_cached("SELECT rowid FROM statement_evidence WHERE article = ?1 AND sentence_start = ?2 AND date IS ?3")
                .map_err(|e| self.err(e))?;
            for r in q.query_map(rusqlite::params![last.1, last.2, last.0], |r| r.get(0)).map_err(|e| self.err(e))? {
                top.push((last.clone(), r.map_err(|e| self.err(e))?));
            }
            unique_rows(&mut top);
        }
        Ok((top, total))
    }

    /// The text of statement `id` and how many occurrences it has; `None`
    /// when the index has no such statement.
    pub fn statement_text_and_count(&self, id: &str) -> Result<Option<(String, usize)>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT s.text, (SELECT count(*) FROM statement_evidence e WHERE e.statement_id = s.id) FROM statements s WHERE s.id = ?1")
            .map_err(|e| self.err(e))?;
        match q.query_row([id], |r| Ok((r.get::<_, String>(0)?, size(r.get(1)?)))) {
            Ok(found) => Ok(Some(found)),
            Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
            Err(e) => Err(self.err(e)),
        }
    }

    /// How many statement occurrences these articles hold (through the
    /// index on article).
    pub fn statement_rows_in(&self, articles: &[String]) -> Result<usize> {
        let mut q = self.conn.prepare_cached("SELECT count(*) FROM statement_evidence WHERE article = ?1").map_err(|e| self.err(e))?;
        let mut n = 0;
        for a in articles {
            let c: i64 = q.query_row([a], |r| r.get(0)).map_err(|e| self.err(e))?;
            n += usize::try_from(c).unwrap_or(0);
        }
        Ok(n)
    }

    /// The statements of these evidence rows, each holding only those
    /// rows (in the graph's order), in id order as in the graph.
    pub fn statements_with_rows(&self, rows: &[i64]) -> Result<Vec<Statement>> {
        let sql = format!("SELECT s.id, s.speaker, s.kind, s.text, {} FROM statement_evidence e JOIN statements s ON s.id = e.statement_id WHERE e.rowid = ?1", prefixed());
        let mut q = self.conn.prepare_cached(&sql).map_err(|e| self.err(e))?;
        let mut parts = Vec::with_capacity(rows.len());
        let mut sorted = rows.to_vec();
        // In row order, so rows equal in the graph's order keep it.
        sorted.sort_unstable();
        for row in sorted {
            let found = q.query_row([row], |r| {
                let kind: String = r.get(2)?;
                Ok(Statement { id: r.get(0)?, speaker: r.get(1)?, kind: quote_kind(&kind)?, text: r.get(3)?, evidence: vec![evidence_at(r, 4)?] })
            });
            match found {
                Ok(s) => parts.push(s),
                Err(rusqlite::Error::QueryReturnedNoRows) => {}
                Err(e) => return Err(self.err(e)),
            }
        }
        Ok(gather(parts))
    }
}

/// Statements read one evidence row at a time, joined into one per id
/// (in id order, as in the graph), each's evidence in the graph's order.
pub(crate) fn gather(parts: impl IntoIterator<Item = Statement>) -> Vec<Statement> {
    let mut by_id: BTreeMap<String, Statement> = BTreeMap::new();
    for s in parts {
        match by_id.get_mut(&s.id) {
            Some(known) => known.evidence.extend(s.evidence),
            None => {
                by_id.insert(s.id.clone(), s);
            }
        }
    }
    let mut out: Vec<Statement> = by_id.into_values().collect();
    for s in &mut out {
        super::order::sort_evidence(&mut s.evidence);
    }
    out
}

/// [`EVIDENCE_COLUMNS`] of the evidence table aliased `e`.
fn prefixed() -> String {
    EVIDENCE_COLUMNS.split(", ").map(|c| format!("e.{c}")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn key(day: u8, article: u8, start: u8) -> RowKey {
        ((day > 0).then(|| format!("2024-01-{day:02}")), format!("art-{article}"), i64::from(start))
    }

    proptest! {
        /// Chosen while read, in any order, with rows offered twice and
        /// many ties: the rows at or after the `cap`-th newest of all of
        /// them, each once, as ranking the whole stream gives.
        #[test]
        fn newest_while_read_keeps_what_ranking_all_keeps(
            stream in prop::collection::vec(0u8..90, 0..400),
            cap in 0usize..50,
        ) {
            // A row has one key, whichever source offers it.
            let offered: Vec<(RowKey, i64)> = stream.iter().map(|&r| (key(r % 4, r % 3, r % 5 / 2), i64::from(r))).collect();
            let mut newest = Newest::new(cap);
            for ((date, article, start), row) in &offered {
                newest.offer(date.as_deref(), article, *start, *row);
            }
            let mut got: Vec<i64> = newest.finish().into_iter().map(|(_, row)| row).collect();
            got.sort_unstable();
            let mut all = offered.clone();
            unique_rows(&mut all);
            keep_at_or_after(&mut all, cap);
            let mut want: Vec<i64> = all.into_iter().map(|(_, row)| row).collect();
            want.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }

    proptest! {
        /// Dense rows (the bitmap), sparse or negative ones (sorted): the
        /// same count as sorting them.
        #[test]
        fn distinct_counts_as_sorting_does(rows in prop::collection::vec(prop_oneof![0i64..300, -5i64..5, 0i64..i64::MAX], 0..200)) {
            let mut sorted = rows.clone();
            sorted.sort_unstable();
            sorted.dedup();
            prop_assert_eq!(distinct(&rows), sorted.len());
        }
    }

    #[test]
    fn ties_past_the_cut_are_all_kept_and_older_rows_passed_by() {
        let mut newest = Newest::new(2);
        // 200 rows of one key force cuts that keep them all; an older row
        // after them is passed by, a newer one kept.
        for row in 0..200 {
            newest.offer(Some("2024-01-02"), "b", 5, row);
        }
        newest.offer(Some("2024-01-01"), "z", 9, 500);
        newest.offer(None, "z", 9, 501);
        assert_eq!(newest.keys.len(), 200);
        newest.offer(Some("2024-01-02"), "c", 0, 600);
        newest.offer(Some("2024-01-03"), "a", 0, 601);
        let mut rows: Vec<i64> = newest.finish().into_iter().map(|(_, row)| row).collect();
        rows.sort_unstable();
        assert_eq!(rows, vec![600, 601]);
    }
}
