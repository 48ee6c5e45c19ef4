//! The query index under reviewers' corrections: every view read with the
//! corrections' overlay answers as the corrected graph does, where the
//! index read alone would not.

use claimgraph::model::{Action, Correction, Corrections, StanceKind, Target};
use claimgraph::query::contradiction_view::contradiction_view;
use claimgraph::query::corrections::apply;
use claimgraph::query::overlay::CorrectedRecords;
use claimgraph::query::{self, ContradictionScope, PositionFilter, StatementFilter, indexed};
use claimgraph::store::{self, GraphData};

use crate::index::{assert_same_answers_over, ingest, write_corpus};

fn decision(target: Target, action: Action) -> Correction {
    Correction { who: "ann".into(), when: "2026-04-01T10:00:00Z".into(), target, action, why: String::new() }
}

/// A speaker fixed, a statement dropped, a stance flipped and one
/// actor merged into another, on a generated graph.
fn review(g: &GraphData) -> (Corrections, String, String) {
    let fixed = &g.statements[0];
    let dropped = g.statements.iter().find(|s| s.evidence[0].article != fixed.evidence[0].article).expect("two articles with statements");
    let opposite = |k: StanceKind| match k {
        StanceKind::Demands => StanceKind::Rejects,
        StanceKind::Rejects => StanceKind::Demands,
    };
    // Best a stance whose sentence also holds the opposite stance of the
    // same actor on the topic: flipped, the two join one record with two
    // evidences in one sentence, whose order the views must keep as the
    // corrected graph does.
    let sentences: std::collections::HashSet<(&str, StanceKind, &str, &str, usize)> = g
        .stances
        .iter()
        .flat_map(|s| s.evidence.iter().map(move |e| (s.actor.as_str(), s.stance, s.topic.as_str(), e.article.as_str(), e.sentence.start)))
        .collect();
    let (flipped, at) = g
        .stances
        .iter()
        .flat_map(|s| s.evidence.iter().map(move |e| (s, e)))
        .find(|(s, e)| sentences.contains(&(s.actor.as_str(), opposite(s.stance), s.topic.as_str(), e.article.as_str(), e.sentence.start)))
        .or_else(|| g.stances.iter().find(|s| s.evidence.len() > 1).map(|s| (s, &s.evidence[0])))
        .expect("a stance to flip");
    let other = opposite(flipped.stance);
    // The two busiest stance holders other than the flipped stance's.
    let mut holders: Vec<(usize, &str)> = Vec::new();
    for s in g.stances.iter().filter(|s| s.actor != flipped.actor) {
        match holders.iter_mut().find(|(_, a)| *a == s.actor) {
            Some(h) => h.0 += s.evidence.len(),
            None => holders.push((s.evidence.len(), &s.actor)),
        }
    }
    holders.sort();
    let (from, into) = (holders[holders.len() - 1].1.to_string(), holders[holders.len() - 2].1.to_string());
    let c = Corrections {
        corrections: vec![
            decision(Target::statement(&fixed.evidence[0], &fixed.text), Action::Speaker { name: "Zora Velt".into(), kind: None }),
            decision(Target::statement(&dropped.evidence[0], &dropped.text), Action::Wrong),
            decision(Target::stance(at, &flipped.topic, &flipped.actor), Action::Stance(other)),
            decision(Target::Actor { name: from.clone() }, Action::Merge { into: into.clone() }),
        ],
        ..Default::default()
    };
    (c, from, into)
}

#[test]
fn index_views_with_corrections_answer_as_the_corrected_graph() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 11, 40);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[paths[0].parent().unwrap()]).status().unwrap().success());
    let machine = store::load_existing(&graph).unwrap();
    let (corrections, from, into) = review(&machine);
    let mut g = machine.clone();
    let applied = apply(&mut g, &corrections);
    assert_eq!(applied.unmatched, 0, "every correction finds its target");
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    let overlay = CorrectedRecords::build(&idx, &corrections).unwrap();
    assert_same_answers_over(&idx, &g, 60, Some(&overlay));
    // Whole views are the corrected graph's records, each with its
    // evidence in the same order (queries keep the first of a sentence).
    assert_eq!(indexed::stance_view(&idx, None, None, false, Some(&overlay)).unwrap().stances, g.stances);
    assert_eq!(indexed::who_said_view(&idx, &StatementFilter::default(), Some(&overlay)).unwrap().statements, g.statements);

    // Counter-examples: the index read without the overlay answers as the
    // machine did, not as the reviewer said.
    let zora = StatementFilter { actor: Some("Zora Velt".into()), about: None };
    assert!(query::who_said(&indexed::who_said_view(&idx, &zora, None).unwrap(), &zora).is_empty());
    assert!(!query::who_said(&indexed::who_said_view(&idx, &zora, Some(&overlay)).unwrap(), &zora).is_empty());
    let merged = PositionFilter { actor: Some(from.clone()), topic: None, roll_up: false, evidence_limit: None };
    assert!(!query::positions(&indexed::stance_view(&idx, None, Some(&from), false, None).unwrap(), &merged).is_empty());
    assert!(query::positions(&g, &merged).is_empty(), "{from} was merged into {into}");
    let stances_of = |d: &GraphData| d.stances.iter().filter(|s| s.actor == into).map(|s| s.evidence.len()).sum::<usize>();
    let uncorrected = indexed::stance_view(&idx, None, Some(&into), false, None).unwrap();
    assert!(stances_of(&uncorrected) < stances_of(&g), "the merge adds {from}'s stances to {into}");
    assert_ne!(query::ledger(&uncorrected, None, None, false), query::ledger(&g, None, None, false));
    let cut = contradiction_view(&idx, false, None, ContradictionScope::default()).unwrap();
    assert_ne!(query::contradictions(&cut, false), query::contradictions(&g, false), "the flip and the merge change contradictions");
}

/// A flipped stance joining the actor's opposite one in the same sentence:
/// the record then holds two evidences of one sentence, and the view must
/// list them in the order the corrected graph does (queries that keep one
/// evidence per sentence keep the first).
#[test]
fn a_flip_into_a_sentence_the_record_already_holds_keeps_the_graphs_order() {
    use claimgraph::model::{ArticleMeta, Evidence, Span, Stance};
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    let ev = |article: &str, end: usize, rule: &str, cue: &str| Evidence {
        article: article.into(),
        span: Span::new(0, end),
        sentence: Span::new(0, 40),
        sentence_text: format!("Oda Brel welcomed the truce in {article}.").into(),
        cue: cue.into(),
        rule: rule.into(),
        date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1),
        resolution: String::new().into(),
    };
    let stance = |kind: StanceKind, evidence: Vec<Evidence>| Stance { id: store::stance_id("Oda Brel", kind, "truce"), actor: "Oda Brel".into(), stance: kind, topic: "truce".into(), evidence };
    let mut machine = GraphData {
        topics: vec![store::TopicInfo { id: "truce".into(), label: "truce".into() }],
        articles: ["art-1", "art-2"]
            .iter()
            .map(|a| ArticleMeta { id: a.to_string(), path: format!("{a}.txt"), title: a.to_string(), date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1), source: None, byline: None, hash: String::new(), len: 100 })
            .collect(),
        stances: vec![
            stance(StanceKind::Demands, vec![ev("art-1", 10, "stance.welcome", "welcomed")]),
            stance(StanceKind::Rejects, vec![ev("art-1", 30, "stance.cautious", "truce"), ev("art-2", 10, "stance.cautious", "truce")]),
        ],
        ..GraphData::default()
    };
    machine.stances.sort_by(|a, b| a.id.cmp(&b.id));
    store::save(&graph, &machine).unwrap();
    let flip = Target::stance(&machine.stances.iter().find(|s| s.stance == StanceKind::Rejects).unwrap().evidence[0], "truce", "Oda Brel");
    let corrections = Corrections { corrections: vec![decision(flip, Action::Stance(StanceKind::Demands))], ..Default::default() };
    let mut g = machine.clone();
    assert_eq!(apply(&mut g, &corrections).unmatched, 0);
    let demands = g.stances.iter().find(|s| s.stance == StanceKind::Demands).unwrap();
    assert_eq!(demands.evidence.len(), 2, "the flipped evidence joins the demand");
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    let overlay = CorrectedRecords::build(&idx, &corrections).unwrap();
    assert_eq!(indexed::stance_view(&idx, None, None, false, Some(&overlay)).unwrap().stances, g.stances);
    let f = PositionFilter { actor: Some("Oda Brel".into()), topic: None, roll_up: false, evidence_limit: Some(1) };
    assert_eq!(query::positions(&indexed::stance_view(&idx, None, Some("Oda Brel"), false, Some(&overlay)).unwrap(), &f), query::positions(&g, &f));
    assert_eq!(query::contradictions(&contradiction_view(&idx, false, Some(&overlay), ContradictionScope::default()).unwrap(), false), query::contradictions(&g, false));
}

/// Decisions drawn by `picks` (what, on which record, which of its
/// evidence, a parameter): speakers fixed (to a known or a new name),
/// statements and stances dropped, kinds and stances flipped, stances
/// given to another holder, actors merged, and confirmations.
fn random_review(g: &GraphData, picks: &[(u8, u16, u8, u8)]) -> Corrections {
    let names: Vec<String> = g.actors.iter().map(|a| a.name.clone()).chain(g.statements.iter().map(|s| s.speaker.clone())).chain(["Zora Velt".to_string()]).collect();
    let mut out = Vec::new();
    for (i, &(what, which, ev, param)) in picks.iter().enumerate() {
        let name = names[usize::from(param) % names.len()].clone();
        let mut d = match what % 8 {
            0..=2 | 7 if !g.statements.is_empty() => {
                let s = &g.statements[usize::from(which) % g.statements.len()];
                let e = &s.evidence[usize::from(ev) % s.evidence.len()];
                let action = match what % 8 {
                    0 => Action::Wrong,
                    1 => Action::Speaker { name, kind: None },
                    2 => Action::Kind(match s.kind {
                        claimgraph::model::QuoteKind::Direct => claimgraph::model::QuoteKind::Indirect,
                        claimgraph::model::QuoteKind::Indirect => claimgraph::model::QuoteKind::Direct,
                    }),
                    _ => Action::Confirm,
                };
                decision(Target::statement(e, &s.text), action)
            }
            3..=5 if !g.stances.is_empty() => {
                let s = &g.stances[usize::from(which) % g.stances.len()];
                let e = &s.evidence[usize::from(ev) % s.evidence.len()];
                let action = match what % 8 {
                    3 => Action::Stance(match s.stance {
                        StanceKind::Demands => StanceKind::Rejects,
                        StanceKind::Rejects => StanceKind::Demands,
                    }),
                    4 => Action::Wrong,
                    _ => Action::Speaker { name, kind: None },
                };
                decision(Target::stance(e, &s.topic, &s.actor), action)
            }
            _ => decision(Target::Actor { name: names[usize::from(which) % names.len()].clone() }, Action::Merge { into: name }),
        };
        // Time order: a later decision on a target replaces an earlier one.
        d.when = format!("2026-04-01T10:{:02}:{:02}Z", i / 60, i % 60);
        out.push(d);
    }
    Corrections { corrections: out, ..Default::default() }
}

/// Every view and capped answer (who-said by actor, topic or none; the
/// keys-only ledger) read with `corrections` laid over the index of the
/// graph at `graph` equals the corrected graph's (its newest rows, with
/// the whole answer's count; see `assert_same_answers_over`).
fn assert_corrected_answers(graph: &std::path::Path, corrections: &Corrections, sample: usize) {
    let mut g = store::load_existing(graph).unwrap();
    apply(&mut g, corrections);
    let idx = store::open_index(graph, || {}, store::load_existing).unwrap();
    let overlay = CorrectedRecords::build(&idx, corrections).unwrap();
    assert_same_answers_over(&idx, &g, sample, Some(&overlay));
}

#[test]
fn capped_answers_with_random_corrections_on_the_seed_articles_are_the_corrected_graphs_newest() {
    let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    if !crate::require("../shared/corpus/seeds", seeds.is_dir()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[&seeds]).status().unwrap().success());
    let g = store::load_existing(&graph).unwrap();
    let picks: Vec<(u8, u16, u8, u8)> = (0..40u16).map(|i| ((i * 5 % 8) as u8, i * 37, (i % 3) as u8, (i * 11 % 50) as u8)).collect();
    let corrections = random_review(&g, &picks);
    let mut corrected = g.clone();
    assert!(apply(&mut corrected, &corrections).changed > 10, "the decisions change the seeds' graph");
    assert_corrected_answers(&graph, &corrections, 30);
}

#[test]
fn capped_answers_with_random_corrections_on_a_generated_graph_are_the_corrected_graphs_newest() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 23, 40);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[paths[0].parent().unwrap()]).status().unwrap().success());
    let g = store::load_existing(&graph).unwrap();
    let picks: Vec<(u8, u16, u8, u8)> = (0..30u16).map(|i| ((i * 3 % 8) as u8, i * 53, (i % 4) as u8, (i * 7 % 40) as u8)).collect();
    assert_corrected_answers(&graph, &random_review(&g, &picks), 15);
}

/// Capped answers read with `overlay` (who-said by actor, by topic or
/// text, or all; the keys-only ledger) equal the newest rows of the same
/// query read whole with it, with the whole answer's count.
fn assert_capped_as_whole(idx: &claimgraph::store::index::Index, g: &GraphData, overlay: &CorrectedRecords) {
    let (actors, topics) = crate::index::probes(g);
    let by_actor = actors.iter().map(|a| StatementFilter { actor: a.clone(), about: None });
    let by_topic = topics.iter().flatten().map(|t| StatementFilter { actor: None, about: Some(t.clone()) });
    for f in by_actor.chain(by_topic) {
        let all = query::who_said(&indexed::who_said_view(idx, &f, Some(overlay)).unwrap(), &f);
        for cap in [1, 2, 5, 40] {
            let whole = query::limit::newest(all.clone(), Some(cap), |r| &r.evidence);
            let (view, total) = query::capped::who_said_newest(idx, &f, cap, Some(overlay)).unwrap().expect("capped");
            let mut got = query::limit::newest(query::who_said(&view, &f), Some(cap), |r| &r.evidence);
            got.total = total;
            assert_eq!(got, whole, "{f:?} cap {cap}");
        }
    }
    let base = indexed::base(idx, Some(overlay)).unwrap();
    for actor in [None].iter().chain(actors.iter()) {
        for topic in &topics {
            let id = topic.as_deref().map(|q| query::resolve_topic(&base, q).unwrap_or(q).to_string());
            let mut want = query::ledger(&indexed::stance_view(idx, topic.as_deref(), None, false, Some(overlay)).unwrap(), None, None, false);
            want.retain_scope(id.as_deref(), actor.as_deref());
            for cap in [0, 1, 2, 5, usize::MAX] {
                let (mut got, total) = query::capped::ledger(idx, &base, topic.as_deref(), actor.as_deref(), cap, Some(overlay)).unwrap();
                assert_eq!(total, want.moves.len(), "ledger {actor:?} {topic:?} move count");
                got.entries = query::limit::newest(std::mem::take(&mut got.entries), Some(cap), |e| &e.evidence).rows;
                let mut light = base.clone();
                indexed::fill_ledger(idx, &mut got, &mut light).unwrap();
                assert_eq!(got, crate::index::newest_of(want.clone(), cap), "ledger {actor:?} {topic:?} cap {cap}");
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
    /// Random graphs with random decisions: capped answers read from the
    /// index with the overlay are the newest rows of the whole answers
    /// read with it, with their counts.
    #[test]
    fn capped_answers_with_random_corrections_are_the_whole_answers_newest(
        picks in proptest::collection::vec((0u8..4, 0u8..3, 0u8..4, 0u8..5, 0u8..5, proptest::bool::ANY), 1..60),
        review in proptest::collection::vec((0u8..8, 0u16..200, 0u8..8, 0u8..12), 1..10),
    ) {
        let g = crate::index::graph_from(&picks);
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        store::save(&graph, &g).unwrap();
        let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
        let overlay = CorrectedRecords::build(&idx, &random_review(&g, &review)).unwrap();
        assert_capped_as_whole(&idx, &g, &overlay);
    }
}

/// A random graph whose speaker "Ruritania" is merged into another actor
/// while an article where it speaks twice at one place (two sentences
/// with the same span) is also corrected: the overlay reads those
/// occurrences twice, and must keep each once (they were listed twice).
#[test]
fn an_occurrence_in_a_corrected_article_of_a_merged_actor_is_counted_once() {
    let picks: Vec<(u8, u8, u8, u8, u8, bool)> = vec![
        (2, 0, 0, 0, 4, false), (3, 0, 3, 3, 0, false), (3, 0, 2, 3, 1, true), (1, 1, 1, 0, 4, false), (0, 1, 3, 3, 0, true), (3, 2, 1, 3, 1, true),
        (2, 1, 0, 4, 1, true), (2, 0, 0, 0, 1, true), (0, 0, 0, 3, 1, false), (1, 0, 0, 2, 1, false), (2, 0, 2, 0, 3, false), (3, 1, 2, 2, 3, false),
        (0, 0, 0, 0, 4, false), (1, 1, 1, 0, 0, false), (2, 0, 0, 4, 2, true), (2, 1, 3, 2, 2, false), (0, 0, 1, 2, 2, true), (2, 2, 0, 2, 0, false),
        (2, 2, 3, 4, 1, false), (3, 2, 3, 3, 0, true), (0, 1, 2, 2, 3, false), (3, 1, 1, 2, 4, true), (1, 2, 0, 2, 3, true), (3, 0, 1, 1, 1, false),
    ];
    let review = [(4u8, 63u16, 7u8, 2u8), (0, 35, 2, 2), (6, 47, 1, 11), (2, 37, 2, 3), (4, 24, 3, 0), (7, 1, 4, 8), (0, 183, 3, 7), (5, 185, 1, 6)];
    let g = crate::index::graph_from(&picks);
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    store::save(&graph, &g).unwrap();
    let c = random_review(&g, &review);
    assert!(c.corrections.iter().any(|x| matches!(&x.action, Action::Merge { .. })), "the case needs its merge");
    let mut corrected = g.clone();
    apply(&mut corrected, &c);
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    let overlay = CorrectedRecords::build(&idx, &c).unwrap();
    let all = StatementFilter::default();
    assert_eq!(query::who_said(&indexed::who_said_view(&idx, &all, Some(&overlay)).unwrap(), &all).len(), query::who_said(&corrected, &all).len());
    assert_corrected_answers(&graph, &c, 100);
}
