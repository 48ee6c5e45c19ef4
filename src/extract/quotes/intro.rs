//! Quotations introduced without a speech verb next to them: a sign-off
//! after a dash ("“…” — Jane Doe"), a name and a colon ("Jane Doe: “…”",
//! "And from Chairwoman Jane Doe:" before a quotation paragraph), and a
//! paragraph that only introduces the next one ("Doe replied:"), whose
//! sentence direct.rs attributes as it does any introduction.

use crate::extract::actors::Mention;
use crate::model::Span;

use super::ctx::{Attribution, Ctx};
use super::words::*;

/// Rule ids of the attributions made here: no rule file cue took part.
const SIGN_OFF: &str = "quote.sign-off";
const NAME_COLON: &str = "quote.name-colon";

/// "“…” — Jane Doe" / "\"…\" -Commissioner Jane Doe": a dash after the
/// closing mark, then (after an optional title) a name that ends the
/// paragraph or is followed only by an appositive or a full stop.
pub(crate) fn sign_off(ctx: &Ctx, quote_end: usize, para_end: usize) -> Option<Attribution> {
    let rest = &ctx.text[quote_end..para_end];
    let after_dash = rest.trim_start().strip_prefix(['—', '–', '-'])?.trim_start_matches(['—', '–', '-']);
    let from = para_end - after_dash.len();
    let m = ctx.cast.mentions_in(Span::new(from, para_end)).find(|m| !possessive(ctx, m))?;
    let lead = &ctx.text[from..m.span.start];
    let tail = ctx.text[m.span.end..para_end].trim();
    let ends = tail.is_empty() || tail == "." || tail.starts_with([',', '(']);
    (is_title_lead(lead, &ctx.rules.lexicon) && !lead.contains(',') && ends).then(|| Attribution {
        speakers: vec![m.actor],
        cue: String::new(),
        rule: SIGN_OFF.into(),
        reason: reason_for("signed off after a dash: ", &m.reason),
    })
}

/// "Jane Doe: “…”" / "And from Chairwoman Jane Doe:" and a quotation
/// paragraph: `intro` is the text before the quotation, which must end in a
/// name (after an optional title) and a colon.
pub(crate) fn name_colon(ctx: &Ctx, intro: Span) -> Option<Attribution> {
    let text = intro.slice(ctx.text).trim_end();
    let before_colon = text.strip_suffix(':')?.trim_end();
    let end = intro.start + before_colon.len();
    let m = ctx.cast.mentions_in(intro).take_while(|m| m.span.start < end).last().filter(|m| m.span.end == end)?;
    let lead = strip_linking_words(&ctx.text[intro.start..m.span.start]);
    is_title_lead(lead, &ctx.rules.lexicon).then(|| Attribution {
        speakers: vec![m.actor],
        cue: String::new(),
        rule: NAME_COLON.into(),
        reason: reason_for("named before a colon that introduces the quotation: ", &m.reason),
    })
}

/// The sentence that introduces a quotation opening paragraph `paragraph`:
/// the last of the paragraph before, when it ends in a colon ("Doe
/// continued:", "And from Jane Doe:") or in a speech verb with nothing after
/// it ("Doe replied."), and holds no quotation of its own. Returns the
/// sentence, where its words end, and whether a colon ends it.
pub(crate) fn intro_sentence(ctx: &Ctx, paragraph: usize) -> Option<(Span, usize, bool)> {
    let prev = ctx.seg.paragraphs.get(paragraph.checked_sub(1)?)?.span;
    let sentence = ctx.seg.sentence_at(prev.end.checked_sub(1)?)?.span;
    let text = sentence.slice(ctx.text).trim_end();
    let colon = text.ends_with(':');
    let bare = text.trim_end_matches(['.', ':']).trim_end();
    let end = sentence.start + bare.len();
    // Nothing after the verb: a cue that ends the sentence.
    let verb_last = ctx.cues_in(sentence).last().is_some_and(|c| c.span.end == end);
    if !colon && !verb_last {
        return None;
    }
    // A sentence with a quotation of its own attributes that one, not the next.
    let quotes = &ctx.seg.quotes;
    let first = quotes.partition_point(|q| q.outer.end <= sentence.start);
    if quotes.get(first).is_some_and(|q| q.outer.start < sentence.end) {
        return None;
    }
    Some((sentence, end, colon))
}

fn possessive(ctx: &Ctx, m: &Mention) -> bool {
    ctx.text.get(m.span.end..).is_some_and(|rest| rest.starts_with(['\'', '’']))
}

/// Conjunctions and a preposition that may open an introduction before its
/// title and name ("And from", "Also from", "But").
fn strip_linking_words(lead: &str) -> &str {
    let mut rest = lead.trim_start();
    loop {
        let word = rest.split_whitespace().next().unwrap_or("");
        if ["and", "also", "but", "from", "then"].iter().any(|w| word.eq_ignore_ascii_case(w)) {
            rest = rest[word.len()..].trim_start();
        } else {
            return rest;
        }
    }
}
