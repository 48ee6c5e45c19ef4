//! Pronouns and role descriptions resolved to an actor.
//!
//! A reference points to the nearest earlier sentence (at most
//! [`LOOK_BACK`] back) with a candidate that agrees with it: "he" and "she"
//! only with a person of that gender or of unknown gender, a description
//! only with a person holding that role. In that sentence it takes the
//! subject when the subject agrees, else the first agreeing mention; fame
//! never counts. Mentions in quotations and in the reported part of a
//! closing attribution ("…, he added") are not candidates. A sentence whose
//! subject is a name nobody recognised stops the search: the reference most
//! likely means that person, and no answer beats a wrong one.

use crate::extract::segment::Segments;
use crate::model::{ActorKind, Gender, Span};
use crate::rules::Lexicon;

use super::cast::{Cast, Mention, MentionKind, overlapping_if, overlaps_a_mention};
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

/// How far back a reference looks for its antecedent, in sentences. On
/// PolNeAR a pronoun resolved three or more sentences back went to the
/// wrong speaker nine times in ten (the true antecedent was a person never
/// recognised in between), and two back still more often than not.
const LOOK_BACK: usize = 2;

/// Resolves pronouns and role descriptions against the mentions found so
/// far. `roles` are the matches of [`Lexicon::role_word`] in `text`, by start;
/// `possessives` the "his"/"her" that hold a noun cue ("his claim that"),
/// by start, resolved as "he"/"she" are.
pub(crate) fn resolve_references(text: &str, seg: &Segments, cast: &mut Cast, roles: &[(usize, Span)], possessives: &[Span], lex: &Lexicon) {
    let mut r = Resolver { text, seg, lex, genders: cast.actors.iter().map(|a| a.gender).collect() };
    let mut extra = Vec::new();
    // Every search below looks at mentions starting before the current
    // sentence's end, so the mentions after it wait in `pending`: a
    // resolved reference then goes in near the end of the list, not in
    // the middle of a whole article's mentions.
    let mut longest = cast.mentions.iter().map(|m| m.span.len()).max().unwrap_or(0);
    let mut pending = std::mem::take(&mut cast.mentions).into_iter().peekable();
    let mut seen = Seen::new(cast);
    for (si, sentence) in seg.sentences.iter().enumerate() {
        while let Some(m) = pending.next_if(|m| m.span.start < sentence.span.end) {
            cast.mentions.push(m);
        }
        seen.fold(cast, sentence.span.start);
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
            // "the US president": a country named among the modifiers
            // gives way to the description, which names its person.
            let mods_span = Span::new(sentence.span.start + mods.start(), sentence.span.start + mods.end());
            let inner = inner_countries(cast, span, mods_span, longest);
            if inner.is_none() {
                continue;
            }
            let role = role.as_str().to_lowercase();
            let country = country_of(cast, mods.as_str());
            let fits = |a: usize| {
                let a = &cast.actors[a];
                a.actor.kind == ActorKind::Person
                    && a.roles.iter().any(|r| *r == role || r.strip_suffix(role.as_str()).is_some_and(|r| r.ends_with(' ')))
                    && country.as_ref().is_none_or(|c| a.actor.member_of.as_ref() == Some(c))
            };
            let found = r.salient(cast, si, span.start, &fits).map(|a| (a.actor, a.why)).or_else(|| seen.unique_role(cast, &fits, span.start, country.is_some()));
            if let Some((actor, why)) = found {
                if let Some(inner) = inner.filter(|i| !i.is_empty()) {
                    // Only mentions of the current sentence go, after every folded one.
                    for &i in inner.iter().rev() {
                        cast.mentions.remove(i);
                    }
                }
                extra.push(Mention {
                    span,
                    actor,
                    kind: MentionKind::Role,
                    in_quote: seg.in_quote(span.start),
                    reason: ["description `", whole.as_str(), "` → ", &why].concat(),
                });
            }
        }
        let first_possessive = possessives.partition_point(|p| p.start < sentence.span.start);
        let held = possessives[first_possessive..].iter().take_while(|p| p.end <= sentence.span.end).map(|p| (p.start - sentence.span.start, p.end - sentence.span.start));
        for (p_start, p_end) in pronouns(s).chain(held) {
            let pronoun = &s[p_start..p_end];
            let span = Span::new(sentence.span.start + p_start, sentence.span.start + p_end);
            let overlaps = overlaps_a_mention(&cast.mentions, span, longest);
            if seg.in_quote(span.start) || overlaps {
                continue;
            }
            let want = if pronoun.eq_ignore_ascii_case("she") || pronoun.eq_ignore_ascii_case("her") { Gender::Female } else { Gender::Male };
            let person = |a: usize| cast.actors[a].actor.kind == ActorKind::Person;
            let genders = &r.genders;
            let fits = |a: usize| person(a) && genders[a].is_none_or(|g| g == want);
            let found = r.salient(cast, si, span.start, &fits);
            if let Some(Antecedent { actor, why, sure }) = found {
                // "she" said of the subject just named, a person of unknown
                // gender, settles it for the rest of the article.
                if sure {
                    r.genders[actor].get_or_insert(want);
                }
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
            longest = longest.max(m.span.len());
            let at = cast.mentions.partition_point(|x| x.span.start <= m.span.start);
            cast.mentions.insert(at, m);
        }
    }
    cast.mentions.extend(pending);
}

/// The indices of the mentions overlapping `span`, when each is a country
/// or organisation ending inside `mods` (empty when none overlaps); `None`
/// when another mention overlaps, which the description must not override.
fn inner_countries(cast: &Cast, span: Span, mods: Span, longest: usize) -> Option<Vec<usize>> {
    if !overlaps_a_mention(&cast.mentions, span, longest) {
        return Some(Vec::new());
    }
    overlapping_if(cast, span, longest, |m| {
        let kind = cast.actors[m.actor].actor.kind;
        // "The US" as a country is written with the description's article.
        let within = m.span.start >= span.start && m.span.end <= mods.end;
        within && matches!(kind, ActorKind::Country | ActorKind::Organization)
    })
}

/// Who a sentence is about, as far as word order tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A known actor opens the main clause, or speaks in the sentence's
    /// closing attribution ("…, Jane Doe added").
    Named(usize),
    /// The main clause opens with a name no rule or discovery knows: a
    /// reference after it most likely means that person.
    Unnamed,
    /// Word order does not say.
    Unclear,
}

/// The article-wide state of resolution.
struct Resolver<'a> {
    text: &'a str,
    seg: &'a Segments,
    lex: &'a Lexicon,
    /// Each actor's gender: from the rules, or learned from a resolved
    /// "he" or "she".
    genders: Vec<Option<Gender>>,
}

impl Resolver<'_> {
    /// The antecedent of a reference at `offset` in sentence `sentence`:
    /// the nearest sentence (this one first, then up to [`LOOK_BACK`]
    /// back) with a candidate that `fits`, taking its subject when the
    /// subject fits, else its first candidate. Mentions inside quotations and inside the
    /// reported part of a closing attribution ("…, he added") never count.
    fn salient(&self, cast: &Cast, sentence: usize, offset: usize, fits: &dyn Fn(usize) -> bool) -> Option<Antecedent> {
        let here = self.seg.sentences[sentence].span;
        let upto = offset.max(here.start);
        // "The talks went well, she said": all before the comma is what she said.
        let skip_before = attribution_mark(self.text, here.start, here.end)
            .filter(|&mark| self.text[mark..].starts_with(','))
            .filter(|&mark| self.text.get(mark..upto).is_some_and(|gap| gap.trim_start_matches([',', '”']).trim().is_empty()))
            .filter(|_| self.text.get(upto..here.end).is_some_and(|rest| rest.split_whitespace().count() <= 4))
            .unwrap_or(here.start);
        let main_start = main_clause_start(&self.text[here.start..upto]).map_or(here.start, |i| here.start + i).max(skip_before);
        match self.pick(cast, Span::new(main_start, upto), skip_before, None, fits) {
            Pick::Subject(actor) => return Some(Antecedent { actor, why: ["subject of the same sentence (", cast.name(actor), ")"].concat(), sure: true }),
            Pick::Found(actor) => return Some(Antecedent { actor, why: ["mentioned earlier in the sentence (", cast.name(actor), ")"].concat(), sure: false }),
            Pick::Stop => return None,
            Pick::None => {}
        }
        // "On the day that Trump took office, Putin convened … he said": the
        // main clause's subject comes before a subordinate clause's.
        if main_start > skip_before
            && let Some(m) = cast.mentions_in(Span::new(skip_before, main_start)).find(|m| fits(m.actor))
        {
            return Some(Antecedent { actor: m.actor, why: ["subject of the same sentence (", cast.name(m.actor), ")"].concat(), sure: false });
        }
        for back in 1..=LOOK_BACK {
            let Some(prev) = sentence.checked_sub(back).and_then(|i| self.seg.sentences.get(i)) else { break };
            let span = prev.span;
            let tail = attribution_mark(self.text, span.start, span.end);
            let tail_subject = tail.and_then(|mark| self.attributed(cast, mark, span.end));
            let skip = if tail_subject.is_some() { tail.unwrap_or(span.start) } else { span.start };
            let start = main_clause_start(span.slice(self.text)).map_or(span.start, |i| span.start + i).min(skip.max(span.start));
            match self.pick(cast, Span::new(start, span.end), skip, tail_subject, fits) {
                Pick::Subject(actor) => return Some(Antecedent { actor, why: format!("subject of the sentence {back} back ({})", cast.name(actor)), sure: back == 1 }),
                Pick::Found(actor) => return Some(Antecedent { actor, why: format!("mentioned in the sentence {back} back ({})", cast.name(actor)), sure: false }),
                Pick::Stop => return None,
                Pick::None => {}
            }
        }
        None
    }

    /// The candidate of one clause (`span`, mentions before `skip_before`
    /// never counting): `subject` if given and fitting, else the clause's
    /// subject by word order, else its first fitting mention.
    fn pick(&self, cast: &Cast, span: Span, skip_before: usize, subject: Option<usize>, fits: &dyn Fn(usize) -> bool) -> Pick {
        let subject = subject.map_or_else(|| self.head_subject(cast, span), Subject::Named);
        match subject {
            Subject::Named(actor) if fits(actor) => return Pick::Subject(actor),
            Subject::Unnamed => return Pick::Stop,
            _ => {}
        }
        // The first fitting mention, whatever its gender is known to be:
        // ranking a known gender first would hand "he" to a listed actor
        // named in passing over the nearer person he stands for.
        cast.mentions_in(span).find(|m| m.span.start >= skip_before && fits(m.actor)).map_or(Pick::None, |m| Pick::Found(m.actor))
    }

    /// The subject that opens the clause `span`: a known mention, or a
    /// run of two or more capitalised name words nobody recognised (titles,
    /// demonyms and sentence-opening words aside).
    fn head_subject(&self, cast: &Cast, span: Span) -> Subject {
        let mut run = 0;
        let mut longest = 0;
        // "The New York Times": a name after an article is not a person's.
        let mut after_article = false;
        for (at, token) in words(self.text, span) {
            if self.seg.in_quote(at) {
                break;
            }
            if let Some(m) = cast.mentions_in(Span::new(at, at + token.len())).next() {
                return Subject::Named(m.actor);
            }
            let word = token.trim_end_matches([',', ';', ':']);
            // "He said …" with "he" unresolved: someone nobody recognised.
            if run == 0 && pronouns(word).next() == Some((0, word.len())) {
                return Subject::Unnamed;
            }
            let capital = word.starts_with(char::is_uppercase);
            if capital && !self.lex.cannot_start_name(word) && !self.lex.is_title(word) && !is_demonym(word) {
                run += 1;
                if !after_article {
                    longest = longest.max(run);
                }
            } else if capital || word.starts_with('(') || self.lex.role_nouns.iter().any(|r| r.eq_ignore_ascii_case(word)) {
                run = 0;
                // "At Boca Vista, …": a name after a preposition is a place
                // or a thing, not the subject, as after an article.
                after_article = matches!(word, "The" | "A" | "An") || Lexicon::in_list(&self.lex.clause_words, &word.to_lowercase());
            } else {
                break;
            }
            // "Jane Doe, a lawyer, …": the appositive is not the subject.
            if word.len() < token.len() && run > 0 {
                break;
            }
        }
        if (2..=3).contains(&longest) { Subject::Unnamed } else { Subject::Unclear }
    }

    /// The speaker of a closing attribution after `mark` ("…, Jane Doe
    /// said."): a known mention right after the mark, followed by words.
    fn attributed(&self, cast: &Cast, mark: usize, end: usize) -> Option<usize> {
        let m = cast.mentions_in(Span::new(mark, end)).next()?;
        let gap = self.text.get(mark..m.span.start)?;
        let after = self.text.get(m.span.end..end)?;
        (gap.trim_start_matches([',', '”', '"']).trim().is_empty() && after.trim_start().starts_with(char::is_lowercase)).then_some(m.actor)
    }
}

/// An antecedent found, and whether it is the named subject of this or
/// the previous sentence, sure enough to learn a gender from.
struct Antecedent {
    actor: usize,
    why: String,
    sure: bool,
}

enum Pick {
    /// The clause's subject.
    Subject(usize),
    /// Another fitting mention of the clause.
    Found(usize),
    /// The clause's subject is an unrecognised name: look no further.
    Stop,
    None,
}

/// Whitespace-separated words of `span` with their offsets in `text`.
fn words(text: &str, span: Span) -> impl Iterator<Item = (usize, &str)> {
    let s = span.slice(text);
    s.split_whitespace().map(move |w| (span.start + (w.as_ptr() as usize - s.as_ptr() as usize), w))
}

/// "Russian", "Finnish", "Chinese": a capitalised modifier, not a name.
fn is_demonym(word: &str) -> bool {
    word.ends_with("ian") || word.ends_with("ish") || word.ends_with("ese") || word.ends_with("can")
}

/// Where the reported part of a sentence ends when the sentence closes with
/// a short attribution ("…, he added." / "“…,” Jane Doe said."): the offset
/// of the comma or closing mark before at most five words that run to
/// `end` without another comma.
pub(crate) fn attribution_mark(text: &str, start: usize, end: usize) -> Option<usize> {
    let s = text.get(start..end)?;
    let mark = s.rfind([',', '”'])?;
    let rest = s[mark..].trim_start_matches([',', '”']);
    let words = rest.split_whitespace().count();
    (mark > 0 && (1..=5).contains(&words) && !rest.contains(['“', '"'])).then_some(start + mark)
}

/// Byte offset after the comma that closes a leading subordinate clause.
pub(crate) fn main_clause_start(sentence: &str) -> Option<usize> {
    let first = sentence.split_whitespace().next()?;
    if !matches!(first, "On" | "When" | "After" | "Before" | "While" | "As" | "Although" | "If" | "Since" | "Despite" | "Once" | "Until" | "Though") {
        return None;
    }
    sentence.find(", ").map(|i| i + 2)
}

/// What [`Seen::unique_role`] needs to know of the mentions before the
/// current sentence, kept as the sentences go by so a description does not
/// rescan the article. Mentions are only ever inserted at or after the
/// current sentence, so the indices kept stay valid.
struct Seen {
    /// How many mentions (those before the current sentence) are folded in.
    folded: usize,
    /// Each actor's last folded mention.
    last: Vec<Option<usize>>,
    /// The last folded mention of a person of unknown role.
    last_unknown: Option<usize>,
    /// Actors holding a role: the only ones a description can fit.
    with_roles: Vec<usize>,
}

impl Seen {
    fn new(cast: &Cast) -> Seen {
        let with_roles = (0..cast.actors.len()).filter(|&a| !cast.actors[a].roles.is_empty()).collect();
        Seen { folded: 0, last: vec![None; cast.actors.len()], last_unknown: None, with_roles }
    }

    fn unknown_person(cast: &Cast, actor: usize) -> bool {
        let a = &cast.actors[actor];
        a.actor.kind == ActorKind::Person && a.roles.is_empty()
    }

    /// Folds in the mentions starting before `start`.
    fn fold(&mut self, cast: &Cast, start: usize) {
        while let Some(m) = cast.mentions.get(self.folded).filter(|m| m.span.start < start) {
            self.last[m.actor] = Some(self.folded);
            if Self::unknown_person(cast, m.actor) {
                self.last_unknown = Some(self.folded);
            }
            self.folded += 1;
        }
    }

    /// The only actor that fits a description, when the nearest sentences
    /// name none: among those already mentioned before `offset` (at or
    /// after the folded mentions; or, for a description qualified by a
    /// country, "the Russian president", any rule actor), and only when no
    /// person of unknown role was mentioned since that actor was: fame
    /// alone never makes an antecedent.
    fn unique_role(&self, cast: &Cast, fits: &dyn Fn(usize) -> bool, offset: usize, qualified: bool) -> Option<(usize, String)> {
        let end = cast.mentions.partition_point(|m| m.span.start < offset).max(self.folded);
        let recent = &cast.mentions[self.folded..end];
        let last_seen = |a: usize| recent.iter().rposition(|m| m.actor == a).map(|i| self.folded + i).or(self.last[a]);
        let mut found = self.with_roles.iter().copied().filter(|&a| fits(a) && (qualified || last_seen(a).is_some()));
        let first = found.next()?;
        if found.next().is_some() {
            return None;
        }
        let since = last_seen(first).map_or(0, |i| i + 1);
        let last_unknown = recent.iter().rposition(|m| Self::unknown_person(cast, m.actor)).map(|i| self.folded + i).or(self.last_unknown);
        let unknown_person_since = last_unknown.is_some_and(|i| i >= since);
        (!unknown_person_since).then(|| (first, format!("the only actor with that role ({})", cast.name(first))))
    }
}

#[cfg(test)]
#[path = "references_tests.rs"]
mod tests;
