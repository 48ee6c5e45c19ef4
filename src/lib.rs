//! claimgraph: who said what in the news, as a knowledge graph.
//!
//! The pipeline runs one way: [`ingest`] reads an article, [`segment`] finds
//! paragraphs, quotations and sentences, [`actors`] finds who is mentioned,
//! [`quotes`] extracts statements, [`stances`] extracts positions, and
//! [`extract`] ties them into one pure function of text and rules. The
//! [`store`] merges extractions into the graph file; [`graph`] builds the
//! petgraph view; [`query`], [`export`] and [`eval`] read it.
//! See `ARCHITECTURE.md`.

// Errors carry the source text so the CLI can show the offending line; they
// are built once per failed run, so their size costs nothing where it matters.
#![allow(clippy::result_large_err)]

pub mod actors;
pub mod dates;
pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod ingest;
pub mod model;
pub mod query;
pub mod quotes;
pub mod rulecheck;
pub mod rules;
pub mod scan;
pub mod segment;
pub mod stances;
pub mod store;
pub mod synth;
pub mod verify;

pub use error::{Error, Result};
