//! Who holds a stance: the actor named before the governing cue, a passive
//! agent, coordinated actors, never the object of a preposition or a
//! hypothetical subject.

use std::sync::LazyLock;

use regex::Regex;

use crate::extract::actors::{Mention, MentionKind};
use crate::model::*;
use crate::rules::Lexicon;

use super::hits::*;

/// Stance rules whose ids start with this are obligations: the stance is
/// the speaker's ("Rubio suggested Ukraine will have to make concessions").
pub const SPEAKER_RULE_PREFIX: &str = "stance.modal";

/// A mention right after one of these words is the object of a
/// preposition, not the one who takes the stance.
pub(crate) const PREPOSITIONS: &[&str] = &[
    "to", "with", "from", "of", "for", "on", "against", "by", "about", "between", "at", "in",
    "into", "toward", "towards", "than", "like", "over", "among", "without",
];

/// What lies between a possessor and the cue it owns: "’s ", "'s new ".
pub(crate) static POSSESSIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[’']s\s+(?:[\w-]+\s+)?$").expect("static regex"));

/// Passive agent after a cue: "an idea championed by Macron".
pub(crate) static PASSIVE_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:being|been|strongly|publicly|also)\s+)?by\s+$").expect("static regex")
});


/// Whether the actor is the subject of a condition ("if Ukrainian President
/// Zelenskiy refuses", "until Moscow agrees"), titles in between: the
/// lexicon's `condition_words` open such a clause.
pub(crate) fn is_conditional(text: &str, sentence: Span, m: &Mention, lex: &Lexicon) -> bool {
    let before = &text[sentence.start..m.span.start];
    let mut words = before.split_whitespace().rev();
    for _ in 0..5 {
        match words.next() {
            Some(w)
                if w.chars().next().is_some_and(char::is_uppercase)
                    && !Lexicon::in_list(&lex.condition_words, w) =>
            {
                continue;
            }
            Some(w) => {
                return Lexicon::in_list(&lex.condition_words, w.trim_matches(|c: char| !c.is_alphanumeric()));
            }
            None => return false,
        }
    }
    false
}

/// The named agent of a passive cue: "championed by Macron".
pub(crate) fn passive_agent<'c>(input: &StanceInput<'c>, cue: &CueHit, sentence: Span) -> Option<&'c Mention> {
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
pub(crate) fn coordinated<'m>(text: &str, mentions: &[&'m Mention], m: &'m Mention) -> Vec<&'m Mention> {
    let Some(i) = mentions.iter().position(|x| std::ptr::eq(*x, m)) else {
        return vec![m];
    };
    // A separator is required: "US President Donald Trump" is one person
    // with a country in his title, not two actors.
    let joins = |a: &Mention, b: &Mention| {
        let gap = &text[a.span.end..b.span.start];
        let words = || gap.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty());
        words().all(|w| w == "and" || w == "or") && (gap.contains(',') || words().next().is_some())
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
pub(crate) fn choose_actors(
    input: &StanceInput<'_>,
    sentence: Span,
    cue: &CueHit,
    rule: &str,
    topics: &[TopicHit],
) -> Vec<(String, String)> {
    let text = input.text;
    let cast = input.cast;
    let covering = input.statements_at.get_or_init(|| StatementsAt::new(input.statements)).first_covering(cue.span.start).map(|i| &input.statements[i]);
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
        .filter(|m| {
            // "frustration over Russia's refusal": the possessor of the cue
            // holds it, whatever preposition governs the whole phrase.
            let owns_cue = POSSESSIVE.is_match(text.get(m.span.end..cue.span.start).unwrap_or_default());
            owns_cue || !PREPOSITIONS.contains(&word_before(text, m.span.start).as_str())
        })
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
    let lex = &input.rules.lexicon;
    if is_conditional(text, sentence, chosen, lex) {
        return Vec::new();
    }
    // "He said that if Putin fails to sign, he will impose tariffs": a
    // pronoun whose only antecedent in the sentence is the subject of an
    // "if" clause refers back to the one reporting the condition.
    if chosen.kind == MentionKind::Pronoun
        && let Some(st) = covering
        && st.speaker != cast.name(chosen.actor)
        && before.iter().any(|m| {
            m.actor == chosen.actor && m.span.start < chosen.span.start && is_conditional(text, sentence, m, lex)
        })
    {
        return by_speaker("pronoun after an \"if\" clause about another actor: the speaker of the statement");
    }
    // Each coordinated actor on its own: "both Moscow and Washington",
    // said by a Kremlin spokesman, is the spokesman's and Washington's.
    let mut out: Vec<(String, String)> = Vec::new();
    for m in coordinated(text, &candidates, chosen) {
        let held = country_voice(input, &candidates, covering, m).unwrap_or_else(|| {
            vec![(
                cast.name(m.actor).to_string(),
                format!("nearest actor before the cue: {}", m.reason),
            )]
        });
        for h in held {
            if !out.iter().any(|o| o.0 == h.0) {
                out.push(h);
            }
        }
    }
    out
}

/// A country inside a clause one of its own people said is that person's
/// stance: the person named earlier in the sentence, or the speaker of the
/// statement the cue stands in. None when `m` is no country or nobody
/// speaks for it here.
fn country_voice(
    input: &StanceInput<'_>,
    candidates: &[&Mention],
    covering: Option<&FoundStatement>,
    m: &Mention,
) -> Option<Vec<(String, String)>> {
    let cast = input.cast;
    let member = &cast.actors[m.actor];
    if member.actor.kind != ActorKind::Country {
        return None;
    }
    let country = member.actor.name.as_str();
    let own = |actor: usize| {
        let a = &cast.actors[actor].actor;
        a.kind == ActorKind::Person && a.member_of.as_deref() == Some(country)
    };
    if let Some(p) = candidates.iter().find(|c| c.span.start < m.span.start && own(c.actor)) {
        return Some(
            coordinated(input.text, candidates, p)
                .into_iter()
                .map(|c| {
                    (
                        cast.name(c.actor).to_string(),
                        format!("{} speaks for {country}: {}", cast.name(c.actor), c.reason),
                    )
                })
                .collect(),
        );
    }
    let speaks_for = |name: &str| {
        cast.actors.iter().any(|a| {
            a.actor.name == name && a.actor.kind == ActorKind::Person && a.actor.member_of.as_deref() == Some(country)
        })
    };
    let st = covering.filter(|st| speaks_for(&st.speaker))?;
    Some(vec![(
        st.speaker.clone(),
        format!("{} speaks for {country} (speaker of the statement)", st.speaker),
    )])
}
