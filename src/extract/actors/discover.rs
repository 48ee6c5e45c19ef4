//! Speakers the rules do not know: a capitalised name right before or
//! after a speech cue, or with a role appositive, becomes a discovered
//! person, with a country when its description has a country adjective. A
//! surname alone at a cue ("Roe said") is the person of that surname the
//! article introduced anywhere ("Jane Roe, who runs the shelter, …"), and
//! a capitalised run ending in an organisation word ("the Fire Brigades
//! Union said") a discovered organisation.

use std::collections::HashMap;
use std::sync::Arc;

use crate::extract::cues::CueHit;
use crate::extract::segment::Segments;
use crate::model::{Actor, ActorKind, Gender};
use crate::rules::{AliasIndex, CastMember, CompiledRules, CueForm, Lexicon};

use super::cast::Cast;
use super::names::{CAP_NAME, appositive, head, last_cap_name_at_end, tail};
use super::roles::{names_role, role_words};
use super::shape::{NameAt, name_after_title, name_at_end, words_of};

/// Registers speakers the rules do not know: a capitalised name right before
/// or right after a speech cue, or after "according to".
/// Returns the article's introductions, which later discovery reuses.
pub(crate) fn discover_speakers(text: &str, seg: &Segments, rules: &CompiledRules, cues: &[CueHit], cast: &mut Cast, aliases: &mut Vec<(String, usize)>) -> Introductions {
    let known = &rules.aliases;
    let lex = &*rules.lexicon;
    let intros = Introductions::collect(text, seg, known, lex);
    // "Oleh Marchenko, the Ukrainian Foreign Ministry spokesman, …": a name
    // with a role appositive is a person whatever verb follows.
    for para in &seg.paragraphs {
        let p = para.span.slice(text);
        let pb = p.as_bytes();
        // memchr for the comma, then its space: a substring search per
        // paragraph cost several times more.
        for comma in memchr::memchr_iter(b',', pb).filter(|&i| pb.get(i + 1) == Some(&b' ')) {
            let after = &p[comma..];
            let next = after[2..].split(' ').next().unwrap_or("");
            let determiner = matches!(next, "a" | "an" | "the" | "another" | "his" | "her" | "its" | "their") || next.ends_with("’s") || next.ends_with("'s");
            if !determiner {
                continue;
            }
            let Some(desc) = appositive(head(after, 200)) else { continue };
            if !names_role(desc, lex) {
                continue;
            }
            let before = tail(&p[..comma], 80);
            let Some(n) = last_cap_name_at_end(before).filter(|n| n.end() == before.len()) else { continue };
            let start = para.span.start + comma - before.len() + n.start();
            if seg.in_quote(start) {
                continue;
            }
            if let Some((name, gender)) = name_at_end(n.as_str(), lex).and_then(|na| intros.full_name(&na, known, lex)) {
                register(cast, aliases, &name, gender, "", after, lex);
            }
        }
    }
    for cue in cues {
        let Some(sentence) = seg.sentence_at(cue.span.start) else { continue };
        let s = sentence.span.slice(text);
        let (m_start, m_end) = (cue.span.start - sentence.span.start, cue.span.end - sentence.span.start);
        let after = &s[m_end..];
        let mut candidates: Vec<(usize, NameAt)> = Vec::new();
        if matches!(cue.form, CueForm::Source | CueForm::Verb) {
            // "according to Jane Doe", "said Jane Doe", "said Mayor Helen Okafor"
            let lead = after.len() - after.trim_start().len();
            let rest = head(&after[lead..], 160);
            if let Some(org) = organization_at_start(rest, lex) {
                register_organization(cast, aliases, org, known);
            } else if let Some(n) = name_after_title(rest, lex) {
                candidates.push((m_end + lead, n));
            }
        }
        if cue.form == CueForm::Verb {
            // "Jane Doe said", "Jane Doe, an analyst, said", "Jane Doe has said"
            let mut before = strip_apposition_and_aux(&s[..m_start]);
            // "Hungary's foreign minister, Peter Szijjarto, told": the name is the appositive.
            if let Some(b) = before.strip_suffix(',') {
                before = b.trim_end();
            }
            let near = tail(before, 120);
            let offset = before.len() - near.len();
            if let Some(org) = organization_at_end(near, lex).or_else(|| the_organization_at_end(near, lex)) {
                register_organization(cast, aliases, org, known);
            } else if let Some(n) = name_at_end(near, lex) {
                let prev = words_of(&near[..n.start]).last().map(|&(at, w)| (at, w));
                match prev {
                    // "Sen. Jane Doe of Vermont said": the person before the place.
                    Some((at, "of" | "from")) => {
                        if let Some(person) = name_at_end(&near[..at], lex).filter(|p| p.words >= 2) {
                            candidates.push((offset, person));
                        }
                    }
                    Some((_, w)) if is_determiner(w) => {}
                    _ => candidates.push((offset, n)),
                }
            }
        }
        if cue.form == CueForm::Participle
            && let Some((offset, n)) = participle_subject(&s[..m_start], lex)
        {
            candidates.push((offset, n));
        }
        for (offset, n) in candidates {
            let at = sentence.span.start + offset + n.start;
            let found = if n.words == 1 { intros.surname(&n, at, known, text, lex) } else { intros.full_name(&n, known, lex) };
            if let Some((name, gender)) = found {
                let (start, end) = (offset + n.start, offset + n.end);
                // No title here: the one the article introduced the person with.
                let intro_title = if title_before(&s[..start]).is_empty() { intros.title_of(&name) } else { None };
                register(cast, aliases, &name, gender, intro_title.as_deref().unwrap_or(&s[..start]), s.get(end..).unwrap_or(""), lex);
            }
        }
    }
    intros
}

/// The subject of the clause a participle cue follows: "…, Jane Doe
/// dodged the question, saying …" — the name that opens the clause before
/// the participle's comma, followed by a lower-case word (its verb).
/// Returns where the clause starts in `before`, and the name in it.
fn participle_subject(before: &str, lex: &Lexicon) -> Option<(usize, NameAt)> {
    let clause_end = before.trim_end().strip_suffix(',')?.len();
    let clause_start = before[..clause_end].rfind(", ").map_or(0, |i| i + 2);
    let clause = &before[clause_start..clause_end];
    let verb = words_of(clause).into_iter().find(|(_, w)| w.starts_with(|c: char| c.is_lowercase()))?.0;
    let n = name_at_end(&clause[..verb], lex)?;
    // The name opens the clause: "the deal Jane Doe signed" has another subject.
    (n.start == clause.len() - clause.trim_start().len() && verb > n.start).then_some((clause_start, n))
}

/// Words after which a capitalised word is no speaker's name: determiners,
/// and prepositions ("Sen. Jane Doe of Vermont said" is not Vermont).
fn is_determiner(w: &str) -> bool {
    ["the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their", "our", "my", "your", "every", "each", "of", "from", "in", "for", "at", "to"]
        .iter()
        .any(|d| w.eq_ignore_ascii_case(d))
}

/// The full names of people the article introduces anywhere, by surname,
/// and the genders its honorifics tell: the sources a surname alone at a
/// cue resolves to. Collected from every capitalised run, so only a cue
/// (or a name next to one) turns one into an actor.
pub(crate) struct Introductions {
    /// Surname → (offset, full name) in text order.
    by_surname: HashMap<String, Vec<(usize, String)>>,
    /// Surname or full name → gender from an honorific.
    genders: HashMap<String, Gender>,
    /// Full name → the capitalised title it was first introduced with
    /// ("Russian President"): the country and role a later mention without
    /// a title ("Dranek said") still tells.
    titles: HashMap<String, String>,
    /// Rule actors named in the article by a name of more than one word,
    /// found once when a surname first needs it.
    named_in_full: std::cell::OnceCell<Vec<usize>>,
    /// The lower-case words of a long article, found once when a lone word
    /// first needs [`written_lower`]: searching the whole text per word
    /// made long texts quadratic.
    lower_words: std::cell::OnceCell<std::collections::HashSet<String>>,
}

impl Introductions {
    pub(crate) fn collect(text: &str, seg: &Segments, known: &AliasIndex, lex: &Lexicon) -> Introductions {
        let mut by_surname: HashMap<String, Vec<(usize, String)>> = HashMap::new();
        let mut genders = HashMap::new();
        let mut titles: HashMap<String, String> = HashMap::new();
        for para in &seg.paragraphs {
            let p = para.span.slice(text);
            for m in CAP_NAME.find_iter(p) {
                let run = trim_run(m.as_str());
                let Some(n) = name_at_end(run, lex) else { continue };
                if let Some(g) = n.gender {
                    genders.entry(n.name.clone()).or_insert(g);
                    if let Some(last) = n.name.split(' ').next_back() {
                        genders.entry(last.to_string()).or_insert(g);
                    }
                }
                if n.words < 2 || !new_name(&n.name, known) {
                    continue;
                }
                let title = run[..n.start].trim();
                if !title.is_empty() && !titles.contains_key(&n.name) {
                    titles.insert(n.name.clone(), title.to_string());
                }
                if let Some(last) = n.name.split(' ').next_back() {
                    by_surname.entry(last.to_string()).or_default().push((para.span.start + m.start() + n.start, n.name));
                }
            }
        }
        Introductions { by_surname, genders, titles, named_in_full: std::cell::OnceCell::new(), lower_words: std::cell::OnceCell::new() }
    }

    /// The full names introduced as people beyond doubt, by an honorific or
    /// a given name that tells a gender, in text order, with that gender and
    /// the title before them.
    pub(crate) fn people(&self, lex: &Lexicon) -> Vec<(String, Gender, String)> {
        let mut found: Vec<(usize, &String)> = self.by_surname.values().flat_map(|v| v.iter().map(|(at, name)| (*at, name))).collect();
        found.sort();
        let mut seen = std::collections::HashSet::new();
        let mut out = Vec::new();
        for (_, name) in found {
            if !seen.insert(name) {
                continue;
            }
            if let Some(gender) = self.genders.get(name).copied().or_else(|| lex.given_name_gender(name)) {
                out.push((name.clone(), gender, self.title_of(name).unwrap_or_default()));
            }
        }
        out
    }

    /// Whether `word` is the alias of a rule actor the article also names
    /// in full ("Boris Johnson … Johnson"): the word then stays that actor's.
    pub(crate) fn listed_in_full(&self, word: &str, known: &AliasIndex, text: &str) -> bool {
        let named = self.named_in_full.get_or_init(|| {
            known.find(text).into_iter().filter(|(_, _, _, alias)| alias.contains(' ')).map(|(_, _, a, _)| a).collect()
        });
        known.find(word).into_iter().any(|(s, e, a, _)| s == 0 && e == word.len() && named.contains(&a))
    }

    /// Whether the article introduced someone of this surname.
    pub(crate) fn introduced(&self, surname: &str) -> bool {
        self.by_surname.contains_key(surname)
    }

    /// The title `name` was introduced with, followed by a space, as the
    /// text before a name reads.
    fn title_of(&self, name: &str) -> Option<String> {
        self.titles.get(name).map(|t| format!("{t} "))
    }

    fn gender(&self, n: &NameAt, lex: &Lexicon) -> Option<Gender> {
        n.gender
            .or_else(|| self.genders.get(&n.name).copied())
            .or_else(|| n.name.split(' ').next_back().and_then(|l| self.genders.get(l).copied()))
            .or_else(|| lex.given_name_gender(&n.name))
    }

    /// [`written_lower`], from a word index in long articles. A word of
    /// ASCII letters and digits stands in the text lower-cased exactly
    /// when it is one of the text's maximal runs of those; other words are
    /// searched for.
    fn written_lower(&self, text: &str, word: &str) -> bool {
        const INDEXED_FROM: usize = 64 * 1024;
        if text.len() < INDEXED_FROM || !word.bytes().all(|c| c.is_ascii_alphanumeric()) {
            return written_lower(text, word);
        }
        let lower = word.to_ascii_lowercase();
        if lower == word {
            return true;
        }
        let words = self.lower_words.get_or_init(|| {
            text.as_bytes()
                .split(|c| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty() && !w.iter().any(u8::is_ascii_uppercase))
                .filter_map(|w| std::str::from_utf8(w).ok().map(str::to_string))
                .collect()
        });
        words.contains(&lower)
    }

    /// A name of two or more words, if it is not one the rules know.
    pub(crate) fn full_name(&self, n: &NameAt, known: &AliasIndex, lex: &Lexicon) -> Option<(String, Option<Gender>)> {
        (n.words >= 2 && new_name(&n.name, known)).then(|| (n.name.clone(), self.gender(n, lex)))
    }

    /// What a lone word at a cue names: the person of that surname the
    /// article introduced (the nearest before `at`, else the first after),
    /// unless the word is a rule alias whose actor the article names in
    /// full; else the word itself when it has a name's shape and the
    /// article never writes it in lower case ("Police said" is no name).
    pub(crate) fn surname(&self, n: &NameAt, at: usize, known: &AliasIndex, text: &str, lex: &Lexicon) -> Option<(String, Option<Gender>)> {
        let word = n.name.as_str();
        let intro = self.by_surname.get(word).and_then(|v| v.iter().rev().find(|(o, _)| *o < at).or_else(|| v.first())).map(|(_, full)| full.clone());
        let rule_actors: Vec<usize> = known.find(word).into_iter().filter(|(s, e, _, _)| *s == 0 && *e == word.len()).map(|(_, _, a, _)| a).collect();
        let gender = self.gender(n, lex).or_else(|| intro.as_deref().and_then(|full| lex.given_name_gender(full)));
        if !rule_actors.is_empty() {
            // "Johnson said" is the Gary Johnson this article introduced, not
            // the listed Boris Johnson, unless the article names him too.
            return intro.filter(|_| !self.listed_in_full(word, known, text)).map(|full| (full, gender));
        }
        if let Some(full) = intro {
            return Some((full, gender));
        }
        let shaped = word.chars().count() >= 2 && !lex.cannot_start_name(word) && !lex.is_title(word) && !lex.is_organization_head(word);
        (shaped && (n.gender.is_some() || n.titled || !self.written_lower(text, word))).then(|| (word.to_string(), gender))
    }
}

/// A capitalised run as the name pattern finds it, without a trailing
/// possessive or full stop.
fn trim_run(run: &str) -> &str {
    let r = run.trim_end_matches("’s").trim_end_matches("'s");
    // "… said Jane Doe." — the sentence's full stop, not an initial's.
    match r.strip_suffix('.') {
        Some(stripped) if !stripped.ends_with(|c: char| c.is_uppercase()) || stripped.len() < 2 => stripped,
        _ => r,
    }
}

/// Whether no rule alias is the name or stands inside it as a name of
/// several words ("Donald Trump Jr" is not new, "Gary Johnson" is).
fn new_name(name: &str, known: &AliasIndex) -> bool {
    !known.find(name).iter().any(|(s, e, _, alias)| (*s == 0 && *e == name.len()) || alias.contains(' '))
}

/// Whether `word`, lower-cased, stands as a word in `text`: a common noun
/// capitalised at a sentence start, not a name.
fn written_lower(text: &str, word: &str) -> bool {
    let lower = word.to_lowercase();
    if lower == word {
        return true;
    }
    let finder = memchr::memmem::Finder::new(lower.as_bytes());
    let b = text.as_bytes();
    finder.find_iter(b).any(|i| {
        let before = i.checked_sub(1).map(|j| b[j]);
        let after = b.get(i + lower.len()).copied();
        !before.is_some_and(|c| c.is_ascii_alphanumeric()) && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

/// Words that may stand inside an organisation's name in lower case.
const ORG_JOINERS: &[&str] = &["of", "for", "and", "the", "&", "on", "in"];

/// An organisation's name ending `text`: a capitalised run whose last word
/// is an organisation head ("the Fire Brigades Union", "Acme Corp."), at
/// least two words long.
pub(crate) fn organization_at_end<'a>(text: &'a str, lex: &Lexicon) -> Option<&'a str> {
    let words = words_of(text.trim_end());
    let &(_, last) = words.last()?;
    if !lex.is_organization_head(last) {
        return None;
    }
    let mut first = words.len() - 1;
    while first > 0 {
        let (_, w) = words[first - 1];
        let cap = w.starts_with(|c: char| c.is_uppercase()) && !w.ends_with([',', ';', ':', '”', '"']);
        if !(cap || ORG_JOINERS.contains(&w)) {
            break;
        }
        first -= 1;
    }
    while first < words.len() - 1 && (ORG_JOINERS.contains(&words[first].1) || lex.cannot_start_name(words[first].1)) {
        first += 1;
    }
    (words.len() - first >= 2).then(|| &text[words[first].0..words[words.len() - 1].0 + last.len()])
}

/// An organisation named by one word after "the" at the end of `text`:
/// an organisation head ("the Times", "the Post") or an acronym ("the
/// FBI", "the F.B.I."), which as a speaker is always an organisation.
pub(crate) fn the_organization_at_end<'a>(text: &'a str, lex: &Lexicon) -> Option<&'a str> {
    let (before, last) = text.trim_end().rsplit_once(' ')?;
    let article = before.rsplit([' ', '\n']).next()?;
    if !matches!(article, "the" | "The") {
        return None;
    }
    let letters: String = last.chars().filter(|c| *c != '.').collect();
    let acronym = (2..=6).contains(&letters.len()) && letters.chars().all(|c| c.is_ascii_uppercase());
    // "the CEO", "the DA": a role written as an acronym is a person.
    let role = lex.is_title(last) || lex.role_nouns.iter().any(|r| r.eq_ignore_ascii_case(&letters));
    (!role && (acronym || lex.is_organization_head(last) && last.starts_with(char::is_uppercase))).then_some(last)
}

/// An organisation's name at the start of `text`, after an optional "the".
pub(crate) fn organization_at_start<'a>(text: &'a str, lex: &Lexicon) -> Option<&'a str> {
    let words = words_of(text);
    let mut i = usize::from(words.first().is_some_and(|(_, w)| *w == "the" || *w == "The"));
    let start = words.get(i)?.0;
    let mut end = None;
    while let Some(&(at, w)) = words.get(i) {
        let bare = w.trim_end_matches([',', ';', ':', '.', '”', '"']);
        let bare = if lex.is_organization_head(w) { w } else { bare };
        let cap = bare.starts_with(|c: char| c.is_uppercase());
        if !(cap || ORG_JOINERS.contains(&bare)) {
            break;
        }
        if cap && lex.is_organization_head(bare) {
            end = Some(at + bare.len());
        }
        if bare.len() < w.len() {
            break;
        }
        i += 1;
    }
    let org = &text[start..end?];
    (org.split_whitespace().count() >= 2 && !lex.cannot_start_name(org.split_whitespace().next()?)).then_some(org)
}

/// Adds a discovered organisation, unless the rules know the name.
pub(crate) fn register_organization(cast: &mut Cast, aliases: &mut Vec<(String, usize)>, name: &str, known: &AliasIndex) {
    if !new_name(name, known) || cast.find(name).is_some() {
        return;
    }
    let index = cast.actors.len();
    cast.actors.push(Arc::new(CastMember {
        actor: Actor { name: name.to_string(), kind: ActorKind::Organization, member_of: None, rule: "discovered".to_string(), gender: None },
        gender: None,
        roles: Vec::new(),
        adjectives: Vec::new(),
        discovered: true,
    }));
    aliases.push((name.to_string(), index));
}

/// Removes a trailing appositive and auxiliaries from the text before a cue,
/// leaving the subject at the end.
pub(crate) fn strip_apposition_and_aux(before: &str) -> &str {
    let mut b = before.trim_end();
    loop {
        let prev = b;
        // One look at the last word, not a suffix test per auxiliary.
        while let Some((rest, last)) = b.rsplit_once(' ')
            && matches!(
                last,
                "has" | "have" | "had" | "also" | "further" | "repeatedly" | "previously" | "later" | "then" | "again" | "earlier" | "now"
                    | "already" | "consistently" | "recently" | "publicly" | "reportedly" | "himself" | "herself" | "flatly" | "once" | "separately" | "here" | "there" | "still"
            )
        {
            b = rest.trim_end();
        }
        // "has long warned": "long" only after the auxiliary is an adverb.
        if let Some(rest) = b.strip_suffix(" long")
            && matches!(rest.rsplit(' ').next(), Some("has" | "have" | "had"))
        {
            b = rest;
            continue;
        }
        if b.ends_with(',') {
            // ", a political analyst in Kyiv," — drop back to the comma before it.
            let inner = &b[..b.len() - 1];
            if let Some(comma) = inner.rfind(',') {
                let apposition = &inner[comma + 1..];
                // ", 34," gives an age.
                if apposition.split_whitespace().count() <= 20 && apposition.trim_start().starts_with(|c: char| c.is_lowercase() || c.is_ascii_digit()) {
                    b = inner[..comma].trim_end();
                } else if let Some(place) = inner[..comma].rfind(',')
                    && apposition.split_whitespace().count() <= 2
                    && inner[place + 1..comma].trim_start().starts_with("of ")
                {
                    // ", of Fenwick, Md.," — a home town and its state.
                    b = inner[..place].trim_end();
                }
                // ", 58, who lives in Fenwick," — an age before the appositive.
                if let Some((name, age)) = b.rsplit_once(',')
                    && !age.trim().is_empty()
                    && age.trim().chars().all(|c| c.is_ascii_digit())
                {
                    b = name.trim_end();
                }
            }
        }
        // "Rep. Joe Park (R-Texas)": a short parenthesis after the name.
        if b.ends_with(')')
            && let Some(open) = b.rfind('(')
            && b[open..].split_whitespace().count() <= 4
        {
            b = b[..open].trim_end();
        }
        b = strip_time_phrase(b);
        if b == prev {
            return b;
        }
    }
}

/// `before` without a time phrase at its end, which stands between a
/// subject and its verb ("the council on Monday said", "Jane Roe last
/// week told", "the board on Jan. 5 said", "earlier this month").
fn strip_time_phrase(before: &str) -> &str {
    let (rest, w) = split_last(before);
    let (prev_rest, prev) = split_last(rest);
    let lower = w.to_lowercase();
    let rest = if is_weekday(w) || matches!(lower.as_str(), "yesterday" | "today") {
        rest
    } else if (matches!(lower.as_str(), "night" | "morning" | "afternoon" | "evening") && is_weekday(prev))
        || ((1..=2).contains(&w.len()) && w.chars().all(|c| c.is_ascii_digit()) && crate::source::month_number(prev).is_some())
    {
        prev_rest
    } else if matches!(lower.as_str(), "week" | "month" | "year") && matches!(prev, "last" | "this") {
        return strip_earlier(prev_rest);
    } else {
        return before;
    };
    let (head, w) = split_last(rest);
    strip_earlier(if matches!(w, "on" | "last" | "this") { head } else { rest })
}

/// "earlier" or "later" before a time phrase ("earlier this week").
fn strip_earlier(before: &str) -> &str {
    match split_last(before) {
        (head, "earlier" | "later") => head,
        _ => before,
    }
}

/// The text before the last word, and the last word.
fn split_last(text: &str) -> (&str, &str) {
    text.rsplit_once(' ').map_or(("", text), |(rest, w)| (rest.trim_end(), w))
}

/// "Monday" … "Sunday", as written in a sentence.
fn is_weekday(w: &str) -> bool {
    w.strip_suffix("day").is_some_and(|d| matches!(d, "Mon" | "Tues" | "Wednes" | "Thurs" | "Fri" | "Satur" | "Sun"))
}

/// Adds a discovered person (full name and surname as aliases), taking the
/// country from an appositive's adjective ("a Russian deputy foreign minister").
pub(crate) fn register(cast: &mut Cast, aliases: &mut Vec<(String, usize)>, name: &str, gender: Option<Gender>, before: &str, after: &str, lex: &Lexicon) {
    let mut member_of = None;
    let mut roles = Vec::new();
    // The appositive starts with its comma; most text after a name does not.
    if let Some(desc) = appositive(head(after, 200)) {
        member_of = country_of(cast, desc);
        roles.extend(role_words(desc, lex));
    }
    // A title in front: "Ukrainian Foreign Ministry spokesman Oleh Marchenko".
    let title = title_before(before);
    if member_of.is_none() {
        member_of = country_of(cast, title);
    }
    roles.extend(role_words(title, lex));
    if let Some(known) = cast.find(name) {
        // Seen before: what this mention says about the person adds up.
        let member = &mut cast.actors[known];
        if member.discovered && member.actor.member_of.is_none() {
            Arc::make_mut(member).actor.member_of = member_of;
        }
        if member.discovered && member.gender.is_none() && gender.is_some() {
            Arc::make_mut(member).gender = gender;
            Arc::make_mut(member).actor.gender = gender;
        }
        for r in roles {
            if !member.roles.contains(&r) {
                Arc::make_mut(member).roles.push(r);
            }
        }
        return;
    }
    let index = cast.actors.len();
    cast.actors.push(Arc::new(CastMember {
        actor: Actor {
            name: name.to_string(),
            kind: ActorKind::Person,
            member_of,
            rule: "discovered".to_string(),
            gender,
        },
        gender,
        roles,
        adjectives: Vec::new(),
        discovered: true,
    }));
    aliases.push((name.to_string(), index));
    if let Some((_, surname)) = name.rsplit_once(' ')
        && !aliases.iter().any(|(a, _)| a == surname) {
            aliases.push((surname.to_string(), index));
        }
    debug_assert!(cast.actors.len() == index + 1);
}

/// The title words right before a name, back to the previous punctuation
/// ("Kremlin aide", "Ukrainian Foreign Ministry spokesman").
pub(crate) fn title_before(before: &str) -> &str {
    let near = tail(before, 60);
    let cut = near
        .char_indices().rfind(|(_, c)| matches!(c, '.' | ',' | ';' | ':' | '“' | '”' | '"' | '('))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let t = &near[cut..];
    // Only when the title runs straight into the name.
    if t.is_empty() || t.ends_with(' ') { t.trim() } else { "" }
}

/// The country whose adjective appears in a description.
pub(crate) fn country_of(cast: &Cast, desc: &str) -> Option<String> {
    // Split once, not once per adjective of every country.
    let words = desc.split(|c: char| !c.is_alphanumeric() && c != '.');
    // Only rule actors are countries or organisations, and articles change
    // neither their kind nor their adjectives, so the first such actor with
    // an adjective among the words is the one the table gives.
    if let Some(countries) = &cast.countries {
        return words.filter_map(|w| countries.get(w)).min().map(|&i| cast.actors[i].actor.name.clone());
    }
    let words: Vec<&str> = words.collect();
    cast.actors
        .iter()
        .filter(|a| a.actor.kind == ActorKind::Country || a.actor.kind == ActorKind::Organization)
        .find(|a| a.adjectives.iter().any(|adj| words.contains(&adj.as_str())))
        .map(|a| a.actor.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_time_phrase_between_subject_and_verb_goes() {
        for (before, subject) in [
            ("The Harbour Works Council on Monday", "The Harbour Works Council"),
            ("Jane Roe last week", "Jane Roe"),
            ("the board on Jan. 5", "the board"),
            ("Tomas Brandt on Friday night", "Tomas Brandt"),
            ("the crews earlier this month", "the crews"),
            ("Tomas Brandt Tuesday", "Tomas Brandt"),
        ] {
            assert_eq!(strip_apposition_and_aux(before), subject, "{before}");
        }
        // Counter-examples: a name ending in "day", a year that is no phrase of time, a lone month.
        for before in ["Jane Holiday", "the voters this year and next year", "Jane May"] {
            assert_eq!(strip_apposition_and_aux(before), before);
        }
    }

    #[test]
    fn has_long_before_a_verb_is_no_part_of_the_subject() {
        assert_eq!(strip_apposition_and_aux("Tomas Brandt has long"), "Tomas Brandt");
        // Counter-example: "long" as an adjective of the subject stays.
        assert_eq!(strip_apposition_and_aux("the long"), "the long");
    }

    #[test]
    fn an_organisation_named_by_one_word_after_the() {
        let lex = Lexicon::bundled();
        assert_eq!(the_organization_at_end("Later that day, the FBI ", &lex), Some("FBI"));
        assert_eq!(the_organization_at_end("As The Herald", &lex), Some("Herald"));
        assert_eq!(the_organization_at_end("the F.B.I.", &lex), Some("F.B.I."));
        // Counter-examples: a role written as an acronym, a name that is no organisation, no article.
        assert_eq!(the_organization_at_end("the CEO", &lex), None);
        assert_eq!(the_organization_at_end("the Harbourmaster", &lex), None);
        assert_eq!(the_organization_at_end("Acme FBI", &lex), None);
    }

    #[test]
    fn long_articles_look_words_up_in_an_index_with_the_same_answers() {
        let para = "Police said the harbour would reopen. The Harbour Board met the police; officials don't agree, Dockside-based crews said. ";
        let text = para.repeat(64 * 1024 / para.len() + 1);
        let seg = crate::extract::segment::segment(&text, &[]);
        let intros = Introductions::collect(&text, &seg, &AliasIndex::new(&[]), &Lexicon::bundled());
        for word in ["Police", "Harbour", "Board", "Don", "Dockside", "Crews", "Zanzibar", "police", "Officials"] {
            assert_eq!(intros.written_lower(&text, word), written_lower(&text, word), "{word}");
        }
        assert!(intros.lower_words.get().is_some(), "the index was used");
        assert!(!intros.written_lower(&text, "Board") && intros.written_lower(&text, "Police"));
    }
}
