//! Row caps for the listing queries: a capped answer is the whole
//! answer's newest rows, kept in the whole answer's order, so `--limit N`
//! never reorders what `--all` prints, only leaves rows out.
//!
//! "Newest" is by the evidence a row cites (date, article, sentence, as
//! the graph orders evidence); among rows citing equally recent evidence
//! the later in the answer's order is kept. For `who-said`, whose answer
//! is sorted oldest first, the newest N rows are its last N.
//!
//! The index-backed views read only the rows a capped answer can hold:
//! every row whose key is at or after the N-th newest key ([`at_or_after`]),
//! which holds the newest N whatever the order among equal keys.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::model::{Evidence, evidence_key};

/// How [`evidence_key`] ranks an evidence: date, article, sentence.
type EvidenceKey<'a> = (Option<chrono::NaiveDate>, &'a str, usize);

/// A capped answer: the rows kept and how many the whole answer has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Capped<T> {
    pub rows: Vec<T>,
    pub total: usize,
}

impl<T> Capped<T> {
    /// How many rows the cap left out.
    pub fn left_out(&self) -> usize {
        self.total - self.rows.len()
    }
}

/// The newest `cap` of `rows` (all when `None`), in their order: a row
/// is as new as the evidence `dated` gives for it; of rows dated alike,
/// the later is kept.
pub fn newest<T>(rows: Vec<T>, cap: Option<usize>, dated: impl Fn(&T) -> &Evidence) -> Capped<T> {
    let total = rows.len();
    let cap = cap.unwrap_or(usize::MAX);
    if total <= cap {
        return Capped { rows, total };
    }
    let mut keep = vec![false; total];
    if cap > 0 {
        // Keys computed once and only the cut point found (no full sort):
        // at 100k articles this ranks 135k contradictions.
        let mut order: Vec<(EvidenceKey<'_>, usize)> = rows.iter().enumerate().map(|(i, r)| (evidence_key(dated(r)), i)).collect();
        // Newest first; of equals, the later row first.
        order.select_nth_unstable_by(cap - 1, |a, b| b.cmp(a));
        for &(_, i) in &order[..cap] {
            keep[i] = true;
        }
    }
    let rows = rows.into_iter().zip(keep).filter_map(|(r, k)| k.then_some(r)).collect();
    Capped { rows, total }
}

/// [`newest`] fed one row at a time, in the answer's order, holding at
/// most `cap` rows: at 100k articles only 1,000 of the 135k
/// contradictions are printed, and the others are never stored.
pub struct Newest<'a, T> {
    cap: Option<usize>,
    seen: usize,
    /// The kept rows' (key, place in the answer, slot in `rows`), the
    /// oldest on top.
    heap: BinaryHeap<Reverse<(EvidenceKey<'a>, usize, usize)>>,
    rows: Vec<(usize, T)>,
}

impl<'a, T> Newest<'a, T> {
    pub fn new(cap: Option<usize>) -> Self {
        Newest { cap, seen: 0, heap: BinaryHeap::new(), rows: Vec::new() }
    }

    /// The answer's next row, as new as `dated`.
    pub fn offer(&mut self, row: T, dated: &'a Evidence) {
        let at = self.seen;
        self.seen += 1;
        let Some(cap) = self.cap else {
            self.rows.push((at, row));
            return;
        };
        let key = evidence_key(dated);
        if self.rows.len() < cap {
            self.heap.push(Reverse((key, at, self.rows.len())));
            self.rows.push((at, row));
        } else if let Some(mut oldest) = self.heap.peek_mut()
            && (key, at) > (oldest.0.0, oldest.0.1)
        {
            // A later row wins a tie, as in `newest`.
            let slot = oldest.0.2;
            *oldest = Reverse((key, at, slot));
            self.rows[slot] = (at, row);
        }
    }

    /// The rows kept, in the answer's order, and how many were offered.
    pub fn finish(mut self) -> Capped<T> {
        self.rows.sort_unstable_by_key(|r| r.0);
        Capped { rows: self.rows.into_iter().map(|(_, r)| r).collect(), total: self.seen }
    }
}

/// The later of two evidences in the graph's order (`b` on a tie).
pub fn later<'a>(a: &'a Evidence, b: &'a Evidence) -> &'a Evidence {
    if evidence_key(a) > evidence_key(b) { a } else { b }
}

/// The first `cap` of `rows` (all when `None`): for answers with no date
/// to order by (positions).
pub fn first<T>(mut rows: Vec<T>, cap: Option<usize>) -> Capped<T> {
    let total = rows.len();
    rows.truncate(cap.unwrap_or(usize::MAX));
    Capped { rows, total }
}

/// Of `keys` (a sort key and the row it names), the rows whose key is at
/// or after the `cap`-th largest: a superset of the newest `cap` rows
/// however equal keys are ordered. All rows when there are no more than
/// `cap`.
pub fn at_or_after<K: Ord + Clone>(mut keys: Vec<(K, i64)>, cap: usize) -> Vec<i64> {
    crate::store::index_newest::keep_at_or_after(&mut keys, cap);
    keys.into_iter().map(|(_, row)| row).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    fn dated(day: u32, article: &str) -> Evidence {
        let span = crate::model::Span { start: 0, end: 1 };
        Evidence {
            article: article.into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 3, day),
            span,
            sentence: span,
            sentence_text: Text::default(),
            cue: Text::default(),
            rule: Text::default(),
            resolution: Text::default(),
        }
    }

    #[test]
    fn newest_keeps_the_answer_order_and_prefers_the_later_of_equals() {
        let rows = vec![dated(3, "a"), dated(1, "b"), dated(3, "a"), dated(2, "d")];
        let got = newest(rows.clone(), Some(2), |e| e);
        assert_eq!(got.rows, vec![rows[0].clone(), rows[2].clone()]);
        assert_eq!(got.left_out(), 2);
        // A later article on the same day is newer.
        let two = vec![dated(3, "b"), dated(3, "a")];
        assert_eq!(newest(two.clone(), Some(1), |e| e).rows, vec![two[0].clone()]);
        // Under the cap: all, untouched.
        assert_eq!(newest(rows.clone(), Some(4), |e| e), Capped { rows: rows.clone(), total: 4 });
        assert_eq!(newest(rows.clone(), None, |e| e).rows, rows);
        assert_eq!(later(&rows[1], &rows[3]), &rows[3]);
    }

    #[test]
    fn newest_one_at_a_time_keeps_what_newest_keeps() {
        let days = [3, 1, 3, 2, 5, 1, 3, 5, 4, 2, 3];
        let rows: Vec<Evidence> = days.iter().enumerate().map(|(i, &d)| dated(d, if i % 4 == 0 { "b" } else { "a" })).collect();
        for cap in [None, Some(0), Some(1), Some(2), Some(3), Some(5), Some(10), Some(11), Some(40)] {
            let mut stream = Newest::new(cap);
            for (i, r) in rows.iter().enumerate() {
                stream.offer((i, r.clone()), r);
            }
            let got = stream.finish();
            let want = newest(rows.iter().cloned().enumerate().collect(), cap, |r| &r.1);
            assert_eq!(got, want, "cap {cap:?}");
        }
    }

    #[test]
    fn first_cuts_the_tail() {
        assert_eq!(first(vec![1, 2, 3], Some(2)), Capped { rows: vec![1, 2], total: 3 });
        assert_eq!(first(vec![1, 2, 3], None).left_out(), 0);
    }

    #[test]
    fn at_or_after_keeps_every_tie_of_the_last_kept_key() {
        let keys = vec![(5, 10), (1, 11), (3, 12), (3, 13), (4, 14)];
        let mut got = at_or_after(keys.clone(), 3);
        got.sort_unstable();
        // 5, 4 and both 3s: either 3 may be among the newest three.
        assert_eq!(got, vec![10, 12, 13, 14]);
        let mut all = at_or_after(keys.clone(), 9);
        all.sort_unstable();
        assert_eq!(all, vec![10, 11, 12, 13, 14]);
        assert!(at_or_after(keys, 0).is_empty());
    }
}
