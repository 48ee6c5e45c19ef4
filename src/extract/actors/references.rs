//! Pronouns and role descriptions resolved to an actor.
//!
//! Resolution prefers salience over recency: a pronoun or description points
//! to the *subject* (first actor named outside quotations) of the nearest
//! sentence that has a fitting candidate, which is how news prose uses them.

use crate::extract::segment::Segments;
use crate::model::{ActorKind, Gender, Span};
use crate::rules::{CastMember, Lexicon};

use super::cast::{Cast, Mention, MentionKind};
use super::discover::country_of;

/// Spans of "he", "He", "she" and "She" as whole words, words being runs of
/// ASCII letters, digits and '_' (the regex `(?-u:\b)(?:[Hh]e|[Ss]he)(?-u:\b)`,
/// which cost more per sentence than the rest of reference resolution).
pub(crate) fn pronouns(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    let word = move |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let whole = move |&(start, end): &(usize, usize)| !(word(end) || start > 0 && word(start - 1));
    // Every pronoun has its 'h' (or the 'H' of "He") at a fixed place, and
    // memchr finds those far faster than a test of every byte: "he" starts
    // there, "she" one byte before.
    memchr::memchr2_iter(b'h', b'H', b).flat_map(move |h| {
        let e_follows = b.get(h + 1) == Some(&b'e');
        // `then`, not `then_some`: `h - 1` must not be computed when h is 0.
        let she = (e_follows && b[h] == b'h' && h > 0 && matches!(b[h - 1], b's' | b'S')).then(|| (h - 1, h + 2)).filter(whole);
        let he = e_follows.then_some((h, h + 2)).filter(whole);
        she.into_iter().chain(he)
    })
}

/// Resolves pronouns and role descriptions against the mentions found so
/// far. `roles` are the matches of [`Lexicon::role_word`] in `text`, by start.
pub(crate) fn resolve_references(text: &str, seg: &Segments, cast: &mut Cast, roles: &[(usize, Span)], lex: &Lexicon) {
    let mut extra = Vec::new();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        let s = sentence.span.slice(text);
        // Role nouns are rare; only a sentence that names one as a whole
        // word needs the search for the determiner and modifiers before it.
        let first = roles.partition_point(|(_, r)| r.start < sentence.span.start);
        let has_role = roles[first..].iter().take_while(|(_, r)| r.end <= sentence.span.end).any(|&(_, r)| {
            !text[..r.start].ends_with(|c: char| c.is_alphanumeric()) && !text[r.end..].starts_with(|c: char| c.is_alphanumeric())
        });
        let role_matches: Vec<regex::Captures> = if has_role { lex.role_mention.captures_iter(s).collect() } else { Vec::new() };
        for m in role_matches {
            let (Some(whole), Some(mods), Some(role)) = (m.get(0), m.get(1), m.get(2)) else { continue };
            let span = Span::new(sentence.span.start + whole.start(), sentence.span.start + whole.end());
            if cast.mentions.iter().any(|x| x.span.start < span.end && span.start < x.span.end) {
                continue;
            }
            let role = role.as_str().to_lowercase();
            let country = country_of(cast, mods.as_str());
            let fits = |a: &CastMember| {
                a.actor.kind == ActorKind::Person
                    && a.roles.iter().any(|r| *r == role || r.strip_suffix(role.as_str()).is_some_and(|r| r.ends_with(' ')))
                    && country.as_ref().is_none_or(|c| a.actor.member_of.as_ref() == Some(c))
            };
            if let Some((actor, why)) = salient(text, cast, seg, si, span.start, &fits) {
                extra.push(Mention {
                    span,
                    actor,
                    kind: MentionKind::Role,
                    in_quote: seg.in_quote(span.start),
                    reason: ["description `", whole.as_str(), "` → ", &why].concat(),
                });
            }
        }
        for (p_start, p_end) in pronouns(s) {
            let pronoun = &s[p_start..p_end];
            let span = Span::new(sentence.span.start + p_start, sentence.span.start + p_end);
            let overlaps = cast.mentions.iter().any(|x| x.span.start < span.end && span.start < x.span.end);
            if seg.in_quote(span.start) || overlaps {
                continue;
            }
            let want = if pronoun.eq_ignore_ascii_case("she") { Gender::Female } else { Gender::Male };
            let fits = |a: &CastMember| a.actor.kind == ActorKind::Person && a.gender.is_none_or(|g| g == want);
            if let Some((actor, why)) = salient(text, cast, seg, si, span.start, &fits) {
                extra.push(Mention {
                    span,
                    actor,
                    kind: MentionKind::Pronoun,
                    in_quote: false,
                    reason: ["pronoun `", pronoun, "` → ", &why].concat(),
                });
            }
        }
        // Resolved references become candidates for later sentences.
        // Each goes in after the mentions starting where it starts or before,
        // the order a stable sort gives; sorting the whole list per sentence
        // cost more than all of resolution in articles with many pronouns.
        for m in extra.drain(..) {
            let at = cast.mentions.partition_point(|x| x.span.start <= m.span.start);
            cast.mentions.insert(at, m);
        }
    }
    let _ = fallback_unique_role;
}

/// The most salient fitting actor before `offset`: earlier in the same
/// sentence the subject (first fitting mention); otherwise the subject of the
/// nearest earlier sentence with a fitting mention, looking back up to five
/// sentences; then a unique fitting actor of the rule set.
pub(crate) fn salient(text: &str, cast: &Cast, seg: &Segments, sentence: usize, offset: usize, fits: &dyn Fn(&CastMember) -> bool) -> Option<(usize, String)> {
    let here = seg.sentences[sentence].span;
    // "On the day that Trump took office, Putin convened … he said": the
    // main clause's subject comes before a subordinate clause's.
    let sentence_text = text.get(here.start..offset.max(here.start)).unwrap_or("");
    let main_start = main_clause_start(sentence_text).map(|i| here.start + i);
    for from in main_start.into_iter().chain(std::iter::once(here.start)) {
        if let Some(m) = cast.mentions_in(Span::new(from, offset)).find(|m| fits(&cast.actors[m.actor])) {
            return Some((m.actor, ["subject of the same sentence (", cast.name(m.actor), ")"].concat()));
        }
    }
    for back in 1..=5 {
        let Some(prev) = sentence.checked_sub(back).and_then(|i| seg.sentences.get(i)) else { break };
        if let Some(m) = cast.mentions_in(prev.span).find(|m| fits(&cast.actors[m.actor])) {
            return Some((m.actor, format!("subject of the sentence {back} back ({})", cast.name(m.actor))));
        }
    }
    fallback_unique_role(cast, fits)
}

/// Byte offset after the comma that closes a leading subordinate clause.
pub(crate) fn main_clause_start(sentence: &str) -> Option<usize> {
    let first = sentence.split_whitespace().next()?;
    if !matches!(first, "On" | "When" | "After" | "Before" | "While" | "As" | "Although" | "If" | "Since" | "Despite" | "Once" | "Until" | "Though") {
        return None;
    }
    sentence.find(", ").map(|i| i + 2)
}

pub(crate) fn fallback_unique_role(cast: &Cast, fits: &dyn Fn(&CastMember) -> bool) -> Option<(usize, String)> {
    let mut found = cast.actors.iter().enumerate().filter(|(_, a)| fits(a) && !a.roles.is_empty());
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some((first.0, format!("the only actor with that role ({})", first.1.actor.name)))
}
