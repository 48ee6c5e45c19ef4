//! The analyst queries. First the library functions on a graph built by
//! hand (so the expectations do not move with the extractor), then the
//! commands end to end: articles of our own are ingested with the default
//! rules and queried as tables and JSON.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use chrono::NaiveDate;
use predicates::prelude::*;

use claimgraph::model::{
    Actor, ActorKind, Evidence, QuoteKind, Span, Stance, StanceKind, Statement,
};
use claimgraph::query::{self, ContradictionKind, PositionFilter, StatementFilter};
use claimgraph::store::{GraphData, TopicInfo};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

fn ev(article: &str, date: &str, start: usize, sentence: &str, rule: &str) -> Evidence {
    let span = Span::new(start, start + sentence.len());
    Evidence {
        article: article.into(),
        span,
        sentence: span,
        sentence_text: sentence.into(),
        cue: String::new().into(),
        rule: rule.into(),
        date: Some(day(date)),
        resolution: "test".into(),
    }
}

fn stance(actor: &str, kind: StanceKind, topic: &str, evidence: Vec<Evidence>) -> Stance {
    Stance {
        id: claimgraph::model::stable_id("stance", &[actor, kind.as_str(), topic]),
        actor: actor.to_string(),
        stance: kind,
        topic: topic.to_string(),
        evidence,
    }
}

fn actor(name: &str, kind: ActorKind, member_of: Option<&str>) -> Actor {
    Actor {
        name: name.to_string(),
        kind,
        member_of: member_of.map(str::to_string),
        rule: "test".to_string(),
        gender: None,
    }
}

use StanceKind::{Demands, Rejects};

/// Borduria and Syldavia disagree on peacekeepers; Borduria claims a deal
/// that Syldavia denies; Syldavia turned from rejecting to demanding
/// sanctions; Ivo Kurvi (of Borduria) demands a truce Borduria rejects.
fn graph() -> GraphData {
    GraphData {
        actors: vec![
            actor("Borduria", ActorKind::Country, None),
            actor("Syldavia", ActorKind::Country, None),
            actor("Ivo Kurvi", ActorKind::Person, Some("Borduria")),
        ],
        topics: vec![
            TopicInfo {
                id: "foreign_peacekeepers".into(),
                label: "foreign peacekeepers".into(),
            },
            TopicInfo {
                id: "istanbul_framework".into(),
                label: "Istanbul framework".into(),
            },
            TopicInfo {
                id: "sanctions_on_russia".into(),
                label: "sanctions on Russia".into(),
            },
            TopicInfo {
                id: "ceasefire".into(),
                label: "ceasefire".into(),
            },
        ],
        stances: vec![
            stance(
                "Borduria",
                Rejects,
                "foreign_peacekeepers",
                vec![ev(
                    "a1",
                    "2025-02-01",
                    0,
                    "Szohod rejects peacekeepers.",
                    "stance.reject",
                )],
            ),
            stance(
                "Syldavia",
                Demands,
                "foreign_peacekeepers",
                vec![ev(
                    "a1",
                    "2025-02-01",
                    40,
                    "Klow wants peacekeepers.",
                    "stance.want",
                )],
            ),
            stance(
                "Borduria",
                Demands,
                "istanbul_framework",
                vec![ev(
                    "a2",
                    "2025-02-03",
                    0,
                    "Szohod claimed a deal was struck.",
                    "stance.claim.reached",
                )],
            ),
            stance(
                "Syldavia",
                Rejects,
                "istanbul_framework",
                vec![ev(
                    "a2",
                    "2025-02-03",
                    0,
                    "Klow denied any deal.",
                    "stance.deny.denied",
                )],
            ),
            // Stored later-first, to check that reversals are ordered by date.
            stance(
                "Syldavia",
                Demands,
                "sanctions_on_russia",
                vec![ev(
                    "a3",
                    "2025-03-01",
                    0,
                    "Klow now backs sanctions.",
                    "stance.support",
                )],
            ),
            stance(
                "Syldavia",
                Rejects,
                "sanctions_on_russia",
                vec![ev(
                    "a1",
                    "2025-02-01",
                    80,
                    "Klow opposes sanctions.",
                    "stance.reject",
                )],
            ),
            stance(
                "Ivo Kurvi",
                Demands,
                "ceasefire",
                vec![ev(
                    "a3",
                    "2025-03-01",
                    50,
                    "Kurvi called for a truce.",
                    "stance.call-for",
                )],
            ),
            stance(
                "Borduria",
                Rejects,
                "ceasefire",
                vec![ev(
                    "a1",
                    "2025-02-01",
                    120,
                    "Szohod rejected a truce.",
                    "stance.reject",
                )],
            ),
        ],
        ..GraphData::default()
    }
}

fn find(
    rows: &[query::Contradiction],
    kind: ContradictionKind,
    topic: &str,
) -> Vec<query::Contradiction> {
    rows.iter()
        .filter(|c| c.kind == kind && c.topic == topic)
        .cloned()
        .collect()
}

#[test]
fn demands_against_rejects_between_actors_cites_both() {
    let rows = query::contradictions(&graph(), false);
    let pk = find(
        &rows,
        ContradictionKind::BetweenActors,
        "foreign_peacekeepers",
    );
    assert_eq!(pk.len(), 1, "{rows:#?}");
    assert_eq!(
        (pk[0].first.actor.as_str(), pk[0].first.stance),
        ("Syldavia", Demands)
    );
    assert_eq!(
        (pk[0].second.actor.as_str(), pk[0].second.stance),
        ("Borduria", Rejects)
    );
    assert_eq!(
        pk[0].first.evidence.sentence_text,
        "Klow wants peacekeepers."
    );
    assert_eq!(
        pk[0].second.evidence.sentence_text,
        "Szohod rejects peacekeepers."
    );
    assert_eq!(pk[0].topic_label, "foreign peacekeepers");
}

#[test]
fn a_claim_and_its_denial_are_their_own_kind() {
    let rows = query::contradictions(&graph(), false);
    let cd = find(&rows, ContradictionKind::ClaimDenial, "istanbul_framework");
    assert_eq!(cd.len(), 1, "{rows:#?}");
    assert_eq!(cd[0].first.actor, "Borduria");
    assert_eq!(cd[0].first.evidence.rule, "stance.claim.reached");
    assert_eq!(cd[0].second.actor, "Syldavia");
    assert_eq!(cd[0].second.evidence.rule, "stance.deny.denied");
    // Not listed a second time as a plain disagreement.
    assert!(
        find(
            &rows,
            ContradictionKind::BetweenActors,
            "istanbul_framework"
        )
        .is_empty(),
        "{rows:#?}"
    );
}

#[test]
fn a_reversal_is_ordered_by_date() {
    let rows = query::contradictions(&graph(), false);
    let rev = find(&rows, ContradictionKind::Reversal, "sanctions_on_russia");
    assert_eq!(rev.len(), 1, "{rows:#?}");
    assert_eq!(rev[0].first.actor, "Syldavia");
    assert_eq!(
        (rev[0].first.stance, rev[0].first.evidence.date),
        (Rejects, Some(day("2025-02-01")))
    );
    assert_eq!(
        (rev[0].second.stance, rev[0].second.evidence.date),
        (Demands, Some(day("2025-03-01")))
    );
}

#[test]
fn roll_up_counts_people_for_their_country_and_says_so() {
    let g = graph();
    // Without roll-up, the person and the country are two actors.
    let rows = query::contradictions(&g, false);
    let cf = find(&rows, ContradictionKind::BetweenActors, "ceasefire");
    assert_eq!(cf.len(), 1, "{rows:#?}");
    assert_eq!(
        (cf[0].first.actor.as_str(), cf[0].first.via.as_deref()),
        ("Ivo Kurvi", None)
    );
    assert!(find(&rows, ContradictionKind::Reversal, "ceasefire").is_empty());
    // With roll-up, Borduria contradicts itself, through Kurvi.
    let rows = query::contradictions(&g, true);
    let rev = find(&rows, ContradictionKind::Reversal, "ceasefire");
    assert_eq!(rev.len(), 1, "{rows:#?}");
    assert_eq!(
        (
            rev[0].first.actor.as_str(),
            rev[0].first.via.as_deref(),
            rev[0].first.stance
        ),
        ("Borduria", None, Rejects)
    );
    assert_eq!(
        (
            rev[0].second.actor.as_str(),
            rev[0].second.via.as_deref(),
            rev[0].second.stance
        ),
        ("Borduria", Some("Ivo Kurvi"), Demands)
    );
    // Positions mark every rolled-up row.
    let rows = query::positions(
        &g,
        &PositionFilter {
            actor: Some("borduria".into()),
            topic: Some("ceasefire".into()),
            roll_up: true,
            evidence_limit: None,
        },
    );
    let vias: Vec<Option<&str>> = rows.iter().map(|r| r.via.as_deref()).collect();
    assert_eq!(
        rows.iter().map(|r| r.actor.as_str()).collect::<Vec<_>>(),
        ["Borduria", "Borduria"]
    );
    assert!(
        vias.contains(&None) && vias.contains(&Some("Ivo Kurvi")),
        "{rows:#?}"
    );
    let plain = query::positions(
        &g,
        &PositionFilter {
            actor: Some("borduria".into()),
            topic: Some("ceasefire".into()),
            roll_up: false,
            evidence_limit: None,
        },
    );
    assert_eq!(plain.len(), 1, "no silent roll-up: {plain:#?}");
}

#[test]
fn position_filters_match_surnames_and_labels() {
    let g = graph();
    let rows = query::positions(
        &g,
        &PositionFilter {
            actor: Some("kurvi".into()),
            ..Default::default()
        },
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].actor, "Ivo Kurvi");
    let rows = query::positions(
        &g,
        &PositionFilter {
            topic: Some("Sanctions on Russia".into()),
            ..Default::default()
        },
    );
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.topic == "sanctions_on_russia"));
    // A query word inside a longer word is not a match ("us" in "Borduria").
    assert!(
        query::positions(
            &g,
            &PositionFilter {
                actor: Some("uria".into()),
                ..Default::default()
            }
        )
        .is_empty()
    );
}

#[test]
fn ledger_has_latest_stances_and_moves_in_the_window() {
    let g = graph();
    let l = query::ledger(&g, Some(day("2025-02-15")), Some(day("2025-03-31")), false);
    let syl = l
        .entries
        .iter()
        .find(|e| e.actor == "Syldavia" && e.topic == "sanctions_on_russia")
        .unwrap_or_else(|| panic!("{l:#?}"));
    assert_eq!(syl.stance, Demands);
    assert_eq!(l.moves.len(), 1, "{l:#?}");
    assert_eq!(
        (l.moves[0].from.stance, l.moves[0].to.stance),
        (Rejects, Demands)
    );
    assert_eq!(l.moves[0].to.evidence.date, Some(day("2025-03-01")));
    // As of mid-February, Syldavia still rejected sanctions and nobody had moved.
    let l = query::ledger(&g, None, Some(day("2025-02-15")), false);
    let syl = l
        .entries
        .iter()
        .find(|e| e.actor == "Syldavia" && e.topic == "sanctions_on_russia")
        .unwrap_or_else(|| panic!("{l:#?}"));
    assert_eq!(syl.stance, Rejects);
    assert!(l.moves.is_empty(), "{l:#?}");
    assert!(
        !l.entries.iter().any(|e| e.actor == "Ivo Kurvi"),
        "stances after --until are left out"
    );
    // A window after the change shows no move.
    let l = query::ledger(&g, Some(day("2025-03-02")), None, false);
    assert!(l.moves.is_empty(), "{l:#?}");
}

#[test]
fn who_said_filters_by_speaker_and_topic() {
    let mut g = graph();
    g.statements = vec![
        Statement {
            id: "st-1".into(),
            speaker: "Ivo Kurvi".into(),
            kind: QuoteKind::Indirect,
            text: "a truce is needed".into(),
            evidence: vec![ev(
                "a3",
                "2025-03-01",
                50,
                "Kurvi called for a truce.",
                "speech.say",
            )],
        },
        Statement {
            id: "st-2".into(),
            speaker: "Borduria".into(),
            kind: QuoteKind::Direct,
            text: "the weather is fine".into(),
            evidence: vec![ev(
                "a1",
                "2025-02-01",
                300,
                "“The weather is fine,” Szohod said.",
                "speech.say",
            )],
        },
    ];
    let rows = query::who_said(
        &g,
        &StatementFilter {
            actor: None,
            about: Some("ceasefire".into()),
        },
    );
    assert_eq!(
        rows.iter()
            .map(|r| r.statement_id.as_str())
            .collect::<Vec<_>>(),
        ["st-1"],
        "shares a sentence with a ceasefire stance"
    );
    let rows = query::who_said(
        &g,
        &StatementFilter {
            actor: Some("Borduria".into()),
            about: None,
        },
    );
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].article.as_str(), rows[0].date),
        ("a1", Some(day("2025-02-01")))
    );
    let rows = query::who_said(
        &g,
        &StatementFilter {
            actor: None,
            about: Some("weather".into()),
        },
    );
    assert_eq!(rows.len(), 1, "free text");
}

// ---- the commands, end to end -------------------------------------------

const ARTICLES: &[(&str, &str)] = &[
    (
        "a1.txt",
        "Peacekeeper row deepens\n\nBy Test Desk, February 1, 2025\n\nMoscow rejected any deployment of European peacekeepers in Ukraine.\n\nKyiv has called for European peacekeepers to secure any ceasefire.\n\nHungary opposes new sanctions on Russia.\n",
    ),
    (
        "a2.txt",
        "The old treaty\n\nBy Test Desk, February 3, 2025\n\nNegotiators held talks in Istanbul in March 2022.\n\nMoscow has claimed that these talks produced a binding treaty, but Kyiv has denied signing anything.\n",
    ),
    (
        "a3.txt",
        "A change of heart\n\nBy Test Desk, March 1, 2025\n\nHungary now supports new sanctions on Russia.\n\nVladimir Putin said he opposes a ceasefire.\n",
    ),
];

pub(crate) struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    /// The three articles ingested with the default rules.
    pub(crate) fn ingested() -> Fixture {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let arts = dir.path().join("articles");
        std::fs::create_dir_all(&arts).unwrap_or_else(|e| panic!("{e}"));
        for (name, text) in ARTICLES {
            std::fs::write(arts.join(name), text).unwrap_or_else(|e| panic!("{e}"));
        }
        let f = Fixture { dir };
        f.cmd()
            .args(["ingest", "-q"])
            .arg(&arts)
            .arg("--graph")
            .arg(f.graph())
            .arg("--rules")
            .arg(rules_dir())
            .assert()
            .success();
        f
    }
    pub(crate) fn graph(&self) -> PathBuf {
        self.dir.path().join("graph.ron")
    }
    pub(crate) fn cmd(&self) -> assert_cmd::Command {
        let mut c = cargo_bin_cmd!("claimgraph");
        c.current_dir(self.dir.path());
        c
    }
    pub(crate) fn json(&self, args: &[&str]) -> serde_json::Value {
        let out = self
            .cmd()
            .args(args)
            .arg("--graph")
            .arg(self.graph())
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
    }
    pub(crate) fn text(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .arg("--graph")
            .arg(self.graph())
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8_lossy(&out).into_owned()
    }
}

pub(crate) fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")
}

fn rows_of<'a>(v: &'a serde_json::Value, kind: &str, topic: &str) -> Vec<&'a serde_json::Value> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["kind"] == kind && c["topic"] == topic)
        .collect()
}

#[test]
fn cli_contradictions_cover_every_kind() {
    let f = Fixture::ingested();
    let v = f.json(&["contradictions"]);
    let pk = rows_of(&v, "between_actors", "foreign_peacekeepers");
    assert_eq!(pk.len(), 1, "{v:#}");
    assert_eq!(pk[0]["first"]["actor"], "Ukraine");
    assert_eq!(pk[0]["second"]["actor"], "Russia");
    assert_eq!(
        pk[0]["second"]["evidence"]["sentence_text"],
        "Moscow rejected any deployment of European peacekeepers in Ukraine."
    );
    assert_eq!(pk[0]["first"]["evidence"]["date"], "2025-02-01");
    let cd = rows_of(&v, "claim_denial", "istanbul_framework");
    assert_eq!(cd.len(), 1, "{v:#}");
    assert_eq!(
        (&cd[0]["first"]["actor"], &cd[0]["second"]["actor"]),
        (&"Russia".into(), &"Ukraine".into())
    );
    let rev = rows_of(&v, "reversal", "sanctions_on_russia");
    assert_eq!(rev.len(), 1, "{v:#}");
    assert_eq!(rev[0]["first"]["actor"], "Hungary");
    assert_eq!(
        (
            &rev[0]["first"]["stance"],
            &rev[0]["first"]["evidence"]["date"]
        ),
        (&"rejects".into(), &"2025-02-01".into())
    );
    assert_eq!(
        (
            &rev[0]["second"]["stance"],
            &rev[0]["second"]["evidence"]["date"]
        ),
        (&"demands".into(), &"2025-03-01".into())
    );
}

#[test]
fn cli_roll_up_is_asked_for_and_shown() {
    let f = Fixture::ingested();
    let plain = f.json(&["contradictions"]);
    let cf = rows_of(&plain, "between_actors", "ceasefire");
    assert!(
        cf.iter().any(|c| c["first"]["actor"] == "Ukraine"
            && c["second"]["actor"] == "Vladimir Putin"
            && c["second"]["via"].is_null()),
        "{plain:#}"
    );
    let rolled = f.json(&["contradictions", "--roll-up"]);
    let cf = rows_of(&rolled, "between_actors", "ceasefire");
    assert!(
        cf.iter()
            .any(|c| c["second"]["actor"] == "Russia" && c["second"]["via"] == "Vladimir Putin"),
        "{rolled:#}"
    );
    let text = f.text(&["positions", "--actor", "russia", "--roll-up"]);
    assert!(text.contains("Russia (via Vladimir Putin)"), "{text}");
    let text = f.text(&["positions", "--actor", "russia"]);
    assert!(
        !text.contains("Vladimir Putin"),
        "no silent roll-up: {text}"
    );
}

#[test]
fn cli_contradictions_and_ledger_narrow_to_an_actor_or_a_topic() {
    let f = Fixture::ingested();
    let all = f.json(&["contradictions"]);
    let n = all.as_array().map_or(0, Vec::len);
    assert!(n >= 3, "{all:#}");
    // An actor on either side; a surname is enough.
    let v = f.json(&["contradictions", "--actor", "putin"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty() && rows.len() < n, "{v:#}");
    assert!(rows.iter().all(|c| c["first"]["actor"] == "Vladimir Putin" || c["second"]["actor"] == "Vladimir Putin"), "{v:#}");
    // A topic by its label: only that topic's rows, all of them.
    let v = f.json(&["contradictions", "--topic", "sanctions on Russia"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), rows_of(&all, "reversal", "sanctions_on_russia").len() + rows_of(&all, "between_actors", "sanctions_on_russia").len() + rows_of(&all, "claim_denial", "sanctions_on_russia").len(), "{v:#}");
    assert!(!rows.is_empty() && rows.iter().all(|c| c["topic"] == "sanctions_on_russia"), "{v:#}");
    // --limit keeps the newest and says what it left out.
    let out = f.cmd().args(["contradictions", "--json", "--limit", "1", "--graph"]).arg(f.graph()).output().unwrap();
    let one: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(one.as_array().map(Vec::len), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains(&format!("showing the newest 1 of {n} contradictions")));
    // An unknown name is an error with a suggestion, not an empty answer.
    f.cmd().args(["contradictions", "--actor", "Putn", "--graph"]).arg(f.graph()).assert().code(2).stderr(predicates::str::contains("Putin"));
    // The ledger of one actor: its own entries only, the same as in the whole ledger.
    let whole = f.json(&["ledger"]);
    let v = f.json(&["ledger", "--actor", "hungary"]);
    let mine: Vec<_> = whole["entries"].as_array().into_iter().flatten().filter(|e| e["actor"] == "Hungary").cloned().collect();
    assert!(!mine.is_empty());
    assert_eq!(v["entries"].as_array().cloned().unwrap_or_default(), mine, "{v:#}");
    let v = f.json(&["ledger", "--topic", "sanctions_on_russia"]);
    assert!(v["entries"].as_array().into_iter().flatten().all(|e| e["topic"] == "sanctions_on_russia"), "{v:#}");
}

#[test]
fn cli_tables_cite_evidence() {
    let f = Fixture::ingested();
    let text = f.text(&["contradictions"]);
    for needle in [
        "claim vs denial",
        "reversal",
        "between actors",
        "a2.txt",
        "stance.claim.reached",
        "stance.deny.denied",
        "Kyiv has denied signing anything",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
    let text = f.text(&["positions", "--topic", "sanctions on Russia"]);
    assert!(
        text.contains("Hungary")
            && text.contains("2025-02-01")
            && text.contains("2025-03-01")
            && text.contains("a3.txt"),
        "{text}"
    );
}

#[test]
fn cli_ledger_reports_moves_between_dates() {
    let f = Fixture::ingested();
    let v = f.json(&["ledger", "--since", "2025-02-15", "--until", "2025-03-31"]);
    let moves = v["moves"].as_array().cloned().unwrap_or_default();
    assert!(
        moves.iter().any(|m| m["actor"] == "Hungary"
            && m["topic"] == "sanctions_on_russia"
            && m["from"]["stance"] == "rejects"
            && m["to"]["stance"] == "demands"),
        "{v:#}"
    );
    let v = f.json(&["ledger", "--until", "2025-02-10"]);
    let hungary = v["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["actor"] == "Hungary")
        .cloned()
        .unwrap_or_default();
    assert_eq!(hungary["stance"], "rejects", "{v:#}");
    assert_eq!(v["moves"].as_array().map(Vec::len), Some(0));
    let text = f.text(&["ledger", "--since", "2025-02-15"]);
    assert!(
        text.contains("Actors who changed stance since 2025-02-15") && text.contains("Hungary"),
        "{text}"
    );
    f.cmd()
        .args([
            "ledger",
            "--since",
            "2025-03-01",
            "--until",
            "2025-02-01",
            "--graph",
        ])
        .arg(f.graph())
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--since 2025-03-01 is after --until 2025-02-01",
        ));
}

#[test]
fn cli_who_said_lists_statements_with_article_and_date() {
    let f = Fixture::ingested();
    let v = f.json(&["who-said", "--actor", "putin"]);
    let rows = v.as_array().cloned().unwrap_or_default();
    assert!(!rows.is_empty(), "{v:#}");
    assert!(
        rows.iter().all(|r| r["speaker"] == "Vladimir Putin"
            && r["date"] == "2025-03-01"
            && !r["article"].as_str().unwrap_or("").is_empty()),
        "{v:#}"
    );
}

#[test]
fn cli_missing_graph_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    cargo_bin_cmd!("claimgraph")
        .args(["positions", "--graph"])
        .arg(dir.path().join("nope.ron"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("nope.ron"));
}

/// The text tables of the hand-built graph, as a reviewer sees them.
#[test]
fn cli_tables_snapshot() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let mut g = graph();
    for (id, file, date) in [("a1", "one.txt", "2025-02-01"), ("a2", "two.txt", "2025-02-03"), ("a3", "three.txt", "2025-03-01")] {
        g.articles.push(claimgraph::model::ArticleMeta {
            id: id.into(),
            path: format!("articles/{file}"),
            title: file.into(),
            date: Some(day(date)),
            source: None,
            byline: None,
            hash: "0".repeat(64),
            len: 1000,
        });
    }
    let path = dir.path().join("graph.ron");
    claimgraph::store::save(&path, &g).unwrap_or_else(|e| panic!("save: {e}"));
    let run = |args: &[&str]| {
        let out = cargo_bin_cmd!("claimgraph").args(args).arg("--graph").arg(&path).assert().success().get_output().stdout.clone();
        String::from_utf8_lossy(&out).into_owned()
    };
    insta::assert_snapshot!("contradictions_table", run(&["contradictions", "--roll-up"]));
    insta::assert_snapshot!("ledger_table", run(&["ledger", "--since", "2025-02-15"]));
}

#[test]
fn cli_positions_limits_evidence_and_counts_all_of_it() {
    let f = Fixture::ingested();
    // A second edition of the first article gives its stances a second evidence.
    let more = f.dir.path().join("more");
    std::fs::create_dir_all(&more).unwrap();
    let (name, text) = ARTICLES[0];
    std::fs::write(more.join(format!("updated-{name}")), format!("{text}\nThe talks continue.\n")).unwrap();
    f.cmd().args(["ingest", "-q"]).arg(&more).arg("--graph").arg(f.graph()).arg("--rules").arg(rules_dir()).assert().success();
    let all = f.json(&["positions", "--all"]);
    let limited = f.json(&["positions", "--limit", "1"]);
    let (all, limited) = (all.as_array().unwrap(), limited.as_array().unwrap());
    assert_eq!(all.len(), limited.len(), "the limit cuts evidence, not stances");
    assert!(all.iter().any(|r| r["evidence_count"].as_u64() > Some(1)), "the fixture needs a stance with two evidences: {all:#?}");
    for (a, l) in all.iter().zip(limited) {
        let count = a["evidence_count"].as_u64().unwrap();
        assert_eq!(a["evidence"].as_array().unwrap().len() as u64, count);
        assert_eq!(l["evidence_count"].as_u64(), Some(count));
        let shown = l["evidence"].as_array().unwrap();
        assert_eq!(shown.len(), 1);
        // The one kept is the newest.
        assert_eq!(shown[0], *a["evidence"].as_array().unwrap().last().unwrap());
    }
    let text = f.text(&["positions", "--limit", "1"]);
    assert!(text.contains("older evidences not shown"), "{text}");
    f.cmd().args(["positions", "--limit", "1", "--all"]).assert().failure();
}

#[test]
fn cli_output_into_a_closed_pipe_ends_quietly() {
    // `claimgraph positions | head -1`: the reader is gone before we write.
    let f = Fixture::ingested();
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(["positions", "--all", "--graph"])
        .arg(f.graph())
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn capped_contradictions_are_the_newest_rows_of_the_whole_scoped_answer() {
    use claimgraph::query::limit;
    let g = graph();
    for roll_up in [false, true] {
        let whole = query::contradictions(&g, roll_up);
        assert!(whole.len() >= 2, "{whole:#?}");
        for scope in [
            query::ContradictionScope::default(),
            query::ContradictionScope { topic: Some("ceasefire"), actor: None },
            query::ContradictionScope { topic: None, actor: Some("Syldavia") },
        ] {
            let mut scoped = whole.clone();
            scoped.retain(|c| scope.holds(scope.topic, c));
            for cap in [None, Some(0), Some(1), Some(scoped.len().saturating_sub(1)), Some(scoped.len())] {
                let want = limit::newest(scoped.clone(), cap, |c| limit::later(&c.first.evidence, &c.second.evidence));
                let got = query::contradictions_in(&g, roll_up, scope, scope.topic, cap);
                assert_eq!(got, want, "roll-up {roll_up}, {scope:?}, cap {cap:?}");
            }
        }
        // A cap below the answer leaves rows out (and says how many).
        let one = query::contradictions_in(&g, roll_up, query::ContradictionScope::default(), None, Some(1));
        assert_eq!((one.rows.len(), one.left_out()), (1, whole.len() - 1));
    }
}
