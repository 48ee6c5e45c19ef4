//! The one integration-test binary: one module per area.
mod ingest;
mod store;
mod dot;
mod report;
mod eval;
mod corpus;
mod rules;
mod extract;
mod stances;
mod query;
mod robustness;
