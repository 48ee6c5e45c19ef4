//! Speakers the rules do not know: a capitalised name right before or
//! after a speech cue, or with a role appositive, becomes a discovered
//! person, with a country when its description has a country adjective.

use std::sync::Arc;

use crate::extract::cues::CueHit;
use crate::extract::segment::Segments;
use crate::model::{Actor, ActorKind};
use crate::rules::{AliasIndex, CastMember, CompiledRules, CueForm, Lexicon};

use super::cast::Cast;
use super::names::{CAP_NAME, appositive, head, last_cap_name_at_end, tail};
use super::roles::{names_role, role_words};

/// Registers speakers the rules do not know: a capitalised name right before
/// or right after a speech cue, or after "according to".
pub(crate) fn discover_speakers(text: &str, seg: &Segments, rules: &CompiledRules, cues: &[CueHit], cast: &mut Cast, aliases: &mut Vec<(String, usize)>) {
    let known = &rules.aliases;
    let lex = &*rules.lexicon;
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
            if !names_role(desc, lex) {
                continue;
            }
            let before = tail(&p[..comma], 80);
            let Some(n) = last_cap_name_at_end(before).filter(|n| n.end() == before.len()) else { continue };
            let start = para.span.start + comma - before.len() + n.start();
            if seg.in_quote(start) {
                continue;
            }
            if let Some(name) = clean_name(n.as_str(), known, lex) {
                register(cast, aliases, &name, "", after, lex);
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
            if let Some(name) = clean_name(&s[start..end], known, lex) {
                register(cast, aliases, &name, &s[..start], s.get(end..).unwrap_or(""), lex);
            }
        }
    }
}

/// Removes a trailing appositive and auxiliaries from the text before a cue,
/// leaving the subject at the end.
pub(crate) fn strip_apposition_and_aux(before: &str) -> &str {
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
pub(crate) fn clean_name(raw: &str, known: &AliasIndex, lex: &Lexicon) -> Option<String> {
    let raw = raw.trim_end_matches(['.', '’', '\'']).trim_end_matches("’s").trim_end_matches("'s");
    let mut words: Vec<&str> = raw.split_whitespace().collect();
    while words.first().is_some_and(|w| lex.is_title(w) || w.ends_with("’s") || w.ends_with("'s")) {
        words.remove(0);
    }
    // Demonyms and other capitalised modifiers in front of a title: "Finnish President X".
    while words.len() > 2 && (words[0].ends_with("ish") || words[0].ends_with("ian") || words[0].ends_with("ese") || lex.is_title(words[1])) {
        words.remove(0);
        while words.first().is_some_and(|w| lex.is_title(w)) {
            words.remove(0);
        }
    }
    if words.len() < 2 || words.len() > 4 {
        return None;
    }
    if lex.cannot_start_name(words[0]) || words.iter().any(|w| w.chars().all(|c| c.is_uppercase() || c == '.') && w.len() > 1) {
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
pub(crate) fn register(cast: &mut Cast, aliases: &mut Vec<(String, usize)>, name: &str, before: &str, after: &str, lex: &Lexicon) {
    let mut member_of = None;
    let mut roles = Vec::new();
    // The appositive starts with its comma; most text after a name does not.
    if let Some(desc) = appositive(head(after, 200)) {
        member_of = country_of(cast, desc);
        roles.extend(role_words(desc, lex));
    }
    // A title in front: "Ukrainian Foreign Ministry spokesman Oleh Marchenko".
    let title = title_before(before);
    if member_of.is_none() {
        member_of = country_of(cast, title);
    }
    roles.extend(role_words(title, lex));
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
            gender: None,
        },
        gender: None,
        roles,
        adjectives: Vec::new(),
        discovered: true,
    }));
    aliases.push((name.to_string(), index));
    if let Some(surname) = name.split_whitespace().last()
        && !aliases.iter().any(|(a, _)| a == surname) {
            aliases.push((surname.to_string(), index));
        }
    debug_assert!(cast.actors.len() == index + 1);
}

/// The title words right before a name, back to the previous punctuation
/// ("Kremlin aide", "Ukrainian Foreign Ministry spokesman").
pub(crate) fn title_before(before: &str) -> &str {
    let near = tail(before, 60);
    let cut = near
        .char_indices().rfind(|(_, c)| matches!(c, '.' | ',' | ';' | ':' | '“' | '”' | '"' | '('))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let t = &near[cut..];
    // Only when the title runs straight into the name.
    if t.is_empty() || t.ends_with(' ') { t.trim() } else { "" }
}

/// The country whose adjective appears in a description.
pub(crate) fn country_of(cast: &Cast, desc: &str) -> Option<String> {
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
