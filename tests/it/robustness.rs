//! Robustness: rule files whose regexes would blow up are refused with a
//! located error, and an ingest killed at any moment leaves the previous
//! graph readable and consistent with its articles.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::CommandCargoExt;

use claimgraph::Error;
use claimgraph::rules::RuleSet;
use claimgraph::store::{self, Layout};
use claimgraph::synth::{self, SynthOptions};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")
}

/// A copy of the bundled rules with one stance pattern replaced.
fn rules_with_stance_pattern(dir: &Path, pattern: &str) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for f in ["actors.ron", "speech.ron", "topics.ron"] {
        std::fs::copy(bundled().join(f), rules.join(f)).unwrap();
    }
    let stances = format!(
        "// A stance file with one pathological rule.\n(\n  stances: [\n    (\n      id: \"stance.huge\",\n      stance: demands,\n      pattern: r\"{pattern}\",\n    ),\n  ],\n)\n"
    );
    std::fs::write(rules.join("stances.ron"), stances).unwrap();
    rules
}

#[test]
fn huge_or_catastrophic_regexes_are_refused_with_their_position() {
    let alternation: String = (0..200_000).map(|i| format!("w{i}")).collect::<Vec<_>>().join("|");
    for pattern in ["(a{1000}){1000}", r"\w{200}\s+\w{200}", alternation.as_str()] {
        let dir = tempfile::tempdir().unwrap();
        let rules = rules_with_stance_pattern(dir.path(), pattern);
        let t = Instant::now();
        let err = RuleSet::load(&rules)
            .and_then(|r| r.compile().map(|_| ()))
            .expect_err(&format!("pattern {:.40} accepted", pattern));
        assert!(t.elapsed() < Duration::from_secs(20), "refusing took {:?}", t.elapsed());
        match &err {
            Error::RuleRegex { path, pos, rule, message, .. } => {
                assert!(path.ends_with("stances.ron"), "{path:?}");
                assert_eq!((pos.line, rule.as_str()), (7, "stance.huge"), "{err}");
                assert!(message.contains("too large") || message.contains("exceeds"), "{message}");
            }
            other => panic!("expected a regex error, got {other:?}"),
        }
        // The CLI says the same, with file:line:col, and touches no graph.
        let graph = dir.path().join("g.ron");
        let out = Command::cargo_bin("claimgraph")
            .unwrap()
            .args(["ingest", "--rules"])
            .arg(&rules)
            .arg("--graph")
            .arg(&graph)
            .arg(bundled().join("../articles"))
            .output()
            .unwrap();
        assert!(!out.status.success());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("stances.ron:7:"), "{stderr}");
        assert!(!graph.exists());
    }
}

fn write_corpus(dir: &Path, n: u64) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for a in synth::generate(&SynthOptions { seed: 11, ..SynthOptions::default() }, n) {
        std::fs::write(corpus.join(&a.name), a.text).unwrap();
    }
    corpus
}

fn ingest(graph: &Path, inputs: &[&Path]) -> Command {
    let mut cmd = Command::cargo_bin("claimgraph").unwrap();
    cmd.arg("ingest").arg("-q").arg("--graph").arg(graph).arg("--rules").arg(bundled()).args(inputs);
    cmd
}

fn verify_clean(graph: &Path) {
    let out = Command::cargo_bin("claimgraph").unwrap().arg("verify").arg("--graph").arg(graph).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

/// SIGKILLs an ingest at several moments of its run, in both layouts: the
/// graph always loads as the old graph or the new one, verifies clean, and
/// the next ingest completes it.
#[test]
fn killed_ingest_leaves_the_previous_graph_readable() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path(), 40);
    let mut names: Vec<PathBuf> = std::fs::read_dir(&corpus).unwrap().map(|e| e.unwrap().path()).collect();
    names.sort();
    let first: Vec<&Path> = names[..10].iter().map(PathBuf::as_path).collect();

    for layout in [Layout::Single, Layout::Split] {
        let graph = dir.path().join(format!("{layout:?}/g.ron"));
        assert!(ingest(&graph, &first).status().unwrap().success());
        let base = store::load_existing(&graph).unwrap();
        store::save_as(&graph, &base, layout).unwrap();

        // How long a whole run takes, on a copy, to aim the kills.
        let probe = dir.path().join(format!("{layout:?}-probe/g.ron"));
        store::save_as(&probe, &base, layout).unwrap();
        let t = Instant::now();
        assert!(ingest(&probe, &[&corpus]).status().unwrap().success());
        let full = t.elapsed();
        let after = store::load_existing(&probe).unwrap();

        for fraction in [0.5, 0.9, 0.97] {
            let mut child = ingest(&graph, &[&corpus]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
            std::thread::sleep(full.mul_f64(fraction));
            let _ = child.kill();
            let _ = child.wait();
            let now = store::load_existing(&graph).unwrap_or_else(|e| panic!("{layout:?} at {fraction}: {e}"));
            assert!(now == base || now == after, "{layout:?} killed at {fraction} of a run left a third graph");
            verify_clean(&graph);
            if now == after {
                // The kill came too late; start again from the old graph.
                store::save_as(&graph, &base, layout).unwrap();
            }
        }
        assert!(ingest(&graph, &[&corpus]).status().unwrap().success());
        assert_eq!(store::load_existing(&graph).unwrap(), after);
        assert_eq!(store::layout_of(&graph), Some(layout));
    }
}
