//! The query index under reviewers' corrections: every view read with the
//! corrections' overlay answers as the corrected graph does, where the
//! index read alone would not.

use claimgraph::model::{Action, Correction, Corrections, StanceKind, Target};
use claimgraph::query::contradiction_view::contradiction_view;
use claimgraph::query::corrections::apply;
use claimgraph::query::overlay::CorrectedRecords;
use claimgraph::query::{self, PositionFilter, StatementFilter, indexed};
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
    let flipped = g.stances.iter().find(|s| s.evidence.len() > 1).expect("a stance with several evidences");
    let other = match flipped.stance {
        StanceKind::Demands => StanceKind::Rejects,
        StanceKind::Rejects => StanceKind::Demands,
    };
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
            decision(Target::stance(&flipped.evidence[0], &flipped.topic, &flipped.actor), Action::Stance(other)),
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
    let cut = contradiction_view(&idx, false, None).unwrap();
    assert_ne!(query::contradictions(&cut, false), query::contradictions(&g, false), "the flip and the merge change contradictions");
}
