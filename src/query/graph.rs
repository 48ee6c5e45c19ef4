//! The petgraph view of a [`GraphData`]: actors, statements, articles and
//! topics as nodes, keyed by stable string ids so callers can look nodes up
//! by the ids they see in files and exports.
//!
//! Keys: statements and articles use their ids (`st-…`, `art-…`); actors and
//! topics, whose names could collide with each other, are prefixed
//! (`actor:Name`, `topic:id`). See [`actor_key`] and [`topic_key`].

use std::collections::HashMap;

use petgraph::stable_graph::{NodeIndex, StableGraph};

use crate::model::StanceKind;
use crate::store::GraphData;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Node {
    /// An actor, by name (speakers the graph has no actor entry for, such as
    /// `UNKNOWN`, get a node too).
    Actor(String),
    /// A statement, by id.
    Statement(String),
    /// An article, by id.
    Article(String),
    /// A topic, by id.
    Topic(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Edge {
    /// actor → statement
    Said,
    /// actor → actor it speaks for
    MemberOf,
    /// statement → article it is reported in
    From,
    /// actor → topic; carries the stance id
    Demands(String),
    /// actor → topic; carries the stance id
    Rejects(String),
}

pub fn actor_key(name: &str) -> String {
    format!("actor:{name}")
}

pub fn topic_key(id: &str) -> String {
    format!("topic:{id}")
}

#[derive(Debug, Clone, Default)]
pub struct ClaimGraph {
    pub graph: StableGraph<Node, Edge>,
    index: HashMap<String, NodeIndex>,
}

impl ClaimGraph {
    pub fn build(data: &GraphData) -> ClaimGraph {
        let mut g = ClaimGraph::default();
        for a in &data.actors {
            g.add(actor_key(&a.name), Node::Actor(a.name.clone()));
        }
        for t in &data.topics {
            g.add(topic_key(&t.id), Node::Topic(t.id.clone()));
        }
        for a in &data.articles {
            g.add(a.id.clone(), Node::Article(a.id.clone()));
        }
        for a in &data.actors {
            if let Some(parent) = &a.member_of {
                let from = g.add(actor_key(&a.name), Node::Actor(a.name.clone()));
                let to = g.add(actor_key(parent), Node::Actor(parent.clone()));
                g.graph.add_edge(from, to, Edge::MemberOf);
            }
        }
        for s in &data.statements {
            let st = g.add(s.id.clone(), Node::Statement(s.id.clone()));
            let speaker = g.add(actor_key(&s.speaker), Node::Actor(s.speaker.clone()));
            g.graph.add_edge(speaker, st, Edge::Said);
            let mut articles: Vec<&str> = s.evidence.iter().map(|e| e.article.as_str()).collect();
            articles.sort_unstable();
            articles.dedup();
            for art in articles {
                let a = g.add(art.to_string(), Node::Article(art.to_string()));
                g.graph.add_edge(st, a, Edge::From);
            }
        }
        for s in &data.stances {
            let actor = g.add(actor_key(&s.actor), Node::Actor(s.actor.clone()));
            let topic = g.add(topic_key(&s.topic), Node::Topic(s.topic.clone()));
            let edge = match s.stance {
                StanceKind::Demands => Edge::Demands(s.id.clone()),
                StanceKind::Rejects => Edge::Rejects(s.id.clone()),
            };
            g.graph.add_edge(actor, topic, edge);
        }
        g
    }

    /// The node for `key`, adding it if it is new.
    fn add(&mut self, key: String, node: Node) -> NodeIndex {
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.graph.add_node(node);
        self.index.insert(key, i);
        i
    }

    /// The node with this key (a statement or article id, or an
    /// [`actor_key`] / [`topic_key`]).
    pub fn node(&self, key: &str) -> Option<NodeIndex> {
        self.index.get(key).copied()
    }

    pub fn actor(&self, name: &str) -> Option<NodeIndex> {
        self.node(&actor_key(name))
    }

    pub fn topic(&self, id: &str) -> Option<NodeIndex> {
        self.node(&topic_key(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::*;
    use crate::store::TopicInfo;
    use petgraph::Direction;

    fn ev(article: &str) -> Evidence {
        Evidence {
            article: article.into(),
            span: Span::new(0, 1),
            sentence: Span::new(0, 1),
            sentence_text: String::new().into(),
            cue: String::new().into(),
            rule: "r".into(),
            date: None,
            resolution: String::new().into(),
        }
    }

    #[test]
    fn builds_nodes_and_edges() {
        let data = GraphData {
            actors: vec![
                Actor {
                    name: "Anna".into(),
                    kind: ActorKind::Person,
                    member_of: Some("Ruritania".into()),
                    rule: "a".into(),
                    gender: None,
                },
                Actor {
                    name: "Ruritania".into(),
                    kind: ActorKind::Country,
                    member_of: None,
                    rule: "b".into(),
                    gender: None,
                },
            ],
            topics: vec![TopicInfo {
                id: "ceasefire".into(),
                label: "Ceasefire".into(),
            }],
            statements: vec![Statement {
                id: "st-1".into(),
                speaker: "Anna".into(),
                kind: QuoteKind::Direct,
                text: "x".into(),
                evidence: vec![ev("art-1"), ev("art-2"), ev("art-1")],
            }],
            stances: vec![Stance {
                id: "sn-1".into(),
                actor: "Ruritania".into(),
                stance: StanceKind::Rejects,
                topic: "ceasefire".into(),
                evidence: vec![ev("art-1")],
            }],
            ..GraphData::default()
        };
        let g = ClaimGraph::build(&data);
        // 2 actors, 1 topic, 1 statement, 2 articles (named only by evidence).
        assert_eq!(g.graph.node_count(), 6);
        let anna = g.actor("Anna").unwrap();
        let st = g.node("st-1").unwrap();
        assert!(g.graph.find_edge(anna, st).is_some_and(|e| g.graph[e] == Edge::Said));
        assert_eq!(g.graph.edges_directed(st, Direction::Outgoing).count(), 2);
        let country = g.actor("Ruritania").unwrap();
        assert_eq!(g.graph[g.graph.find_edge(anna, country).unwrap()], Edge::MemberOf);
        let topic = g.topic("ceasefire").unwrap();
        assert_eq!(
            g.graph[g.graph.find_edge(country, topic).unwrap()],
            Edge::Rejects("sn-1".into())
        );
        assert!(g.topic("Anna").is_none());
    }
}
