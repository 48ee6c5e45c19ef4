//! Corrections outside the browser: `eval --corrections` scores before and
//! after review, and `corrections export/import` share them between coders
//! with an agreement summary.

use claimgraph::model::{Action, Correction, Corrections, Target};
use claimgraph::store::{corrections_path, corrections_to_ron, load_corrections};

use crate::eval::Fixture;

fn decision(who: &str, target: Target, action: Action) -> Correction {
    Correction { who: who.into(), when: format!("2026-04-01T10:00:0{}Z", who.len()), target, action, why: String::new() }
}

/// The fixture's graph, and the target of the statement with `words`.
fn target_of(f: &Fixture, words: &str) -> Target {
    f.cmd().args(["ingest", "corpus", "-g", "g.ron", "--rules", "rules", "-q"]).assert().success();
    let g = claimgraph::store::load_existing(&f.path("g.ron")).unwrap();
    let s = g.statements.iter().find(|s| s.text.contains(words)).unwrap_or_else(|| panic!("{words} not extracted"));
    Target::statement(&s.evidence[0], &s.text)
}

#[test]
fn eval_scores_the_machine_and_the_reviewed_extraction_as_separate_rows() {
    let f = Fixture::new();
    let target = target_of(&f, "We are ready to talk");
    // A (mistaken) review drops a right statement: the reviewed row loses
    // one true positive, the machine's row keeps it.
    let file = Corrections { corrections: vec![decision("ann", target, Action::Wrong)], ..Default::default() };
    f.write("c.ron", &corrections_to_ron(&file).unwrap());
    let out = f.eval().args(["--corrections", "c.ron", "--json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let direct = |row: &str, field: &str| v[row]["quotes"]["direct"]["detection"][field].as_u64().unwrap();
    assert_eq!(direct("after_review", "predicted") + 1, direct("machine", "predicted"), "{v}");
    assert_eq!(direct("after_review", "true_positives") + 1, direct("machine", "true_positives"));
    assert_eq!(v["corrections"], 1);
    // The table shows both.
    let table = f.eval().args(["--corrections", "c.ron"]).assert().success().get_output().stdout.clone();
    let table = String::from_utf8(table).unwrap();
    assert!(table.contains("after review (1 corrections from c.ron)"), "{table}");
    assert_eq!(table.matches("\ndirect").count(), 2, "{table}");
    // A missing file is an error, not an empty review.
    f.eval().args(["--corrections", "nope.ron"]).assert().failure();
}

#[test]
fn importing_another_coders_file_reports_agreement_and_merges() {
    let f = Fixture::new();
    let talk = target_of(&f, "We are ready to talk");
    let truce = target_of(&f, "the truce must be extended");
    let kurvi = Target::Actor { name: "Ivo Kurvi".into() };
    let mine = Corrections {
        corrections: vec![
            decision("ann", talk.clone(), Action::Confirm),
            decision("ann", truce.clone(), Action::Wrong),
        ],
        ..Default::default()
    };
    std::fs::write(corrections_path(&f.path("g.ron")), corrections_to_ron(&mine).unwrap()).unwrap();
    let theirs = Corrections {
        corrections: vec![
            decision("bob", talk, Action::Confirm),
            decision("bob", truce, Action::Confirm),
            decision("bob", kurvi, Action::Merge { into: "Borduria".into() }),
        ],
        ..Default::default()
    };
    f.write("bob.ron", &corrections_to_ron(&theirs).unwrap());

    let dry = f.cmd().args(["corrections", "import", "bob.ron", "-g", "g.ron", "--dry-run"]).assert().success().get_output().stdout.clone();
    let dry = String::from_utf8(dry).unwrap();
    assert!(dry.contains("2 decided by both, 1 alike (observed 0.500"), "{dry}");
    assert!(dry.contains("0 only here, 1 only in the file"), "{dry}");
    assert!(dry.contains("differ:") && dry.contains("\"wrong\"") && dry.contains("\"right\""), "{dry}");
    assert_eq!(load_corrections(&corrections_path(&f.path("g.ron"))).unwrap().corrections.len(), 2, "a dry run writes nothing");

    let json = f.cmd().args(["corrections", "import", "bob.ron", "-g", "g.ron", "--json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
    assert_eq!(v["added"], 3);
    assert_eq!(v["agreement"]["agree"], 1);
    // Importing again adds nothing: the same decisions are not doubled.
    let again = f.cmd().args(["corrections", "import", "bob.ron", "-g", "g.ron", "--json"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&again).unwrap();
    assert_eq!(v["added"], 0);

    // Export one coder's decisions; the file reads back.
    f.cmd().args(["corrections", "export", "-g", "g.ron", "--coder", "bob", "-o", "out.ron"]).assert().success();
    let back = load_corrections(&f.path("out.ron")).unwrap();
    assert_eq!(back.corrections.len(), 3);
    assert!(back.corrections.iter().all(|c| c.who == "bob"));
    // The merge applies to queries: Kurvi's words are Borduria's now.
    let out = f.cmd().args(["who-said", "-g", "g.ron", "--json"]).assert().success().get_output().stdout.clone();
    let rows: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let speakers: Vec<&str> = rows.as_array().unwrap().iter().map(|r| r["speaker"].as_str().unwrap()).collect();
    assert!(!speakers.is_empty() && !speakers.contains(&"Ivo Kurvi"), "{speakers:?}");
}

/// The fixture's graph with one speaker fixed: "We are ready to talk" is
/// Zora Velt's.
fn zora_velt_said_it() -> Fixture {
    let f = Fixture::new();
    let target = target_of(&f, "We are ready to talk");
    let file = Corrections {
        corrections: vec![decision("ann", target, Action::Speaker { name: "Zora Velt".into(), kind: None })],
        ..Default::default()
    };
    std::fs::write(corrections_path(&f.path("g.ron")), corrections_to_ron(&file).unwrap()).unwrap();
    f
}

#[test]
fn exports_and_views_carry_corrections_but_the_ron_store_stays_the_machines() {
    let f = zora_velt_said_it();
    let run = |args: &[&str]| {
        let out = f.cmd().args(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    };
    assert!(run(&["export", "-g", "g.ron", "-f", "json"]).contains("Zora Velt"));
    assert!(run(&["export", "-g", "g.ron", "-f", "statements-csv"]).contains("Zora Velt"));
    assert!(run(&["dot", "-g", "g.ron", "--view", "who-said-what"]).contains("Zora Velt"));
    let ron = run(&["export", "-g", "g.ron", "-f", "ron"]);
    assert!(!ron.contains("Zora Velt") && ron.contains("We are ready to talk"), "the store export is the extractor's output");
}

#[test]
fn query_commands_read_the_index_through_the_corrections() {
    let f = zora_velt_said_it();
    let run = |index: &str, args: &[&str]| {
        let out = f.cmd().env("CLAIMGRAPH_INDEX", index).args(args).arg("-g").arg("g.ron").arg("--json").output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let queries: [&[&str]; 5] =
        [&["who-said", "--actor", "Zora Velt"], &["who-said", "--actor", "Velt"], &["positions"], &["contradictions"], &["ledger"]];
    let index = claimgraph::store::index::index_path(&f.path("g.ron"));
    assert!(!index.exists());
    for q in queries {
        let from_graph = run("off", q);
        let from_index = run("on", q);
        assert_eq!(from_index, from_graph, "{q:?}");
    }
    // The index was used (before, a corrections file turned it off) and
    // finds the corrected speaker by its new name.
    assert!(index.exists(), "the queries built and read the index");
    assert!(run("on", &["who-said", "--actor", "Zora Velt"]).contains("We are ready to talk"));
}
