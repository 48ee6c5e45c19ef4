//! The graph store: merging, the file format, atomic saves and locking.

use std::path::Path;

use chrono::NaiveDate;
use proptest::prelude::*;

use claimgraph::Error;
use claimgraph::model::*;
use claimgraph::store::{self, GraphData, RuleSnapshot, TopicInfo};

fn meta(id: &str, path: &str) -> ArticleMeta {
    ArticleMeta {
        id: id.into(),
        path: path.into(),
        title: format!("Title of {path}"),
        date: NaiveDate::from_ymd_opt(2025, 3, 3),
        source: Some("Test Desk".into()),
        byline: None,
        hash: format!("{id}-hash"),
        len: 200,
    }
}

fn evidence(start: usize, end: usize, rule: &str) -> Evidence {
    Evidence {
        article: String::new().into(),
        span: Span::new(start, end),
        sentence: Span::new(start.saturating_sub(2), end + 10),
        sentence_text: "“We will never give up,” Anna Kovalenko said.".into(),
        cue: "said".into(),
        rule: rule.into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 3),
        resolution: "named after cue".into(),
    }
}

fn quote(speaker: &str, text: &str, start: usize) -> FoundStatement {
    FoundStatement {
        speaker: speaker.into(),
        kind: QuoteKind::Direct,
        text: text.into(),
        evidence: evidence(start, start + text.len(), "speech.say"),
    }
}

fn stance(actor: &str, kind: StanceKind, topic: &str, start: usize) -> FoundStance {
    FoundStance {
        actor: actor.into(),
        stance: kind,
        topic: topic.into(),
        evidence: evidence(start, start + 40, "stance.demand"),
    }
}

fn person(name: &str, rule: &str) -> Actor {
    Actor {
        name: name.into(),
        kind: ActorKind::Person,
        member_of: None,
        rule: rule.into(),
        gender: None,
    }
}

/// Two articles sharing one quote, with a stance each.
pub fn sample_batch() -> Vec<Extraction> {
    vec![
        Extraction {
            article: meta("art-aaaa", "news/2025/a.txt"),
            statements: vec![
                quote("Anna Kovalenko", "We will never give up,", 10),
                quote("Jürgen \"JM\" Müller", "Back\\slash and “curly” quotes", 90),
            ],
            stances: vec![stance("Ruritania", StanceKind::Demands, "ceasefire", 60)],
            discovered: vec![
                person("Anna Kovalenko", "discovered"),
                person("Jürgen \"JM\" Müller", "discovered"),
            ],
        },
        Extraction {
            article: meta("art-bbbb", "news/2025/b.txt"),
            statements: vec![quote("Anna Kovalenko", "We will never give up", 30)],
            stances: vec![stance("Ruritania", StanceKind::Demands, "ceasefire", 5)],
            discovered: vec![person("Anna Kovalenko", "discovered")],
        },
    ]
}

fn snapshot_rules() -> RuleSnapshot {
    RuleSnapshot {
        hash: "rules-1".into(),
        actors: vec![Actor {
            name: "Ruritania".into(),
            kind: ActorKind::Country,
            member_of: None,
            rule: "actor.ruritania".into(),
            gender: None,
        }],
        topics: vec![TopicInfo {
            id: "ceasefire".into(),
            label: "Ceasefire".into(),
        }],
        units: Vec::new(),
    }
}

fn sample_graph() -> GraphData {
    let mut g = GraphData::new();
    g.merge(sample_batch(), &snapshot_rules());
    g
}

#[test]
fn same_quote_in_two_articles_is_one_statement_with_two_evidences() {
    let g = sample_graph();
    let anna: Vec<_> = g.statements.iter().filter(|s| s.speaker == "Anna Kovalenko").collect();
    assert_eq!(anna.len(), 1);
    assert_eq!(anna[0].evidence.len(), 2);
    assert_eq!(
        anna[0].id,
        store::statement_id("Anna Kovalenko", QuoteKind::Direct, "we will never give up")
    );
    let articles: Vec<_> = anna[0].evidence.iter().map(|e| e.article.as_str()).collect();
    assert_eq!(articles, ["art-aaaa", "art-bbbb"]);
    assert_eq!(g.stances.len(), 1);
    assert_eq!(g.stances[0].evidence.len(), 2);
    assert_eq!(g.actors.len(), 3, "rule actor plus two discovered speakers");
}

#[test]
fn merge_order_does_not_matter() {
    let mut reversed = sample_batch();
    reversed.reverse();
    let mut g = GraphData::new();
    for ex in reversed {
        g.merge_extraction(ex, &snapshot_rules());
    }
    assert_eq!(store::to_ron(&g).unwrap(), store::to_ron(&sample_graph()).unwrap());
}

#[test]
fn reextraction_replaces_an_articles_evidence() {
    let mut g = sample_graph();
    let mut changed = sample_batch().remove(0);
    changed.statements.truncate(1);
    changed.stances.clear();
    let report = g.merge_extraction(changed, &snapshot_rules());
    assert_eq!((report.new, report.updated), (0, 1));
    assert!(!g.statements.iter().any(|s| s.speaker.starts_with("Jürgen")));
    assert!(
        !g.actors.iter().any(|a| a.name.starts_with("Jürgen")),
        "speaker left without statements is dropped"
    );
    assert_eq!(g.stances[0].evidence.len(), 1);
    assert_eq!(g.articles.len(), 2);
}

#[test]
fn ron_layout_snapshot() {
    insta::assert_snapshot!("graph_ron", store::to_ron(&sample_graph()).unwrap());
}

#[test]
fn missing_file_is_empty_graph() {
    let dir = tempfile::tempdir().unwrap();
    let g = store::load(&dir.path().join("none.ron")).unwrap();
    assert_eq!(g, GraphData::new());
    assert!(store::load_existing(&dir.path().join("none.ron")).is_err());
}

#[test]
fn every_truncation_is_a_located_error() {
    let text = store::to_ron(&sample_graph()).unwrap();
    let body = text.trim_end();
    for (cut, _) in body.char_indices().skip(1) {
        match store::parse(Path::new("g.ron"), &body[..cut]) {
            Err(Error::GraphSyntax { pos, path, .. }) => {
                assert_eq!(path, Path::new("g.ron"));
                assert!(pos.line >= 1 && pos.column >= 1);
            }
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
    assert!(store::parse(Path::new("g.ron"), body).is_ok());
}

#[test]
fn invalid_utf8_graph_is_located() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.ron");
    std::fs::write(&p, b"(\n  format: 1,\n  \xff").unwrap();
    let err = store::load(&p).unwrap_err();
    assert!(matches!(err, Error::GraphSyntax { .. }), "{err:?}");
    assert_eq!(err.location().unwrap().1.to_string(), "3:3");
}

#[test]
fn save_is_atomic_and_tidy() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("nested/dir/g.ron");
    store::save(&p, &sample_graph()).unwrap();
    store::save(&p, &sample_graph()).unwrap();
    let names: Vec<_> = std::fs::read_dir(p.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["g.ron"], "no temp files left behind");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o644);
    }
    assert_eq!(store::load(&p).unwrap(), sample_graph());
}

#[test]
fn unsorted_graph_is_saved_sorted() {
    let mut g = sample_graph();
    g.statements.reverse();
    g.actors.reverse();
    assert_eq!(store::to_ron(&g).unwrap(), store::to_ron(&sample_graph()).unwrap());
}

#[test]
fn concurrent_updates_from_threads_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.ron");
    std::thread::scope(|s| {
        for t in 0..6 {
            let p = &p;
            s.spawn(move || {
                for i in 0..4 {
                    store::update(
                        p,
                        || {},
                        |g| {
                            let ex = Extraction {
                                article: meta(&format!("art-{t}-{i}"), &format!("{t}/{i}.txt")),
                                statements: vec![quote("Anna Kovalenko", &format!("thread {t} item {i}"), 1)],
                                stances: vec![],
                                discovered: vec![],
                            };
                            g.merge_extraction(ex, &RuleSnapshot::default());
                            Ok(())
                        },
                    )
                    .unwrap();
                }
            });
        }
    });
    let g = store::load(&p).unwrap();
    assert_eq!(g.articles.len(), 24);
    assert_eq!(g.statements.len(), 24);
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![".*", "[\"\\\\'“”‘’#r()\\[\\]{}:,\n\t\r ]{0,12}", "\\PC{0,20}",]
}

prop_compose! {
    fn any_graph()(
        path in any_text(), title in any_text(), speaker in any_text(), text in any_text(),
        sentence in any_text(), cue in any_text(), topic in any_text(), label in any_text(),
        start in 0usize..10_000, len in 0usize..500,
    ) -> GraphData {
        let ev = Evidence {
            article: "art-1".into(),
            span: Span::new(start, start + len),
            sentence: Span::new(0, start + len),
            sentence_text: sentence.into(),
            cue: cue.clone().into(),
            rule: cue.into(),
            date: None,
            resolution: String::new().into(),
        };
        GraphData {
            articles: vec![ArticleMeta { id: "art-1".into(), path, title, date: None, source: Some(label.clone()), byline: None, hash: String::new(), len: 0 }],
            actors: vec![Actor { name: speaker.clone(), kind: ActorKind::Person, member_of: Some(topic.clone()), rule: "discovered".into(), gender: None }],
            topics: vec![TopicInfo { id: topic.clone(), label }],
            statements: vec![Statement { id: "st-1".into(), speaker: speaker.clone(), kind: QuoteKind::Indirect, text, evidence: vec![ev.clone()] }],
            stances: vec![Stance { id: "sn-1".into(), actor: speaker, stance: StanceKind::Rejects, topic, evidence: vec![ev] }],
            ..GraphData::default()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn ron_round_trips_any_strings(g in any_graph()) {
        let text = store::to_ron(&g).unwrap();
        let back = store::parse(Path::new("g.ron"), &text).unwrap();
        prop_assert_eq!(back, g);
    }
}

/// Load time of a large synthetic graph, for ARCHITECTURE.md. Run with
/// `CLAIMGRAPH_BENCH_ARTICLES=10000 cargo test --test it store::bench_load -- --ignored --nocapture`.
#[test]
#[ignore = "timing, run by hand"]
fn bench_load() {
    let n: usize = std::env::var("CLAIMGRAPH_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let speakers: Vec<String> = (0..500).map(|i| format!("Speaker Number {i}")).collect();
    let batch: Vec<Extraction> = (0..n)
        .map(|a| Extraction {
            article: meta(&format!("art-{a:012x}"), &format!("corpus/{a}.txt")),
            statements: (0..5)
                .map(|q| {
                    let mut f = quote(&speakers[(a * 7 + q) % 500], &format!("Statement {q} of article {a}, with some more words in it"), q * 300);
                    f.evidence.sentence_text = format!("“Statement {q} of article {a}, with some more words in it,” the speaker said on Tuesday in the capital.").into();
                    f
                })
                .collect(),
            stances: vec![stance(&speakers[a % 500], StanceKind::Demands, "ceasefire", 1000)],
            discovered: vec![],
        })
        .collect();
    let t = std::time::Instant::now();
    let mut g = GraphData::new();
    g.merge(batch, &snapshot_rules());
    let merge = t.elapsed();
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.ron");
    let t = std::time::Instant::now();
    store::save(&p, &g).unwrap();
    let save = t.elapsed();
    let size = std::fs::metadata(&p).unwrap().len();
    let t = std::time::Instant::now();
    let back = store::load(&p).unwrap();
    let load = t.elapsed();
    let t = std::time::Instant::now();
    let view = claimgraph::query::graph::ClaimGraph::build(&back);
    let build = t.elapsed();
    eprintln!(
        "{n} articles, {} statements: file {:.1} MB, merge {merge:?}, save {save:?}, load {load:?}, petgraph build {build:?} ({} nodes)",
        back.statements.len(),
        size as f64 / 1e6,
        view.graph.node_count()
    );
}

#[test]
fn hand_broken_field_is_located() {
    let text = store::to_ron(&sample_graph())
        .unwrap()
        .replacen("speaker:", "speakr:", 1);
    let line = text[..text.find("speakr").unwrap()].lines().count();
    match store::parse(Path::new("g.ron"), &text) {
        Err(Error::GraphSyntax { pos, message, .. }) => {
            // Model types do not deny unknown fields, so ron reports the
            // missing `speaker` at the end of that statement.
            assert!(pos.line >= line && pos.line < line + 20, "{message} at {pos}");
            assert!(message.contains("speaker"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn statuses_follow_rules_and_metadata() {
    let g = sample_graph();
    let mut metas: Vec<ArticleMeta> = sample_batch().into_iter().map(|e| e.article).collect();
    metas[1].date = None;
    metas.push(meta("art-cccc", "c.txt"));
    use store::ArticleStatus::*;
    assert_eq!(g.article_statuses(&metas, "rules-1"), [Unchanged, Changed, New]);
    assert_eq!(g.article_statuses(&metas[..1], "rules-2"), [Changed]);
}

// ---- the split layout (manifest + parts) --------------------------------

fn split_graph(dir: &Path) -> std::path::PathBuf {
    let p = dir.join("g.ron");
    store::save_as(&p, &sample_graph(), store::Layout::Split).unwrap();
    p
}

fn part_files(p: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(store::split::parts_dir(p))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn split_layout_round_trips_and_stays_split() {
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    assert_eq!(store::layout_of(&p), Some(store::Layout::Split));
    assert!(std::fs::read_to_string(&p).unwrap().starts_with("(\n  format: 2,"));
    assert_eq!(store::load_existing(&p).unwrap(), sample_graph());
    // A small graph saved by an ordinary writer keeps the layout it has.
    store::update(&p, || {}, |_| Ok(())).unwrap();
    assert_eq!(store::layout_of(&p), Some(store::Layout::Split));
    assert_eq!(store::load(&p).unwrap(), sample_graph());
    // And can go back to one file, leaving no parts behind.
    store::save_as(&p, &sample_graph(), store::Layout::Single).unwrap();
    assert_eq!(store::layout_of(&p), Some(store::Layout::Single));
    assert!(!store::split::parts_dir(&p).exists());
    assert_eq!(store::load(&p).unwrap(), sample_graph());
}

#[test]
fn stance_view_is_the_same_from_either_layout() {
    let dir = tempfile::tempdir().unwrap();
    let split = split_graph(dir.path());
    let single = dir.path().join("single.ron");
    store::save(&single, &sample_graph()).unwrap();
    for topic in [None, Some("ceasefire"), Some("CEASEFIRE"), Some("no-such-topic")] {
        let a = store::load_stances(&split, topic).unwrap();
        let b = store::load_stances(&single, topic).unwrap();
        assert_eq!(a, b, "topic {topic:?}");
        assert!(a.statements.is_empty());
        assert_eq!(a.actors, sample_graph().actors);
        if topic == Some("no-such-topic") {
            assert!(a.stances.is_empty() && a.articles.is_empty());
        } else {
            assert_eq!(a.stances, sample_graph().stances);
            // Both articles are cited by the ceasefire stance.
            assert_eq!(a.articles, sample_graph().articles);
        }
    }
}

#[test]
fn split_save_rewrites_only_changed_parts_and_collects_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    let before = part_files(&p);
    store::save_as(&p, &sample_graph(), store::Layout::Split).unwrap();
    assert_eq!(part_files(&p), before, "same content, same part files");

    let mut g = sample_graph();
    g.merge_extraction(
        Extraction {
            article: meta("art-cccc", "news/2025/c.txt"),
            statements: vec![quote("Anna Kovalenko", "A third quote", 5)],
            stances: vec![],
            discovered: vec![],
        },
        &snapshot_rules(),
    );
    store::save(&p, &g).unwrap();
    let after = part_files(&p);
    let kept = before.iter().filter(|f| after.contains(f)).count();
    assert!(kept > 0, "untouched parts are not rewritten: {before:?} -> {after:?}");
    assert_ne!(after, before);
    assert!(after.iter().all(|f| f.ends_with(".bin")), "no temp files or stale parts: {after:?}");
    assert_eq!(store::load(&p).unwrap(), g);
}

#[test]
fn damaged_part_is_an_error_naming_the_part() {
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    let parts = store::split::parts_dir(&p);
    // The positions summary is not read by a full load; damage it too.
    let summary = part_files(&p).into_iter().find(|f| f.starts_with("summary-")).map(|f| parts.join(f)).unwrap();
    let mut damaged = std::fs::read(&summary).unwrap();
    damaged[12] ^= 0x55;
    std::fs::write(&summary, &damaged).unwrap();
    assert!(matches!(store::load_position_summary(&p, None), Err(Error::GraphPart { path: at, .. }) if at == summary));
    let path = part_files(&p)
        .into_iter()
        .filter(|f| !f.starts_with("summary-"))
        .map(|f| parts.join(f))
        .max_by_key(|f| std::fs::metadata(f).unwrap().len())
        .unwrap();
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x55;
    std::fs::write(&path, &bytes).unwrap();
    match store::load_existing(&p) {
        Err(Error::GraphPart { path: at, message }) => {
            assert_eq!(at, path);
            assert!(message.contains("hash"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    std::fs::write(&path, &bytes[..10]).unwrap();
    assert!(matches!(store::load_existing(&p), Err(Error::GraphPart { .. })));
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(store::load_existing(&p), Err(Error::Io { .. })));
}

#[test]
fn truncated_manifest_is_a_located_error() {
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    let text = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, &text[..text.len() / 2]).unwrap();
    let err = store::load_existing(&p).unwrap_err();
    assert!(matches!(err, Error::GraphSyntax { .. }), "{err:?}");
    assert!(err.location().unwrap().1.line > 1);
}

#[test]
fn writer_killed_before_the_manifest_swap_leaves_the_old_graph() {
    // What a killed writer leaves: new parts and a temp file, no new manifest.
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    let parts = store::split::parts_dir(&p);
    std::fs::write(parts.join("statements-0123456789abcdef0123.bin"), b"half written").unwrap();
    std::fs::write(parts.join(".statements-x.bin.abc.tmp"), b"half").unwrap();
    std::fs::write(dir.path().join(".g.ron.xyz.tmp"), b"(format: 2,").unwrap();
    assert_eq!(store::load_existing(&p).unwrap(), sample_graph());
    // The next writer tidies them up.
    store::update(&p, || {}, |_| Ok(())).unwrap();
    assert!(part_files(&p).iter().all(|f| !f.starts_with('.') && f != "statements-0123456789abcdef0123.bin"));
    assert_eq!(store::load_existing(&p).unwrap(), sample_graph());
}

#[test]
fn concurrent_updates_into_a_split_graph_all_land() {
    let dir = tempfile::tempdir().unwrap();
    let p = split_graph(dir.path());
    std::thread::scope(|s| {
        for t in 0..4 {
            let p = &p;
            s.spawn(move || {
                for i in 0..3 {
                    store::update(
                        p,
                        || {},
                        |g| {
                            g.merge_extraction(
                                Extraction {
                                    article: meta(&format!("art-{t}-{i}"), &format!("{t}/{i}.txt")),
                                    statements: vec![quote("Anna Kovalenko", &format!("thread {t} item {i}"), 1)],
                                    stances: vec![stance("Ruritania", StanceKind::Rejects, "ceasefire", 3)],
                                    discovered: vec![],
                                },
                                &snapshot_rules(),
                            );
                            Ok(())
                        },
                    )
                    .unwrap();
                }
            });
            // A reader running alongside the writers always sees a whole graph.
            s.spawn(move || {
                for _ in 0..20 {
                    let g = store::load_existing(p).unwrap();
                    assert!(g.articles.len() >= 2);
                }
            });
        }
    });
    let g = store::load(&p).unwrap();
    assert_eq!(g.articles.len(), 2 + 12);
    assert_eq!(store::layout_of(&p), Some(store::Layout::Split));
}

/// A graph whose one stance has more evidences than the summary keeps,
/// spread over several days.
fn graph_with_a_long_stance(n: u32) -> GraphData {
    let mut g = GraphData::new();
    let batch = (1..=n)
        .map(|day| {
            let mut m = meta(&format!("art-{day:04}"), &format!("news/{day}.txt"));
            m.date = NaiveDate::from_ymd_opt(2025, 3, day);
            let mut s = stance("Ruritania", StanceKind::Demands, "ceasefire", 5);
            s.evidence.date = m.date;
            Extraction {
                article: m,
                statements: vec![],
                stances: vec![s, stance("Ruritania", StanceKind::Rejects, "ceasefire", 80)],
                discovered: vec![],
            }
        })
        .collect();
    g.merge(batch, &snapshot_rules());
    g
}

#[test]
fn positions_summary_answers_as_the_full_graph_does() {
    use claimgraph::query::{self, PositionFilter};
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("g.ron");
    let g = graph_with_a_long_stance(9);
    store::save_as(&p, &g, store::Layout::Split).unwrap();
    assert!(part_files(&p).iter().any(|f| f.starts_with("summary-")), "{:?}", part_files(&p));
    for topic in [None, Some("ceasefire"), Some("Ceasefire"), Some("no-such-topic")] {
        let filter = PositionFilter {
            topic: topic.map(String::from),
            evidence_limit: Some(store::split::SUMMARY_EVIDENCE),
            ..Default::default()
        };
        let summary = store::load_position_summary(&p, topic).unwrap().expect("split graphs have a summary");
        let quick = query::positions_counted(&summary.data, &filter, Some(&summary.evidence_counts));
        let full = query::positions(&store::load_stances(&p, topic).unwrap(), &filter);
        assert_eq!(quick, full, "topic {topic:?}");
    }
    let rows = query::positions(&g, &PositionFilter { evidence_limit: Some(2), ..Default::default() });
    let demands = rows.iter().find(|r| r.stance == StanceKind::Demands).unwrap();
    assert_eq!(demands.evidence_count, 9);
    // The newest two, oldest first.
    let days: Vec<_> = demands.evidence.iter().map(|e| e.date.unwrap().to_string()).collect();
    assert_eq!(days, ["2025-03-08", "2025-03-09"]);
    // A single-file graph has no summary; the caller reads it whole.
    let single = dir.path().join("single.ron");
    store::save_as(&single, &g, store::Layout::Single).unwrap();
    assert!(store::load_position_summary(&single, None).unwrap().is_none());
}
