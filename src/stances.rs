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

use std::collections::HashSet;
use std::sync::LazyLock;

use chrono::{Datelike, NaiveDate};
use regex::Regex;

use crate::actors::{Cast, Mention};
use crate::model::{ActorKind, ArticleMeta, Evidence, FoundStance, FoundStatement, Span, StanceKind};
use crate::rules::CompiledRules;
use crate::segment::Segments;

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
        if self.negated.is_some() { self.stance.opposite() } else { self.stance }
    }
}

/// Words that end one clause and start another; a cue does not govern a
/// topic across them.
static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;:—–]|[.!?…]\s|\s-\s|\b(?:if|when|whether)\b|,\s*(?:but|while|whereas|although|though|which|who|and\s+(?:\p{Lu}|he|she|it|they))\b|\b(?:but|whereas|although|though|however)\b|,\s*(?:when|after|before|as)\b")
        .expect("static regex")
});

/// Commas split clauses for anaphoric sentences, where each clause may carry
/// its own actor ("X claimed …, Y denied …").
static COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",").expect("static regex"));

/// "these conditions" and the like: refers back to the previous sentence.
/// The plural, list-like nouns take every topic of that sentence; the others
/// take only its most specific one.
static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:these|those|such|this|that|the)\s+(?:[\w-]+\s+)?(?P<noun>conditions|demands|terms|proposals|ultimatums|steps|measures|discussions|talks|negotiations|agreements?|deal|proposal|idea|plan|offer|demand|condition)\b")
        .expect("static regex")
});

const LIST_NOUNS: &[&str] = &["conditions", "demands", "terms", "proposals", "ultimatums", "steps", "measures"];

/// A mention right after one of these words is the object of a
/// preposition, not the one who takes the stance.
const PREPOSITIONS: &[&str] = &[
    "to", "with", "from", "of", "for", "on", "against", "by", "about", "between", "at", "in", "into", "toward", "towards", "than",
    "like", "over", "among", "without", "and",
];

/// The word before an actor that makes the stance hypothetical ("if Putin
/// refuses to negotiate").
const CONDITIONALS: &[&str] = &["if", "unless", "whether", "should"];

/// Passive agent after a cue: "an idea championed by Macron".
static PASSIVE_BY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:[\w-]+\s+){0,3}?by\s+$").expect("static regex"));

/// Everything stance extraction needs about one article.
pub struct StanceInput<'a> {
    pub text: &'a str,
    pub seg: &'a Segments,
    pub cast: &'a Cast,
    pub statements: &'a [FoundStatement],
    pub rules: &'a CompiledRules,
    pub article: &'a ArticleMeta,
}

/// Topic mentions in `sentence`, the more specific topic (listed first)
/// winning where two overlap.
pub fn find_topics(text: &str, sentence: Span, rules: &CompiledRules) -> Vec<TopicHit> {
    let s = sentence.slice(text);
    let mut all: Vec<TopicHit> = Vec::new();
    for (ti, t) in rules.topics.iter().enumerate() {
        for re in &t.patterns {
            for m in re.find_iter(s) {
                all.push(TopicHit {
                    topic: ti,
                    span: Span::new(sentence.start + m.start(), sentence.start + m.end()),
                    inherited: false,
                });
            }
        }
    }
    // The longest wording wins ("talks on a ceasefire" is about talks), and
    // on equal length the topic listed first.
    all.sort_by(|a, b| b.span.len().cmp(&a.span.len()).then(a.topic.cmp(&b.topic)).then(a.span.start.cmp(&b.span.start)));
    let mut hits: Vec<TopicHit> = Vec::new();
    for h in all {
        if !hits.iter().any(|k| k.span.start < h.span.end && h.span.start < k.span.end) {
            hits.push(h);
        }
    }
    hits.sort_by_key(|h| h.span.start);
    hits
}

/// Stance cues in `sentence`, with their negations. Cues overlapping a topic
/// mention are part of the topic's wording ("recognise the occupied
/// territories", "lifting sanctions") and are dropped; of overlapping cues
/// the longest wins.
pub fn find_cues(text: &str, sentence: Span, rules: &CompiledRules, topics: &[TopicHit]) -> Vec<CueHit> {
    let s = sentence.slice(text);
    let mut cues: Vec<CueHit> = Vec::new();
    for (ri, r) in rules.stances.iter().enumerate() {
        for m in r.regex.find_iter(s) {
            let span = Span::new(sentence.start + m.start(), sentence.start + m.end());
            if topics.iter().any(|t| !t.inherited && t.span.start < span.end && span.start < t.span.end) {
                continue;
            }
            cues.push(CueHit {
                rule: Some(ri),
                stance: r.stance,
                span,
                negated: None,
            });
        }
    }
    cues.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.len().cmp(&a.span.len())));
    let mut kept: Vec<CueHit> = Vec::new();
    for c in cues {
        if kept.iter().any(|k| k.span.start < c.span.end && c.span.start < k.span.end) {
            continue;
        }
        kept.push(c);
    }
    let negations = find_negations(text, sentence, rules);
    for c in &mut kept {
        // "should not", "there should not be": the negation may start on the cue itself.
        let on_cue = negations.iter().find(|(_, n)| n.start >= c.span.start && n.start < c.span.end && n.end > c.span.end);
        c.negated = on_cue.map(|(id, _)| id.clone()).or_else(|| negation_before(text, &negations, c.span.start, 2));
    }
    kept
}

fn find_negations(text: &str, sentence: Span, rules: &CompiledRules) -> Vec<(String, Span)> {
    let s = sentence.slice(text);
    let mut out = Vec::new();
    for (id, re) in &rules.negations {
        for m in re.find_iter(s) {
            out.push((id.clone(), Span::new(sentence.start + m.start(), sentence.start + m.end())));
        }
    }
    out
}

/// The negation ending at most `max_words` words before `offset`.
fn negation_before(text: &str, negations: &[(String, Span)], offset: usize, max_words: usize) -> Option<String> {
    negations
        .iter()
        .filter(|(_, n)| n.end <= offset)
        .filter(|(_, n)| {
            let gap = &text[n.end..offset];
            !gap.contains([',', '.', ';', ':', '“', '”', '"']) && gap.split_whitespace().count() <= max_words
        })
        .max_by_key(|(_, n)| n.end)
        .map(|(id, _)| id.clone())
}

fn has_break(text: &str, from: usize, to: usize) -> bool {
    from < to && CLAUSE_BREAK.is_match(&text[from..to])
}

/// Extracts the stances of one article: at most one per (actor, stance,
/// topic), with the first sentence that shows it as evidence.
pub fn extract_stances(input: &StanceInput<'_>) -> Vec<FoundStance> {
    let text = input.text;
    let mut out: Vec<FoundStance> = Vec::new();
    let mut seen: HashSet<(String, StanceKind, String)> = HashSet::new();
    let mut prev_topics: Vec<TopicHit> = Vec::new();
    for sentence in &input.seg.sentences {
        let span = sentence.span;
        let s = span.slice(text);
        let mut topics = find_topics(text, span, input.rules);
        let explicit = topics.clone();
        let mut anaphoric = false;
        if topics.is_empty() && !prev_topics.is_empty() {
            if let Some(c) = ANAPHOR.captures(s) {
                let (Some(whole), Some(noun)) = (c.get(0), c.name("noun")) else { continue };
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
        }
        prev_topics = explicit;
        if topics.is_empty() {
            continue;
        }
        let cues = find_cues(text, span, input.rules, &topics);
        let negations = find_negations(text, span, input.rules);
        let mut found: Vec<(TopicHit, Vec<CueHit>)> = Vec::new();
        if anaphoric {
            // Each comma clause with a cue speaks for itself.
            let mut bounds: Vec<usize> = COMMA.find_iter(s).map(|m| span.start + m.start()).collect();
            bounds.push(span.end);
            let mut start = span.start;
            for end in bounds {
                if let Some(c) = cues.iter().find(|c| c.span.start >= start && c.span.end <= end) {
                    for t in &topics {
                        found.push((t.clone(), vec![c.clone()]));
                    }
                }
                start = end;
            }
        } else {
            for t in &topics {
                let chain = governing_chain(text, input.rules, t, &cues, &negations, span);
                if !chain.is_empty() {
                    found.push((t.clone(), chain));
                }
            }
        }
        for (t, chain) in found {
            let Some(governor) = chain.first() else { continue };
            let Some((actor, resolution)) = choose_actor(input, span, governor, &topics) else { continue };
            let stance = chain_stance(text, &chain, &t);
            let topic = input.rules.topics[t.topic].id.clone();
            if !seen.insert((actor.clone(), stance, topic.clone())) {
                continue;
            }
            let rule = match governor.rule {
                Some(r) => input.rules.stances[r].id.clone(),
                None => governor.negated.clone().unwrap_or_default(),
            };
            let lo = governor.span.start.min(t.span.start);
            let hi = governor.span.end.max(t.span.end);
            out.push(FoundStance {
                actor,
                stance,
                topic,
                evidence: Evidence {
                    article: input.article.id.clone(),
                    span: Span::new(lo, hi),
                    sentence: span,
                    sentence_text: s.to_string(),
                    cue: governor.span.slice(text).to_string(),
                    rule,
                    date: statement_date(s, input.article.date),
                    resolution,
                },
            });
        }
    }
    out
}

/// The cues that govern topic `t`: those before it in its clause (the first
/// one governs), or failing that the first cue after it in its clause; a
/// negation right before the topic joins the chain as its innermost link.
fn governing_chain(text: &str, rules: &CompiledRules, t: &TopicHit, cues: &[CueHit], negations: &[(String, Span)], sentence: Span) -> Vec<CueHit> {
    let topic_id = &rules.topics[t.topic].id;
    let allowed = |c: &CueHit| c.rule.is_none_or(|r| rules.stances[r].topics.is_empty() || rules.stances[r].topics.contains(topic_id));
    let mut chain: Vec<CueHit> = cues
        .iter()
        .filter(|c| c.span.end <= t.span.start && allowed(c) && !has_break(text, c.span.start, t.span.start))
        .cloned()
        .collect();
    // The topic itself negated: "will not recognise the occupied territories".
    if let Some(neg) = negation_before(text, negations, t.span.start, 1) {
        let start = negations.iter().filter(|(_, n)| n.end <= t.span.start).map(|(_, n)| n.start).max().unwrap_or(t.span.start);
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
    if chain.is_empty() {
        if let Some(after) = cues
            .iter()
            .find(|c| c.span.start >= t.span.end && allowed(c) && !has_break(text, t.span.end, c.span.start) && c.span.start - t.span.end <= 80)
        {
            chain.push(after.clone());
        }
    }
    let _ = sentence;
    chain
}

/// The stance of a chain: the governing cue's, flipped by every inner cue
/// that still reaches the topic (an inner cue stops at "and" or a comma).
fn chain_stance(text: &str, chain: &[CueHit], t: &TopicHit) -> StanceKind {
    let mut stance = match chain.first() {
        Some(c) => c.effective(),
        None => return StanceKind::Demands,
    };
    for c in chain.iter().skip(1) {
        if c.span.end > t.span.start {
            continue;
        }
        let gap = &text[c.span.end..t.span.start];
        let reaches = !gap.contains(',') && !gap.split_whitespace().any(|w| w == "and" || w == "or");
        if reaches && c.effective() == StanceKind::Rejects {
            stance = stance.opposite();
        }
    }
    stance
}

fn word_before(text: &str, offset: usize) -> String {
    text[..offset]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
        .to_lowercase()
}

/// The actor who takes the stance the governing cue expresses, and why.
fn choose_actor(input: &StanceInput<'_>, sentence: Span, cue: &CueHit, topics: &[TopicHit]) -> Option<(String, String)> {
    let text = input.text;
    let cast = input.cast;
    let covering = input
        .statements
        .iter()
        .find(|st| st.evidence.span.start <= cue.span.start && cue.span.start < st.evidence.span.end.max(st.evidence.span.start + 1));
    if input.seg.in_quote(cue.span.start) {
        return covering.map(|st| (st.speaker.clone(), format!("speaker of the quotation (`{}`)", st.evidence.cue)));
    }
    // Passive: "an idea being championed by French President Emmanuel Macron".
    let after = cast.mentions.iter().find(|m| !m.in_quote && m.span.start >= cue.span.end && m.span.end <= sentence.end);
    if let Some(m) = after {
        if PASSIVE_BY.is_match(&text[cue.span.end..m.span.start]) {
            return Some((cast.name(m.actor).to_string(), format!("agent of the passive ({})", m.reason)));
        }
    }
    let in_topic = |m: &Mention| topics.iter().any(|t| !t.inherited && t.span.start <= m.span.start && m.span.end <= t.span.end);
    let candidates: Vec<&Mention> = cast
        .mentions_in(Span::new(sentence.start, cue.span.start))
        .filter(|m| m.span.end <= cue.span.start)
        .filter(|m| !in_topic(m))
        .filter(|m| !PREPOSITIONS.contains(&word_before(text, m.span.start).as_str()))
        .filter(|m| {
            // A possessive is the actor only right before the cue ("Russia's demands").
            let rest = &text[m.span.end..cue.span.start];
            let possessive = rest.starts_with("’s") || rest.starts_with("'s");
            !possessive || rest.split_whitespace().count() <= 3
        })
        .collect();
    let chosen = match candidates.last() {
        Some(m) => *m,
        None => {
            return covering.map(|st| (st.speaker.clone(), format!("speaker of the reported statement (`{}`)", st.evidence.cue)));
        }
    };
    if CONDITIONALS.contains(&word_before(text, chosen.span.start).as_str()) {
        return None;
    }
    let member = &cast.actors[chosen.actor];
    if member.actor.kind == ActorKind::Country {
        // A country inside a clause one of its own people said is that person's stance.
        let country = member.actor.name.as_str();
        let own = |actor: usize| {
            let a = &cast.actors[actor].actor;
            a.kind == ActorKind::Person && a.member_of.as_deref() == Some(country)
        };
        if let Some(p) = candidates.iter().find(|m| m.span.start < chosen.span.start && own(m.actor)) {
            return Some((
                cast.name(p.actor).to_string(),
                format!("{} speaks for {country} ({})", cast.name(p.actor), p.reason),
            ));
        }
        if let Some(st) = covering {
            if cast.actors.iter().any(|a| a.actor.name == st.speaker && a.actor.kind == ActorKind::Person && a.actor.member_of.as_deref() == Some(country)) {
                return Some((st.speaker.clone(), format!("{} speaks for {country} (speaker of the statement)", st.speaker)));
            }
        }
    }
    Some((cast.name(chosen.actor).to_string(), format!("nearest actor before the cue: {}", chosen.reason)))
}

static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:(?P<m1>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? (?P<d1>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y1>\d{4}))?|(?P<d2>\d{1,2})(?:st|nd|rd|th)? (?P<m2>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?(?: (?P<y2>\d{4}))?)\b")
        .expect("static regex")
});

/// The date a statement was made: an explicit day in the sentence ("on
/// January 23", "on 12 January 2025"), else the article's date. A day with
/// no year takes the article's year, or the year before when that would put
/// it after the article. Weekdays ("on Monday") are not dates.
pub fn statement_date(sentence: &str, article: Option<NaiveDate>) -> Option<NaiveDate> {
    let Some(c) = MONTH_DAY.captures(sentence) else { return article };
    let (m, d, y) = match (c.name("m1"), c.name("m2")) {
        (Some(m), _) => (m.as_str(), c.name("d1"), c.name("y1")),
        (None, Some(m)) => (m.as_str(), c.name("d2"), c.name("y2")),
        _ => return article,
    };
    let (Some(month), Some(day)) = (crate::ingest::month_number(m), d.and_then(|d| d.as_str().parse::<u32>().ok())) else {
        return article;
    };
    let year = match (y.and_then(|y| y.as_str().parse::<i32>().ok()), article) {
        (Some(y), _) => y,
        (None, Some(a)) => {
            let same = NaiveDate::from_ymd_opt(a.year(), month, day);
            if same.is_some_and(|d| d > a + chrono::Duration::days(7)) { a.year() - 1 } else { a.year() }
        }
        (None, None) => return None,
    };
    NaiveDate::from_ymd_opt(year, month, day).or(article)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn explicit_dates() {
        let art = NaiveDate::from_ymd_opt(2025, 1, 24);
        assert_eq!(statement_date("He spoke on January 23.", art), NaiveDate::from_ymd_opt(2025, 1, 23));
        assert_eq!(statement_date("Speaking to ABC on 12 January, he said", art), NaiveDate::from_ymd_opt(2025, 1, 12));
        assert_eq!(statement_date("He said on Monday there is no deal.", art), art);
        assert_eq!(statement_date("Back on December 30 he said", art), NaiveDate::from_ymd_opt(2024, 12, 30));
        assert_eq!(statement_date("On March 3, 2022 he said", art), NaiveDate::from_ymd_opt(2022, 3, 3));
        assert_eq!(statement_date("No date here", None), None);
        // Month names are capitalised; the modal "may" is not a month.
        assert_eq!(statement_date("He may 5 times", art), art);
    }
}
