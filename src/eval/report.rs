//! What `eval` reports: precision, recall and F1, the score rows, per-rule
//! scores and the scoring errors listed for tuning rules.

use serde::Serialize;

/// Precision, recall and F1 with the counts they come from. A ratio with a
/// zero denominator is reported as 0.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(true_positives: usize, predicted: usize, gold: usize) -> Self {
        let precision = ratio(true_positives, predicted);
        let recall = ratio(true_positives, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            true_positives,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

pub(crate) fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one row (direct, indirect or all).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct QuoteScore {
    /// Matched quotes, speaker ignored.
    pub detection: Prf,
    /// Matched quotes whose speaker is right.
    pub attributed: usize,
    /// `attributed / detection.true_positives`.
    pub attribution_accuracy: f64,
    /// Matched and correctly attributed.
    pub end_to_end: Prf,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct QuoteScores {
    pub direct: QuoteScore,
    pub indirect: QuoteScore,
    pub all: QuoteScore,
}

/// Which family a rule's predictions belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Statement,
    Stance,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    pub rule: String,
    pub family: Family,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    /// Share of all gold items of the family this rule recovered.
    pub recall: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// A predicted quote no gold quote matches.
    FalsePositive,
    /// A gold quote no prediction matches.
    FalseNegative,
    /// Matched, but the speaker is wrong.
    WrongSpeaker,
    /// Matched with the right speaker, but direct/indirect differ (counts as
    /// a miss and a false alarm in the per-kind rows).
    WrongKind,
    /// A predicted stance tuple not in the gold.
    StanceFalsePositive,
    /// A gold stance tuple not predicted.
    StanceFalseNegative,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::FalsePositive => "FP",
            ErrorKind::FalseNegative => "FN",
            ErrorKind::WrongSpeaker => "SPEAKER",
            ErrorKind::WrongKind => "KIND",
            ErrorKind::StanceFalsePositive => "STANCE-FP",
            ErrorKind::StanceFalseNegative => "STANCE-FN",
        }
    }
}

/// One scoring error, for tuning rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalError {
    pub article: String,
    pub kind: ErrorKind,
    /// `direct`/`indirect` for quotes (the predicted kind where there is a
    /// prediction), `demands`/`rejects` for stances.
    pub item: String,
    pub predicted_speaker: Option<String>,
    pub gold_speaker: Option<String>,
    /// The quote text, or `topic` for stances (with the evidence sentence
    /// after it).
    pub text: String,
    /// The rule that made the prediction, if any.
    pub rule: Option<String>,
    /// Byte offset in the article (the prediction's span, or where the gold
    /// text stands); errors are listed in this order within an article, so
    /// a prediction with wrong boundaries sits next to the gold it missed.
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub corpus: String,
    pub articles: usize,
    pub quotes: QuoteScores,
    pub stances: Prf,
    pub per_rule: Vec<RuleScore>,
    pub errors: Vec<EvalError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f1_is_the_harmonic_mean() {
        let p = Prf::new(2, 4, 2);
        assert_eq!((p.precision, p.recall), (0.5, 1.0));
        assert!((p.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Prf::new(0, 0, 0).f1, 0.0);
    }
}
