//! The graph store: the RON file that holds every article, actor, statement
//! and stance, merged across ingests.

use serde::{Deserialize, Serialize};

use crate::model::{Actor, ArticleMeta, Stance, Statement};

/// Bumped when the file layout changes incompatibly.
pub const FORMAT_VERSION: u32 = 1;

/// A topic as stored in the graph (so queries need no rule files).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicInfo {
    pub id: String,
    pub label: String,
}

/// Everything the graph file holds. Plain data: the petgraph view is built
/// from it on demand (see [`crate::graph`]).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GraphData {
    pub format: u32,
    pub articles: Vec<ArticleMeta>,
    pub actors: Vec<Actor>,
    pub topics: Vec<TopicInfo>,
    pub statements: Vec<Statement>,
    pub stances: Vec<Stance>,
}

/// Hex SHA-256 of an article's text.
pub fn content_hash(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}
