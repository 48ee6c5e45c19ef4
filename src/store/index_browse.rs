//! Paged reads of the query index for the explorer (`claimgraph serve`):
//! one page of statement or stance occurrences matching a filter, their
//! count, one record with its evidence, and the counts the actor and topic
//! pages show, each answered by SQL with LIMIT/OFFSET so a page costs the
//! rows it shows, not the graph.
//!
//! Every read leaves out the occurrences a reviewer's corrections may
//! change ([`Exclude`]: the corrected articles and the merged actors); the
//! caller lays the corrected ones over the rows read here.
//!
//! Three indexes of its own serve the explorer's order (date, article,
//! sentence) and the topic filter on statements (a statement's sentence
//! by article and start); [`ensure_browse_indexes`] adds them when missing.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, Row, params_from_iter};

use crate::error::Result;
use crate::model::{FoundStance, FoundStatement, QuoteKind, StanceKind};
use super::index::{Index, index_error, index_path};
use super::index_rows::{evidence_at, quote_kind, size, stance_kind};

/// The explorer's indexes: its lists read evidence oldest first, by
/// article and sentence. Created once per index file (a rebuild drops
/// them, so they are checked whenever the explorer opens a new graph).
const BROWSE_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS browse_statement_evidence_order ON statement_evidence(date, article, sentence_start);
CREATE INDEX IF NOT EXISTS browse_stance_evidence_order ON stance_evidence(date, article, sentence_start);
CREATE INDEX IF NOT EXISTS browse_statement_evidence_sentence ON statement_evidence(article, sentence_start);
";

/// Adds the explorer's indexes to the graph's index file if it lacks them.
pub fn ensure_browse_indexes(graph: &Path) -> Result<()> {
    let path = index_path(graph);
    let conn = Connection::open(&path).map_err(|e| index_error(&path, e))?;
    conn.busy_timeout(std::time::Duration::from_secs(30)).map_err(|e| index_error(&path, e))?;
    conn.execute_batch(BROWSE_INDEXES).map_err(|e| index_error(&path, e))
}

/// What the rows read here leave out: evidence in these articles, and the
/// records of these actors.
#[derive(Debug, Clone, Copy, Default)]
pub struct Exclude<'a> {
    pub articles: &'a [String],
    pub actors: &'a [String],
}

/// A filter on occurrences; `None` does not constrain.
#[derive(Debug, Clone, Copy, Default)]
pub struct BrowseFilter<'a> {
    /// Lower-cased words the statement (or the stance's sentence) contains.
    pub text: Option<&'a str>,
    /// The speakers (or stance holders) to keep.
    pub actors: Option<&'a [String]>,
    /// A topic id: statements in a sentence holding a stance on it.
    pub topic: Option<&'a str>,
    pub kind: Option<QuoteKind>,
    pub stance: Option<StanceKind>,
    /// The article's outlet, ignoring ASCII case.
    pub outlet: Option<&'a str>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only these statement or stance ids.
    pub ids: Option<&'a [String]>,
}

/// Shortest text the trigram index can look up.
const TRIGRAM: usize = 3;

const EV: &str = "e.article, e.date, e.span_start, e.span_end, e.sentence_start, e.sentence_end, e.sentence_text, e.cue, e.rule, e.resolution";

/// A WHERE clause under construction with its parameters.
#[derive(Default)]
struct Where {
    parts: Vec<String>,
    args: Vec<Value>,
    /// Whether a condition reads the statement or stance row (not only
    /// its evidence).
    head: bool,
}

impl Where {
    fn push(&mut self, sql: &str, args: impl IntoIterator<Item = Value>) {
        self.parts.push(sql.to_string());
        self.args.extend(args);
    }

    fn list(&mut self, column: &str, negate: bool, values: &[String]) {
        if values.is_empty() {
            if !negate {
                self.parts.push("0".into());
            }
            return;
        }
        let marks = vec!["?"; values.len()].join(", ");
        let not = if negate { "NOT " } else { "" };
        self.push(&format!("{column} {not}IN ({marks})"), values.iter().map(|v| Value::Text(v.clone())));
    }

    fn sql(&self) -> String {
        if self.parts.is_empty() { String::new() } else { format!(" WHERE {}", self.parts.join(" AND ")) }
    }

    /// Conditions shared by statement and stance occurrences; `head` is the
    /// alias of the statement or stance row and `who` its actor column.
    fn common(f: &BrowseFilter<'_>, ex: &Exclude<'_>, who: &str) -> Where {
        let mut w = Where::default();
        w.list("e.article", true, ex.articles);
        if !ex.actors.is_empty() {
            w.list(who, true, ex.actors);
            w.head = true;
        }
        if let Some(a) = f.actors {
            w.list(who, false, a);
            w.head = true;
        }
        if let Some(o) = f.outlet {
            w.push("e.article IN (SELECT id FROM articles WHERE source = ? COLLATE NOCASE)", [Value::Text(o.trim().to_string())]);
        }
        if let Some(d) = f.since {
            w.push("e.date >= ?", [Value::Text(d.to_string())]);
        }
        if let Some(d) = f.until {
            w.push("e.date <= ?", [Value::Text(d.to_string())]);
        }
        w
    }
}

fn statement_where(f: &BrowseFilter<'_>, ex: &Exclude<'_>) -> Where {
    let mut w = Where::common(f, ex, "s.speaker");
    if let Some(t) = f.text.filter(|t| !t.is_empty()) {
        if t.chars().count() >= TRIGRAM {
            let phrase = format!("\"{}\"", t.replace('"', "\"\""));
            w.push("s.rowid IN (SELECT rowid FROM statement_text WHERE statement_text MATCH ?)", [Value::Text(phrase)]);
        } else {
            w.push("instr(lower(s.text), ?) > 0", [Value::Text(t.to_string())]);
        }
        w.head = true;
    }
    if let Some(k) = f.kind {
        w.push("s.kind = ?", [Value::Text(k.as_str().to_string())]);
        w.head = true;
    }
    if let Some(t) = f.topic {
        w.push(
            "(e.article, e.sentence_start) IN (SELECT te.article, te.sentence_start FROM stance_evidence te \
             JOIN stances st ON st.id = te.stance_id WHERE st.topic = ?)",
            [Value::Text(t.to_string())],
        );
    }
    if let Some(ids) = f.ids {
        w.list("e.statement_id", false, ids);
    }
    w
}

fn stance_where(f: &BrowseFilter<'_>, ex: &Exclude<'_>) -> Where {
    let mut w = Where::common(f, ex, "st.actor");
    if let Some(t) = f.text.filter(|t| !t.is_empty()) {
        w.push("instr(lower(e.sentence_text), ?) > 0", [Value::Text(t.to_string())]);
    }
    if let Some(k) = f.stance {
        w.push("st.stance = ?", [Value::Text(k.as_str().to_string())]);
        w.head = true;
    }
    if let Some(t) = f.topic {
        w.push("st.topic = ?", [Value::Text(t.to_string())]);
        w.head = true;
    }
    if let Some(ids) = f.ids {
        w.list("e.stance_id", false, ids);
    }
    w
}

const STATEMENT_FROM: &str = "statement_evidence e JOIN statements s ON s.id = e.statement_id";
const STANCE_FROM: &str = "stance_evidence e JOIN stances st ON st.id = e.stance_id";

/// The explorer's order: oldest first, by article and sentence, then by
/// speaker (holder) and position.
const STATEMENT_ORDER: &str = "e.date, e.article, e.sentence_start, s.speaker, e.span_start";
const STANCE_ORDER: &str = "e.date, e.article, e.sentence_start, st.actor, e.span_start";

/// One statement occurrence read from the index, with its statement's id.
fn statement_at(r: &Row<'_>) -> rusqlite::Result<(String, FoundStatement)> {
    let kind: String = r.get(2)?;
    Ok((r.get(0)?, FoundStatement { speaker: r.get(1)?, kind: quote_kind(&kind)?, text: r.get(3)?, evidence: evidence_at(r, 4)? }))
}

fn stance_at(r: &Row<'_>) -> rusqlite::Result<(String, FoundStance)> {
    let stance: String = r.get(2)?;
    Ok((r.get(0)?, FoundStance { actor: r.get(1)?, stance: stance_kind(&stance)?, topic: r.get(3)?, evidence: evidence_at(r, 4)? }))
}

impl Index {
    fn browse_err(&self, e: rusqlite::Error) -> crate::error::Error {
        index_error(&self.path, e)
    }

    fn rows<T>(&self, sql: &str, args: &[Value], f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>) -> Result<Vec<T>> {
        let mut q = self.conn.prepare_cached(sql).map_err(|e| self.browse_err(e))?;
        let rows = q.query_map(params_from_iter(args.iter()), f).map_err(|e| self.browse_err(e))?;
        rows.collect::<rusqlite::Result<_>>().map_err(|e| self.browse_err(e))
    }

    fn count_of(&self, sql: &str, args: &[Value]) -> Result<usize> {
        let n: i64 = self.conn.query_row(sql, params_from_iter(args.iter()), |r| r.get(0)).map_err(|e| self.browse_err(e))?;
        Ok(size(n))
    }

    /// Statement occurrences matching `f`, in the explorer's order, from
    /// `offset`, at most `limit`, each with its statement id. `dense` says
    /// the filter keeps so many rows that walking the order index finds the
    /// page sooner than sorting every match (which SQLite, not knowing how
    /// many match, would otherwise choose whenever a filter has an index).
    pub fn browse_statements(&self, f: &BrowseFilter<'_>, ex: &Exclude<'_>, offset: usize, limit: usize, dense: bool) -> Result<Vec<(String, FoundStatement)>> {
        let mut w = statement_where(f, ex);
        w.args.extend([Value::Integer(limit as i64), Value::Integer(offset as i64)]);
        let sql = |from: &str| format!("SELECT s.id, s.speaker, s.kind, s.text, {EV} FROM {from}{} ORDER BY {STATEMENT_ORDER} LIMIT ? OFFSET ?", w.sql());
        let hinted = "statement_evidence e INDEXED BY browse_statement_evidence_order JOIN statements s ON s.id = e.statement_id";
        // The hint fails when the index is gone (an index rebuilt since the
        // explorer added it): then as SQLite chooses. A condition on the
        // statement row (text, kind, speaker) costs a lookup of each row
        // walked, which the walk's estimate does not count: no hint then.
        match (dense && !w.head).then(|| self.rows(&sql(hinted), &w.args, statement_at)) {
            Some(Ok(rows)) => Ok(rows),
            _ => self.rows(&sql(STATEMENT_FROM), &w.args, statement_at),
        }
    }

    /// How many statement occurrences match `f`.
    pub fn count_statements(&self, f: &BrowseFilter<'_>, ex: &Exclude<'_>) -> Result<usize> {
        self.count_minus(statement_where(f, &Exclude::default()), ex, "s.speaker", STATEMENT_FROM, "statement_evidence e")
    }

    /// The count of `all` less the rows `ex` leaves out: two counts SQLite
    /// answers from its indexes, far quicker than testing `NOT IN` on
    /// every row.
    fn count_minus(&self, all: Where, ex: &Exclude<'_>, who: &str, join: &str, plain: &str) -> Result<usize> {
        let from = if all.head || !ex.actors.is_empty() { join } else { plain };
        let n = self.count_of(&format!("SELECT count(*) FROM {from}{}", all.sql()), &all.args)?;
        if ex.articles.is_empty() && ex.actors.is_empty() {
            return Ok(n);
        }
        let mut gone = all;
        let mut any = Vec::new();
        for (column, values) in [("e.article", ex.articles), (who, ex.actors)] {
            if !values.is_empty() {
                any.push(format!("{column} IN ({})", vec!["?"; values.len()].join(", ")));
                gone.args.extend(values.iter().map(|v| Value::Text(v.clone())));
            }
        }
        gone.parts.push(format!("({})", any.join(" OR ")));
        let g = self.count_of(&format!("SELECT count(*) FROM {from}{}", gone.sql()), &gone.args)?;
        Ok(n.saturating_sub(g))
    }

    /// Stance evidences matching `f` (its kind is ignored), in the
    /// explorer's order, each with its stance id (`dense`: see
    /// [`Index::browse_statements`]).
    pub fn browse_stances(&self, f: &BrowseFilter<'_>, ex: &Exclude<'_>, offset: usize, limit: usize, dense: bool) -> Result<Vec<(String, FoundStance)>> {
        let mut w = stance_where(f, ex);
        w.args.extend([Value::Integer(limit as i64), Value::Integer(offset as i64)]);
        let sql = |from: &str| format!("SELECT st.id, st.actor, st.stance, st.topic, {EV} FROM {from}{} ORDER BY {STANCE_ORDER} LIMIT ? OFFSET ?", w.sql());
        let hinted = "stance_evidence e INDEXED BY browse_stance_evidence_order JOIN stances st ON st.id = e.stance_id";
        match dense.then(|| self.rows(&sql(hinted), &w.args, stance_at)) {
            Some(Ok(rows)) => Ok(rows),
            _ => self.rows(&sql(STANCE_FROM), &w.args, stance_at),
        }
    }

    pub fn count_stances(&self, f: &BrowseFilter<'_>, ex: &Exclude<'_>) -> Result<usize> {
        self.count_minus(stance_where(f, &Exclude::default()), ex, "st.actor", STANCE_FROM, "stance_evidence e")
    }

    /// Rows in the statement and stance evidence tables (their largest
    /// rowid, read from the B-tree's end: no scan).
    pub fn evidence_rows(&self) -> Result<(usize, usize)> {
        let st = self.count_of("SELECT coalesce(max(rowid), 0) FROM statement_evidence", &[])?;
        let sn = self.count_of("SELECT coalesce(max(rowid), 0) FROM stance_evidence", &[])?;
        Ok((st, sn))
    }

    /// Every statement and stance occurrence in these articles or of these
    /// actors: what corrections may change.
    pub fn occurrences(&self, articles: &[String], actors: &[String]) -> Result<Occurrences> {
        let mut statements = Vec::new();
        let mut stances = Vec::new();
        let st_sql = format!("SELECT s.id, s.speaker, s.kind, s.text, {EV} FROM {STATEMENT_FROM} WHERE e.article = ?");
        let sn_sql = format!("SELECT st.id, st.actor, st.stance, st.topic, {EV} FROM {STANCE_FROM} WHERE e.article = ?");
        for a in articles {
            statements.extend(self.rows(&st_sql, &[Value::Text(a.clone())], statement_at)?);
            stances.extend(self.rows(&sn_sql, &[Value::Text(a.clone())], stance_at)?);
        }
        let st_sql = format!("SELECT s.id, s.speaker, s.kind, s.text, {EV} FROM {STATEMENT_FROM} WHERE s.speaker = ?");
        let sn_sql = format!("SELECT st.id, st.actor, st.stance, st.topic, {EV} FROM {STANCE_FROM} WHERE st.actor = ?");
        for a in actors {
            statements.extend(self.rows(&st_sql, &[Value::Text(a.clone())], statement_at)?);
            stances.extend(self.rows(&sn_sql, &[Value::Text(a.clone())], stance_at)?);
        }
        Ok((statements, stances))
    }

    /// The topics with a stance in the sentence starting at `start`.
    pub fn sentence_topics(&self, article: &str, start: usize) -> Result<Vec<String>> {
        self.rows(
            "SELECT DISTINCT st.topic FROM stance_evidence e JOIN stances st ON st.id = e.stance_id WHERE e.article = ? AND e.sentence_start = ?",
            &[Value::Text(article.to_string()), Value::Integer(start as i64)],
            |r| r.get(0),
        )
    }

    /// The graph seal this index was built from, read in its transaction.
    pub fn seal(&self) -> Result<String> {
        self.conn.query_row("SELECT value FROM meta WHERE key = 'graph_seal'", [], |r| r.get(0)).map_err(|e| self.browse_err(e))
    }

    /// Every stance outside `ex` with, of its evidence, only the latest of
    /// each rule (in the graph's order: date, article, sentence): all that
    /// telling one stance's contradictions with another's needs, since
    /// those cite the latest evidence of a kind of rule.
    pub fn stances_latest_per_rule(&self, ex: &Exclude<'_>) -> Result<Vec<(String, FoundStance)>> {
        let w = stance_where(&BrowseFilter::default(), ex);
        // The row of the max() is the one the other columns are read from.
        let sql = format!(
            "SELECT st.id, st.actor, st.stance, st.topic, {EV}, \
             max(coalesce(e.date, '') || char(31) || e.article || char(31) || printf('%012d', e.sentence_start)) \
             FROM {STANCE_FROM}{} GROUP BY e.stance_id, e.rule",
            w.sql()
        );
        self.rows(&sql, &w.args, stance_at)
    }

    /// Every outlet, once, sorted.
    pub fn outlets(&self) -> Result<Vec<String>> {
        self.rows("SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY source", &[], |r| r.get(0))
    }

    /// Statement occurrences and stance evidences per actor, outside `ex`.
    pub fn actor_counts(&self, ex: &Exclude<'_>) -> Result<HashMap<String, (usize, usize)>> {
        let mut out: HashMap<String, (usize, usize)> = HashMap::new();
        let w = Where::common(&BrowseFilter::default(), ex, "s.speaker");
        for (name, n) in self.rows(&format!("SELECT s.speaker, count(*) FROM {STATEMENT_FROM}{} GROUP BY s.speaker", w.sql()), &w.args, |r| {
            Ok((r.get::<_, String>(0)?, size(r.get(1)?)))
        })? {
            out.entry(name).or_default().0 += n;
        }
        let w = Where::common(&BrowseFilter::default(), ex, "st.actor");
        for (name, n) in self.rows(&format!("SELECT st.actor, count(*) FROM {STANCE_FROM}{} GROUP BY st.actor", w.sql()), &w.args, |r| {
            Ok((r.get::<_, String>(0)?, size(r.get(1)?)))
        })? {
            out.entry(name).or_default().1 += n;
        }
        Ok(out)
    }

    /// Stance evidences per (stance id, actor, stance, topic, month), outside
    /// `ex`, of stances on `topic` (all when `None`). The month is
    /// `YYYY-MM`, or `None` when undated.
    pub fn stance_months(&self, topic: Option<&str>, ex: &Exclude<'_>) -> Result<Vec<StanceCount>> {
        let f = BrowseFilter { topic, ..Default::default() };
        let w = stance_where(&f, ex);
        let sql = format!(
            "SELECT st.id, st.actor, st.stance, st.topic, substr(e.date, 1, 7), count(*) FROM {STANCE_FROM}{} GROUP BY st.id, substr(e.date, 1, 7)",
            w.sql()
        );
        self.rows(&sql, &w.args, |r| {
            let stance: String = r.get(2)?;
            Ok(StanceCount { id: r.get(0)?, actor: r.get(1)?, stance: stance_kind(&stance)?, topic: r.get(3)?, month: r.get(4)?, count: size(r.get(5)?) })
        })
    }

    /// Who `actor` answers: for each other actor, how many of `actor`'s
    /// stance evidences follow, in the same article, that actor's opposite
    /// stance on the same topic, and the latest such evidence of `actor`
    /// (stance id, article, span start). Outside `ex` on both sides.
    pub fn answered(&self, actor: &str, ex: &Exclude<'_>) -> Result<Vec<Answered>> {
        let mut w = Where::default();
        w.push("b.actor = ?", [Value::Text(actor.to_string())]);
        w.list("be.article", true, ex.articles);
        w.list("a.actor", true, ex.actors);
        let sql = format!(
            "SELECT a.actor, count(DISTINCT be.rowid), max(be.date), be.stance_id, be.article, be.span_start FROM stances b \
             JOIN stance_evidence be ON be.stance_id = b.id \
             JOIN stance_evidence ae ON ae.article = be.article AND ae.span_start < be.span_start \
             JOIN stances a ON a.id = ae.stance_id AND a.topic = b.topic AND a.stance <> b.stance AND a.actor <> b.actor{} \
             GROUP BY a.actor ORDER BY 2 DESC, a.actor",
            w.sql()
        );
        self.rows(&sql, &w.args, |r| {
            Ok(Answered { other: r.get(0)?, times: size(r.get(1)?), stance_id: r.get(3)?, article: r.get(4)?, at: size(r.get(5)?) })
        })
    }
}

/// Statement and stance occurrences, each with its record's id.
pub type Occurrences = (Vec<(String, FoundStatement)>, Vec<(String, FoundStance)>);

/// A count of stance evidences (see [`Index::stance_months`]).
#[derive(Debug, Clone)]
pub struct StanceCount {
    pub id: String,
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    pub month: Option<String>,
    pub count: usize,
}

/// One actor answered (see [`Index::answered`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answered {
    pub other: String,
    pub times: usize,
    pub stance_id: String,
    pub article: String,
    pub at: usize,
}
