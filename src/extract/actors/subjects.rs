//! People named as the subject of a sentence ("Retired judge Ann Roe
//! walked out …"), or anywhere with an honorific or a given name that
//! tells a gender, registered although no speech cue stands next to them,
//! so that a later "she said" has the person it means to agree with,
//! rather than no one or a person named further back.

use crate::extract::segment::Segments;
use crate::rules::{AliasIndex, Lexicon};

use super::cast::Cast;
use super::discover::{Introductions, register};
use super::names::head;
use super::references::main_clause_start;
use super::shape::name_after_title;

/// Lower-case words after a name that continue a noun phrase, not a
/// clause: "Jane Doe and her aides", "Jane Doe of Acme".
const JOINERS: &[&str] = &["and", "or", "of", "in", "at", "for", "from", "to", "on", "&", "nor", "vs", "vs."];

/// Registers the person opening each sentence's main clause (after a
/// leading subordinate clause or prepositional phrase), when word order
/// makes the name a subject (a lower-case word, its verb, follows, or an
/// appositive or parenthesis introduces the person)
/// and the name is a person's beyond doubt: a full name with a gender
/// (given name or honorific) or a title, or a lone word that is the surname
/// of a full name the article introduced, or has an honorific.
pub(crate) fn discover_subjects(text: &str, seg: &Segments, known: &AliasIndex, lex: &Lexicon, intros: &Introductions, cast: &mut Cast, aliases: &mut Vec<(String, usize)>) {
    for sentence in &seg.sentences {
        let s = sentence.span.slice(text);
        let lead = s.len() - s.trim_start().len();
        let from = main_clause_start(s).or_else(|| leading_phrase_end(s, lex)).unwrap_or(lead);
        let rest = &s[from..];
        if seg.in_quote(sentence.span.start + from) || rest.starts_with(['“', '"', '\'', '‘', '(']) {
            continue;
        }
        // "The New York Times reported": a name after an article is no person's.
        if matches!(rest.split_whitespace().next(), Some("The" | "A" | "An")) {
            continue;
        }
        let Some(n) = name_after_title(head(rest, 160), lex) else { continue };
        let after = &rest[n.end..];
        // "Jane Doe, a lawyer, …" and "Sen. Jane Doe (D-Vt.) …" introduce
        // the person as much as "Jane Doe filed …".
        let introduced = after.starts_with([',', '(']) || after.starts_with(" (");
        let next = after.strip_prefix(' ').and_then(|a| a.split_whitespace().next()).unwrap_or("");
        if !introduced && (!next.starts_with(char::is_lowercase) || JOINERS.contains(&next)) {
            continue;
        }
        let found = if n.words == 1 {
            let at = sentence.span.start + from + n.start;
            (n.gender.is_some() || intros.introduced(&n.name)).then(|| intros.surname(&n, at, known, text, lex)).flatten()
        } else {
            intros.full_name(&n, known, lex).filter(|(_, gender)| gender.is_some() || n.titled)
        };
        if let Some((name, gender)) = found {
            register(cast, aliases, &name, gender, &rest[..n.start], after, lex);
            // "Gary Johnson was there" does not take "Johnson" from a listed
            // Boris Johnson the article names too.
            if let Some((_, surname)) = name.rsplit_once(' ')
                && intros.listed_in_full(surname, known, text)
                && let Some(actor) = cast.find(&name)
            {
                aliases.retain(|(a, i)| !(a == surname && *i == actor));
            }
        }
    }
    // A person introduced anywhere ("a call from Mary Oxley") is a
    // candidate for a later pronoun too, when the name tells a gender.
    for (name, gender, title) in intros.people(lex) {
        let surname_taken = name.rsplit_once(' ').is_some_and(|(_, surname)| intros.listed_in_full(surname, known, text));
        if !surname_taken {
            register(cast, aliases, &name, Some(gender), &title, "", lex);
        }
    }
}

/// Where the main clause starts after a leading prepositional phrase ("At
/// a rally in Ohio, Jane Doe …"): after its comma, when the sentence opens
/// with a function word of the lexicon.
fn leading_phrase_end(sentence: &str, lex: &Lexicon) -> Option<usize> {
    let first = sentence.split_whitespace().next()?;
    if !first.starts_with(char::is_uppercase) || !Lexicon::in_list(&lex.clause_words, &first.to_lowercase()) {
        return None;
    }
    sentence.get(..200.min(sentence.len())).unwrap_or(sentence).find(", ").map(|i| i + 2)
}
