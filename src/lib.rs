//! claimgraph: who said what in the news, as a knowledge graph.
//!
//! The library is in layers, each a folder importing only the ones before
//! it: [`model`] (plain data), [`source`] (articles from files), [`rules`]
//! (rule files, compiled), [`extract`] (the pure extractor), [`store`] (the
//! graph file), [`query`], [`export`], [`eval`], the [`Pipeline`] facade
//! that ties them together, and [`serve`], the explorer web app. See
//! `ARCHITECTURE.md`.

// Errors carry the source text so the CLI can show the offending line; they
// are built once per failed run, so their size costs nothing where it matters.
#![allow(clippy::result_large_err)]

pub mod error;
pub mod eval;
pub mod export;
pub mod extract;
pub mod model;
pub mod query;
pub mod rules;
pub mod serve;
pub mod source;
pub mod store;

pub use error::{Error, Result};
mod pipeline;

pub use pipeline::{IngestReport, MergeSummary, OnDamage, Pipeline, Progress, Silent, Skipped, open};
