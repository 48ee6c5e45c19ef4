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
use claimgraph::source::synth::{self, SynthOptions};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")
}

/// A copy of the bundled rules with one stance pattern replaced.
fn rules_with_stance_pattern(dir: &Path, pattern: &str) -> PathBuf {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    for f in ["actors.ron", "speech.ron", "topics.ron"] {
        std::fs::copy(crate::bundled_rule_file(f), rules.join(f)).unwrap();
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

/// The fuzz targets' seed corpora (and any crash reproducer saved there),
/// replayed with the targets' checks, so CI runs them without cargo-fuzz.
#[test]
fn fuzz_seeds_replay_cleanly() {
    use claimgraph::source::{self};
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let rules = RuleSet::load(&bundled()).unwrap().compile().unwrap();
    let mut seen = 0;
    for entry in std::fs::read_dir(root.join("extract")).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        for name in ["a.txt", "a.html"] {
            let path = Path::new(name);
            let Ok(raw) = source::decode_text(path, &data) else { continue };
            let article = source::parse_article(path, &raw, &rules.read_options(None, None));
            let text = &article.text;
            let ex = claimgraph::extract::extract(&article, &rules);
            for s in &ex.statements {
                assert_eq!(text.get(s.evidence.span.start..s.evidence.span.end), Some(s.text.as_str()));
                assert!(s.evidence.sentence.contains(s.evidence.span), "statement outside its sentence: {:?}", s.evidence);
            }
            for e in ex.statements.iter().map(|s| &s.evidence).chain(ex.stances.iter().map(|s| &s.evidence)) {
                assert!(text.get(e.span.start..e.span.end).is_some(), "{e:?}");
                assert_eq!(text.get(e.sentence.start..e.sentence.end), Some(e.sentence_text.as_str()));
            }
            seen += 1;
        }
    }
    for entry in std::fs::read_dir(root.join("rules_parser")).unwrap() {
        let data = std::fs::read(entry.unwrap().path()).unwrap();
        let Some((&which, rest)) = data.split_first() else { continue };
        let Ok(text) = std::str::from_utf8(rest) else { continue };
        let dir = tempfile::tempdir().unwrap();
        let names = ["actors.ron", "speech.ron", "topics.ron", "stances.ron"];
        for (i, f) in names.iter().enumerate() {
            if i == usize::from(which % 4) {
                std::fs::write(dir.path().join(f), text).unwrap();
            } else {
                std::fs::copy(crate::bundled_rule_file(f), dir.path().join(f)).unwrap();
            }
        }
        // Rules or a typed error, never a panic.
        if let Err(e) = RuleSet::load(dir.path()).and_then(|r| r.compile().map(|_| ())) {
            assert!(!e.to_string().is_empty());
        }
        seen += 1;
    }
    assert!(seen >= 6, "seed corpora are in fuzz/corpus");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
    /// Generated articles with multi-byte characters spliced in anywhere
    /// (accents, curly quotes, emoji, CR, NBSP): every span the extractor
    /// reports slices the article on char boundaries, and each sentence
    /// span gives back its stored sentence text.
    #[test]
    fn spans_slice_generated_articles_on_char_boundaries(
        seed in 0u64..1_000,
        inserts in proptest::collection::vec((0usize..10_000, "[é’“”‘\u{a0}\u{1F600}\r—A-Za-z .,]{1,4}"), 0..40),
    ) {
        let mut text = synth::article(&SynthOptions { seed, ..SynthOptions::default() }, seed).text;
        for (at, s) in inserts {
            let mut at = at % (text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &s);
        }
        let rules = &*crate::BUNDLED_RULES;
        let article = claimgraph::source::parse_article(Path::new("p.txt"), &text, &Default::default());
        let ex = claimgraph::extract::extract(&article, rules);
        let t = &article.text;
        for e in ex.statements.iter().map(|s| &s.evidence).chain(ex.stances.iter().map(|s| &s.evidence)) {
            proptest::prop_assert!(t.get(e.span.start..e.span.end).is_some(), "span {:?}", e.span);
            proptest::prop_assert_eq!(t.get(e.sentence.start..e.sentence.end), Some(e.sentence_text.as_str()));
        }
        for s in &ex.statements {
            proptest::prop_assert_eq!(s.evidence.span.slice(t), s.text.as_str());
        }
    }
}

/// Re-ingesting unchanged articles into a split graph reads only its
/// article parts: it needs no lock and writes nothing.
#[test]
fn unchanged_reingest_of_a_split_graph_takes_no_lock_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path(), 5);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[&corpus]).status().unwrap().success());
    let g = store::load_existing(&graph).unwrap();
    store::save_as(&graph, &g, Layout::Split).unwrap();
    let before = std::fs::read(&graph).unwrap();
    let modified = std::fs::metadata(&graph).unwrap().modified().unwrap();

    let _held = store::lock(&graph, || {}).unwrap();
    let mut child = Command::cargo_bin("claimgraph")
        .unwrap()
        .arg("ingest")
        .arg("--graph")
        .arg(&graph)
        .arg("--rules")
        .arg(bundled())
        .arg(&corpus)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let t = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("ingest waited for the lock");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("0 new, 0 updated, 5 unchanged articles; 5 articles"), "{stdout}");
    assert_eq!(std::fs::read(&graph).unwrap(), before);
    assert_eq!(std::fs::metadata(&graph).unwrap().modified().unwrap(), modified);
}

/// Found by `spans_slice_generated_articles_on_char_boundaries`: two actor
/// mentions that overlap ("’S He") made the coordinated-subject walk in
/// `quotes.rs` slice the text backwards and panic.
#[test]
fn overlapping_mentions_before_a_cue_do_not_panic() {
    let rules = &*crate::BUNDLED_RULES;
    for text in ["Headline\n\nVance spoke.’S He said.\n", "Headline\n\nVance spoke.”’S He said a,aUkraine.\n"] {
        let article = claimgraph::source::parse_article(Path::new("r.txt"), text, &Default::default());
        let ex = claimgraph::extract::extract(&article, rules);
        for s in &ex.statements {
            assert_eq!(s.evidence.span.slice(text), s.text);
        }
    }
}

/// An ingest merges each chunk of extractions while the next is extracted.
/// Over more than one chunk, the graph is the one a single merge of every
/// extraction in path order gives, whatever the threads did.
#[test]
fn pipelined_ingest_equals_one_merge_in_path_order() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = write_corpus(dir.path(), 1100);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[&corpus]).status().unwrap().success());

    let (rule_set, rules) = RuleSet::load_compiled(&bundled()).unwrap();
    let mut want = store::GraphData::new();
    // Read as the ingest reads: the rules' furniture lines and header labels.
    let opts = rules.read_options(None, None);
    let batch = claimgraph::source::collect_article_paths(&[corpus])
        .unwrap()
        .iter()
        .map(|p| claimgraph::extract::extract(&claimgraph::source::read_article(p, &opts).unwrap(), &rules))
        .collect();
    want.merge(batch, &store::RuleSnapshot::new(&rule_set));
    assert_eq!(store::load_existing(&graph).unwrap(), want);
}

/// Found by `spans_slice_generated_articles_on_char_boundaries` (seed 672):
/// a mention that starts before a speech cue and runs past its start made
/// the sentence-subject test in `quotes.rs` slice the text backwards.
#[test]
fn mention_running_into_a_cue_does_not_panic() {
    let mut text = synth::article(&SynthOptions { seed: 672, ..SynthOptions::default() }, 672).text;
    for (at, s) in [(4365, "\rA"), (4367, "\u{a0}\u{1F600},"), (1427, "Aé")] {
        let mut at = at % (text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, s);
    }
    let rules = &*crate::BUNDLED_RULES;
    let article = claimgraph::source::parse_article(Path::new("p.txt"), &text, &Default::default());
    let ex = claimgraph::extract::extract(&article, rules);
    for s in &ex.statements {
        assert_eq!(s.evidence.span.slice(&article.text), s.text);
    }
}
