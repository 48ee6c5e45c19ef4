//! Agreement between two coders' corrections: on the targets both decided,
//! how often they decided alike, raw and corrected for chance (Cohen's
//! kappa over the decision labels).

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{Corrections, Target};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Agreement {
    /// Targets both files decide.
    pub both: usize,
    pub agree: usize,
    pub only_first: usize,
    pub only_second: usize,
    /// `agree / both` (None when nothing is shared).
    pub observed: Option<f64>,
    /// Cohen's kappa on the shared targets (None when undefined: nothing
    /// shared, or both coders used one label throughout).
    pub kappa: Option<f64>,
    /// Shared targets decided differently: (target, first's label, second's).
    pub disagreements: Vec<(Target, String, String)>,
}

/// The latest decision label per target.
fn decisions(c: &Corrections) -> BTreeMap<&Target, String> {
    let mut out = BTreeMap::new();
    for x in &c.corrections {
        out.insert(&x.target, x.action.label());
    }
    out
}

pub fn agreement(first: &Corrections, second: &Corrections) -> Agreement {
    let a = decisions(first);
    let b = decisions(second);
    let mut pairs: Vec<(&Target, &str, &str)> = Vec::new();
    for (t, la) in &a {
        if let Some(lb) = b.get(t) {
            pairs.push((t, la, lb));
        }
    }
    let both = pairs.len();
    let agree = pairs.iter().filter(|(_, x, y)| x == y).count();
    let observed = (both > 0).then(|| agree as f64 / both as f64);
    let mut fa: HashMap<&str, usize> = HashMap::new();
    let mut fb: HashMap<&str, usize> = HashMap::new();
    for (_, x, y) in &pairs {
        *fa.entry(x).or_default() += 1;
        *fb.entry(y).or_default() += 1;
    }
    let n = both as f64;
    let expected: f64 = fa.iter().map(|(l, ca)| (*ca as f64 / n) * (fb.get(l).copied().unwrap_or(0) as f64 / n)).sum();
    let kappa = observed.and_then(|po| (expected < 1.0).then(|| (po - expected) / (1.0 - expected)));
    Agreement {
        both,
        agree,
        only_first: a.len() - both,
        only_second: b.len() - both,
        observed,
        kappa,
        disagreements: pairs
            .into_iter()
            .filter(|(_, x, y)| x != y)
            .map(|(t, x, y)| (t.clone(), x.to_string(), y.to_string()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Correction};

    fn file(decisions: &[(&str, Action)]) -> Corrections {
        Corrections {
            corrections: decisions
                .iter()
                .map(|(name, action)| Correction {
                    who: "c".into(),
                    when: "2026-01-01T00:00:00Z".into(),
                    target: Target::Actor { name: (*name).into() },
                    action: action.clone(),
                    why: String::new(),
                })
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn kappa_counts_agreement_beyond_chance() {
        let a = file(&[("p", Action::Wrong), ("q", Action::Wrong), ("r", Action::Confirm), ("s", Action::Confirm), ("t", Action::Wrong)]);
        let b = file(&[("p", Action::Wrong), ("q", Action::Confirm), ("r", Action::Confirm), ("s", Action::Confirm), ("u", Action::Wrong)]);
        let g = agreement(&a, &b);
        assert_eq!((g.both, g.agree, g.only_first, g.only_second), (4, 3, 1, 1));
        assert_eq!(g.observed, Some(0.75));
        // p_e = 2/4·1/4 + 2/4·3/4 = 0.5, so kappa = (0.75 − 0.5) / 0.5.
        assert!((g.kappa.unwrap() - 0.5).abs() < 1e-9);
        assert_eq!(g.disagreements.len(), 1);
        // Nothing shared: no figure rather than a made-up one.
        let none = agreement(&a, &file(&[("z", Action::Wrong)]));
        assert_eq!((none.observed, none.kappa), (None, None));
    }
}
