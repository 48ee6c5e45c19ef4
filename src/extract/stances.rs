//! Positions: an actor demands or rejects a topic.
//!
//! Per sentence, topic patterns say what is talked about and stance cues say
//! how. A topic is governed by the cues before it in its clause: the first
//! cue (the one closest to the clause's subject) picks the actor, and every
//! cue in the chain contributes its sign, so "demanded that Ukraine drop its
//! ambitions to join NATO" rejects NATO membership. A negation right before
//! a cue flips it ("will not accept"); a negation right before a topic with
//! no cue rejects it ("will never recognise the occupied territories").
//! With no cue before it, a topic takes a cue that follows it in the clause
//! ("NATO membership is unacceptable"). A sentence with no topic of its own
//! but an anaphor ("these conditions") inherits the previous sentence's
//! topics, and then every clause's cue applies to them ("Moscow claimed
//! these talks produced a deal, Kyiv denied it").
//!
//! The actor is the nearest actor named before the governing cue who is not
//! the object of a preposition, the speaker of the quotation the cue stands
//! in, or the agent of a passive ("championed by Macron"). A country named
//! inside a clause reported by one of its own people stays with that person
//! ("Putin said Moscow will not relinquish…" is Putin's stance), because
//! that is who is on record.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::{Cast, Mention};
use crate::model::{
    ActorKind, ArticleMeta, Evidence, FoundStance, FoundStatement, Span, StanceKind,
};
use crate::rules::CompiledRules;
use crate::rules::lexicon::{ANAPHOR, LIST_NOUNS};
use crate::rules::scan::Candidates;
use crate::extract::segment::Segments;

/// A topic mention inside a sentence (absolute span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicHit {
    /// Index into [`CompiledRules::topics`].
    pub topic: usize,
    pub span: Span,
    /// Inherited from the previous sentence through an anaphor.
    pub inherited: bool,
}

/// A stance cue inside a sentence (absolute span).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CueHit {
    /// Index into [`CompiledRules::stances`], or None for a bare negation
    /// acting on a topic.
    pub rule: Option<usize>,
    pub stance: StanceKind,
    pub span: Span,
    /// The negation rule that flips this cue.
    pub negated: Option<String>,
}

impl CueHit {
    fn effective(&self) -> StanceKind {
        if self.negated.is_some() {
            self.stance.opposite()
        } else {
            self.stance
        }
    }
}

/// Words that end one clause and start another; a cue does not govern a
/// topic across them.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;:—–]|[.!?…]\s|\s-\s|(?-u:\b)(?:if|when|whether)(?-u:\b)|,\s*(?:but|while|whereas|although|though|which|who|and\s+(?:\p{Lu}|he|she|it|they))(?-u:\b)|(?-u:\b)(?:but|whereas|although|though|however)(?-u:\b)|,\s*(?:when|after|before|as)(?-u:\b)|(?-u:\b)(?:after|before|during|until|following)\s+(?:a|an|the|any)(?-u:\b)")
        .expect("static regex")
});

/// Commas split clauses for anaphoric sentences, where each clause may carry
/// its own actor ("X claimed …, Y denied …").
static COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",").expect("static regex"));

/// A mention right after one of these words is the object of a
/// preposition, not the one who takes the stance.
const PREPOSITIONS: &[&str] = &[
    "to", "with", "from", "of", "for", "on", "against", "by", "about", "between", "at", "in",
    "into", "toward", "towards", "than", "like", "over", "among", "without",
];

/// The word before an actor that makes the stance hypothetical ("if Putin
/// refuses to negotiate").
const CONDITIONALS: &[&str] = &["if", "unless", "whether", "should"];

/// What lies between a possessor and the cue it owns: "’s ", "'s new ".
static POSSESSIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[’']s\s+(?:[\w-]+\s+)?$").expect("static regex"));

/// Passive agent after a cue: "an idea championed by Macron".
static PASSIVE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:being|been|strongly|publicly|also)\s+)?by\s+$").expect("static regex")
});

/// Everything stance extraction needs about one article.
pub struct StanceInput<'a> {
    pub text: &'a str,
    pub seg: &'a Segments,
    pub cast: &'a Cast,
    pub statements: &'a [FoundStatement],
    pub rules: &'a CompiledRules,
    pub article: &'a ArticleMeta,
    /// Where the rule patterns could match in `text`.
    pub candidates: &'a Candidates,
}

/// Every raw match of the topic patterns, stance cues, negations and speech
/// cues in a stretch of text, each list sorted by start. Patterns run once
/// over the whole article rather than once per sentence (far fewer regex
/// calls); a match that crosses a sentence boundary belongs to no sentence.
pub struct RawHits {
    topics: Vec<(usize, Span)>,
    /// Matches of [`ANAPHOR_NOUN`].
    anaphor_nouns: Vec<(usize, Span)>,
    cues: Vec<(usize, Span)>,
    negations: Vec<(String, Span)>,
    speech: Vec<Span>,
}

/// The entries of a start-sorted list that lie wholly inside `span`.
fn inside<T>(list: &[(T, Span)], span: Span) -> impl Iterator<Item = &(T, Span)> {
    let first = list.partition_point(|(_, s)| s.start < span.start);
    list[first..]
        .iter()
        .take_while(move |(_, s)| s.start < span.end)
        .filter(move |(_, s)| s.end <= span.end)
}

/// False when `sentence` cannot hold an [`ANAPHOR`] match, given the
/// matches of [`ANAPHOR_NOUN`].
fn may_have_anaphor(anaphor_nouns: &[(usize, Span)], sentence: Span) -> bool {
    inside(anaphor_nouns, sentence).next().is_some()
}

impl RawHits {
    pub fn scan(text: &str, sentences: &[Span], rules: &CompiledRules) -> RawHits {
        RawHits::scan_with(text, sentences, rules, &rules.banks.all.candidates(text))
    }

    /// [`RawHits::scan`] with the pattern candidates of `text` already found.
    pub fn scan_with(text: &str, sentences: &[Span], rules: &CompiledRules, candidates: &Candidates) -> RawHits {
        let banks = &rules.banks;
        let find = |kind: &std::ops::Range<usize>, sentences: &[Span]| banks.all.find_in(text, candidates, kind.clone(), sentences);
        let cues = find(&banks.stances, sentences);
        let anaphor_nouns = find(&banks.anaphor_nouns, sentences);
        let negations: Vec<(String, Span)> = find(&banks.negations, sentences)
            .into_iter()
            .map(|(i, sp)| (rules.negations[i].0.clone(), sp))
            .collect();
        // Topics matter only where a cue or negation can take them, and in
        // the sentence before an anaphor ("these conditions") that can.
        let mut wanted = vec![false; sentences.len()];
        for (i, &sp) in sentences.iter().enumerate() {
            let cued = inside(&cues, sp).next().is_some();
            if cued || inside(&negations, sp).next().is_some() {
                wanted[i] = true;
                // A wanted previous sentence needs no anaphor to be wanted.
                if cued && i > 0 && !wanted[i - 1] && may_have_anaphor(&anaphor_nouns, sp) && ANAPHOR.is_match(sp.slice(text)) {
                    wanted[i - 1] = true;
                }
            }
        }
        let wanted: Vec<Span> = sentences
            .iter()
            .zip(&wanted)
            .filter(|&(_, &w)| w)
            .map(|(&sp, _)| sp)
            .collect();
        let topics = find(&banks.topics, &wanted)
            .into_iter()
            .map(|(pi, sp)| (banks.topic_of_pattern[pi], sp))
            .collect();
        // Speech verbs only break the clauses of a sentence with topics of
        // its own, which is a wanted one.
        let speech = find(&banks.cues, &wanted).into_iter().map(|(_, sp)| sp).collect();
        RawHits {
            topics,
            anaphor_nouns,
            cues,
            negations,
            speech,
        }
    }

    fn negations_in(&self, sentence: Span) -> Vec<(String, Span)> {
        inside(&self.negations, sentence).cloned().collect()
    }

    /// Topic mentions in `sentence`, the longest wording winning where two
    /// overlap ("talks on a ceasefire" is about talks), and on equal length
    /// the topic listed first.
    pub fn topics_in(&self, sentence: Span) -> Vec<TopicHit> {
        let mut all: Vec<TopicHit> = inside(&self.topics, sentence)
            .map(|&(topic, span)| TopicHit {
                topic,
                span,
                inherited: false,
            })
            .collect();
        all.sort_by(|a, b| {
            b.span
                .len()
                .cmp(&a.span.len())
                .then(a.topic.cmp(&b.topic))
                .then(a.span.start.cmp(&b.span.start))
        });
        let mut hits: Vec<TopicHit> = Vec::new();
        for h in all {
            if !hits
                .iter()
                .any(|k| k.span.start < h.span.end && h.span.start < k.span.end)
            {
                hits.push(h);
            }
        }
        hits.sort_by_key(|h| h.span.start);
        hits
    }

    /// Stance cues in `sentence`, with their negations. Cues overlapping a
    /// topic mention are part of the topic's wording ("recognise the
    /// occupied territories", "lifting sanctions") and are dropped; of
    /// overlapping cues the longest wins.
    pub fn cues_in(
        &self,
        text: &str,
        sentence: Span,
        rules: &CompiledRules,
        topics: &[TopicHit],
    ) -> Vec<CueHit> {
        let mut cues: Vec<CueHit> = inside(&self.cues, sentence)
            .filter(|(_, span)| {
                !topics
                    .iter()
                    .any(|t| !t.inherited && t.span.start < span.end && span.start < t.span.end)
            })
            .map(|&(ri, span)| CueHit {
                rule: Some(ri),
                stance: rules.stances[ri].stance,
                span,
                negated: None,
            })
            .collect();
        cues.sort_by(|a, b| {
            a.span
                .start
                .cmp(&b.span.start)
                .then(b.span.len().cmp(&a.span.len()))
        });
        let mut kept: Vec<CueHit> = Vec::new();
        for c in cues {
            if kept
                .iter()
                .any(|k| k.span.start < c.span.end && c.span.start < k.span.end)
            {
                continue;
            }
            kept.push(c);
        }
        let negations = self.negations_in(sentence);
        for c in &mut kept {
            // "should not", "there should not be": the negation may start on the cue itself.
            let on_cue = negations.iter().find(|(_, n)| {
                n.start < c.span.end
                    && c.span.start < n.end
                    && (n.start == c.span.start || n.contains(c.span))
            });
            c.negated = on_cue
                .map(|(id, _)| id.clone())
                .or_else(|| negation_before(text, &negations, c.span.start, 2));
        }
        kept
    }
}

/// Topic mentions in `sentence` (see [`RawHits::topics_in`]).
pub fn find_topics(text: &str, sentence: Span, rules: &CompiledRules) -> Vec<TopicHit> {
    RawHits::scan(text, &[sentence], rules).topics_in(sentence)
}

/// Stance cues in `sentence` (see [`RawHits::cues_in`]).
pub fn find_cues(
    text: &str,
    sentence: Span,
    rules: &CompiledRules,
    topics: &[TopicHit],
) -> Vec<CueHit> {
    RawHits::scan(text, &[sentence], rules).cues_in(text, sentence, rules, topics)
}

/// The negation ending at most `max_words` words before `offset`.
fn negation_before(
    text: &str,
    negations: &[(String, Span)],
    offset: usize,
    max_words: usize,
) -> Option<String> {
    negations
        .iter()
        .filter(|(_, n)| n.end <= offset)
        .filter(|(_, n)| {
            let gap = &text[n.end..offset];
            !gap.contains([',', '.', ';', ':', '“', '”', '"'])
                && gap.split_whitespace().count() <= max_words
        })
        .max_by_key(|(_, n)| n.end)
        .map(|(id, _)| id.clone())
}

/// Where clauses break in one sentence: punctuation and conjunctions, and
/// speech verbs outside stance cues ("… and the minister added that …").
struct Breaks {
    speech: Vec<usize>,
}

impl Breaks {
    fn new(raw: &RawHits, sentence: Span, cues: &[CueHit], cast: &Cast) -> Breaks {
        let first = raw.speech.partition_point(|s| s.start < sentence.start);
        let speech = raw.speech[first..]
            .iter()
            .take_while(|s| s.start < sentence.end)
            // Not a verb inside a stance cue or a name ("the United States").
            .filter(|&&Span { start: a, end: b }| {
                !cues.iter().any(|k| k.span.start < b && a < k.span.end)
                    && !cast
                        .mentions_in(sentence)
                        .any(|m| m.span.start < b && a < m.span.end)
            })
            .map(|s| s.start)
            .collect();
        Breaks { speech }
    }

    fn between(&self, text: &str, from: usize, to: usize) -> bool {
        from < to
            && (CLAUSE_BREAK.is_match(&text[from..to])
                || self.speech.iter().any(|&p| from <= p && p < to))
    }
}

/// Stance rules whose ids start with this are obligations: the stance is
/// the speaker's ("Rubio suggested Ukraine will have to make concessions").
pub const SPEAKER_RULE_PREFIX: &str = "stance.modal";

/// Extracts the stances of one article: at most one per (actor, stance,
/// topic), with the first body sentence that shows it as evidence (an
/// explicitly dated one if there is one).
pub fn extract_stances(input: &StanceInput<'_>) -> Vec<FoundStance> {
    let text = input.text;
    // A replaced stance leaves a hole (None) rather than shifting the later
    // ones, so `slot` can index `out` by key.
    let mut out: Vec<Option<FoundStance>> = Vec::new();
    let mut slot: HashMap<(String, StanceKind, &str), usize> = HashMap::new();
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
            && let Some(c) = ANAPHOR.captures(s)
            && let (Some(whole), Some(noun)) = (c.get(0), c.name("noun"))
        {
            let aspan = Span::new(span.start + whole.start(), span.start + whole.end());
            let all = LIST_NOUNS.contains(&noun.as_str().to_lowercase().as_str());
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
        prev_topics = explicit;
        if topics.is_empty() {
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
            for (actor, resolution) in choose_actors(input, span, governor, &rule, &topics) {
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
                out.push(Some(FoundStance {
                    actor,
                    stance,
                    topic: topic.to_string(),
                    evidence: Evidence {
                        article: input.article.id.clone(),
                        span: Span::new(lo, hi),
                        sentence: span,
                        sentence_text: s.to_string(),
                        cue: governor.span.slice(text).to_string(),
                        rule: rule.clone(),
                        // What dates::sentence_date gives.
                        date: explicit().or(input.article.date),
                        resolution,
                    },
                }));
            }
        }
    }
    out.into_iter().flatten().collect()
}

/// The cues that govern topic `t`: those before it in its clause (the first
/// one governs), or failing that a cue right after it in its clause; a
/// negation right before the topic joins the chain as its innermost link.
/// A passive cue after the topic with a named agent ("an idea championed by
/// Macron") makes a chain of its own.
fn governing_chain(
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
            rules.stances[r].topics.is_empty() || rules.stances[r].topics.contains(topic_id)
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
    // cue holds the stance that cue starts, besides the subject's own.
    for (i, c) in chain.iter().enumerate().skip(1) {
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
fn chain_stance(
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

fn word_before(text: &str, offset: usize) -> String {
    text[..offset]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// Whether the actor is the subject of an "if" clause, titles in between
/// ("if Ukrainian President Zelenskiy refuses").
fn is_conditional(text: &str, sentence: Span, m: &Mention) -> bool {
    let before = &text[sentence.start..m.span.start];
    let mut words = before.split_whitespace().rev();
    for _ in 0..5 {
        match words.next() {
            Some(w)
                if w.chars().next().is_some_and(char::is_uppercase)
                    && !CONDITIONALS.contains(&w.to_lowercase().as_str()) =>
            {
                continue;
            }
            Some(w) => {
                return CONDITIONALS.contains(
                    &w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                        .as_str(),
                );
            }
            None => return false,
        }
    }
    false
}

/// The named agent of a passive cue: "championed by Macron".
fn passive_agent<'c>(input: &StanceInput<'c>, cue: &CueHit, sentence: Span) -> Option<&'c Mention> {
    let after = input
        .cast
        .mentions_in(Span::new(cue.span.end, sentence.end))
        .find(|m| m.span.end <= sentence.end)?;
    PASSIVE_BY
        .is_match(&input.text[cue.span.end..after.span.start])
        .then_some(after)
}

/// The mentions coordinated with `m` ("Putin, Lavrov and other officials"):
/// neighbours separated only by commas, "and" or "or".
fn coordinated<'m>(text: &str, mentions: &[&'m Mention], m: &'m Mention) -> Vec<&'m Mention> {
    let Some(i) = mentions.iter().position(|x| std::ptr::eq(*x, m)) else {
        return vec![m];
    };
    let joins = |a: &Mention, b: &Mention| {
        let gap = &text[a.span.end..b.span.start];
        gap.split(|c: char| c == ',' || c.is_whitespace())
            .all(|w| w.is_empty() || w == "and" || w == "or")
    };
    let mut lo = i;
    while lo > 0 && joins(mentions[lo - 1], mentions[lo]) {
        lo -= 1;
    }
    let mut hi = i;
    while hi + 1 < mentions.len() && joins(mentions[hi], mentions[hi + 1]) {
        hi += 1;
    }
    mentions[lo..=hi].to_vec()
}

/// The actors who take the stance the governing cue expresses, and why.
fn choose_actors(
    input: &StanceInput<'_>,
    sentence: Span,
    cue: &CueHit,
    rule: &str,
    topics: &[TopicHit],
) -> Vec<(String, String)> {
    let text = input.text;
    let cast = input.cast;
    let covering = input.statements.iter().find(|st| {
        st.evidence.span.start <= cue.span.start
            && cue.span.start < st.evidence.span.end.max(st.evidence.span.start + 1)
    });
    let by_speaker = |why: &str| -> Vec<(String, String)> {
        covering
            .map(|st| (st.speaker.clone(), format!("{why} (`{}`)", st.evidence.cue)))
            .into_iter()
            .collect()
    };
    if input.seg.in_quote(cue.span.start) {
        return by_speaker("speaker of the quotation");
    }
    if let Some(m) = passive_agent(input, cue, sentence) {
        return vec![(
            cast.name(m.actor).to_string(),
            format!("agent of the passive: {}", m.reason),
        )];
    }
    let in_topic = |m: &Mention| {
        topics
            .iter()
            .any(|t| !t.inherited && t.span.start <= m.span.start && m.span.end <= t.span.end)
    };
    let before: Vec<&Mention> = cast
        .mentions_in(Span::new(sentence.start, cue.span.start))
        .filter(|m| m.span.end <= cue.span.start)
        .filter(|m| !in_topic(m))
        .filter(|m| !PREPOSITIONS.contains(&word_before(text, m.span.start).as_str()))
        .collect();
    let candidates: Vec<&Mention> = before
        .iter()
        .copied()
        .filter(|m| {
            // A possessive is the actor only right before the cue ("Russia's demands").
            let rest = text.get(m.span.end..cue.span.start).unwrap_or_default();
            let possessive = rest.starts_with("’s") || rest.starts_with("'s");
            !possessive || rest.split_whitespace().count() <= 3
        })
        .collect();
    if rule.starts_with(SPEAKER_RULE_PREFIX) {
        // An obligation is the speaker's demand, else the main clause subject's.
        if covering.is_some() {
            return by_speaker("obligation stated by the speaker");
        }
        return match candidates.first() {
            Some(m) => vec![(
                cast.name(m.actor).to_string(),
                format!(
                    "subject of the sentence stating an obligation: {}",
                    m.reason
                ),
            )],
            None => Vec::new(),
        };
    }
    let Some(&chosen) = candidates.last() else {
        return by_speaker("speaker of the reported statement");
    };
    if is_conditional(text, sentence, chosen) {
        return Vec::new();
    }
    let member = &cast.actors[chosen.actor];
    if member.actor.kind == ActorKind::Country {
        // A country inside a clause one of its own people said is that person's stance.
        let country = member.actor.name.as_str();
        let own = |actor: usize| {
            let a = &cast.actors[actor].actor;
            a.kind == ActorKind::Person && a.member_of.as_deref() == Some(country)
        };
        if let Some(p) = candidates
            .iter()
            .find(|m| m.span.start < chosen.span.start && own(m.actor))
        {
            return coordinated(text, &candidates, p)
                .into_iter()
                .map(|m| {
                    (
                        cast.name(m.actor).to_string(),
                        format!("{} speaks for {country}: {}", cast.name(m.actor), m.reason),
                    )
                })
                .collect();
        }
        let speaks_for = |name: &str| {
            cast.actors.iter().any(|a| {
                a.actor.name == name
                    && a.actor.kind == ActorKind::Person
                    && a.actor.member_of.as_deref() == Some(country)
            })
        };
        if let Some(st) = covering
            && speaks_for(&st.speaker)
        {
            return vec![(
                st.speaker.clone(),
                format!(
                    "{} speaks for {country} (speaker of the statement)",
                    st.speaker
                ),
            )];
        }
    }
    coordinated(text, &candidates, chosen)
        .into_iter()
        .map(|m| {
            (
                cast.name(m.actor).to_string(),
                format!("nearest actor before the cue: {}", m.reason),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn the_anaphor_gate_passes_every_regex_match(
            parts in proptest::collection::vec((
                "(these|THOSE|Such|this|that|the|The|new|peace-|ceasefire|conditions|Demands|TERMS|proposal|ultimatums|steps|measures|discussions|talks|TALKS|negotiations|agreement|agreements|deal|idea|plan|offer|condition|demand|tal\u{212A}s|\u{212A}|\u{17F}teps|mea\u{17F}ures|tal|dea|x|é|_|1)",
                "(| |  |\n|\u{a0}|-|,|\\.|é)",
            ), 0..10)
        ) {
            let text: String = parts.into_iter().map(|(word, sep)| word + &sep).collect();
            let bank = crate::rules::scan::PatternBank::new([&*crate::rules::lexicon::ANAPHOR_NOUN]);
            let nouns = bank.find_all(&text, &[Span::new(0, text.len())]);
            prop_assert!(!ANAPHOR.is_match(&text) || !nouns.is_empty(), "{:?}", text);
        }
    }
}
