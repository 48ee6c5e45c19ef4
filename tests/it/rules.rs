//! `rules check`, `rules test` and `explain`. Each error kind is checked for
//! the exact `file:line:column` it reports, against a small rule set of our
//! own whose layout the expected positions depend on.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;
use proptest::prelude::*;

use claimgraph::error::Position;
use claimgraph::rules::{RuleSet, SpeechFile, parse_ron};

const ACTORS: &str = r#"(
    actors: [
        (
            id: "actor.ruritania",
            name: "Ruritania",
            kind: country,
            adjectives: ["Ruritanian"],
            examples: [(text: "Ruritania has not said anything.", expect: Mention(actor: "Ruritania"))],
        ),
        (
            id: "actor.rassendyll",
            name: "Rudolf Rassendyll",
            kind: person,
            gender: Some(male),
            member_of: Some("Ruritania"),
            aliases: ["Rassendyll"],
            roles: ["king"],
        ),
    ],
)
"#;

// Line 3 holds the cue; positions below count from it.
const SPEECH: &str = r#"(
    cues: [
        (id: "speech.said", form: verb, pattern: r"said|says", examples: [
            (text: "Rudolf Rassendyll said the ceasefire must hold.", expect: Statement(speaker: "Rudolf Rassendyll", text: "the ceasefire must hold")),
            (text: "The weather was fine.", expect: NoMatch),
        ]),
    ],
)
"#;

const TOPICS: &str = r#"(
    topics: [
        (id: "topic.ceasefire", label: "ceasefire", patterns: [r"cease-?fire"]),
    ],
)
"#;

const STANCES: &str = r#"(
    stances: [
        (id: "stance.demand", stance: demands, pattern: r"calls? for", topics: ["topic.ceasefire"], examples: [(text: "Ruritania calls for a ceasefire.", expect: Stance(actor: "Ruritania", stance: demands, topic: "topic.ceasefire"))]),
    ],
    negations: [
        (id: "neg.not", pattern: r"not|never", examples: [(text: "Ruritania does not call for a ceasefire.", expect: Stance(actor: "Ruritania", stance: rejects, topic: "topic.ceasefire"))]),
    ],
)
"#;

const ARTICLE: &str = "Talks resume in Strelsau\n\nBy Test Desk, March 3, 2025\n\nRudolf Rassendyll said the ceasefire must hold.\n\nThe weather was fine, officials noted.\n\nRuritania calls for a ceasefire.\n";

/// A temp dir with the fixture rules under `rules/`, one file edited by
/// `edit(file name, text) -> text`.
fn fixture(edit: impl Fn(&str, &str) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).expect("mkdir");
    for (name, text) in [
        ("actors.ron", ACTORS),
        ("speech.ron", SPEECH),
        ("topics.ron", TOPICS),
        ("stances.ron", STANCES),
    ] {
        std::fs::write(rules.join(name), edit(name, text)).expect("write rules");
    }
    std::fs::write(dir.path().join("a.txt"), ARTICLE).expect("write article");
    dir
}

/// Replaces `from` by `to` in `file` (and asserts the fixture had `from`).
fn replace(
    file: &'static str,
    from: &'static str,
    to: &'static str,
) -> impl Fn(&str, &str) -> String {
    move |name, text| {
        if name == file {
            assert!(text.contains(from), "fixture {file} lacks {from:?}");
            text.replace(from, to)
        } else {
            text.to_string()
        }
    }
}

fn unchanged(_: &str, text: &str) -> String {
    text.to_string()
}

fn claimgraph(dir: &Path) -> assert_cmd::Command {
    let mut c = cargo_bin_cmd!("claimgraph");
    c.current_dir(dir);
    c
}

/// Runs `rules check rules` and returns (exit code, stdout, stderr), with
/// the lines miette wraps joined again so messages can be searched whole.
fn check(dir: &Path) -> (i32, String, String) {
    let out = claimgraph(dir)
        .args(["rules", "check", "rules"])
        .output()
        .expect("run");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        unwrap_lines(&String::from_utf8_lossy(&out.stderr)),
    )
}

/// miette continues a long message on lines starting with `│ `.
fn unwrap_lines(stderr: &str) -> String {
    let mut out = String::new();
    for line in stderr.lines() {
        match line.trim_start().strip_prefix("│ ") {
            Some(rest) if !line.trim_start().starts_with("│ ·") => {
                out.push(' ');
                out.push_str(rest.trim());
            }
            _ => {
                out.push('\n');
                out.push_str(line);
            }
        }
    }
    out
}

/// Asserts `rules check` fails with exactly one error at `at`
/// (`file:line:column`) whose message contains `message`.
fn assert_one_error(dir: &Path, at: &str, message: &str) {
    let (code, stdout, stderr) = check(dir);
    assert_eq!(code, 1, "stderr:\n{stderr}");
    assert!(stdout.contains("1 error,"), "stdout: {stdout}");
    assert!(
        stderr.contains(&format!("rules/{at}: ")),
        "expected rules/{at} in:\n{stderr}"
    );
    assert!(
        stderr.contains(message),
        "expected {message:?} in:\n{stderr}"
    );
    // miette shows the offending line under the message.
    assert!(stderr.contains("╰──"), "no source excerpt in:\n{stderr}");
}

#[test]
fn check_accepts_the_fixture() {
    let dir = fixture(unchanged);
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout.trim(), "rules: 6 rules, 0 errors, 0 warnings");
}

#[test]
fn check_reports_ron_syntax_error_position() {
    let dir = fixture(replace(
        "speech.ron",
        r#"(id: "speech.said", form"#,
        r#"(id: "speech.said" form"#,
    ));
    assert_one_error(dir.path(), "speech.ron:3:28", "Expected comma");
}

#[test]
fn check_reports_unknown_field_position() {
    let dir = fixture(replace("speech.ron", "pattern:", "patern:"));
    assert_one_error(
        dir.path(),
        "speech.ron:3:41",
        "Unexpected field named `patern`",
    );
}

#[test]
fn check_points_at_the_duplicate_not_the_original() {
    let dir = fixture(replace(
        "speech.ron",
        "    ],\n)",
        "        (id: \"speech.said\", form: verb, pattern: r\"told\"),\n    ],\n)",
    ));
    assert_one_error(
        dir.path(),
        "speech.ron:7:15",
        "duplicate rule id `speech.said`",
    );
}

#[test]
fn check_reports_duplicate_ids_across_files() {
    let dir = fixture(replace(
        "topics.ron",
        "\"topic.ceasefire\", label",
        "\"speech.said\", label",
    ));
    let (code, _, stderr) = check(dir.path());
    assert_eq!(code, 1);
    assert!(
        stderr.contains("rules/topics.ron:3:15: duplicate rule id `speech.said`"),
        "{stderr}"
    );
}

#[test]
fn check_points_inside_an_invalid_regex() {
    // `(` is the 6th character of the pattern, which starts at column 52.
    let dir = fixture(replace("speech.ron", r#"r"said|says""#, r#"r"said|(says""#));
    assert_one_error(dir.path(), "speech.ron:3:57", "unclosed group");
}

#[test]
fn check_maps_regex_position_through_string_escapes() {
    // In a plain string `\\b` is one character of the pattern but two in
    // the file: the `(` is pattern byte 7, and the value starts at column
    // 51, so the `(` stands at 51 + 8.
    let dir = fixture(replace(
        "speech.ron",
        r#"r"said|says""#,
        r#""\\bsaid|(says""#,
    ));
    assert_one_error(dir.path(), "speech.ron:3:59", "unclosed group");
}

#[test]
fn check_reports_undefined_member_of_actor() {
    let dir = fixture(replace(
        "actors.ron",
        "Some(\"Ruritania\")",
        "Some(\"Ruritanya\")",
    ));
    assert_one_error(
        dir.path(),
        "actors.ron:15:30",
        "member_of refers to undefined actor `Ruritanya`",
    );
}

#[test]
fn check_reports_undefined_topic_in_stance_rule() {
    let dir = fixture(replace(
        "stances.ron",
        "[\"topic.ceasefire\"]",
        "[\"topic.truce\"]",
    ));
    assert_one_error(
        dir.path(),
        "stances.ron:3:82",
        "refers to undefined topic `topic.truce`",
    );
}

#[test]
fn check_reports_regex_over_the_size_limit() {
    let dir = fixture(replace(
        "speech.ron",
        r#"r"said|says""#,
        r#"r"said|\w{1000}\s\w{1000}""#,
    ));
    assert_one_error(dir.path(), "speech.ron:3:52", "regex is too large");
}

#[test]
fn check_reports_every_error_not_just_the_first() {
    let dir = fixture(|name, text| match name {
        "speech.ron" => text.replace(r#"r"said|says""#, r#"r"said|(says""#),
        "actors.ron" => text.replace("Some(\"Ruritania\")", "Some(\"Ruritanya\")"),
        "topics.ron" => text.replace("\"topic.ceasefire\", label", "\"topic.ceasefire\" label"),
        _ => text.to_string(),
    });
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 1);
    assert!(stdout.contains("3 errors"), "{stdout}");
    for at in ["topics.ron:3:32", "actors.ron:15:30", "speech.ron:3:57"] {
        assert!(
            stderr.contains(&format!("rules/{at}: ")),
            "{at} missing in:\n{stderr}"
        );
    }
    // topics.ron did not parse, so the stance's topic is not reported as
    // undefined.
    assert!(!stderr.contains("undefined topic"), "{stderr}");
}

#[test]
fn check_warns_about_never_matching_patterns_and_shared_aliases() {
    let dir = fixture(|name, text| match name {
        "speech.ron" => text.replace(r#"r"said|says""#, r#"r"\Bsaid""#),
        "stances.ron" => text.replace(r#"r"not|never""#, r#"r"[^\s\S]""#),
        "actors.ron" => text.replace(r#"["Rassendyll"]"#, r#"["Rassendyll", "Ruritania"]"#),
        _ => text.to_string(),
    });
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 0, "warnings alone do not fail:\n{stderr}");
    assert!(stdout.contains("0 errors, 3 warnings"), "{stdout}");
    assert!(
        stderr.contains("rules/speech.ron:3:52: rule `speech.said`: pattern can never"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rules/stances.ron:6:36: rule `neg.not`: pattern can never"),
        "{stderr}"
    );
    assert!(
        stderr.contains("rules/actors.ron:16:38: actor `actor.rassendyll`: `Ruritania` is also"),
        "{stderr}"
    );
    assert!(
        stderr.contains("also a name or alias of actor `actor.ruritania`"),
        "{stderr}"
    );
}

#[test]
fn check_warns_about_a_pattern_that_matches_the_empty_string() {
    let dir = fixture(replace(
        "topics.ron",
        r#"r"cease-?fire""#,
        r#"r"(?:cease-?fire)?""#,
    ));
    let (code, stdout, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("0 errors, 1 warning"), "{stdout}");
    assert!(
        stderr.contains(
            "rules/topics.ron:3:66: rule `topic.ceasefire`: pattern can match the empty string"
        ),
        "{stderr}"
    );
}

#[test]
fn check_reports_a_folder_without_rule_files() {
    let dir = fixture(unchanged);
    for f in std::fs::read_dir(dir.path().join("rules")).expect("ls") {
        std::fs::remove_file(f.expect("entry").path()).expect("rm");
    }
    let (code, _, stderr) = check(dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("no rule files") && stderr.contains("rules"), "{stderr}");
}

#[test]
fn a_missing_file_only_leaves_its_references_undefined() {
    // Rule files are optional per folder (a domain may add actors only), so
    // what a missing topics.ron breaks is the stance rules that name topics.
    let dir = fixture(unchanged);
    std::fs::remove_file(dir.path().join("rules/topics.ron")).expect("rm");
    let (code, _, stderr) = check(dir.path());
    assert_eq!(code, 1);
    assert!(stderr.contains("undefined topic"), "{stderr}");
}

#[test]
fn rules_test_runs_the_examples() {
    let dir = fixture(unchanged);
    claimgraph(dir.path())
        .args(["rules", "test", "rules"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "test speech.ron::speech.said example 1 ... ok",
        ))
        .stdout(predicate::str::contains(
            "test actors.ron::actor.ruritania example 1 ... ok",
        ))
        .stdout(predicate::str::contains("\n5 passed, 0 failed\n"));
}

#[test]
fn rules_test_fails_on_a_broken_example() {
    let dir = fixture(replace(
        "speech.ron",
        "text: \"the ceasefire must hold\"",
        "text: \"the truce must hold\"",
    ));
    claimgraph(dir.path())
        .args(["rules", "test", "rules"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "test speech.ron::speech.said example 1 ... FAILED",
        ))
        .stdout(predicate::str::contains(
            "expected: statement by Rudolf Rassendyll: \"the truce must hold\"",
        ))
        .stdout(predicate::str::contains(
            "got:      statement by Rudolf Rassendyll: \"the ceasefire must hold\"",
        ))
        .stdout(predicate::str::contains("\n4 passed, 1 failed\n"));
}

#[test]
fn rules_test_fails_when_a_no_match_example_matches() {
    let dir = fixture(replace(
        "speech.ron",
        "\"The weather was fine.\"",
        "\"Rassendyll says the weather was fine.\"",
    ));
    claimgraph(dir.path())
        .args(["rules", "test", "rules"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "test speech.ron::speech.said example 2 ... FAILED",
        ))
        .stdout(predicate::str::contains("4 passed, 1 failed"));
}

#[test]
fn rules_test_fails_on_a_wrong_mention() {
    let dir = fixture(replace(
        "actors.ron",
        "Mention(actor: \"Ruritania\")",
        "Mention(actor: \"Rudolf Rassendyll\")",
    ));
    claimgraph(dir.path())
        .args(["rules", "test", "rules"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "test actors.ron::actor.ruritania example 1 ... FAILED",
        ))
        .stdout(predicate::str::contains(
            "expected: Rudolf Rassendyll mentioned",
        ))
        .stdout(predicate::str::contains("got:      mentioned: Ruritania"));
}

#[test]
fn rules_test_refuses_rules_that_do_not_load() {
    let dir = fixture(replace("speech.ron", "pattern:", "patern:"));
    claimgraph(dir.path())
        .args(["rules", "test", "rules"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("rules/speech.ron:3:41"));
}

#[test]
fn bundled_rules_check_clean_and_pass_their_examples() {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
    let rules = rules.to_str().expect("utf-8 path");
    cargo_bin_cmd!("claimgraph")
        .args(["rules", "check", rules])
        .assert()
        .success()
        .stdout(predicate::str::contains(" 0 errors, 0 warnings"));
    cargo_bin_cmd!("claimgraph")
        .args(["rules", "test", rules])
        .assert()
        .success()
        .stdout(predicate::str::contains("without examples").not())
        .stdout(predicate::str::is_match(r"(?m)^[1-9]\d* passed, 0 failed$").expect("regex"));
}

/// Ingests the fixture article and returns the graph's only statement id.
fn ingested(dir: &Path) -> String {
    claimgraph(dir)
        .args(["ingest", "-q", "-g", "g.ron", "-r", "rules", "a.txt"])
        .assert()
        .success();
    let graph = claimgraph::store::load_existing(&dir.join("g.ron")).expect("graph");
    assert_eq!(graph.statements.len(), 1, "{:?}", graph.statements);
    graph.statements[0].id.clone()
}

#[test]
fn explain_shows_sentence_spans_rule_and_speaker_choice() {
    let dir = fixture(unchanged);
    let id = ingested(dir.path());
    claimgraph(dir.path())
        .args(["explain", "-g", "g.ron", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "statement {id}: Rudolf Rassendyll (indirect)"
        )))
        .stdout(predicate::str::contains(
            "sentence: Rudolf Rassendyll {said} [[the ceasefire must hold]].",
        ))
        .stdout(predicate::str::contains(
            "spans:    text 78..101, sentence 55..102",
        ))
        .stdout(predicate::str::contains("rule:     speech.said"))
        .stdout(predicate::str::is_match(r"(?m)^  speaker:  \S.*Rudolf Rassendyll").expect("regex"))
        .stdout(predicate::str::contains("a.txt"));
}

#[test]
fn explain_shows_a_stance_with_its_cue_inside_the_span() {
    let dir = fixture(unchanged);
    ingested(dir.path());
    let graph = claimgraph::store::load_existing(&dir.path().join("g.ron")).expect("graph");
    assert_eq!(graph.stances.len(), 1, "{:?}", graph.stances);
    let id = graph.stances[0].id.clone();
    claimgraph(dir.path())
        .args(["explain", "-g", "g.ron", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(format!(
            "stance {id}: Ruritania demands topic.ceasefire"
        )))
        .stdout(predicate::str::contains(
            "sentence: Ruritania [[{calls for} a ceasefire]].",
        ))
        .stdout(predicate::str::contains("rule:     stance.demand"))
        .stdout(predicate::str::is_match(r"(?m)^  actor:    \S.*Ruritania").expect("regex"));
}

#[test]
fn explain_rejects_an_unknown_id() {
    let dir = fixture(unchanged);
    ingested(dir.path());
    claimgraph(dir.path())
        .args(["explain", "-g", "g.ron", "st-000000000000"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no statement or stance with id `st-000000000000`",
        ));
}

#[test]
fn explain_why_not_reports_what_came_close() {
    let dir = fixture(unchanged);
    claimgraph(dir.path())
        .args([
            "explain",
            "-r",
            "rules",
            "--why-not",
            "weather was fine",
            "--article",
            "a.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "sentence 104..142: The weather was fine, officials noted.",
        ))
        .stdout(predicate::str::contains("inside a quotation: no"))
        .stdout(predicate::str::contains(
            "why not: no statement: no speech cue matched in this sentence",
        ))
        .stdout(predicate::str::contains(
            "why not: no stance: no stance cue and no topic pattern matched",
        ));
    // Where a statement was made, it says so, and names the topic that lacked
    // a stance cue.
    claimgraph(dir.path())
        .args([
            "explain",
            "-r",
            "rules",
            "--why-not",
            "the ceasefire  must hold",
            "--article",
            "a.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "speech cues:    `said` speech.said at 73..77",
        ))
        .stdout(predicate::str::contains(
            "produced: statement by Rudolf Rassendyll",
        ))
        .stdout(predicate::str::contains(
            "why not: no stance: topic `topic.ceasefire` mentioned but no stance cue matched",
        ));
}

#[test]
fn explain_why_not_fails_on_text_not_in_the_article() {
    let dir = fixture(unchanged);
    claimgraph(dir.path())
        .args([
            "explain",
            "-r",
            "rules",
            "--why-not",
            "never written",
            "--article",
            "a.txt",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("does not occur in a.txt"));
}

proptest! {
    /// A position inside a pattern maps to the same character in the file,
    /// whether the pattern is written as a raw string or with escapes.
    #[test]
    fn pattern_positions_map_to_the_file(
        pattern in r#"[a-z\\"() |.]{1,24}"#,
        raw in any::<bool>(),
        pick in 0usize..24,
    ) {
        let inner = pick % pattern.len();
        let escaped = !raw || pattern.contains("\"#");
        let literal = if escaped {
            format!("\"{}\"", pattern.replace('\\', "\\\\").replace('"', "\\\""))
        } else {
            format!("r#\"{pattern}\"#")
        };
        let text = format!("(\n  cues: [\n    (id: \"c\", form: verb, pattern: {literal}),\n  ],\n)\n");
        let path = PathBuf::from("/r/speech.ron");
        let file: SpeechFile = parse_ron(&path, &text).expect("fixture is RON");
        prop_assert_eq!(&file.cues[0].pattern, &pattern);
        let mut set = RuleSet::empty(vec![PathBuf::from("/r")]);
        set.add_file(&path, text.clone()).expect("fixture loads");
        let (_, pos, _, at) = set.locate("speech.ron", "c", 0, "pattern", &pattern, inner, 1);
        let ch = pattern.as_bytes()[inner] as char;
        let want = if escaped && (ch == '\\' || ch == '"') { format!("\\{ch}") } else { ch.to_string() };
        prop_assert!(text[at.offset()..].starts_with(&want), "{} at {} in {}", want, at.offset(), text);
        prop_assert_eq!(pos, Position::of_offset(&text, at.offset()));
        prop_assert_eq!(pos.line, 3);
    }
}

fn bundled_dir(sub: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules").join(sub)
}

#[test]
fn the_bundled_tree_is_its_core_and_domains_loaded_together() {
    let tree = RuleSet::load(&bundled_dir("")).expect("bundled tree loads");
    let parts = RuleSet::load_all(&[bundled_dir("core"), bundled_dir("domains/ukraine-war")]).expect("folders load");
    assert_eq!(tree.dirs, parts.dirs);
    assert_eq!(tree.files, parts.files);
    assert!(tree.actors.actors.len() > 10 && tree.speech.cues.len() > 10 && !tree.lexicon.role_nouns.is_empty());
    // The core alone is domain-free: no actors, no topics.
    let core = RuleSet::load(&bundled_dir("core")).expect("core loads");
    assert!(core.actors.actors.is_empty() && core.topics.topics.is_empty());
}

#[test]
fn a_domain_folder_of_ones_own_extends_the_core() {
    let dir = tempfile::tempdir().expect("tempdir");
    let domain = dir.path().join("harbour");
    std::fs::create_dir_all(&domain).expect("mkdir");
    std::fs::write(
        domain.join("topics.ron"),
        r#"(topics: [(id: "ferry_fares", label: "Ferry fares", patterns: [r"ferry fares?"])])"#,
    )
    .expect("write");
    std::fs::write(domain.join("lexicon.ron"), r#"(title_words: ["Harbourmaster"])"#).expect("write");
    let set = RuleSet::load_all(&[bundled_dir("core"), domain.clone()]).expect("core + domain load");
    assert_eq!(set.topics.topics.len(), 1);
    // The domain's lexicon adds to the core's lists.
    assert!(set.lexicon.title_words.iter().any(|t| t == "Harbourmaster"));
    assert!(set.lexicon.title_words.iter().any(|t| t == "President"));
}

#[test]
fn a_rule_id_defined_in_two_folders_is_reported_in_the_second() {
    let dir = tempfile::tempdir().expect("tempdir");
    let speech = r#"(cues: [(id: "speech.twice", form: verb, pattern: r"uttered")])"#;
    for d in ["a", "b"] {
        std::fs::create_dir_all(dir.path().join(d)).expect("mkdir");
        std::fs::write(dir.path().join(d).join("speech.ron"), speech).expect("write");
    }
    let err = RuleSet::load_all(&[dir.path().join("a"), dir.path().join("b")]).expect_err("duplicate refused");
    let msg = err.to_string();
    assert!(msg.contains("duplicate rule id `speech.twice`"), "{msg}");
    assert!(msg.contains(&format!("{}", dir.path().join("b").join("speech.ron").display())), "{msg}");
}

#[test]
fn ingest_takes_several_rule_folders() {
    let dir = tempfile::tempdir().expect("tempdir");
    let article = dir.path().join("a.txt");
    std::fs::write(&article, "Talks\n\n“We are ready to talk,” said Ivo Kurvi, a Ruritanian diplomat.\n").expect("write");
    let run = |graph: &str, rules: &[PathBuf]| {
        let mut cmd = claimgraph(dir.path());
        cmd.args(["ingest", "a.txt", "-q", "--graph", graph]);
        for r in rules {
            cmd.arg("--rules").arg(r);
        }
        cmd.assert().success();
        std::fs::read_to_string(dir.path().join(graph)).expect("graph written")
    };
    let tree = run("tree.ron", &[bundled_dir("")]);
    let parts = run("parts.ron", &[bundled_dir("core"), bundled_dir("domains/ukraine-war")]);
    assert_eq!(tree, parts);
    assert!(tree.contains("We are ready to talk") && tree.contains("Ivo Kurvi"), "{tree}");
}
