//! Writing the graph out: DOT views ([`dot`], [`networks`]), pictures
//! ([`render`]), the HTML report ([`report`]), GraphML and CSV for graph
//! tools ([`graphml`], [`csv`], both built on the rows of [`table`]), the
//! discourse networks as GEXF, Pajek and matrix CSV ([`gexf`], [`pajek`],
//! [`networks`]), the flat per-statement table ([`statements`]), a
//! Discourse Network Analyzer database ([`dna`]) and the JSON export with
//! its schema ([`json`], [`schema`]).

pub mod csv;
pub mod dna;
pub mod dot;
pub mod dot_text;
pub mod gexf;
pub mod graphml;
pub mod json;
pub mod networks;
pub mod pajek;
pub mod parquet;
pub mod render;
pub mod report;
pub mod report_rows;
pub mod schema;
pub mod scope;
pub mod statements;
pub mod timeline;
pub mod table;
