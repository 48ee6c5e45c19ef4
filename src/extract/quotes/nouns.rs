//! Noun cues: "Jane Doe's claim that …", "his warning that …", "the pledge
//! by Jane Doe that …". The noun names what was said; its holder is the
//! possessor or the "by"/"from" phrase after it, and what was said is the
//! "that" clause. A noun with no holder ("the claim that the bridge was
//! unsafe proved false") reports nobody's words.

use crate::extract::actors::Mention;
use crate::extract::cues::{CueHit, Possessor, possessor};
use crate::rules::CueForm;
use crate::model::{FoundStatement, QuoteKind, Span};

use super::ctx::Ctx;
use super::reported::complement;
use super::words::*;

/// Words right after "that" that make it a relative pronoun on the noun
/// ("the claim that was rejected"), not the start of what was said.
const RELATIVE_NEXT: &[&str] = &["was", "is", "were", "are", "has", "had", "have", "would", "will", "could", "can", "may", "might", "should", "did", "does", "he", "she", "they", "i", "we"];

/// The holder of the noun cue and where its "that" (or "is that") stands.
pub(crate) fn noun_holder<'a>(ctx: &'a Ctx, sentence: Span, cue: &CueHit) -> Option<(&'a Mention, usize)> {
    let after = &ctx.text[cue.span.end..sentence.end];
    // "the claim by Jane Doe that", "a warning from the ministry that".
    let agent = ["by ", "from "].iter().find_map(|p| after.trim_start().strip_prefix(p)).map(|rest| sentence.end - rest.len());
    let (holder, that_from) = match agent {
        Some(at) => {
            let m = ctx.speaker_after(at, sentence.end)?;
            (m, m.span.end)
        }
        None => {
            let m = match possessor(ctx.text, cue.span)? {
                Possessor::Named(end) => ctx.cast.mentions_in(Span::new(sentence.start, end)).filter(|m| m.span.end == end).last()?,
                Possessor::Pronoun(p) => ctx.cast.mentions_in(p).find(|m| m.span == p)?,
            };
            (m, cue.span.end)
        }
    };
    if holder.in_quote || holder.span.start < sentence.start {
        return None;
    }
    let rest = &ctx.text[that_from..sentence.end];
    let trimmed = rest.trim_start();
    // "her argument is that …", "his position was that …".
    let copula = ["is that ", "was that ", "has been that "].iter().find(|c| trimmed.starts_with(*c)).map_or(0, |c| c.len() - "that ".len());
    let that = &trimmed[copula..];
    let next = that.strip_prefix("that ")?.split_whitespace().next()?;
    if RELATIVE_NEXT.iter().any(|w| next.eq_ignore_ascii_case(w)) {
        return None;
    }
    Some((holder, sentence.end - that.len()))
}

/// The statements of every noun cue with a holder and a "that" clause.
/// A verb's clause that opens with such a noun ("repeated his claim that
/// …") goes: the noun's "that" clause is what was said, and the verb
/// reports nothing more.
pub(crate) fn noun_speech(ctx: &Ctx, out: &mut Vec<FoundStatement>) {
    // (sentence start, cue start, clause end), in article order.
    let mut held: Vec<(usize, usize, usize)> = Vec::new();
    let mut found = Vec::new();
    for cue in ctx.cues.iter().filter(|c| c.form == CueForm::Noun && c.reported) {
        let sentence = ctx.sentence_span(cue.span.start);
        let Some((holder, that_at)) = noun_holder(ctx, sentence, cue) else { continue };
        let Some(clause) = complement(ctx, sentence, that_at, false) else { continue };
        held.push((sentence.start, cue.span.start, clause.end));
        found.push(FoundStatement {
            speaker: ctx.cast.name(holder.actor).to_string(),
            kind: QuoteKind::Indirect,
            text: clause.slice(ctx.text).to_string(),
            evidence: ctx.evidence(clause, sentence, cue.span.slice(ctx.text).to_string(), ctx.rule_id(cue), reason_for("holder of the noun: ", &holder.reason)),
        });
    }
    if held.is_empty() {
        return;
    }
    out.retain(|st| {
        let span = st.evidence.span;
        let first = held.partition_point(|h| h.0 < st.evidence.sentence.start);
        let opens_with_noun = held[first..].iter().take_while(|h| h.0 == st.evidence.sentence.start).any(|&(_, cue_start, clause_end)| {
            span.start < cue_start && span.end >= clause_end && count_words(&ctx.text[span.start..cue_start], 5) <= 4
        });
        !(st.kind == QuoteKind::Indirect && opens_with_noun)
    });
    out.extend(found);
}
