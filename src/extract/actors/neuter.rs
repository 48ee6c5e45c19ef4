//! "It" and "they" as the subject of a speech cue ("It said the audit was
//! late", "…, they argued"), resolved to an organisation or country named
//! shortly before. These pronouns are resolved only next to a speech cue:
//! elsewhere "it" is mostly a dummy subject ("it is clear that …") and
//! "they" mostly people nobody named, and the extractor needs speakers only.

use crate::extract::segment::Segments;
use crate::model::{ActorKind, Span};

use super::cast::Cast;

/// How far back the antecedent may stand, in sentences (as for "he" and
/// "she" in reference resolution).
const LOOK_BACK: usize = 2;

/// The pronoun ending `before` (the text before a cue, auxiliaries and
/// adverbs already stripped), as its span within `before`, and whether it
/// is plural.
pub(crate) fn neuter_pronoun_at_end(before: &str) -> Option<(usize, usize, bool)> {
    let word = before.rsplit([' ', '\n', '\t', '(']).next()?;
    let plural = match word {
        "it" | "It" => false,
        "they" | "They" => true,
        _ => return None,
    };
    Some((before.len() - word.len(), before.len(), plural))
}

/// The actor "it" or "they" at `pronoun` stands for: the first fitting
/// actor mentioned outside quotations in the nearest of its own sentence
/// (before it) and the [`LOOK_BACK`] sentences before (the first being the
/// likeliest subject). Its own sentence is no source after a comma: what
/// stands before is then a leading phrase ("In the letter, it said") or,
/// in a closing attribution, the reported words ("Moscow gained ground,
/// they said"). "It" means an organisation or a country; "they" an
/// organisation or a group described by a plural ("officials", "the
/// campaign"), never a country, whose name is so often an adjective ("U.S.
/// officials").
pub(crate) fn neuter_antecedent(text: &str, seg: &Segments, cast: &Cast, pronoun: Span, plural: bool) -> Option<usize> {
    let si = seg.sentences.partition_point(|s| s.span.end <= pronoun.start);
    let fits = |a: usize| {
        let member = &cast.actors[a];
        let name = &member.actor.name;
        let described_plural = member.discovered && name.starts_with(char::is_lowercase) && name.ends_with('s');
        match member.actor.kind {
            ActorKind::Country => !plural,
            ActorKind::Organization => plural || !described_plural,
            ActorKind::Person => plural && described_plural,
        }
    };
    let here = seg.sentences.get(si)?.span;
    let after_comma = text[here.start..pronoun.start].trim_end().ends_with(',');
    let first = if after_comma { 1 } else { 0 };
    (first..=LOOK_BACK).find_map(|back| {
        let sentence = seg.sentences.get(si.checked_sub(back)?)?.span;
        let span = if back == 0 { Span::new(sentence.start, pronoun.start) } else { sentence };
        cast.mentions_in(span).find(|m| fits(m.actor)).map(|m| m.actor)
    })
}

/// Whether the pronoun ending `before` is no speaker: after an auxiliary
/// it is inverted ("Nor did they note"), right after a speech cue (and
/// "that") it opens the reported clause ("said they believed"), whose
/// speaker is the cue's.
/// `before` starts at `offset` in the text; `cue_ends` are in the text, sorted.
pub(crate) fn not_a_speaker(before: &str, offset: usize, pronoun_start: usize, cue_ends: &[usize]) -> bool {
    let pre = before[..pronoun_start].trim_end();
    let pre = pre.strip_suffix(" that").unwrap_or(pre).trim_end();
    let after_aux = matches!(pre.rsplit(' ').next(), Some("did" | "do" | "does" | "would" | "could" | "should" | "will" | "can" | "may" | "might" | "must" | "Did" | "Do" | "Does"));
    after_aux || cue_ends.binary_search(&(offset + pre.len())).is_ok()
}
