//! Extraction behaviour users rely on: quotation handling, attribution,
//! reported speech, and spans that slice the article text.

use std::path::Path;

use claimgraph::extract::extract;
use claimgraph::source::parse_article;
use claimgraph::model::QuoteKind;
use proptest::prelude::*;

use crate::{BUNDLED_RULES as RULES, dump, has, statements};

#[test]
fn quote_split_by_attribution_is_two_quotes_of_one_speaker() {
    let found = statements("Headline\n\n“We are ready to talk,” Anna Kovalenko, a Ukrainian deputy foreign minister, said. “But not at any price.”\n");
    assert!(has(&found, QuoteKind::Direct, "Anna Kovalenko", "We are ready to talk"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Anna Kovalenko", "But not at any price."), "{}", dump(&found));
}

#[test]
fn pronoun_after_quote_resolves_to_previous_subject() {
    let text = "Headline\n\nVladimir Putin met officials on Monday.\n\n“Our position has not changed,” he said.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Vladimir Putin", "Our position has not changed"), "{}", dump(&found));
}

#[test]
fn description_resolves_to_actor_with_that_role() {
    let text = "Headline\n\nZelenskiy spoke in Kyiv on Friday.\n\n“We need guarantees,” the Ukrainian leader stressed.\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Volodymyr Zelensky", "We need guarantees"), "{}", dump(&found));
}

#[test]
fn partial_quote_inside_reported_speech_gets_the_speaker() {
    let found = statements("Headline\n\nTrump said he was “making progress” on a deal.\n");
    assert!(has(&found, QuoteKind::Direct, "Donald Trump", "making progress"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Donald Trump", "he was “making progress” on a deal"), "{}", dump(&found));
}

#[test]
fn scare_quotes_are_not_statements() {
    let found = statements("Headline\n\nThe so-called “strangulation sanctions” have hit the economy, and the “coalition of the willing” met again.\n");
    assert!(found.iter().all(|s| s.kind != QuoteKind::Direct), "{}", dump(&found));
}

#[test]
fn apostrophes_do_not_open_quotations() {
    let found = statements("Headline\n\n“Ukraine’s allies’ patience isn’t endless,” said Jan Novak, a Czech analyst.\n");
    assert!(has(&found, QuoteKind::Direct, "Jan Novak", "Ukraine’s allies’ patience isn’t endless"), "{}", dump(&found));
}

#[test]
fn straight_quotes_and_colon_introduction() {
    let found = statements("Headline\n\nPutin said on January 20: \"We have never refused talks.\"\n");
    assert!(has(&found, QuoteKind::Direct, "Vladimir Putin", "We have never refused talks."), "{}", dump(&found));
}

#[test]
fn multi_paragraph_quotation_is_one_quote_per_paragraph() {
    let text = "Headline\n\n“The first paragraph of a long statement runs here,” Marco Rubio said in a post.\n\n“The second paragraph carries on without any new attribution at all and is long.\n\n“The third paragraph closes it, still in the same voice of the speaker.”\n";
    let found = statements(text);
    assert!(has(&found, QuoteKind::Direct, "Marco Rubio", "The second paragraph carries on without any new attribution at all and is long."), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Marco Rubio", "The third paragraph closes it, still in the same voice of the speaker."), "{}", dump(&found));
}

#[test]
fn reported_speech_takes_the_clause_after_the_cue() {
    let found = statements("Headline\n\nWaltz said the administration supports a diplomatic resolution, while acknowledging the difficulties.\n");
    assert!(has(&found, QuoteKind::Indirect, "Mike Waltz", "the administration supports a diplomatic resolution"), "{}", dump(&found));
}

#[test]
fn a_second_speech_verb_of_the_same_speaker_ends_the_clause() {
    let found = statements("Headline\n\nMayor Ines Ward said the bridge would reopen in May but warned that repairs could run late.\n\n\
                            Ward said the ferry stays and also added a night service.\n\n\
                            Ward said the fares are fair and riders agreed.\n");
    assert!(has(&found, QuoteKind::Indirect, "Ines Ward", "the bridge would reopen in May"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Ines Ward", "repairs could run late"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Ines Ward", "the ferry stays"), "{}", dump(&found));
    // Counter-example: a verb with a subject of its own after "and" stays
    // inside the reported clause.
    assert!(has(&found, QuoteKind::Indirect, "Ines Ward", "the fares are fair and riders agreed"), "{}", dump(&found));
}

#[test]
fn a_bare_weekday_after_the_cue_is_no_part_of_the_clause() {
    let found = statements("Headline\n\nIda Moen said Tuesday that the ferry would run. Moen said Friday night the fares stay.\n\n\
                            Moen said Sunday's vote was fair.\n");
    assert!(has(&found, QuoteKind::Indirect, "Ida Moen", "the ferry would run"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Ida Moen", "the fares stay"), "{}", dump(&found));
    // Counter-example: a weekday's possessive starts the clause.
    assert!(has(&found, QuoteKind::Indirect, "Ida Moen", "Sunday's vote was fair"), "{}", dump(&found));
}

#[test]
fn according_to_and_inverted_attribution() {
    let found = statements("Headline\n\nThe talks will resume next week, according to Sergey Lavrov.\n\nA deal is close, Kremlin spokesman Dmitry Peskov said on Tuesday.\n");
    assert!(has(&found, QuoteKind::Indirect, "Sergey Lavrov", "The talks will resume next week"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Dmitry Peskov", "A deal is close"), "{}", dump(&found));
}

#[test]
fn governments_speak_through_their_capitals() {
    let found = statements("Headline\n\nMoscow said it was opposed to any deployment of foreign troops.\n");
    assert!(has(&found, QuoteKind::Indirect, "Russia", "it was opposed to any deployment of foreign troops"), "{}", dump(&found));
}

#[test]
fn unknown_speakers_are_discovered_with_their_country() {
    let text = "Headline\n\n“Talks are premature,” Mikhail Orlov, a Russian deputy foreign minister, said.\n";
    let article = parse_article(Path::new("fixture.txt"), text, &RULES.read_options(None, None));
    let ex = extract(&article, &RULES);
    let orlov = ex.discovered.iter().find(|a| a.name == "Mikhail Orlov").expect("discovered");
    assert_eq!(orlov.member_of.as_deref(), Some("Russia"));
    assert!(ex.statements.iter().any(|s| s.speaker == "Mikhail Orlov"));
}

#[test]
fn every_statement_records_rule_cue_and_sentence() {
    let found = statements("Headline\n\nRubio told reporters that negotiations would be hard.\n");
    let s = found.iter().find(|s| s.speaker == "Marco Rubio").expect("statement");
    assert_eq!(s.evidence.rule, "speech.tell");
    assert_eq!(s.evidence.cue, "told reporters");
    assert_eq!(s.evidence.sentence_text, "Rubio told reporters that negotiations would be hard.");
}

#[test]
fn seed_articles_extract_with_valid_spans() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    if !crate::require(&dir.display().to_string(), dir.is_dir()) {
        return;
    }
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let rules = &*RULES;
    let mut total = 0;
    for entry in entries.flatten() {
        let article = claimgraph::source::read_article(&entry.path(), &RULES.read_options(None, None)).expect("seed reads");
        let ex = extract(&article, rules);
        for s in &ex.statements {
            assert_eq!(s.evidence.span.slice(&article.text), s.text);
            assert!(s.evidence.sentence.contains(s.evidence.span), "statement inside its sentence");
            assert!(!s.evidence.rule.is_empty());
        }
        total += ex.statements.len();
    }
    assert!(total > 100, "the five seeds hold well over a hundred statements, got {total}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever the text (quotes, apostrophes, non-ASCII), extraction never
    /// panics and every span lies on char boundaries inside its sentence.
    #[test]
    fn spans_always_slice_the_text(body in "[A-Za-zÄöüé’'\"“”‘ ,.:;!?\n-]{0,300}") {
        let text = format!("Headline\n\nTrump said {body}\n\n“{body},” Putin said.\n");
        let article = parse_article(Path::new("p.txt"), &text, &RULES.read_options(None, None));
        let ex = extract(&article, &RULES);
        for s in &ex.statements {
            prop_assert!(text.is_char_boundary(s.evidence.span.start) && text.is_char_boundary(s.evidence.span.end));
            prop_assert_eq!(s.evidence.span.slice(&text), s.text.as_str());
            prop_assert!(s.evidence.sentence.contains(s.evidence.span));
        }
    }
}

#[test]
fn a_title_before_a_discovered_name_gives_the_country() {
    // The curly quote right before the title once cut a multi-byte char in half.
    let text = "Headline\n\n“Talks must wait,” Ukrainian Foreign Ministry spokesman Oleh Marchenko said.\n";
    let article = parse_article(Path::new("fixture.txt"), text, &RULES.read_options(None, None));
    let ex = extract(&article, &RULES);
    let person = ex.discovered.iter().find(|a| a.name == "Oleh Marchenko").expect("discovered");
    assert_eq!(person.member_of.as_deref(), Some("Ukraine"));
}

#[test]
fn straight_single_quotes_quote_and_continue() {
    let found = statements("Headline\n\n'We cannot wait for another winter,' said Jane Moss, the bloc's foreign policy chief. 'Ukraine needs the money now.'\n");
    assert!(has(&found, QuoteKind::Direct, "Jane Moss", "We cannot wait for another winter"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Direct, "Jane Moss", "Ukraine needs the money now."), "{}", dump(&found));
}

#[test]
fn a_name_in_apposition_speaks_not_the_country_before_it() {
    let found = statements("Headline\n\nHungary's foreign minister, Peter Varga, told reporters that Budapest would veto the plan. He added that Hungary supports immediate peace talks.\n");
    assert!(has(&found, QuoteKind::Indirect, "Peter Varga", "Budapest would veto the plan"), "{}", dump(&found));
    assert!(has(&found, QuoteKind::Indirect, "Peter Varga", "Hungary supports immediate peace talks"), "{}", dump(&found));
}

#[test]
fn an_introductory_place_is_not_a_second_speaker() {
    let found = statements("Headline\n\nOlaf Scholz spoke cautiously. Speaking in Berlin, he said Germany would not support confiscation.\n");
    assert!(has(&found, QuoteKind::Indirect, "Olaf Scholz", "Germany would not support confiscation"), "{}", dump(&found));
    assert!(!found.iter().any(|s| s.speaker == "Germany"), "{}", dump(&found));
}

#[test]
fn a_dateline_does_not_hide_the_subject() {
    let found = statements("Headline\n\nMOSCOW, Feb 18 (Reuters) - The Kremlin on Tuesday rejected the plan, saying foreign troops would be unacceptable.\n\n\"It is early,\" Rubio told CNN.\n");
    assert!(has(&found, QuoteKind::Indirect, "Russia", "foreign troops would be unacceptable"), "{}", dump(&found));
    let rubio = found.iter().find(|s| s.speaker == "Marco Rubio").expect("Rubio quoted");
    assert_eq!(rubio.evidence.cue, "told CNN");
}
