//! The ledger's tables read for a capped `ledger` (see
//! [`super::index_ledger`], which writes them): every (actor, topic)'s
//! count of moves and latest evidence, and the newest moves.

use std::collections::HashMap;

use crate::error::Result;
use crate::model::StanceKind;
use super::index::Index;
use super::index_rows::{parse_date, size, stance_kind};
use super::index_timeline::LedgerKey;

/// An (actor, topic) of the ledger: its number of changes of stance and
/// its latest evidence.
#[derive(Debug, Clone)]
pub struct LedgerGroup {
    pub id: i64,
    pub actor: String,
    pub topic: String,
    pub moves: usize,
    pub last: LedgerKey,
    pub stance: StanceKind,
}

/// A stored change of stance: the key of the evidence it moved to, its
/// group, and the rows it moved from and to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMove {
    pub to: LedgerKey,
    pub group: i64,
    pub from_row: i64,
}

/// Where a stance evidence stands among evidence of equal
/// [`LedgerKey::rank`] in its timeline: its stance (demands first), then
/// the timeline index's order.
pub type TieKey = (StanceKind, i64, i64, String, String, i64, i64);

fn date_of(v: rusqlite::types::ValueRef<'_>) -> Option<chrono::NaiveDate> {
    match v {
        rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).ok().and_then(parse_date),
        _ => None,
    }
}

impl Index {
    /// Every (actor, topic) of the ledger (on `topic` when given), in no
    /// particular order.
    pub fn ledger_groups(&self, topic: Option<&str>) -> Result<Vec<LedgerGroup>> {
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT g.id, g.actor, g.topic, g.moves, e.date, e.article, e.sentence_start, g.last_row, s.stance \
                   FROM ledger_groups g JOIN stance_evidence e ON e.rowid = g.last_row JOIN stances s ON s.id = e.stance_id \
                  WHERE ?1 IS NULL OR g.topic = ?1",
            )
            .map_err(|e| self.err(e))?;
        let rows = q
            .query_map([topic], |r| {
                Ok(LedgerGroup {
                    id: r.get(0)?,
                    actor: r.get(1)?,
                    topic: r.get(2)?,
                    moves: size(r.get(3)?),
                    last: LedgerKey { date: date_of(r.get_ref(4)?), article: r.get(5)?, sentence_start: size(r.get(6)?), row: r.get(7)? },
                    stance: stance_kind(&r.get::<_, String>(8)?)?,
                })
            })
            .map_err(|e| self.err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.err(e))
    }

    /// The stored changes of stance (of the groups `of`, all when `None`)
    /// whose key is at or after the `cap`-th newest: a superset of the
    /// newest `cap` however equal keys are ordered. `of` maps each group
    /// to its number of changes, by which the cheaper read is chosen: the
    /// newest of all, skipping other groups, or each group's newest.
    pub fn newest_moves(&self, of: Option<&HashMap<i64, usize>>, cap: usize) -> Result<Vec<StoredMove>> {
        if cap == 0 {
            return Ok(Vec::new());
        }
        let cols = "date, article, sentence_start, group_id, from_row, to_row";
        let desc = "date DESC, article DESC, sentence_start DESC, group_id DESC, from_row DESC, to_row DESC";
        let read = |r: &rusqlite::Row<'_>| {
            Ok(StoredMove {
                to: LedgerKey { date: date_of(r.get_ref(0)?), article: r.get(1)?, sentence_start: size(r.get(2)?), row: r.get(5)? },
                group: r.get(3)?,
                from_row: r.get(4)?,
            })
        };
        let Some(of) = of else {
            let sql = format!("SELECT {cols} FROM ledger_moves INDEXED BY ledger_moves_newest ORDER BY {desc}");
            return self.take_newest(&sql, [], cap, read, |_| true);
        };
        let wanted: usize = of.values().sum();
        let all: usize = self.conn.query_row("SELECT coalesce(sum(moves), 0) FROM ledger_groups", [], |r| r.get::<_, i64>(0)).map(size).map_err(|e| self.err(e))?;
        // Rows read either way: the walk over all meets the groups' rows
        // in proportion to their share.
        let walk = cap.saturating_mul(all) / wanted.max(1);
        let each: usize = of.values().map(|&n| n.min(cap)).sum();
        if walk <= each {
            let sql = format!("SELECT {cols} FROM ledger_moves INDEXED BY ledger_moves_newest ORDER BY {desc}");
            return self.take_newest(&sql, [], cap, read, |m| of.contains_key(&m.group));
        }
        let sql = format!("SELECT {cols} FROM ledger_moves INDEXED BY ledger_moves_group WHERE group_id = ?1 ORDER BY {desc}");
        let mut out = Vec::new();
        for &group in of.keys() {
            out.extend(self.take_newest(&sql, [group], cap, read, |_| true)?);
        }
        if out.len() > cap {
            let mut ranks: Vec<_> = out.iter().map(|m| m.to.rank()).collect();
            ranks.select_nth_unstable_by(cap - 1, |a, b| b.cmp(a));
            let (date, article, start) = ranks[cap - 1];
            let article = article.to_string();
            out.retain(|m| m.to.rank() >= (date, article.as_str(), start));
        }
        Ok(out)
    }

    /// The rows `sql` gives newest first that `keep` keeps, until `cap`
    /// are taken and the key changes.
    fn take_newest<P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        cap: usize,
        read: impl Fn(&rusqlite::Row<'_>) -> rusqlite::Result<StoredMove>,
        keep: impl Fn(&StoredMove) -> bool,
    ) -> Result<Vec<StoredMove>> {
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.err(e))?;
        let mut rows = q.query(params).map_err(|e| self.err(e))?;
        let mut out: Vec<StoredMove> = Vec::new();
        while let Some(r) = rows.next().map_err(|e| self.err(e))? {
            let m = read(r).map_err(|e| self.err(e))?;
            if !keep(&m) {
                continue;
            }
            if out.len() >= cap && out.last().is_some_and(|l| l.to.rank() != m.to.rank()) {
                break;
            }
            out.push(m);
        }
        Ok(out)
    }

    /// The keys of the stance evidence rows `rows`: as [`LedgerKey`], and
    /// where each stands among equals ([`TieKey`]).
    pub fn ledger_row_keys(&self, rows: &std::collections::BTreeSet<i64>) -> Result<HashMap<i64, (LedgerKey, TieKey)>> {
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT e.date, e.article, e.sentence_start, s.stance, e.span_start, e.span_end, e.rule, e.cue, e.sentence_end \
                   FROM stance_evidence e JOIN stances s ON s.id = e.stance_id WHERE e.rowid = ?1",
            )
            .map_err(|e| self.err(e))?;
        let mut out = HashMap::new();
        for &row in rows {
            let got = q.query_row([row], |r| {
                let key = LedgerKey { date: date_of(r.get_ref(0)?), article: r.get(1)?, sentence_start: size(r.get(2)?), row };
                let tie = (stance_kind(&r.get::<_, String>(3)?)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?, row);
                Ok((key, tie))
            });
            out.insert(row, got.map_err(|e| self.err(e))?);
        }
        Ok(out)
    }
}
