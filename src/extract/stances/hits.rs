//! What a sentence holds for stances: topics, stance cues with their
//! negations, and where its clauses break.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::Cast;
use crate::extract::segment::Segments;
use crate::model::*;
use crate::rules::{CompiledRules, CueForm};
use crate::rules::scan::Candidates;

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
    pub(crate) fn effective(&self) -> StanceKind {
        if self.negated.is_some() {
            self.stance.opposite()
        } else {
            self.stance
        }
    }
}

/// Words that end one clause and start another; a cue does not govern a
/// topic across them.
pub(crate) static CLAUSE_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)[;:—–]|[.!?…]\s|\s-\s|(?-u:\b)(?:if|when|whether)(?-u:\b)|,\s*(?:but|while|whereas|although|though|which|who|it|he|she|they|we|I|and\s+(?:\p{Lu}|he|she|it|they))(?-u:\b)|(?-u:\b)(?:but|whereas|although|though|however)(?-u:\b)|,\s*(?:when|after|before|as)(?-u:\b)|(?-u:\b)(?:after|before|during|following)\s+(?:a|an|the|any)(?-u:\b)|(?-u:\b)until(?-u:\b)")
        .expect("static regex")
});

/// Commas split clauses for anaphoric sentences, where each clause may carry
/// its own actor ("X claimed …, Y denied …").
pub(crate) static COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",").expect("static regex"));

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
    /// `statements` by span, built when a stance first needs it.
    pub statements_at: std::cell::OnceCell<StatementsAt>,
}

/// Every raw match of the topic patterns, stance cues, negations and speech
/// cues in a stretch of text, each list sorted by start. Patterns run once
/// over the whole article rather than once per sentence (far fewer regex
/// calls); a match that crosses a sentence boundary belongs to no sentence.
pub struct RawHits {
    pub(crate) topics: Vec<(usize, Span)>,
    /// Matches of [`crate::rules::Lexicon::anaphor_noun`].
    pub(crate) anaphor_nouns: Vec<(usize, Span)>,
    pub(crate) cues: Vec<(usize, Span)>,
    pub(crate) negations: Vec<(String, Span)>,
    pub(crate) speech: Vec<Span>,
}

/// The entries of a start-sorted list that lie wholly inside `span`.
pub(crate) fn inside<T>(list: &[(T, Span)], span: Span) -> impl Iterator<Item = &(T, Span)> {
    let first = list.partition_point(|(_, s)| s.start < span.start);
    list[first..]
        .iter()
        .take_while(move |(_, s)| s.start < span.end)
        .filter(move |(_, s)| s.end <= span.end)
}

/// False when `sentence` cannot hold an [`crate::rules::Lexicon::anaphor`] match, given the
/// matches of [`crate::rules::Lexicon::anaphor_noun`].
pub(crate) fn may_have_anaphor(anaphor_nouns: &[(usize, Span)], sentence: Span) -> bool {
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
                // A cue may refer back to the previous sentence's topics,
                // by an anaphor ("these talks") or a pronoun ("rejected it").
                if cued && i > 0 {
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
            .filter(|&(ti, sp)| !is_excluded(text, &wanted, &rules.topics[ti].not, sp))
            .collect();
        // Speech verbs only break the clauses of a sentence with topics of
        // its own, which is a wanted one.
        // A noun cue ("her claim that") names speech but breaks no clause.
        let speech = find(&banks.cues, &wanted).into_iter().filter(|&(ci, _)| rules.cues[ci].form != CueForm::Noun).map(|(_, sp)| sp).collect();
        RawHits {
            topics,
            anaphor_nouns,
            cues,
            negations,
            speech,
        }
    }

    pub(crate) fn negations_in(&self, sentence: Span) -> Vec<(String, Span)> {
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
            .filter(|(_, span)| !is_attributive(text, *span))
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

/// Whether a topic mention at `span` overlaps one of the topic's `not`
/// patterns, matched within the sentence that holds it.
fn is_excluded(text: &str, sentences: &[Span], not: &[Regex], span: Span) -> bool {
    if not.is_empty() {
        return false;
    }
    let i = sentences.partition_point(|s| s.end <= span.start);
    let Some(&sentence) = sentences.get(i) else { return false };
    let s = sentence.slice(text);
    not.iter().any(|re| {
        re.find_iter(s)
            .any(|m| sentence.start + m.start() < span.end && span.start < sentence.start + m.end())
    })
}

/// Determiners that make a following participle an adjective: "the
/// proposed deal", "an agreed plan" say nothing about who proposed.
const DETERMINERS: &[&str] = &["the", "a", "an", "this", "that", "these", "those", "any", "such", "every"];

/// Whether the cue at `span` is a participle used as an adjective after a
/// determiner ("the proposed peace deal"), which takes no stance.
pub(crate) fn is_attributive(text: &str, span: Span) -> bool {
    let cue = span.slice(text);
    let participle = cue.split_whitespace().count() == 1 && cue.to_lowercase().ends_with("ed");
    participle && DETERMINERS.contains(&word_before(text, span.start).as_str())
}

/// The word before `offset`, lower-cased.
pub(crate) fn word_before(text: &str, offset: usize) -> String {
    text[..offset]
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric() && c != '-')
        .next()
        .unwrap_or("")
        .to_lowercase()
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
pub(crate) fn negation_before(
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
pub(crate) struct Breaks {
    speech: Vec<usize>,
}

impl Breaks {
    pub(crate) fn new(raw: &RawHits, sentence: Span, cues: &[CueHit], cast: &Cast) -> Breaks {
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

    pub(crate) fn between(&self, text: &str, from: usize, to: usize) -> bool {
        from < to
            && (CLAUSE_BREAK.is_match(&text[from..to])
                || self.speech.iter().any(|&p| from <= p && p < to))
    }
}

/// The statements of an article by where their spans start, to find the
/// first one (in extraction order) whose span covers an offset: a scan of
/// every statement per stance cue was quadratic in long texts.
#[derive(Debug, Default)]
pub struct StatementsAt {
    /// (start, end, index); an empty span covers its start.
    by_start: Vec<(usize, usize, usize)>,
    /// The longest span: none starting further back can cover an offset.
    longest: usize,
}

impl StatementsAt {
    pub(crate) fn new(statements: &[FoundStatement]) -> StatementsAt {
        let mut by_start: Vec<(usize, usize, usize)> =
            statements.iter().enumerate().map(|(i, st)| (st.evidence.span.start, st.evidence.span.end.max(st.evidence.span.start + 1), i)).collect();
        by_start.sort_unstable();
        let longest = by_start.iter().map(|&(s, e, _)| e - s).max().unwrap_or(0);
        StatementsAt { by_start, longest }
    }

    /// The first statement whose span covers `offset`.
    pub(crate) fn first_covering(&self, offset: usize) -> Option<usize> {
        let end = self.by_start.partition_point(|&(s, _, _)| s <= offset);
        self.by_start[..end].iter().rev().take_while(|&&(s, _, _)| s + self.longest > offset).filter(|&&(_, e, _)| offset < e).map(|&(_, _, i)| i).min()
    }
}
