//! Writing the graph out: DOT views ([`dot`]), pictures ([`render`]), the
//! HTML report ([`report`]), and GraphML and CSV for graph tools
//! ([`graphml`], [`csv`], both built on the rows of [`table`]).

pub mod csv;
pub mod dot;
pub mod graphml;
pub mod json;
pub mod render;
pub mod report;
pub mod table;
