//! The row cap of the listing queries (`--limit N`, `--all`, the default):
//! a capped answer is the whole answer's newest rows in its order, a cut
//! is always said on stderr (under `--quiet` and `--json` too, with valid
//! JSON on stdout), and a small graph is never cut by the default.

use serde_json::Value;

use super::query::Fixture;

/// stdout as JSON and stderr as text of `args` run on the fixture's graph.
fn run(f: &Fixture, args: &[&str]) -> (Value, String) {
    let out = f.cmd().args(args).arg("--graph").arg(f.graph()).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    let v = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}"));
    (v, String::from_utf8_lossy(&out.stderr).into_owned())
}

fn rows(v: &Value) -> Vec<Value> {
    v.as_array().cloned().unwrap_or_default()
}

fn date_of(e: &Value) -> (String, String, u64) {
    (e["date"].as_str().unwrap_or("").to_string(), e["article"].as_str().unwrap_or("").to_string(), e["sentence"]["start"].as_u64().unwrap_or(0))
}

#[test]
fn the_default_cap_leaves_a_small_graph_whole_and_silent() {
    let f = Fixture::ingested();
    for q in [&["who-said"][..], &["contradictions"], &["ledger"], &["positions"], &["who-said", "--about", "ceasefire"]] {
        let (default, note) = run(&f, q);
        let (all, _) = run(&f, &[q, &["--all"]].concat());
        assert_eq!(default, all, "{q:?}");
        assert!(note.is_empty(), "{q:?}: {note}");
    }
}

#[test]
fn who_said_limit_keeps_the_newest_rows_of_the_whole_answer() {
    let f = Fixture::ingested();
    // The speaker with the most statement occurrences.
    let (everyone, _) = run(&f, &["who-said", "--all"]);
    let mut counts = std::collections::BTreeMap::new();
    for r in rows(&everyone) {
        *counts.entry(r["speaker"].as_str().unwrap_or("").to_string()).or_insert(0) += 1;
    }
    let busiest = counts.iter().max_by_key(|(_, n)| **n).map(|(s, _)| s.clone()).unwrap_or_default();
    for q in [&["who-said"][..], &["who-said", "--actor", &busiest], &["who-said", "--about", "ceasefire"]] {
        let (all, _) = run(&f, &[q, &["--all"]].concat());
        let all = rows(&all);
        assert!(all.len() >= 2, "{q:?}: {all:?}");
        // Oldest first, so the newest k are the last k.
        let k = all.len() - 1;
        let (some, note) = run(&f, &[q, &["--limit", &k.to_string()]].concat());
        assert_eq!(rows(&some), all[1..].to_vec(), "{q:?}");
        assert!(note.contains(&format!("showing the newest {k} of {} statement occurrences; --limit N shows more, --all shows all", all.len())), "{q:?}: {note}");
        // A limit as large as the answer cuts nothing and says nothing.
        let (whole, note) = run(&f, &[q, &["--limit", &all.len().to_string()]].concat());
        assert_eq!(rows(&whole), all);
        assert!(note.is_empty(), "{note}");
    }
}

#[test]
fn a_cut_is_said_under_quiet_and_the_json_stays_whole() {
    let f = Fixture::ingested();
    let (all, _) = run(&f, &["contradictions", "--all"]);
    let all = rows(&all);
    let (one, note) = run(&f, &["-q", "contradictions", "--limit", "1"]);
    let one = rows(&one);
    assert_eq!(one.len(), 1);
    assert!(note.contains(&format!("showing the newest 1 of {} contradictions", all.len())), "{note}");
    // The kept row is one of the whole answer's, and none cites later evidence.
    assert!(all.contains(&one[0]));
    let newest = |c: &Value| date_of(&c["first"]["evidence"]).max(date_of(&c["second"]["evidence"]));
    assert!(all.iter().all(|c| newest(c) <= newest(&one[0])), "{one:?}");
    // --limit 0 is --all.
    assert_eq!(rows(&run(&f, &["contradictions", "--limit", "0"]).0), all);
}

#[test]
fn ledger_caps_entries_and_moves_each_and_positions_counts_stances() {
    let f = Fixture::ingested();
    let (all, _) = run(&f, &["ledger", "--all"]);
    let (entries, moves) = (rows(&all["entries"]), rows(&all["moves"]));
    assert!(entries.len() > 1 && !moves.is_empty(), "{all:#}");
    let (one, note) = run(&f, &["ledger", "--limit", "1"]);
    let kept = rows(&one["entries"]);
    assert_eq!(kept.len(), 1);
    assert!(entries.contains(&kept[0]));
    assert!(entries.iter().all(|e| date_of(&e["evidence"]) <= date_of(&kept[0]["evidence"])));
    assert!(note.contains(&format!("showing the newest 1 of {} ledger entries", entries.len())), "{note}");
    assert_eq!(rows(&one["moves"]).len(), 1);
    assert_eq!(note.contains("stance changes"), moves.len() > 1, "{note}");
    // Positions have no date to rank by: the first stances, by actor and topic.
    let (all, _) = run(&f, &["positions", "--all"]);
    let (two, note) = run(&f, &["positions", "--rows", "2"]);
    assert_eq!(rows(&two), rows(&all)[..2].to_vec());
    assert!(note.contains(&format!("showing the first 2 of {} stances; --rows N shows more", rows(&all).len())), "{note}");
}

#[test]
fn all_and_limit_together_are_a_usage_error() {
    let f = Fixture::ingested();
    for q in ["who-said", "contradictions", "ledger"] {
        f.cmd().args([q, "--all", "--limit", "3", "--graph"]).arg(f.graph()).assert().code(2);
    }
    f.cmd().args(["positions", "--all", "--rows", "3", "--graph"]).arg(f.graph()).assert().code(2);
}

/// A capped `ledger`, with or without `--actor` and `--topic`, read from
/// the index's ledger tables, answers and counts exactly as the graph
/// read whole does (`CLAIMGRAPH_INDEX=off`): the newest moves of the
/// whole answer, in its order, with its total.
#[test]
fn ledger_from_the_index_equals_the_whole_ledger_cut() {
    let f = Fixture::ingested();
    let (all, _) = run(&f, &["ledger", "--all"]);
    let moves = rows(&all["moves"]);
    // The actor and the topic with the most moves.
    let most = |field: &str| {
        let mut n = std::collections::BTreeMap::new();
        for m in &moves {
            *n.entry(m[field].as_str().unwrap_or("").to_string()).or_insert(0) += 1;
        }
        n.into_iter().max_by_key(|(_, c)| *c).map(|(k, _)| k).unwrap_or_default()
    };
    let (actor, topic) = (most("actor"), most("topic"));
    assert!(!actor.is_empty() && !topic.is_empty(), "{all:#}");
    let last_word = actor.split_whitespace().last().unwrap_or("").to_lowercase();
    let plain = |args: &[&str]| {
        let out = f.cmd().env("CLAIMGRAPH_INDEX", "off").args(args).arg("--graph").arg(f.graph()).arg("--json").output().unwrap();
        (out.stdout, String::from_utf8_lossy(&out.stderr).into_owned(), out.status.code())
    };
    for q in [&["ledger"][..], &["ledger", "--actor", &actor], &["ledger", "--actor", &last_word], &["ledger", "--topic", &topic], &["ledger", "--actor", &actor, "--topic", &topic]] {
        let (whole, _) = run(&f, &[q, &["--all"]].concat());
        let n = rows(&whole["moves"]).len();
        assert!(n >= 1, "{q:?}");
        for k in [1, 2, n.saturating_sub(1).max(1), n] {
            let k_text = k.to_string();
            let args = [q, &["--limit", &k_text]].concat();
            let (got, note) = run(&f, &args);
            let (want, want_note, _) = plain(&args);
            assert_eq!(got, serde_json::from_slice::<Value>(&want).unwrap(), "{args:?}");
            assert_eq!(note, want_note, "{args:?}");
            assert_eq!(rows(&got["moves"]).len(), k.min(n), "{args:?}");
            if k < n {
                assert!(note.contains(&format!("showing the newest {k} of {n} stance changes")), "{args:?}: {note}");
            }
        }
    }
    assert!(claimgraph::store::index::index_path(&f.graph()).exists(), "the queries did not build the index");
    // An actor no stance or statement names is still a usage error.
    let (_, note, code) = plain(&["ledger", "--actor", "Nobody Atall"]);
    let out = f.cmd().args(["ledger", "--actor", "Nobody Atall", "--graph"]).arg(f.graph()).arg("--json").output().unwrap();
    assert_eq!((out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned()), (code, note));
    assert_eq!(code, Some(2));
}

/// `positions` read from the index (only the printed stances' newest
/// evidences and their counts) prints, as JSON and as a table, exactly
/// what the graph read whole prints.
#[test]
fn positions_read_from_the_index_print_what_the_graph_gives() {
    let f = Fixture::ingested();
    // Stances with several evidences, some on one day.
    let more = f.graph().with_file_name("more");
    std::fs::create_dir_all(&more).unwrap();
    let articles = [
        "Border talk\n\nBy Test Desk, April 2, 2025\n\nMoscow rejected the idea of European peacekeepers near its border.\n\nVladimir Putin said he opposes a ceasefire this spring.\n\nKyiv has called for European peacekeepers along the front.\n",
        "Another week\n\nBy Test Desk, April 9, 2025\n\nMoscow again rejected European peacekeepers.\n\nVladimir Putin opposes a ceasefire.\n\nVladimir Putin still opposes a ceasefire, his aide said.\n",
    ];
    for (i, text) in articles.iter().enumerate() {
        std::fs::write(more.join(format!("m{i}.txt")), text).unwrap();
    }
    f.cmd().args(["ingest", "-q"]).arg(&more).arg("--graph").arg(f.graph()).arg("--rules").arg(super::query::rules_dir()).assert().success();
    let (all, _) = run(&f, &["positions", "--all"]);
    let all = rows(&all);
    assert!(all.len() > 2 && all.iter().any(|r| r["evidence_count"].as_u64() > Some(1)), "{all:?}");
    let actor = all[0]["actor"].as_str().unwrap_or("").to_string();
    let out = |index: &str, q: &[&str], json: bool| {
        let mut c = f.cmd();
        c.env("CLAIMGRAPH_INDEX", index).args(q).arg("--graph").arg(f.graph()).env("COLUMNS", "200");
        if json {
            c.arg("--json");
        }
        let o = c.output().unwrap();
        (o.status.code(), o.stdout, o.stderr)
    };
    let queries: [&[&str]; 7] = [
        &["positions"],
        &["positions", "--limit", "1"],
        &["positions", "--rows", "2", "--limit", "1"],
        &["positions", "--actor", &actor, "--limit", "1"],
        &["positions", "--actor", &actor, "--rows", "1", "--roll-up"],
        &["positions", "--topic", "ceasefire", "--limit", "0"],
        &["positions", "--actor", "Nobody Atall"],
    ];
    for q in queries {
        for json in [true, false] {
            assert_eq!(out("on", q, json), out("off", q, json), "{q:?} json {json}");
        }
    }
    // The count is every evidence's, though one is shown.
    let (one, _) = run(&f, &["positions", "--limit", "1"]);
    for (r, whole) in rows(&one).iter().zip(&all) {
        assert_eq!(r["evidence_count"], whole["evidence_count"]);
        assert_eq!(r["evidence"].as_array().map(Vec::len), Some(1));
    }
}
