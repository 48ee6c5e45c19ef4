//! Direct quotations: attributed to a speaker after the quotation, before
//! it, or by continuing the paragraph's speaker.

use crate::extract::actors::Mention;
use crate::extract::segment::{QuoteRegion, stop_after};
use crate::model::{FoundStatement, QuoteKind, Span};
use crate::rules::CueForm;

use super::ctx::{Attribution, Ctx};
use super::intro::{intro_sentence, name_colon, sign_off};
use super::words::*;

/// Quotations this short with no speech cue are scare quotes or names.
pub(crate) const SCARE_QUOTE_MAX_WORDS: usize = 4;


pub(crate) fn direct_quotes(ctx: &Ctx, out: &mut Vec<FoundStatement>) {
    // The last attributed quotation, for continuations.
    let mut last: Option<(usize, Attribution, bool)> = None; // (paragraph, attribution, paragraph opened with a quote)
    let quotes: &[QuoteRegion] = &ctx.seg.quotes;
    for (qi, q) in quotes.iter().enumerate() {
        let para = ctx.seg.paragraphs[q.paragraph].span;
        let inner = trim_quote_text(ctx.text, q.inner);
        if inner.is_empty() {
            continue;
        }
        // The word count is only compared with 0 and, for a quotation
        // without a cue, with SCARE_QUOTE_MAX_WORDS: count no further.
        let has_words = count_words(inner.slice(ctx.text), 1) > 0;
        let before_mark = ctx.text[..q.outer.start].trim_end();
        if before_mark.ends_with("so-called") || before_mark.ends_with("what they call") || before_mark.ends_with("dubbed") {
            continue;
        }
        let sentence_start = ctx.sentence_span(q.outer.start).start.min(q.outer.start);
        if is_quoted_name(inner.slice(ctx.text), &ctx.text[sentence_start..q.outer.start], &ctx.rules.lexicon) {
            continue;
        }
        let next_quote_start = quotes.get(qi + 1).filter(|n| n.paragraph == q.paragraph).map_or(para.end, |n| n.outer.start);
        let prev_quote_end = qi.checked_sub(1).and_then(|i| quotes.get(i)).filter(|p| p.paragraph == q.paragraph).map(|p| p.outer.end);
        let sentence = ctx.sentence_span(q.outer.start);
        let opens_paragraph = q.outer.start == para.start;

        let open_end = ends_open(q.inner.slice(ctx.text));
        let head_start = sentence.start.max(prev_quote_end.unwrap_or(0));
        // "Jane Doe called the plan “reckless.” Tom Roe said …": a quotation
        // closing a sentence that has its own words before it is no
        // attribution's object for the name that opens the next sentence.
        let closes_own_sentence = !open_end && count_words(&ctx.text[sentence.start.min(q.outer.start)..q.outer.start], 1) > 0;
        let attribution = (!closes_own_sentence)
            .then(|| attribute_after(ctx, q.outer.end, next_quote_start, open_end))
            .flatten()
            .or_else(|| sign_off(ctx, q.outer.end, next_quote_start))
            .or_else(|| attribute_before(ctx, head_start, q.outer.start, has_words))
            .or_else(|| prev_quote_end.filter(|&e| e > sentence.start).and_then(|_| attribute_before(ctx, sentence.start, q.outer.start, has_words)))
            .or_else(|| name_colon(ctx, Span::new(head_start, q.outer.start)))
            .or_else(|| {
                // "Doe replied:" / "And from Jane Doe:" before a quotation paragraph.
                let (intro, end, colon) = if opens_paragraph { intro_sentence(ctx, q.paragraph)? } else { return None };
                attribute_in(ctx, intro, intro.start, end, has_words).or_else(|| if colon { name_colon(ctx, intro) } else { None })
            })
            .or_else(|| {
                // “A,” he said. “B.” — the same speaker goes on.
                let (lp, prev, prev_opened) = last.as_ref()?;
                let same_paragraph = *lp == q.paragraph && prev_quote_end.is_some() && q.outer.start == sentence.start;
                // A quotation that opens the paragraph after the speaker's
                // goes on with the same speaker when the quotation before it
                // ran on unclosed, or when nothing in this paragraph can name
                // another speaker (no speech cue outside the quotations).
                let prev_unclosed = qi.checked_sub(1).and_then(|i| quotes.get(i)).is_some_and(|p| !p.closed && p.paragraph + 1 == q.paragraph);
                // A quotation whose sentence goes on after the closing mark
                // ("…,” Jane quipped) has an attribution of its own, read or not.
                let unattributed = || {
                    let goes_on = open_end && count_words(&ctx.text[q.outer.end.min(sentence.end)..sentence.end], 1) > 0;
                    !goes_on && (*prev_opened || ctx.cues_in(sentence).next().is_none())
                };
                let next_paragraph = *lp + 1 == q.paragraph && opens_paragraph && (prev_unclosed || unattributed());
                (same_paragraph || next_paragraph).then(|| Attribution {
                    speakers: prev.speakers.clone(),
                    cue: if next_paragraph { String::new() } else { prev.cue.clone() },
                    rule: prev.rule.clone(),
                    reason: format!("continues the previous quotation of {}", prev.speakers.iter().map(|s| ctx.cast.name(*s)).collect::<Vec<_>>().join(", ")),
                })
            });
        let Some(attribution) = attribution else { continue };
        if attribution.cue.is_empty() && count_words(inner.slice(ctx.text), SCARE_QUOTE_MAX_WORDS + 1) <= SCARE_QUOTE_MAX_WORDS {
            continue;
        }
        // A quotation the segmenter cut into sentences (stray marks in
        // broken markup can do that) is cited with all the sentence text it
        // spans, so the evidence sentence always holds the quotation.
        let cited = Span::new(sentence.start.min(inner.start), sentence.end.max(inner.end));
        for &speaker in &attribution.speakers {
            out.push(FoundStatement {
                speaker: ctx.cast.name(speaker).to_string(),
                kind: QuoteKind::Direct,
                text: inner.slice(ctx.text).to_string(),
                evidence: ctx.evidence(inner, cited, attribution.cue.clone(), &attribution.rule, attribution.reason.clone()),
            });
        }
        let opened = opens_paragraph || last.as_ref().is_some_and(|(lp, _, o)| *lp == q.paragraph && *o);
        last = Some((q.paragraph, attribution, opened));
    }
}

/// "“…,” Trump said" / "“…,” said Jane Doe" / "“…,” he told Reuters" /
/// "“…,” Rovers chairman Richard Hale said". `open_end`: the quotation
/// ends in a comma, question mark or dash, so its sentence goes on.
pub(crate) fn attribute_after(ctx: &Ctx, quote_end: usize, limit: usize, open_end: bool) -> Option<Attribution> {
    let tail_end = stop_after(ctx.text, quote_end, limit);
    let tail = Span::new(quote_end, tail_end);
    let cue = ctx.cues_in(tail).find(|c| !matches!(c.form, CueForm::Participle | CueForm::Noun))?;
    let gap = &ctx.text[quote_end..cue.span.start];
    if cue.form == CueForm::Source {
        // "“…,” according to Jane Doe"
        let m = ctx.speaker_after(cue.span.end, tail_end).filter(|_| gap.trim().is_empty() || gap.trim() == ",")?;
        return Some(Attribution { speakers: vec![m.actor], cue: ctx.cue_text(cue, tail_end).0, rule: ctx.rule_id(cue).to_string(), reason: reason_for("named after `according to`: ", &m.reason) });
    }
    // Speaker first: ", Trump said"
    let subjects = ctx.speakers_before(cue, quote_end);
    if let Some((first, _)) = subjects.first() {
        let lead = ctx.text[quote_end..first.span.start].trim();
        let lead = lead.strip_prefix(',').unwrap_or(lead);
        // A title between the mark and the name ("…,” Russian President
        // Vladimir Putin said) only when the quotation's sentence goes on:
        // after a full stop the words start a sentence of their own.
        if lead.trim().is_empty() || (open_end && is_title_lead(lead, &ctx.rules.lexicon)) {
            let (cue_text, _) = ctx.cue_text(cue, tail_end);
            return Some(Attribution {
                speakers: subjects.iter().map(|(m, _)| m.actor).collect(),
                cue: cue_text,
                rule: ctx.rule_id(cue).to_string(),
                reason: join_reasons("speaker after the quotation: ", &subjects, true),
            });
        }
    }
    // Cue first: ", said Jane Doe"
    if gap.trim().is_empty() || gap.trim() == "," {
        let (cue_text, cue_end) = ctx.cue_text(cue, tail_end);
        if let Some(m) = ctx.speaker_after(cue.span.end, tail_end.max(cue_end)) {
            return Some(Attribution {
                speakers: vec![m.actor],
                cue: cue_text,
                rule: ctx.rule_id(cue).to_string(),
                reason: reason_for("speaker named after the cue: ", &m.reason),
            });
        }
    }
    None
}

/// "Trump said on Monday: “…”" / "Trump said he was “making progress”".
pub(crate) fn attribute_before(ctx: &Ctx, from: usize, quote_start: usize, has_words: bool) -> Option<Attribution> {
    attribute_in(ctx, ctx.sentence_span(quote_start), from, quote_start, has_words)
}

/// [`attribute_before`] with the introducing sentence given: it is not the
/// quotation's own when a paragraph introduces the next ("Doe replied").
pub(crate) fn attribute_in(ctx: &Ctx, sentence: Span, from: usize, quote_start: usize, has_words: bool) -> Option<Attribution> {
    let head = Span::new(from, quote_start);
    let cue = ctx.cues_in(head).filter(|c| c.form != CueForm::Noun && (c.form != CueForm::Participle || has_words)).last()?.clone();
    let (cue_text, _) = ctx.cue_text(&cue, quote_start);
    let rule = ctx.rule_id(&cue).to_string();
    match cue.form {
        CueForm::Source => {
            let m = ctx.speaker_after(cue.span.end, quote_start)?;
            Some(Attribution { speakers: vec![m.actor], cue: cue_text, rule, reason: reason_for("named after `according to`: ", &m.reason) })
        }
        CueForm::Participle => {
            // ", adding, “…”": the speaker of the sentence's main cue.
            let main = ctx.cues_in(Span::new(sentence.start, cue.span.start)).filter(|c| c.form == CueForm::Verb).last();
            let subject = main
                .and_then(|c| ctx.speakers_before(c, sentence.start).first().map(|(m, _)| *m))
                .or_else(|| ctx.sentence_subject(sentence, cue.span.start))?;
            Some(Attribution { speakers: vec![subject.actor], cue: cue_text, rule, reason: reason_for("participle continues the subject: ", &subject.reason) })
        }
        // Filtered out above: a noun cue introduces no quotation.
        CueForm::Noun => None,
        CueForm::Verb => {
            let subjects = ctx.speakers_before(&cue, sentence.start);
            if !subjects.is_empty() {
                return Some(Attribution {
                    speakers: subjects.iter().map(|(m, _)| m.actor).collect(),
                    cue: cue_text,
                    rule,
                    reason: join_reasons("speaker before the cue that introduces the quotation: ", &subjects, false),
                });
            }
            let m = ctx.sentence_subject(sentence, cue.span.start)?;
            Some(Attribution { speakers: vec![m.actor], cue: cue_text, rule, reason: reason_for("sentence subject: ", &m.reason) })
        }
    }
}

/// Why a reported clause has its speakers; spelled out only for a clause
/// that is kept, since most cues have none.
pub(crate) enum Why<'m> {
    Participle,
    Named(Vec<(&'m Mention, &'static str)>),
    Subject(&'m Mention),
}

impl Why<'_> {
    /// Where the speaker's name starts, when one is named for this cue.
    pub(crate) fn subject_start(&self) -> Option<usize> {
        match self {
            Why::Participle => None,
            Why::Named(subjects) => subjects.first().map(|(m, _)| m.span.start),
            Why::Subject(m) => Some(m.span.start),
        }
    }

    pub(crate) fn reason(&self) -> String {
        match self {
            Why::Participle => "participle continues the sentence's speaker".into(),
            Why::Named(subjects) => join_reasons("", subjects, true),
            Why::Subject(m) => reason_for("sentence subject: ", &m.reason),
        }
    }
}
