//! The newest statement occurrences, read from the index for a capped
//! `who-said` (see [`crate::query::limit`]): the keys that order them
//! (date, article, sentence start) without their text, then only the rows
//! a capped answer can show, each with its statement.

use std::collections::BTreeMap;

use crate::error::Result;
use crate::model::Statement;
use super::index::Index;
use super::index_rows::{EVIDENCE_COLUMNS, evidence_at, quote_kind, size};

/// Where a statement evidence stands in the graph's order of evidence:
/// date (`YYYY-MM-DD` orders as the date; undated first, as `None` does),
/// article, sentence start.
pub type RowKey = (Option<String>, String, i64);

fn row_key(r: &rusqlite::Row<'_>) -> rusqlite::Result<(RowKey, i64)> {
    Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?))
}

impl Index {
    /// The key and row of every occurrence of these speakers' statements
    /// (through the index on speaker, then on statement): what ordering
    /// and counting them needs, not their text.
    pub fn statement_keys_by_speakers(&self, speakers: &[String]) -> Result<Vec<(RowKey, i64)>> {
        self.keys_for(
            "SELECT e.date, e.article, e.sentence_start, e.rowid FROM statements s \
             JOIN statement_evidence e ON e.statement_id = s.id WHERE s.speaker = ?1",
            speakers,
        )
    }

    /// The key and row of every occurrence of these statements.
    pub fn statement_keys_by_ids(&self, ids: &[String]) -> Result<Vec<(RowKey, i64)>> {
        self.keys_for("SELECT date, article, sentence_start, rowid FROM statement_evidence WHERE statement_id = ?1", ids)
    }

    /// The keys `sql` (selecting a key and a row) gives for each of `values`.
    fn keys_for(&self, sql: &str, values: &[String]) -> Result<Vec<(RowKey, i64)>> {
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for v in values {
            for r in q.query_map([v], row_key).map_err(|e| self.err(e))? {
                out.push(r.map_err(|e| self.err(e))?);
            }
        }
        Ok(out)
    }

    /// The key and row of every statement occurrence sharing a sentence
    /// with the evidence of a stance on `topic` (an id), each with the
    /// stance evidence row it shares it with (a row may come more than
    /// once). The pairs [`Index::statements_in_topic_sentences`] joins,
    /// read from the `topic_sentences` table, without the text.
    pub fn statement_keys_on_topic(&self, topic: &str) -> Result<Vec<(RowKey, i64, i64)>> {
        let mut q = self
            .conn
            .prepare_cached(
                // The pairs are kept in `topic_sentences` as the index is
                // written: joining the topic's stance evidence with the
                // statement evidence here probed every one of them (0.3 s
                // at 100k articles).
                "SELECT p.date, p.article, p.sentence_start, p.statement_row, p.stance_row FROM stances st \
                 JOIN topic_sentences p ON p.stance_id = st.id WHERE st.topic = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = q.query_map([topic], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?, r.get(4)?))).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// Of these statement ids, those whose text contains `needle` (lower
    /// case) ignoring case, told as `who_said` tells it (the trigram index
    /// folds case its own way, so its finds are checked).
    pub fn statements_naming(&self, candidates: &std::collections::BTreeSet<String>, needle: &str) -> Result<Vec<String>> {
        let mut q = self.conn.prepare_cached("SELECT text FROM statements WHERE id = ?1").map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for id in candidates {
            let text: String = q.query_row([id], |r| r.get(0)).map_err(|e| self.err(e))?;
            if text.to_lowercase().contains(needle) {
                out.push(id.clone());
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
            top.sort_unstable_by_key(|(_, row)| *row);
            top.dedup_by_key(|(_, row)| *row);
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
