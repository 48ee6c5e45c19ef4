//! Questions asked of the graph: positions, who said what, contradictions,
//! ledgers (pure functions from graph data to serializable rows), and the
//! petgraph view of the graph.

pub mod graph;
pub(crate) mod queries;

pub use queries::*;
