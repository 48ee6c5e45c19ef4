//! `claimgraph ingest` and `export`: input validation, incremental and
//! concurrent ingest, and the JSON export. Fixtures are small made-up
//! articles and a minimal rule set written to a temp dir.

use std::path::PathBuf;

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

use claimgraph::store;

/// A minimal rule set of our own, so these tests do not move when the real
/// rules in `data/rules` change.
pub const RULES: &[(&str, &str)] = &[
    (
        "actors.ron",
        r#"(actors: [
  (id: "actor.ruritania", name: "Ruritania", kind: country, aliases: ["Strelsau"]),
  (id: "actor.varga", name: "Ilona Varga", kind: person, gender: Some(female), member_of: Some("Ruritania")),
])
"#,
    ),
    (
        "speech.ron",
        "(cues: [(id: \"speech.say\", form: verb, pattern: r\"said|says\")])\n",
    ),
    (
        "topics.ron",
        "(topics: [(id: \"ceasefire\", label: \"Ceasefire\", patterns: [r\"ceasefire|truce\"])])\n",
    ),
    (
        "stances.ron",
        "(stances: [(id: \"stance.demand\", stance: demands, pattern: r\"calls? for|demands?\")], negations: [])\n",
    ),
];

pub const ARTICLE_A: &str = "Talks stall in Strelsau\n\nBy Test Desk, March 3, 2025\n\nIlona Varga said the ceasefire must hold.\n\n“We will never give up,” Anna Kovalenko said.\n";
pub const ARTICLE_B: &str = "Second day of talks\n\nBy Test Desk, March 4, 2025\n\nThe mayor spoke at noon.\n\n“We will never give up,” Anna Kovalenko said.\n";

/// A temp dir holding the fixture rules under `rules/`; tests run the
/// binary inside it with relative paths, so messages stay short.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new() -> Fixture {
        let f = Fixture {
            dir: tempfile::tempdir().unwrap(),
        };
        for (name, text) in RULES {
            f.write(&format!("rules/{name}"), text.as_bytes());
        }
        f
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, bytes).unwrap();
        p
    }

    pub fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap()
    }

    pub fn cmd(&self) -> assert_cmd::Command {
        let mut c = cargo_bin_cmd!("claimgraph");
        c.current_dir(self.dir.path());
        c
    }

    /// `claimgraph ingest <inputs> --graph g.ron --rules rules -q`
    pub fn ingest(&self, inputs: &[&str]) -> assert_cmd::Command {
        let mut c = self.cmd();
        c.arg("ingest")
            .args(inputs)
            .args(["--graph", "g.ron", "--rules", "rules"]);
        c
    }

    pub fn graph(&self) -> store::GraphData {
        store::load_existing(&self.path("g.ron")).unwrap()
    }
}

// A bad article no longer sinks the ingest (issue 17): it is skipped with a
// warning naming file, line and column, the others land, and the exit
// status is 3. Before, the whole ingest failed and the graph stayed untouched.
#[test]
fn binary_file_is_skipped_with_its_position_and_the_rest_lands() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.write("img.txt", b"GIF89a\x00\x01\x02");
    f.ingest(&["a.txt", "img.txt"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("warning: skipped img.txt:1:7").and(predicate::str::contains("binary")));
    let g = f.graph();
    assert_eq!(g.articles.len(), 1);
    assert_eq!(g.articles[0].path, "a.txt");
}

#[test]
fn invalid_utf8_names_file_line_and_column() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.ingest(&["a.txt"]).assert().success();
    let before = f.read("g.ron");
    f.write("latin1.txt", b"Headline\nCaf\xe9 talks resume.\n");
    // Nothing readable to add: the graph is not rewritten.
    f.ingest(&["latin1.txt"])
        .assert()
        .code(3)
        .stderr(predicate::str::contains("latin1.txt:2:4").and(predicate::str::contains("invalid UTF-8")));
    assert_eq!(before, f.read("g.ron"));
}

#[test]
fn missing_input_is_an_error() {
    let f = Fixture::new();
    f.ingest(&["nope.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("nope.txt"));
    assert!(!f.path("g.ron").exists());
}

#[test]
fn empty_folder_is_an_error() {
    let f = Fixture::new();
    f.write("empty/.hidden.txt", b"x");
    f.ingest(&["empty"]).assert().failure().stderr(predicate::str::contains("no article files"));
    assert!(!f.path("g.ron").exists());
}

#[test]
fn broken_rule_file_names_position() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    // An unknown field on line 2 of topics.ron.
    f.write(
        "rules/topics.ron",
        b"(topics: [\n  (id: \"ceasefire\", lable: \"Ceasefire\", patterns: [])\n])\n",
    );
    f.ingest(&["a.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("topics.ron:2:").and(predicate::str::contains("lable")));
    assert!(!f.path("g.ron").exists());
}

#[test]
fn truncated_graph_is_reported_and_left_alone() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.write("b.txt", ARTICLE_B.as_bytes());
    f.ingest(&["a.txt"]).assert().success();
    let full = f.read("g.ron");
    let cut = &full[..full.len() * 2 / 3];
    f.write("g.ron", cut);
    f.ingest(&["b.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::is_match(r"g\.ron:\d+:\d+: graph file is damaged").unwrap());
    assert_eq!(cut, f.read("g.ron").as_slice());
    f.cmd()
        .args(["export", "--graph", "g.ron", "--format", "json", "-o", "out.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("g.ron:"));
    assert!(!f.path("out.json").exists());
}

#[test]
fn graph_of_another_format_version_is_refused() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.ingest(&["a.txt"]).assert().success();
    let text = String::from_utf8(f.read("g.ron"))
        .unwrap()
        .replacen("format: 1,", "format: 7,", 1);
    f.write("g.ron", text.as_bytes());
    f.ingest(&["a.txt"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("format 7").and(predicate::str::contains("reads format 1")));
}

#[test]
fn reingest_is_byte_identical_and_second_article_merges() {
    let f = Fixture::new();
    f.write("in/a.txt", ARTICLE_A.as_bytes());
    f.write("in/b.txt", ARTICLE_B.as_bytes());
    f.ingest(&["in/a.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 new, 0 updated, 0 unchanged"));
    let first = f.read("g.ron");
    f.ingest(&["in/a.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 0 updated, 1 unchanged"));
    assert_eq!(first, f.read("g.ron"), "re-ingesting must not change a byte");

    // A folder: b is new, a is unchanged.
    f.ingest(&["in"])
        .assert()
        .success()
        .stdout(predicate::str::contains("1 new, 0 updated, 1 unchanged"));
    let g = f.graph();
    assert_eq!(g.articles.len(), 2);
    assert!(g.articles.iter().any(|a| a.path == "in/b.txt"));
    let two = f.read("g.ron");
    f.ingest(&["in", "-q"]).assert().success().stdout("");
    assert_eq!(two, f.read("g.ron"));

    // Changed rules re-extract what is ingested again.
    let speech = "(cues: [(id: \"speech.say\", form: verb, pattern: r\"said|says|told\")])\n";
    f.write("rules/speech.ron", speech.as_bytes());
    f.ingest(&["in/a.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated, 0 unchanged"));

    // A new --date is new metadata: the article is extracted again.
    f.ingest(&["in/b.txt", "--date", "2025-05-01"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 new, 1 updated"));
    let g = f.graph();
    let b = g.articles.iter().find(|a| a.path == "in/b.txt").unwrap();
    assert_eq!(b.date, chrono::NaiveDate::from_ymd_opt(2025, 5, 1));
}

#[test]
fn rule_actors_and_topics_land_in_graph() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.ingest(&["a.txt"]).assert().success();
    let g = f.graph();
    assert!(
        g.actors
            .iter()
            .any(|a| a.name == "Ilona Varga" && a.member_of.as_deref() == Some("Ruritania"))
    );
    assert_eq!(g.topics.len(), 1);
    assert_eq!(g.article_rules.len(), 1);
}

#[test]
fn same_quote_in_two_articles_is_one_statement() {
    let f = Fixture::new();
    f.write("a.txt", ARTICLE_A.as_bytes());
    f.write("b.txt", ARTICLE_B.as_bytes());
    f.ingest(&["a.txt", "b.txt"]).assert().success();
    let g = f.graph();
    let st: Vec<_> = g
        .statements
        .iter()
        .filter(|s| s.text.contains("never give up"))
        .collect();
    assert_eq!(st.len(), 1, "{:#?}", g.statements);
    assert_eq!(st[0].speaker, "Anna Kovalenko");
    assert_eq!(st[0].evidence.len(), 2);
    f.cmd()
        .args(["export", "--graph", "g.ron", "-o", "out.json"])
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&f.read("out.json")).unwrap();
    let rows: Vec<_> = json["statements"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["id"] == st[0].id.as_str())
        .collect();
    let files: Vec<_> = rows.iter().map(|r| r["article"].as_str().unwrap()).collect();
    assert_eq!(files, ["a.txt", "b.txt"]);
}

#[test]
fn concurrent_ingests_both_land() {
    let f = Fixture::new();
    // Several articles per process so that the runs overlap in time.
    for p in 0..3 {
        for i in 0..8 {
            let text = format!("Report {p}-{i}\n\n“Round {p} {i} is over,” Ilona Varga said.\n");
            f.write(&format!("p{p}/art{i}.txt"), text.as_bytes());
        }
    }
    let bin = assert_cmd::cargo::cargo_bin!("claimgraph");
    let children: Vec<_> = (0..3)
        .map(|p| {
            std::process::Command::new(bin)
                .current_dir(f.dir.path())
                .args(["ingest", &format!("p{p}"), "--graph", "g.ron", "--rules", "rules", "-q"])
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }
    assert_eq!(f.graph().articles.len(), 24);
}

#[test]
fn export_json_and_ron() {
    let f = Fixture::new();
    let mut g = store::GraphData::new();
    g.merge(super::store::sample_batch(), &store::RuleSnapshot::default());
    store::save(&f.path("g.ron"), &g).unwrap();
    f.cmd()
        .args(["export", "--graph", "g.ron", "--format", "json", "-o", "out/x.json"])
        .assert()
        .success();
    let text = String::from_utf8(f.read("out/x.json")).unwrap();
    serde_json::from_str::<serde_json::Value>(&text).unwrap();
    insta::assert_snapshot!("export_json", text);
    f.cmd()
        .args(["export", "--graph", "g.ron", "--format", "ron", "-o", "x.ron"])
        .assert()
        .success();
    assert_eq!(f.read("x.ron"), f.read("g.ron"));
    f.cmd()
        .args(["export", "--graph", "missing.ron", "-o", "y.json"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("missing.ron"));
}
