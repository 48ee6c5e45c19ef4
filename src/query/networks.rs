//! Discourse networks, as DNA (Leifeld's Discourse Network Analyzer) and
//! its users build them from stances: who agrees with whom (congruence),
//! who opposes whom (conflict), and who speaks on which topic (the
//! actor × topic two-mode network). Pure functions of the graph data; the
//! exports (GEXF, Pajek, matrix CSV, DOT) only print what is built here.
//!
//! Notation, for the stances whose evidence falls in the time window:
//! - `n(i, t, q)`: how many evidences show actor `i` taking stance `q`
//!   (demands or rejects) on topic `t`;
//! - `A_i = {(t, q) : n(i, t, q) > 0}`, the actor's stances; `|A_i|` its
//!   activity;
//! - congruence `c_ij = |A_i ∩ A_j|`: the (topic, stance) pairs both hold;
//! - conflict `c_ij = |{(t, q) ∈ A_i : (t, ¬q) ∈ A_j}|`: the pairs where
//!   one demands what the other rejects (symmetric, as `¬¬q = q`).
//!
//! Normalisations of `c_ij` (see [`Normalization`]): none; by the number of
//! topics `|T|` on which anyone took a stance in the window; DNA's "average
//! activity" `c_ij / ((|A_i| + |A_j|) / 2)`; Jaccard `c_ij / |A_i ∪ A_j|`;
//! cosine `c_ij / sqrt(|A_i| · |A_j|)`. All but none lie in [0, 1].
//!
//! Two-mode: one edge per (actor, topic) with `demands = Σ n(i, t,
//! demands)`, `rejects` likewise, `count = demands + rejects`, and `signed =
//! demands − rejects` (DNA's "subtract" aggregation). Normalised, `weight =
//! count / Σ_t count(i, t)`, the share of the actor's evidence on that topic.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{ActorKind, Evidence, Gender, GraphData, StanceKind};

use super::queries::{actor_matches, counted_for, resolve_topic, roll_up_map};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NetworkKind {
    /// Actor × actor: shared stances on the same topic.
    Congruence,
    /// Actor × actor: opposite stances on the same topic.
    Conflict,
    /// Actor × topic, two-mode.
    ActorTopic,
}

impl NetworkKind {
    pub const ALL: [NetworkKind; 3] = [NetworkKind::Congruence, NetworkKind::Conflict, NetworkKind::ActorTopic];

    pub fn name(self) -> &'static str {
        match self {
            NetworkKind::Congruence => "congruence",
            NetworkKind::Conflict => "conflict",
            NetworkKind::ActorTopic => "actor-topic",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            NetworkKind::Congruence => "Agreement network (congruence)",
            NetworkKind::Conflict => "Conflict network",
            NetworkKind::ActorTopic => "Actors and topics (two-mode)",
        }
    }

    /// One-mode networks link actors with undirected edges.
    pub fn one_mode(self) -> bool {
        self != NetworkKind::ActorTopic
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Normalization {
    /// The count itself.
    #[default]
    None,
    /// `c_ij / |T|`; two-mode: the share of the actor's evidence.
    Topics,
    /// DNA's average activity: `c_ij / ((|A_i| + |A_j|) / 2)`.
    Average,
    /// `c_ij / |A_i ∪ A_j|`.
    Jaccard,
    /// `c_ij / sqrt(|A_i| · |A_j|)`.
    Cosine,
}

impl Normalization {
    pub fn name(self) -> &'static str {
        match self {
            Normalization::None => "none",
            Normalization::Topics => "topics",
            Normalization::Average => "average",
            Normalization::Jaccard => "jaccard",
            Normalization::Cosine => "cosine",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkOptions {
    /// Keep evidence dated on or after this day; with either bound set,
    /// undated evidence drops out.
    pub since: Option<NaiveDate>,
    /// Keep evidence dated on or before this day.
    pub until: Option<NaiveDate>,
    /// Only this topic (id or label, ignoring case).
    pub topic: Option<String>,
    /// Only edges touching this actor (as in the queries: a surname alone
    /// names a person). Every actor stays a node.
    pub actor: Option<String>,
    /// Count persons' stances for the country they belong to.
    pub roll_up: bool,
    pub normalization: Normalization,
}

impl NetworkOptions {
    pub fn keeps(&self, e: &Evidence) -> bool {
        if self.since.is_none() && self.until.is_none() {
            return true;
        }
        e.date.is_some_and(|d| self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeMode {
    Actor,
    Topic,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetNode {
    /// The actor's name, or `topic:<id>` for a topic.
    pub id: String,
    pub label: String,
    pub mode: NodeMode,
    pub actor_kind: Option<ActorKind>,
    pub member_of: Option<String>,
    pub gender: Option<Gender>,
    /// `|A_i|` for an actor: the (topic, stance) pairs it holds; for a
    /// topic, the actors that took a stance on it.
    pub activity: usize,
    /// Evidences behind the node's stances in the window.
    pub evidence: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetEdge {
    /// An actor; in one-mode networks the smaller name of the pair.
    pub source: String,
    /// An actor, or `topic:<id>`.
    pub target: String,
    /// `c_ij` (one-mode) or demands + rejects (two-mode).
    pub count: usize,
    /// `count` normalised as the network asks (equal to it for none).
    pub weight: f64,
    /// Evidences behind the edge: both actors' evidence on the shared
    /// pairs (one-mode), or the actor's on the topic (two-mode).
    pub evidence: usize,
    /// Topic ids the edge rests on, sorted.
    pub topics: Vec<String>,
    /// Two-mode only: evidence of demands and of rejects, and their
    /// difference.
    pub demands: usize,
    pub rejects: usize,
    pub signed: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Network {
    pub kind: NetworkKind,
    pub normalization: Normalization,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Actors by name, then topics by id.
    pub nodes: Vec<NetNode>,
    /// Sorted by source, then target.
    pub edges: Vec<NetEdge>,
    /// `|T|`: topics with a stance in the window.
    pub topic_count: usize,
}

impl Network {
    pub fn title(&self) -> String {
        let mut t = self.kind.title().to_string();
        match (self.since, self.until) {
            (Some(s), Some(u)) => t.push_str(&format!(", {s} to {u}")),
            (Some(s), None) => t.push_str(&format!(", since {s}")),
            (None, Some(u)) => t.push_str(&format!(", until {u}")),
            (None, None) => {}
        }
        if self.normalization != Normalization::None {
            t.push_str(&format!(" (weights: {})", self.normalization.name()));
        }
        t
    }
}

pub fn topic_node_id(topic: &str) -> String {
    format!("topic:{topic}")
}

/// `n(i, t, q)` for every actor, topic and stance in the window.
type Counts<'a> = BTreeMap<String, BTreeMap<(&'a str, StanceKind), usize>>;

fn counts<'a>(data: &'a GraphData, opts: &NetworkOptions) -> Counts<'a> {
    let map = roll_up_map(data);
    let topic = opts.topic.as_deref().map(|t| resolve_topic(data, t).unwrap_or(t));
    let mut n: Counts = BTreeMap::new();
    for s in &data.stances {
        if topic.is_some_and(|t| t != s.topic) {
            continue;
        }
        let kept = s.evidence.iter().filter(|e| opts.keeps(e)).count();
        if kept == 0 {
            continue;
        }
        let (actor, _) = counted_for(&map, &s.actor, opts.roll_up);
        *n.entry(actor).or_default().entry((s.topic.as_str(), s.stance)).or_default() += kept;
    }
    n
}

fn ratio(count: usize, denominator: f64) -> f64 {
    if denominator > 0.0 { count as f64 / denominator } else { 0.0 }
}

/// The network of `kind` over the stances in the window.
pub fn network(data: &GraphData, kind: NetworkKind, opts: &NetworkOptions) -> Network {
    let n = counts(data, opts);
    let topics: BTreeSet<&str> = n.values().flat_map(|m| m.keys().map(|(t, _)| *t)).collect();
    let actors: HashMap<&str, &crate::model::Actor> = data.actors.iter().map(|a| (a.name.as_str(), a)).collect();
    let mut nodes: Vec<NetNode> = n
        .iter()
        .map(|(name, m)| {
            let a = actors.get(name.as_str());
            NetNode {
                id: name.clone(),
                label: name.clone(),
                mode: NodeMode::Actor,
                actor_kind: a.map(|a| a.kind),
                member_of: a.and_then(|a| a.member_of.clone()),
                gender: a.and_then(|a| a.gender),
                activity: m.len(),
                evidence: m.values().sum(),
            }
        })
        .collect();
    let touches = |e: &NetEdge| {
        opts.actor.as_deref().is_none_or(|q| actor_matches(q, &e.source) || actor_matches(q, &e.target))
    };
    let edges: Vec<NetEdge> = if kind.one_mode() {
        one_mode_edges(&n, kind, opts.normalization, topics.len())
    } else {
        let labels: HashMap<&str, &str> = data.topics.iter().map(|t| (t.id.as_str(), t.label.as_str())).collect();
        for t in &topics {
            let holders: Vec<&BTreeMap<(&str, StanceKind), usize>> =
                n.values().filter(|m| m.keys().any(|(x, _)| x == t)).collect();
            nodes.push(NetNode {
                id: topic_node_id(t),
                label: labels.get(t).copied().unwrap_or(t).to_string(),
                mode: NodeMode::Topic,
                actor_kind: None,
                member_of: None,
                gender: None,
                activity: holders.len(),
                evidence: holders.iter().flat_map(|m| m.iter().filter(|((x, _), _)| x == t).map(|(_, c)| c)).sum(),
            });
        }
        two_mode_edges(&n, opts.normalization)
    }
    .into_iter()
    .filter(touches)
    .collect();
    Network {
        kind,
        normalization: opts.normalization,
        since: opts.since,
        until: opts.until,
        nodes,
        edges,
        topic_count: topics.len(),
    }
}

fn one_mode_edges(n: &Counts<'_>, kind: NetworkKind, norm: Normalization, topic_count: usize) -> Vec<NetEdge> {
    // Actors by (topic, stance), so only pairs that share a topic are
    // visited: the work grows with the pairs that have an edge.
    let mut holders: BTreeMap<(&str, StanceKind), Vec<&str>> = BTreeMap::new();
    for (actor, m) in n {
        for key in m.keys() {
            holders.entry(*key).or_default().push(actor.as_str());
        }
    }
    let mut pairs: BTreeMap<(&str, &str), (usize, usize, BTreeSet<&str>)> = BTreeMap::new();
    for (&(topic, stance), who) in &holders {
        let others: &[&str] = match kind {
            NetworkKind::Congruence => who,
            _ => {
                // Each opposed pair is visited once, from its demands side.
                if stance == StanceKind::Rejects {
                    continue;
                }
                holders.get(&(topic, stance.opposite())).map_or(&[], Vec::as_slice)
            }
        };
        for (i, a) in who.iter().enumerate() {
            let start = if kind == NetworkKind::Congruence { i + 1 } else { 0 };
            for b in &others[start.min(others.len())..] {
                if a == b {
                    continue;
                }
                let key = if a < b { (*a, *b) } else { (*b, *a) };
                let ev = n[*a][&(topic, stance)] + n[*b][&(topic, kind_stance(kind, stance))];
                let e = pairs.entry(key).or_default();
                e.0 += 1;
                e.1 += ev;
                e.2.insert(topic);
            }
        }
    }
    pairs
        .into_iter()
        .map(|((a, b), (count, evidence, topics))| {
            let (ai, aj) = (n[a].len() as f64, n[b].len() as f64);
            let union = n[a].len() + n[b].len() - shared_pairs(&n[a], &n[b]);
            let weight = match norm {
                Normalization::None => count as f64,
                Normalization::Topics => ratio(count, topic_count as f64),
                Normalization::Average => ratio(count, (ai + aj) / 2.0),
                Normalization::Jaccard => ratio(count, union as f64),
                Normalization::Cosine => ratio(count, (ai * aj).sqrt()),
            };
            NetEdge {
                source: a.to_string(),
                target: b.to_string(),
                count,
                weight,
                evidence,
                topics: topics.into_iter().map(str::to_string).collect(),
                demands: 0,
                rejects: 0,
                signed: 0,
            }
        })
        .collect()
}

/// The stance the second actor of a pair holds.
fn kind_stance(kind: NetworkKind, stance: StanceKind) -> StanceKind {
    if kind == NetworkKind::Congruence { stance } else { stance.opposite() }
}

/// `|A_i ∩ A_j|`, by walking the two sorted key sets together.
fn shared_pairs(a: &BTreeMap<(&str, StanceKind), usize>, b: &BTreeMap<(&str, StanceKind), usize>) -> usize {
    let (mut x, mut y) = (a.keys().peekable(), b.keys().peekable());
    let mut shared = 0;
    while let (Some(p), Some(q)) = (x.peek(), y.peek()) {
        match p.cmp(q) {
            std::cmp::Ordering::Less => {
                x.next();
            }
            std::cmp::Ordering::Greater => {
                y.next();
            }
            std::cmp::Ordering::Equal => {
                shared += 1;
                x.next();
                y.next();
            }
        }
    }
    shared
}

fn two_mode_edges(n: &Counts<'_>, norm: Normalization) -> Vec<NetEdge> {
    let mut edges = Vec::new();
    for (actor, m) in n {
        let total: usize = m.values().sum();
        let mut by_topic: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for (&(topic, stance), &c) in m {
            let e = by_topic.entry(topic).or_default();
            match stance {
                StanceKind::Demands => e.0 += c,
                StanceKind::Rejects => e.1 += c,
            }
        }
        for (topic, (demands, rejects)) in by_topic {
            let count = demands + rejects;
            edges.push(NetEdge {
                source: actor.clone(),
                target: topic_node_id(topic),
                count,
                weight: if norm == Normalization::None { count as f64 } else { ratio(count, total as f64) },
                evidence: count,
                topics: vec![topic.to_string()],
                demands,
                rejects,
                signed: demands as i64 - rejects as i64,
            });
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Actor, Span, Stance, TopicInfo};

    fn ev(day: Option<&str>) -> Evidence {
        Evidence {
            article: "art-1".into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            sentence_text: "x".into(),
            cue: String::new().into(),
            rule: "r".into(),
            date: day.map(|d| d.parse().unwrap()),
            resolution: String::new().into(),
        }
    }

    fn stance(actor: &str, s: StanceKind, topic: &str, days: &[Option<&str>]) -> Stance {
        Stance {
            id: format!("sn-{actor}-{topic}-{}", s.as_str()),
            actor: actor.into(),
            stance: s,
            topic: topic.into(),
            evidence: days.iter().map(|d| ev(*d)).collect(),
        }
    }

    /// Ada and Bo demand tariffs; Cy rejects them; Ada and Cy demand
    /// subsidies; Bo's tariff demand is undated.
    fn data() -> GraphData {
        use StanceKind::*;
        GraphData {
            actors: vec![Actor {
                name: "Ada".into(),
                kind: ActorKind::Person,
                member_of: Some("Wessex".into()),
                rule: "a".into(),
                gender: Some(Gender::Female),
            }],
            topics: vec![TopicInfo { id: "tariffs".into(), label: "Tariffs".into() }],
            stances: vec![
                stance("Ada", Demands, "tariffs", &[Some("2030-01-05"), Some("2030-02-05")]),
                stance("Bo", Demands, "tariffs", &[None]),
                stance("Cy", Rejects, "tariffs", &[Some("2030-01-20")]),
                stance("Ada", Demands, "subsidies", &[Some("2030-03-01")]),
                stance("Cy", Demands, "subsidies", &[Some("2030-03-02")]),
            ],
            ..GraphData::default()
        }
    }

    fn edge<'a>(net: &'a Network, a: &str, b: &str) -> Option<&'a NetEdge> {
        net.edges.iter().find(|e| e.source == a && e.target == b)
    }

    #[test]
    fn congruence_counts_shared_topic_stances() {
        let net = network(&data(), NetworkKind::Congruence, &NetworkOptions::default());
        assert_eq!(net.edges.len(), 2, "{:?}", net.edges);
        let ab = edge(&net, "Ada", "Bo").unwrap();
        assert_eq!((ab.count, ab.evidence, ab.topics.clone()), (1, 3, vec!["tariffs".to_string()]));
        let ac = edge(&net, "Ada", "Cy").unwrap();
        assert_eq!((ac.count, ac.topics.clone()), (1, vec!["subsidies".to_string()]));
        // Bo and Cy share nothing: no edge, but both are nodes.
        assert!(edge(&net, "Bo", "Cy").is_none());
        assert_eq!(net.nodes.len(), 3);
        let ada = &net.nodes[0];
        assert_eq!((ada.activity, ada.evidence, ada.gender), (2, 3, Some(Gender::Female)));
    }

    #[test]
    fn conflict_counts_opposed_stances_once() {
        let net = network(&data(), NetworkKind::Conflict, &NetworkOptions::default());
        let pairs: Vec<(&str, &str, usize)> =
            net.edges.iter().map(|e| (e.source.as_str(), e.target.as_str(), e.count)).collect();
        assert_eq!(pairs, [("Ada", "Cy", 1), ("Bo", "Cy", 1)]);
    }

    #[test]
    fn time_window_drops_undated_and_outside_evidence() {
        let opts = NetworkOptions {
            since: Some("2030-01-10".parse().unwrap()),
            until: Some("2030-02-28".parse().unwrap()),
            ..NetworkOptions::default()
        };
        let net = network(&data(), NetworkKind::Conflict, &opts);
        // Bo's undated demand is out; Ada's February demand meets Cy's
        // January rejection.
        assert_eq!(net.edges.len(), 1);
        assert_eq!(net.edges[0].evidence, 2);
        assert!(network(&data(), NetworkKind::Congruence, &opts).edges.is_empty());
    }

    #[test]
    fn normalisations_follow_their_formulas() {
        let weight = |norm| {
            let opts = NetworkOptions { normalization: norm, ..NetworkOptions::default() };
            edge(&network(&data(), NetworkKind::Congruence, &opts), "Ada", "Cy").unwrap().weight
        };
        // Ada holds 2 pairs, Cy 2, one shared; 2 topics in all.
        assert_eq!(weight(Normalization::None), 1.0);
        assert_eq!(weight(Normalization::Topics), 0.5);
        assert_eq!(weight(Normalization::Average), 0.5);
        assert!((weight(Normalization::Jaccard) - 1.0 / 3.0).abs() < 1e-12);
        assert_eq!(weight(Normalization::Cosine), 0.5);
    }

    #[test]
    fn two_mode_splits_demands_and_rejects() {
        let mut d = data();
        d.stances.push(stance("Cy", StanceKind::Demands, "tariffs", &[Some("2030-04-01")]));
        let net = network(&d, NetworkKind::ActorTopic, &NetworkOptions::default());
        let cy = edge(&net, "Cy", "topic:tariffs").unwrap();
        assert_eq!((cy.demands, cy.rejects, cy.signed, cy.count), (1, 1, 0, 2));
        let topic = net.nodes.iter().find(|n| n.id == "topic:tariffs").unwrap();
        assert_eq!((topic.label.as_str(), topic.activity, topic.evidence), ("Tariffs", 3, 5));
        let share = NetworkOptions { normalization: Normalization::Topics, ..NetworkOptions::default() };
        let net = network(&d, NetworkKind::ActorTopic, &share);
        assert_eq!(edge(&net, "Ada", "topic:tariffs").unwrap().weight, 2.0 / 3.0);
    }

    #[test]
    fn roll_up_and_filters() {
        let mut d = data();
        d.actors.push(Actor {
            name: "Wessex".into(),
            kind: ActorKind::Country,
            member_of: None,
            rule: "w".into(),
            gender: None,
        });
        let opts = NetworkOptions { roll_up: true, ..NetworkOptions::default() };
        let net = network(&d, NetworkKind::Conflict, &opts);
        assert!(edge(&net, "Cy", "Wessex").is_some(), "{:?}", net.edges);
        let opts = NetworkOptions { topic: Some("Subsidies".into()), ..NetworkOptions::default() };
        assert!(network(&d, NetworkKind::Conflict, &opts).edges.is_empty());
        let opts = NetworkOptions { actor: Some("bo".into()), ..NetworkOptions::default() };
        let net = network(&d, NetworkKind::Conflict, &opts);
        assert_eq!(net.edges.len(), 1);
        assert_eq!(net.nodes.len(), 3, "filters keep every actor as a node");
    }
}
