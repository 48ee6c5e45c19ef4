//! The append-only extraction log of a split graph: each small ingest adds
//! one content-addressed part holding its per-article extraction records
//! (and the rules they were extracted with) instead of rewriting the
//! statement and stance parts. Reading the graph replays the log over the
//! parts with the same merge an ingest runs, so a graph with a log reads
//! exactly as if each ingest had rewritten it; a full save (any large
//! ingest, or `claimgraph compact`) folds the log back into the parts.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::{Actor, ActorKind, ArticleMeta, Extraction, FoundStance, FoundStatement, Gender, GraphData, TopicInfo};
use super::snapshot::RuleSnapshot;

/// A split graph whose log has this many parts is compacted by the next
/// ingest: replaying costs a merge pass per part on every full read.
pub const MAX_LOG_PARTS: usize = 64;

/// [`Actor`] as the log writes it: every field always present, as the
/// binary encoding needs (the model's `Actor` leaves out an unknown gender).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogActor {
    pub name: String,
    pub kind: ActorKind,
    pub member_of: Option<String>,
    pub rule: String,
    pub gender: Option<Gender>,
}

impl LogActor {
    fn of(a: &Actor) -> Self {
        LogActor { name: a.name.clone(), kind: a.kind, member_of: a.member_of.clone(), rule: a.rule.clone(), gender: a.gender }
    }

    fn actor(&self) -> Actor {
        Actor { name: self.name.clone(), kind: self.kind, member_of: self.member_of.clone(), rule: self.rule.clone(), gender: self.gender }
    }
}

/// The rules an ingest ran with, as the merge needs them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRules {
    pub hash: String,
    pub actors: Vec<LogActor>,
    pub topics: Vec<TopicInfo>,
}

impl LogRules {
    pub fn of(s: &RuleSnapshot) -> Self {
        LogRules { hash: s.hash.clone(), actors: s.actors.iter().map(LogActor::of).collect(), topics: s.topics.clone() }
    }

    pub fn snapshot(&self) -> RuleSnapshot {
        RuleSnapshot { hash: self.hash.clone(), actors: self.actors.iter().map(LogActor::actor).collect(), topics: self.topics.clone(), units: Vec::new() }
    }
}

/// One article's extraction record ([`Extraction`] as the log writes it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogExtraction {
    pub article: ArticleMeta,
    pub statements: Vec<FoundStatement>,
    pub stances: Vec<FoundStance>,
    pub discovered: Vec<LogActor>,
}

impl LogExtraction {
    pub fn of(ex: Extraction) -> Self {
        let discovered = ex.discovered.iter().map(LogActor::of).collect();
        LogExtraction { article: ex.article, statements: ex.statements, stances: ex.stances, discovered }
    }

    pub fn extraction(&self) -> Extraction {
        Extraction {
            article: self.article.clone(),
            statements: self.statements.clone(),
            stances: self.stances.clone(),
            discovered: self.discovered.iter().map(LogActor::actor).collect(),
        }
    }
}

/// One article's outcome in an ingest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum LogEntry {
    /// Extracted: its evidence replaces any it had.
    Added(Box<LogExtraction>),
    /// Its extraction failed: the article leaves the graph (see
    /// [`super::merge::Merge::leave_out`]).
    LeftOut(String),
}

impl LogEntry {
    pub fn article(&self) -> &str {
        match self {
            LogEntry::Added(ex) => &ex.article.id,
            LogEntry::LeftOut(id) => id,
        }
    }
}

/// One ingest's records, in the order the ingest merged them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRecord {
    pub rules: LogRules,
    pub entries: Vec<LogEntry>,
}

/// Merges `record` into `graph` as the ingest that wrote it did.
pub fn replay(graph: &mut GraphData, record: LogRecord) {
    let rules = record.rules.snapshot();
    let ids: Vec<String> = record.entries.iter().map(|e| e.article().to_string()).collect();
    let mut merge = graph.begin_merge(ids.iter().map(String::as_str), &rules);
    let mut left_out = Vec::new();
    for e in record.entries {
        match e {
            LogEntry::Added(ex) => merge.add(ex.extraction()),
            LogEntry::LeftOut(id) => left_out.push(id),
        }
    }
    for id in &left_out {
        merge.leave_out(id);
    }
    merge.finish();
}

/// The actors the record's extractions discovered, first mention first,
/// as the merge keeps them.
pub(crate) fn discovered(record: &LogRecord) -> Vec<Actor> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for e in &record.entries {
        if let LogEntry::Added(ex) = e {
            for a in &ex.discovered {
                if seen.insert(a.name.as_str()) {
                    out.push(a.actor());
                }
            }
        }
    }
    out
}
