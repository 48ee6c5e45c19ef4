//! Reported speech: where the reported clause starts and ends, and which
//! phrases around a cue are no clause at all.

use claimgraph::model::QuoteKind;

use crate::{dump, has, statements};

fn indirect_texts(text: &str) -> Vec<String> {
    statements(text).into_iter().filter(|s| s.kind == QuoteKind::Indirect).map(|s| s.text).collect()
}

#[test]
fn an_adverbial_phrase_before_the_attribution_is_no_clause() {
    let text = "On Monday, during the harvest fair, Maria Alvarez said: “I will run again.”";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Maria Alvarez", "I will run again."), "{}", dump(&found));
    assert!(indirect_texts(text).is_empty(), "{}", dump(&found));
    // Counter-example: a clause of its own before the attribution is reported.
    let found = statements("The harvest fair will move to June, Maria Alvarez said.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "The harvest fair will move to June"), "{}", dump(&found));
}

#[test]
fn a_clause_before_said_and_its_speaker_is_reported() {
    let found = statements("The county will close two schools next year, said Maria Alvarez, the board chair.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "The county will close two schools next year"), "{}", dump(&found));
    // Counter-example: an adverbial phrase alone is no clause.
    assert!(indirect_texts("After the long meeting at the town hall, said Maria Alvarez, nothing changed.").iter().all(|t| !t.starts_with("After")));
}

#[test]
fn a_clause_interrupted_by_its_attribution_spans_both_parts() {
    let found = statements("The new bridge, Maria Alvarez said, will open to traffic in May.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "The new bridge, Maria Alvarez said, will open to traffic in May"), "{}", dump(&found));
    // Counter-example: a trailing phrase after the attribution stays out.
    let found = statements("The bridge will open in May, Maria Alvarez said on Monday, after the council vote.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "The bridge will open in May"), "{}", dump(&found));
}

#[test]
fn a_relative_clause_on_the_subject_ends_where_the_main_clause_resumes() {
    let found = statements("“We will see,” Tom Reyes said. Tom Reyes, who said the count was flawed, lost the appeal on Friday.");
    assert!(has(&found, QuoteKind::Indirect, "Tom Reyes", "the count was flawed"), "{}", dump(&found));
    // Counter-example: on an object, the relative clause runs to the sentence end.
    let found = statements("“We will see,” Tom Reyes said. Voters cheered Tom Reyes, who said the dam would be finished in June, before the rains.");
    assert!(has(&found, QuoteKind::Indirect, "Tom Reyes", "the dam would be finished in June"), "{}", dump(&found));
}

#[test]
fn a_listener_or_a_topic_after_the_cue_is_no_clause() {
    assert!(indirect_texts("Maria Alvarez said to a crowd of farmers in the square.").is_empty());
    assert!(indirect_texts("Omar Haddad wrote about the harbour for twenty years.").is_empty());
    // Counter-examples: an infinitive promised, and an amount "about" qualifies.
    let found = statements("Adam Kowalski vowed to repair every school roof by winter.");
    assert!(has(&found, QuoteKind::Indirect, "Adam Kowalski", "to repair every school roof by winter"), "{}", dump(&found));
    let found = statements("Jane Doe said about half of the mills were closed.");
    assert!(has(&found, QuoteKind::Indirect, "Jane Doe", "about half of the mills were closed"), "{}", dump(&found));
}

/// The opt-in noun cues (`data/rules/optional/noun-cues`), loaded beside
/// the bundled tree as a user would: every example of theirs passes, the
/// counter-examples (a noun with no holder, a relative "that") included.
#[test]
fn noun_cues_report_what_their_holder_said() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
    let dirs = [root.clone(), root.join("optional/noun-cues")];
    let (set, rules) = claimgraph::rules::RuleSet::load_all_compiled(&dirs).expect("rules load");
    let (cases, _) = claimgraph::eval::examples(&set);
    let nouns: Vec<_> = cases.iter().filter(|c| c.rule == "speech.noun").collect();
    assert!(nouns.len() >= 5, "the noun rule carries its examples");
    for case in nouns {
        assert_eq!(claimgraph::eval::run_example(case, &rules), claimgraph::eval::Outcome::Pass, "{}", case.name());
    }
    // Without the folder, the bundled rules report no noun's content.
    let found = statements("Tomas Lindqvist said little. Voters doubted his claim that the mill had been sold.");
    assert!(found.iter().all(|s| s.text != "the mill had been sold"), "{}", dump(&found));
}

#[test]
fn the_words_after_a_quotations_attribution_are_no_clause() {
    let text = "“We will rebuild the pier,” Maria Alvarez said cheerfully at the harbour.\n\n“The fares stay,” Tom Reyes told a crowd in the square.";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Maria Alvarez", "We will rebuild the pier"), "{}", dump(&found));
    assert!(indirect_texts(text).is_empty(), "{}", dump(&found));
    // Counter-examples: a quotation inside the sentence's own words is no
    // attribution's object, and "that" after the tag opens a clause.
    let found = statements("Though she called the plan “a mess,” Maria Alvarez said the pier would open in May.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "the pier would open in May"), "{}", dump(&found));
    let found = statements("“It is done,” Tom Reyes said on Monday that the pier would open in May.");
    assert!(has(&found, QuoteKind::Indirect, "Tom Reyes", "the pier would open in May"), "{}", dump(&found));
}

#[test]
fn an_attribution_that_introduces_a_quotation_reports_no_clause_before_it() {
    let text = "Asked about the ferry schedule, Maria Alvarez said, “We will add a night crossing.”";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Maria Alvarez", "We will add a night crossing."), "{}", dump(&found));
    assert!(indirect_texts(text).is_empty(), "{}", dump(&found));
    // Counter-example: a clause before the attribution, a participle after it.
    let found = statements("The ferry will add a night crossing, Maria Alvarez said, adding, “Riders asked for it.”");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "The ferry will add a night crossing"), "{}", dump(&found));
}

#[test]
fn words_before_an_attribution_that_a_quotation_finishes_are_no_clause() {
    let text = "Back in the spring, Maria Alvarez said, the old pier was “beyond any repair.”";
    let found = statements(text);
    assert!(indirect_texts(text).iter().all(|t| !t.starts_with("Back")), "{}", dump(&found));
    // Counter-example: a rest without a quotation finishes the clause.
    let found = statements("Back in the spring, Maria Alvarez said, the old pier was beyond any repair.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "Back in the spring, Maria Alvarez said, the old pier was beyond any repair"), "{}", dump(&found));
}

#[test]
fn a_coordinated_participle_cue_ends_the_clause_before_it() {
    let found = statements("Maria Alvarez spoke at the fair, conceding that the pier was late but insisting that it would open in May.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "the pier was late"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "it would open in May"), "{}", dump(&found));
    // Counter-example: a participle that is no speech cue stays in the clause.
    let found = statements("Maria Alvarez said the pier was late but gaining ground.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "the pier was late but gaining ground"), "{}", dump(&found));
}

#[test]
fn a_lone_manner_adverb_after_a_cue_is_no_clause() {
    assert!(indirect_texts("Maria Alvarez answered quietly.").is_empty());
    assert!(indirect_texts("Maria Alvarez has argued before.").is_empty());
    // Counter-example: one word can be what was said.
    let found = statements("Asked whether the pier would reopen, Maria Alvarez said yes.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "yes"), "{}", dump(&found));
}

#[test]
fn a_comma_and_a_subject_pronoun_start_a_sentence_of_the_narrators() {
    let found = statements("Maria Alvarez said the pier would open in May, and she left the hall before the vote.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "the pier would open in May"), "{}", dump(&found));
    // Counter-example: without the comma, "and" with a subject can stay in the clause.
    let found = statements("Maria Alvarez said the pier was late and they knew it.");
    assert!(has(&found, QuoteKind::Indirect, "Maria Alvarez", "the pier was late and they knew it"), "{}", dump(&found));
}
