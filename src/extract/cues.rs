//! Speech cues ("said", "according to") found in an article: shared by the
//! speaker finder (a name next to a cue is a speaker) and the quotation
//! attributor, so it sits below both.

use crate::model::Span;
use crate::rules::scan::Candidates;
use crate::rules::{CompiledRules, CueForm};

use super::segment::Segments;

/// A speech cue found in the text.
#[derive(Debug, Clone)]
pub struct CueHit {
    pub span: Span,
    pub rule: usize,
    pub form: CueForm,
    pub reported: bool,
}

/// Words before a cue that show it is not a finite speech verb: passive
/// ("was not mentioned"), adjectival ("the first confirmed talks",
/// "the government's alleged discrimination"), or infinitive after "to".
fn is_verb_use(text: &str, cue: Span, seg: &Segments) -> bool {
    let before = text[..cue.start].trim_end();
    let mut words = before.rsplit(char::is_whitespace);
    // Compared without lowercasing (an allocation per cue): ASCII case folding
    // is equivalent here, since the only non-ASCII letter whose lowercase is
    // ASCII is the Kelvin sign, and no word below has a "k".
    let prev = words.next().unwrap_or("");
    // The word before that only matters after "to" or "not"; finding it
    // scans back over another word.
    let mut prev2 = || words.next().unwrap_or("");
    let is_one_of = |word: &str, options: &[&str]| options.iter().any(|o| word.eq_ignore_ascii_case(o));
    // "to" makes a noun or infinitive ("to demands that …"), except after
    // verbs of continuation ("continues to call for").
    let prev_is_to = prev.eq_ignore_ascii_case("to");
    let continued = prev_is_to && is_one_of(prev2(), &["continues", "continued", "continue", "began", "begins", "used"]);
    let possessive = ["’s", "’S", "'s", "'S"].iter().any(|suffix| prev.ends_with(suffix));
    if (prev_is_to && !continued)
        || is_one_of(prev, &["the", "a", "an", "first", "its", "his", "her", "their", "no", "unconfirmed", "was", "were", "is", "are", "be", "been", "being"])
        || possessive
        || (prev.eq_ignore_ascii_case("not") && is_one_of(prev2(), &["was", "were", "is", "are", "been"]))
    {
        return false;
    }
    // A capitalised cue inside a sentence is part of a name ("the United States").
    let first = text[cue.start..].chars().next().unwrap_or('a');
    let sentence_start = seg.sentence_at(cue.start).is_some_and(|s| s.span.start == cue.start);
    !first.is_uppercase() || sentence_start
}

/// All speech cues outside quotations, longest match first where they overlap.
pub fn find_cues(text: &str, seg: &Segments, rules: &CompiledRules) -> Vec<CueHit> {
    find_cues_with(text, seg, rules, &rules.banks.all.candidates(text))
}

/// [`find_cues`] with the pattern candidates of `text` already found.
pub fn find_cues_with(text: &str, seg: &Segments, rules: &CompiledRules, candidates: &Candidates) -> Vec<CueHit> {
    let mut hits = Vec::with_capacity(64);
    for (ri, span) in rules.banks.all.find_in(text, candidates, rules.banks.cues.clone(), &[Span::new(0, text.len())]) {
        let cue = &rules.cues[ri];
        let in_paragraph = seg.paragraphs.get(seg.paragraphs.partition_point(|p| p.span.end < span.end)).is_some_and(|p| p.span.contains(span));
        if !in_paragraph || seg.in_quote(span.start) || !is_verb_use(text, span, seg) {
            continue;
        }
        hits.push(CueHit { span, rule: ri, form: cue.form, reported: cue.reported });
    }
    hits.sort_by(|a, b| a.span.start.cmp(&b.span.start).then(b.span.len().cmp(&a.span.len())));
    let mut kept: Vec<CueHit> = Vec::new();
    for h in hits {
        if kept.last().is_some_and(|k| h.span.start < k.span.end) {
            continue;
        }
        kept.push(h);
    }
    kept
}

