//! The graph flattened into typed node and edge rows: the common ground of
//! the GraphML and CSV exports, so both files describe the same graph.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ActorKind;
use crate::store::GraphData;

use super::dot::{LABEL_CHARS, shorten};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NodeRow {
    /// The stable graph id: an actor's name, a statement id, or
    /// `topic:<topic id>`.
    pub id: String,
    pub label: String,
    /// `actor`, `topic` or `statement`.
    pub kind: &'static str,
    /// For actors: `person`, `country` or `organization`.
    pub actor_kind: String,
    pub member_of: String,
    /// For actors: `male` or `female` as the actor rules give it, else empty.
    pub gender: String,
    /// For statements: `direct` or `indirect`.
    pub quote_kind: String,
    /// For statements: the full text.
    pub text: String,
    /// Number of evidences (statements) or of statements and stances (actors).
    pub evidence_count: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    pub id: String,
    pub source: String,
    pub target: String,
    /// `said`, `demands`, `rejects` or `member_of`.
    pub relation: &'static str,
    /// Earliest evidence date (YYYY-MM-DD), empty when undated.
    pub first_date: String,
    /// Latest evidence date, empty when undated.
    pub last_date: String,
    pub evidence_count: u64,
    /// Evidence count as a float, the edge weight Gephi expects.
    pub weight: f64,
}

pub fn topic_id(topic: &str) -> String {
    format!("topic:{topic}")
}

fn dates(evidence: &[crate::model::Evidence]) -> (String, String) {
    let d: BTreeSet<_> = evidence.iter().filter_map(|e| e.date).collect();
    (
        d.first().map(ToString::to_string).unwrap_or_default(),
        d.last().map(ToString::to_string).unwrap_or_default(),
    )
}

fn kind_str(k: ActorKind) -> &'static str {
    match k {
        ActorKind::Person => "person",
        ActorKind::Country => "country",
        ActorKind::Organization => "organization",
    }
}

/// Every actor, topic and statement, and the edges between them, sorted by
/// id. Actors named only as speakers or members still get a node, so every
/// edge has both ends.
pub fn flatten(data: &GraphData) -> (Vec<NodeRow>, Vec<EdgeRow>) {
    let mut nodes: BTreeMap<String, NodeRow> = BTreeMap::new();
    let actor_node = |name: &str| NodeRow {
        id: name.to_string(),
        label: name.to_string(),
        kind: "actor",
        actor_kind: String::new(),
        member_of: String::new(),
        gender: String::new(),
        quote_kind: String::new(),
        text: String::new(),
        evidence_count: 0,
    };
    for a in &data.actors {
        let mut n = actor_node(&a.name);
        n.actor_kind = kind_str(a.kind).to_string();
        n.member_of = a.member_of.clone().unwrap_or_default();
        n.gender = a.gender.map(|g| g.as_str().to_string()).unwrap_or_default();
        nodes.insert(a.name.clone(), n);
    }
    for t in &data.topics {
        nodes.insert(
            topic_id(&t.id),
            NodeRow {
                id: topic_id(&t.id),
                label: t.label.clone(),
                kind: "topic",
                actor_kind: String::new(),
                member_of: String::new(),
                gender: String::new(),
                quote_kind: String::new(),
                text: String::new(),
                evidence_count: 0,
            },
        );
    }
    let mut edges = Vec::new();
    for s in &data.statements {
        nodes.insert(
            s.id.clone(),
            NodeRow {
                id: s.id.clone(),
                label: shorten(&s.text, LABEL_CHARS),
                kind: "statement",
                actor_kind: String::new(),
                member_of: String::new(),
                gender: String::new(),
                quote_kind: s.kind.as_str().to_string(),
                text: s.text.clone(),
                evidence_count: s.evidence.len() as u64,
            },
        );
        nodes.entry(s.speaker.clone()).or_insert_with(|| actor_node(&s.speaker)).evidence_count += 1;
        let (first_date, last_date) = dates(&s.evidence);
        edges.push(EdgeRow {
            id: format!("said:{}", s.id),
            source: s.speaker.clone(),
            target: s.id.clone(),
            relation: "said",
            first_date,
            last_date,
            evidence_count: s.evidence.len() as u64,
            weight: s.evidence.len() as f64,
        });
    }
    for s in &data.stances {
        nodes.entry(s.actor.clone()).or_insert_with(|| actor_node(&s.actor)).evidence_count += 1;
        let target = topic_id(&s.topic);
        if !nodes.contains_key(&target) {
            let mut n = actor_node(&target);
            n.kind = "topic";
            n.label = s.topic.clone();
            nodes.insert(target.clone(), n);
        }
        let (first_date, last_date) = dates(&s.evidence);
        edges.push(EdgeRow {
            id: s.id.clone(),
            source: s.actor.clone(),
            target,
            relation: s.stance.as_str(),
            first_date,
            last_date,
            evidence_count: s.evidence.len() as u64,
            weight: s.evidence.len() as f64,
        });
    }
    for a in &data.actors {
        if let Some(m) = &a.member_of {
            nodes.entry(m.clone()).or_insert_with(|| actor_node(m));
            edges.push(EdgeRow {
                id: format!("member:{}", a.name),
                source: a.name.clone(),
                target: m.clone(),
                relation: "member_of",
                first_date: String::new(),
                last_date: String::new(),
                evidence_count: 0,
                weight: 1.0,
            });
        }
    }
    edges.sort_by(|a, b| a.id.cmp(&b.id));
    (nodes.into_values().collect(), edges)
}
