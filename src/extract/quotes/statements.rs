//! Every statement of an article, direct and reported.

use crate::model::FoundStatement;

use super::ctx::Ctx;
use super::direct::direct_quotes;
use super::nouns::noun_speech;
use super::reported::reported_speech;

/// Extracts every statement of the article.
pub fn extract_statements(ctx: &Ctx) -> Vec<FoundStatement> {
    let mut out = Vec::new();
    direct_quotes(ctx, &mut out);
    reported_speech(ctx, &mut out);
    noun_speech(ctx, &mut out);
    out.sort_by_key(|s| (s.evidence.span.start, s.kind, s.evidence.span.end));
    out.dedup_by(|a, b| a.kind == b.kind && a.evidence.span == b.evidence.span && a.speaker == b.speaker);
    out
}
