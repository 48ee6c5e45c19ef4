//! Stance extraction on small articles of our own, with the default rule
//! set in `data/rules`: cues, negation and modality, clause chains, actor
//! choice (country aliases, passives, conditionals, people speaking for
//! their country), anaphora, claims and denials, and statement dates.

use std::path::Path;

use chrono::NaiveDate;
use claimgraph::source::parse_article;
use claimgraph::model::{FoundStance, StanceKind};

use crate::BUNDLED_RULES as RULES;

fn stances_on(text: &str, date: &str) -> Vec<FoundStance> {
    let opts = RULES.read_options(NaiveDate::parse_from_str(date, "%Y-%m-%d").ok(), None);
    let article = parse_article(Path::new("test.txt"), text, &opts);
    claimgraph::extract::extract(&article, &RULES).stances
}

fn tuples(stances: &[FoundStance]) -> Vec<(String, &'static str, String)> {
    stances
        .iter()
        .map(|s| (s.actor.clone(), s.stance.as_str(), s.topic.clone()))
        .collect()
}

fn has(stances: &[FoundStance], actor: &str, stance: StanceKind, topic: &str) -> bool {
    stances
        .iter()
        .any(|s| s.actor == actor && s.stance == stance && s.topic == topic)
}

#[track_caller]
fn assert_stance(text: &str, actor: &str, stance: StanceKind, topic: &str) {
    let found = stances_on(text, "2025-03-10");
    assert!(
        has(&found, actor, stance, topic),
        "expected {actor} {} {topic} in {text:?}, got {:?}",
        stance.as_str(),
        tuples(&found)
    );
}

#[track_caller]
fn assert_no_stance(text: &str, actor: &str, topic: &str) {
    let found = stances_on(text, "2025-03-10");
    assert!(
        !found.iter().any(|s| s.actor == actor && s.topic == topic),
        "expected no stance of {actor} on {topic}, got {:?}",
        tuples(&found)
    );
}

#[test]
fn country_aliases_take_the_stance() {
    assert_stance(
        "Harbour talks\n\nThe Kremlin called for a truce along the river on Tuesday.\n",
        "Russia",
        StanceKind::Demands,
        "ceasefire",
    );
    assert_stance(
        "Harbour talks\n\nKyiv has rejected any ceasefire that leaves troops in place.\n",
        "Ukraine",
        StanceKind::Rejects,
        "ceasefire",
    );
}

#[test]
fn negation_and_modality_flip_the_cue() {
    assert_stance(
        "Border dispute\n\nKyiv will never recognise Crimea as Russian territory.\n",
        "Ukraine",
        StanceKind::Rejects,
        "recognition_of_annexation",
    );
    assert_stance(
        "Border dispute\n\nMoscow will not accept NATO membership for its neighbour.\n",
        "Russia",
        StanceKind::Rejects,
        "ukraine_nato_membership",
    );
    assert_stance(
        "Border dispute\n\nMoscow does not oppose new talks on a ceasefire.\n",
        "Russia",
        StanceKind::Demands,
        "peace_negotiations",
    );
    assert_stance(
        "Border dispute\n\nThe Kremlin insisted there should not be a truce before the spring.\n",
        "Russia",
        StanceKind::Rejects,
        "ceasefire",
    );
}

#[test]
fn a_cue_inside_another_cues_clause_combines_with_it() {
    let text = "Summit eve\n\nThe Kremlin demanded that Kyiv drop its ambitions to join NATO and the scrapping of western sanctions.\n";
    assert_stance(
        text,
        "Russia",
        StanceKind::Rejects,
        "ukraine_nato_membership",
    );
    // "and" ends the reach of "drop": the scrapping of sanctions is still demanded.
    assert_stance(text, "Russia", StanceKind::Demands, "lifting_sanctions");
}

#[test]
fn a_cue_after_the_topic_governs_it() {
    assert_stance(
        "Alliance question\n\nMoscow says NATO membership for Kyiv is unacceptable.\n",
        "Russia",
        StanceKind::Rejects,
        "ukraine_nato_membership",
    );
}

#[test]
fn objects_of_prepositions_are_not_the_actor() {
    let text =
        "Warning\n\nWashington sent a stern message to Moscow, urging a ceasefire within days.\n";
    assert_stance(text, "United States", StanceKind::Demands, "ceasefire");
    assert_no_stance(text, "Russia", "ceasefire");
}

#[test]
fn a_passive_agent_is_the_actor() {
    assert_stance(
        "Plans\n\nSending European troops to Ukraine after a truce is an idea championed by France.\n",
        "France",
        StanceKind::Demands,
        "foreign_peacekeepers",
    );
}

#[test]
fn conditional_subjects_take_no_stance() {
    let text = "Threats\n\nWashington will arm Ukraine if Moscow refuses to negotiate.\n";
    assert_no_stance(text, "Russia", "peace_negotiations");
}

#[test]
fn a_person_introduced_with_a_country_title_speaks_for_that_country_later() {
    let text = "Talks\n\nRussian President Ivo Dranek met envoys on Monday.\n\n\
                Dranek has made it clear that the Kremlin rejects the idea of deploying any Nato-backed forces in Ukraine.\n";
    assert_stance(text, "Ivo Dranek", StanceKind::Rejects, "foreign_peacekeepers");
    assert_no_stance(text, "Russia", "foreign_peacekeepers");
    // Counter-example: introduced with no country, the person does not
    // speak for it, and the Kremlin keeps its own stance.
    let text = "Talks\n\nThe writer Ivo Dranek met envoys on Monday.\n\n\
                Dranek has made it clear that the Kremlin rejects the idea of deploying any Nato-backed forces in Ukraine.\n";
    assert_stance(text, "Russia", StanceKind::Rejects, "foreign_peacekeepers");
}

#[test]
fn the_subject_of_an_until_clause_takes_no_stance() {
    let text = "Pressure\n\nBritain backs tougher sanctions on Russia until Moscow agrees to a ceasefire.\n";
    assert_no_stance(text, "Russia", "ceasefire");
    assert_stance(text, "United Kingdom", StanceKind::Demands, "sanctions_on_russia");
    // Counter-example: agreeing outside a condition is a stance.
    assert_stance("Talks\n\nMoscow agreed to a ceasefire on Tuesday.\n", "Russia", StanceKind::Demands, "ceasefire");
}

#[test]
fn a_person_speaking_for_their_country_keeps_the_stance() {
    let text = "Press conference\n\nVladimir Putin said Moscow will not relinquish any of the territory it holds.\n";
    assert_stance(
        text,
        "Vladimir Putin",
        StanceKind::Rejects,
        "full_russian_withdrawal",
    );
    assert_no_stance(text, "Russia", "full_russian_withdrawal");
}

#[test]
fn coordinated_subjects_each_take_the_stance() {
    let text = "Officials\n\nVladimir Putin and Sergey Lavrov have demanded a neutral status for Ukraine.\n";
    assert_stance(
        text,
        "Vladimir Putin",
        StanceKind::Demands,
        "ukraine_neutrality",
    );
    assert_stance(
        text,
        "Sergey Lavrov",
        StanceKind::Demands,
        "ukraine_neutrality",
    );
}

#[test]
fn obligations_belong_to_whoever_states_them() {
    assert_stance(
        "Pragmatism\n\nMarco Rubio suggested that Ukraine will have to make territorial concessions.\n",
        "Marco Rubio",
        StanceKind::Demands,
        "territorial_concessions",
    );
}

#[test]
fn anaphors_inherit_the_previous_sentences_topics() {
    let text = "Terms\n\nMoscow wants a neutral status for Ukraine and recognition of Crimea as Russian.\n\nKyiv has rejected these conditions outright.\n";
    assert_stance(text, "Ukraine", StanceKind::Rejects, "ukraine_neutrality");
    assert_stance(
        text,
        "Ukraine",
        StanceKind::Rejects,
        "recognition_of_annexation",
    );
}

#[test]
fn claims_and_denials_are_marked_by_their_rules() {
    let text = "Old talks\n\nNegotiators held talks in Istanbul in March 2022.\n\nMoscow has claimed that these talks produced a binding treaty, but Kyiv has denied signing anything.\n";
    let found = stances_on(text, "2025-03-10");
    let claim = found
        .iter()
        .find(|s| s.actor == "Russia" && s.topic == "istanbul_framework")
        .unwrap_or_else(|| panic!("no claim in {:?}", tuples(&found)));
    assert_eq!(claim.stance, StanceKind::Demands);
    assert!(
        claim
            .evidence
            .rule
            .starts_with(claimgraph::query::CLAIM_RULE_PREFIX),
        "{}",
        claim.evidence.rule
    );
    let denial = found
        .iter()
        .find(|s| s.actor == "Ukraine" && s.topic == "istanbul_framework")
        .unwrap_or_else(|| panic!("no denial in {:?}", tuples(&found)));
    assert_eq!(denial.stance, StanceKind::Rejects);
    assert!(
        denial
            .evidence
            .rule
            .starts_with(claimgraph::query::DENIAL_RULE_PREFIX),
        "{}",
        denial.evidence.rule
    );
    // "these talks" is not a list: only the most specific topic is inherited.
    assert!(
        !found
            .iter()
            .any(|s| s.topic == "peace_negotiations" && s.actor == "Ukraine"),
        "{:?}",
        tuples(&found)
    );
}

#[test]
fn a_quoted_stance_belongs_to_the_speaker() {
    assert_stance(
        "Interview\n\n“We want a ceasefire now, not in a year,” Volodymyr Zelensky told reporters.\n",
        "Volodymyr Zelensky",
        StanceKind::Demands,
        "ceasefire",
    );
}

#[test]
fn evidence_cites_sentence_rule_and_date() {
    let text = "Dated\n\nThe Kremlin on March 3 rejected a truce proposed by Paris.\n\nLater the Kremlin rejected a truce again.\n";
    let found = stances_on(text, "2025-03-10");
    let s = found
        .iter()
        .find(|s| s.actor == "Russia" && s.topic == "ceasefire")
        .unwrap_or_else(|| panic!("{:?}", tuples(&found)));
    assert_eq!(s.stance, StanceKind::Rejects);
    assert_eq!(
        s.evidence.date,
        NaiveDate::from_ymd_opt(2025, 3, 3),
        "explicit date in the sentence wins"
    );
    assert_eq!(s.evidence.rule, "stance.reject");
    assert_eq!(
        s.evidence.sentence_text,
        "The Kremlin on March 3 rejected a truce proposed by Paris."
    );
    assert_eq!(
        &text[s.evidence.sentence.start..s.evidence.sentence.end],
        s.evidence.sentence_text
    );
    assert!(
        s.evidence.span.start >= s.evidence.sentence.start
            && s.evidence.span.end <= s.evidence.sentence.end
    );
    assert!(!s.evidence.resolution.is_empty());
    assert!(
        has(&found, "France", StanceKind::Demands, "ceasefire"),
        "the passive agent takes its own stance: {:?}",
        tuples(&found)
    );
    // One stance per (actor, stance, topic) and article.
    assert_eq!(
        found
            .iter()
            .filter(|s| s.actor == "Russia" && s.topic == "ceasefire")
            .count(),
        1
    );
    // "on Monday" is not a date: the article date is used.
    let found = stances_on(
        "Weekday\n\nOn Monday the Kremlin rejected a truce.\n",
        "2025-03-10",
    );
    assert_eq!(
        found.first().and_then(|s| s.evidence.date),
        NaiveDate::from_ymd_opt(2025, 3, 10)
    );
}

#[test]
fn topics_without_a_cue_yield_nothing() {
    let found = stances_on(
        "Background\n\nThe ceasefire of 2015 collapsed within weeks, and NATO membership was debated.\n",
        "2025-03-10",
    );
    assert!(found.is_empty(), "{:?}", tuples(&found));
}

/// Every topic of the shared gold list has a rule, with the same id.
#[test]
fn default_topics_cover_the_gold_topic_list() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/gold/topics.json");
    if !crate::require(&path.display().to_string(), path.is_file()) {
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let gold: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let ids: Vec<&str> = RULES.topics.iter().map(|t| t.id.as_str()).collect();
    for t in gold.as_array().into_iter().flatten() {
        let id = t["id"].as_str().unwrap_or_default();
        assert!(
            ids.contains(&id),
            "topic `{id}` missing from data/rules/topics.ron"
        );
    }
}

/// Everyday phrasings of positions, one sentence each.
#[test]
fn common_phrasings() {
    use StanceKind::{Demands, Rejects};
    let cases: &[(&str, &str, StanceKind, &str)] = &[
        (
            "Zelensky urged Western allies to provide security guarantees.",
            "Volodymyr Zelensky",
            Demands,
            "security_guarantees",
        ),
        (
            "The Kremlin has ruled out any ceasefire.",
            "Russia",
            Rejects,
            "ceasefire",
        ),
        (
            "Trump is pushing for a meeting with Putin.",
            "Donald Trump",
            Demands,
            "us_russia_summit",
        ),
        (
            "Moscow dismissed calls for a truce.",
            "Russia",
            Rejects,
            "ceasefire",
        ),
        (
            "Keir Starmer backed the idea of a European peacekeeping force.",
            "Keir Starmer",
            Demands,
            "foreign_peacekeepers",
        ),
        (
            "Russia insists on Ukraine's neutrality.",
            "Russia",
            Demands,
            "ukraine_neutrality",
        ),
        (
            "Moscow is firmly against NATO membership for Ukraine.",
            "Russia",
            Rejects,
            "ukraine_nato_membership",
        ),
        (
            "Kyiv says it will not give up any territory.",
            "Ukraine",
            Rejects,
            "territorial_concessions",
        ),
        (
            "Washington announced new sanctions against Moscow.",
            "United States",
            Demands,
            "sanctions_on_russia",
        ),
        (
            "Trump said he was open to lifting sanctions on Russia.",
            "Donald Trump",
            Demands,
            "lifting_sanctions",
        ),
        (
            "Ukraine has refused to hold elections while martial law is in force.",
            "Ukraine",
            Rejects,
            "ukraine_elections",
        ),
        (
            "Putin wants Kyiv to accept limits on the size of its army.",
            "Vladimir Putin",
            Demands,
            "ukraine_military_limits",
        ),
        (
            "The Kremlin opposes any deal that would station Western troops in Ukraine.",
            "Russia",
            Rejects,
            "foreign_peacekeepers",
        ),
        (
            "Zelensky proposed a minerals deal to Washington.",
            "Volodymyr Zelensky",
            Demands,
            "minerals_deal",
        ),
        (
            "Vance has opposed further US military aid to Kyiv.",
            "JD Vance",
            Rejects,
            "us_military_aid",
        ),
        (
            "Moscow wants a full withdrawal of Ukrainian troops from the four regions.",
            "Russia",
            Demands,
            "territorial_concessions",
        ),
        (
            "Kyiv demands the complete withdrawal of Russian forces, Crimea included.",
            "Ukraine",
            Demands,
            "full_russian_withdrawal",
        ),
        (
            "Lavrov rejected a freeze of the front line.",
            "Sergey Lavrov",
            Rejects,
            "territorial_concessions",
        ),
        (
            "The Kremlin said it was ready to resume arms control talks with Washington.",
            "Russia",
            Demands,
            "nuclear_arms_reduction",
        ),
        (
            "Peskov said Russia would never accept a truce that lets Kyiv rearm.",
            "Dmitry Peskov",
            Rejects,
            "ceasefire",
        ),
        (
            "Kyiv rejected Trump’s call for new elections in Ukraine.",
            "Ukraine",
            Rejects,
            "ukraine_elections",
        ),
        (
            "Kyiv rejected Trump’s call for new elections in Ukraine.",
            "Donald Trump",
            Demands,
            "ukraine_elections",
        ),
        (
            "Russia and Ukraine both rejected the proposal for a truce.",
            "Ukraine",
            Rejects,
            "ceasefire",
        ),
        (
            "Trump, however, insisted that Kyiv must cede Crimea.",
            "Donald Trump",
            Demands,
            "territorial_concessions",
        ),
        (
            "A ceasefire now is unacceptable, Dmitry Peskov said.",
            "Dmitry Peskov",
            Rejects,
            "ceasefire",
        ),
        (
            "“We will never accept NATO troops in Ukraine. That is a red line,” Sergey Lavrov said.",
            "Sergey Lavrov",
            Rejects,
            "foreign_peacekeepers",
        ),
    ];
    let mut failures = Vec::new();
    for (sentence, actor, stance, topic) in cases {
        let found = stances_on(&format!("Test\n\n{sentence}\n"), "2025-03-10");
        if !has(&found, actor, *stance, topic) {
            failures.push(format!(
                "{sentence:?}: want {actor} {} {topic}, got {:?}",
                stance.as_str(),
                tuples(&found)
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} phrasings missed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Sentences that mention topics but state no one's position.
#[test]
fn reporting_without_positions() {
    let cases = [
        "The ceasefire talks resumed in Riyadh on Monday.",
        "Sanctions on Russia have cut its oil revenue by a third.",
        "A NATO membership bid would take years, analysts noted.",
        "Trump met Putin in Alaska last August.",
        "The truce collapsed after two days of shelling near Kherson.",
        "Security guarantees were discussed at length in Paris.",
    ];
    let mut failures = Vec::new();
    for sentence in cases {
        let found = stances_on(&format!("Test\n\n{sentence}\n"), "2025-03-10");
        if !found.is_empty() {
            failures.push(format!("{sentence:?}: got {:?}", tuples(&found)));
        }
    }
    assert!(
        failures.is_empty(),
        "stances where there are none:\n{}",
        failures.join("\n")
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the wording, stances cite their own sentence, point inside
    /// it, name known rules, and appear once per (actor, stance, topic).
    #[test]
    fn stance_evidence_is_consistent(words in proptest::collection::vec(proptest::sample::select(VOCAB), 1..40)) {
        let text = format!("Title\n\n{}\n", words.join(" "));
        let found = stances_on(&text, "2025-03-10");
        let known: Vec<&str> = RULES.stances.iter().map(|s| s.id.as_str()).chain(RULES.negations.iter().map(|(id, _)| id.as_str())).collect();
        let mut seen = std::collections::HashSet::new();
        for s in &found {
            let e = &s.evidence;
            proptest::prop_assert_eq!(text.get(e.sentence.start..e.sentence.end), Some(e.sentence_text.as_str()));
            proptest::prop_assert!(e.sentence.start <= e.span.start && e.span.end <= e.sentence.end);
            proptest::prop_assert!(e.rule.split('+').all(|r| known.contains(&r)), "unknown rule in {}", e.rule);
            proptest::prop_assert!(seen.insert((s.actor.clone(), s.stance, s.topic.clone())));
        }
    }
}

const VOCAB: &[&str] = &[
    "Moscow",
    "Kyiv",
    "the Kremlin",
    "Putin",
    "Zelensky",
    "Trump",
    "he",
    "she",
    "said",
    "told",
    "“",
    "”",
    "\"",
    ",",
    ".",
    ";",
    "—",
    "wants",
    "rejects",
    "rejected",
    "will",
    "not",
    "never",
    "accept",
    "demanded",
    "that",
    "drop",
    "calls for",
    "is unacceptable",
    "if",
    "unless",
    "these conditions",
    "claimed",
    "denied",
    "a ceasefire",
    "truce",
    "NATO membership",
    "join NATO",
    "sanctions on Russia",
    "lifting sanctions",
    "peacekeepers",
    "recognise Crimea as Russian",
    "talks in Istanbul",
    "security guarantees",
    "and",
    "but",
    "by",
    "championed",
    "should",
    "on March 3",
    "Ukraine’s",
    "naïve",
    "Zürich",
    "—",
    "…",
    "(",
    ")",
];

#[test]
fn the_dated_body_sentence_is_the_evidence_not_the_headline() {
    let text = "Hale backs new sanctions on Russia\n\nBy Desk March 17, 2025\n\nSenator Jane Hale said on March 4 that she supports new sanctions on Russia.\n";
    let found = stances_on(text, "2025-03-17");
    let s = found
        .iter()
        .find(|s| s.stance == StanceKind::Demands && s.topic == "sanctions_on_russia")
        .expect("a demands stance on sanctions");
    assert!(s.evidence.sentence_text.starts_with("Senator Jane Hale said on March 4"), "{}", s.evidence.sentence_text);
    assert_eq!(s.evidence.date, NaiveDate::from_ymd_opt(2025, 3, 4));
}

#[test]
fn a_country_in_a_title_is_not_a_second_holder() {
    let text = "Harbour talks\n\nUS President Donald Trump called for a truce on Tuesday.\n";
    assert_stance(text, "Donald Trump", StanceKind::Demands, "ceasefire");
    assert_no_stance(text, "United States", "ceasefire");
}

#[test]
fn the_possessor_of_a_cue_holds_it_after_a_preposition() {
    let text = "Harbour talks\n\nTrump voiced anger over the Kremlin's refusal to accept a truce.\n";
    assert_stance(text, "Russia", StanceKind::Rejects, "ceasefire");
    assert_no_stance(text, "Donald Trump", "ceasefire");
}

#[test]
fn a_participle_after_a_determiner_is_no_cue() {
    assert_no_stance("Harbour talks\n\nOfficials in Kyiv studied the proposed truce on Monday.\n", "Ukraine", "ceasefire");
    assert_stance("Harbour talks\n\nKyiv proposed a truce on Monday.\n", "Ukraine", StanceKind::Demands, "ceasefire");
}

#[test]
fn pronouns_and_ellipses_refer_back_to_a_topic() {
    assert_stance("Harbour talks\n\nWashington proposed a truce and Kyiv agreed, officials said.\n", "Ukraine", StanceKind::Demands, "ceasefire");
    assert_stance("Harbour talks\n\nWashington offered a truce, but Moscow rejected it.\n", "Russia", StanceKind::Rejects, "ceasefire");
    assert_stance(
        "Harbour talks\n\nKyiv wants NATO membership. Washington said this remains off the table.\n",
        "United States",
        StanceKind::Rejects,
        "ukraine_nato_membership",
    );
    // A noun cue at the end of a clause is no ellipsis, and a bare "agreed"
    // followed by a clause reports rather than accepts.
    assert_no_stance("Harbour talks\n\nA truce was discussed as Kyiv lobbied Paris for support.\n", "Ukraine", "ceasefire");
    assert_no_stance("Harbour talks\n\n“We agreed that each side will write down its idea of a truce,” Medinsky said.\n", "Vladimir Medinsky", "ceasefire");
    // "It is impossible to …" points forward.
    assert_no_stance("Harbour talks\n\nKyiv wants a truce. “It is impossible to say when,” Fesenko said.\n", "Fesenko", "ceasefire");
}

#[test]
fn rejecting_one_proposal_is_not_rejecting_its_topic() {
    let text = "Harbour talks\n\nZelensky demands a full truce. He dismissed Moscow's plan for a three-day truce as a stunt.\n";
    assert_stance(text, "Volodymyr Zelensky", StanceKind::Demands, "ceasefire");
    assert!(!has(&stances_on(text, "2025-03-10"), "Volodymyr Zelensky", StanceKind::Rejects, "ceasefire"));
    // With no demand of its own, the rejection stands.
    assert_stance("Harbour talks\n\nKyiv rejected Moscow's plan for a three-day truce.\n", "Ukraine", StanceKind::Rejects, "ceasefire");
}

#[test]
fn a_condition_after_until_is_not_demanded() {
    let text = "Harbour talks\n\nBerlin backs new sanctions on Russia until Moscow agrees to a truce.\n";
    assert_stance(text, "Germany", StanceKind::Demands, "sanctions_on_russia");
    assert_no_stance(text, "Germany", "ceasefire");
}

#[test]
fn a_pronoun_after_an_if_clause_is_the_one_stating_the_condition() {
    let text = "Harbour talks\n\nTrump said that if Putin fails to sign a peace deal, he will call for new sanctions on Russia.\n";
    assert_stance(text, "Donald Trump", StanceKind::Demands, "sanctions_on_russia");
    assert_no_stance(text, "Vladimir Putin", "sanctions_on_russia");
}

#[test]
fn each_coordinated_country_speaks_through_its_own_people() {
    let text = "Harbour talks\n\nPeskov said both Moscow and Washington want a summit between Putin and Trump.\n";
    assert_stance(text, "Dmitry Peskov", StanceKind::Demands, "us_russia_summit");
    assert_stance(text, "United States", StanceKind::Demands, "us_russia_summit");
    assert_no_stance(text, "Russia", "us_russia_summit");
}

#[test]
fn presupposed_positions_in_someone_elses_statement_are_left_out() {
    let text = "Harbour talks\n\nPutin said he backed Trump's plan for a truce.\n";
    assert_stance(text, "Vladimir Putin", StanceKind::Demands, "ceasefire");
    assert_no_stance(text, "Donald Trump", "ceasefire");
}

#[test]
fn verdicts_and_negated_interest() {
    assert_stance("Harbour talks\n\nLavrov said new elections in Ukraine would be the best solution.\n", "Sergey Lavrov", StanceKind::Demands, "ukraine_elections");
    assert_stance("Harbour talks\n\nPutin said he was not interested in a truce.\n", "Vladimir Putin", StanceKind::Rejects, "ceasefire");
    assert_stance("Harbour talks\n\nTrump said he will not send US ground troops to Ukraine.\n", "Donald Trump", StanceKind::Rejects, "foreign_peacekeepers");
    assert_no_stance("Harbour talks\n\nThe weather was good when Lavrov spoke of a truce.\n", "Sergey Lavrov", "ceasefire");
}

#[test]
fn topic_terms_and_what_a_topic_is_not() {
    assert_stance("Harbour talks\n\nKyiv called for a security backstop.\n", "Ukraine", StanceKind::Demands, "security_guarantees");
    assert_stance("Harbour talks\n\nBrussels wants more sanctions.\n", "European Union", StanceKind::Demands, "sanctions_on_russia");
    assert_no_stance("Harbour talks\n\nWashington called for new sanctions on Iran.\n", "United States", "sanctions_on_russia");
}

#[test]
fn a_coordinated_cue_starts_its_own_chain() {
    let text = "Harbour talks\n\nKyiv rejected the plan for a buffer zone and wants a truce.\n";
    assert_stance(text, "Ukraine", StanceKind::Demands, "ceasefire");
    assert!(!has(&stances_on(text, "2025-03-10"), "Ukraine", StanceKind::Rejects, "ceasefire"));
}

/// The fenced block after `marker` in README.md.
fn readme_block(marker: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).expect("README.md");
    let after = &readme[readme.find(marker).unwrap_or_else(|| panic!("README has no `{marker}`"))..];
    let open = after.find("```").expect("a fenced block after the marker");
    let body = &after[open..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    body[..body.find("```").expect("closing fence")].to_string()
}

/// The README's worked example of a new domain, run as written: topics
/// alone give stances of people nobody listed, and the bundled Ukraine-war
/// domain is not needed. Without the new topics (counter-example) the same
/// article gives statements but no stance.
#[test]
fn a_new_domain_of_topics_alone_gives_positions_of_unlisted_people() {
    use assert_cmd::cargo::cargo_bin_cmd;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("local-election")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("news")).expect("mkdir");
    std::fs::write(dir.path().join("local-election/topics.ron"), readme_block("<!-- worked-domain topics")).expect("write");
    std::fs::write(dir.path().join("news/debate.txt"), readme_block("<!-- worked-domain article")).expect("write");
    let run = |args: &[&str]| {
        let out = cargo_bin_cmd!("claimgraph").current_dir(dir.path()).args(args).output().expect("runs");
        (out.status.code(), String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned())
    };
    let (code, _, err) = run(&["rules", "test", "local-election"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, _, err) = run(&["ingest", "-q", "news", "-r", "<bundled>/core", "-r", "local-election", "-g", "election.ron"]);
    assert_eq!(code, Some(0), "{err}");
    let (_, out, err) = run(&["positions", "-g", "election.ron", "--json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let mut got: Vec<(String, String, String)> = rows
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| (r["actor"].as_str().unwrap_or("").to_string(), r["stance"].as_str().unwrap_or("").to_string(), r["topic"].as_str().unwrap_or("").to_string()))
        .collect();
    got.sort();
    let want = [
        ("Nadia Okonkwo", "demands", "bike_lanes"),
        ("Nadia Okonkwo", "demands", "property_tax"),
        ("Tom Brandt", "rejects", "bike_lanes"),
        ("Tom Brandt", "rejects", "property_tax"),
    ];
    assert_eq!(got, want.map(|(a, s, t)| (a.to_string(), s.to_string(), t.to_string())));
    let (_, out, _) = run(&["contradictions", "-g", "election.ron", "--json"]);
    let pairs: serde_json::Value = serde_json::from_str(&out).expect("contradictions json");
    assert_eq!(pairs.as_array().map(Vec::len), Some(2), "{pairs:#}");
    // The core alone: the same people speak, but no topic means no stance.
    let (code, _, err) = run(&["ingest", "-q", "news", "-r", "<bundled>/core", "-g", "core-only.ron"]);
    assert_eq!(code, Some(0), "{err}");
    let (code, out, _) = run(&["positions", "-g", "core-only.ron", "--json"]);
    assert_eq!((code, out.trim()), (Some(4), "[]"));
    let (_, out, _) = run(&["who-said", "-g", "core-only.ron", "--json", "--actor", "Tom Brandt"]);
    assert!(out.contains("We cannot ask families to pay more"), "{out}");
}
