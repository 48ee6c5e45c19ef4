//! Every key of a set of rows, without their text: what a capped answer
//! with reviewers' corrections ranks when it must leave out the rows the
//! corrections replace and rank the corrected rows among the rest
//! (`crate::query::indexed_corrected`). Without corrections the capped
//! queries let SQLite rank and count ([`super::index_newest`],
//! [`super::index_ledger_read`]) and never read every key.

use crate::error::Result;
use super::index::Index;
use super::index_ledger::TIMELINE_KEYS;
use super::index_newest::{RowKey, row_key};
use super::index_rows::{parse_date, size};
use super::index_timeline::LedgerKey;

impl Index {
    /// The key and row of every occurrence of these speakers' statements
    /// (through the index on speaker, then on statement).
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
    /// once), from the `topic_sentences` table.
    pub fn statement_keys_on_topic(&self, topic: &str) -> Result<Vec<(RowKey, i64, i64)>> {
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT p.date, p.article, p.sentence_start, p.statement_row, p.stance_row FROM stances st \
                 JOIN topic_sentences p ON p.stance_id = st.id WHERE st.topic = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = q.query_map([topic], |r| Ok(((r.get(0)?, r.get(1)?, r.get(2)?), r.get(3)?, r.get(4)?))).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// A stance's evidence as the ledger orders it (date, article,
    /// sentence start) with its row, in the graph's order, read from the
    /// timeline index alone.
    pub fn ledger_keys(&self, stance: &str) -> Result<Vec<LedgerKey>> {
        let mut q = self.conn.prepare_cached(TIMELINE_KEYS).map_err(|e| self.err(e))?;
        let rows = q
            .query_map([stance], |r| {
                let date = match r.get_ref(0)? {
                    rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_date),
                    _ => None,
                };
                Ok(LedgerKey { date, article: r.get(1)?, sentence_start: size(r.get(2)?), row: r.get(3)? })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }
}
