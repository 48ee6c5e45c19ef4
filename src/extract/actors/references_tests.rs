//! Reference resolution on invented sentences, with the bundled rules.

use std::path::Path;
use std::sync::LazyLock;

use super::attribution_mark;
use crate::extract::actors::cast::MentionKind;
use crate::extract::actors::mentions::find_mentions;
use crate::extract::segment::segment;
use crate::rules::{CompiledRules, RuleSet};

static RULES: LazyLock<CompiledRules> = LazyLock::new(|| {
    RuleSet::load(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules").as_path())
        .expect("bundled rules load")
        .compile()
        .expect("bundled rules compile")
});

/// Each resolved pronoun or description of `text`, in order, with the actor
/// it went to.
fn references(text: &str) -> Vec<(String, String)> {
    let seg = segment(text, &[]);
    let cast = find_mentions(text, &seg, &RULES);
    cast.mentions
        .iter()
        .filter(|m| matches!(m.kind, MentionKind::Pronoun | MentionKind::Role))
        .map(|m| (m.span.slice(text).to_string(), cast.name(m.actor).to_string()))
        .collect()
}

fn pair(word: &str, actor: &str) -> (String, String) {
    (word.to_string(), actor.to_string())
}

#[test]
fn a_pronoun_goes_to_the_person_of_its_gender_not_the_subject() {
    let text = "Vladimir Putin met Ursula von der Leyen in Geneva on Monday. She said the talks had been hard.\n";
    assert_eq!(references(text), vec![pair("She", "Ursula von der Leyen")]);
    // Counter-example: "he" keeps the subject.
    let text = "Vladimir Putin met Ursula von der Leyen in Geneva on Monday. He said the talks had been hard.\n";
    assert_eq!(references(text), vec![pair("He", "Vladimir Putin")]);
}

#[test]
fn she_said_of_a_person_settles_that_persons_gender() {
    let learned = "Tomas Brandt said the vote was set.\n\nMara Quill said the deal was close. She expects a vote soon.\n\nMara Quill thanked Tomas Brandt on Friday. He said the harbour would reopen.\n";
    let refs = references(learned);
    assert_eq!(refs.last(), Some(&pair("He", "Tomas Brandt")), "{refs:?}");
    // Counter-example: with nothing said of her gender, the subject wins.
    let unknown = "Tomas Brandt said the vote was set.\n\nMara Quill said the deal was close.\n\nMara Quill thanked Tomas Brandt on Friday. He said the harbour would reopen.\n";
    let refs = references(unknown);
    assert_eq!(refs.last(), Some(&pair("He", "Mara Quill")), "{refs:?}");
}

#[test]
fn a_closing_attribution_skips_what_was_reported() {
    let text = "Spokesman Ivan Dorokhov said both sides agreed on Friday. The timing will be set once Tomas Brandt briefs Vladimir Putin, he added.\n";
    assert_eq!(references(text).last(), Some(&pair("he", "Ivan Dorokhov")));
    // Counter-example: a pronoun opening its own clause takes the nearest subject.
    let text = "Spokesman Ivan Dorokhov said both sides agreed on Friday. Vladimir Putin will be briefed soon, and he will decide.\n";
    assert_eq!(references(text).last(), Some(&pair("he", "Vladimir Putin")));
}

#[test]
fn the_nearest_subject_takes_the_pronoun_even_if_never_listed() {
    // Names the article introduces are recognised without a list, so the
    // nearer subject wins over the famous listed actor further back.
    let text = "Vladimir Putin spoke on Monday. Karel Dvorak criticised the plan of Putin. He said prices were falling.\n";
    assert_eq!(references(text), vec![pair("He", "Karel Dvorak")]);
    // Counter-example: a description as subject does not stop it.
    let text = "Vladimir Putin spoke on Monday. The farmers near the border criticised the plan. He said prices were falling.\n";
    assert_eq!(references(text), vec![pair("He", "Vladimir Putin")]);
}

#[test]
fn a_pronoun_looks_back_two_sentences_at_most() {
    let far = "Vladimir Putin spoke on Monday. The weather was cold. Markets were calm. He said prices were falling.\n";
    assert_eq!(references(far), vec![]);
    let near = "Vladimir Putin spoke on Monday. Markets were calm. He said prices were falling.\n";
    assert_eq!(references(near), vec![pair("He", "Vladimir Putin")]);
}

#[test]
fn a_description_falls_back_only_to_an_actor_already_named() {
    let filler = "The weather was cold. Markets were calm. Traders waited.";
    let named = format!("Ursula von der Leyen arrived in Oslo. {filler} The commission president said the deal was close.\n");
    assert_eq!(references(&named), vec![pair("The commission president", "Ursula von der Leyen")]);
    // Counter-examples: never named, or another person named since.
    // Never named: the description speaks for itself, it is nobody listed.
    let unnamed = format!("{filler} The commission president said the deal was close.\n");
    assert!(references(&unnamed).iter().all(|(_, actor)| actor == "the commission president"), "{:?}", references(&unnamed));
    let other = format!("Ursula von der Leyen arrived in Oslo. Mara Quill said the deal was close. {filler} The commission president said the deal was close.\n");
    assert!(!references(&other).iter().any(|(_, actor)| actor.contains("Ursula")), "{:?}", references(&other));
}

#[test]
fn an_attribution_mark_needs_a_short_tail() {
    let s = "The talks went well, she said.";
    assert_eq!(attribution_mark(s, 0, s.len()), Some(s.find(',').unwrap_or(0)));
    let s = "The talks went well, and the delegates agreed to meet again next week.";
    assert_eq!(attribution_mark(s, 0, s.len()), None);
}

#[test]
fn a_pronoun_finds_the_person_a_sentence_opened_with() {
    let text = "Retired judge Martha Quillby filed the complaint on Monday. She said the pipes were never checked.\n";
    assert_eq!(references(text), vec![pair("She", "Martha Quillby")]);
    // Counter-example: a place opening the sentence is nobody "she" means.
    let text = "New Hampshire voters filed the complaint on Monday. She said the pipes were never checked.\n";
    assert_eq!(references(text), vec![]);
}

#[test]
fn a_given_name_tells_which_person_a_pronoun_fits() {
    let text = "Tomas Brandt said the vote was set.\n\nMary Oxley thanked Tomas Brandt on Friday. He said the harbour would reopen.\n";
    assert_eq!(references(text), vec![pair("He", "Tomas Brandt")]);
    // Counter-example: a given name on no list tells nothing, so the subject wins.
    let text = "Tomas Brandt said the vote was set.\n\nMara Oxley thanked Tomas Brandt on Friday. He said the harbour would reopen.\n";
    assert_eq!(references(text), vec![pair("He", "Mara Oxley")]);
}

#[test]
fn a_country_in_a_description_gives_way_to_the_person_it_describes() {
    let text = "Donald Trump met Vladimir Putin in a small town on Monday. The US president said the talks had gone well.\n";
    assert_eq!(references(text), vec![pair("The US president", "Donald Trump")]);
    // Counter-example: the other country's adjective picks the other president.
    let text = "Donald Trump met Vladimir Putin in a small town on Monday. The Russian president said the talks had gone well.\n";
    assert_eq!(references(text), vec![pair("The Russian president", "Vladimir Putin")]);
}

#[test]
fn a_person_introduced_with_an_appositive_or_after_a_leading_phrase_is_a_candidate() {
    let text = "Peter Ashdown, a harbour pilot for twenty years, watched the ships come in. He said the channel was too narrow.\n";
    assert_eq!(references(text), vec![pair("He", "Peter Ashdown")]);
    let text = "At a rally in Leeds on Friday, Mary Oxley spoke first. She said the vote was close.\n";
    assert_eq!(references(text), vec![pair("She", "Mary Oxley")]);
    // Counter-examples: a place with an appositive, or after a leading phrase, is no person.
    let text = "New Hampshire, a small state, votes early. He said the channel was too narrow.\n";
    assert_eq!(references(text), vec![]);
    let text = "At a rally in Leeds on Friday, West Yorkshire voters spoke first. She said the vote was close.\n";
    assert_eq!(references(text), vec![]);
}

#[test]
fn a_person_whose_name_tells_a_gender_is_a_candidate_wherever_introduced() {
    let text = "A call from Mary Oxley came at noon. She said the vote was close.\n";
    assert_eq!(references(text), vec![pair("She", "Mary Oxley")]);
    // Counter-example: a name that tells no gender waits for a cue or a subject's place.
    let text = "A call from Mara Oxley came at noon. She said the vote was close.\n";
    assert_eq!(references(text), vec![]);
}

#[test]
fn a_name_after_a_leading_preposition_is_no_subject() {
    let text = "At Harbor Point, Tomas Brandt said the pier would reopen. The repairs will be late, he said.\n";
    assert_eq!(references(text), vec![pair("he", "Tomas Brandt")]);
    // Counter-example: an unrecognised name opening the sentence is its subject, and stops the search.
    let text = "Tomas Brandt said the pier would reopen. Harbor Pointer Keswick closed the gate on Monday. The repairs will be late, he said.\n";
    assert_eq!(references(text), vec![]);
}

#[test]
fn it_and_they_take_the_subject_that_opens_a_sentence_before() {
    let text = "The Harbour Works Council voted on Monday to close the pier. It said the repairs would take a year.\n";
    assert_eq!(references(text), vec![pair("It", "Harbour Works Council")]);
    let text = "The report found gaps in the ledger. It said the fund was short.\n";
    assert_eq!(references(text), vec![pair("It", "the report")]);
    let text = "Local officials met on Monday. They said the pier would reopen.\n";
    assert_eq!(references(text), vec![pair("They", "Local officials")]);
    // Counter-examples: a person's role is no "it", a singular no "they", a thing no speaker.
    for text in [
        "The mayor met the crews on Monday. It said the pier would reopen.\n",
        "The report found gaps in the ledger. They said the fund was short.\n",
        "The weather turned on Monday. It said the pier would reopen.\n",
    ] {
        assert_eq!(references(text), vec![], "{text}");
    }
}
