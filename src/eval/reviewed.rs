//! Scores before and after review: the same extractions, once as the
//! machine made them and once with the coders' corrections laid over them,
//! so `eval` shows how much review changed.

use std::path::Path;

use crate::error::Result;
use crate::eval::gold::Gold;
use crate::eval::report::EvalReport;
use crate::eval::score::{predict, score};
use crate::model::Corrections;
use crate::query::corrections::apply_to_found;
use crate::rules::CompiledRules;

/// The machine's scores and the scores after `corrections`.
pub fn evaluate_reviewed(gold: &Gold, corpus: &Path, rules: &CompiledRules, corrections: &Corrections) -> Result<(EvalReport, EvalReport)> {
    let machine = predict(gold, corpus, rules)?;
    let reviewed: Vec<_> = machine
        .iter()
        .cloned()
        .map(|mut p| {
            apply_to_found(&mut p.statements, &mut p.stances, corrections);
            p
        })
        .collect();
    Ok((score(gold, &machine), score(gold, &reviewed)))
}
