//! The shape of names: which words can be part of a person's name, and the
//! name standing at the end of a run of capitalised words and titles
//! ("Illinois Lt. Gov. Ann Moss" → Ann Moss), found word by word so that a
//! title, an acronym or a place in front no longer loses the whole run.

use crate::model::Gender;
use crate::rules::Lexicon;

/// A name found in a piece of text: byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NameAt {
    pub start: usize,
    pub end: usize,
    /// The name as written, words joined by one space.
    pub name: String,
    pub words: usize,
    /// Gender told by an honorific right before the name ("Ms. Roe").
    pub gender: Option<Gender>,
    /// A title, honorific or role noun stands right before the name.
    pub titled: bool,
}

/// Lower-case words between given names and surnames ("Ursula von der Leyen").
const PARTICLES: &[&str] = &["de", "da", "di", "van", "von", "der", "den", "del", "della", "du", "la", "le", "bin", "al", "el", "ibn", "dos", "das"];

/// Whether `w` can be one word of a person's name: a capital, then letters
/// with a lower-case one among them; an inner capital only after a
/// lower-case letter, an apostrophe or a hyphen (McCain, DeSantis, O'Neill,
/// Smith-Jones), so acronyms (GOP, CNN) and shouting are not names.
pub(crate) fn is_name_word(w: &str) -> bool {
    let mut chars = w.chars();
    if !chars.next().is_some_and(char::is_uppercase) {
        return false;
    }
    let mut prev_upper = true;
    let mut lower = false;
    let mut prev_joiner = false;
    for c in chars {
        if c.is_lowercase() {
            lower = true;
            prev_upper = false;
            prev_joiner = false;
        } else if c.is_uppercase() {
            if prev_upper {
                return false;
            }
            prev_upper = true;
            prev_joiner = false;
        } else if matches!(c, '\'' | '’' | '-') {
            if prev_joiner {
                return false;
            }
            prev_joiner = true;
            prev_upper = false;
        } else {
            return false;
        }
    }
    lower && !prev_joiner
}

/// A middle or first initial: "Q.".
pub(crate) fn is_initial(w: &str) -> bool {
    let mut chars = w.chars();
    matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase())
}

fn is_particle(w: &str) -> bool {
    PARTICLES.contains(&w) || w == "al-"
}

/// A capitalised word of any kind, acronyms and possessives included: what
/// a title run in front of a name may hold ("U.S.", "GOP", "Trump's").
fn is_capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Words with their byte offsets.
pub(crate) fn words_of(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, &text[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, &text[s..]));
    }
    out
}

/// `w` without a possessive ending.
pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("’s").or_else(|| w.strip_suffix("'s")).unwrap_or(w)
}

/// The person's name at the very end of `text` (trailing spaces aside):
/// the longest run of name words there, with initials and particles inside
/// it, at most four words, never starting with a word that cannot start a
/// name, and never the name of an organisation ("Green Party"). A lone word
/// is returned too (with `words == 1`); the caller decides whether one word
/// is enough.
pub(crate) fn name_at_end(text: &str, lex: &Lexicon) -> Option<NameAt> {
    let words = words_of(text);
    let (_, last) = *words.last()?;
    // "Jane Doe's lawyer said": an owner is not the speaker.
    if lex.is_organization_head(last) || strip_possessive(last).len() < last.len() {
        return None;
    }
    // Walk left over the name words.
    let mut first = words.len();
    while first > 0 {
        let (_, w) = words[first - 1];
        let is_last = first == words.len();
        // Punctuation after a word (other than an initial's full stop) ends the run before it.
        if !is_last && !is_initial(w) && w.ends_with(|c: char| !c.is_alphabetic()) {
            break;
        }
        // "Colorado’s Jane Doe": the owner in front is no part of the name.
        if !is_last && strip_possessive(w).len() < w.len() {
            break;
        }
        let ok = if is_last { is_name_word(w) } else { is_name_word(w) || is_initial(w) || is_particle(w) };
        if !ok || lex.is_title(w) || lex.honorific_gender(w).is_some() {
            break;
        }
        first -= 1;
    }
    // The run may not start with a particle or a word that never starts a
    // name, and a long run drops demonyms in front ("Finnish Jane Doe").
    let mut start = first;
    loop {
        let &(_, w) = words.get(start)?;
        let len = words.len() - start;
        let demonym = len > 2 && (w.ends_with("ish") || w.ends_with("ian") || w.ends_with("ese") || w.ends_with("can"));
        if is_particle(w) || lex.cannot_start_name(w) || demonym || len > 4 {
            start += 1;
        } else {
            break;
        }
    }
    if start >= words.len() {
        return None;
    }
    let name_words: Vec<&str> = words[start..].iter().map(|(_, w)| *w).collect();
    // An initial needs a name after it.
    if name_words.last().is_some_and(|w| is_initial(w)) {
        return None;
    }
    let before = start.checked_sub(1).map(|i| words[i].1);
    let gender = before.and_then(|w| lex.honorific_gender(w));
    let titled = before.is_some_and(|w| lex.is_title(w) || gender.is_some() || lex.in_title(strip_possessive(w)) || w.ends_with("’s") || w.ends_with("'s"));
    let (s, _) = words[start];
    let end = text.trim_end().len();
    Some(NameAt { start: s, end, name: name_words.join(" "), words: name_words.len(), gender, titled })
}

/// The person's name at the start of `text` after a title: "White House
/// press secretary Josh Earnest", "Mayor Helen Okafor (D)", "Jane Doe on
/// Monday". The run of title words and capitalised words is read up to the
/// first word that can be in neither, and its last name is the one.
pub(crate) fn name_after_title(text: &str, lex: &Lexicon) -> Option<NameAt> {
    let words = words_of(text);
    let mut end = 0;
    // Lower-case words that open the run ("said harbour master Jane Doe")
    // are a title only before a full name.
    let mut lower_lead = 0;
    for (i, &(at, w)) in words.iter().enumerate() {
        let bare = w.trim_end_matches([',', ';', ':', '.', '!', '?', ')', '”', '"', '’']);
        let title_like = lex.is_title(w) || lex.honorific_gender(w).is_some() || is_initial(w);
        let lower_title = i == lower_lead && i < 3 && bare.len() == w.len() && bare.chars().all(|c| c.is_lowercase() || c == '-') && !bare.is_empty() && !Lexicon::in_list(&lex.clause_words, bare) && !matches!(bare, "the" | "a" | "an");
        if lower_title {
            lower_lead += 1;
        }
        let in_run = title_like
            || lower_title
            || (is_capitalised(bare) && !bare.is_empty())
            || (i > 0 && (lex.in_title(bare) || is_particle(bare)));
        if !in_run || bare.is_empty() {
            break;
        }
        // "said Tom Brill of Acme": a full name before "of" is the speaker
        // and what follows says where from ("Secretary of State" goes on).
        if i > 0 && matches!(bare, "of" | "from") && name_at_end(&text[..end], lex).is_some_and(|n| n.words >= 2) && !lex.is_title(words[i - 1].1) {
            break;
        }
        end = at + if title_like { w.len() } else { bare.len() };
        if !title_like && bare.len() < w.len() {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let found = name_at_end(&text[..end], lex).filter(|n| lower_lead == 0 || n.words >= 2)?;
    // The run must close on the name: "said Jane Doe's lawyer" is not Jane Doe.
    Some(found)
}

/// Where the title in front of a name begins in `before` (the text right
/// up to the name): "Russian President ", "White House press secretary ",
/// "Mr. ", "Rovers chairman ". Returns `before.len()` when no title stands
/// there. The title must hold a title word, an honorific or a role word; it
/// never swallows a word that cannot start a name ("The", "When").
pub(crate) fn title_start(before: &str, lex: &Lexicon) -> usize {
    if !before.ends_with(' ') {
        return before.len();
    }
    let words = words_of(before);
    let mut first = words.len();
    let mut has_title = false;
    while first > 0 {
        let (_, w) = words[first - 1];
        let title = lex.is_title(w) || lex.honorific_gender(w).is_some();
        // Punctuation closes the title, but for a title's own full stop ("Sen.")
        // and an acronym's ("U.S.").
        let dotted = w.ends_with('.') && (title || w.chars().filter(|c| *c == '.').count() > 1);
        if w.ends_with(|c: char| !c.is_alphanumeric()) && !dotted && !w.ends_with("’s") && !w.ends_with("'s") {
            break;
        }
        let lower_title = lex.in_title(&strip_possessive(w).to_lowercase());
        if !(title || lower_title || (is_capitalised(w) && !lex.cannot_start_name(w))) {
            break;
        }
        has_title |= title || lower_title;
        first -= 1;
    }
    // Capitalised words on the left of the last title word are kept only
    // with a title after them ("Rovers chairman"), which holds by now; but
    // the title must reach the name.
    if !has_title || first == words.len() {
        return before.len();
    }
    words[first].0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_words_have_a_name_shape() {
        for w in ["Jane", "McCain", "DeSantis", "O'Neill", "O’Neill", "Smith-Jones", "Calderón"] {
            assert!(is_name_word(w), "{w}");
        }
        for w in ["GOP", "CNN", "iPhone", "said", "Jane.", "1999", "O''Neill", "Smith-"] {
            assert!(!is_name_word(w), "{w}");
        }
    }

    #[test]
    fn the_name_at_the_end_of_a_run_of_titles() {
        let lex = Lexicon::bundled();
        let name = |t: &str| name_at_end(t, &lex).map(|n| n.name);
        assert_eq!(name("Illinois Lt. Gov. Ann Moss").as_deref(), Some("Ann Moss"));
        assert_eq!(name("US Treasury Secretary Sam Bell").as_deref(), Some("Sam Bell"));
        assert_eq!(name("Republican Jane Q. Doe").as_deref(), Some("Jane Q. Doe"));
        assert_eq!(name("Everything Trump").as_deref(), Some("Trump"));
        assert_eq!(name("Colorado’s Kendra Oyelaran").as_deref(), Some("Kendra Oyelaran"));
        assert_eq!(name("the Review's Ian Tolle").as_deref(), Some("Ian Tolle"));
        // Counter-example: an apostrophe inside a name keeps it whole.
        assert_eq!(name("Shane O’Neill").as_deref(), Some("Shane O’Neill"));
        // An organisation is no person; a run of title words holds no name.
        assert_eq!(name("the Green Party"), None);
        assert_eq!(name("Lt. Gov."), None);
        assert_eq!(name("Jane Doe's"), None);
        let honorific = name_at_end("Ms. Okoro", &lex).expect("a name");
        assert_eq!((honorific.words, honorific.gender, honorific.titled), (1, Some(Gender::Female), true));
    }

    #[test]
    fn the_name_after_a_title_and_where_the_title_starts() {
        let lex = Lexicon::bundled();
        let after = |t: &str| name_after_title(t, &lex).map(|n| n.name);
        assert_eq!(after("White House press secretary Joel Ernst on Monday.").as_deref(), Some("Joel Ernst"));
        assert_eq!(after("Mayor Helen Okafor.").as_deref(), Some("Helen Okafor"));
        assert_eq!(after("the group."), None);
        let before = "“No,” said White House press secretary ";
        assert_eq!(&before[title_start(before, &lex)..], "White House press secretary ");
        // No title word, no title: "In Iowa" stays out of the name.
        let plain = "In Iowa ";
        assert_eq!(title_start(plain, &lex), plain.len());
    }
}
