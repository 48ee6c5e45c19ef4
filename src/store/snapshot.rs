//! What the store keeps of a rule set: its hash (to tell stale
//! extractions) and the actors and topics it defines.

use crate::model::{Actor, RuleUnit, TopicInfo};
use crate::rules::RuleSet;

/// A short hash of the rule files' contents and the extractor's version:
/// when it changes, stored extractions may be stale.
pub fn rules_hash(rules: &RuleSet) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update([0u8]);
    // By file name, not full path: the same rules in another folder are the same rules.
    let mut files: Vec<(String, &String)> = rules
        .sources
        .iter()
        .map(|(p, text)| {
            (
                p.file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                text,
            )
        })
        .collect();
    files.sort();
    for (name, text) in files {
        h.update(name.as_bytes());
        h.update([0u8]);
        h.update(text.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())[..16].to_string()
}

/// What the store takes from a rule set: its hash and the actors and topics
/// it defines (kept in the graph so queries need no rule files).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleSnapshot {
    pub hash: String,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicInfo>,
    /// The rule set's units (see [`RuleUnit`]); empty when not known (a
    /// log part's rules), so the graph keeps none for this hash.
    pub units: Vec<RuleUnit>,
}

impl RuleSnapshot {
    pub fn new(rules: &RuleSet) -> Self {
        RuleSnapshot {
            hash: rules_hash(rules),
            actors: rules
                .actors
                .actors
                .iter()
                .map(|a| Actor {
                    name: a.name.clone(),
                    kind: a.kind,
                    member_of: a.member_of.clone(),
                    rule: a.id.clone(),
                    gender: a.gender,
                })
                .collect(),
            topics: rules
                .topics
                .topics
                .iter()
                .map(|t| TopicInfo {
                    id: t.id.clone(),
                    label: t.label.clone(),
                })
                .collect(),
            units: crate::rules::rule_units(rules),
        }
    }
}

