//! The order the graph keeps a statement's or stance's evidence in, shared
//! by the merge and the query index (which reads rows back in it).

use crate::model::Evidence;

type EvidenceKey<'a> = (
    Option<chrono::NaiveDate>,
    &'a str,
    usize,
    usize,
    &'a str,
    usize,
    &'a str,
);

/// Chronological, then by position in the article.
pub(crate) fn evidence_key(e: &Evidence) -> EvidenceKey<'_> {
    (
        e.date,
        &e.article,
        e.span.start,
        e.span.end,
        &e.rule,
        e.sentence.start,
        &e.cue,
    )
}

/// Evidence in the order the graph keeps it (chronological, then by
/// position), duplicates removed.
pub(crate) fn sort_evidence(ev: &mut Vec<Evidence>) {
    ev.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
    ev.dedup();
}
