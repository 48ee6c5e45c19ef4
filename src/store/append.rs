//! Adding articles to a large (split) graph at a cost in proportion to
//! them: their extraction records go into one new log part (see
//! [`super::log`]), the manifest gains one line, and the query index is
//! updated for the statements and stances they touch. Nothing else of the
//! graph is read or rewritten.
//!
//! The index stands in for the graph here: the records the merge needs
//! (the articles' stored rows, every statement and stance citing them or
//! sharing an id with what they bring) are read from it, merged by the
//! same merge an ingest runs, and written back; actors and topics are
//! settled over the whole index as the merge settles them over the whole
//! graph. So the index after an append equals a rebuild from the graph
//! with the log replayed (tested).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;

use crate::error::Result;
use crate::model::{GraphData, stance_id, statement_id};
use super::file::{Layout, layout_of};
use super::snapshot::RuleSnapshot;
use super::index::{Index, index_error, open_fresh, seal_of, set_meta};
use super::index_rows::{ArticleRow, write_actors_topics, write_article, write_evidence, write_stance_row, write_statement_row};
use super::log::{LogEntry, LogRecord, LogRules, MAX_LOG_PARTS, discovered, replay};
use super::merge::{settle_actors, settle_topics};
use super::split::{NewPart, PartKind, encode_to, manifest_text, parse_manifest, parts_dir, write_part};

/// The graph's size after an append.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub articles: usize,
    pub statements: usize,
    pub stances: usize,
    pub actors: usize,
}

/// Under the graph's writer lock, when the graph is split, its log has
/// room and its index is current: gives `decide` the stored state of the
/// articles `ids` (their metadata and rules hashes, with every actor and
/// topic), and appends the log entries it returns. `None` when this way
/// does not apply; the caller then loads and saves the whole graph.
pub fn append<T>(
    path: &Path,
    on_wait: impl FnOnce(),
    rules: &RuleSnapshot,
    ids: &[&str],
    decide: impl FnOnce(&GraphData) -> Result<(T, Vec<LogEntry>)>,
) -> Result<Option<(T, Counts)>> {
    // Checked before waiting for the lock too: a graph without a current
    // index goes the other way at once.
    if layout_of(path) != Some(Layout::Split) || open_fresh(path)?.is_none() {
        return Ok(None);
    }
    let _lock = super::lock::lock(path, on_wait)?;
    let text = std::fs::read_to_string(path).map_err(|e| crate::error::Error::io(path, e))?;
    let mut manifest = parse_manifest(path, &text)?;
    let logged = manifest.parts.iter().filter(|p| p.kind == PartKind::Log).count();
    if logged >= MAX_LOG_PARTS {
        return Ok(None);
    }
    let Some(index) = open_fresh(path)? else { return Ok(None) };
    let stored = stored_articles(&index, ids)?;
    let (out, entries) = decide(&stored)?;
    if entries.is_empty() {
        let counts = counts(&index, stored.actors.len())?;
        return Ok(Some((out, counts)));
    }
    let record = LogRecord { rules: LogRules::of(rules), entries };
    let (settled, counts) = merge_into_index(&index, stored, &record, rules)?;

    let dir = parts_dir(path);
    let key = format!("{:06}", manifest.parts.iter().filter(|p| p.kind == PartKind::Log).count() + 1);
    let body = |w: &mut dyn std::io::Write| encode_to(&record, w);
    let part = write_part(&dir, NewPart { kind: PartKind::Log, key, items: record.entries.len(), body: &body })?;
    super::io::sync_dir(&dir);
    manifest.parts.push(part);
    manifest.articles = counts.articles;
    manifest.statements = counts.statements;
    manifest.stances = counts.stances;
    manifest.actors = settled.actors;
    manifest.topics = settled.topics;
    let text = manifest_text(&manifest)?;
    let seal = seal_of(&text).ok_or_else(|| index_error(path, "manifest without a checksum line"))?;
    super::io::write_atomic(path, text.as_bytes())?;
    // The graph has landed; the index follows in the transaction it was
    // changed in. A crash before this commit leaves it naming the old seal.
    set_meta(&index.conn, &seal).map_err(|e| index_error(&index.path, e))?;
    index.conn.execute_batch("COMMIT").map_err(|e| index_error(&index.path, e))?;
    Ok(Some((out, counts)))
}

/// What the graph's current index says of the articles `ids` (see
/// [`append`]), and the graph's size; no lock taken. `None` without a
/// current index.
pub fn stored_state(path: &Path, ids: &[&str]) -> Result<Option<(GraphData, Counts)>> {
    let Some(index) = open_fresh(path)? else { return Ok(None) };
    let stored = stored_articles(&index, ids)?;
    let counts = counts(&index, stored.actors.len())?;
    Ok(Some((stored, counts)))
}

fn stored_articles(index: &Index, ids: &[&str]) -> Result<GraphData> {
    let asked: BTreeSet<&str> = ids.iter().copied().collect();
    let rows = index.article_rows(&asked)?;
    let mut stored = GraphData { actors: index.actors()?, topics: index.topics()?, ..GraphData::default() };
    for r in rows {
        if let Some(h) = &r.rules_hash {
            stored.article_rules.insert(r.id.clone(), h.clone());
        }
        stored.articles.push(r.meta());
    }
    Ok(stored)
}

fn counts(index: &Index, actors: usize) -> Result<Counts> {
    Ok(Counts { articles: index.count("articles")?, statements: index.count("statements")?, stances: index.count("stances")?, actors })
}

/// Actors and topics after the merge.
struct Settled {
    actors: Vec<crate::model::Actor>,
    topics: Vec<crate::model::TopicInfo>,
}

/// Merges `record` into the index's rows, inside the index's open
/// transaction (left open for the caller to commit).
fn merge_into_index(index: &Index, mut part: GraphData, record: &LogRecord, rules: &RuleSnapshot) -> Result<(Settled, Counts)> {
    let err = |e: rusqlite::Error| index_error(&index.path, e);
    let touched: BTreeSet<String> = record.entries.iter().map(|e| e.article().to_string()).collect();
    let mut statement_ids = index.statement_ids_in_articles(&touched)?;
    let mut stance_ids = index.stance_ids_in_articles(&touched)?;
    for e in &record.entries {
        if let LogEntry::Added(ex) = e {
            statement_ids.extend(ex.statements.iter().map(|s| statement_id(&s.speaker, s.kind, &s.text)));
            stance_ids.extend(ex.stances.iter().map(|s| stance_id(&s.actor, s.stance, &s.topic)));
        }
    }
    part.statements = index.statements_for(&statement_ids, Some(&touched))?;
    part.stances = index.stances_for(&stance_ids, Some(&touched))?;
    let old_texts: HashMap<String, String> = part.statements.iter().map(|s| (s.id.clone(), s.text.clone())).collect();
    let old_stances: HashSet<String> = part.stances.iter().map(|s| s.id.clone()).collect();
    let (old_actors, old_topics) = (part.actors.clone(), part.topics.clone());
    replay(&mut part, record.clone());

    // Only the touched articles' rows change: their evidence rows go and
    // come back as merged; a statement or stance row changes only when it
    // is new, gone, or (a statement) shown with other words. The rest of
    // a much-cited statement or stance is not rewritten.
    let conn = &index.conn;
    for id in &touched {
        conn.execute("DELETE FROM articles WHERE id = ?1", [id]).map_err(err)?;
        conn.execute("DELETE FROM statement_evidence WHERE article = ?1", [id]).map_err(err)?;
        conn.execute("DELETE FROM stance_evidence WHERE article = ?1", [id]).map_err(err)?;
    }
    for a in part.articles.iter().filter(|a| touched.contains(&a.id)) {
        write_article(conn, &ArticleRow::of(a, part.article_rules.get(&a.id))).map_err(err)?;
    }
    let now: HashSet<&str> = part.statements.iter().map(|s| s.id.as_str()).collect();
    for id in old_texts.keys().filter(|id| !now.contains(id.as_str())) {
        conn.execute("DELETE FROM statements WHERE id = ?1", [id]).map_err(err)?;
    }
    for s in part.statements.iter().filter(|s| statement_ids.contains(&s.id)) {
        let old = old_texts.get(&s.id);
        if old != Some(&s.text) {
            if old.is_some() {
                conn.execute("DELETE FROM statements WHERE id = ?1", [&s.id]).map_err(err)?;
            }
            write_statement_row(conn, s).map_err(err)?;
        }
        write_evidence(conn, "statement_evidence", &s.id, s.evidence.iter().filter(|e| touched.contains(e.article.as_str()))).map_err(err)?;
    }
    let now: HashSet<&str> = part.stances.iter().map(|s| s.id.as_str()).collect();
    for id in old_stances.iter().filter(|id| !now.contains(id.as_str())) {
        conn.execute("DELETE FROM stances WHERE id = ?1", [id]).map_err(err)?;
    }
    for s in part.stances.iter().filter(|s| stance_ids.contains(&s.id)) {
        if !old_stances.contains(&s.id) {
            write_stance_row(conn, s).map_err(err)?;
        }
        write_evidence(conn, "stance_evidence", &s.id, s.evidence.iter().filter(|e| touched.contains(e.article.as_str()))).map_err(err)?;
    }
    // Actors and topics are settled over everything, as the merge does
    // over the whole graph.
    let speakers = index.distinct("statements", "speaker")?;
    let holders = index.distinct("stances", "actor")?;
    let referenced: HashSet<&str> = speakers.iter().chain(&holders).map(String::as_str).collect();
    let used_ids = index.distinct("stances", "topic")?;
    let used: HashSet<&str> = used_ids.iter().map(String::as_str).collect();
    let settled = Settled {
        actors: settle_actors(&old_actors, discovered(record).iter(), &referenced, rules),
        topics: settle_topics(&old_topics, &used, rules),
    };
    conn.execute_batch("DELETE FROM actors; DELETE FROM topics;").map_err(err)?;
    let listed = GraphData { actors: settled.actors.clone(), topics: settled.topics.clone(), ..GraphData::default() };
    write_actors_topics(conn, &listed).map_err(err)?;
    super::index_ledger::refresh(conn).map_err(err)?;
    let counts = counts(index, settled.actors.len())?;
    Ok((settled, counts))
}
