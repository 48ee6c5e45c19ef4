//! What the graph store holds, as plain data, and the stable ids that merge
//! the same statement or stance found in several articles.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::types::{Actor, ArticleMeta, Evidence, QuoteKind, Stance, StanceKind, Statement, fold_text, stable_id};

/// Bumped when the single-file layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;


/// A topic as stored in the graph (so queries need no rule files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicInfo {
    pub id: String,
    pub label: String,
}

/// Everything the graph file holds. Plain data: the petgraph view is built
/// from it on demand (see [`crate::query::graph`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphData {
    pub format: u32,
    pub articles: Vec<ArticleMeta>,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicInfo>,
    pub statements: Vec<Statement>,
    pub stances: Vec<Stance>,
    /// Article id → hash of the rule set its evidence was extracted with
    /// (see [`rules_hash`]). Per article, because an ingest with new rules
    /// re-extracts only the articles it is given; the others keep evidence
    /// from older rules until they are ingested again.
    #[serde(default)]
    pub article_rules: BTreeMap<String, String>,
    /// Rules hash → the units of that rule set (see [`RuleUnit`]), for the
    /// hashes `article_rules` still names: what the next ingest with other
    /// rules diffs to re-extract only the articles a change can touch.
    /// Absent in graphs written before units were kept; a hash without
    /// units is re-extracted whole.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rule_units: BTreeMap<String, Vec<RuleUnit>>,
}

/// One unit of a rule set: a rule (cue, topic, stance cue, negation) or the
/// rest taken as one (`global`: the extractor's version, the lexicon, the
/// actors). `hash` covers the parsed rule without its examples, so comments,
/// layout and examples are no change; `triggers` are the rule's patterns as
/// written (a topic's terms as their patterns), whose match somewhere in an
/// article is necessary for the rule to act on it. Kept in rule order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleUnit {
    /// `kind/id`: `cue/…`, `topic/…`, `stance/…`, `negation/…` or `global`.
    pub unit: String,
    pub hash: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub triggers: Vec<String>,
}

impl Default for GraphData {
    fn default() -> Self {
        GraphData {
            format: FORMAT_VERSION,
            articles: Vec::new(),
            actors: Vec::new(),
            topics: Vec::new(),
            statements: Vec::new(),
            stances: Vec::new(),
            article_rules: BTreeMap::new(),
            rule_units: BTreeMap::new(),
        }
    }
}

/// Hex SHA-256 of an article's text.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

/// The id of a statement: same speaker, same kind and the same words (see
/// [`fold_text`]) are one statement wherever they were reported.
pub fn statement_id(speaker: &str, kind: QuoteKind, text: &str) -> String {
    stable_id("st", &[speaker, kind.as_str(), &fold_text(text)])
}

/// The id of a stance: one per (actor, stance, topic).
pub fn stance_id(actor: &str, stance: StanceKind, topic: &str) -> String {
    stable_id("sn", &[actor, stance.as_str(), topic])
}

/// Stance rules whose id starts with this prefix record a claim that
/// something happened ("Moscow claimed a deal was reached").
pub const CLAIM_RULE_PREFIX: &str = "stance.claim.";
/// Stance rules whose id starts with this prefix record a denial of a claim
/// ("Kyiv denied signing any agreement").
pub const DENIAL_RULE_PREFIX: &str = "stance.deny.";

/// Chronological order: undated evidence first, then by date, article and
/// position in the article.
pub fn evidence_key(e: &Evidence) -> (Option<NaiveDate>, &str, usize) {
    (e.date, e.article.as_str(), e.sentence.start)
}

/// The newest `limit` evidences (all when `None`), oldest first.
pub fn newest_evidence(evidence: &[Evidence], limit: Option<usize>) -> Vec<&Evidence> {
    let mut sorted: Vec<&Evidence> = evidence.iter().collect();
    sorted.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
    let keep = limit.unwrap_or(usize::MAX).min(sorted.len());
    sorted.split_off(sorted.len() - keep)
}

