//! Speakers no rule file lists: names behind titles, surnames alone,
//! honorifics, organisations and descriptions, each with a counter-example.
//! Every sentence and name here is invented.

use std::path::Path;

use claimgraph::extract::extract;
use claimgraph::model::{ActorKind, FoundStatement, QuoteKind};
use claimgraph::source::parse_article;

use crate::BUNDLED_RULES as RULES;

fn statements(body: &str) -> Vec<FoundStatement> {
    let text = format!("Headline\n\n{body}\n");
    let article = parse_article(Path::new("fixture.txt"), &text, &RULES.read_options(None, None));
    extract(&article, &RULES).statements
}

/// The speaker of the reported clause `clause`, if one was found.
fn reporter_of(body: &str, clause: &str) -> Option<String> {
    let found = statements(body);
    found.iter().find(|s| s.kind == QuoteKind::Indirect && s.text == clause).map(|s| s.speaker.clone())
}

/// The speaker of the direct quotation `quote`, if one was found.
fn speaker_of(body: &str, quote: &str) -> Option<String> {
    let found = statements(body);
    found.iter().find(|s| s.kind == QuoteKind::Direct && s.text == quote).map(|s| s.speaker.clone())
}

#[test]
fn a_title_before_the_name_after_the_quote() {
    assert_eq!(speaker_of("“The port stays open,” Freedonian President Marta Kovic said.", "The port stays open").as_deref(), Some("Marta Kovic"));
    // (A full stop of an abbreviation between a quotation and its cue is
    // the attribution step's to read; the names are checked in reported speech.)
    assert_eq!(reporter_of("Sen. Ellen Marsh said the votes were there.", "the votes were there").as_deref(), Some("Ellen Marsh"));
    assert_eq!(reporter_of("Illinois Lt. Gov. Ann Moss said the bus was late.", "the bus was late").as_deref(), Some("Ann Moss"));
    assert_eq!(speaker_of("“We fought hard,” Rovers chairman Richard Hale said.", "We fought hard").as_deref(), Some("Richard Hale"));
    assert_eq!(speaker_of("“The poll is wrong,” campaign manager Kelly Branson said.", "The poll is wrong").as_deref(), Some("Kelly Branson"));
    // The rule name inside the title is no speaker.
    assert_eq!(
        speaker_of("“No comment on that,” said White House press secretary Joel Ernst.", "No comment on that").as_deref(),
        Some("Joel Ernst")
    );
    assert_eq!(speaker_of("“The roads are shut,” said Mayor Helen Okafor.", "The roads are shut").as_deref(), Some("Helen Okafor"));
}

#[test]
fn initials_ages_and_party_tags_do_not_hide_a_name() {
    assert_eq!(reporter_of("John Q. Public said the day was fine.", "the day was fine").as_deref(), Some("John Q. Public"));
    assert_eq!(speaker_of("“I voted early,” Ann Lee, 34, said.", "I voted early").as_deref(), Some("Ann Lee"));
    assert_eq!(reporter_of("Rep. Joe Park (R-Texas) said the bill was dead.", "the bill was dead").as_deref(), Some("Joe Park"));
}

#[test]
fn a_surname_alone_is_the_person_introduced_earlier() {
    let body = "Jane Roe, who runs the shelter downtown, opened the doors at dawn.\n\nThe city had cut its grant twice.\n\n“We will not close,” Roe said.";
    assert_eq!(speaker_of(body, "We will not close").as_deref(), Some("Jane Roe"));
    // A capitalised word that is a common noun elsewhere names nobody.
    let common = "The weather turned at noon.\n\n“Stay home tonight,” Weather said.";
    assert_eq!(speaker_of(common, "Stay home tonight"), None);
}

#[test]
fn a_lone_name_speaks_when_nothing_better_exists() {
    assert_eq!(speaker_of("“The harvest was good,” Lula said.", "The harvest was good").as_deref(), Some("Lula"));
    assert_eq!(speaker_of("“We will appeal,” O'Neill said.", "We will appeal").as_deref(), Some("O'Neill"));
    assert_eq!(speaker_of("“Count every vote,” DeSantos said.", "Count every vote").as_deref(), Some("DeSantos"));
    // A place after a preposition is no speaker.
    assert_eq!(reporter_of("Ann Vale of Vermont said the farms were dry.", "the farms were dry").as_deref(), Some("Ann Vale"));
    assert_ne!(reporter_of("A farmer of Vermont said the farms were dry.", "the farms were dry").as_deref(), Some("Vermont"));
    // A sentence-opening adverb is no name.
    assert_eq!(speaker_of("“Nothing changed,” Everything said.", "Nothing changed"), None);
}

#[test]
fn honorifics_resolve_to_the_full_name_and_tell_the_gender() {
    let body = "Tom Barrett runs the bakery on Elm Street.\n\nMr. Barrett said bread was up again.";
    assert_eq!(reporter_of(body, "bread was up again").as_deref(), Some("Tom Barrett"));
    let alone = "Ms. Okoro said the rent had doubled. He said the lease was void.";
    assert_eq!(reporter_of(alone, "the rent had doubled").as_deref(), Some("Okoro"));
    // "he" cannot be the woman the honorific names.
    assert_ne!(reporter_of(alone, "the lease was void").as_deref(), Some("Okoro"));
}

#[test]
fn a_listed_surname_goes_to_the_person_the_article_introduced() {
    // The rules list Boris Johnson; this article is about another Johnson.
    let body = "Gary Johnson, a farmer from the valley, spoke at the fair.\n\n“The rain came late,” Johnson said.";
    assert_eq!(speaker_of(body, "The rain came late").as_deref(), Some("Gary Johnson"));
    let listed = "Boris Johnson spoke in London.\n\nGary Johnson was in the audience.\n\n“We stand together,” Johnson said.";
    assert_eq!(speaker_of(listed, "We stand together").as_deref(), Some("Boris Johnson"));
}

#[test]
fn organisations_by_their_head_word() {
    assert_eq!(speaker_of("“The strike goes ahead,” the Fire Brigades Union said.", "The strike goes ahead").as_deref(), Some("Fire Brigades Union"));
    assert_eq!(reporter_of("Acme Corp. said sales rose sharply.", "sales rose sharply").as_deref(), Some("Acme Corp."));
    // A capitalised run that ends in no organisation word is no organisation.
    let text = "Headline\n\nAcme Widgets said sales rose sharply. Acme Corp. said sales fell.\n";
    let article = parse_article(Path::new("fixture.txt"), text, &RULES.read_options(None, None));
    let kinds: Vec<(String, ActorKind)> = extract(&article, &RULES).discovered.into_iter().map(|a| (a.name, a.kind)).collect();
    assert!(kinds.contains(&("Acme Corp.".to_string(), ActorKind::Organization)), "{kinds:?}");
    assert!(!kinds.contains(&("Acme Widgets".to_string(), ActorKind::Organization)), "{kinds:?}");
}

#[test]
fn descriptions_speak_when_no_name_does() {
    assert_eq!(speaker_of("“This ad is false,” the campaign said.", "This ad is false").as_deref(), Some("the campaign"));
    assert_eq!(speaker_of("“We are not worried,” a senior official said.", "We are not worried").as_deref(), Some("a senior official"));
    assert_eq!(speaker_of("“Vote on Tuesday,” the ad's narrator said.", "Vote on Tuesday").as_deref(), Some("the ad's narrator"));
    // A named speaker wins over the description.
    assert_eq!(speaker_of("“We won,” Tom Becker, a councillor, said.", "We won").as_deref(), Some("Tom Becker"));
    // The subject of a reported clause after the cue is not the speaker.
    let found = statements("Jane Doe said the report was false.");
    assert!(found.iter().all(|s| s.speaker != "the report"), "{found:?}");
}

#[test]
fn the_subject_of_the_clause_before_a_participle_speaks() {
    let body = "The mayor signed a pact with Harbour Commissioner Tobin Farrow.\n\n\
                When asked about the cost, Farrow dodged the question, saying only the port would pay.";
    assert_eq!(reporter_of(body, "the port would pay").as_deref(), Some("Tobin Farrow"));
    // Counter-example: a name that does not open the clause is no subject.
    let body = "Auditors praised the plan Tobin Farrow drew up, saying the port would pay.";
    assert_ne!(reporter_of(body, "the port would pay").as_deref(), Some("Tobin Farrow"));
}

#[test]
fn hyphenated_titles_and_advisers_are_not_part_of_the_name() {
    assert_eq!(reporter_of("Security Advisor Lina Okoro said the plan was sound.", "the plan was sound").as_deref(), Some("Lina Okoro"));
    assert_eq!(reporter_of("President-elect Dara Mbeki promised to end the dispute.", "to end the dispute").as_deref(), Some("Dara Mbeki"));
    // Counter-example: a capitalised word that is no title stays in the name.
    assert_eq!(reporter_of("Dara Mbeki-Stone said the plan was sound.", "the plan was sound").as_deref(), Some("Dara Mbeki-Stone"));
}

#[test]
fn boards_commenters_and_party_members_speak_as_descriptions() {
    assert_eq!(speaker_of("The race was quiet.\n\n“Rubio is done,” added another Granite State Republican.", "Rubio is done").as_deref(), Some("another Granite State Republican"));
    assert_eq!(speaker_of("“Great news,” wrote one commenter.", "Great news").as_deref(), Some("one commenter"));
    assert_eq!(speaker_of("“Hard to say,” the paper’s editorial board wrote.", "Hard to say").as_deref(), Some("the paper’s editorial board"));
    // Counter-example: a board that is the subject of the reported clause
    // does not speak it.
    assert_ne!(reporter_of("The harbour board approved the plan, Mayor Ines Ward said.", "The harbour board approved the plan").as_deref(), Some("The harbour board"));
}

#[test]
fn people_and_documents_described_speak_when_no_name_does() {
    assert_eq!(speaker_of("“The water came fast,” the man said.", "The water came fast").as_deref(), Some("the man"));
    assert_eq!(speaker_of("“The council erred,” the editorial said.", "The council erred").as_deref(), Some("the editorial"));
    assert_eq!(speaker_of("“Fees will rise,” the release said.", "Fees will rise").as_deref(), Some("the release"));
    // Counter-example: a document that is only the object of the cue does not speak.
    let found = statements("Mayor Ines Ward said the release was late.");
    assert!(found.iter().all(|s| s.speaker != "the release"), "{found:?}");
}

#[test]
fn a_quotation_closing_its_own_sentence_is_not_the_next_sentences_speakers() {
    let body = "The vote was close.\n\nMayor Ines Ward called the plan “reckless.” Harbour Commissioner Tobin Farrow said the vote would go ahead.";
    assert_eq!(speaker_of(body, "reckless.").as_deref(), Some("Ines Ward"));
    // Counter-example: a quotation that opens its sentence takes the speaker after it.
    let body = "The vote was close.\n\n“We will rebuild,” Harbour Commissioner Tobin Farrow said.";
    assert_eq!(speaker_of(body, "We will rebuild").as_deref(), Some("Tobin Farrow"));
}

#[test]
fn a_name_in_a_leading_phrase_is_not_the_subject() {
    let body = "The vote was close.\n\nIn response to Mary Oxley's remarks, Harbour Commissioner Tobin Farrow issued a statement saying the port would stay open.";
    assert_eq!(reporter_of(body, "the port would stay open").as_deref(), Some("Tobin Farrow"));
    // Counter-example: when the main clause's subject refers back, the leading phrase's person still speaks.
    let body = "The vote was close.\n\nWhile Peter Ashdown agreed to a pause, he refused a deal, saying the port would stay open.";
    assert_eq!(reporter_of(body, "the port would stay open").as_deref(), Some("Peter Ashdown"));
}

#[test]
fn it_and_they_speak_for_the_organisation_named_before() {
    // "It" as a speech verb's subject: the organisation of the sentence before.
    let body = "Acme Corp. said sales rose sharply. It said the new plant would open in May.";
    assert_eq!(reporter_of(body, "the new plant would open in May").as_deref(), Some("Acme Corp."));
    // "They" for a described group, also in a closing attribution.
    let body = "“We never saw the bill,” the officials said. The landlord sent it twice, they said.";
    assert_eq!(reporter_of(body, "The landlord sent it twice").as_deref(), Some("the officials"));
    // "it" and "they" in a subordinate clause: the subject before them in the sentence.
    let body = "Acme Corp. said sales rose. Acme Corp. cut the price, something it says rivals cannot match.";
    assert_eq!(reporter_of(body, "rivals cannot match").as_deref(), Some("Acme Corp."));
    // Counter-examples: a dummy "it", a country for "they", a pronoun right
    // after a cue (the reported clause's subject) and an inverted question.
    assert!(statements("Acme Corp. said sales rose. It is said that the plant will close.").iter().all(|s| s.text != "the plant will close"));
    let found = statements("Russia signed the treaty. They argued that the treaty was unfair.");
    assert!(found.iter().all(|s| s.text != "the treaty was unfair"), "{found:?}");
    let found = statements("Acme Corp. said sales rose. Jane Doe said it claimed the land was free.");
    assert!(found.iter().all(|s| s.text != "the land was free" || s.speaker != "Acme Corp."), "{found:?}");
    let found = statements("Acme Corp. said sales rose. Nor did it claim that the land was free.");
    assert!(found.iter().all(|s| s.text != "the land was free" || s.speaker != "Acme Corp."), "{found:?}");
}

#[test]
fn any_short_phrase_after_according_to_is_the_source() {
    assert_eq!(reporter_of("According to county tax records, rents rose by a third.", "rents rose by a third").as_deref(), Some("county tax records"));
    assert_eq!(reporter_of("Rents rose by a third, according to figures released by the harbour board.", "Rents rose by a third").as_deref(), Some("figures released by the harbour board"));
    // Counter-example: a pronoun is no source phrase.
    let found = statements("According to him, rents rose by a third.");
    assert!(found.iter().all(|s| s.speaker != "him"), "{found:?}");
}

#[test]
fn a_plural_description_before_who_speaks() {
    let body = "The levy angered harbour residents who say the fees doubled in a year.";
    assert_eq!(reporter_of(body, "the fees doubled in a year").as_deref(), Some("residents"));
    // Counter-example: a singular or non-speaking noun before "who" says nothing.
    let found = statements("The levy angered the buildings who say the fees doubled in a year.");
    assert!(found.iter().all(|s| s.speaker != "buildings" && s.speaker != "the buildings"), "{found:?}");
}

#[test]
fn a_name_among_a_descriptions_modifiers_gives_way_to_it() {
    let body = "Acme Corp. said sales rose. Acme Corp. officials say the new plant is unsafe.";
    assert_eq!(reporter_of(body, "the new plant is unsafe").as_deref(), Some("Acme Corp. officials"));
    // Counter-example: a name that is the head itself stays the speaker.
    let body = "Acme Corp. said sales rose. Later, Acme Corp. said the new plant is unsafe.";
    assert_eq!(reporter_of(body, "the new plant is unsafe").as_deref(), Some("Acme Corp."));
}

#[test]
fn more_descriptions_speak() {
    assert_eq!(reporter_of("The billionaire businessman says running for mayor is tough.", "running for mayor is tough").as_deref(), Some("the billionaire businessman"));
    // "here" between the description and its cue is an adverb.
    assert_eq!(reporter_of("Her campaign workers here said the office opened in May.", "the office opened in May").as_deref(), Some("her campaign workers"));
    // Counter-example: a noun that cannot speak.
    let found = statements("The old harbour crane says little about the town.");
    assert!(found.iter().all(|s| !s.speaker.contains("crane")), "{found:?}");
}

#[test]
fn the_name_after_an_inverted_cue_is_no_speech() {
    let body = "Mr. Hollis is ''losing his grip,'' said Ivo English, the party's local director.";
    let found = statements(body);
    assert!(found.iter().all(|s| !s.text.starts_with("Ivo English")), "{found:?}");
    assert_eq!(speaker_of(body, "losing his grip").as_deref(), Some("Ivo English"));
    // Counter-example: a subject right before the cue keeps its clause.
    let body = "The levy will pass, and Mr. Hollis, the treasurer, said Harbour Board members agreed.";
    assert_eq!(reporter_of(body, "Harbour Board members agreed").as_deref(), Some("Hollis"));
}

#[test]
fn a_share_of_a_group_speaks() {
    assert_eq!(reporter_of("Nearly half of the renters polled said the levy was fair.", "the levy was fair").as_deref(), Some("Nearly half of the renters polled"));
    assert_eq!(reporter_of("In the survey, 55 percent still say the levy is fair.", "the levy is fair").as_deref(), Some("55 percent"));
    // Counter-example: a number that is no share names no speaker.
    let found = statements("Route 55 said the levy is fair.");
    assert!(found.iter().all(|s| !s.speaker.contains("55")), "{found:?}");
}
