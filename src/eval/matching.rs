//! The matching rules scoring rests on (see [`crate::eval::score`] for the
//! definitions): speaker names through the gold alias table, and quote
//! texts by word overlap with a best-first one-to-one assignment.

use std::collections::HashMap;

use crate::eval::gold::GoldActor;
use crate::model::fold_text;

/// The gold actor table: which entries each folded name belongs to.
pub struct AliasTable {
    canonical: Vec<String>,
    entries: HashMap<String, Vec<usize>>,
}

impl AliasTable {
    pub fn new(actors: &[GoldActor]) -> Self {
        let mut entries: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                let v = entries.entry(fold_text(n)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        AliasTable {
            canonical: actors.iter().map(|a| a.name.clone()).collect(),
            entries,
        }
    }

    /// Whether two names denote the same actor.
    pub fn same(&self, predicted: &str, gold: &str) -> bool {
        let (p, g) = (fold_text(predicted), fold_text(gold));
        if p == g {
            return true;
        }
        match (self.entries.get(&p), self.entries.get(&g)) {
            (Some(a), Some(b)) => a.iter().any(|i| b.contains(i)),
            _ => false,
        }
    }

    /// The folded canonical name: an entry's own name wins over an alias that
    /// several entries share; unknown names stay as they are (folded).
    pub fn canonical(&self, name: &str) -> String {
        let f = fold_text(name);
        match self.entries.get(&f) {
            Some(ids) => {
                let own = ids.iter().find(|&&i| fold_text(&self.canonical[i]) == f);
                fold_text(&self.canonical[*own.unwrap_or(&ids[0])])
            }
            None => f,
        }
    }
}

// ---------------------------------------------------------------------------
// Text matching

/// Words shared by two folded texts, counted as a multiset.
pub fn word_overlap(a: &str, b: &str) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in a.split(' ').filter(|w| !w.is_empty()) {
        *counts.entry(w).or_default() += 1;
    }
    let mut shared = 0;
    for w in b.split(' ').filter(|w| !w.is_empty()) {
        if let Some(c) = counts.get_mut(w).filter(|c| **c > 0) {
            *c -= 1;
            shared += 1;
        }
    }
    shared
}

fn word_count(folded: &str) -> usize {
    folded.split(' ').filter(|w| !w.is_empty()).count()
}

/// Overlap and longer length when two texts match under the half rule.
fn text_match(pred: &str, gold: &str) -> Option<(usize, usize)> {
    let (p, g) = (fold_text(pred), fold_text(gold));
    let longer = word_count(&p).max(word_count(&g));
    let shared = word_overlap(&p, &g);
    (shared > 0 && 2 * shared >= longer).then_some((shared, longer))
}

/// Whether two texts match under the GUIDELINES §5 rule.
pub fn texts_match(pred: &str, gold: &str) -> bool {
    text_match(pred, gold).is_some()
}

/// A one-to-one best-first assignment: `(pred index, gold index)` pairs.
/// `right(p, g)` says whether the speaker is right, used only to break ties.
pub fn assign(preds: &[&str], golds: &[&str], right: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (pi, p) in preds.iter().enumerate() {
        for (gi, g) in golds.iter().enumerate() {
            if let Some((shared, longer)) = text_match(p, g) {
                cands.push((shared, longer, right(pi, gi), pi, gi));
            }
        }
    }
    // shared/longer compared without floats: a/b > c/d  ⇔  a·d > c·b.
    cands.sort_by(|x, y| {
        (y.0 * x.1)
            .cmp(&(x.0 * y.1))
            .then(y.0.cmp(&x.0))
            .then(y.2.cmp(&x.2))
            .then(x.3.cmp(&y.3))
            .then(x.4.cmp(&y.4))
    });
    let mut pred_used = vec![false; preds.len()];
    let mut gold_used = vec![false; golds.len()];
    let mut out = Vec::new();
    for (_, _, _, pi, gi) in cands {
        if !pred_used[pi] && !gold_used[gi] {
            pred_used[pi] = true;
            gold_used[gi] = true;
            out.push((pi, gi));
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ActorKind;

    fn actor(name: &str, aliases: &[&str]) -> GoldActor {
        GoldActor {
            name: name.into(),
            kind: ActorKind::Person,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            member_of: None,
        }
    }


    #[test]
    fn exactly_half_of_the_longer_text_matches() {
        // 2 of 4 words shared: exactly half.
        assert!(texts_match("We want peace now", "we WANT, no war"));
        // 2 of 5: less than half of the longer.
        assert!(!texts_match("We want peace now please", "we want no war at"));
        // The longer text decides, whichever side it is on.
        assert!(!texts_match("we want", "we want peace now please"));
        assert!(!texts_match("we want peace now please", "we want"));
        assert!(texts_match("we want", "we want peace now"));
        assert!(!texts_match("", ""));
    }

    #[test]
    fn overlap_counts_words_as_a_multiset() {
        assert_eq!(word_overlap("no no no no", "no"), 1);
        assert!(!texts_match("No, no, no, no", "no"));
        assert!(texts_match("No, no, no, no", "no no yes maybe"));
        assert_eq!(word_overlap("a b a", "a a a b"), 3);
    }

    #[test]
    fn assignment_is_best_first_not_first_come() {
        // P1 matches both golds; P2 matches only G1. First-come would give
        // G1 to P1 and leave P2 unmatched.
        let preds = ["a b c d x y", "a b c d"];
        let golds = ["a b c d", "a b c d x y z w v"];
        let pairs = assign(&preds, &golds, |_, _| true);
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn unknown_names_must_match_exactly() {
        let t = AliasTable::new(&[actor("Ann Lee", &["Lee"])]);
        assert!(t.same("ann lee", "Ann Lee"));
        assert!(t.same("Lee", "Ann Lee"));
        assert!(!t.same("Ann", "Ann Lee"));
        assert!(t.same("Carl Moe", "carl moe"));
        assert!(!t.same("Carl Moe", "Ann Lee"));
    }
}
