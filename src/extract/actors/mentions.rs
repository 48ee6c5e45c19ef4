//! Every actor mention in an article: rule names and aliases, discovered
//! speakers, then roles and pronouns resolved.

use std::sync::Arc;

use crate::extract::cues::{CueHit, Possessor, possessor};
use crate::extract::segment::Segments;
use crate::model::Span;
use crate::model::ActorKind;
use crate::rules::{CompiledRules, CueForm, Lexicon};
use crate::rules::aliases::cast_member;
use crate::rules::scan::Candidates;

use super::cast::{Cast, Mention, MentionKind};
use super::describe::describe_speakers;
use super::discover::discover_speakers;
use super::names::{DiscoveredNames, find_aliases};
use super::shape::title_start;
use super::references::resolve_references;
use super::roles::learn_appositive_roles;
use super::subjects::discover_subjects;

/// Finds every actor mention in the article.
pub fn find_mentions(text: &str, seg: &Segments, rules: &CompiledRules) -> Cast {
    let candidates = rules.banks.all.candidates(text);
    find_mentions_with_cues(text, seg, rules, &crate::extract::cues::find_cues_with(text, seg, rules, &candidates), &candidates)
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
    let intros = discover_speakers(text, seg, rules, cues, &mut cast, &mut discovered_names);
    discover_subjects(text, seg, &rules.aliases, &rules.lexicon, &intros, &mut cast, &mut discovered_names);
    let discovered = DiscoveredNames::new(&discovered_names);

    let mut mentions = Vec::new();
    for para in &seg.paragraphs {
        let ptext = para.span.slice(text);
        for (start, end, actor) in with_titles(ptext, find_aliases(ptext, &rules.aliases, &discovered), &cast, &rules.lexicon) {
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
    learn_appositive_roles(text, &mut cast, &mentions, &rules.lexicon);
    mentions.sort_by_key(|m| m.span.start);
    cast.mentions = mentions;
    let roles = rules.banks.all.find_in(text, candidates, rules.banks.roles.clone(), &[Span::new(0, text.len())]);
    // "his claim that …": the pronoun holding a noun cue is its speaker.
    let possessives: Vec<Span> = cues
        .iter()
        .filter(|c| c.form == CueForm::Noun)
        .filter_map(|c| match possessor(text, c.span) {
            Some(Possessor::Pronoun(p)) => Some(p),
            _ => None,
        })
        .collect();
    resolve_references(text, seg, &mut cast, &roles, &possessives, &rules.lexicon);
    describe_speakers(text, seg, cues, &mut cast, &rules.aliases, &rules.lexicon);
    cast
}

/// Person mentions widened over the title in front ("White House press
/// secretary Josh Earnest", "Mr. Roe") and a party tag after ("(R-Texas)"):
/// the title is part of how the article names the speaker, so a quotation
/// or a cue next to it is next to the speaker, and a rule name inside the
/// title ("White House") is no second speaker.
fn with_titles(ptext: &str, found: Vec<(usize, usize, usize)>, cast: &Cast, lex: &Lexicon) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::with_capacity(found.len());
    for (start, mut end, actor) in found {
        if cast.actors[actor].actor.kind != ActorKind::Person {
            // "the Fire Brigades Union": the article is part of the name as written.
            let head = &ptext[..start];
            let from = if head.ends_with("the ") || head.ends_with("The ") { start - 4 } else { start };
            let from = if from < start && out.last().is_some_and(|&(_, e, _)| e > from) { start } else { from };
            out.push((from, end, actor));
            continue;
        }
        let mut from = title_start(&ptext[..start], lex);
        // Names inside the title give way; one the title would cut does not.
        if out.last().is_some_and(|&(s, e, _)| s < from && from < e) {
            from = start;
        }
        while out.last().is_some_and(|&(s, _, _)| s >= from) {
            out.pop();
        }
        let rest = &ptext[end..];
        if let Some(inner) = rest.strip_prefix(" (")
            && let Some(close) = inner.find(')')
            && close <= 24
            && inner.starts_with(|c: char| c.is_uppercase())
        {
            end += 2 + close + 1;
        }
        // "Senator Jane Doe of Vermont": the place says which Jane Doe.
        let rest = &ptext[end..];
        if let Some(place) = rest.strip_prefix(" of ").or_else(|| rest.strip_prefix(" from ")) {
            let words: Vec<&str> = place.split(' ').take(4).collect();
            let caps = words.iter().take_while(|w| w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(char::is_alphabetic)).count();
            if (1..=3).contains(&caps) && words.get(caps).is_some_and(|w| w.starts_with(char::is_lowercase)) {
                end += rest.len() - place.len() + words[..caps].iter().map(|w| w.len()).sum::<usize>() + caps - 1;
            }
        }
        out.push((from, end, actor));
    }
    // Names inside a widened mention give way to it.
    let mut last_end = 0;
    out.retain(|&(s, e, _)| {
        let keep = s >= last_end;
        if keep {
            last_end = e;
        }
        keep
    });
    out
}
