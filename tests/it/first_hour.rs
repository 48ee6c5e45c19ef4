//! The first hour of a new user (issue 19), as the README tells it: from an
//! empty folder, with the bundled rules and the default graph, ingest a
//! folder of HTML pages (our own, with their metadata in meta tags, JSON-LD
//! and page elements), get the conflict network for Gephi, the
//! per-statement table for pandas and the per-outlet counts. The README's
//! pandas snippet runs on the result when a Python with pandas is there.

use std::path::Path;

use assert_cmd::cargo::cargo_bin_cmd;

use crate::networks::read_gexf;

const PAGES: [(&str, &str); 3] = [
    ("ledger.html", include_str!("first_hour/ledger.html")),
    ("fjord.html", include_str!("first_hour/fjord.html")),
    ("plain.html", include_str!("first_hour/plain.html")),
];

/// `claimgraph` in `dir` as a user runs it: no rule or graph flags, none
/// of the variables that would set them.
fn claimgraph(dir: &Path) -> assert_cmd::Command {
    let mut c = cargo_bin_cmd!("claimgraph");
    c.current_dir(dir).env_remove("CLAIMGRAPH_RULES").env_remove("CLAIMGRAPH_GRAPH");
    c
}

#[test]
fn from_an_empty_folder_to_gephi_pandas_and_outlet_counts() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (name, page) in PAGES {
        std::fs::create_dir_all(d.join("pages")).unwrap();
        std::fs::write(d.join("pages").join(name), page).unwrap();
    }
    claimgraph(d).args(["ingest", "pages"]).assert().success();
    assert!(d.join("claimgraph.ron").exists(), "the default graph is written here");

    // Gephi: GEXF that parses as XML, every edge between two of its nodes.
    claimgraph(d).args(["export", "-f", "gexf", "--network", "conflict", "-o", "conflict.gexf"]).assert().success();
    let (nodes, edges) = read_gexf(&std::fs::read_to_string(d.join("conflict.gexf")).unwrap());
    assert!(["Ukraine", "Russia", "France"].iter().all(|n| nodes.contains_key(*n)), "{nodes:?}");
    let mut pairs: Vec<(String, String)> = edges.iter().map(|(s, t, _)| (s.clone(), t.clone())).collect();
    pairs.sort();
    assert_eq!(pairs, [("France".to_string(), "Russia".to_string()), ("Russia".to_string(), "Ukraine".to_string())]);

    // The per-statement table: every attribute, the metadata of each page.
    claimgraph(d).args(["export", "-f", "statements-csv", "-o", "statements.csv"]).assert().success();
    let mut csv = csv::Reader::from_path(d.join("statements.csv")).unwrap();
    let header: Vec<String> = csv.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, claimgraph::export::statements::COLUMNS);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let ledger: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[col("article")] == "ledger.html").collect();
    assert!(ledger.len() >= 3, "{rows:?}");
    for r in &ledger {
        assert_eq!(
            (&r[col("outlet")], &r[col("byline")], &r[col("title")], &r[col("article_date")]),
            ("The Coastal Ledger", "Mira Halvorsen", "Truce talks stall again", "2025-03-04")
        );
    }
    let fjord = rows.iter().find(|r| &r[col("article")] == "fjord.html").unwrap();
    assert_eq!((&fjord[col("outlet")], &fjord[col("byline")], &fjord[col("article_date")]), ("Fjord Daily", "Tomas Brandvold", "2025-04-10"));

    // Per-outlet counts; the page without an outlet counts under (none).
    let out = claimgraph(d).args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success());
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_outlet: Vec<(String, u64)> = stats["by_outlet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_string(), r["articles"].as_u64().unwrap()))
        .collect();
    assert_eq!(by_outlet, [("Fjord Daily".to_string(), 1), ("The Coastal Ledger".to_string(), 1), ("(none)".to_string(), 1)]);
    assert_eq!(stats["by_outlet"][1]["stances"], 2);

    // The byline of a page that has only a byline element, in the JSON export.
    let out = claimgraph(d).args(["export", "-f", "json", "-o", "-"]).output().unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let plain = json["articles"].as_array().unwrap().iter().find(|a| a["file"] == "plain.html").unwrap();
    assert_eq!((&plain["byline"], &plain["title"], &plain["source"]), (&serde_json::json!("Sofie Lindqvist"), &serde_json::json!("Port reopens"), &serde_json::Value::Null));

    readme_pandas_snippet(d);
    readme_r_snippet(d);
}

/// Runs the README's R (igraph) snippet in `d` on the files its commands make.
fn readme_r_snippet(d: &Path) {
    let has_igraph = std::process::Command::new("Rscript").args(["-e", "library(igraph)"]).output().is_ok_and(|o| o.status.success());
    if !crate::require("Rscript with igraph (Debian: r-base-core r-cran-igraph)", has_igraph) {
        return;
    }
    claimgraph(d).args(["export", "-f", "pajek", "--network", "actor-topic", "-o", "two-mode.net"]).assert().success();
    claimgraph(d).args(["export", "-f", "matrix", "--network", "congruence", "--normalize", "average", "-o", "agreement.csv"]).assert().success();
    let script = format!("{}\nstopifnot(vcount(g) == 4, all(c(\"France\", \"Russia\", \"Ukraine\") %in% rownames(m)), \"The Coastal Ledger\" %in% rows$outlet)\n", readme_block("\nR (igraph):", "r"));
    let out = std::process::Command::new("Rscript").args(["-e", &script]).current_dir(d).output().unwrap();
    assert!(out.status.success(), "README R snippet failed:\n{}", String::from_utf8_lossy(&out.stderr));
}

/// The first `lang` code block of the README after the line `marker`.
fn readme_block(marker: &str, lang: &str) -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let after = &readme[readme.find(marker).unwrap_or_else(|| panic!("README has no {marker:?}"))..];
    let fence = format!("```{lang}\n");
    let start = after.find(&fence).unwrap() + fence.len();
    after[start..start + after[start..].find("```").unwrap()].to_string()
}

/// The Python that has pandas: the project's `.venv` (CI makes it), else `python3`.
fn python_with_pandas() -> Option<std::path::PathBuf> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/python");
    [venv, "python3".into()].into_iter().find(|p| {
        std::process::Command::new(p).args(["-c", "import pandas"]).output().is_ok_and(|o| o.status.success())
    })
}

/// Runs the README's pandas snippet in `d`, then checks that pandas reads
/// every attribute of the table.
fn readme_pandas_snippet(d: &Path) {
    let python = python_with_pandas();
    if !crate::require("python3 with pandas", python.is_some()) {
        return;
    }
    let snippet = readme_block("\npandas:", "python");
    // The files the snippet reads, made as the README's commands make them.
    claimgraph(d).args(["export", "-f", "matrix", "--network", "congruence", "--normalize", "average", "-o", "agreement.csv"]).assert().success();
    let columns: Vec<String> = claimgraph::export::statements::COLUMNS.iter().map(|c| format!("{c:?}")).collect();
    let check = format!(
        "{snippet}\nassert list(rows.columns) == [{}], list(rows.columns)\n\
         assert set(rows[rows.article == 'ledger.html'].outlet) == {{'The Coastal Ledger'}}\n\
         assert str(rows.date.dtype).startswith('datetime64')\nprint(len(rows))\n",
        columns.join(", ")
    );
    let out = std::process::Command::new(python.unwrap()).arg("-c").arg(&check).current_dir(d).output().unwrap();
    assert!(out.status.success(), "README pandas snippet failed:\n{}", String::from_utf8_lossy(&out.stderr));
}
