//! Who is mentioned where: names and aliases from the actor rules, speakers
//! discovered next to speech cues, role descriptions ("the Russian
//! president") and pronouns, each resolved to one actor.
//!
//! Resolution prefers salience over recency: a pronoun or description points
//! to the *subject* (first actor named outside quotations) of the nearest
//! sentence that has a fitting candidate, which is how news prose uses them.

use std::sync::{Arc, LazyLock};

use regex::Regex;

use crate::model::{Actor, ActorKind, Gender, Span};
use crate::rules::{CompiledRules, CueForm};
use super::cues::CueHit;
use crate::rules::aliases::{AliasIndex, CastMember, alias_patterns, at_word_edges, cast_member};
use crate::rules::lexicon::{ROLE_MENTION, ROLE_NOUN_AC, ROLE_NOUNS};
use crate::rules::scan::Candidates;
use crate::extract::segment::Segments;

/// How a mention was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// Canonical name or alias from the rules.
    Name,
    /// A name discovered in this article.
    Discovered,
    /// A description resolved through roles ("the foreign minister").
    Role,
    /// A pronoun (he, she) resolved to an earlier subject.
    Pronoun,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub span: Span,
    /// Index into [`Cast::actors`].
    pub actor: usize,
    pub kind: MentionKind,
    pub in_quote: bool,
    /// Why this actor was chosen, for `explain`.
    pub reason: String,
}

/// Every actor known while extracting one article, and their mentions in
/// document order.
#[derive(Debug, Clone, Default)]
pub struct Cast {
    /// Shared with the rules until the article teaches something about an
    /// actor: copying every rule actor's strings per article showed up in
    /// profiles.
    pub actors: Vec<Arc<CastMember>>,
    pub mentions: Vec<Mention>,
    /// Adjective → first country or organisation using it, when the cast
    /// starts out as the rule actors of an [`AliasIndex`] that built it.
    countries: Option<Arc<std::collections::HashMap<String, usize>>>,
}

impl Cast {
    pub fn name(&self, actor: usize) -> &str {
        &self.actors[actor].actor.name
    }

    /// Mentions outside quotations that start inside `span`.
    pub fn mentions_in(&self, span: Span) -> impl Iterator<Item = &Mention> {
        let first = self.mentions.partition_point(|m| m.span.start < span.start);
        self.mentions[first..].iter().take_while(move |m| m.span.start < span.end).filter(|m| !m.in_quote)
    }

    /// Actors discovered in this article (not in the rule files).
    pub fn discovered(&self) -> Vec<Actor> {
        self.actors.iter().filter(|a| a.discovered).map(|a| a.actor.clone()).collect()
    }

    fn find(&self, name: &str) -> Option<usize> {
        self.actors.iter().position(|a| a.actor.name == name)
    }
}

/// Words that start a capitalised run but are not part of a person's name.
const NOT_NAME_START: &[&str] = &[
    "The", "A", "An", "In", "On", "At", "But", "And", "However", "While", "When", "After", "Before", "Both", "Earlier", "Later",
    "Speaking", "Despite", "Although", "Since", "If", "As", "For", "From", "With", "Without", "Meanwhile", "Some", "This", "That",
    "These", "Those", "Why", "What", "How", "Where", "Who", "It", "He", "She", "They", "We", "I", "Our", "His", "Her", "Their",
    "Its", "Currently", "Unconfirmed", "Analysts", "Experts", "Officials", "Historians", "Pro", "Western", "European", "Former",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "News", "Source", "Share", "Senate", "Congress",
    "Commenting", "According", "Asked", "Given", "Following", "During", "Under", "Over", "Until", "Then", "Now", "Still",
];

/// Title words dropped from the front of a discovered name ("Finnish President Alexander Stubb").
const TITLE_WORDS: &[&str] = &[
    "President", "Prime", "Minister", "Foreign", "Defence", "Defense", "Secretary", "General", "Gen.", "Senator", "Sen.", "Rep.",
    "Representative", "Chancellor", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Deputy", "Spokesman", "Spokeswoman",
    "Ambassador", "Envoy", "Special", "Chief", "Commander", "Colonel", "Admiral", "Mayor", "Governor", "Vice", "King", "Queen",
    "Pope", "Sir", "Lord", "Lady", "Professor", "Prof.", "Analyst", "Economist", "Lieutenant", "Major", "Captain",
];

static CAP_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)\p{Lu}[\p{Ll}\p{Lu}'’.-]*(?:\s+(?:von der |van |de |da |bin |al-)?\p{Lu}[\p{Ll}\p{Lu}'’.-]*){1,4}").expect("static regex")
});

/// Spans of "he", "He", "she" and "She" as whole words, words being runs of
/// ASCII letters, digits and '_' (the regex `(?-u:\b)(?:[Hh]e|[Ss]he)(?-u:\b)`,
/// which cost more per sentence than the rest of reference resolution).
fn pronouns(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = s.as_bytes();
    let word = move |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_');
    let whole = move |&(start, end): &(usize, usize)| !(start > 0 && word(start - 1)) && !word(end);
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

/// `CAP_NAME.find_iter(text).last()` when that match ends where `text` does
/// but for trailing whitespace, otherwise None or an earlier match (which
/// callers reject), searching only the part that can hold the last match.
fn last_cap_name_at_end(text: &str) -> Option<regex::Match<'_>> {
    let body = text.trim_end();
    // The last name word runs back from the end through letters and ' . - ’
    // to a space, and starts with a capital or with "al-" and a capital.
    // Decided here for ASCII; anything else goes to the regex.
    let word = |c: char| c.is_ascii_alphabetic() || matches!(c, '\'' | '.' | '-' | '’');
    let run = body.len() - body.trim_end_matches(word).len();
    let last_word = &body[body.len() - run..];
    let before = body[..body.len() - run].chars().next_back()?;
    let capital = |w: &str| w.starts_with(|c: char| c.is_ascii_uppercase());
    let spaced = matches!(before, '\t' | '\n' | '\x0B' | '\x0C' | '\r' | ' ');
    if before.is_ascii() && !(spaced && (capital(last_word) || last_word.strip_prefix("al-").is_some_and(capital))) {
        return None;
    }
    // No match spans a digit or punctuation that cannot be in a name, so the
    // matches after the last such mark are the ones `find_iter` would find
    // there (`find_at` keeps the text before in view for `\b`).
    let breaker = |c: char| c.is_ascii_digit() || matches!(c, ',' | ';' | ':' | '!' | '?' | '"' | '(' | ')' | '[' | ']' | '/' | '“' | '”' | '‘');
    let mut at = body.char_indices().rev().find(|&(_, c)| breaker(c)).map_or(0, |(i, c)| i + c.len_utf8());
    let mut found = None;
    while let Some(m) = CAP_NAME.find_at(text, at) {
        at = m.end();
        found = Some(m);
    }
    found
}

/// Appositive after a name: ", a Russian deputy foreign minister," or
/// ", Trump's incoming national security adviser,".
static APPOSITIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^,\s+(?:a|an|the|another|his|her|its|their|\p{Lu}[\w.]*(?:’s|'s))\s+([^,.;:“”\x22]{2,120}?)(?:,|\.|$)").expect("static regex")
});

/// The description in an appositive at the start of `text` (group 1 of
/// [`APPOSITIVE`]), found by hand: the regex's bounded backtracker clears a
/// bitmap as large as its Unicode classes times the text per call, which
/// made it the costliest step of finding mentions. A determiner word with a
/// non-ASCII letter (where `\p{Lu}` and `\w` would need Unicode tables) goes
/// to the regex.
fn appositive(text: &str) -> Option<&str> {
    let rest = text.strip_prefix(',')?;
    let token = rest.trim_start_matches(char::is_whitespace);
    if token.len() == rest.len() {
        return None;
    }
    let after_token = match determiner_len(token) {
        Determiner::Len(n) => &token[n..],
        Determiner::No => return None,
        Determiner::Unsure => return APPOSITIVE.captures(text).and_then(|c| c.get(1)).map(|d| d.as_str()),
    };
    let desc = after_token.trim_start_matches(char::is_whitespace);
    let spaces = &after_token[..after_token.len() - desc.len()];
    // The description runs to the first mark it cannot hold, which must be a
    // comma, a full stop or the end: the lazy `{2,120}` can stop nowhere
    // else. When it is shorter than two characters, the greedy `\s+` before
    // it gives back spaces, keeping one.
    let stop = desc.find([',', '.', ';', ':', '“', '”', '"']).unwrap_or(desc.len());
    if desc[stop..].starts_with([';', ':', '“', '”', '"']) {
        return None;
    }
    let len = desc[..stop].chars().take(121).count();
    let give_back = 2usize.saturating_sub(len);
    if len > 120 || give_back >= spaces.chars().count() {
        return None;
    }
    let back: usize = spaces.chars().rev().take(give_back).map(char::len_utf8).sum();
    let start = text.len() - desc.len() - back;
    Some(&text[start..text.len() - desc.len() + stop])
}

/// How the determiner alternatives of [`APPOSITIVE`] match at the start of a word.
enum Determiner {
    /// Matched, this many bytes long, and whitespace follows.
    Len(usize),
    No,
    /// Only the regex can tell.
    Unsure,
}

fn determiner_len(token: &str) -> Determiner {
    let spaced = |n: usize| token[n..].starts_with(char::is_whitespace);
    if let Some(w) = ["a", "an", "the", "another", "his", "her", "its", "their"].iter().find(|w| token.starts_with(**w) && spaced(w.len())) {
        return Determiner::Len(w.len());
    }
    // `\p{Lu}[\w.]*(?:’s|'s)`: the run of word characters cannot hold the
    // apostrophe, so it ends right before it.
    let b = token.as_bytes();
    match b.first() {
        Some(c) if c.is_ascii_uppercase() => {}
        Some(c) if !c.is_ascii() => return Determiner::Unsure,
        _ => return Determiner::No,
    }
    let run = 1 + b[1..].iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c == b'.').count();
    let rest = &token[run..];
    let suffix = if rest.starts_with("’s") {
        "’s".len()
    } else if rest.starts_with("'s") {
        2
    } else if rest.starts_with(|c: char| !c.is_ascii()) {
        return Determiner::Unsure;
    } else {
        return Determiner::No;
    };
    if spaced(run + suffix) { Determiner::Len(run + suffix) } else { Determiner::No }
}

/// The names discovered in one article: a handful of patterns, searched
/// with the same leftmost-longest rule as [`AliasIndex`], since building an
/// automaton per article cost more than all its searches.
struct DiscoveredNames {
    patterns: Vec<String>,
    actors: Vec<usize>,
    /// The bytes some pattern starts with (capitals, mostly).
    first: [bool; 256],
}

impl DiscoveredNames {
    fn new(pairs: &[(String, usize)]) -> DiscoveredNames {
        let (patterns, targets) = alias_patterns(pairs);
        let mut first = [false; 256];
        for p in &patterns {
            if let Some(b) = p.as_bytes().first() {
                first[usize::from(*b)] = true;
            }
        }
        DiscoveredNames { patterns, actors: targets.into_iter().map(|(a, _)| a).collect(), first }
    }

    /// Matches in `text` as (start, end, actor): at each step the leftmost
    /// occurrence of any pattern, the longest (then the first listed) among
    /// those starting there, and the search goes on after it. One pass that
    /// tries the patterns only where one could start: a substring search per
    /// pattern and paragraph cost more in searcher setup than in searching.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        let b = text.as_bytes();
        let mut pos = 0;
        while let Some(start) = b[pos..].iter().position(|c| self.first[usize::from(*c)]).map(|i| pos + i) {
            let mut best: Option<(usize, usize)> = None;
            for (i, p) in self.patterns.iter().enumerate() {
                if b[start..].starts_with(p.as_bytes()) && best.is_none_or(|(len, _)| p.len() > len) {
                    best = Some((p.len(), i));
                }
            }
            let Some((len, i)) = best else {
                pos = start + 1;
                continue;
            };
            let end = start + len;
            if at_word_edges(text, start, end) {
                out.push((start, end, self.actors[i]));
            }
            pos = end;
        }
        out
    }
}

/// Matches of the rule aliases and of this article's discovered names,
/// discovered names winning where they overlap a shorter rule alias.
fn find_aliases(text: &str, rules: &AliasIndex, discovered: &DiscoveredNames) -> Vec<(usize, usize, usize)> {
    let mut all: Vec<(usize, usize, usize)> = rules.find(text).into_iter().map(|(s, e, a, _)| (s, e, a)).collect();
    for (s, e, a) in discovered.find(text) {
        all.retain(|x| !(x.0 < e && s < x.1 && x.1 - x.0 <= e - s));
        if !all.iter().any(|x| x.0 < e && s < x.1) {
            all.push((s, e, a));
        }
    }
    all.sort_by_key(|x| x.0);
    all
}

/// Finds every actor mention in the article.
pub fn find_mentions(text: &str, seg: &Segments, rules: &CompiledRules) -> Cast {
    let candidates = rules.banks.all.candidates(text);
    find_mentions_with_cues(text, seg, rules, &super::cues::find_cues_with(text, seg, rules, &candidates), &candidates)
}

/// [`find_mentions`] reusing speech cues and pattern candidates already
/// found in the text.
pub fn find_mentions_with_cues(text: &str, seg: &Segments, rules: &CompiledRules, cues: &[CueHit], candidates: &Candidates) -> Cast {
    let mut cast = Cast::default();
    if rules.aliases.cast.len() == rules.actors.len() {
        cast.actors.clone_from(&rules.aliases.cast);
        cast.countries = Some(Arc::clone(&rules.aliases.countries));
    } else {
        cast.actors.extend(rules.actors.iter().map(|a| Arc::new(cast_member(a))));
    }
    let mut discovered_names: Vec<(String, usize)> = Vec::new();
    discover_speakers(text, seg, rules, cues, &mut cast, &mut discovered_names);
    let discovered = DiscoveredNames::new(&discovered_names);

    let mut mentions = Vec::new();
    for para in &seg.paragraphs {
        let ptext = para.span.slice(text);
        for (start, end, actor) in find_aliases(ptext, &rules.aliases, &discovered) {
            let span = Span::new(para.span.start + start, para.span.start + end);
            let kind = if cast.actors[actor].discovered { MentionKind::Discovered } else { MentionKind::Name };
            mentions.push(Mention {
                span,
                actor,
                kind,
                in_quote: seg.in_quote(span.start),
                // `concat` sizes the string once; `format!` cost more than finding the name.
                reason: ["named as `", &ptext[start..end], "` (", &cast.actors[actor].actor.rule, ")"].concat(),
            });
        }
    }
    learn_appositive_roles(text, &mut cast, &mentions);
    mentions.sort_by_key(|m| m.span.start);
    cast.mentions = mentions;
    let roles = rules.banks.all.find_in(text, candidates, rules.banks.roles.clone(), &[Span::new(0, text.len())]);
    resolve_references(text, seg, &mut cast, &roles);
    cast
}

/// Registers speakers the rules do not know: a capitalised name right before
/// or right after a speech cue, or after "according to".
fn discover_speakers(text: &str, seg: &Segments, rules: &CompiledRules, cues: &[CueHit], cast: &mut Cast, aliases: &mut Vec<(String, usize)>) {
    let known = &rules.aliases;
    // "Oleh Marchenko, the Ukrainian Foreign Ministry spokesman, …": a name
    // with a role appositive is a person whatever verb follows.
    for para in &seg.paragraphs {
        let p = para.span.slice(text);
        let pb = p.as_bytes();
        // memchr for the comma, then its space: a substring search per
        // paragraph cost several times more.
        for comma in memchr::memchr_iter(b',', pb).filter(|&i| pb.get(i + 1) == Some(&b' ')) {
            let after = &p[comma..];
            let next = after[2..].split(' ').next().unwrap_or("");
            let determiner = matches!(next, "a" | "an" | "the" | "another" | "his" | "her" | "its" | "their") || next.ends_with("’s") || next.ends_with("'s");
            if !determiner {
                continue;
            }
            let Some(desc) = appositive(head(after, 200)) else { continue };
            if !names_role(desc) {
                continue;
            }
            let before = tail(&p[..comma], 80);
            let Some(n) = last_cap_name_at_end(before).filter(|n| n.end() == before.len()) else { continue };
            let start = para.span.start + comma - before.len() + n.start();
            if seg.in_quote(start) {
                continue;
            }
            if let Some(name) = clean_name(n.as_str(), known) {
                register(cast, aliases, &name, "", after);
            }
        }
    }
    for cue in cues {
        let Some(sentence) = seg.sentence_at(cue.span.start) else { continue };
        let s = sentence.span.slice(text);
        let (m_start, m_end) = (cue.span.start - sentence.span.start, cue.span.end - sentence.span.start);
        let mut candidates = Vec::new();
        let after = &s[m_end..];
        let name_follows = after.trim_start().starts_with(char::is_uppercase);
        match cue.form {
            CueForm::Source | CueForm::Verb if name_follows => {
                // "according to Jane Doe", "said Jane Doe"
                if let Some(n) = CAP_NAME.find(after).filter(|n| after[..n.start()].trim().is_empty()) {
                    candidates.push((m_end + n.start(), m_end + n.end()));
                }
            }
            _ => {}
        }
        if cue.form == CueForm::Verb {
            // "Jane Doe said", "Jane Doe, an analyst, said", "Jane Doe has said"
            let mut before = strip_apposition_and_aux(&s[..m_start]);
            // "Hungary's foreign minister, Peter Szijjarto, told": the name is the appositive.
            if let Some(b) = before.strip_suffix(',') {
                before = b.trim_end();
            }
            let near = tail(before, 80);
            let offset = before.len() - near.len();
            if let Some(n) = last_cap_name_at_end(near).filter(|n| near[n.end()..].trim().is_empty()) {
                candidates.push((offset + n.start(), offset + n.end()));
            }
        }
        for (start, end) in candidates {
            if let Some(name) = clean_name(&s[start..end], known) {
                register(cast, aliases, &name, &s[..start], s.get(end..).unwrap_or(""));
            }
        }
    }
}

/// The first `max` bytes of `s`, cut on a char boundary: bounds the text a
/// capturing regex looks at, since its cost grows with the haystack.
fn head(s: &str, max: usize) -> &str {
    let mut end = max.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The last `max` bytes of `s`, cut on a char boundary.
fn tail(s: &str, max: usize) -> &str {
    let mut start = s.len().saturating_sub(max);
    while !s.is_char_boundary(start) {
        start += 1;
    }
    &s[start..]
}

/// Removes a trailing appositive and auxiliaries from the text before a cue,
/// leaving the subject at the end.
fn strip_apposition_and_aux(before: &str) -> &str {
    let mut b = before.trim_end();
    loop {
        let prev = b;
        // One look at the last word, not a suffix test per auxiliary.
        while let Some((rest, last)) = b.rsplit_once(' ')
            && matches!(
                last,
                "has" | "have" | "had" | "also" | "further" | "repeatedly" | "previously" | "later" | "then" | "again" | "earlier" | "now"
                    | "already" | "consistently" | "recently" | "publicly" | "reportedly" | "himself" | "herself" | "flatly" | "once" | "separately"
            )
        {
            b = rest.trim_end();
        }
        if b.ends_with(',') {
            // ", a political analyst in Kyiv," — drop back to the comma before it.
            let inner = &b[..b.len() - 1];
            if let Some(comma) = inner.rfind(',') {
                let apposition = &inner[comma + 1..];
                if apposition.split_whitespace().count() <= 20 && apposition.trim_start().starts_with(|c: char| c.is_lowercase()) {
                    b = inner[..comma].trim_end();
                }
            }
        }
        if b == prev {
            return b;
        }
    }
}

/// A plausible person name from a capitalised run, titles removed; None for
/// known aliases, sentence-initial words and single words.
fn clean_name(raw: &str, known: &AliasIndex) -> Option<String> {
    let raw = raw.trim_end_matches(['.', '’', '\'']).trim_end_matches("’s").trim_end_matches("'s");
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while words.first().is_some_and(|w| TITLE_WORDS.contains(w) || w.ends_with("’s") || w.ends_with("'s")) {
        words.remove(0);
    }
    // Demonyms and other capitalised modifiers in front of a title: "Finnish President X".
    while words.len() > 2 && (words[0].ends_with("ish") || words[0].ends_with("ian") || words[0].ends_with("ese") || TITLE_WORDS.contains(&words[1])) {
        words.remove(0);
        while words.first().is_some_and(|w| TITLE_WORDS.contains(w)) {
            words.remove(0);
        }
    }
    if words.len() < 2 || words.len() > 4 {
        return None;
    }
    if NOT_NAME_START.contains(&words[0]) || words.iter().any(|w| w.chars().all(|c| c.is_uppercase() || c == '.') && w.len() > 1) {
        return None;
    }
    let name = words.join(" ");
    // A run holding a known multi-word name (or being one) is not new.
    if known.find(&name).iter().any(|(s, e, _, alias)| (*s == 0 && *e == name.len()) || alias.contains(' ')) {
        return None;
    }
    // Every word must look like a name word.
    if !words.iter().all(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().skip(1).all(|c| c.is_lowercase() || c == '-' || c == '\'')) {
        return None;
    }
    Some(name)
}

/// Adds a discovered person (full name and surname as aliases), taking the
/// country from an appositive's adjective ("a Russian deputy foreign minister").
fn register(cast: &mut Cast, aliases: &mut Vec<(String, usize)>, name: &str, before: &str, after: &str) {
    let mut member_of = None;
    let mut roles = Vec::new();
    // The appositive starts with its comma; most text after a name does not.
    if let Some(desc) = appositive(head(after, 200)) {
        member_of = country_of(cast, desc);
        roles.extend(role_words(desc));
    }
    // A title in front: "Ukrainian Foreign Ministry spokesman Oleh Marchenko".
    let title = title_before(before);
    if member_of.is_none() {
        member_of = country_of(cast, title);
    }
    roles.extend(role_words(title));
    if let Some(known) = cast.find(name) {
        // Seen before: what this mention says about the person adds up.
        let member = &mut cast.actors[known];
        if member.discovered && member.actor.member_of.is_none() {
            Arc::make_mut(member).actor.member_of = member_of;
        }
        for r in roles {
            if !member.roles.contains(&r) {
                Arc::make_mut(member).roles.push(r);
            }
        }
        return;
    }
    let index = cast.actors.len();
    cast.actors.push(Arc::new(CastMember {
        actor: Actor {
            name: name.to_string(),
            kind: ActorKind::Person,
            member_of,
            rule: "discovered".to_string(),
        },
        gender: None,
        roles,
        adjectives: Vec::new(),
        discovered: true,
    }));
    aliases.push((name.to_string(), index));
    if let Some(surname) = name.split_whitespace().last() {
        if !aliases.iter().any(|(a, _)| a == surname) {
            aliases.push((surname.to_string(), index));
        }
    }
    debug_assert!(cast.actors.len() == index + 1);
}

/// The title words right before a name, back to the previous punctuation
/// ("Kremlin aide", "Ukrainian Foreign Ministry spokesman").
fn title_before(before: &str) -> &str {
    let near = tail(before, 60);
    let cut = near
        .char_indices()
        .filter(|(_, c)| matches!(c, '.' | ',' | ';' | ':' | '“' | '”' | '"' | '('))
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let t = &near[cut..];
    // Only when the title runs straight into the name.
    if t.is_empty() || t.ends_with(' ') { t.trim() } else { "" }
}

/// The country whose adjective appears in a description.
fn country_of(cast: &Cast, desc: &str) -> Option<String> {
    // Split once, not once per adjective of every country.
    let words = desc.split(|c: char| !c.is_alphanumeric() && c != '.');
    // Only rule actors are countries or organisations, and articles change
    // neither their kind nor their adjectives, so the first such actor with
    // an adjective among the words is the one the table gives.
    if let Some(countries) = &cast.countries {
        return words.filter_map(|w| countries.get(w)).min().map(|&i| cast.actors[i].actor.name.clone());
    }
    let words: Vec<&str> = words.collect();
    cast.actors
        .iter()
        .filter(|a| a.actor.kind == ActorKind::Country || a.actor.kind == ActorKind::Organization)
        .find(|a| a.adjectives.iter().any(|adj| words.contains(&adj.as_str())))
        .map(|a| a.actor.name.clone())
}

/// Whether [`role_words`] finds any in `desc`, without collecting them.
fn names_role(desc: &str) -> bool {
    if desc.contains('\u{212A}') { !role_words(desc).is_empty() } else { ROLE_NOUN_AC.is_match(desc) }
}

/// The role nouns in `desc`, case aside, in [`ROLE_NOUNS`] order. One pass
/// of the automaton instead of lower-casing and searching for each noun.
/// The automaton folds ASCII case only, which lower-casing matches but for
/// the Kelvin sign (lower-cased to 'k'), handled apart; 'İ' lower-cases to
/// 'i' and a combining dot, which no role noun can hold either way, as none
/// ends in 'i'.
fn role_words(desc: &str) -> Vec<String> {
    if desc.contains('\u{212A}') {
        let lower = desc.to_lowercase();
        return ROLE_NOUNS.iter().filter(|r| lower.contains(*r)).map(|r| r.to_string()).collect();
    }
    const { assert!(ROLE_NOUNS.len() <= 64) };
    let found = ROLE_NOUN_AC.find_overlapping_iter(desc).fold(0u64, |set, m| set | 1 << m.pattern().as_usize());
    ROLE_NOUNS.iter().enumerate().filter(|(i, _)| found & 1 << i != 0).map(|(_, r)| r.to_string()).collect()
}

/// "Mike Waltz, Trump's incoming national security adviser," teaches that
/// Waltz holds that role in this article.
fn learn_appositive_roles(text: &str, cast: &mut Cast, mentions: &[Mention]) {
    for m in mentions {
        let after = &text[m.span.end..];
        if cast.actors[m.actor].actor.kind != ActorKind::Person || !after.starts_with(',') {
            continue;
        }
        if let Some(desc) = appositive(head(after, 200)) {
            for role in role_words(desc) {
                if !cast.actors[m.actor].roles.contains(&role) {
                    Arc::make_mut(&mut cast.actors[m.actor]).roles.push(role);
                }
            }
        }
    }
}

/// Resolves pronouns and role descriptions against the mentions found so
/// far. `roles` are the matches of [`ROLE_NOUN_WORD`] in `text`, by start.
fn resolve_references(text: &str, seg: &Segments, cast: &mut Cast, roles: &[(usize, Span)]) {
    let mut extra = Vec::new();
    for (si, sentence) in seg.sentences.iter().enumerate() {
        let s = sentence.span.slice(text);
        // Role nouns are rare; only a sentence that names one as a whole
        // word needs the search for the determiner and modifiers before it.
        let first = roles.partition_point(|(_, r)| r.start < sentence.span.start);
        let has_role = roles[first..].iter().take_while(|(_, r)| r.end <= sentence.span.end).any(|&(_, r)| {
            !text[..r.start].ends_with(|c: char| c.is_alphanumeric()) && !text[r.end..].starts_with(|c: char| c.is_alphanumeric())
        });
        let role_matches: Vec<regex::Captures> = if has_role { ROLE_MENTION.captures_iter(s).collect() } else { Vec::new() };
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
fn salient(text: &str, cast: &Cast, seg: &Segments, sentence: usize, offset: usize, fits: &dyn Fn(&CastMember) -> bool) -> Option<(usize, String)> {
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
fn main_clause_start(sentence: &str) -> Option<usize> {
    let first = sentence.split_whitespace().next()?;
    if !matches!(first, "On" | "When" | "After" | "Before" | "While" | "As" | "Although" | "If" | "Since" | "Despite" | "Once" | "Until" | "Though") {
        return None;
    }
    sentence.find(", ").map(|i| i + 2)
}

fn fallback_unique_role(cast: &Cast, fits: &dyn Fn(&CastMember) -> bool) -> Option<(usize, String)> {
    let mut found = cast.actors.iter().enumerate().filter(|(_, a)| fits(a) && !a.roles.is_empty());
    let first = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some((first.0, format!("the only actor with that role ({})", first.1.actor.name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_pronoun_at_the_very_start_is_found() {
        // An 'h' at offset 0 once made a debug build overflow computing
        // where a "she" would start.
        assert_eq!(pronouns("he said").collect::<Vec<_>>(), vec![(0, 2)]);
        assert_eq!(pronouns("He").collect::<Vec<_>>(), vec![(0, 2)]);
        assert_eq!(pronouns("h").collect::<Vec<_>>(), vec![]);
        assert_eq!(pronouns("she").collect::<Vec<_>>(), vec![(0, 3)]);
    }

    proptest! {
        #[test]
        fn pronouns_are_what_the_regex_finds(text in "(he|she|He|She|HE|the|shed|x|_|1| |é|’|,|\n){0,14}") {
            let re = Regex::new(r"(?-u:\b)(?:[Hh]e|[Ss]he)(?-u:\b)").expect("regex");
            let want: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
            prop_assert_eq!(pronouns(&text).collect::<Vec<_>>(), want);
        }

        #[test]
        fn the_last_name_at_the_end_is_what_find_iter_finds(
            text in "(Jane|Doe|Ž|Šefčovič|de |von der |al-|Assad|the|he|said|Mr.|O’Brien|’s|'s|\\.|,|1|“| |  |\u{a0}|\n|-){0,12}"
        ) {
            let at_end = |n: &regex::Match| text[n.end()..].trim().is_empty();
            let want = CAP_NAME.find_iter(&text).last().filter(at_end).map(|m| m.range());
            let got = last_cap_name_at_end(&text).filter(at_end).map(|m| m.range());
            prop_assert_eq!(got, want);
        }

        #[test]
        fn the_appositive_is_what_the_regex_captures(
            text in "(, |,|,\u{a0}| |  |\n|\u{2003}|a|an|another|the|his|their|Trump|Trump's|Trump’s|U.S.’s|Šefčovič’s|Éva's|A_1's|x|é|_|1|\\.|;|:|“|”|\"|deputy foreign minister|’|'s|\
                 a rather long description of someone who holds an office of some kind in a ministry somewhere){0,10}"
        ) {
            for text in [text.clone(), format!(",{text}"), format!(", {text}")] {
                let want = APPOSITIVE.captures(&text).and_then(|c| c.get(1)).map(|d| d.range());
                let got = appositive(&text).map(|d| {
                    let start = d.as_ptr() as usize - text.as_ptr() as usize;
                    start..start + d.len()
                });
                prop_assert_eq!(got, want, "{:?}", text);
            }
        }

        #[test]
        fn role_words_are_what_lower_casing_finds(
            desc in "(minister|Minister|FOREIGN|foreign |prime |vice-|vice |president|chief of staff|spo|\u{212A}|kesman|İ|i|\u{130}|national security |adviser|a|é|-| ){0,8}"
        ) {
            let lower = desc.to_lowercase();
            let want: Vec<String> = ROLE_NOUNS.iter().filter(|r| lower.contains(*r)).map(|r| r.to_string()).collect();
            prop_assert_eq!(role_words(&desc), want);
        }

        #[test]
        fn rule_aliases_are_the_longest_at_each_word_start(text in "(Donald Trump|Trump|the US|The US|US|U.S.|the Kremlin|Kremlin|soothe|von der Leyen|x|-|_| |é|,|\n){0,12}") {
            let actor = |id: &str, name: &str, aliases: &[&str]| crate::rules::ActorRule {
                id: id.to_string(),
                name: name.to_string(),
                kind: ActorKind::Person,
                gender: None,
                member_of: None,
                aliases: aliases.iter().map(|a| a.to_string()).collect(),
                roles: Vec::new(),
                adjectives: Vec::new(),
                examples: Vec::new(),
            };
            let actors = [
                actor("trump", "Donald Trump", &["Trump"]),
                actor("us", "United States", &["the US", "US", "U.S."]),
                actor("russia", "Russia", &["the Kremlin", "Kremlin"]),
                actor("vdl", "Ursula von der Leyen", &["von der Leyen"]),
            ];
            let index = AliasIndex::new(&actors);
            // The reference, from the definition: left to right, at each
            // place a word may start, the longest alias there (of the first
            // actor listed on a tie), kept if it stands at word edges.
            let names: Vec<(String, usize)> = actors
                .iter()
                .enumerate()
                .flat_map(|(i, a)| std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)).map(move |n| (n, i)))
                .flat_map(|(n, i)| std::iter::once((n.to_string(), i)).chain(n.strip_prefix("the ").map(|r| (format!("The {r}"), i))))
                .collect();
            let b = text.as_bytes();
            let mut want = Vec::new();
            let mut at = 0;
            while at < b.len() {
                let may_start = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'-');
                let longest = names.iter().filter(|(n, _)| may_start && b[at..].starts_with(n.as_bytes())).max_by_key(|(n, _)| n.len());
                match longest {
                    Some((n, i)) => {
                        let i = *i;
                        if at_word_edges(&text, at, at + n.len()) {
                            want.push((at, at + n.len(), i));
                        }
                        at += n.len();
                    }
                    None => at += 1,
                }
            }
            let got: Vec<(usize, usize, usize)> = index.find(&text).into_iter().map(|(s, e, a, _)| (s, e, a)).collect();
            prop_assert_eq!(got, want);
        }

        #[test]
        fn discovered_names_match_like_the_automaton(text in "(Jane Doe|Jane|Doe|Doe Ray|Ray|the Ray|The Ray|x|-| |é|,){0,12}") {
            let pairs: Vec<(String, usize)> =
                [("Jane Doe", 0), ("Doe", 0), ("Doe Ray", 1), ("Ray", 1), ("the Ray", 2)].iter().map(|(n, a)| (n.to_string(), *a)).collect();
            let (patterns, targets) = alias_patterns(&pairs);
            let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&patterns).expect("automaton");
            let want: Vec<(usize, usize, usize)> = ac
                .find_iter(&text)
                .filter(|m| at_word_edges(&text, m.start(), m.end()))
                .map(|m| (m.start(), m.end(), targets[m.pattern().as_usize()].0))
                .collect();
            prop_assert_eq!(DiscoveredNames::new(&pairs).find(&text), want);
        }
    }
}
