//! Descriptions as speakers: "…,” the campaign said", "a senior official
//! said", "said officials", "according to a new poll". When no name, role
//! or pronoun stands as the subject of a speech verb (or after "according to"), a description whose head is a speaker noun or
//! a role noun speaks: for its country when it has a country adjective ("a
//! U.S. official", as the gold guidelines want), else as an actor named by
//! the description, a person for a role noun and a group otherwise.

use std::sync::Arc;

use crate::extract::cues::CueHit;
use crate::extract::segment::Segments;
use crate::model::{Actor, ActorKind, Span};
use crate::rules::{AliasIndex, CastMember, CueForm, Lexicon};

use super::cast::{Cast, Mention, MentionKind, overlapping_if, overlaps_a_mention};
use super::discover::{country_of, organization_at_start, register_organization, strip_apposition_and_aux};
use super::names::head;
use super::references::main_clause_start;
use super::neuter::{neuter_antecedent, neuter_pronoun_at_end, not_a_speaker};
use super::shape::{strip_possessive, words_of};

/// Words that end a description looking left or right: clause words and
/// prepositions ("critics of the plan said" keeps only "critics").
const STOPS: &[&str] = &[
    "and", "or", "but", "that", "which", "who", "whom", "while", "as", "when", "if", "because", "than", "for", "of", "in", "on", "at", "to", "with",
    "from", "by", "about", "after", "before", "since", "said", "says", "told", "is", "are", "was", "were", "has", "have", "had", "not",
];

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "its", "their", "some", "several", "many", "other", "two", "three", "one", "another", "most", "both", "these", "those", "few"];

/// Adds a mention for each description that is the subject of a speech cue
/// and holds no mention yet.
pub(crate) fn describe_speakers(text: &str, seg: &Segments, cues: &[CueHit], cast: &mut Cast, known: &AliasIndex, lex: &Lexicon) {
    // As in reference resolution: mentions past where this cue's search
    // reaches wait aside, so a new mention goes in near the list's end.
    let mut longest = cast.mentions.iter().map(|m| m.span.len()).max().unwrap_or(0);
    let mut pending = std::mem::take(&mut cast.mentions).into_iter().peekable();
    // Cues are sorted by start and do not overlap: their ends are sorted too.
    let cue_ends: Vec<usize> = cues.iter().map(|c| c.span.end).collect();
    for cue in cues.iter().filter(|c| matches!(c.form, CueForm::Verb | CueForm::Source)) {
        let Some(sentence) = seg.sentence_at(cue.span.start) else { continue };
        let s0 = sentence.span.start;
        let s = sentence.span.slice(text);
        let m_start = cue.span.start - s0;
        // "according to a new poll": a source cue's speaker stands after it.
        let source = cue.form == CueForm::Source;
        let before = strip_apposition_and_aux(&s[..m_start]);
        let mut found = if source { None } else { description_at_end(before, lex).map(|(a, b)| (s0 + a, s0 + b)) };
        // "Nearly half of the voters polled said …": a share of a group speaks.
        if found.is_none() && !source {
            found = share_at_end(before).map(|(a, b)| (s0 + a, s0 + b));
        }
        // "business leaders who say …": a description before "who" speaks
        // (reported speech takes the antecedent of "who").
        if found.is_none() && !source
            && let Some(head) = before.strip_suffix(" who").map(|h| h.trim_end().trim_end_matches(',').trim_end())
        {
            found = antecedent_description(head, lex).map(|(a, b)| (s0 + a, s0 + b));
        }
        // "…,” said the campaign." — only with nothing but a quotation before the cue.
        let lead = s[..m_start].trim_end();
        if found.is_none() && (source || lead.is_empty() || lead.ends_with([',', '”', '"'])) {
            let from = cue.span.end - s0;
            found = description_at_start(&s[from..], lex).map(|(a, b)| (s0 + from + a, s0 + from + b));
        }
        // "It said …", "…, they argued": a neuter pronoun as the subject.
        let pronoun = if source || found.is_some() { None } else { neuter_pronoun_at_end(before).filter(|&(a, _, _)| !not_a_speaker(s, s0, a, &cue_ends)) };
        // "according to exit polls of Ohio voters": any short noun phrase
        // after the cue names the source, speaker noun or not.
        if found.is_none() && source {
            let from = cue.span.end - s0;
            found = source_phrase_at_start(&s[from..]).map(|(a, b)| (s0 + from + a, s0 + from + b));
        }
        let Some((start, end)) = found.or(pronoun.map(|(a, b, _)| (s0 + a, s0 + b))) else { continue };
        let span = Span::new(start, end);
        while let Some(m) = pending.next_if(|m| m.span.start < end) {
            cast.mentions.push(m);
        }
        if seg.in_quote(start) {
            continue;
        }
        if overlaps_a_mention(&cast.mentions, span, longest) {
            // "GOP analysts say", "Acme Corp. executives said": names among
            // a description's modifiers give way to it, which names the
            // speaker; any other overlap keeps the names.
            let Some(inner) = modifier_mentions(cast, span, longest, pronoun.is_none()) else { continue };
            for &i in inner.iter().rev() {
                cast.mentions.remove(i);
            }
        }
        let desc = &text[start..end];
        let (actor, kind, reason) = match pronoun {
            Some((_, _, plural)) => {
                if let Some(actor) = neuter_antecedent(text, seg, cast, span, plural) {
                    (actor, MentionKind::Pronoun, ["pronoun `", desc, "` → nearest organisation or country (", cast.name(actor), ")"].concat())
                } else {
                    let Some((a, b, org)) = opening_subject(text, seg, span.start, plural, lex) else { continue };
                    let subject = &text[a..b];
                    let actor = if org {
                        register_organization(cast, &mut Vec::new(), subject, known);
                        let Some(i) = cast.find(subject) else { continue };
                        i
                    } else {
                        speaker_for(cast, subject, lex)
                    };
                    (actor, MentionKind::Pronoun, ["pronoun `", desc, "` → the subject of a sentence before (", subject, ")"].concat())
                }
            }
            None => (speaker_for(cast, desc, lex), MentionKind::Role, ["description `", desc, "` speaks"].concat()),
        };
        longest = longest.max(span.len());
        let at = cast.mentions.partition_point(|m| m.span.start <= start);
        cast.mentions.insert(at, Mention { span, actor, kind, in_quote: false, reason });
    }
    cast.mentions.extend(pending);
}

/// The indices of the mentions overlapping the description `span`, when
/// each lies inside it and ends before its last word (its head); None
/// otherwise, or when `allowed` is false.
fn modifier_mentions(cast: &Cast, span: Span, longest: usize, allowed: bool) -> Option<Vec<usize>> {
    // Inside, and a space at least before the head.
    allowed.then(|| overlapping_if(cast, span, longest, |m| m.span.start >= span.start && m.span.end < span.end)).flatten()
}

/// The actor a description speaks for: its country, or one named by it.
fn speaker_for(cast: &mut Cast, desc: &str, lex: &Lexicon) -> usize {
    if let Some(country) = country_of(cast, desc)
        && let Some(i) = cast.find(&country)
    {
        return i;
    }
    let mut name = desc.to_string();
    let first = name.split(' ').next().unwrap_or("");
    if is_determiner(first) || !name.contains(' ') {
        // "The campaign" and "Officials" at a sentence start are "the campaign", "officials".
        if let Some(c) = name.chars().next() {
            name.replace_range(..c.len_utf8(), &c.to_lowercase().to_string());
        }
    }
    if let Some(i) = cast.find(&name) {
        return i;
    }
    let head = desc.rsplit(' ').next().unwrap_or(desc).to_lowercase();
    let kind = if is_role_head(&head, lex) { ActorKind::Person } else { ActorKind::Organization };
    cast.actors.push(Arc::new(CastMember {
        actor: Actor { name, kind, member_of: None, rule: "discovered".to_string(), gender: None },
        gender: None,
        roles: Vec::new(),
        adjectives: Vec::new(),
        discovered: true,
    }));
    cast.actors.len() - 1
}

fn is_role_head(head: &str, lex: &Lexicon) -> bool {
    let one = |h: &str| lex.role_nouns.iter().any(|r| r == h || r.strip_suffix(h).is_some_and(|p| p.ends_with(' ')));
    one(head) || singulars(head).any(|s| one(&s))
}

fn is_speaker_head(word: &str, lex: &Lexicon) -> bool {
    let w = word.to_lowercase();
    lex.speaker_nouns.contains(&w) || singulars(&w).any(|s| lex.speaker_nouns.iter().any(|n| n == &s)) || is_role_head(&w, lex)
}

/// The singulars a plural noun may have ("lawyers", "witnesses",
/// "agencies", "women"), so the word lists need only one form: a group
/// of what a role or speaker noun names speaks as much as one does.
fn singulars(word: &str) -> impl Iterator<Item = String> + '_ {
    let ies = word.strip_suffix("ies").map(|w| format!("{w}y"));
    let es = word.strip_suffix("es").map(str::to_string);
    let s = word.strip_suffix('s').filter(|w| !w.ends_with('s')).map(str::to_string);
    let men = word.strip_suffix("men").map(|w| format!("{w}man"));
    ies.into_iter().chain(es).chain(s).chain(men)
}

fn is_determiner(w: &str) -> bool {
    DETERMINERS.iter().any(|d| w.eq_ignore_ascii_case(d))
}

/// A word that may stand before a description's head: letters, dots and
/// hyphens, or an age ("57-year-old") whose digits join it by a hyphen.
fn is_modifier(w: &str) -> bool {
    !w.is_empty()
        && (w.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '.'))
            || (w.contains('-') && w.chars().all(|c| c.is_alphanumeric() || c == '-')))
}

/// A description ending `text`: up to four modifiers and a head noun,
/// from a determiner or a possessive ("the ad's narrator", "a senior
/// official"), or a bare plural ("officials", "Democratic officials").
fn description_at_end(text: &str, lex: &Lexicon) -> Option<(usize, usize)> {
    let all = words_of(text);
    let is_head = |w: &str| w.chars().all(char::is_alphabetic) && is_speaker_head(w, lex);
    // "supporters of the levy", "executives for Acme": a plural head with
    // a short prepositional phrase after it, the phrase running to the cue.
    let last = all.len().checked_sub(1)?;
    let head_i = if is_head(all[last].1) {
        last
    } else {
        (last.saturating_sub(5)..last).rev().find(|&i| {
            let (_, w) = all[i];
            is_head(w) && matches!(all[i + 1].1, "of" | "for" | "at" | "with" | "from")
                && all[i + 2..].iter().all(|(_, x)| !STOPS.iter().any(|s| x.eq_ignore_ascii_case(s)) || matches!(*x, "of" | "for" | "at" | "with" | "from"))
        })?
    };
    let end = all[last].0 + all[last].1.len();
    let words = &all[..=head_i];
    let head = words[head_i].1;
    let mut first = words.len() - 1;
    let mut determined = false;
    while first > 0 && words.len() - first <= 5 {
        let (_, w) = words[first - 1];
        if is_determiner(w) {
            first -= 1;
            determined = true;
            break;
        }
        let bare = strip_possessive(w);
        let possessive = bare.len() < w.len();
        if STOPS.iter().any(|x| w.eq_ignore_ascii_case(x)) || !is_modifier(bare) {
            break;
        }
        first -= 1;
        if possessive && w.starts_with(|c: char| c.is_uppercase()) {
            // "Trump's campaign": the owner names the speaker.
            determined = true;
            break;
        }
    }
    // "Putin, Lavrov and other senior officials said": the named speak.
    if first > 0 && matches!(words[first - 1].1, "and" | "or") {
        return None;
    }
    let plural = head.ends_with('s') || matches!(head.to_lowercase().as_str(), "police" | "people" | "staff" | "some" | "many" | "most" | "few");
    (determined || plural).then(|| (words[first].0, end))
}

/// The description ending `text` that "who" follows: the head noun with
/// the capitalised modifiers and the one determiner right before it
/// ("the Democratic senators", "voters"). The antecedent of "who" is often
/// an object, so a lower-case word before it is most likely a verb ("the
/// bill angered leaders who …").
fn antecedent_description(text: &str, lex: &Lexicon) -> Option<(usize, usize)> {
    let words = words_of(text);
    let &(head_at, head) = words.last()?;
    if !head.chars().all(char::is_alphabetic) || !is_speaker_head(head, lex) || !head.ends_with('s') {
        return None;
    }
    let mut start = head_at;
    for &(at, w) in words.iter().rev().skip(1) {
        if is_determiner(w) {
            start = at;
            break;
        }
        if !w.starts_with(char::is_uppercase) || !w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.') {
            break;
        }
        start = at;
    }
    Some((start, head_at + head.len()))
}

/// A description at the start of `text`, closed by the sentence's end,
/// punctuation or a preposition: "the campaign.", "a senior official in
/// the department".
fn description_at_start(text: &str, lex: &Lexicon) -> Option<(usize, usize)> {
    let words = words_of(text);
    let &(start, first) = words.first()?;
    let determined = is_determiner(first);
    let mut end = None;
    for (i, &(at, w)) in words.iter().enumerate().skip(usize::from(determined)).take(5) {
        let bare = w.trim_end_matches([',', '.', ';', ':', '!', '?', '”', '"']);
        if STOPS.iter().any(|x| bare.eq_ignore_ascii_case(x)) || bare.is_empty() {
            break;
        }
        // Closed by punctuation, the end, or a phrase that qualifies it ("a
        // senior official in the ministry"), never by a verb of its own.
        let closes = bare.len() < w.len()
            || words.get(i + 1).is_none_or(|&(_, n)| ["in", "at", "for", "of", "from", "with", "who", "on"].iter().any(|x| n.eq_ignore_ascii_case(x)));
        if closes {
            if is_speaker_head(bare, lex) && (determined || bare.ends_with('s')) {
                end = Some(at + bare.len());
            }
            break;
        }
    }
    end.map(|e| (start, e))
}

/// How far back "it" or "they" looks for the subject that opens a sentence.
const SUBJECT_LOOK_BACK: usize = 2;

/// The subject opening one of the sentences just before the pronoun at
/// `pronoun`, when no actor was mentioned there: an organisation's name
/// ("The Harbour Works Council voted … It said"), or a description with a
/// speaker noun as its head ("The audit found … It said", "Local officials
/// met … They said"), followed by its verb. Singular for "it", plural for
/// "they"; a person's role ("the mayor") is never "it". Returns its span
/// and whether it is an organisation's name.
fn opening_subject(text: &str, seg: &Segments, pronoun: usize, plural: bool, lex: &Lexicon) -> Option<(usize, usize, bool)> {
    let si = seg.sentence_index_at(pronoun)?;
    (1..=SUBJECT_LOOK_BACK).find_map(|back| {
        let sentence = seg.sentences.get(si.checked_sub(back)?)?.span;
        let s = sentence.slice(text);
        let from = main_clause_start(s).unwrap_or(s.len() - s.trim_start().len());
        if seg.in_quote(sentence.start + from) {
            return None;
        }
        let rest = head(&s[from..], 160);
        let verb_after = |end: usize| rest[end..].strip_prefix(' ').and_then(|r| r.split(' ').next()).is_some_and(|w| {
            w.starts_with(char::is_lowercase) && !STOPS.contains(&w) || matches!(w, "has" | "had" | "is" | "was" | "said" | "says")
        });
        if let Some(org) = organization_at_start(rest, lex) {
            let end = org.as_ptr() as usize - rest.as_ptr() as usize + org.len();
            return verb_after(end).then(|| (sentence.start + from + end - org.len(), sentence.start + from + end, true));
        }
        let words = words_of(rest);
        let &(_, first) = words.first()?;
        let determined = is_determiner(first);
        for &(at, w) in words.iter().skip(usize::from(determined)).take(4) {
            if !w.chars().all(char::is_alphabetic) {
                return None;
            }
            let lower = w.to_lowercase();
            if is_speaker_head(&lower, lex) && verb_after(at + w.len()) {
                let many = lower.ends_with('s') || matches!(lower.as_str(), "police" | "people" | "staff");
                let fits = if plural { many } else { determined && !many && !is_role_head(&lower, lex) };
                return fits.then(|| (sentence.start + from, sentence.start + from + at + w.len(), false));
            }
        }
        None
    })
}

/// A share of a group as a subject: "55 percent", "Nearly half of
/// Democrats", "six in 10 voters", "a majority of respondents". Numbers
/// and fractions are grammar, not a word list of the rules.
static SHARE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(?:^|[\s,])((?:(?:about|nearly|almost|some|roughly|only|just|over|under|more than|less than|fewer than|at least)\s+)*(?:\d+(?:\.\d+)?\s*(?:percent|%)|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-\w+)?\s+percent|(?:a|one|two|three)[- ](?:half|third|thirds|quarter|quarters)|half|a majority|the majority|(?:\d+|one|two|three|four|five|six|seven|eight|nine)\s+(?:in|out of)\s+(?:\d+|ten))(?:\s+(?:of|among)\s+[\w'’. -]{1,60})?)$",
    )
    .expect("the share pattern compiles")
});

fn share_at_end(text: &str) -> Option<(usize, usize)> {
    let m = SHARE.captures(text.trim_end())?.get(1)?;
    Some((m.start(), m.end()))
}

/// Words that never open a source after "according to": pronouns (the
/// references' business) and clause words.
const NOT_A_SOURCE: &[&str] = &["him", "her", "them", "it", "us", "me", "you", "this", "that", "which", "what", "whom", "plan", "schedule"];

/// The source phrase after "according to": up to the next comma, other
/// punctuation or quotation mark, or the sentence's end, at most twelve
/// words ("the average of recent polls compiled by the state").
fn source_phrase_at_start(text: &str) -> Option<(usize, usize)> {
    let lead = text.len() - text.trim_start().len();
    let rest = &text[lead..];
    let stop = rest.find([',', ';', ':', '(', '“', '”', '"', '—', '–', '\n']).unwrap_or(rest.len());
    // A spaced hyphen is a dash: "the report - still …".
    let stop = rest[..stop].find(" - ").unwrap_or(stop);
    // Two apostrophes open a quotation in some styles.
    let stop = rest[..stop].find("''").unwrap_or(stop);
    let phrase = rest[..stop].trim_end().trim_end_matches(['.', '?', '!']).trim_end();
    let words = count_words_upto(phrase, 13);
    let first = phrase.split_whitespace().next()?;
    let bad_start = STOPS.iter().chain(NOT_A_SOURCE).any(|x| first.eq_ignore_ascii_case(x));
    // "the" alone (a title in quotation marks follows) names nothing.
    let only_determiner = words == 1 && is_determiner(first);
    ((1..=12).contains(&words) && !bad_start && !only_determiner && phrase.chars().any(char::is_alphabetic)).then_some((lead, lead + phrase.len()))
}

fn count_words_upto(text: &str, max: usize) -> usize {
    text.split_whitespace().take(max).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_before_a_cue() {
        let lex = Lexicon::bundled();
        let at_end = |t: &'static str| description_at_end(t, &lex).map(|(a, b)| &t[a..b]);
        assert_eq!(at_end("“We won,” the campaign"), Some("the campaign"));
        assert_eq!(at_end("In a memo, a senior official"), Some("a senior official"));
        assert_eq!(at_end("the ad's narrator"), Some("the ad's narrator"));
        assert_eq!(at_end("Democratic officials"), Some("Democratic officials"));
        assert_eq!(at_end("Several supporters of the levy"), Some("Several supporters of the levy"));
        // A clause word in the phrase after the head.
        assert_eq!(at_end("the campaign of the town that"), None);
        assert_eq!(at_end("supporters of the plan that"), None);
        // A singular noun with no determiner, and a noun that cannot speak.
        assert_eq!(at_end("and campaign"), None);
        assert_eq!(at_end("the weather"), None);
    }

    #[test]
    fn plurals_of_role_and_speaker_nouns_head_a_description() {
        let lex = Lexicon::bundled();
        let at_end = |t: &'static str| description_at_end(t, &lex).map(|(a, b)| &t[a..b]);
        assert_eq!(at_end("Harbour witnesses"), Some("Harbour witnesses"));
        assert_eq!(at_end("But the agencies"), Some("the agencies"));
        assert_eq!(at_end("Several local women"), Some("Several local women"));
        assert_eq!(at_end("the club's organizers"), Some("the club's organizers"));
        assert_eq!(at_end("In the end, both sides"), Some("both sides"));
        assert_eq!(at_end("As the paper"), Some("the paper"));
        // People described by their trade or kin speak as persons.
        assert_eq!(at_end("the retired neurosurgeon"), Some("the retired neurosurgeon"));
        assert_eq!(at_end("Later, his mother"), Some("his mother"));
        assert!(is_role_head("mother", &lex) && !is_role_head("harbour", &lex));
        assert_eq!(at_end("Others"), Some("Others"));
        assert_eq!(at_end("At the rally, the crowd"), Some("the crowd"));
        assert_eq!(at_end("One caller"), Some("One caller"));
        // A bare quantifier stands for a group of people ("Some said …").
        assert_eq!(at_end("Some"), Some("Some"));
        assert_eq!(at_end("But many"), Some("many"));
        assert_eq!(at_end("Jane Roe and some"), None);
        // Counter-examples: plurals of nouns that cannot speak, and a plural-looking singular.
        assert_eq!(at_end("the buildings"), None);
        assert_eq!(at_end("the harbour glasses"), None);
        assert_eq!(at_end("the press"), None);
    }

    #[test]
    fn a_singular_head_takes_a_phrase_after_it_and_an_age_before_it() {
        let lex = Lexicon::bundled();
        let at_end = |t: &'static str| description_at_end(t, &lex).map(|(a, b)| &t[a..b]);
        // "A spokeswoman for Harbor Transit said …": one person, named by
        // what she speaks for; the phrase used to be read for plurals only.
        assert_eq!(at_end("A spokeswoman for Harbor Transit"), Some("A spokeswoman for Harbor Transit"));
        assert_eq!(at_end("Later, the campaign of the town"), Some("the campaign of the town"));
        assert_eq!(at_end("The 41-year-old lawyer"), Some("The 41-year-old lawyer"));
        // Counter-examples: a singular with nothing that determines it, a
        // head that cannot speak, and a number that is no age.
        assert_eq!(at_end("spokeswoman for Harbor Transit"), None);
        assert_eq!(at_end("the plan for the harbour"), None);
        assert_eq!(at_end("In 2019 lawyer"), None);
    }

    #[test]
    fn any_short_phrase_after_according_to_is_a_source() {
        let at_start = |t: &'static str| source_phrase_at_start(t).map(|(a, b)| &t[a..b]);
        assert_eq!(at_start(" a county survey of renters, the rent rose."), Some("a county survey of renters"));
        assert_eq!(at_start(" figures released by the harbour board."), Some("figures released by the harbour board"));
        assert_eq!(at_start(" the audit - still unpublished - the fund is short."), Some("the audit"));
        // Pronouns, a determiner alone, and a phrase too long to be a source.
        assert_eq!(at_start(" him, the fund is short."), None);
        assert_eq!(at_start(" the ''Harbour Notes'' column."), None);
        assert_eq!(at_start(" the many people who came to the long meeting on the state of the harbour last night."), None);
    }

    #[test]
    fn the_antecedent_of_who() {
        let lex = Lexicon::bundled();
        let before_who = |t: &'static str| antecedent_description(t, &lex).map(|(a, b)| &t[a..b]);
        assert_eq!(before_who("The bill angered business leaders"), Some("leaders"));
        assert_eq!(before_who("Among the Democratic lawmakers"), Some("the Democratic lawmakers"));
        // A singular head, and a noun that cannot speak.
        assert_eq!(before_who("the campaign"), None);
        assert_eq!(before_who("the buildings"), None);
    }

    #[test]
    fn shares_of_a_group() {
        let share = |t: &'static str| share_at_end(t).map(|(a, b)| &t[a..b]);
        assert_eq!(share("Nearly half of the renters polled"), Some("Nearly half of the renters polled"));
        assert_eq!(share("In the survey, 55 percent"), Some("55 percent"));
        assert_eq!(share("Six in 10 voters"), None);
        assert_eq!(share("Six in 10"), Some("Six in 10"));
        // A number that is no share.
        assert_eq!(share("Route 55"), None);
    }

    #[test]
    fn descriptions_after_a_cue() {
        let lex = Lexicon::bundled();
        let at_start = |t: &'static str| description_at_start(t, &lex).map(|(a, b)| &t[a..b]);
        assert_eq!(at_start(" the campaign."), Some("the campaign"));
        assert_eq!(at_start(" a senior official in the ministry."), Some("a senior official"));
        // The subject of a reported clause is no speaker.
        assert_eq!(at_start(" the report was false."), None);
    }
}
