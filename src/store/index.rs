//! The query index: an SQLite database beside the graph
//! (`<graph>.index.sqlite`) holding the same articles, actors, topics,
//! statements and stances as rows, with B-tree indexes on actor, topic,
//! date and article and an FTS5 (trigram) table on statement text, so a
//! query reads the rows it needs instead of decoding the whole graph.
//!
//! The graph stays the record; the index is derived from it and can always
//! be rebuilt ([`rebuild`]). It names the graph it was built from by the
//! graph's checksum line (its *seal*), and a reader trusts it only when
//! that seal equals the graph's current one ([`open_fresh`]), checked
//! inside the read transaction so a concurrent writer cannot slip between
//! the check and the reads. Writers update it under the graph's writer lock
//! right after the graph is renamed into place ([`after_save`]): in one
//! SQLite transaction that also stores the new seal, touching only the
//! articles that changed and the statements and stances they cite. A crash
//! between the graph's rename and that commit leaves an index naming the old
//! seal: stale, so it is rebuilt, never silently wrong.
//! The schema is documented in docs/index.md.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, params};

use crate::error::{Error, Result};
use crate::model::GraphData;
use super::index_ledger::{LEDGER_INDEXES, LEDGER_TABLES};
use super::index_rows::{ArticleRow, insert_all, write_article, write_actors_topics, write_stance, write_statement};

/// Bumped whenever the schema changes: an index of another version is
/// rebuilt.
pub const INDEX_SCHEMA_VERSION: u32 = 6;

/// Tables first, then secondary indexes: a full build inserts every row
/// before creating the indexes, which is several times quicker than
/// keeping them up to date row by row.
const TABLES: &str = r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(id TEXT PRIMARY KEY, path TEXT NOT NULL, title TEXT NOT NULL, date TEXT,
    source TEXT, hash TEXT NOT NULL, len INTEGER NOT NULL, rules_hash TEXT, byline TEXT);
CREATE TABLE actors(name TEXT PRIMARY KEY, kind TEXT NOT NULL, member_of TEXT, rule TEXT NOT NULL, gender TEXT);
CREATE TABLE topics(id TEXT PRIMARY KEY, label TEXT NOT NULL);
CREATE TABLE statements(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, speaker TEXT NOT NULL,
    kind TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE statement_evidence(statement_id TEXT NOT NULL, article TEXT NOT NULL,
    date TEXT, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL, sentence_text TEXT NOT NULL, cue TEXT NOT NULL, rule TEXT NOT NULL,
    resolution TEXT NOT NULL);
CREATE TABLE stances(id TEXT PRIMARY KEY, actor TEXT NOT NULL, stance TEXT NOT NULL, topic TEXT NOT NULL);
CREATE TABLE stance_evidence(stance_id TEXT NOT NULL, article TEXT NOT NULL,
    date TEXT, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, sentence_start INTEGER NOT NULL,
    sentence_end INTEGER NOT NULL, sentence_text TEXT NOT NULL, cue TEXT NOT NULL, rule TEXT NOT NULL,
    resolution TEXT NOT NULL,
    rule_kind INTEGER GENERATED ALWAYS AS (CASE WHEN rule GLOB 'CLAIM*' THEN 1 WHEN rule GLOB 'DENIAL*' THEN 2 ELSE 0 END) VIRTUAL);
CREATE TABLE topic_sentences(stance_id TEXT NOT NULL, date TEXT, article TEXT NOT NULL,
    sentence_start INTEGER NOT NULL, statement_row INTEGER NOT NULL, stance_row INTEGER NOT NULL);
CREATE VIRTUAL TABLE statement_text USING fts5(text, content='statements', content_rowid='rowid', tokenize='trigram');
"#;

/// [`TABLES`] with the claim and denial rule prefixes filled in: a stance
/// evidence's `rule_kind` (1 claim, 2 denial, 0 other), by which the
/// contradictions query finds a stance's latest claim or denial without
/// reading the rest.
fn tables() -> String {
    TABLES.replace("'CLAIM*'", &format!("'{}*'", crate::model::CLAIM_RULE_PREFIX)).replace("'DENIAL*'", &format!("'{}*'", crate::model::DENIAL_RULE_PREFIX))
}

const INDEXES: &str = r#"
CREATE INDEX statements_speaker ON statements(speaker);
-- Covering the keys a capped who-said ranks a statement's occurrences
-- by: reading them from the table touched a page per row (70k rows, 0.3
-- GB mapped, for `--about ceasefire` at 100k articles).
CREATE INDEX statement_evidence_statement ON statement_evidence(statement_id, date, article, sentence_start);
CREATE INDEX statement_evidence_sentence ON statement_evidence(article, sentence_start, sentence_end);
CREATE INDEX statement_evidence_date ON statement_evidence(date);
CREATE INDEX stances_actor ON stances(actor);
CREATE INDEX stances_topic ON stances(topic);
CREATE INDEX stance_evidence_timeline ON stance_evidence(stance_id, date, article, sentence_start, span_start, span_end, rule, cue, sentence_end);
CREATE INDEX stance_evidence_rule_kind ON stance_evidence(stance_id, rule_kind, date, article, sentence_start, span_start, span_end, rule, cue);
CREATE INDEX stance_evidence_article ON stance_evidence(article);
CREATE INDEX stance_evidence_date ON stance_evidence(date);
CREATE INDEX articles_date ON articles(date);
INSERT INTO topic_sentences SELECT te.stance_id, se.date, se.article, se.sentence_start, se.rowid, te.rowid
    FROM stance_evidence te JOIN statement_evidence se
      ON se.article = te.article AND se.sentence_start < te.sentence_end AND te.sentence_start < se.sentence_end;
CREATE INDEX topic_sentences_stance ON topic_sentences(stance_id, date, article, sentence_start, statement_row, stance_row);
CREATE INDEX topic_sentences_statement_row ON topic_sentences(statement_row);
CREATE INDEX topic_sentences_stance_row ON topic_sentences(stance_row);
CREATE TRIGGER topic_sentences_statement_insert AFTER INSERT ON statement_evidence BEGIN
    INSERT INTO topic_sentences SELECT te.stance_id, new.date, new.article, new.sentence_start, new.rowid, te.rowid
      FROM stance_evidence te WHERE te.article = new.article AND new.sentence_start < te.sentence_end AND te.sentence_start < new.sentence_end;
END;
CREATE TRIGGER topic_sentences_stance_insert AFTER INSERT ON stance_evidence BEGIN
    INSERT INTO topic_sentences SELECT new.stance_id, se.date, se.article, se.sentence_start, se.rowid, new.rowid
      FROM statement_evidence se WHERE se.article = new.article AND se.sentence_start < new.sentence_end AND new.sentence_start < se.sentence_end;
END;
CREATE TRIGGER topic_sentences_statement_delete AFTER DELETE ON statement_evidence BEGIN
    DELETE FROM topic_sentences WHERE statement_row = old.rowid;
END;
CREATE TRIGGER topic_sentences_stance_delete AFTER DELETE ON stance_evidence BEGIN
    DELETE FROM topic_sentences WHERE stance_row = old.rowid;
END;
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statement_text(rowid, text) VALUES (new.rowid, new.text);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statement_text(statement_text, rowid, text) VALUES ('delete', old.rowid, old.text);
END;
"#;

/// The index file of a graph: `<graph>.index.sqlite` beside it.
pub fn index_path(graph: &Path) -> PathBuf {
    let mut name = graph.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push(".index.sqlite");
    graph.with_file_name(name)
}

pub(crate) fn index_error(path: &Path, e: impl std::fmt::Display) -> Error {
    Error::Index { path: path.to_path_buf(), message: e.to_string() }
}

/// What names the graph's current content: the hash on its checksum line
/// (which, for a split graph's manifest, covers every part by hash), or the
/// SHA-256 of the whole file when it has none. `None` when there is no graph.
pub fn graph_seal(graph: &Path) -> Result<Option<String>> {
    use std::io::{Read, Seek, SeekFrom};
    use sha2::{Digest, Sha256};
    let mut f = match std::fs::File::open(graph) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io(graph, e)),
    };
    let len = f.metadata().map_err(|e| Error::io(graph, e))?.len();
    // The checksum line is the file's last, ~90 bytes: read only the tail.
    let tail_len = len.min(256);
    f.seek(SeekFrom::Start(len - tail_len)).map_err(|e| Error::io(graph, e))?;
    let mut tail = Vec::new();
    f.read_to_end(&mut tail).map_err(|e| Error::io(graph, e))?;
    if let Some(sum) = seal_of(&String::from_utf8_lossy(&tail)) {
        return Ok(Some(sum));
    }
    let bytes = std::fs::read(graph).map_err(|e| Error::io(graph, e))?;
    Ok(Some(format!("file-{}", hex::encode(Sha256::digest(&bytes)))))
}

/// The hash on the checksum line that ends `text`, if it has one.
pub(crate) fn seal_of(text: &str) -> Option<String> {
    let last = text.trim_end_matches('\n').rsplit('\n').next().unwrap_or("");
    last.strip_prefix("// checksum: sha256 ").map(|sum| sum.trim().to_string())
}

/// An open index whose content is the graph's current content, read in one
/// transaction (so a writer's commit cannot change it under the reader).
pub struct Index {
    pub(crate) conn: Connection,
    pub(crate) path: PathBuf,
}

impl Drop for Index {
    fn drop(&mut self) {
        // A reader changed nothing; a writer that failed half-way must
        // leave nothing (a writer that succeeded has committed already).
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}

fn open_conn(path: &Path) -> Result<Connection> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|e| index_error(path, e))?;
    // A writer committing holds the file for milliseconds; wait for it.
    conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(|e| index_error(path, e))?;
    // Read through a memory map: with SQLite's default 2 MB page cache, a
    // query joining a few hundred thousand rows spent half its time
    // copying pages in with pread.
    conn.execute_batch("PRAGMA mmap_size = 4294967296;").map_err(|e| index_error(path, e))?;
    // Plan each statement once: otherwise SQLite compiles a cached
    // statement again whenever a newly bound value might change its plan,
    // which it did on every stance's read of its latest evidence (two
    // fifths of a contradictions query at 100k).
    conn.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG, true).map_err(|e| index_error(path, e))?;
    Ok(conn)
}

fn stored(conn: &Connection, key: &str) -> Option<String> {
    conn.query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0)).ok()
}

/// Whether `conn` was built by this schema version from the graph with `seal`.
fn matches(conn: &Connection, seal: &str) -> bool {
    stored(conn, "schema_version").as_deref() == Some(&INDEX_SCHEMA_VERSION.to_string())
        && stored(conn, "graph_seal").as_deref() == Some(seal)
}

/// The graph's index if it exists and was built from the graph as it is
/// now; `None` when it is missing, stale, of another schema, or unreadable
/// (a damaged index is never an answer: the caller rebuilds or reads the graph).
pub fn open_fresh(graph: &Path) -> Result<Option<Index>> {
    let path = index_path(graph);
    if !path.exists() {
        return Ok(None);
    }
    let Ok(conn) = open_conn(&path) else { return Ok(None) };
    // Deferred: the first read takes the shared lock that holds the
    // snapshot until the Index is dropped.
    if conn.execute_batch("BEGIN").is_err() {
        return Ok(None);
    }
    let index = Index { conn, path };
    let Some(seal) = graph_seal(graph)? else { return Ok(None) };
    Ok(matches(&index.conn, &seal).then_some(index))
}

/// Builds the index of `data` (the graph at `graph` as stored) from
/// scratch into a temporary file and renames it into place. The caller
/// holds the writer lock.
pub fn rebuild(graph: &Path, data: &GraphData) -> Result<()> {
    let seal = graph_seal(graph)?.ok_or_else(|| index_error(graph, "no graph to index"))?;
    let path = index_path(graph);
    let mut tmp = path.as_os_str().to_os_string();
    tmp.push(format!(".tmp-{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    let _ = std::fs::remove_file(&tmp);
    let built = (|| -> rusqlite::Result<()> {
        let mut conn = Connection::open(&tmp)?;
        // Nothing reads this file before the rename, and a crash leaves only
        // a temp file: no journal needed while building.
        conn.execute_batch("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;")?;
        conn.execute_batch(&tables())?;
        conn.execute_batch(LEDGER_TABLES)?;
        let tx = conn.transaction()?;
        insert_all(&tx, data)?;
        tx.execute_batch("INSERT INTO statement_text(statement_text) VALUES ('rebuild');")?;
        tx.execute_batch(INDEXES)?;
        // From the timeline index, before the ledger's own indexes and
        // the triggers that note what later writes touch.
        super::index_ledger::fill(&tx)?;
        tx.execute_batch(LEDGER_INDEXES)?;
        set_meta(&tx, &seal)?;
        tx.commit()?;
        conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
        conn.close().map_err(|(_, e)| e)
    })();
    if let Err(e) = built {
        let _ = std::fs::remove_file(&tmp);
        return Err(index_error(&path, e));
    }
    let file = std::fs::File::open(&tmp).map_err(|e| Error::io(&tmp, e))?;
    file.sync_all().map_err(|e| Error::io(&tmp, e))?;
    std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
    super::io::sync_dir(path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")));
    Ok(())
}

pub(crate) fn set_meta(conn: &Connection, seal: &str) -> rusqlite::Result<()> {
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?1)", [INDEX_SCHEMA_VERSION.to_string()])?;
    conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('graph_seal', ?1)", [seal])?;
    Ok(())
}

/// Brings an existing index in step with `data`, just saved at `graph`
/// whose seal before the save was `before`. An index that matched the old
/// graph is updated in place, in one transaction, for the articles that
/// changed; one that did not is rebuilt. Without an index nothing is done
/// (the first query builds it). The caller holds the writer lock.
///
/// Never fails the save: the graph has landed, and an index that could not
/// be updated is removed, or left naming the old seal, so it is rebuilt.
pub fn after_save(graph: &Path, data: &GraphData, before: Option<&str>) {
    let path = index_path(graph);
    if !path.exists() {
        return;
    }
    let synced = (|| -> Result<bool> {
        let Some(after) = graph_seal(graph)? else { return Ok(false) };
        let mut conn = open_conn(&path)?;
        let current = before.is_some_and(|b| matches(&conn, b));
        if !current {
            return Ok(false);
        }
        sync(&mut conn, data, &after).map_err(|e| index_error(&path, e))?;
        Ok(true)
    })();
    match synced {
        Ok(true) => {}
        _ => {
            if rebuild(graph, data).is_err() {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// The incremental update: the articles whose row differs (new, changed,
/// re-extracted under other rules, or gone) decide which statements and
/// stances are rewritten, each with all its evidence.
fn sync(conn: &mut Connection, data: &GraphData, seal: &str) -> rusqlite::Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let mut stored: HashMap<String, ArticleRow> = HashMap::new();
    {
        let mut q = tx.prepare("SELECT id, path, title, date, source, hash, len, rules_hash, byline FROM articles")?;
        let rows = q.query_map([], ArticleRow::read)?;
        for r in rows {
            let r = r?;
            stored.insert(r.id.clone(), r);
        }
    }
    let mut changed: HashSet<String> = HashSet::new();
    for a in &data.articles {
        let row = ArticleRow::of(a, data.article_rules.get(&a.id));
        if stored.remove(&a.id).as_ref() != Some(&row) {
            write_article(&tx, &row)?;
            changed.insert(a.id.clone());
        }
    }
    for gone in stored.into_keys() {
        tx.execute("DELETE FROM articles WHERE id = ?1", [&gone])?;
        changed.insert(gone);
    }
    let mut statements: BTreeSet<String> = BTreeSet::new();
    let mut stances: BTreeSet<String> = BTreeSet::new();
    for id in &changed {
        let mut q = tx.prepare_cached("SELECT DISTINCT statement_id FROM statement_evidence WHERE article = ?1")?;
        for s in q.query_map([id], |r| r.get::<_, String>(0))? {
            statements.insert(s?);
        }
        let mut q = tx.prepare_cached("SELECT DISTINCT stance_id FROM stance_evidence WHERE article = ?1")?;
        for s in q.query_map([id], |r| r.get::<_, String>(0))? {
            stances.insert(s?);
        }
    }
    let cites = |ev: &[crate::model::Evidence]| ev.iter().any(|e| changed.contains(e.article.as_str()));
    let mut now_statements = HashMap::new();
    for s in &data.statements {
        if cites(&s.evidence) {
            statements.insert(s.id.clone());
        }
        now_statements.insert(s.id.as_str(), s);
    }
    let mut now_stances = HashMap::new();
    for s in &data.stances {
        if cites(&s.evidence) {
            stances.insert(s.id.clone());
        }
        now_stances.insert(s.id.as_str(), s);
    }
    for id in &statements {
        // Rewritten whole: the merge may choose another wording to show
        // for the same (folded) statement.
        tx.execute("DELETE FROM statement_evidence WHERE statement_id = ?1", [id])?;
        tx.execute("DELETE FROM statements WHERE id = ?1", [id])?;
        if let Some(s) = now_statements.get(id.as_str()) {
            write_statement(&tx, s)?;
        }
    }
    for id in &stances {
        tx.execute("DELETE FROM stance_evidence WHERE stance_id = ?1", [id])?;
        tx.execute("DELETE FROM stances WHERE id = ?1", [id])?;
        if let Some(s) = now_stances.get(id.as_str()) {
            write_stance(&tx, s)?;
        }
    }
    tx.execute_batch("DELETE FROM actors; DELETE FROM topics;")?;
    write_actors_topics(&tx, data)?;
    super::index_ledger::refresh(&tx)?;
    set_meta(&tx, seal)?;
    tx.commit()
}

/// Rows of the index as a user sees them with `sqlite3`: table → count.
pub fn table_counts(index: &Index) -> Result<Vec<(String, i64)>> {
    let mut out = Vec::new();
    for t in ["articles", "actors", "topics", "statements", "statement_evidence", "stances", "stance_evidence"] {
        let n: i64 = index
            .conn
            .query_row(&format!("SELECT count(*) FROM {t}"), params![], |r| r.get(0))
            .map_err(|e| index_error(&index.path, e))?;
        out.push((t.to_string(), n));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::open_conn;
    use rusqlite::config::DbConfig;

    /// Without the planner's stability guarantee SQLite compiles cached
    /// statements again as bound values change, which doubled the cost of
    /// the per-stance reads; a fresh rusqlite connection has it off.
    #[test]
    fn index_connections_plan_each_statement_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("i.sqlite");
        let plain = rusqlite::Connection::open(&path).unwrap();
        assert!(!plain.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG).unwrap());
        let conn = open_conn(&path).unwrap();
        assert!(conn.db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG).unwrap());
    }
}
