//! Quotation forms and the attribution of a quotation to its speaker:
//! quotation marks of every house style, titles between a quotation and its
//! speaker, sign-offs, continued quotations and mixed quotes.

use claimgraph::model::{FoundStatement, QuoteKind};

use crate::{dump, has, statements};

fn said_by<'a>(found: &'a [FoundStatement], text: &str) -> Vec<&'a str> {
    found.iter().filter(|s| s.text == text).map(|s| s.speaker.as_str()).collect()
}

#[test]
fn two_apostrophes_quote_like_double_marks() {
    let text = "Headline\n\n''We will not sign it,'' said Ana Ruiz, who leads the union. ''Never.''\n\nMs. O'Neill's aides didn't comment on the '90s.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", "We will not sign it"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", "Never."), "{}", dump(&found));
    assert_eq!(found.iter().filter(|s| s.kind == QuoteKind::Direct).count(), 2, "{}", dump(&found));
}

#[test]
fn a_title_between_the_quotation_and_the_name_is_skipped() {
    let text = "Headline\n\nThe club met on Monday.\n\n“It was a good season,” Rovers chairman Richard Hale said.\n\n\
                “We are winning,” campaign manager Kellyanne Conway said.\n\n“We are ready,” said Senator Maria Lopes.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Richard Hale", "It was a good season"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Kellyanne Conway", "We are winning"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Maria Lopes", "We are ready"), "{}", dump(&found));
}

#[test]
fn an_abbreviated_title_does_not_end_the_attribution() {
    let text = "Headline\n\nTom Brill, a baker, came to the meeting.\n\n''We cannot wait,'' Mr. Brill said.\n\n\
                “The plan costs too much,” Sen. Jane Roe said.\n\n“It will pass,” said Gov. Alan Marsh of Elmford.\n\n\
                “The boats need room,” the harbour board wrote. Dr. Ivo Kern left early.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Tom Brill", "We cannot wait"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Jane Roe", "The plan costs too much"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Alan Marsh", "It will pass"), "{}", dump(&found));
    // Counter-example: a real full stop ends the attribution; the name in
    // the next sentence does not speak the quotation.
    assert!(!said_by(&found, "The boats need room").contains(&"Ivo Kern"), "{}", dump(&found));
}

#[test]
fn lower_case_title_words_after_the_cue_stand_before_a_full_name() {
    let text = "Headline\n\nThe port closed.\n\n“Boats wait,” said harbour master Edda Sommer.\n\n\
                “We are ready,” said longtime fisherman Ola Berg of Vik.\n\n“We sail,” said crews near Vik.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Edda Sommer", "Boats wait"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Ola Berg", "We are ready"), "{}", dump(&found));
    // Counter-example: lower-case words before a one-word place name make
    // no title, and the place does not speak.
    assert!(!said_by(&found, "We sail").contains(&"Vik"), "{}", dump(&found));
}

#[test]
fn words_after_a_closed_sentence_are_not_a_title() {
    // The full stop ends the quotation's sentence: the next one has its own subject.
    let text = "Headline\n\nThe mayor called it “a disaster.” Senate leader Bob Smith said the plan would fail.\n";
    let found = statements(text);
    assert!(!said_by(&found, "a disaster.").contains(&"Bob Smith"), "{}", dump(&found));
    // A clause between them is no title either.
    let text = "Headline\n\n“We tried,” but then Bob Smith said the plan would fail.\n";
    let found = statements(text);
    assert!(said_by(&found, "We tried").is_empty(), "{}", dump(&found));
}

#[test]
fn a_possessive_name_inside_the_title_is_not_the_speaker() {
    let text = "Headline\n\n“Nobody called,” said Harlan's deputy campaign manager, Tom Brill.\n\n“Costs will rise,” said Tom Brill of Acme Freight.\n";
    let found = statements(text);
    assert_eq!(said_by(&found, "Nobody called"), vec!["Tom Brill"], "{}", dump(&found));
    assert_eq!(said_by(&found, "Costs will rise"), vec!["Tom Brill"], "{}", dump(&found));
}

#[test]
fn according_to_after_a_quotation_makes_it_direct() {
    let text = "Headline\n\nDana Kerr said sales were flat.\n\n“Prices fell,” according to Acme spokeswoman Dana Kerr.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Dana Kerr", "Prices fell"), "{}", dump(&found));
    assert!(!found.iter().any(|s| s.kind == QuoteKind::Indirect && s.text.contains("Prices")), "{}", dump(&found));
}

#[test]
fn a_quotation_paragraph_after_the_speaker_goes_on_with_that_speaker() {
    // A quotation that runs on unclosed into the next paragraph.
    let text = "Headline\n\nAna Ruiz said on Friday: “The first phase starts now.\n\n“The second phase follows in May.”\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", "The second phase follows in May."), "{}", dump(&found));
    // A closed quotation, then a paragraph that is only a quotation.
    let text = "Headline\n\nThe mayor spoke in the square.\n\n“We will rebuild the bridge,” said Ana Ruiz.\n\n“It will take two years and a lot of money.”\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", "It will take two years and a lot of money."), "{}", dump(&found));
}

#[test]
fn a_quotation_paragraph_with_an_attribution_of_its_own_is_no_continuation() {
    // The verb after the quotation is unknown, but the sentence goes on
    // after the comma: someone else speaks.
    let text = "Headline\n\nThe mayor spoke in the square.\n\n“We will rebuild the bridge,” said Ana Ruiz.\n\n“It will cost far too much,” Tom Brill harrumphed.\n";
    let found = statements(text);
    assert!(said_by(&found, "It will cost far too much").is_empty(), "{}", dump(&found));
    // A quotation paragraph two paragraphs away has no speaker.
    let text = "Headline\n\n“We will rebuild the bridge,” said Ana Ruiz.\n\nThe council met later in the week.\n\n“Nobody knows what it will cost in the end.”\n";
    let found = statements(text);
    assert!(said_by(&found, "Nobody knows what it will cost in the end.").is_empty(), "{}", dump(&found));
}

#[test]
fn sign_offs_and_introductions_name_the_speaker() {
    let text = "Headline\n\nAna Ruiz said the count was slow.\n\n“We will win this seat in November.” — Ana Ruiz\n\n\
                \"The county roads need fixing before winter,\" -Commissioner Ana Ruiz, at the meeting.\n\n\
                And from Chairwoman Ana Ruiz:\n\n“Every family deserves clean water and safe streets.”\n\n\
                Ana Ruiz replied\n\n“The count is over when the clerk says it is over.”\n\n\
                Ana Ruiz: “We are not done yet, not by a long way.”\n";
    let found = statements(text);
    for quote in [
        "We will win this seat in November.",
        "The county roads need fixing before winter",
        "Every family deserves clean water and safe streets.",
        "The count is over when the clerk says it is over.",
        "We are not done yet, not by a long way.",
    ] {
        assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", quote), "{quote}\n{}", dump(&found));
    }
}

#[test]
fn a_dash_or_colon_without_a_name_right_there_names_no_one() {
    // The dash opens an aside, not a sign-off; the colon follows a clause.
    let text = "Headline\n\nAna Ruiz said the count was slow.\n\n“We will win this seat in November” — a claim Ana Ruiz repeated often.\n\n\
                The crowd cheered when it saw Ana Ruiz: “Four more years for all of us here.”\n";
    let found = statements(text);
    assert!(said_by(&found, "We will win this seat in November").is_empty(), "{}", dump(&found));
    assert!(said_by(&found, "Four more years for all of us here.").is_empty(), "{}", dump(&found));
}

#[test]
fn the_object_of_told_is_not_the_speech() {
    let text = "Headline\n\nAna Ruiz told the Harbor Radio audience that the plan was dead.\n\n\
                “I was in the studio all morning,” Ana Ruiz told WXRT’s “Early Shift” on Monday.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Indirect, "Ana Ruiz", "the plan was dead"), "{}", dump(&found));
    assert!(!found.iter().any(|s| s.text.contains("audience") || s.text.contains("Early Shift")), "{}", dump(&found));
}

#[test]
fn titles_and_nicknames_in_quotation_marks_are_not_statements() {
    let text = "Headline\n\n“We will be fine,” Ana Ruiz said on “Morning Desk” this week.\n\n\
                Ana Ruiz called her rival “Lyin’ Tom” at the rally.\n\n“Denver,” Ana Ruiz answered.\n";
    let found = statements(text);
    assert!(said_by(&found, "Morning Desk").is_empty(), "{}", dump(&found));
    assert!(said_by(&found, "Lyin’ Tom").is_empty(), "{}", dump(&found));
    // A one-word answer standing alone is speech.
    assert!(has(&found, QuoteKind::Direct, "Ana Ruiz", "Denver"), "{}", dump(&found));
}
