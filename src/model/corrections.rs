//! Human corrections of the machine's output, as plain data: who changed
//! what, when and why. They live in a file of their own beside the graph
//! and are laid over the graph when it is read, so the graph stays the
//! extractor's output and a re-extraction with new rules keeps them.
//!
//! A correction names its target by what survives re-extraction: the
//! article's content-hash id, a hash of the sentence's folded words, and
//! the statement's words (or the stance's topic and cue). Statement and
//! stance ids would not do: they hash the speaker and kind, which are what
//! a correction changes, and a rule change can move a span by a word.

use serde::{Deserialize, Serialize};

use super::types::{ActorKind, Evidence, QuoteKind, StanceKind, fold_text, stable_id};

/// Bumped when the corrections file changes incompatibly.
pub const CORRECTIONS_FORMAT: u32 = 1;

/// Where a correction applies.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Target {
    /// One occurrence of a statement: its article, its sentence (see
    /// [`sentence_key`]) and its words as extracted.
    Statement { article: String, sentence: String, text: String },
    /// One stance evidence: article, sentence, topic, and the cue as
    /// written (which tells two stances on one topic in a sentence apart),
    /// and the stance's actor and span as extracted, which tell apart two
    /// stances sharing a cue ("A and B rejected the levy"). Files written
    /// before these two were recorded lack them and match by cue alone.
    Stance {
        article: String,
        sentence: String,
        topic: String,
        cue: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        actor: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<(usize, usize)>,
    },
    /// An actor, wherever it occurs (for merges).
    Actor { name: String },
}

impl Target {
    /// The target of a statement occurrence.
    pub fn statement(ev: &Evidence, text: &str) -> Target {
        Target::Statement { article: ev.article.to_string(), sentence: sentence_key(&ev.sentence_text), text: text.to_string() }
    }

    /// The target of the evidence `ev` of `actor`'s stance on `topic`.
    pub fn stance(ev: &Evidence, topic: &str, actor: &str) -> Target {
        Target::Stance {
            article: ev.article.to_string(),
            sentence: sentence_key(&ev.sentence_text),
            topic: topic.to_string(),
            cue: ev.cue.to_string(),
            actor: Some(actor.to_string()),
            // Relative to the sentence: a change of the text before it
            // (a new byline) moves article offsets, not these.
            span: Some((ev.span.start.saturating_sub(ev.sentence.start), ev.span.end.saturating_sub(ev.sentence.start))),
        }
    }

    /// Of the stances `found` on this target's topic in its sentence (as
    /// (actor, evidence)), the ones it names: when there are several, those
    /// with its cue, then its actor, then its span, each narrowing only
    /// while something is left, so a re-extraction that renames the actor
    /// or moves the span by a word keeps the correction on its stance.
    pub fn narrow_stances(&self, found: &mut Vec<(usize, &str, &Evidence)>) {
        let Target::Stance { cue, actor, span, .. } = self else { return };
        let narrow = |found: &mut Vec<(usize, &str, &Evidence)>, keep: &dyn Fn(&str, &Evidence) -> bool| {
            if found.len() > 1 && found.iter().any(|(_, a, e)| keep(a, e)) {
                found.retain(|(_, a, e)| keep(a, e));
            }
        };
        narrow(found, &|_, e| e.cue == *cue);
        if let Some(actor) = actor {
            narrow(found, &|a, _| a == actor);
        }
        if let Some((start, end)) = span {
            narrow(found, &|_, e| {
                (e.span.start.saturating_sub(e.sentence.start), e.span.end.saturating_sub(e.sentence.start)) == (*start, *end)
            });
        }
    }

    /// The article the target lies in (none for an actor).
    pub fn article(&self) -> Option<&str> {
        match self {
            Target::Statement { article, .. } | Target::Stance { article, .. } => Some(article),
            Target::Actor { .. } => None,
        }
    }

    /// Whether this statement target names the occurrence `text` in the
    /// sentence of `ev`. Words rather than spans: new rules may cut a quote
    /// a word longer or shorter, so most of the words of the shorter text
    /// appearing in the longer one is enough.
    pub fn names_statement(&self, ev: &Evidence, text: &str) -> bool {
        match self {
            Target::Statement { article, sentence, text: t } => {
                *article == ev.article && *sentence == sentence_key(&ev.sentence_text) && same_words(t, text)
            }
            _ => false,
        }
    }

    /// Whether this stance target names a stance on `topic` in the sentence
    /// of `ev` (the cue is checked by the caller, which knows whether the
    /// sentence holds other stances on that topic).
    pub fn names_stance_sentence(&self, ev: &Evidence, topic: &str) -> bool {
        match self {
            Target::Stance { article, sentence, topic: t, .. } => {
                *article == ev.article && *t == topic && *sentence == sentence_key(&ev.sentence_text)
            }
            _ => false,
        }
    }
}

/// What a correction does to its target.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Action {
    /// The statement or stance is not there: drop it.
    Wrong,
    /// Another speaker (statement) or holder (stance); an actor the graph
    /// does not know is created with `kind` (a person when none).
    Speaker { name: String, kind: Option<ActorKind> },
    /// A statement of the other kind (direct / indirect).
    Kind(QuoteKind),
    /// A stance of the other polarity.
    Stance(StanceKind),
    /// The target actor is the same as `into` (for [`Target::Actor`]).
    Merge { into: String },
    /// The machine was right: recorded so that agreement between coders
    /// counts confirmations, and changes nothing.
    Confirm,
}

impl Action {
    /// A short label, equal for equal decisions: what agreement compares.
    pub fn label(&self) -> String {
        match self {
            Action::Wrong => "wrong".to_string(),
            Action::Speaker { name, .. } => format!("speaker: {name}"),
            Action::Kind(k) => format!("kind: {}", k.as_str()),
            Action::Stance(s) => format!("stance: {}", s.as_str()),
            Action::Merge { into } => format!("merge into: {into}"),
            Action::Confirm => "right".to_string(),
        }
    }
}

/// One reviewer's decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// The coder's name.
    pub who: String,
    /// When, RFC 3339 in UTC (sorts as text).
    pub when: String,
    pub target: Target,
    pub action: Action,
    #[serde(default)]
    pub why: String,
}

impl Correction {
    /// A short stable id, for links and for telling duplicates apart.
    pub fn id(&self) -> String {
        let target = format!("{:?}", self.target);
        let action = format!("{:?}", self.action);
        stable_id("co", &[&self.who, &self.when, &target, &action, &self.why])
    }
}

/// What the corrections file holds, oldest first: a later decision on the
/// same target overrides an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    pub format: u32,
    pub corrections: Vec<Correction>,
}

impl Default for Corrections {
    fn default() -> Self {
        Corrections { format: CORRECTIONS_FORMAT, corrections: Vec::new() }
    }
}

impl Corrections {
    /// Adds the corrections of `other` not already here (same id), keeping
    /// the file in time order. Returns how many were new.
    pub fn absorb(&mut self, other: Corrections) -> usize {
        let have: std::collections::HashSet<String> = self.corrections.iter().map(Correction::id).collect();
        let before = self.corrections.len();
        self.corrections.extend(other.corrections.into_iter().filter(|c| !have.contains(&c.id())));
        self.sort();
        self.corrections.len() - before
    }

    /// Time order; equal times keep their file order.
    pub fn sort(&mut self) {
        self.corrections.sort_by(|a, b| a.when.cmp(&b.when));
    }
}

/// The key of a sentence: a hash of its folded words, so a change of
/// spacing or quote marks in segmentation does not orphan a correction.
pub fn sentence_key(sentence: &str) -> String {
    stable_id("se", &[&fold_text(sentence)])
}

/// Most words of the shorter text (at least half, and at least one) stand
/// in the longer: the same quotation cut a little differently.
fn same_words(a: &str, b: &str) -> bool {
    let (a, b) = (fold_text(a), fold_text(b));
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (&a, &b) } else { (&b, &a) };
    let long_words: std::collections::HashSet<&str> = long.split(' ').collect();
    let words: Vec<&str> = short.split(' ').filter(|w| !w.is_empty()).collect();
    let shared = words.iter().filter(|w| long_words.contains(*w)).count();
    // Half of the longer text too, so three common words do not tie a short
    // quote to a long paragraph that happens to contain them.
    let long_len = long.split(' ').count();
    !words.is_empty() && shared * 2 >= words.len() && shared * 2 >= long_len
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::types::Span;

    fn ev(sentence: &str) -> Evidence {
        Evidence {
            article: "art-1".into(),
            span: Span::new(0, 4),
            sentence: Span::new(0, sentence.len()),
            sentence_text: sentence.into(),
            cue: "said".into(),
            rule: "speech.said".into(),
            date: None,
            resolution: String::new().into(),
        }
    }

    #[test]
    fn a_statement_target_survives_a_recut_quote_but_not_another_sentence() {
        let e = ev("“We will rebuild the bridge by spring,” the mayor said.");
        let t = Target::statement(&e, "We will rebuild the bridge by spring");
        // New rules cut one word less; spacing of the sentence changed.
        let e2 = ev("“We will  rebuild the bridge by spring,”  the mayor said.");
        assert!(t.names_statement(&e2, "We will rebuild the bridge"));
        // Another quote in the same sentence shares too few words.
        assert!(!t.names_statement(&e2, "by spring"));
        // The same words in another sentence are another occurrence.
        let e3 = ev("“We will rebuild the bridge by spring,” she repeated.");
        assert!(!t.names_statement(&e3, "We will rebuild the bridge by spring"));
        let mut other_article = e.clone();
        other_article.article = "art-2".into();
        assert!(!t.names_statement(&other_article, "We will rebuild the bridge by spring"));
    }

    #[test]
    fn absorb_skips_duplicates_and_keeps_time_order() {
        let c = |who: &str, when: &str| Correction {
            who: who.into(),
            when: when.into(),
            target: Target::Actor { name: "A. Person".into() },
            action: Action::Merge { into: "Ann Person".into() },
            why: "same person".into(),
        };
        let mut mine = Corrections { corrections: vec![c("ann", "2026-01-02T00:00:00Z")], ..Default::default() };
        let theirs = Corrections {
            corrections: vec![c("bo", "2026-01-01T00:00:00Z"), c("ann", "2026-01-02T00:00:00Z")],
            ..Default::default()
        };
        assert_eq!(mine.absorb(theirs), 1);
        let who: Vec<&str> = mine.corrections.iter().map(|c| c.who.as_str()).collect();
        assert_eq!(who, ["bo", "ann"]);
    }
}
