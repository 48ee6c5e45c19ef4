//! The diagnostics behind `explain --why-not`: what the rules and the
//! extractor see in the sentences around a piece of text, and evidence
//! rendered with its span and cue marked.
//!
//! Nothing here prints; the CLI renders what these functions return.

use crate::error::{Error, Result};
use crate::extract::{actors, segment, stances};
use crate::model::{Article, Extraction, Span};
use crate::rules::{CompiledRules, Lexicon};

/// Names of the actors the extractor finds mentioned in the article (by
/// name, alias, role or pronoun).
pub fn mentioned_actors(rules: &CompiledRules, article: &Article) -> Vec<String> {
    let seg = segment::segment(&article.text, &article.boilerplate);
    let cast = actors::find_mentions(&article.text, &seg, rules);
    let mut names: Vec<String> = cast
        .mentions
        .iter()
        .map(|m| cast.name(m.actor).to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// An actor mention as the extractor resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub actor: String,
    pub span: Span,
    pub surface: String,
    /// name, alias, discovered, role or pronoun.
    pub kind: &'static str,
    pub in_quote: bool,
    /// The extractor's own reason for choosing this actor.
    pub reason: String,
}

/// The extractor's mentions (quoted or not) that start inside `within`.
pub fn actor_mentions(cast: &actors::Cast, text: &str, within: Span) -> Vec<Mention> {
    cast.mentions
        .iter()
        .filter(|m| within.start <= m.span.start && m.span.start < within.end)
        .map(|m| Mention {
            actor: cast.name(m.actor).to_string(),
            span: m.span,
            surface: text
                .get(m.span.start..m.span.end)
                .unwrap_or_default()
                .to_string(),
            kind: match m.kind {
                actors::MentionKind::Name => "name",
                actors::MentionKind::Discovered => "discovered",
                actors::MentionKind::Role => "role",
                actors::MentionKind::Pronoun => "pronoun",
            },
            in_quote: m.in_quote,
            reason: m.reason.clone(),
        })
        .collect()
}

/// One regex rule that matched in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: String,
    /// Absolute byte span in the article.
    pub span: Span,
    pub text: String,
    /// A cue the extractor set aside: a speech cue inside a quotation, not
    /// used as a verb (a capitalised "Says" mid-sentence) or overlapped by a
    /// longer cue; a stance cue that is part of a topic's wording or
    /// overlapped by a longer cue.
    pub dropped: bool,
}

/// What the rules see in one sentence, and what the extractor made of it.
#[derive(Debug, Clone)]
pub struct SentenceReport {
    pub span: Span,
    pub text: String,
    /// Whether the searched text lies inside a quotation.
    pub in_quote: bool,
    pub cues: Vec<RuleHit>,
    pub mentions: Vec<Mention>,
    pub topics: Vec<RuleHit>,
    pub stance_cues: Vec<RuleHit>,
    pub negations: Vec<RuleHit>,
    /// Statements and stances the extractor did produce in this sentence,
    /// one line each.
    pub produced: Vec<String>,
    /// Plain reasons, most specific first.
    pub reasons: Vec<String>,
}

/// Why a piece of text produced (or did not produce) a statement or stance.
#[derive(Debug, Clone)]
pub struct WhyNot {
    pub article: String,
    /// Where the text was found.
    pub found: Span,
    pub sentences: Vec<SentenceReport>,
}

/// Finds `needle` in the article (exactly, or else ignoring differences in
/// whitespace) and reports, per sentence it touches, which rules came close.
pub fn why_not(article: &Article, needle: &str, rules: &CompiledRules) -> Result<WhyNot> {
    let found = find_text(&article.text, needle).ok_or_else(|| {
        Error::Usage(format!(
            "the text {needle:?} does not occur in {} (it must be copied from the article)",
            article.meta.path
        ))
    })?;
    let seg = segment::segment(&article.text, &article.boilerplate);
    let ex = crate::extract::extract(article, rules);
    let look = ArticleView {
        text: &article.text,
        seg: &seg,
        cast: actors::find_mentions(&article.text, &seg, rules),
        kept_cues: crate::extract::cues::find_cues(&article.text, &seg, rules)
            .into_iter()
            .map(|c| c.span)
            .collect(),
        rules,
        ex: &ex,
    };
    let mut sentences = Vec::new();
    for s in seg
        .sentences
        .iter()
        .filter(|s| s.span.start < found.end.max(found.start + 1) && found.start < s.span.end)
    {
        sentences.push(look.sentence(s.span, found));
    }
    Ok(WhyNot {
        article: article.meta.path.clone(),
        found,
        sentences,
    })
}

/// Byte span of `needle` in `text`, tolerating runs of whitespace that
/// differ (a phrase copied from a wrapped terminal line).
pub fn find_text(text: &str, needle: &str) -> Option<Span> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    if let Some(i) = text.find(needle) {
        return Some(Span::new(i, i + needle.len()));
    }
    let pattern = needle
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    let re = regex::Regex::new(&pattern).ok()?;
    re.find(text).map(|m| Span::new(m.start(), m.end()))
}

fn hits<'a>(
    rules: impl Iterator<Item = (&'a str, &'a regex::Regex)>,
    text: &str,
    span: Span,
) -> Vec<RuleHit> {
    let Some(hay) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, re) in rules {
        for m in re.find_iter(hay) {
            out.push(RuleHit {
                rule: id.to_string(),
                span: Span::new(span.start + m.start(), span.start + m.end()),
                text: m.as_str().to_string(),
                dropped: false,
            });
        }
    }
    out.sort_by_key(|h| h.span);
    out
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// What `why_not` looks at, computed once per article.
struct ArticleView<'a> {
    text: &'a str,
    seg: &'a segment::Segments,
    cast: actors::Cast,
    /// Spans of the cues the extractor keeps.
    kept_cues: Vec<Span>,
    rules: &'a CompiledRules,
    ex: &'a Extraction,
}

impl ArticleView<'_> {
    fn sentence(&self, span: Span, found: Span) -> SentenceReport {
        let (text, seg, rules, ex) = (self.text, self.seg, self.rules, self.ex);
        let mut cues = hits(
            rules.cues.iter().map(|c| (c.id.as_str(), &c.regex)),
            text,
            span,
        );
        for c in &mut cues {
            c.dropped = !self.kept_cues.contains(&c.span);
        }
        let topics = hits(
            rules
                .topics
                .iter()
                .flat_map(|t| t.patterns.iter().map(move |p| (t.id.as_str(), p))),
            text,
            span,
        );
        let mut stance_cues = hits(
            rules.stances.iter().map(|s| (s.id.as_str(), &s.regex)),
            text,
            span,
        );
        // The stance extractor drops cues inside a topic's wording and
        // cues overlapped by a longer one.
        let kept_stance_cues =
            stances::find_cues(text, span, rules, &stances::find_topics(text, span, rules));
        for c in &mut stance_cues {
            c.dropped = !kept_stance_cues.iter().any(|k| k.span == c.span);
        }
        let negations = hits(
            rules.negations.iter().map(|(id, re)| (id.as_str(), re)),
            text,
            span,
        );
        let mentions = actor_mentions(&self.cast, text, span);
        let in_quote = seg.in_quote(found.start);
        let mut produced = Vec::new();
        for s in ex
            .statements
            .iter()
            .filter(|s| overlaps(s.evidence.sentence, span) || overlaps(s.evidence.span, span))
        {
            produced.push(format!(
                "statement by {} ({}): \"{}\" via rule `{}`; {}",
                s.speaker,
                s.kind.as_str(),
                s.text,
                s.evidence.rule,
                s.evidence.resolution
            ));
        }
        for s in ex
            .stances
            .iter()
            .filter(|s| overlaps(s.evidence.sentence, span) || overlaps(s.evidence.span, span))
        {
            produced.push(format!(
                "stance: {} {} {} via rule `{}`; {}",
                s.actor,
                s.stance.as_str(),
                s.topic,
                s.evidence.rule,
                s.evidence.resolution
            ));
        }
        let mut reasons = Vec::new();
        let statement_here = ex
            .statements
            .iter()
            .any(|s| overlaps(s.evidence.span, found) || overlaps(s.evidence.sentence, span));
        if !statement_here {
            if cues.is_empty() {
                if in_quote {
                    reasons.push("no statement: the text is inside a quotation and no speech cue matched in this sentence; no attribution from a neighbouring sentence was made".into());
                } else {
                    reasons.push("no statement: no speech cue matched in this sentence".into());
                }
            } else {
                for c in &cues {
                    let speakers = mentions.iter().filter(|m| !m.in_quote);
                    let before = speakers.clone().any(|m| m.span.end <= c.span.start);
                    let after = speakers.clone().any(|m| m.span.start >= c.span.end);
                    let why = if c.dropped {
                        "the extractor set it aside (inside a quotation, not used as a verb, or overlapped by a longer cue)"
                    } else {
                        match (before, after) {
                            (false, false) => {
                                "no actor mention outside quotations in the sentence (no known name, role or resolvable pronoun)"
                            }
                            (false, true) => "the only actor mentions come after it",
                            (true, _) => {
                                "an actor is mentioned before it, yet no statement was made (no quotation or reported clause the cue could attach to?)"
                            }
                        }
                    };
                    reasons.push(format!(
                        "no statement: cue `{}` ({}) matched at {}..{} but {why}",
                        c.text, c.rule, c.span.start, c.span.end
                    ));
                }
            }
        }
        let sentence_stances: Vec<&crate::model::FoundStance> = ex.stances.iter().filter(|s| overlaps(s.evidence.sentence, span)).collect();
        let stance_here = !sentence_stances.is_empty();
        // A cue no stance of this sentence names in its resolution produced
        // none: say which part it lacked, also where another cue of the
        // sentence made a stance ("…until Moscow agrees to a ceasefire").
        let unused = stance_cues.iter().filter(|c| {
            !c.dropped
                && (!stance_here || overlaps(c.span, found))
                && !sentence_stances.iter().any(|s| s.evidence.resolution.contains(c.text.as_str()))
        });
        let mut missing: Vec<String> = unused.map(|c| self.stance_gap(span, c, &topics, &negations)).collect();
        missing.dedup();
        if !stance_here {
            match (stance_cues.is_empty(), topics.is_empty()) {
                (true, true) => {
                    reasons.push("no stance: no stance cue and no topic pattern matched".into())
                }
                (true, false) => reasons.push(format!(
                    "no stance: topic {} mentioned but no stance cue matched",
                    topics
                        .iter()
                        .map(|t| format!("`{}`", t.rule))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                (false, true) => reasons.push(format!(
                    "no stance: stance cue {} matched but no topic pattern matched",
                    stance_cues
                        .iter()
                        .map(|t| format!("`{}` ({})", t.text, t.rule))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                (false, false) => {
                    let restricted: Vec<String> = stance_cues
                        .iter()
                        .filter_map(|c| {
                            let rule = rules.stances.iter().find(|s| s.id == c.rule)?;
                            (!rule.topics.is_empty()
                                && !topics.iter().any(|t| rule.topics.contains(&t.rule)))
                            .then(|| {
                                format!(
                                    "`{}` only applies to topics {}",
                                    c.rule,
                                    rule.topics.join(", ")
                                )
                            })
                        })
                        .collect();
                    if stance_cues.iter().all(|c| c.dropped) {
                        reasons.push("no stance: every stance cue was set aside (part of a topic's wording, or overlapped by a longer cue)".into());
                    } else if restricted.is_empty() {
                        reasons.append(&mut missing);
                    } else {
                        reasons.push(format!(
                            "no stance: stance cue and topic matched but {}",
                            restricted.join("; ")
                        ));
                    }
                }
            }
        }
        if stance_here {
            reasons.append(&mut missing);
        }
        SentenceReport {
            span,
            text: text
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
            in_quote,
            cues,
            mentions,
            topics,
            stance_cues,
            negations,
            produced,
            reasons,
        }
    }
}

impl ArticleView<'_> {
    /// Which part a stance cue lacked: a topic in its clause, a holder
    /// before it (or one outside a condition), with any negation noted.
    fn stance_gap(&self, sentence: Span, cue: &RuleHit, topics: &[RuleHit], negations: &[RuleHit]) -> String {
        let text = self.text;
        let head = format!("no stance from cue `{}` ({})", cue.text, cue.rule);
        let negated = negations
            .iter()
            .find(|n| n.span.end <= cue.span.start && text.get(n.span.end..cue.span.start).is_some_and(|g| g.split_whitespace().count() <= 2))
            .map(|n| format!(" (negated by `{}`, so it would be the opposite stance)", n.text))
            .unwrap_or_default();
        // A topic after the cue must lie in its clause; a topic before it
        // may take it ("NATO membership is unacceptable").
        let after: Vec<&RuleHit> = topics.iter().filter(|t| t.span.start >= cue.span.end).collect();
        let before_topic = topics.iter().any(|t| t.span.end <= cue.span.start);
        let in_clause = after.iter().any(|t| stances::CLAUSE_BREAK.find(text.get(cue.span.end..t.span.start).unwrap_or_default()).is_none());
        if !in_clause && !before_topic {
            return match after.first() {
                None => format!("{head}: no topic: no topic pattern matched in its clause{negated}"),
                Some(t) => {
                    let gap = text.get(cue.span.end..t.span.start).unwrap_or_default();
                    let word = stances::CLAUSE_BREAK.find(gap).map_or("", |m| m.as_str().trim());
                    format!("{head}: no topic: `{word}` ends the cue's clause before topic `{}` ({}){negated}", t.text, t.rule)
                }
            };
        }
        if self.seg.in_quote(cue.span.start) {
            return format!("{head}: no holder: the cue stands in a quotation that has no speaker{negated}");
        }
        let covered = self.ex.statements.iter().any(|s| s.evidence.span.start <= cue.span.start && cue.span.start < s.evidence.span.end);
        let holders: Vec<&actors::Mention> = self
            .cast
            .mentions_in(Span::new(sentence.start, cue.span.start))
            .filter(|m| m.span.end <= cue.span.start && !m.in_quote)
            .filter(|m| !stances::PREPOSITIONS.contains(&stances::word_before(text, m.span.start).as_str()))
            .collect();
        match holders.last() {
            None if !covered => format!("{head}: no holder: no actor named before the cue (outside prepositions) and no statement it stands in{negated}"),
            Some(m) if stances::is_conditional(text, sentence, m, &self.rules.lexicon) => format!(
                "{head}: no holder: `{}` is the subject of a condition (`{}`), which is no stance of its own{negated}",
                text.get(m.span.start..m.span.end).unwrap_or_default(),
                text.get(sentence.start..m.span.start).unwrap_or_default().split_whitespace().rev().find(|w| Lexicon::in_list(&self.rules.lexicon.condition_words, w)).unwrap_or("if")
            ),
            _ => format!("{head}: holder and topic found, but the stance was not kept (a proposal of the topic rejected, or the topic taken by another cue){negated}"),
        }
    }
}

/// The evidence's sentence with the extracted text in `[[...]]` and the cue
/// in `{...}`. Falls back to the plain sentence when the stored spans do not
/// fit it (an article edited since ingest).
pub fn mark_evidence(ev: &crate::model::Evidence) -> String {
    let s = &ev.sentence_text;
    let base = ev.sentence.start;
    let (Some(a), Some(b)) = (
        ev.span.start.checked_sub(base),
        ev.span.end.checked_sub(base),
    ) else {
        return s.to_string();
    };
    if b > s.len() || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
        return s.to_string();
    }
    let mut marks: Vec<(usize, &str)> = vec![(a, "[["), (b, "]]")];
    if !ev.cue.is_empty() {
        // The cue's position is not stored: take its first occurrence outside
        // the extracted span (a quote's cue), else inside it (a stance's
        // span covers its cue).
        let at = |outside: bool| {
            s.match_indices(ev.cue.as_str()).map(|(i, _)| i).find(|&i| {
                (i + ev.cue.len() <= a || i >= b) == outside && (outside || i + ev.cue.len() <= b)
            })
        };
        let cue_at = at(true).or_else(|| at(false));
        if let Some(i) = cue_at {
            marks.push((i, "{"));
            marks.push((i + ev.cue.len(), "}"));
        }
    }
    // At one offset: closers before openers, and the span outside the cue.
    let rank = |m: &str| match m {
        "}" => 0,
        "]]" => 1,
        "[[" => 2,
        _ => 3,
    };
    marks.sort_by_key(|(i, m)| (*i, rank(m)));
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    for (i, m) in marks {
        out.push_str(&s[last..i]);
        out.push_str(m);
        last = i;
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    fn reasons(text: &str, needle: &str) -> Vec<String> {
        let rules = crate::rules::RuleSet::bundled().and_then(|r| r.compile()).expect("bundled rules");
        let article = crate::source::parse_article(std::path::Path::new("w.txt"), text, &rules.read_options(None, None));
        why_not(&article, needle, &rules).expect("text found").sentences.into_iter().flat_map(|s| s.reasons).collect()
    }

    #[test]
    fn why_not_names_the_missing_part_of_a_stance() {
        let text = "Sanctions\n\nBritain backs tougher sanctions on Russia until Moscow agrees to a ceasefire.\n\n\
                    The ceasefire was rejected.\n\nJane Doe wants fresh elections.\n\nMoscow agreed, but the ceasefire collapsed.\n";
        let has = |needle: &str, part: &str| {
            let r = reasons(text, needle);
            assert!(r.iter().any(|r| r.contains(part)), "{needle}: {r:?}");
        };
        has("Moscow agrees to", "`Moscow` is the subject of a condition (`until`)");
        has("The ceasefire was rejected", "no holder: no actor named before the cue");
        has("Jane Doe wants", "no topic pattern matched");
        has("Moscow agreed", "no topic: `, but` ends the cue's clause before topic `ceasefire`");
        // Counter-example: a stance that was made gets no missing part.
        assert!(!reasons(text, "Britain backs").iter().any(|r| r.contains("no stance")));
    }

    #[test]
    fn text_is_found_across_whitespace_differences() {
        let text = "He said the\n  talks would go on.";
        assert_eq!(find_text(text, "said the talks"), Some(Span::new(3, 19)));
        assert_eq!(find_text(text, "talks would"), Some(Span::new(14, 25)));
        assert_eq!(find_text(text, "nowhere"), None);
        assert_eq!(find_text(text, "   "), None);
    }

    #[test]
    fn evidence_marks_span_and_cue() {
        let sentence = "“We want peace,” Smith said on Monday.";
        let base = 100;
        let q = sentence.find("We").unwrap();
        let e = sentence.find(',').unwrap();
        let ev = Evidence {
            article: "art-1".into(),
            span: Span::new(base + q, base + e),
            sentence: Span::new(base, base + sentence.len()),
            sentence_text: sentence.into(),
            cue: "said".into(),
            rule: "speech.said".into(),
            date: None,
            resolution: "named before cue".into(),
        };
        assert_eq!(
            mark_evidence(&ev),
            "“[[We want peace]],” Smith {said} on Monday."
        );
        // A stance's span covers its cue.
        let c = sentence.find("want").unwrap();
        let stance = Evidence {
            span: Span::new(base + c, base + e),
            cue: "want".into(),
            ..ev.clone()
        };
        assert_eq!(
            mark_evidence(&stance),
            "“We [[{want} peace]],” Smith said on Monday."
        );
        // Spans that no longer fit the sentence leave it unmarked.
        let stale = Evidence {
            span: Span::new(base + 500, base + 510),
            ..ev
        };
        assert_eq!(mark_evidence(&stale), sentence);
    }
}
