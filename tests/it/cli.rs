//! The first hour of a new user (issue 19): defaults that work from any
//! folder, `-o -`, stdin, `--json` everywhere, exit codes, "did you mean",
//! tables, completions and man pages. Articles and names are invented.

use std::path::{Path, PathBuf};

use assert_cmd::cargo::cargo_bin_cmd;
use predicates::prelude::*;

const ARTICLE: &str = "Harbour talks stall\n\nBy Test Desk, March 3, 2025\n\n\
Foreign minister Tomas Lindqvist said on Monday that Ukraine demands security guarantees before any ceasefire.\n\n\
“We will not sign a paper that leaves us defenceless,” Lindqvist told reporters.\n\n\
The Kremlin rejects NATO membership for Ukraine, spokesman Arvo Pelt said.\n";

const HTML_ARTICLE: &str = "<html><head><title>Port deal</title></head><body><article><h1>Port to reopen</h1>\
<p>Edda Sommer, the harbour master, said the port will reopen on Friday.</p></article></body></html>";

/// An empty folder with one article in `news/`; commands run inside it with
/// no configuration from the environment.
struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Folder {
        let f = Folder { dir: tempfile::tempdir().unwrap() };
        f.write("news/harbour.txt", ARTICLE);
        f
    }
    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    fn cmd(&self) -> assert_cmd::Command {
        let mut c = cargo_bin_cmd!("claimgraph");
        c.current_dir(self.dir.path()).env_remove("CLAIMGRAPH_GRAPH").env_remove("CLAIMGRAPH_RULES").env_remove("COLUMNS");
        c
    }
    /// `news/` ingested with every default.
    fn ingested() -> Folder {
        let f = Folder::new();
        f.cmd().args(["ingest", "-q", "news"]).assert().success().stdout("");
        f
    }
    fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).assert().success().get_output().stdout.clone();
        String::from_utf8(out).unwrap()
    }
    fn json(&self, args: &[&str]) -> serde_json::Value {
        serde_json::from_str(&self.stdout(args)).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"))
    }
}

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

#[test]
fn from_an_empty_folder_the_bundled_rules_and_a_local_graph_are_used() {
    let f = Folder::ingested();
    assert!(f.path("claimgraph.ron").is_file(), "the default graph is claimgraph.ron here");
    // The bundled rules know the Kremlin stands for Russia.
    let rows = f.json(&["positions", "--json"]);
    assert!(rows.as_array().unwrap().iter().any(|r| r["actor"] == "Russia" && r["topic"] == "ukraine_nato_membership"), "{rows:#}");
}

#[test]
fn the_committed_sample_graph_is_never_the_default() {
    let f = Folder::new();
    std::fs::create_dir_all(f.path("graphs")).unwrap();
    std::fs::copy(repo("graphs/graph.ron"), f.path("graphs/graph.ron")).unwrap();
    f.cmd()
        .arg("positions")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no graph at claimgraph.ron").and(predicate::str::contains("CLAIMGRAPH_GRAPH")));
    // Named, it is read.
    f.cmd().args(["positions", "-g", "graphs/graph.ron", "--actor", "Marchenko"]).assert().success();
}

#[test]
fn the_environment_names_the_graph_and_the_rules() {
    let f = Folder::new();
    for (name, text) in crate::ingest::RULES {
        f.write(&format!("myrules/{name}"), text);
    }
    f.write("news/strelsau.txt", crate::ingest::ARTICLE_A);
    f.cmd().env("CLAIMGRAPH_GRAPH", "elsewhere.ron").env("CLAIMGRAPH_RULES", "myrules").args(["ingest", "-q", "news"]).assert().success();
    assert!(f.path("elsewhere.ron").is_file() && !f.path("claimgraph.ron").exists());
    // The fixture rules, not the bundled ones: their one topic only.
    let v = f.cmd().env("CLAIMGRAPH_GRAPH", "elsewhere.ron").args(["export"]).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&v).unwrap();
    let topics: Vec<&str> = v["topics"].as_array().unwrap().iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(topics, ["ceasefire"]);
    // Without the variables, the bundled rules and the default graph.
    f.cmd().args(["ingest", "-q", "news"]).assert().success();
    assert!(f.path("claimgraph.ron").is_file());
}

#[test]
fn bundled_rule_folders_combine_with_a_domain_of_ones_own_and_can_be_copied_out() {
    let f = Folder::new();
    f.cmd().args(["rules", "init", "mine"]).assert().success();
    for sub in ["core/speech.ron", "core/lexicon.ron", "domains/ukraine-war/actors.ron"] {
        assert_eq!(std::fs::read_to_string(f.path("mine").join(sub)).unwrap(), std::fs::read_to_string(repo("data/rules").join(sub)).unwrap());
    }
    f.cmd().args(["rules", "init", "mine"]).assert().failure().stderr(predicate::str::contains("--force"));
    f.cmd().args(["rules", "init", "mine", "--force"]).assert().success();
    // The bundled core alone, plus a domain folder of one's own.
    f.write("city/topics.ron", "(topics: [(id: \"harbour\", label: \"Harbour\", patterns: [r\"harbour|port\"])])\n");
    f.cmd().args(["ingest", "-q", "news", "-r", "<bundled>/core", "-r", "city"]).assert().success();
    let topics = f.json(&["export"])["topics"].clone();
    assert_eq!(topics.as_array().map(Vec::len), Some(1), "{topics:#}");
    f.cmd().args(["rules", "check", "<bundled>/domains/nowhere"]).assert().code(1).stderr(predicate::str::contains("<bundled>/domains/ukraine-war"));
}

#[test]
fn an_error_in_a_bundled_rule_file_names_it_with_line_and_column() {
    let mut set = claimgraph::rules::RuleSet::empty(vec![PathBuf::from("<bundled>")]);
    let err = set.add_file(Path::new("<bundled>/core/speech.ron"), "(cues: [\n  (id: \"x\", nope: 1),\n])".into()).unwrap_err();
    assert!(err.to_string().starts_with("<bundled>/core/speech.ron:2:"), "{err}");
    // The bundled tree loads as a whole, under that name.
    let all = claimgraph::rules::RuleSet::bundled().unwrap();
    assert!(all.files.iter().all(|p| p.starts_with("<bundled>")) && all.files.len() >= 5, "{:?}", all.files);
}

#[test]
fn a_missing_file_is_reported_once_with_the_folder_it_was_looked_for_in() {
    let f = Folder::new();
    let out = f.cmd().args(["ingest", "nowhere/"]).assert().code(1).get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert_eq!(err.matches("No such file").count(), 1, "{err}");
    assert!(err.contains("relative paths are read from the current folder"), "{err}");
}

#[test]
fn unknown_actors_and_topics_are_usage_errors_with_a_suggestion() {
    let f = Folder::ingested();
    f.cmd().args(["positions", "--actor", "Lindqvst"]).assert().code(2).stderr(predicate::str::contains("did you mean `Tomas Lindqvist`?"));
    f.cmd().args(["who-said", "--actor", "Lindqvst"]).assert().code(2).stderr(predicate::str::contains("Tomas Lindqvist"));
    f.cmd().args(["positions", "--topic", "nato membrship"]).assert().code(2).stderr(predicate::str::contains("did you mean"));
    f.cmd().args(["dot", "--view", "stances", "--topic", "ceasfire"]).assert().code(2).stderr(predicate::str::contains("`ceasefire`"));
    f.cmd().args(["positions", "--actor", "Zyxwvut"]).assert().code(2).stderr(predicate::str::contains("did you mean").not());
    // Known values pass.
    f.cmd().args(["positions", "--actor", "lindqvist", "--topic", "security_guarantees"]).assert().code(predicate::ne(2));
}

#[test]
fn a_query_that_matches_nothing_exits_4_and_still_prints_json() {
    let f = Folder::ingested();
    // A known actor (bundled) who said nothing here.
    let out = f.cmd().args(["who-said", "--actor", "Putin", "--json"]).assert().code(4).get_output().stdout.clone();
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&out).unwrap(), serde_json::json!([]));
    f.cmd().args(["positions", "--actor", "Putin"]).assert().code(4).stderr(predicate::str::contains("no stances match"));
    f.cmd().args(["contradictions"]).assert().code(4);
    // The counter-example: a match exits 0.
    f.cmd().args(["who-said", "--actor", "Lindqvist"]).assert().code(0);
}

#[test]
fn dash_means_standard_output_for_every_export() {
    let f = Folder::ingested();
    let json = f.json(&["export", "-f", "json", "-o", "-"]);
    assert!(json["statements"].as_array().is_some_and(|s| !s.is_empty()));
    assert!(f.stdout(&["export", "-f", "ron", "-o", "-"]).contains("statements"));
    assert!(f.stdout(&["export", "-f", "graphml", "-o", "-"]).contains("<graphml"));
    assert!(f.stdout(&["dot", "--view", "stances"]).starts_with("digraph"));
    f.cmd().args(["export", "-f", "csv", "-o", "-"]).assert().code(1).stderr(predicate::str::contains("give a folder"));
    assert!(!f.path("-").exists(), "no file or folder named `-`");
    f.cmd().args(["export", "-f", "csv", "-o", "tables"]).assert().success();
    assert!(f.path("tables/nodes.csv").is_file());
}

#[test]
fn an_article_can_come_from_standard_input() {
    let f = Folder::new();
    let v = f.cmd().args(["ingest", "-", "--json"]).write_stdin(ARTICLE).assert().success().get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&v).unwrap();
    assert_eq!(v["new"], 1, "{v:#}");
    let speakers = f.json(&["who-said", "--json"]);
    assert!(speakers.as_array().unwrap().iter().any(|r| r["speaker"] == "Tomas Lindqvist" && r["article"] == "stdin.txt"));
    // HTML, under a name of one's choosing.
    f.cmd().args(["ingest", "-q", "-", "--stdin-name", "port.html"]).write_stdin(HTML_ARTICLE).assert().success();
    let rows = f.json(&["who-said", "--actor", "Sommer", "--json"]);
    assert!(rows.as_array().unwrap().iter().all(|r| r["article"] == "port.html" && !r["text"].as_str().unwrap().contains('<')), "{rows:#}");
    f.cmd().args(["ingest", "-", "news"]).write_stdin(ARTICLE).assert().failure().stderr(predicate::str::contains("give it alone"));
    f.cmd().args(["ingest", "-"]).write_stdin("  \n").assert().failure().stderr(predicate::str::contains("empty"));
}

#[test]
fn json_on_ingest_verify_rules_and_explain() {
    let f = Folder::new();
    let v: serde_json::Value = serde_json::from_str(&f.stdout(&["ingest", "news", "--json"])).unwrap();
    assert_eq!((v["new"].as_u64(), v["graph"].as_str()), (Some(1), Some("claimgraph.ron")), "{v:#}");
    let v = f.json(&["verify", "--json"]);
    assert_eq!(v["mismatches"], serde_json::json!([]), "{v:#}");
    assert!(v["spans"].as_u64() > Some(0));
    let v = f.json(&["rules", "check", "--json"]);
    assert_eq!((v["errors"].as_u64(), v["rules"].as_str()), (Some(0), Some("<bundled>")), "{v:#}");
    let v = f.json(&["rules", "test", "--json"]);
    assert!(v["passed"].as_u64() > Some(10) && v["failed"] == 0, "{}", v["failed"]);
    // A broken rule folder: the problem with its position, and exit 1.
    f.write("bad/speech.ron", "(cues: [(id: \"a\", form: verb, pattern: r\"said|(says\")])\n");
    let out = f.cmd().args(["rules", "check", "bad", "--json"]).assert().code(1).get_output().stdout.clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!((v["problems"][0]["file"].as_str(), v["problems"][0]["line"].as_u64()), (Some("bad/speech.ron"), Some(1)), "{v:#}");
    let id = f.json(&["who-said", "--actor", "Lindqvist", "--json"])[0]["id"].as_str().unwrap().to_string();
    let v = f.json(&["explain", &id, "--json"]);
    assert_eq!((v["kind"].as_str(), v["speaker"].as_str()), (Some("statement"), Some("Tomas Lindqvist")), "{v:#}");
    let v = f.json(&["explain", "--why-not", "spokesman Arvo Pelt said", "--article", "news/harbour.txt", "--json"]);
    assert!(v["sentences"][0]["speech_cues"].as_array().is_some_and(|c| !c.is_empty()), "{v:#}");
}

#[test]
fn who_said_json_rows_have_the_shape_of_the_exported_statements() {
    let f = Folder::ingested();
    let export = f.json(&["export"]);
    let exported = export["statements"].as_array().unwrap();
    let rows = f.json(&["who-said", "--json"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), exported.len());
    for r in rows {
        assert!(exported.contains(r), "who-said row not among the exported statements: {r:#}");
    }
}

#[test]
fn tables_never_split_ids_file_names_or_rules() {
    let f = Folder::ingested();
    let ids: Vec<String> = f.json(&["who-said", "--json"]).as_array().unwrap().iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    for width in ["60", "100"] {
        let out = f.cmd().env("COLUMNS", width).args(["who-said"]).assert().success().get_output().stdout.clone();
        let table = String::from_utf8(out).unwrap();
        for id in &ids {
            assert!(table.contains(id.as_str()), "{id} split at {width} columns:\n{table}");
        }
        let out = f.cmd().env("COLUMNS", width).args(["positions"]).assert().success().get_output().stdout.clone();
        let table = String::from_utf8(out).unwrap();
        assert!(table.contains("harbour.txt") && table.contains("ukraine_nato_membership"), "{table}");
    }
}

#[test]
fn the_report_shows_no_absolute_paths_of_this_machine() {
    let f = Folder::new();
    let abs = f.path("news").canonicalize().unwrap();
    f.cmd().arg("ingest").arg("-q").arg(&abs).assert().success();
    let page = f.stdout(&["-q", "report", "-o", "-"]);
    let root = f.dir.path().canonicalize().unwrap();
    assert!(!page.contains(root.to_str().unwrap()), "the report names {}", root.display());
    assert!(page.contains("news/harbour.txt"));
}

#[test]
fn completions_and_man_pages_are_generated() {
    let f = Folder::new();
    for shell in ["bash", "zsh", "fish"] {
        assert!(f.stdout(&["completions", shell]).contains("who-said"), "{shell}");
    }
    assert!(f.stdout(&["man"]).contains(".TH claimgraph 1"));
    f.cmd().args(["man", "-o", "man"]).assert().success();
    assert!(f.path("man/claimgraph-ingest.1").is_file());
    f.cmd().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn quiet_and_verbose() {
    let f = Folder::new();
    let out = f.cmd().args(["--quiet", "ingest", "news"]).assert().success().get_output().clone();
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let out = f.cmd().args(["ingest", "news", "-v"]).assert().success().get_output().stderr.clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("rules: <bundled>") && err.contains("graph: claimgraph.ron"), "{err}");
    let out = f.cmd().env("CLAIMGRAPH_RENDERER", "builtin").args(["-q", "render", "--view", "stances", "-o", "s.svg"]).assert().success().get_output().stderr.clone();
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    f.cmd().args(["-q", "-v", "positions"]).assert().code(2);
}

#[test]
fn the_sample_gold_file_scores_from_any_folder() {
    let f = Folder::new();
    let v = f
        .cmd()
        .args(["eval", "--json", "--gold"])
        .arg(repo("data/gold/sample.json"))
        .arg("--corpus")
        .arg(repo("data/articles"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&v).unwrap();
    assert_eq!(v["articles"], 1, "{v:#}");
    assert!(v["quotes"]["all"]["detection"]["gold"].as_u64() >= Some(8), "{v:#}");
}
