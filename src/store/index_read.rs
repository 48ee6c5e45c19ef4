//! What queries ask of the index (see [`super::index`]): the records they
//! need, chosen with the index's B-tree and full-text indexes, as the same
//! model types the graph holds.

use std::collections::BTreeSet;

use crate::error::Result;
use crate::model::{Actor, ArticleMeta, Stance, Statement, TopicInfo};
use super::index::{Index, index_error};
use super::index_newest::gather;
use super::index_rows::{ArticleRow, Merging, read_actors, read_all_stances, read_statement_rows_on_topic, read_stances, read_statements, read_topics};

/// Shortest needle the trigram index can look up; shorter ones are looked
/// for in every statement.
const TRIGRAM: usize = 3;

impl Index {
    pub(crate) fn err(&self, e: rusqlite::Error) -> crate::error::Error {
        index_error(&self.path, e)
    }

    fn strings(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<String>> {
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let rows = q.query_map(args, |r| r.get::<_, String>(0)).map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// Reads pages by copying them in rather than through the memory map
    /// from here on: for a query touching a few thousand pages scattered
    /// over the file, as a capped `who-said` does, a first touch of a
    /// mapped page cost more than copying it (`who-said --about
    /// ceasefire` at 100k articles: 4,800 page faults and 136 ms of CPU
    /// mapped, 1,000 and 85 ms copied), while queries scanning long runs
    /// of pages (a topic's ledger) are faster mapped. SQLite keeps the
    /// map while a mapped page is still held, so this never breaks a read.
    pub fn copy_pages_in(&self) -> Result<()> {
        self.conn.execute_batch("PRAGMA mmap_size = 0;").map_err(|e| self.err(e))
    }

    pub fn actors(&self) -> Result<Vec<Actor>> {
        read_actors(&self.conn).map_err(|e| self.err(e))
    }

    pub fn topics(&self) -> Result<Vec<TopicInfo>> {
        read_topics(&self.conn).map_err(|e| self.err(e))
    }

    /// Every speaker of a statement, once.
    pub fn speakers(&self) -> Result<Vec<String>> {
        self.strings("SELECT DISTINCT speaker FROM statements ORDER BY speaker", [])
    }

    /// Every actor holding a stance, once.
    pub fn stance_actors(&self) -> Result<Vec<String>> {
        self.strings("SELECT DISTINCT actor FROM stances ORDER BY actor", [])
    }

    /// Statements by any of these speakers.
    pub fn statements_by_speakers(&self, speakers: &[String]) -> Result<Vec<Statement>> {
        let mut out = Vec::new();
        for s in speakers {
            out.extend(
                read_statements(&self.conn, "SELECT id, speaker, kind, text FROM statements WHERE speaker = ?1", [s], None)
                    .map_err(|e| self.err(e))?,
            );
        }
        out.sort_by(|a, b| a.id.cmp(&b.id));
        out.dedup_by(|a, b| a.id == b.id);
        Ok(out)
    }

    /// Statements with these ids (unknown ids are left out).
    pub fn statements_by_ids(&self, ids: &BTreeSet<String>) -> Result<Vec<Statement>> {
        self.statements_for(ids, None)
    }

    /// Statements with these ids, with all their evidence or (`merging`)
    /// what a merge of those articles needs of it (see `read_evidence`).
    pub(crate) fn statements_for(&self, ids: &BTreeSet<String>, merging: Option<&BTreeSet<String>>) -> Result<Vec<Statement>> {
        let merging = merging.map(|a| Merging::read(&self.conn, "statement_evidence", a)).transpose().map_err(|e| self.err(e))?;
        let merging = merging.as_ref();
        let mut out = Vec::new();
        for id in ids {
            out.extend(
                read_statements(&self.conn, "SELECT id, speaker, kind, text FROM statements WHERE id = ?1", [id], merging)
                    .map_err(|e| self.err(e))?,
            );
        }
        Ok(out)
    }

    /// Every statement.
    pub fn all_statements(&self) -> Result<Vec<Statement>> {
        read_statements(&self.conn, "SELECT id, speaker, kind, text FROM statements", [], None).map_err(|e| self.err(e))
    }

    /// Ids of the statements whose text may contain `needle` ignoring case:
    /// every one that does, and possibly others (the caller checks). Found
    /// with the trigram full-text index when the needle is long enough.
    pub fn statement_ids_containing(&self, needle: &str) -> Result<BTreeSet<String>> {
        let needle = needle.trim();
        let ids = if needle.chars().count() >= TRIGRAM {
            self.strings(
                "SELECT s.id FROM statement_text JOIN statements s ON s.rowid = statement_text.rowid WHERE statement_text MATCH ?1",
                [phrase(needle)],
            )?
        } else {
            self.strings("SELECT id FROM statements", [])?
        };
        Ok(ids.into_iter().collect())
    }

    /// Ids of the statements whose text contains `needle` ignoring case,
    /// told as `who_said` tells it: the trigram index's finds (when the
    /// needle is long enough; it folds case its own way) checked against
    /// their text, read in the same query.
    pub fn statement_ids_naming(&self, needle: &str) -> Result<Vec<String>> {
        let lower = needle.to_lowercase();
        let trimmed = needle.trim();
        let (sql, args) = if trimmed.chars().count() >= TRIGRAM {
            ("SELECT s.id, s.text FROM statement_text JOIN statements s ON s.rowid = statement_text.rowid WHERE statement_text MATCH ?1", vec![phrase(trimmed)])
        } else {
            ("SELECT id, text FROM statements", Vec::new())
        };
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut out = Vec::new();
        for r in q.query_map(rusqlite::params_from_iter(args), |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))).map_err(|e| self.err(e))? {
            let (id, text) = r.map_err(|e| self.err(e))?;
            if text.to_lowercase().contains(&lower) {
                out.push(id);
            }
        }
        Ok(out)
    }

    /// The statements that share a sentence with a stance on `topic` (an
    /// id), each with only those of its evidences (in the graph's order),
    /// leaving out those `skip` names; and the rows of the stance evidence
    /// they share a sentence with (those `skip` shares one with too).
    pub fn statements_in_topic_sentences(&self, topic: &str, skip: &BTreeSet<String>) -> Result<(Vec<Statement>, BTreeSet<i64>)> {
        let mut shared = BTreeSet::new();
        let mut parts = Vec::new();
        for (row, s) in read_statement_rows_on_topic(&self.conn, topic).map_err(|e| self.err(e))? {
            shared.insert(row);
            if !skip.contains(&s.id) {
                parts.push(s);
            }
        }
        let out = gather(parts);
        Ok((out, shared))
    }

    /// Ids of the statements with evidence in any of these articles.
    pub fn statement_ids_in_articles(&self, articles: &BTreeSet<String>) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for a in articles {
            out.extend(self.strings("SELECT DISTINCT statement_id FROM statement_evidence WHERE article = ?1", [a])?);
        }
        Ok(out)
    }

    /// Ids of the stances with evidence in any of these articles.
    pub fn stance_ids_in_articles(&self, articles: &BTreeSet<String>) -> Result<BTreeSet<String>> {
        let mut out = BTreeSet::new();
        for a in articles {
            out.extend(self.strings("SELECT DISTINCT stance_id FROM stance_evidence WHERE article = ?1", [a])?);
        }
        Ok(out)
    }

    /// Stances with these ids (unknown ids are left out).
    pub fn stances_by_ids(&self, ids: &BTreeSet<String>) -> Result<Vec<Stance>> {
        self.stances_for(ids, None)
    }

    /// Stances with these ids, with all their evidence or (`merging`)
    /// what a merge of those articles needs of it (see `read_evidence`).
    pub(crate) fn stances_for(&self, ids: &BTreeSet<String>, merging: Option<&BTreeSet<String>>) -> Result<Vec<Stance>> {
        let merging = merging.map(|a| Merging::read(&self.conn, "stance_evidence", a)).transpose().map_err(|e| self.err(e))?;
        let merging = merging.as_ref();
        let mut out = Vec::new();
        for id in ids {
            out.extend(read_stances(&self.conn, "SELECT id, actor, stance, topic FROM stances WHERE id = ?1", [id], merging).map_err(|e| self.err(e))?);
        }
        Ok(out)
    }

    /// Every distinct value of `column` in `table` (names from this crate only).
    pub(crate) fn distinct(&self, table: &str, column: &str) -> Result<Vec<String>> {
        self.strings(&format!("SELECT DISTINCT {column} FROM {table}"), [])
    }

    pub(crate) fn count(&self, table: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0)).map_err(|e| self.err(e))?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// The `articles` rows of these ids: metadata and the rules hash.
    pub(crate) fn article_rows(&self, ids: &BTreeSet<&str>) -> Result<Vec<ArticleRow>> {
        let mut q = self
            .conn
            .prepare_cached("SELECT id, path, title, date, source, hash, len, rules_hash, byline FROM articles WHERE id = ?1")
            .map_err(|e| self.err(e))?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            for r in q.query_map([id], ArticleRow::read).map_err(|e| self.err(e))? {
                out.push(r.map_err(|e| self.err(e))?);
            }
        }
        Ok(out)
    }

    /// Stances on `topic` (an id; all when `None`) held by one of `actors`
    /// (all when `None`).
    pub fn stances(&self, topic: Option<&str>, actors: Option<&[String]>) -> Result<Vec<Stance>> {
        let cols = "SELECT id, actor, stance, topic FROM stances";
        let read = |sql: &str, args: &[&dyn rusqlite::ToSql]| read_stances(&self.conn, sql, args, None).map_err(|e| self.err(e));
        match (topic, actors) {
            (None, None) => read_all_stances(&self.conn).map_err(|e| self.err(e)),
            (Some(t), None) => read(&format!("{cols} WHERE topic = ?1"), &[&t]),
            (t, Some(actors)) => {
                let mut out = Vec::new();
                for a in actors {
                    match t {
                        Some(t) => out.extend(read(&format!("{cols} WHERE actor = ?1 AND topic = ?2"), &[a, &t])?),
                        None => out.extend(read(&format!("{cols} WHERE actor = ?1"), &[a])?),
                    }
                }
                out.sort_by(|a, b| a.id.cmp(&b.id));
                out.dedup_by(|a, b| a.id == b.id);
                Ok(out)
            }
        }
    }

    /// The articles with these ids, in id order.
    pub fn articles_by_ids(&self, ids: &BTreeSet<&str>) -> Result<Vec<ArticleMeta>> {
        Ok(self.article_rows(ids)?.into_iter().map(ArticleRow::meta).collect())
    }
}

/// `needle` as one FTS5 string: every character literal, quotes doubled.
fn phrase(needle: &str) -> String {
    format!("\"{}\"", needle.replace('"', "\"\""))
}
