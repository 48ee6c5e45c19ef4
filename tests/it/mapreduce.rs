//! The map/reduce contract: records folded in any grouping, order and
//! repetition give the graph a single ingest gives.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use assert_cmd::Command;
use proptest::prelude::*;

use claimgraph::model::{Article, GraphData};
use claimgraph::source::synth::{self, SynthOptions};
use claimgraph::store::{self, FoldInput, Record};
use claimgraph::{Pipeline, Silent};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")
}

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::load(&bundled()).expect("bundled rules load"))
}

/// `n` short generated articles, and a copy of the first under a later
/// name (an ingest keeps the first path of a text it meets twice).
fn articles(seed: u64, n: u64) -> Vec<Article> {
    let p = pipeline();
    let opts = p.rules().read_options(None, None);
    let mut out: Vec<Article> = synth::generate(&SynthOptions { seed, paragraphs: (3, 8) }, n)
        .map(|a| claimgraph::source::parse_article(Path::new(&a.name), &a.text, &opts))
        .collect();
    let copy = claimgraph::source::parse_article(Path::new("zz-copy.txt"), &out[0].text.clone(), &opts);
    out.push(copy);
    out
}

fn ingested(articles: &[Article]) -> GraphData {
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    pipeline().ingest_articles(articles, &graph, &Silent).unwrap();
    store::load(&graph).unwrap()
}

fn fold(inputs: Vec<FoldInput>) -> GraphData {
    store::fold(inputs, pipeline().snapshot())
}

fn records(rs: &[&Record]) -> Vec<FoldInput> {
    rs.iter().map(|r| FoldInput::Record(Box::new((*r).clone()))).collect()
}

fn graph(g: &GraphData) -> FoldInput {
    FoldInput::Graph(Box::new(g.clone()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Associative, commutative, idempotent on repeated records and on
    /// graphs merged again, and equal to the ingest of the same articles.
    #[test]
    fn folding_records_in_any_grouping_equals_one_ingest(
        seed in 0u64..10_000,
        n in 1u64..5,
        order in Just((0..6usize).collect::<Vec<_>>()).prop_shuffle(),
        cut in 0usize..7,
        repeat in 0usize..6,
    ) {
        let arts = articles(seed, n);
        let want = ingested(&arts);
        let recs: Vec<Record> = arts.iter().map(|a| pipeline().record(a)).collect();
        let shuffled: Vec<&Record> = order.iter().filter(|&&i| i < recs.len()).map(|&i| &recs[i]).collect();
        let again = &recs[repeat % recs.len()];

        let mut flat = records(&shuffled);
        flat.extend(records(&[again]));
        prop_assert_eq!(&fold(flat), &want);

        let (left, right) = shuffled.split_at(cut.min(shuffled.len()));
        let gl = fold(records(left));
        let mut r = records(right);
        r.extend(records(&[again]));
        let gr = fold(r);
        // (left)(right), (right)(left), left then the right records one by one.
        prop_assert_eq!(&fold(vec![graph(&gl), graph(&gr)]), &want);
        prop_assert_eq!(&fold(vec![graph(&gr), graph(&gl)]), &want);
        let mut step = vec![graph(&gl)];
        step.extend(records(right));
        prop_assert_eq!(&fold(step), &want);
        // Merging the whole graph, or its records, again changes nothing.
        let mut twice = vec![graph(&want), graph(&want)];
        twice.extend(records(&shuffled));
        prop_assert_eq!(&fold(twice), &want);
    }
}

/// Records survive their JSON line unchanged, so a fold of records read
/// back from a file is the fold of the records made in memory.
#[test]
fn a_record_round_trips_through_json() {
    let arts = articles(3, 2);
    for a in &arts {
        let r = pipeline().record(a);
        let line = serde_json::to_string(&r).unwrap();
        assert!(!line.contains('\n'));
        let back = store::parse_records(Path::new("r.jsonl"), &line).unwrap();
        assert_eq!(back, vec![r]);
    }
}

fn cmd(sub: &str) -> Command {
    let mut c = Command::cargo_bin("claimgraph").unwrap();
    c.arg("-q").arg(sub).arg("--rules").arg(bundled());
    c
}

/// The seed articles extracted in two halves by the CLI and merged give
/// the graph an ingest of all of them gives; merging again changes nothing.
#[test]
fn cli_extract_in_halves_then_merge_equals_ingest() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    if !crate::require("../shared/corpus/seeds", seeds.is_dir()) {
        return;
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&seeds).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    assert!(files.len() >= 2, "need two seed articles");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = files.split_at(files.len() / 2);
    let first = dir.path().join("a.jsonl");
    cmd("extract").arg("--jsonl").arg("-o").arg(&first).args(a).assert().success();
    let out = cmd("extract").arg("--jsonl").args(b).output().unwrap();
    assert!(out.status.success());
    let second = dir.path().join("b.jsonl");
    std::fs::write(&second, &out.stdout).unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), b.len(), "one line per article");

    let merged = dir.path().join("m.ron");
    cmd("merge").arg(&second).arg(&first).arg("-g").arg(&merged).assert().success();
    let ingested = dir.path().join("i.ron");
    cmd("ingest").args(&files).arg("-g").arg(&ingested).assert().success();
    let want = store::load(&ingested).unwrap();
    assert!(!want.statements.is_empty() && !want.stances.is_empty());
    assert_eq!(store::load(&merged).unwrap(), want);

    // A graph and a record file it already holds: nothing changes.
    let again = dir.path().join("again.ron");
    cmd("merge").arg(&ingested).arg(&first).arg("-g").arg(&again).assert().success();
    assert_eq!(store::load(&again).unwrap(), want);
}

/// A record file with a bad line is refused at its line and column, and
/// the graph is not written.
#[test]
fn merge_refuses_a_bad_record_line_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    std::fs::write(&bad, "{\"record\": 1, \"rulez\": \"x\"}\n").unwrap();
    let graph = dir.path().join("g.ron");
    let out = cmd("merge").arg(&bad).arg("-g").arg(&graph).output().unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("bad.jsonl:1:"), "{stderr}");
    assert!(stderr.contains("unknown field"), "{stderr}");
    assert!(!graph.exists());
}
