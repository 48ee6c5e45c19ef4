//! Questions asked of the graph: positions, who said what, contradictions,
//! ledgers (pure functions from graph data to serializable rows), the
//! discourse networks built from stances, counts per outlet and month, and
//! the petgraph view of the graph.

pub mod corrections;
pub mod graph;
pub mod networks;
pub(crate) mod queries;
pub mod capped;
pub mod indexed;
pub mod limit;
pub mod contradiction_view;
pub mod overlay;
pub mod stats;

pub use queries::*;
