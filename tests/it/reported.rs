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
