//! Writes a sample corrections file beside a graph (benchmark aid).
use claimgraph::model::{Action, Correction, Corrections, StanceKind, Target};
use claimgraph::store::{corrections_path, corrections_to_ron, load_existing};

fn decision(target: Target, action: Action) -> Correction {
    Correction { who: "bench".into(), when: "2026-04-01T10:00:00Z".into(), target, action, why: String::new() }
}

fn main() {
    let graph = std::path::PathBuf::from(std::env::args().nth(1).expect("graph path"));
    let g = load_existing(&graph).expect("graph");
    let mut c = Vec::new();
    let step = (g.statements.len() / 10).max(1);
    for (i, s) in g.statements.iter().step_by(step).take(10).enumerate() {
        let action = if i % 2 == 0 { Action::Speaker { name: format!("Zora Velt {i}"), kind: None } } else { Action::Wrong };
        c.push(decision(Target::statement(&s.evidence[0], &s.text), action));
    }
    let step = (g.stances.len() / 10).max(1);
    for s in g.stances.iter().step_by(step).take(10) {
        let other = if s.stance == StanceKind::Demands { StanceKind::Rejects } else { StanceKind::Demands };
        c.push(decision(Target::stance(&s.evidence[0], &s.topic, &s.actor), Action::Stance(other)));
    }
    let mut holders: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &g.stances {
        *holders.entry(&s.actor).or_default() += s.evidence.len();
    }
    let mut by: Vec<(usize, &str)> = holders.into_iter().map(|(a, n)| (n, a)).collect();
    by.sort();
    let (from, into) = (by[by.len() / 2].1, by[by.len() / 2 + 1].1);
    eprintln!("merging {from} ({}) into {into} ({})", by[by.len() / 2].0, by[by.len() / 2 + 1].0);
    c.push(decision(Target::Actor { name: from.into() }, Action::Merge { into: into.into() }));
    let file = Corrections { corrections: c, ..Default::default() };
    std::fs::write(corrections_path(&graph), corrections_to_ron(&file).expect("ron")).expect("write");
}
