//! Rows of the query index (see [`super::index`]): graph records written as
//! rows and read back as the same records, field for field, so a query
//! over rows read from the index answers as it does over the graph.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{Connection, Row, params};

use crate::model::{Actor, ActorKind, ArticleMeta, Evidence, Gender, GraphData, QuoteKind, Span, Stance, StanceKind, Statement, TopicInfo};

/// An `articles` row; compared with the stored one to find what changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ArticleRow {
    pub id: String,
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub hash: String,
    pub len: i64,
    pub rules_hash: Option<String>,
}

impl ArticleRow {
    pub fn of(a: &ArticleMeta, rules_hash: Option<&String>) -> Self {
        ArticleRow {
            id: a.id.clone(),
            path: a.path.clone(),
            title: a.title.clone(),
            date: a.date.map(|d| d.to_string()),
            source: a.source.clone(),
            byline: a.byline.clone(),
            hash: a.hash.clone(),
            len: i64::try_from(a.len).unwrap_or(i64::MAX),
            rules_hash: rules_hash.cloned(),
        }
    }

    pub fn read(r: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(ArticleRow {
            id: r.get(0)?,
            path: r.get(1)?,
            title: r.get(2)?,
            date: r.get(3)?,
            source: r.get(4)?,
            hash: r.get(5)?,
            len: r.get(6)?,
            rules_hash: r.get(7)?,
            byline: r.get(8)?,
        })
    }

    pub fn meta(self) -> ArticleMeta {
        ArticleMeta {
            id: self.id,
            path: self.path,
            title: self.title,
            date: self.date.as_deref().and_then(parse_date),
            source: self.source,
            byline: self.byline,
            hash: self.hash,
            len: usize::try_from(self.len).unwrap_or(0),
        }
    }
}

/// A `YYYY-MM-DD` date as the index stores it, read without chrono's
/// format machinery (a tenth of a ledger's 800k-row scan went to it);
/// anything else is no date, as chrono's parse makes it.
pub(crate) fn parse_date(d: &str) -> Option<NaiveDate> {
    let b = d.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
    }
    let num = |r: std::ops::Range<usize>| d.get(r).filter(|s| s.bytes().all(|c| c.is_ascii_digit()))?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(i32::try_from(num(0..4)?).ok()?, num(5..7)?, num(8..10)?)
}

fn int(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(crate) fn size(n: i64) -> usize {
    usize::try_from(n).unwrap_or(0)
}

pub(crate) fn write_article(conn: &Connection, a: &ArticleRow) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT OR REPLACE INTO articles(id, path, title, date, source, hash, len, rules_hash, byline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")?
        .execute(params![a.id, a.path, a.title, a.date, a.source, a.hash, a.len, a.rules_hash, a.byline])?;
    Ok(())
}

pub(crate) fn write_actors_topics(conn: &Connection, data: &GraphData) -> rusqlite::Result<()> {
    let mut q = conn.prepare_cached("INSERT OR REPLACE INTO actors(name, kind, member_of, rule, gender) VALUES (?1, ?2, ?3, ?4, ?5)")?;
    for a in &data.actors {
        q.execute(params![a.name, a.kind.as_str(), a.member_of, a.rule, a.gender.map(Gender::as_str)])?;
    }
    let mut q = conn.prepare_cached("INSERT OR REPLACE INTO topics(id, label) VALUES (?1, ?2)")?;
    for t in &data.topics {
        q.execute(params![t.id, t.label])?;
    }
    Ok(())
}

pub(crate) const EVIDENCE_COLUMNS: &str = "article, date, span_start, span_end, sentence_start, sentence_end, sentence_text, cue, rule, resolution";

/// The order the graph keeps evidence in (the merge's sort key), so rows
/// read back in the graph's order without storing positions, and adding
/// one article's evidence touches only its own rows.
/// Rows equal on all of these keep the order they were written in.
const EVIDENCE_ORDER: &str = "date, article, span_start, span_end, rule, sentence_start, cue, rowid";

pub(crate) fn write_evidence<'e>(conn: &Connection, table: &str, owner: &str, evidence: impl IntoIterator<Item = &'e Evidence>) -> rusqlite::Result<()> {
    let key = if table == "statement_evidence" { "statement_id" } else { "stance_id" };
    let sql = format!("INSERT INTO {table}({key}, {EVIDENCE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
    let mut q = conn.prepare_cached(&sql)?;
    for e in evidence {
        q.execute(params![
            owner,
            e.article.as_str(),
            e.date.map(|d| d.to_string()),
            int(e.span.start),
            int(e.span.end),
            int(e.sentence.start),
            int(e.sentence.end),
            e.sentence_text.as_str(),
            e.cue.as_str(),
            e.rule.as_str(),
            e.resolution.as_str()
        ])?;
    }
    Ok(())
}

pub(crate) fn write_statement(conn: &Connection, s: &Statement) -> rusqlite::Result<()> {
    write_statement_row(conn, s)?;
    write_evidence(conn, "statement_evidence", &s.id, &s.evidence)
}

pub(crate) fn write_statement_row(conn: &Connection, s: &Statement) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO statements(id, speaker, kind, text) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![s.id, s.speaker, s.kind.as_str(), s.text])?;
    Ok(())
}

pub(crate) fn write_stance(conn: &Connection, s: &Stance) -> rusqlite::Result<()> {
    write_stance_row(conn, s)?;
    write_evidence(conn, "stance_evidence", &s.id, &s.evidence)
}

pub(crate) fn write_stance_row(conn: &Connection, s: &Stance) -> rusqlite::Result<()> {
    conn.prepare_cached("INSERT INTO stances(id, actor, stance, topic) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![s.id, s.actor, s.stance.as_str(), s.topic])?;
    Ok(())
}

/// Every record of `data`, into empty tables.
pub(crate) fn insert_all(conn: &Connection, data: &GraphData) -> rusqlite::Result<()> {
    for a in &data.articles {
        write_article(conn, &ArticleRow::of(a, data.article_rules.get(&a.id)))?;
    }
    write_actors_topics(conn, data)?;
    for s in &data.statements {
        write_statement(conn, s)?;
    }
    for s in &data.stances {
        write_stance(conn, s)?;
    }
    Ok(())
}

fn bad(what: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::InvalidParameterName(format!("unknown {what} `{value}` in the index"))
}

pub(crate) fn actor_kind(s: &str) -> rusqlite::Result<ActorKind> {
    match s {
        "person" => Ok(ActorKind::Person),
        "country" => Ok(ActorKind::Country),
        "organization" => Ok(ActorKind::Organization),
        other => Err(bad("actor kind", other)),
    }
}

fn gender(s: Option<String>) -> rusqlite::Result<Option<Gender>> {
    match s.as_deref() {
        None => Ok(None),
        Some("male") => Ok(Some(Gender::Male)),
        Some("female") => Ok(Some(Gender::Female)),
        Some(other) => Err(bad("gender", other)),
    }
}

pub(crate) fn quote_kind(s: &str) -> rusqlite::Result<QuoteKind> {
    match s {
        "direct" => Ok(QuoteKind::Direct),
        "indirect" => Ok(QuoteKind::Indirect),
        other => Err(bad("statement kind", other)),
    }
}

pub(crate) fn stance_kind(s: &str) -> rusqlite::Result<StanceKind> {
    match s {
        "demands" => Ok(StanceKind::Demands),
        "rejects" => Ok(StanceKind::Rejects),
        other => Err(bad("stance", other)),
    }
}

pub(crate) fn read_actors(conn: &Connection) -> rusqlite::Result<Vec<Actor>> {
    let mut q = conn.prepare_cached("SELECT name, kind, member_of, rule, gender FROM actors ORDER BY name")?;
    let rows = q.query_map([], |r| {
        Ok(Actor {
            name: r.get(0)?,
            kind: actor_kind(&r.get::<_, String>(1)?)?,
            member_of: r.get(2)?,
            rule: r.get(3)?,
            gender: gender(r.get(4)?)?,
        })
    })?;
    rows.collect()
}

pub(crate) fn read_topics(conn: &Connection) -> rusqlite::Result<Vec<TopicInfo>> {
    let mut q = conn.prepare_cached("SELECT id, label FROM topics ORDER BY id")?;
    let rows = q.query_map([], |r| Ok(TopicInfo { id: r.get(0)?, label: r.get(1)? }))?;
    rows.collect()
}

/// What a merge of some articles asks of the records they touch: each
/// record's rows in those articles (read here once, article by article),
/// and whether it has a row elsewhere (see [`read_evidence`]).
pub(crate) struct Merging<'a> {
    articles: &'a BTreeSet<String>,
    rows: std::collections::HashMap<String, Vec<Evidence>>,
}

impl<'a> Merging<'a> {
    pub fn read(conn: &Connection, table: &str, articles: &'a BTreeSet<String>) -> rusqlite::Result<Self> {
        let key = if table == "statement_evidence" { "statement_id" } else { "stance_id" };
        let sql = format!("SELECT {key}, {EVIDENCE_COLUMNS} FROM {table} WHERE article = ?1 ORDER BY rowid");
        let mut q = conn.prepare_cached(&sql)?;
        let mut rows: std::collections::HashMap<String, Vec<Evidence>> = std::collections::HashMap::new();
        for a in articles {
            for r in q.query_map([a], |r| Ok((r.get::<_, String>(0)?, evidence_at(r, 1)?)))? {
                let (owner, e) = r?;
                rows.entry(owner).or_default().push(e);
            }
        }
        Ok(Merging { articles, rows })
    }
}

/// A record's evidence, all of it, or with `merging` only its rows in
/// those articles and one row elsewhere if it has any: all a merge of
/// those articles asks of a record (it drops their rows and adds the new
/// ones, keeps the stored text unless a new one sorts first, and drops a
/// record left with none), at the cost of the articles' rows rather than
/// of every row a much-cited record has.
fn read_evidence(conn: &Connection, table: &str, owner: &str, merging: Option<&Merging<'_>>) -> rusqlite::Result<Vec<Evidence>> {
    let key = if table == "statement_evidence" { "statement_id" } else { "stance_id" };
    let Some(merging) = merging else {
        let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM {table} WHERE {key} = ?1 ORDER BY {EVIDENCE_ORDER}");
        let mut q = conn.prepare_cached(&sql)?;
        let rows = q.query_map([owner], |r| evidence_at(r, 0))?;
        return rows.collect();
    };
    let mut out = merging.rows.get(owner).cloned().unwrap_or_default();
    // Rows are stepped one at a time: the first outside the articles is
    // usually the first row.
    let sql = format!("SELECT {EVIDENCE_COLUMNS} FROM {table} WHERE {key} = ?1");
    let mut q = conn.prepare_cached(&sql)?;
    let mut rows = q.query([owner])?;
    while let Some(r) = rows.next()? {
        let e = evidence_at(r, 0)?;
        if !merging.articles.contains(e.article.as_str()) {
            out.push(e);
            break;
        }
    }
    super::order::sort_evidence(&mut out);
    Ok(out)
}

/// The evidence in the columns [`EVIDENCE_COLUMNS`] from column `at` on.
pub(crate) fn evidence_at(r: &Row<'_>, at: usize) -> rusqlite::Result<Evidence> {
    Ok(Evidence {
        article: r.get::<_, String>(at)?.into(),
        date: r.get::<_, Option<String>>(at + 1)?.as_deref().and_then(parse_date),
        span: Span { start: size(r.get(at + 2)?), end: size(r.get(at + 3)?) },
        sentence: Span { start: size(r.get(at + 4)?), end: size(r.get(at + 5)?) },
        sentence_text: r.get::<_, String>(at + 6)?.into(),
        cue: r.get::<_, String>(at + 7)?.into(),
        rule: r.get::<_, String>(at + 8)?.into(),
        resolution: r.get::<_, String>(at + 9)?.into(),
    })
}

/// Every stance with its evidence, in one ordered pass over the tables
/// (a query per stance costs more than the rows when all are wanted).
pub(crate) fn read_all_stances(conn: &Connection) -> rusqlite::Result<Vec<Stance>> {
    let mut q = conn.prepare("SELECT id, actor, stance, topic FROM stances ORDER BY id")?;
    let mut out: Vec<Stance> = q
        .query_map([], |r| Ok(Stance { id: r.get(0)?, actor: r.get(1)?, stance: stance_kind(&r.get::<_, String>(2)?)?, topic: r.get(3)?, evidence: Vec::new() }))?
        .collect::<rusqlite::Result<_>>()?;
    let at: std::collections::HashMap<String, usize> = out.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
    // In table order, unsorted: sorting each stance's few rows here is
    // cheaper than SQLite sorting them all.
    let mut q = conn.prepare(&format!("SELECT stance_id, {EVIDENCE_COLUMNS} FROM stance_evidence ORDER BY rowid"))?;
    let mut rows = q.query([])?;
    while let Some(r) = rows.next()? {
        let id = r.get_ref(0)?.as_str().map_err(|e| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e)))?;
        if let Some(&i) = at.get(id) {
            out[i].evidence.push(evidence_at(r, 1)?);
        }
    }
    for s in &mut out {
        super::order::sort_evidence(&mut s.evidence);
    }
    Ok(out)
}

/// The statement evidence rows that share a sentence with the evidence
/// of a stance on `topic`, each with its statement (whose evidence holds
/// only that row; a row may come more than once) and the stance evidence
/// row it shares it with. One join, probing the covering index on
/// (article, sentence) once per stance evidence.
pub(crate) fn read_statement_rows_on_topic(conn: &Connection, topic: &str) -> rusqlite::Result<Vec<(i64, Statement)>> {
    let cols: Vec<String> = EVIDENCE_COLUMNS.split(", ").map(|c| format!("se.{c}")).collect();
    let sql = format!(
        "SELECT te.rowid, s.id, s.speaker, s.kind, s.text, {} FROM stances st \
         JOIN stance_evidence te ON te.stance_id = st.id \
         JOIN statement_evidence se ON se.article = te.article AND se.sentence_start < te.sentence_end AND te.sentence_start < se.sentence_end \
         JOIN statements s ON s.id = se.statement_id WHERE st.topic = ?1 ORDER BY se.rowid",
        cols.join(", ")
    );
    let mut q = conn.prepare_cached(&sql)?;
    let rows = q.query_map([topic], |r| {
        let statement = Statement { id: r.get(1)?, speaker: r.get(2)?, kind: quote_kind(&r.get::<_, String>(3)?)?, text: r.get(4)?, evidence: vec![evidence_at(r, 5)?] };
        Ok((r.get(0)?, statement))
    })?;
    rows.collect()
}

/// Statements chosen by `sql` (selecting `id, speaker, kind, text`), each
/// with all its evidence, in id order as in the graph.
pub(crate) fn read_statements(conn: &Connection, sql: &str, args: impl rusqlite::Params, merging: Option<&Merging<'_>>) -> rusqlite::Result<Vec<Statement>> {
    let mut q = conn.prepare(sql)?;
    let heads: Vec<(String, String, String, String)> = q
        .query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, speaker, kind, text) in heads {
        let evidence = read_evidence(conn, "statement_evidence", &id, merging)?;
        out.push(Statement { kind: quote_kind(&kind)?, id, speaker, text, evidence });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

/// Stances chosen by `sql` (selecting `id, actor, stance, topic`), each
/// with all its evidence, in id order as in the graph.
pub(crate) fn read_stances(conn: &Connection, sql: &str, args: impl rusqlite::Params, merging: Option<&Merging<'_>>) -> rusqlite::Result<Vec<Stance>> {
    let mut q = conn.prepare(sql)?;
    let heads: Vec<(String, String, String, String)> = q
        .query_map(args, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(heads.len());
    for (id, actor, stance, topic) in heads {
        let evidence = read_evidence(conn, "stance_evidence", &id, merging)?;
        out.push(Stance { stance: stance_kind(&stance)?, id, actor, topic, evidence });
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out.dedup_by(|a, b| a.id == b.id);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn dates_read_as_chrono_reads_them() {
        for d in ["2025-03-07", "1999-12-31", "2024-02-29", "2025-02-29", "2025-13-01", "2025-3-7", "20250307xx", "2025-0a-07", "", "+2025-03-07"] {
            assert_eq!(parse_date(d), chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(), "{d}");
        }
        assert!(parse_date("2025-02-29").is_none());
    }
}
