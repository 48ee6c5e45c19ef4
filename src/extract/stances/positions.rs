//! Stances from the hits of each sentence: which cue governs which topic,
//! with what polarity, held by whom.

use std::collections::HashMap;

use crate::model::*;
use crate::rules::CompiledRules;

use super::hits::*;
use super::holders::*;


/// Extracts the stances of one article: at most one per (actor, stance,
/// topic), with the first body sentence that shows it as evidence (an
/// explicitly dated one if there is one).
pub fn extract_stances(input: &StanceInput<'_>) -> Vec<FoundStance> {
    let text = input.text;
    // A replaced stance leaves a hole (None) rather than shifting the later
    // ones, so `slot` can index `out` by key.
    let mut out: Vec<Option<FoundStance>> = Vec::new();
    let mut slot: HashMap<(String, StanceKind, &str), usize> = HashMap::new();
    // Per entry of `out`: whether it rejects one proposal for its topic.
    let mut proposal: Vec<bool> = Vec::new();
    let mut prev_topics: Vec<TopicHit> = Vec::new();
    let sentence_spans: Vec<Span> = input.seg.sentences.iter().map(|s| s.span).collect();
    let raw = RawHits::scan_with(text, &sentence_spans, input.rules, input.candidates);
    for sentence in &input.seg.sentences {
        let span = sentence.span;
        let s = span.slice(text);
        let mut topics = raw.topics_in(span);
        let explicit = topics.clone();
        let mut anaphoric = false;
        if topics.is_empty()
            && !prev_topics.is_empty()
            && may_have_anaphor(&raw.anaphor_nouns, span)
            && let Some(c) = input.rules.lexicon.anaphor.captures(s)
            && let (Some(whole), Some(noun)) = (c.get(0), c.name("noun"))
        {
            let aspan = Span::new(span.start + whole.start(), span.start + whole.end());
            let all = input.rules.lexicon.list_anaphor_nouns.iter().any(|n| *n == noun.as_str().to_lowercase());
            let mut inherited: Vec<usize> = prev_topics.iter().map(|t| t.topic).collect();
            inherited.sort_unstable();
            inherited.dedup();
            if !all {
                inherited.truncate(1);
            }
            topics = inherited
                .into_iter()
                .map(|topic| TopicHit {
                    topic,
                    span: aspan,
                    inherited: true,
                })
                .collect();
            anaphoric = true;
        }
        let before = std::mem::replace(&mut prev_topics, explicit);
        if topics.is_empty() && before.is_empty() {
            continue;
        }
        let cues = raw.cues_in(text, span, input.rules, &topics);
        let negations = raw.negations_in(span);
        let breaks = Breaks::new(&raw, span, &cues, input.cast);
        let mut found: Vec<(TopicHit, Vec<CueHit>)> = Vec::new();
        if anaphoric {
            // Each comma clause with a cue speaks for itself.
            let mut bounds: Vec<usize> = COMMA
                .find_iter(s)
                .chain(CLAUSE_BREAK.find_iter(s))
                .map(|m| span.start + m.start())
                .collect();
            bounds.push(span.end);
            bounds.sort_unstable();
            let mut start = span.start;
            for end in bounds {
                if let Some(c) = cues
                    .iter()
                    .find(|c| c.span.start >= start && c.span.end <= end)
                {
                    for t in &topics {
                        found.push((t.clone(), vec![c.clone()]));
                    }
                }
                start = end;
            }
        } else {
            for t in &topics {
                for chain in governing_chain(text, input, t, &cues, &negations, &breaks, span) {
                    found.push((t.clone(), chain));
                }
            }
            // "Kyiv agreed", "Moscow rejected it", "that remains off the
            // table": a cue left with no topic of its own takes the one a
            // pronoun or an ellipsis refers back to.
            for c in &cues {
                let used = found.iter().any(|(_, chain)| chain.iter().any(|k| k.span == c.span));
                if used {
                    continue;
                }
                if let Some(t) = referred_topic(input, span, c, &topics, &before) {
                    found.push((t, vec![c.clone()]));
                }
            }
        }
        // The sentence's own date, found once however many stances it shows.
        let own_date = std::cell::OnceCell::new();
        let explicit = || *own_date.get_or_init(|| crate::extract::dates::explicit_date(s, input.article.date));
        for (t, chain) in found {
            let Some(governor) = chain.first() else {
                continue;
            };
            let (stance, rule) = chain_stance(text, input.rules, &chain, &t);
            let topic = input.rules.topics[t.topic].id.as_str();
            let of_proposal = stance == StanceKind::Rejects && rejects_a_proposal(input.rules, &chain);
            let detail = how(text, &chain, &t, topic, of_proposal);
            for (actor, resolution) in choose_actors(input, span, governor, &rule, &topics) {
                let resolution = format!("{resolution}; {detail}");
                let key = (actor.clone(), stance, topic);
                // One stance per (actor, stance, topic): the first sentence
                // that shows it, unless that is the headline and the body
                // says it too, or a later sentence dates it explicitly —
                // timelines and reversals need the dated body sentence.
                let replace = if let Some(&i) = slot.get(&key) {
                    let Some(old) = out[i].as_ref().map(|f| &f.evidence) else { continue };
                    let old_headline = input.seg.sentences.first().is_some_and(|h| h.span == old.sentence);
                    let old_dated = crate::extract::dates::explicit_date(&old.sentence_text, input.article.date).is_some();
                    let new_dated = explicit().is_some();
                    if old_headline || (new_dated && !old_dated) { Some(i) } else { continue }
                } else {
                    None
                };
                let lo = governor.span.start.min(t.span.start);
                let hi = governor.span.end.max(t.span.end);
                if let Some(i) = replace {
                    out[i] = None;
                }
                slot.insert(key, out.len());
                proposal.push(of_proposal);
                out.push(Some(FoundStance {
                    actor,
                    stance,
                    topic: topic.to_string(),
                    evidence: Evidence {
                        article: input.article.id.clone().into(),
                        span: Span::new(lo, hi),
                        sentence: span,
                        sentence_text: s.into(),
                        cue: governor.span.slice(text).into(),
                        rule: rule.clone().into(),
                        // What dates::sentence_date gives.
                        date: explicit().or(input.article.date),
                        resolution: resolution.into(),
                    },
                }));
            }
        }
    }
    // Rejecting one proposal for a topic ("dismissed Moscow's plan for a
    // three-day truce") is no rejection of the topic by an actor who
    // demands it in the same article.
    let demanded: std::collections::HashSet<(String, String)> = out
        .iter()
        .flatten()
        .filter(|f| f.stance == StanceKind::Demands)
        .map(|f| (f.actor.clone(), f.topic.clone()))
        .collect();
    out.into_iter()
        .zip(proposal)
        .filter_map(|(f, of_proposal)| {
            let f = f?;
            let keep = !of_proposal || !demanded.contains(&(f.actor.clone(), f.topic.clone()));
            keep.then_some(f)
        })
        .collect()
}

/// Stance rules whose ids start with this take a topic only when they
/// stand alone ("and Kyiv agreed.", "Moscow agreed to it"): followed by a
/// clause ("agreed that each side will …") they report, not accept.
pub const ALONE_RULE_PREFIX: &str = "stance.alone";

/// Stance rules whose ids start with this are nouns naming one proposal
/// ("Moscow's plan for a truce"): rejecting it is not rejecting its topic.
pub const PROPOSAL_RULE_PREFIX: &str = "stance.proposal";

/// Whether a rejecting chain rejects a proposal named by a noun cue inside it.
fn rejects_a_proposal(rules: &CompiledRules, chain: &[CueHit]) -> bool {
    chain
        .iter()
        .skip(1)
        .any(|c| c.rule.is_some_and(|r| rules.stances[r].id.starts_with(PROPOSAL_RULE_PREFIX)))
}

/// What `explain` shows of a stance: its cue, topic wording and negation.
fn how(text: &str, chain: &[CueHit], t: &TopicHit, topic: &str, of_proposal: bool) -> String {
    let cues: Vec<&str> = chain.iter().map(|c| c.span.slice(text)).collect();
    let negations: Vec<&str> = chain.iter().filter_map(|c| c.negated.as_deref()).collect();
    let topic = if t.inherited {
        format!("{topic}, referred to by `{}`", t.span.slice(text))
    } else {
        format!("`{}`", t.span.slice(text))
    };
    let negation = if negations.is_empty() { "none".to_string() } else { negations.join(", ") };
    let proposal = if of_proposal { "; rejects one proposal for the topic" } else { "" };
    format!("cue `{}`; topic term {topic}; negation: {negation}{proposal}", cues.join(" … "))
}

/// What a pronoun object ("rejected it"), a pronoun subject ("it is
/// unacceptable") or an ellipsis ("and Kyiv agreed.") of cue `c` refers
/// to: the nearest topic named before it in the sentence, else the last
/// topic of the sentence before.
fn referred_topic(input: &StanceInput<'_>, sentence: Span, c: &CueHit, topics: &[TopicHit], before: &[TopicHit]) -> Option<TopicHit> {
    let text = input.text;
    let after = &text[c.span.end..sentence.end];
    let ahead = &text[sentence.start..c.span.start];
    // Only a verb right after its subject stands alone ("and Kyiv agreed"),
    // not a noun ("lobbies for support.").
    let subject_before = || {
        SUBJECT_PRONOUN.is_match(ahead)
            || input.cast.mentions_in(Span::new(sentence.start, c.span.start)).any(|m| {
                let gap = &text[m.span.end.min(c.span.start)..c.span.start];
                !gap.contains(|ch: char| ",;:“”\"".contains(ch))
                    && gap.split_whitespace().count() <= 2
                    && !gap.split_whitespace().any(|w| PREPOSITIONS.contains(&w.to_lowercase().as_str()))
            })
    };
    let extraposed = EXTRAPOSED.is_match(after);
    let refers = ((PRONOUN_OBJECT.is_match(after) || ELLIPSIS.is_match(after)) && subject_before())
        || (PRONOUN_SUBJECT.is_match(ahead) && !extraposed);
    if !refers {
        return None;
    }
    // The first topic of the sentence, the one its main clause is about.
    let own = topics
        .iter()
        .filter(|t| !t.inherited && t.span.end <= c.span.start)
        .min_by_key(|t| t.span.start);
    match own {
        Some(t) => Some(t.clone()),
        // The evidence stays inside this sentence: the cue stands for it.
        None => before.last().map(|t| TopicHit {
            topic: t.topic,
            span: c.span,
            inherited: true,
        }),
    }
}

/// A pronoun object right after the cue, maybe after one verb ("ready to
/// implement it"); not "them", which after "urged" is people.
static PRONOUN_OBJECT: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)^\s+(?:[a-z-]+\s+)?it(?-u:\b)").expect("static regex"));
/// A cue ending its clause: "and Ukraine agreed, while …".
static ELLIPSIS: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)^\s*(?:[,.;!?]|$|(?:and|but|while|whereas)(?-u:\b))").expect("static regex"));
/// A pronoun subject with a copula right before the cue: "this remains
/// off the table", "it is unacceptable" ("that" is too often a relative).
static PRONOUN_SUBJECT: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"(?i)(?-u:\b)(?:it|this)\s+(?:is|was|remains|remained|would be|will be|has been|had been|seems)\s+$").expect("static regex")
});
/// "It is impossible to …", "it is important that …": the pronoun stands
/// for what follows, not for a topic before.
static EXTRAPOSED: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)^\s+(?:[a-z]+\s+)?(?:to|that|for)(?-u:\b)").expect("static regex"));
/// A personal pronoun as the subject right before a cue in a quotation.
static SUBJECT_PRONOUN: std::sync::LazyLock<regex::Regex> =
    std::sync::LazyLock::new(|| regex::Regex::new(r"(?i)(?-u:\b)(?:I|we|he|she|they)\s+(?:[a-z’']+\s+){0,1}$").expect("static regex"));

/// The cues that govern topic `t`: those before it in its clause (the first
/// one governs), or failing that a cue right after it in its clause; a
/// negation right before the topic joins the chain as its innermost link.
/// A passive cue after the topic with a named agent ("an idea championed by
/// Macron") makes a chain of its own.
pub(crate) fn governing_chain(
    text: &str,
    input: &StanceInput<'_>,
    t: &TopicHit,
    cues: &[CueHit],
    negations: &[(String, Span)],
    breaks: &Breaks,
    sentence: Span,
) -> Vec<Vec<CueHit>> {
    let rules = input.rules;
    let topic_id = &rules.topics[t.topic].id;
    let allowed = |c: &CueHit| {
        c.rule.is_none_or(|r| {
            !rules.stances[r].id.starts_with(ALONE_RULE_PREFIX)
                && (rules.stances[r].topics.is_empty() || rules.stances[r].topics.contains(topic_id))
        })
    };
    let passive = cues.iter().find(|c| {
        c.span.start >= t.span.end && allowed(c) && passive_agent(input, c, sentence).is_some()
    });
    let mut chain: Vec<CueHit> = cues
        .iter()
        .filter(|c| {
            c.span.end <= t.span.start
                && allowed(c)
                && !breaks.between(text, c.span.end, t.span.start)
        })
        .cloned()
        .collect();
    // "rejected the plan and wants lower fees": a cue coordinated with the
    // one before it starts a chain of its own.
    if let Some(i) = (1..chain.len()).rev().find(|&i| {
        let gap = &text[chain[i - 1].span.end..chain[i].span.start];
        gap.split_whitespace().any(|w| matches!(w, "and" | "or" | "but"))
    }) {
        chain.drain(..i);
    }
    // The topic itself negated: "will not recognise the occupied territories".
    if let Some(neg) = negation_before(text, negations, t.span.start, 1) {
        let start = negations
            .iter()
            .filter(|(_, n)| n.end <= t.span.start)
            .map(|(_, n)| n.start)
            .max()
            .unwrap_or(t.span.start);
        let already = chain.iter().any(|c| c.span.end > start);
        if !already {
            chain.push(CueHit {
                rule: None,
                stance: StanceKind::Demands,
                span: Span::new(start, t.span.start),
                negated: Some(neg),
            });
        }
    }
    if chain.is_empty()
        && passive.is_none()
        && let Some(after) = cues.iter().find(|c| {
            c.span.start >= t.span.end
                && allowed(c)
                && !breaks.between(text, t.span.end, c.span.start)
                && c.span.start - t.span.end <= 40
                && !text[t.span.end..c.span.start].contains(',')
                && !text[t.span.end..c.span.start]
                    .split_whitespace()
                    .any(|w| w == "and" || w == "or")
        })
    {
        chain.push(after.clone());
    }
    let mut chains = Vec::new();
    // "Kyiv rejected Trump's call for elections": the possessor of an inner
    // cue holds the stance that cue starts, besides the subject's own. Not
    // inside what someone else said ("Putin said he backed Trump's plan
    // for a truce"): there it is the speaker's presupposition, not a
    // position on record.
    let reported = |c: &CueHit| {
        input
            .statements
            .iter()
            .any(|st| st.evidence.span.start <= c.span.start && c.span.end <= st.evidence.span.end)
    };
    for (i, c) in chain.iter().enumerate().skip(1) {
        if reported(c) {
            continue;
        }
        let possessed = input
            .cast
            .mentions_in(Span::new(sentence.start, c.span.start))
            .any(|m| {
                let rest = text.get(m.span.end..c.span.start).unwrap_or_default();
                POSSESSIVE.is_match(rest)
            });
        if possessed {
            chains.push(chain[i..].to_vec());
        }
    }
    if !chain.is_empty() {
        chains.insert(0, chain);
    }
    if let Some(p) = passive {
        chains.push(vec![p.clone()]);
    }
    chains
}

/// The stance of a chain: the governing cue's, flipped by every inner cue
/// that still reaches the topic (an inner cue stops at "and" or a comma);
/// and the ids of the rules that decided it, joined by `+` (governing cue
/// first, then inner cues and negations that flipped it).
pub(crate) fn chain_stance(
    text: &str,
    rules: &CompiledRules,
    chain: &[CueHit],
    t: &TopicHit,
) -> (StanceKind, String) {
    let Some(first) = chain.first() else {
        return (StanceKind::Demands, String::new());
    };
    let mut stance = first.effective();
    let mut ids: Vec<String> = Vec::new();
    let mut push = |c: &CueHit| {
        if let Some(r) = c.rule {
            ids.push(rules.stances[r].id.clone());
        }
        if let Some(n) = &c.negated {
            ids.push(n.clone());
        }
    };
    push(first);
    for c in chain.iter().skip(1) {
        if c.span.end > t.span.start {
            continue;
        }
        let gap = &text[c.span.end..t.span.start];
        let reaches =
            !gap.contains(',') && !gap.split_whitespace().any(|w| w == "and" || w == "or");
        if reaches && c.effective() == StanceKind::Rejects {
            stance = stance.opposite();
            push(c);
        }
    }
    ids.dedup();
    (stance, ids.join("+"))
}
