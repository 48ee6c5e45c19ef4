//! placeholder
use crate::model::GraphData;
pub fn to_dna_sql(_g: &GraphData) -> String { String::new() }
