//! `claimgraph verify` and `claimgraph diff-rules`. Fixtures (rules, two
//! made-up articles) come from the eval tests.


use predicates::prelude::*;

use claimgraph::model::{Actor, ActorKind, Evidence, QuoteKind, Span, Stance, StanceKind, Statement, TopicInfo};
use claimgraph::rules::{self, SpeechFile};
use claimgraph::store::{self, GraphData};

use super::eval::{ARTICLE_1, Fixture};

const QUOTE: &str = "We are ready to talk";
const QUOTE_SENTENCE: &str = "“We are ready to talk,” Kurvi said.";
const STANCE_SENTENCE: &str = "Ivo Kurvi said the truce must be extended.";

fn span_of(text: &str, needle: &str) -> Span {
    let start = text.find(needle).unwrap();
    Span::new(start, start + needle.len())
}

fn evidence(article: &str, span: Span, sentence: Span, sentence_text: &str, rule: &str) -> Evidence {
    Evidence {
        article: article.into(),
        span,
        sentence,
        sentence_text: sentence_text.into(),
        cue: "said".into(),
        rule: rule.into(),
        date: None,
        resolution: "named after quote".into(),
    }
}

/// A graph written by hand (not by the extractor, so the spans are known):
/// `corpus/one.txt` with one statement and one stance, its actor and topic,
/// and ids made as the store makes them (verify checks all of that too).
fn hand_made_graph(f: &Fixture) -> GraphData {
    let mut article = claimgraph::source::read_article(&f.path("corpus/one.txt"), &Default::default()).unwrap();
    article.meta.path = "corpus/one.txt".into();
    let id = article.meta.id.clone();
    let text = &article.text;
    let qs = span_of(text, QUOTE_SENTENCE);
    let ss = span_of(text, STANCE_SENTENCE);
    GraphData {
        articles: vec![article.meta.clone()],
        actors: vec![Actor { name: "Ivo Kurvi".into(), kind: ActorKind::Person, member_of: None, rule: "discovered".into(), gender: None }],
        topics: vec![TopicInfo { id: "ceasefire".into(), label: "Ceasefire".into() }],
        statements: vec![Statement {
            id: store::statement_id("Ivo Kurvi", QuoteKind::Direct, QUOTE),
            speaker: "Ivo Kurvi".into(),
            kind: QuoteKind::Direct,
            text: QUOTE.into(),
            evidence: vec![evidence(&id, span_of(text, QUOTE), qs, QUOTE_SENTENCE, "speech.say")],
        }],
        stances: vec![Stance {
            id: store::stance_id("Ivo Kurvi", StanceKind::Demands, "ceasefire"),
            actor: "Ivo Kurvi".into(),
            stance: StanceKind::Demands,
            topic: "ceasefire".into(),
            evidence: vec![evidence(&id, ss, ss, STANCE_SENTENCE, "stance.demand")],
        }],
        ..GraphData::default()
    }
}

fn verify(f: &Fixture) -> assert_cmd::Command {
    let mut c = f.cmd();
    c.args(["verify", "--graph", "g.ron"]);
    c
}

#[test]
fn verify_passes_on_a_fresh_graph() {
    let f = Fixture::new();
    store::save(&f.path("g.ron"), &hand_made_graph(&f)).unwrap();
    verify(&f).assert().success().stdout("1 articles, 4 spans verified; checksums and cross-references sound\n");
}

#[test]
fn verify_fails_after_the_article_is_edited() {
    let f = Fixture::new();
    let g = hand_made_graph(&f);
    store::save(&f.path("g.ron"), &g).unwrap();
    // One word longer before both spans: every span now cuts the wrong text.
    f.write(
        "corpus/one.txt",
        &ARTICLE_1.replace("Border talks", "Border peace talks"),
    );
    verify(&f).assert().code(1).stdout(
        predicate::str::contains("article  hash")
            .and(predicate::str::contains(format!("{}  span", g.statements[0].id)))
            .and(predicate::str::contains(format!("expected \"{QUOTE}\"")))
            .and(predicate::str::contains(format!("{}  sentence", g.stances[0].id)))
            .and(predicate::str::contains("mismatches in 1 articles")),
    );
}

#[test]
fn verify_reads_from_corpus_when_given() {
    let f = Fixture::new();
    store::save(&f.path("g.ron"), &hand_made_graph(&f)).unwrap();
    std::fs::create_dir(f.path("moved")).unwrap();
    std::fs::rename(f.path("corpus/one.txt"), f.path("moved/one.txt")).unwrap();
    verify(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("article  read"));
    verify(&f).args(["--corpus", "moved"]).assert().success();
}

#[test]
fn verify_reports_spans_off_char_boundaries() {
    let f = Fixture::new();
    let mut g = hand_made_graph(&f);
    // The opening “ is three bytes: start one byte into it.
    let ev = &mut g.statements[0].evidence[0];
    ev.sentence.start += 1;
    store::save(&f.path("g.ron"), &g).unwrap();
    verify(&f).assert().code(1).stdout(
        predicate::str::contains("not on character boundaries").and(predicate::str::contains(format!("{}  sentence", g.statements[0].id))),
    );
}

#[test]
fn verify_passes_after_ingest_and_fails_after_edit() {
    let f = Fixture::new();
    f.cmd()
        .args(["ingest", "corpus", "--graph", "g.ron", "--rules", "rules", "-q"])
        .assert()
        .success();
    let out = verify(&f).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    let spans: usize = out
        .strip_prefix("2 articles, ")
        .and_then(|r| r.split(' ').next())
        .unwrap()
        .parse()
        .unwrap();
    assert!(spans > 0, "the extractor found nothing to verify: {out}");
    f.write("corpus/two.txt", "Something else entirely.\n");
    verify(&f).assert().code(1).stdout(predicate::str::contains("hash"));
}

#[test]
fn verify_without_graph_is_an_error() {
    let f = Fixture::new();
    verify(&f).assert().code(1).stderr(predicate::str::contains("g.ron"));
}

/// Copies `data/rules` into the fixture as `old/` and `new/`, and removes
/// from `new/` every speech cue that matches "said".
fn rules_without_said(f: &Fixture) -> Vec<String> {
    for name in [
        rules::ACTORS_FILE,
        rules::SPEECH_FILE,
        rules::TOPICS_FILE,
        rules::STANCES_FILE,
    ] {
        let text = std::fs::read_to_string(crate::bundled_rule_file(name)).unwrap();
        f.write(&format!("old/{name}"), &text);
        f.write(&format!("new/{name}"), &text);
    }
    let speech_path = f.path("new").join(rules::SPEECH_FILE);
    let text = std::fs::read_to_string(&speech_path).unwrap();
    let mut speech: SpeechFile = rules::parse_ron(&speech_path, &text).unwrap();
    let set = rules::RuleSet::load(&f.path("old")).unwrap().compile().unwrap();
    let removed: Vec<String> = set
        .cues
        .iter()
        .filter(|c| c.regex.is_match("said"))
        .map(|c| c.id.clone())
        .collect();
    assert!(!removed.is_empty(), "data/rules has no cue for `said`");
    speech.cues.retain(|c| !removed.contains(&c.id));
    f.write(
        &format!("new/{}", rules::SPEECH_FILE),
        &ron::ser::to_string_pretty(&speech, ron::ser::PrettyConfig::default()).unwrap(),
    );
    removed
}

#[test]
fn diff_rules_lists_statements_lost_with_a_cue() {
    let f = Fixture::new();
    let removed = rules_without_said(&f);
    let out = f
        .cmd()
        .args(["diff-rules", "old", "new", "--corpus", "corpus"])
        .assert()
        .success();
    let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let gone: Vec<&str> = out.lines().filter(|l| l.starts_with("- ")).collect();
    assert!(!gone.is_empty(), "nothing disappeared:\n{out}");
    assert!(
        gone.iter()
            .any(|l| l.contains("one.txt") && removed.iter().any(|r| l.contains(&format!("[{r}]")))),
        "{out}"
    );
    let summary = out.lines().last().unwrap();
    assert!(summary.starts_with("2 articles: statements +"), "{summary}");
    assert!(!summary.contains(" -0, stances"), "{summary}");

    let json = f
        .cmd()
        .args(["diff-rules", "old", "new", "--corpus", "corpus", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let statement_lines = out
        .lines()
        .skip_while(|l| *l != "statements:")
        .skip(1)
        .take_while(|l| l.starts_with("- ") || l.starts_with("+ "))
        .filter(|l| l.starts_with("- "))
        .count();
    assert_eq!(v["statements_removed"].as_array().map(Vec::len), Some(statement_lines));
    assert!(v["statements_removed"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn diff_rules_of_identical_dirs_is_empty() {
    let f = Fixture::new();
    f.cmd()
        .args(["diff-rules", "rules", "rules", "--corpus", "corpus"])
        .assert()
        .success()
        .stdout("2 articles: statements +0 -0, stances +0 -0\n");
}

#[test]
fn verify_reports_stance_span_outside_its_sentence() {
    let f = Fixture::new();
    let mut g = hand_made_graph(&f);
    let ev = &mut g.stances[0].evidence[0];
    ev.span = Span::new(0, 6);
    store::save(&f.path("g.ron"), &g).unwrap();
    verify(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(format!("{}  span 0..6", g.stances[0].id)).and(predicate::str::contains("inside the sentence")));
}

#[test]
fn verify_accepts_merged_occurrences_that_differ_in_spacing() {
    let f = Fixture::new();
    let second = "“We are ready  to talk,” he repeated.";
    f.write("corpus/one.txt", &format!("{ARTICLE_1}\n{second}\n"));
    let mut g = hand_made_graph(&f);
    let text = std::fs::read_to_string(f.path("corpus/one.txt")).unwrap();
    let id = g.articles[0].id.clone();
    let again = evidence(
        &id,
        span_of(&text, "We are ready  to talk"),
        span_of(&text, second),
        second,
        "speech.say",
    );
    g.statements[0].evidence.push(again.clone());
    store::save(&f.path("g.ron"), &g).unwrap();
    verify(&f).assert().success().stdout("1 articles, 6 spans verified; checksums and cross-references sound\n");

    // Other words at that span are still a mismatch.
    g.statements[0].evidence[1].span = span_of(&text, "he repeated");
    store::save(&f.path("g.ron"), &g).unwrap();
    verify(&f)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("found \"he repeated\""));
}
