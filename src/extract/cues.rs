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

/// Words that make the next word a noun: "the claims", "his remarks", "any
/// comment", "these reports".
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "first", "its", "his", "her", "their", "our", "my", "your", "this", "these", "those", "any", "such", "every",
    "each", "another", "whose", "own", "no", "unconfirmed",
];

/// Forms of "be": a past participle after them is passive ("was asked", "is
/// quoted"); an -ing form after them is still active ("was telling").
const BE: &[&str] = &["was", "were", "is", "are", "be", "been", "being"];

/// Prepositions before a finite verb do not occur; before a cue they make it a
/// noun ("amid calls for", "in remarks", "of reports"). A gerund after them
/// keeps its subject speaking ("after saying", "by arguing") and is exempt.
const PREPOSITIONS: &[&str] = &[
    "of", "about", "amid", "despite", "over", "against", "among", "with", "without", "from", "for", "in", "on", "at", "by", "into", "under",
];

/// Negations: "did not say", "never mentioned", "wouldn't comment" report no
/// content ("does not suggest that he would back down" is not a suggestion).
const NEGATIONS: &[&str] = &["not", "never", "n't", "n’t", "didn't", "didn’t", "doesn't", "doesn’t", "don't", "don’t", "won't", "won’t", "wouldn't", "wouldn’t", "hasn't", "hasn’t", "haven't", "haven’t", "hadn't", "hadn’t", "couldn't", "couldn’t", "can't", "can’t", "cannot"];

/// Verbs of aspect before "to" that keep their subject speaking: "continued
/// to insist", "began to argue", "(went) on to say", "was quick to point out",
/// and of manner: "seemed to confirm", "moved to emphasize", "took pains to
/// say", "was correct to note".
/// Any other verb before "to" makes the cue an infinitive of something not
/// (yet) said: "declined to comment", "refused to say", "plans to announce".
const ASPECT_BEFORE_TO: &[&str] = &[
    "continues", "continued", "continue", "continuing", "began", "begins", "begin", "started", "starts", "proceeded", "proceeds", "on", "quick",
    "hastened", "used", "seemed", "seems", "appeared", "appears", "moved", "pains", "correct", "right",
];

/// Whether a cue is used as a finite speech verb, judged from the words
/// before it. Set aside are a noun or adjective ("the claims", "the first
/// confirmed talks", "the government's alleged discrimination", "amid calls
/// for"), a passive ("was not mentioned"), a negation ("did not say"), and an
/// infinitive after "to" ("declined to comment"), except after a verb of
/// aspect. Auxiliaries and modals are fine: "would argue", "has said".
fn is_verb_use(text: &str, cue: Span, seg: &Segments) -> bool {
    let before = text[..cue.start].trim_end();
    let mut words = before.rsplit(char::is_whitespace);
    // Compared without lowercasing (an allocation per cue): ASCII case folding
    // is equivalent here, since the only non-ASCII letter whose lowercase is
    // ASCII is the Kelvin sign, and no word below has a "k".
    let is_one_of = |word: &str, options: &[&str]| options.iter().any(|o| word.eq_ignore_ascii_case(o));
    let prev = words.next().unwrap_or("");
    let cue_text = cue.slice(text);
    let first_word = cue_text.split(char::is_whitespace).next().unwrap_or("");
    let gerund = first_word.len() > 4 && first_word.as_bytes()[first_word.len() - 3..].eq_ignore_ascii_case(b"ing");
    let possessive = ["’s", "’S", "'s", "'S"].iter().any(|suffix| prev.ends_with(suffix));
    let negated = |w: &str| is_one_of(w, NEGATIONS) || w.ends_with("n't") || w.ends_with("n’t");
    if is_one_of(prev, DETERMINERS) || possessive || (!gerund && (is_one_of(prev, BE) || is_one_of(prev, PREPOSITIONS))) || negated(prev) {
        return false;
    }
    // One word further back only after "to" or an adverb in "-ly" ("did not
    // immediately respond"): most cues need just `prev`.
    // A gerund after "to" still speaks: "pivoted to arguing", "have taken to saying".
    if prev.eq_ignore_ascii_case("to") && !gerund {
        let prev2 = words.next().unwrap_or("");
        if !is_one_of(prev2, ASPECT_BEFORE_TO) {
            return false;
        }
    } else if prev.len() > 4 && prev.ends_with("ly") && words.next().is_some_and(negated) {
        return false;
    }
    // A capitalised cue inside a sentence is part of a name ("the United States").
    let first = cue_text.chars().next().unwrap_or('a');
    let sentence_start = seg.sentence_at(cue.start).is_some_and(|s| s.span.start == cue.start);
    !first.is_uppercase() || sentence_start
}

/// Pronouns whose "'s" is "is" or "has", never a possessive.
const CONTRACTED: &[&str] = &["he", "she", "it", "that", "there", "what", "who", "here", "where", "this"];

/// Who holds a noun cue, as word order tells: "Jane Doe's claim" (the
/// possessor ends at `Name`, before the apostrophe), "his repeated claim" (a
/// possessive pronoun, resolved like "he"). Up to three lower-case
/// modifiers may stand between ("the mayor's oft-repeated claim"); a
/// determiner there ("gave her the promise") means no possessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Possessor {
    /// The possessor phrase ends here, right before its "'s" or "'".
    Named(usize),
    /// "his" or "her" before the noun.
    Pronoun(Span),
}

/// The [`Possessor`] of the noun cue at `noun`, if any.
pub fn possessor(text: &str, noun: Span) -> Option<Possessor> {
    let mut lead = text[..noun.start].trim_end();
    for _ in 0..4 {
        let start = lead.char_indices().rev().find(|(_, c)| c.is_whitespace()).map_or(0, |(i, c)| i + c.len_utf8());
        let word = &lead[start..];
        for suffix in ["'s", "’s", "'", "’"] {
            // "the senators' warning": a bare apostrophe only after a plural "s".
            let plural = matches!(suffix, "'" | "’");
            if let Some(name) = word.strip_suffix(suffix).filter(|n| !n.is_empty() && (!plural || n.ends_with('s'))) {
                // "it's", "that's": a contraction, no possessor.
                let contraction = CONTRACTED.iter().any(|c| name.eq_ignore_ascii_case(c));
                // "the senator's": the name or description ends at the apostrophe.
                return (!contraction).then_some(Possessor::Named(start + name.len()));
            }
        }
        if matches!(word, "his" | "His" | "her" | "Her") {
            return Some(Possessor::Pronoun(Span::new(start, start + word.len())));
        }
        let modifier = !word.is_empty() && word.chars().all(|c| c.is_lowercase() || c == '-') && !DETERMINERS.iter().any(|d| word.eq_ignore_ascii_case(d)) && !PREPOSITIONS.contains(&word);
        if !modifier {
            return None;
        }
        lead = lead[..start].trim_end();
    }
    None
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
        // A noun cue is a noun by definition: its holder and clause are
        // checked where it is attributed (quotes/nouns.rs).
        if !in_paragraph || seg.in_quote(span.start) || (cue.form != CueForm::Noun && !is_verb_use(text, span, seg)) {
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


#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::segment::segment;

    /// Whether `cue` (its first occurrence in `text`) reads as a finite speech verb.
    fn verb_use(text: &str, cue: &str) -> bool {
        let start = text.find(cue).expect("cue in text");
        is_verb_use(text, Span::new(start, start + cue.len()), &segment(text, &[]))
    }

    #[test]
    fn auxiliaries_and_modals_keep_the_subject_speaking() {
        assert!(verb_use("Maria Alvarez would argue that the plan fails.", "argue"));
        assert!(verb_use("Maria Alvarez has said the plan fails.", "said"));
        assert!(verb_use("Critics argue that the plan fails.", "argue"));
        assert!(verb_use("Maria Alvarez will later reveal that she was ill.", "reveal"));
    }

    #[test]
    fn aspect_verbs_before_to_keep_the_subject_speaking() {
        assert!(verb_use("Maria Alvarez continued to insist that the plan fails.", "insist"));
        assert!(verb_use("Maria Alvarez went on to say that the plan fails.", "say"));
        assert!(verb_use("Maria Alvarez was quick to point out that it fails.", "point out"));
        assert!(verb_use("Maria Alvarez seemed to confirm that it fails.", "confirm"));
        assert!(verb_use("Maria Alvarez pivoted to arguing that it fails.", "arguing"));
        // Any other verb before "to": nothing was said (yet).
        assert!(!verb_use("Maria Alvarez declined to comment on the plan.", "comment"));
        assert!(!verb_use("Maria Alvarez refused to say whether the plan fails.", "say"));
        assert!(!verb_use("Maria Alvarez plans to announce her bid.", "announce"));
    }

    #[test]
    fn negated_cues_report_nothing() {
        assert!(!verb_use("Maria Alvarez did not say when the plant reopens.", "say"));
        assert!(!verb_use("Maria Alvarez didn't mention the plant.", "mention"));
        assert!(!verb_use("Maria Alvarez did not immediately respond to a request.", "respond"));
        assert!(!verb_use("The report does not suggest that costs will rise.", "suggest"));
        // An adverb in "-ly" without a negation before it is fine.
        assert!(verb_use("Maria Alvarez publicly argued that costs will rise.", "argued"));
    }

    #[test]
    fn nouns_after_determiners_possessives_and_prepositions_are_not_cues() {
        assert!(!verb_use("The claims were never tested.", "claims"));
        assert!(!verb_use("Maria Alvarez repeated his remarks.", "remarks"));
        assert!(!verb_use("These reports reached the council.", "reports"));
        assert!(!verb_use("Maria Alvarez’s claims were never tested.", "claims"));
        assert!(!verb_use("The council met amid calls for a new vote.", "calls"));
        assert!(!verb_use("Maria Alvarez spoke in comments to the press.", "comments"));
    }

    #[test]
    fn gerunds_stay_active_after_be_and_prepositions_but_participles_do_not() {
        assert!(verb_use("Maria Alvarez was telling reporters that it fails.", "telling"));
        assert!(verb_use("Maria Alvarez left after saying that it fails.", "saying"));
        assert!(!verb_use("Maria Alvarez was asked about the plan.", "asked"));
        assert!(!verb_use("Maria Alvarez was criticized by her party.", "criticized"));
    }

    /// The possessor of the noun `noun` (its first occurrence in `text`), as text.
    fn holder(text: &str, noun: &str) -> Option<String> {
        let start = text.find(noun).expect("noun in text");
        possessor(text, Span::new(start, start + noun.len())).map(|p| match p {
            Possessor::Named(end) => format!("named ..{}", &text[..end]),
            Possessor::Pronoun(span) => format!("pronoun {}", span.slice(text)),
        })
    }

    #[test]
    fn noun_cues_are_held_by_a_possessor() {
        assert_eq!(holder("Jane Doe’s claim that", "claim").as_deref(), Some("named ..Jane Doe"));
        assert_eq!(holder("the mayor's oft-repeated warning that", "warning").as_deref(), Some("named ..the mayor"));
        assert_eq!(holder("the senators' pledge that", "pledge").as_deref(), Some("named ..the senators"));
        assert_eq!(holder("He repeated his claim that", "claim").as_deref(), Some("pronoun his"));
        // A no-break space before the possessor is a word boundary too.
        assert_eq!(holder("repeated\u{a0}her earlier claim that", "claim").as_deref(), Some("pronoun her"));
        // No possessor: a determiner, a contraction, a preposition.
        assert_eq!(holder("The claim that", "claim"), None);
        assert_eq!(holder("gave her the promise that", "promise"), None);
        assert_eq!(holder("it's a claim that", "claim"), None);
        assert_eq!(holder("that’s claim", "claim"), None);
        assert_eq!(holder("amid claims that", "claims"), None);
    }

    #[test]
    fn a_capitalised_cue_inside_a_sentence_is_a_name() {
        assert!(!verb_use("Maria Alvarez visited the United States last week.", "States"));
        assert!(verb_use("Asked about it, Maria Alvarez left.", "Asked"));
    }
}
