//! The ledger's changes of stance, kept in the index (schema 6): one row
//! per (actor, topic) with its number of changes and its latest evidence
//! (`ledger_groups`), and one row per change (`ledger_moves`). A capped
//! `ledger` then reads its count from the first and its newest rows from
//! an index on the second, instead of every stance's whole timeline (800k
//! keys at 100k articles, to count 417k changes).
//!
//! A change depends on its neighbours in the timeline, so no trigger can
//! keep these rows: triggers only note which (actor, topic) a write
//! touched (`ledger_dirty`), and every writer calls [`refresh`] before it
//! commits, which recomputes those timelines and rewrites only the rows
//! that differ. A full build fills them with [`fill`]. The queries read
//! them through [`super::index_ledger_read`].

use std::collections::HashSet;

use rusqlite::{Connection, params};

use crate::model::StanceKind;
use super::index_rows::stance_kind;

/// Created with the other tables (before a full build's rows).
pub(crate) const LEDGER_TABLES: &str = r#"
CREATE TABLE ledger_groups(id INTEGER PRIMARY KEY, actor TEXT NOT NULL, topic TEXT NOT NULL,
    moves INTEGER NOT NULL, last_row INTEGER NOT NULL, UNIQUE(actor, topic));
CREATE TABLE ledger_moves(group_id INTEGER NOT NULL, date TEXT, article TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, from_row INTEGER NOT NULL, to_row INTEGER NOT NULL);
CREATE TABLE ledger_dirty(actor TEXT NOT NULL, topic TEXT NOT NULL, PRIMARY KEY(actor, topic)) WITHOUT ROWID;
"#;

/// Created after [`fill`]. Both indexes cover every column, so the
/// newest changes (of all, or of a few groups) are read from them alone.
pub(crate) const LEDGER_INDEXES: &str = r#"
CREATE INDEX ledger_moves_newest ON ledger_moves(date, article, sentence_start, group_id, from_row, to_row);
CREATE INDEX ledger_moves_group ON ledger_moves(group_id, date, article, sentence_start, from_row, to_row);
CREATE TRIGGER ledger_dirty_evidence_insert AFTER INSERT ON stance_evidence BEGIN
    INSERT OR IGNORE INTO ledger_dirty SELECT actor, topic FROM stances WHERE id = new.stance_id;
END;
CREATE TRIGGER ledger_dirty_evidence_delete AFTER DELETE ON stance_evidence BEGIN
    INSERT OR IGNORE INTO ledger_dirty SELECT actor, topic FROM stances WHERE id = old.stance_id;
END;
CREATE TRIGGER ledger_dirty_stance_insert AFTER INSERT ON stances BEGIN
    INSERT OR IGNORE INTO ledger_dirty VALUES (new.actor, new.topic);
END;
CREATE TRIGGER ledger_dirty_stance_delete AFTER DELETE ON stances BEGIN
    INSERT OR IGNORE INTO ledger_dirty VALUES (old.actor, old.topic);
END;
"#;

/// One evidence of an (actor, topic) timeline, as stored: its date as the
/// index writes it, so a change row is compared with its stored copy as text.
struct Step {
    date: Option<String>,
    article: String,
    sentence_start: i64,
    row: i64,
    stance: StanceKind,
}

/// A change of stance: the key of the evidence it moved to, and both rows.
type MoveRow = (Option<String>, String, i64, i64, i64);

/// One stance's evidence keys (date, article, sentence start) and rows,
/// in the graph's order, from the timeline index alone.
pub(super) const TIMELINE_KEYS: &str = "SELECT date, article, sentence_start, rowid FROM stance_evidence INDEXED BY stance_evidence_timeline \
     WHERE stance_id = ?1 ORDER BY date, article, sentence_start, span_start, span_end, rule, cue, sentence_end, rowid";

/// The timeline of one (actor, topic), as the ledger orders it: its
/// stances' evidence (`stances` demands first) by date, article and
/// sentence start; of equals, a stance's before the next stance's, and
/// within a stance in the timeline index's order.
fn timeline(conn: &Connection, stances: &[(String, StanceKind)]) -> rusqlite::Result<Vec<Step>> {
    let mut q = conn.prepare_cached(TIMELINE_KEYS)?;
    let mut steps = Vec::new();
    for (id, stance) in stances {
        let rows = q.query_map([id], |r| Ok(Step { date: r.get(0)?, article: r.get(1)?, sentence_start: r.get(2)?, row: r.get(3)?, stance: *stance }))?;
        for r in rows {
            steps.push(r?);
        }
    }
    // Stable: equal keys keep the stance order and the index's order.
    steps.sort_by(|a, b| (&a.date, &a.article, a.sentence_start).cmp(&(&b.date, &b.article, b.sentence_start)));
    Ok(steps)
}

fn moves_of(steps: &[Step]) -> Vec<MoveRow> {
    steps
        .windows(2)
        .filter(|w| w[0].stance != w[1].stance)
        .map(|w| (w[1].date.clone(), w[1].article.clone(), w[1].sentence_start, w[0].row, w[1].row))
        .collect()
}

fn stances_of(conn: &Connection, actor: &str, topic: &str) -> rusqlite::Result<Vec<(String, StanceKind)>> {
    let mut q = conn.prepare_cached("SELECT id, stance FROM stances WHERE actor = ?1 AND topic = ?2")?;
    let rows = q.query_map([actor, topic], |r| Ok((r.get::<_, String>(0)?, stance_kind(&r.get::<_, String>(1)?)?)))?;
    let mut out: Vec<(String, StanceKind)> = rows.collect::<rusqlite::Result<_>>()?;
    out.sort_by_key(|s| s.1);
    Ok(out)
}

fn insert_moves<'m>(conn: &Connection, group: i64, moves: impl IntoIterator<Item = &'m MoveRow>) -> rusqlite::Result<()> {
    let mut q = conn.prepare_cached("INSERT INTO ledger_moves(group_id, date, article, sentence_start, from_row, to_row) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (date, article, start, from, to) in moves {
        q.execute(params![group, date, article, start, from, to])?;
    }
    Ok(())
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Every (actor, topic)'s rows, into empty ledger tables (a full build,
/// once the timeline index exists).
pub(crate) fn fill(conn: &Connection) -> rusqlite::Result<()> {
    let mut q = conn.prepare("SELECT id, actor, topic, stance FROM stances")?;
    let rows = q.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, String>(0)?, stance_kind(&r.get::<_, String>(3)?)?)))?;
    let mut all: Vec<(String, String, String, StanceKind)> = rows.collect::<rusqlite::Result<_>>()?;
    all.sort_by(|a, b| (&a.0, &a.1, a.3).cmp(&(&b.0, &b.1, b.3)));
    let mut group = conn.prepare("INSERT INTO ledger_groups(actor, topic, moves, last_row) VALUES (?1, ?2, ?3, ?4)")?;
    for g in all.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
        let stances: Vec<(String, StanceKind)> = g.iter().map(|s| (s.2.clone(), s.3)).collect();
        let steps = timeline(conn, &stances)?;
        let Some(last) = steps.last() else { continue };
        let moves = moves_of(&steps);
        group.execute(params![g[0].0, g[0].1, count(moves.len()), last.row])?;
        insert_moves(conn, conn.last_insert_rowid(), &moves)?;
    }
    Ok(())
}

/// Brings the rows of every (actor, topic) a write touched (as the
/// triggers noted) in step with its evidence, rewriting only the change
/// rows that differ: an added article costs its timelines' keys, not
/// their rows. Every writer calls it before committing.
pub fn refresh(conn: &Connection) -> rusqlite::Result<()> {
    let dirty: Vec<(String, String)> = {
        let mut q = conn.prepare_cached("SELECT actor, topic FROM ledger_dirty")?;
        q.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?
    };
    for (actor, topic) in &dirty {
        let steps = timeline(conn, &stances_of(conn, actor, topic)?)?;
        let id: Option<i64> = conn
            .prepare_cached("SELECT id FROM ledger_groups WHERE actor = ?1 AND topic = ?2")?
            .query_map([actor, topic], |r| r.get(0))?
            .next()
            .transpose()?;
        let Some(last) = steps.last() else {
            if let Some(id) = id {
                conn.prepare_cached("DELETE FROM ledger_moves WHERE group_id = ?1")?.execute([id])?;
                conn.prepare_cached("DELETE FROM ledger_groups WHERE id = ?1")?.execute([id])?;
            }
            continue;
        };
        let moves = moves_of(&steps);
        let id = match id {
            Some(id) => {
                conn.prepare_cached("UPDATE ledger_groups SET moves = ?2, last_row = ?3 WHERE id = ?1")?.execute(params![id, count(moves.len()), last.row])?;
                id
            }
            None => {
                conn.prepare_cached("INSERT INTO ledger_groups(actor, topic, moves, last_row) VALUES (?1, ?2, ?3, ?4)")?
                    .execute(params![actor, topic, count(moves.len()), last.row])?;
                conn.last_insert_rowid()
            }
        };
        let mut q = conn.prepare_cached("SELECT rowid, date, article, sentence_start, from_row, to_row FROM ledger_moves WHERE group_id = ?1")?;
        let stored: Vec<(i64, MoveRow)> = q.query_map([id], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?))))?.collect::<rusqlite::Result<_>>()?;
        // Whole rows are compared: a rowid SQLite reused for new evidence
        // must not keep an old change's key.
        let now: HashSet<&MoveRow> = moves.iter().collect();
        let kept: HashSet<&MoveRow> = stored.iter().map(|(_, m)| m).filter(|m| now.contains(m)).collect();
        let mut gone = conn.prepare_cached("DELETE FROM ledger_moves WHERE rowid = ?1")?;
        for (rowid, _) in stored.iter().filter(|(_, m)| !kept.contains(m)) {
            gone.execute([rowid])?;
        }
        insert_moves(conn, id, moves.iter().filter(|m| !kept.contains(m)))?;
    }
    conn.execute_batch("DELETE FROM ledger_dirty")
}
