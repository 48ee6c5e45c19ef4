//! Writes a sample corrections file beside a graph (benchmark aid).
//!
//! `sample_review GRAPH` writes 21 decisions spread over the graph.
//! `sample_review GRAPH N OUT [SPEAKER]` writes N decisions to OUT (for
//! `claimgraph corrections import OUT`), as fact-checkers working through
//! the newest answers would make them: a third on SPEAKER's (or the
//! most-quoted speaker's) statements (re-attributed or dropped), a third on stances
//! of the most-held topic (flipped, re-attributed or dropped), the rest
//! anywhere, and one actor merge.
use claimgraph::model::{Action, Correction, Corrections, GraphData, QuoteKind, StanceKind, Target};
use claimgraph::store::{corrections_path, corrections_to_ron, load_existing};

fn decision(target: Target, action: Action, i: usize) -> Correction {
    Correction { who: "bench".into(), when: format!("2026-04-01T10:{:02}:{:02}Z", (i / 60) % 60, i % 60), target, action, why: String::new() }
}

/// A deterministic sequence of indexes (no randomness crate needed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

fn other(s: StanceKind) -> StanceKind {
    if s == StanceKind::Demands { StanceKind::Rejects } else { StanceKind::Demands }
}

fn merge_pair(g: &GraphData) -> (String, String) {
    let mut holders: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &g.stances {
        *holders.entry(&s.actor).or_default() += s.evidence.len();
    }
    let mut by: Vec<(usize, &str)> = holders.into_iter().map(|(a, n)| (n, a)).collect();
    by.sort();
    let (from, into) = (by[by.len() / 2].1, by[by.len() / 2 + 1].1);
    eprintln!("merging {from} ({}) into {into} ({})", by[by.len() / 2].0, by[by.len() / 2 + 1].0);
    (from.to_string(), into.to_string())
}

fn spread(g: &GraphData) -> Vec<Correction> {
    let mut c = Vec::new();
    let step = (g.statements.len() / 10).max(1);
    for (i, s) in g.statements.iter().step_by(step).take(10).enumerate() {
        let action = if i % 2 == 0 { Action::Speaker { name: format!("Zora Velt {i}"), kind: None } } else { Action::Wrong };
        c.push(decision(Target::statement(&s.evidence[0], &s.text), action, 0));
    }
    let step = (g.stances.len() / 10).max(1);
    for s in g.stances.iter().step_by(step).take(10) {
        c.push(decision(Target::stance(&s.evidence[0], &s.topic, &s.actor), Action::Stance(other(s.stance)), 0));
    }
    c
}

fn focused(g: &GraphData, n: usize, speaker: Option<&str>) -> Vec<Correction> {
    let mut rng = Lcg(7);
    let mut quoted: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &g.statements {
        *quoted.entry(&s.speaker).or_default() += s.evidence.len();
    }
    let speaker = match speaker {
        Some(q) => quoted.keys().find(|a| a.to_lowercase().contains(&q.to_lowercase())).copied().unwrap_or_default(),
        None => quoted.iter().max_by_key(|(_, n)| **n).map(|(a, _)| *a).unwrap_or_default(),
    };
    let mut held: std::collections::BTreeMap<&str, usize> = Default::default();
    for s in &g.stances {
        *held.entry(&s.topic).or_default() += s.evidence.len();
    }
    let topic = held.iter().max_by_key(|(_, n)| **n).map(|(t, _)| *t).unwrap_or_default();
    eprintln!("focus: speaker {speaker}, topic {topic}");
    let theirs: Vec<_> = g.statements.iter().filter(|s| s.speaker == speaker).collect();
    let on_topic: Vec<_> = g.stances.iter().filter(|s| s.topic == topic).collect();
    let actors: Vec<&str> = g.actors.iter().map(|a| a.name.as_str()).collect();
    let statements: Vec<_> = g.statements.iter().collect();
    let stances: Vec<_> = g.stances.iter().collect();
    let mut c = Vec::new();
    for i in 0..n {
        let pick = rng.below(3);
        if pick == 0 && !theirs.is_empty() || pick == 2 && i % 2 == 0 {
            let pool = if pick == 0 { &theirs } else { &statements };
            let s = pool[rng.below(pool.len())];
            let e = &s.evidence[rng.below(s.evidence.len())];
            let action = match rng.below(4) {
                0 => Action::Wrong,
                1 => Action::Kind(if s.kind == QuoteKind::Direct { QuoteKind::Indirect } else { QuoteKind::Direct }),
                2 => Action::Speaker { name: format!("Zora Velt {}", rng.below(5)), kind: None },
                _ => Action::Speaker { name: actors[rng.below(actors.len())].to_string(), kind: None },
            };
            c.push(decision(Target::statement(e, &s.text), action, i));
        } else {
            let pool = if pick == 1 && !on_topic.is_empty() { &on_topic } else { &stances };
            let s = pool[rng.below(pool.len())];
            let e = &s.evidence[rng.below(s.evidence.len())];
            let action = match rng.below(4) {
                0 | 1 => Action::Stance(other(s.stance)),
                2 => Action::Wrong,
                _ => Action::Speaker { name: actors[rng.below(actors.len())].to_string(), kind: None },
            };
            c.push(decision(Target::stance(e, &s.topic, &s.actor), action, i));
        }
    }
    c
}

fn main() {
    let mut args = std::env::args().skip(1);
    let graph = std::path::PathBuf::from(args.next().expect("graph path"));
    let n: Option<usize> = args.next().map(|n| n.parse().expect("a count"));
    let out = args.next().map(std::path::PathBuf::from).unwrap_or_else(|| corrections_path(&graph));
    let speaker = args.next();
    let g = load_existing(&graph).expect("graph");
    let mut c = match n {
        Some(n) => focused(&g, n, speaker.as_deref()),
        None => spread(&g),
    };
    let (from, into) = merge_pair(&g);
    c.push(decision(Target::Actor { name: from }, Action::Merge { into }, c.len()));
    let file = Corrections { corrections: c, ..Default::default() };
    std::fs::write(out, corrections_to_ron(&file).expect("ron")).expect("write");
}
