//! The map/reduce contract: one self-contained record per article (the map
//! side, a pure function of the article and the rules, written as one JSON
//! line), and [`fold`], which turns any mix of records and graphs into one
//! graph (the reduce side). A fold is associative, commutative and
//! idempotent, and folding the records of some articles gives the graph a
//! single `ingest` of those articles gives.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{
    Actor, ArticleMeta, Evidence, Extraction, FoundStance, FoundStatement, GraphData, QuoteKind, Span, StanceKind,
    TopicInfo, stance_id, statement_id,
};
use crate::error::{Error, Position, Result};
use super::file::RuleSnapshot;
use super::merge::actor_preference;

/// Bumped when a record's shape changes incompatibly.
pub const RECORD_FORMAT: u32 = 1;

/// Everything extracted from one article, with what a reducer needs to merge
/// it without the article or the rule files: the article's metadata, the
/// hash of the rules it was extracted with, every statement and stance
/// occurrence with its spans, cue, rule id and resolution, and the actors
/// and topics they name. Rows follow the JSON export's shape
/// (`export.schema.json`), with the fields the export leaves out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// [`RECORD_FORMAT`].
    pub record: u32,
    /// Hash of the rule set the article was extracted with.
    pub rules: String,
    pub article: RecordArticle,
    pub statements: Vec<RecordStatement>,
    pub stances: Vec<RecordStance>,
    /// Every actor the rows name that has an actor row (listed or
    /// discovered), the organisations and countries they belong to, and the
    /// speakers discovered in the article.
    pub actors: Vec<Actor>,
    /// The topics the stances name.
    pub topics: Vec<TopicInfo>,
}

/// An article row of the JSON export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordArticle {
    pub id: String,
    pub file: String,
    pub path: String,
    pub title: String,
    pub date: Option<NaiveDate>,
    pub source: Option<String>,
    /// Absent in records written before bylines were read.
    #[serde(default)]
    pub byline: Option<String>,
    pub hash: String,
    pub len: usize,
}

/// A statement row of the JSON export, plus the sentence's span and the
/// resolution. `text` is the text as extracted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordStatement {
    pub id: String,
    pub article: String,
    pub speaker: String,
    pub kind: QuoteKind,
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub cue: String,
    pub rule: String,
    pub date: Option<NaiveDate>,
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub resolution: String,
}

/// A stance row of the JSON export, plus the cue, the sentence's span and
/// the resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordStance {
    pub id: String,
    pub article: String,
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    pub evidence: String,
    pub start: usize,
    pub end: usize,
    pub cue: String,
    pub rule: String,
    pub date: Option<NaiveDate>,
    pub sentence_start: usize,
    pub sentence_end: usize,
    pub resolution: String,
}

impl Record {
    /// The record of one article's extraction under `rules`.
    pub fn new(ex: &Extraction, rules: &RuleSnapshot) -> Record {
        // The file name, as the export's `article` fields name it.
        let file = ex.article.path.rsplit('/').next().unwrap_or(&ex.article.path).to_string();
        let statements = ex
            .statements
            .iter()
            .map(|s| RecordStatement {
                id: statement_id(&s.speaker, s.kind, &s.text),
                article: file.clone(),
                speaker: s.speaker.clone(),
                kind: s.kind,
                text: s.text.clone(),
                start: s.evidence.span.start,
                end: s.evidence.span.end,
                cue: s.evidence.cue.to_string(),
                rule: s.evidence.rule.to_string(),
                date: s.evidence.date,
                sentence: s.evidence.sentence_text.to_string(),
                sentence_start: s.evidence.sentence.start,
                sentence_end: s.evidence.sentence.end,
                resolution: s.evidence.resolution.to_string(),
            })
            .collect();
        let stances = ex
            .stances
            .iter()
            .map(|s| RecordStance {
                id: stance_id(&s.actor, s.stance, &s.topic),
                article: file.clone(),
                actor: s.actor.clone(),
                stance: s.stance,
                topic: s.topic.clone(),
                evidence: s.evidence.sentence_text.to_string(),
                start: s.evidence.span.start,
                end: s.evidence.span.end,
                cue: s.evidence.cue.to_string(),
                rule: s.evidence.rule.to_string(),
                date: s.evidence.date,
                sentence_start: s.evidence.sentence.start,
                sentence_end: s.evidence.sentence.end,
                resolution: s.evidence.resolution.to_string(),
            })
            .collect();
        let a = &ex.article;
        Record {
            record: RECORD_FORMAT,
            rules: rules.hash.clone(),
            article: RecordArticle {
                id: a.id.clone(),
                file,
                path: a.path.clone(),
                title: a.title.clone(),
                date: a.date,
                source: a.source.clone(),
                byline: a.byline.clone(),
                hash: a.hash.clone(),
                len: a.len,
            },
            statements,
            stances,
            actors: named_actors(ex, rules),
            topics: named_topics(ex, rules),
        }
    }

    /// The extraction this record was made from (its discovered actors are
    /// left to the fold, which pools every record's actors).
    fn into_extraction(self) -> Extraction {
        let a = self.article;
        let id = a.id;
        let evidence = |start, end, sentence_start, sentence_end, sentence_text, cue, rule, date, resolution| Evidence {
            article: id.clone().into(),
            span: Span { start, end },
            sentence: Span { start: sentence_start, end: sentence_end },
            sentence_text,
            cue,
            rule,
            date,
            resolution,
        };
        let statements = self
            .statements
            .into_iter()
            .map(|s| FoundStatement {
                speaker: s.speaker,
                kind: s.kind,
                text: s.text,
                evidence: evidence(s.start, s.end, s.sentence_start, s.sentence_end, s.sentence.into(), s.cue.into(), s.rule.into(), s.date, s.resolution.into()),
            })
            .collect();
        let stances = self
            .stances
            .into_iter()
            .map(|s| FoundStance {
                actor: s.actor,
                stance: s.stance,
                topic: s.topic,
                evidence: evidence(s.start, s.end, s.sentence_start, s.sentence_end, s.evidence.into(), s.cue.into(), s.rule.into(), s.date, s.resolution.into()),
            })
            .collect();
        Extraction {
            article: ArticleMeta { id: id.clone(), path: a.path, title: a.title, date: a.date, source: a.source, byline: a.byline, hash: a.hash, len: a.len },
            statements,
            stances,
            discovered: Vec::new(),
        }
    }
}

/// The actors a record carries: the listed actors its rows name (the rules
/// win over a discovered actor of the same name, as in a merge), their
/// parents, and every speaker discovered in the article.
fn named_actors(ex: &Extraction, rules: &RuleSnapshot) -> Vec<Actor> {
    let listed: HashMap<&str, &Actor> = rules.actors.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut out: BTreeMap<&str, &Actor> = BTreeMap::new();
    for a in &ex.discovered {
        out.insert(&a.name, listed.get(a.name.as_str()).copied().unwrap_or(a));
    }
    let names = ex.statements.iter().map(|s| s.speaker.as_str()).chain(ex.stances.iter().map(|s| s.actor.as_str()));
    for name in names {
        if let Some(a) = listed.get(name) {
            out.insert(name, a);
        }
    }
    let parents: Vec<&str> = out.values().filter_map(|a| a.member_of.as_deref()).collect();
    for p in parents {
        if let Some(a) = listed.get(p) {
            out.insert(p, a);
        }
    }
    out.into_values().cloned().collect()
}

fn named_topics(ex: &Extraction, rules: &RuleSnapshot) -> Vec<TopicInfo> {
    let mut ids: Vec<&str> = ex.stances.iter().map(|s| s.topic.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.iter().filter_map(|id| rules.topics.iter().find(|t| t.id == *id)).cloned().collect()
}

/// One article on its way into a fold: its extraction and the hash of the
/// rules it was extracted with.
struct Unit {
    ex: Extraction,
    rules: String,
}

/// Which of two units for the same article a fold keeps: one extracted with
/// the fold's rules, then the smallest path (an ingest keeps the first path
/// of a text it finds twice), then the rest of the metadata, so the choice
/// never depends on input order.
fn unit_key<'a>(u: &'a Unit, current: &str) -> (bool, &'a str, Option<NaiveDate>, &'a Option<String>, &'a str, &'a str) {
    let a = &u.ex.article;
    (u.rules != current, &a.path, a.date, &a.source, &a.title, &u.rules)
}

/// The articles of a graph as units, each with the evidence it holds.
fn graph_units(graph: GraphData) -> Vec<Unit> {
    let mut by_article: HashMap<String, Unit> = graph
        .articles
        .into_iter()
        .map(|a| {
            let rules = graph.article_rules.get(&a.id).cloned().unwrap_or_default();
            (a.id.clone(), Unit { ex: Extraction { article: a, statements: Vec::new(), stances: Vec::new(), discovered: Vec::new() }, rules })
        })
        .collect();
    for s in graph.statements {
        for e in s.evidence {
            if let Some(u) = by_article.get_mut(e.article.as_str()) {
                u.ex.statements.push(FoundStatement { speaker: s.speaker.clone(), kind: s.kind, text: s.text.clone(), evidence: e });
            }
        }
    }
    for s in graph.stances {
        for e in s.evidence {
            if let Some(u) = by_article.get_mut(e.article.as_str()) {
                u.ex.stances.push(FoundStance { actor: s.actor.clone(), stance: s.stance, topic: s.topic.clone(), evidence: e });
            }
        }
    }
    by_article.into_values().collect()
}

/// What a fold takes: records and whole graphs, in any order.
pub enum FoldInput {
    Record(Box<Record>),
    Graph(Box<GraphData>),
}

/// Folds records and graphs into one graph, as an ingest of their articles
/// with `rules` would build it: the rules' actors and topics, each
/// article's evidence once (an article found in several inputs is taken
/// from one of them, chosen by content, never by order), statements and
/// stances merged by their stable ids, and each article's rule hash as its
/// input recorded it. Associative, commutative and idempotent: any grouping
/// and order of the same inputs gives the same graph.
pub fn fold(inputs: impl IntoIterator<Item = FoldInput>, rules: &RuleSnapshot) -> GraphData {
    let mut actors: BTreeMap<String, Actor> = BTreeMap::new();
    let mut topics: BTreeMap<String, TopicInfo> = BTreeMap::new();
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut pool_actor = |a: Actor| match actors.get(&a.name) {
        Some(old) if actor_preference(old) <= actor_preference(&a) => {}
        _ => {
            actors.insert(a.name.clone(), a);
        }
    };
    let mut pool_topic = |t: TopicInfo| match topics.get(&t.id) {
        Some(old) if old.label <= t.label => {}
        _ => {
            topics.insert(t.id.clone(), t);
        }
    };
    let mut offer = |u: Unit| match units.get(&u.ex.article.id) {
        Some(old) if unit_key(old, &rules.hash) <= unit_key(&u, &rules.hash) => {}
        _ => {
            units.insert(u.ex.article.id.clone(), u);
        }
    };
    for input in inputs {
        match input {
            FoldInput::Record(r) => {
                let r = *r;
                let rules = r.rules.clone();
                r.actors.iter().cloned().for_each(&mut pool_actor);
                r.topics.iter().cloned().for_each(&mut pool_topic);
                offer(Unit { ex: r.into_extraction(), rules });
            }
            FoldInput::Graph(g) => {
                let mut g = *g;
                std::mem::take(&mut g.actors).into_iter().for_each(&mut pool_actor);
                std::mem::take(&mut g.topics).into_iter().for_each(&mut pool_topic);
                graph_units(g).into_iter().for_each(&mut offer);
            }
        }
    }
    // The pooled actors and topics stand where an ingest has the graph's
    // own: the merge keeps those still named, and the rules' on top.
    let mut graph = GraphData { actors: actors.into_values().collect(), topics: topics.into_values().collect(), ..GraphData::new() };
    let ids: Vec<String> = units.keys().cloned().collect();
    let mut hashes = Vec::with_capacity(units.len());
    let mut merge = graph.begin_merge(ids.iter().map(String::as_str), rules);
    for (id, u) in units {
        hashes.push((id, u.rules));
        merge.add(u.ex);
    }
    merge.finish();
    graph.article_rules.extend(hashes);
    graph.settle_rule_units(rules);
    graph
}

/// Parses JSON lines of records (blank lines are skipped). A line that is
/// not a record is an error at its line and column.
pub fn parse_records(path: &std::path::Path, text: &str) -> Result<Vec<Record>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let at = |column: usize, message: String| Error::Record {
            path: path.to_path_buf(),
            pos: Position { line: i + 1, column },
            message,
        };
        let record: Record = serde_json::from_str(line).map_err(|e| {
            // The position goes in front, as every located error has it.
            let message = e.to_string();
            let suffix = format!(" at line {} column {}", e.line(), e.column());
            at(e.column().max(1), message.strip_suffix(&suffix).unwrap_or(&message).to_string())
        })?;
        if record.record != RECORD_FORMAT {
            return Err(at(1, format!("record format {}, this claimgraph reads format {RECORD_FORMAT}", record.record)));
        }
        out.push(record);
    }
    Ok(out)
}

/// Reads what `path` holds for a fold: JSON lines of records (the file
/// starts with `{`), or a graph in either layout.
pub fn read_fold_inputs(path: &std::path::Path) -> Result<Vec<FoldInput>> {
    use std::io::Read;
    let mut head = [0u8; 64];
    let n = std::fs::File::open(path).and_then(|mut f| f.read(&mut head)).map_err(|e| Error::io(path, e))?;
    if head[..n].iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') || n == 0 {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        return Ok(parse_records(path, &text)?.into_iter().map(|r| FoldInput::Record(Box::new(r))).collect());
    }
    Ok(vec![FoldInput::Graph(Box::new(super::file::load(path)?))])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_line_is_located() {
        let text = "\n{\"record\": 1, \"rules\": 3}\n";
        let err = parse_records(std::path::Path::new("r.jsonl"), text).unwrap_err().to_string();
        assert!(err.starts_with("r.jsonl:2:"), "{err}");
        let text = "{\"record\": 9, \"rules\": \"\", \"article\": {\"id\": \"a\", \"file\": \"a\", \"path\": \"a\", \"title\": \"\", \"date\": null, \"source\": null, \"hash\": \"\", \"len\": 0}, \"statements\": [], \"stances\": [], \"actors\": [], \"topics\": []}";
        let err = parse_records(std::path::Path::new("r.jsonl"), text).unwrap_err().to_string();
        assert!(err.contains("r.jsonl:1:1: not an extraction record: record format 9"), "{err}");
        let ok = text.replace("\"record\": 9", "\"record\": 1");
        assert_eq!(parse_records(std::path::Path::new("r.jsonl"), &ok).unwrap().len(), 1);
    }
}
