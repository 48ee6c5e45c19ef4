//! The stances a contradictions query reads from the index: every stance,
//! but of its evidence only what [`super::queries::contradictions`] can
//! cite, so the query runs unchanged on a few rows per stance instead of
//! all of them.
//!
//! - Between actors, and claim against denial: a stance's latest claim,
//!   latest denial and latest other evidence (one index seek each).
//! - A reversal (a demand and a rejection counted for the same actor on
//!   one topic): the rows from just before the first evidence dated as
//!   the later side of the timeline's last change onwards, which hold
//!   every window the query can keep (it keeps the most recent change,
//!   the first of equally recent ones). Earlier windows of the cut
//!   timeline are all older, so they never win.
//!
//! With corrections ([`CorrectedRecords`]), a stance whose evidence the
//! overlay changes, and every stance counted for the same actor and topic
//! as one the overlay holds, is read whole (its latest rows or its
//! timeline may be others once corrected), then the overlay's rows take
//! the place of the index's.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Result;
use crate::model::{Evidence, GraphData, Stance, StanceKind, Text};
use crate::store::index::Index;
use crate::store::index_timeline::{TimelineKey, cut_rows};
use super::indexed::{base, corrected};
use super::overlay::CorrectedRecords;
use super::queries::{Contradiction, ContradictionScope, actor_matches, counted_for, resolve_topic, roll_up_map};

/// Rows a reversal's timeline is first read with, from each end; grown
/// fourfold until the last change and its context are in.
const FIRST_TAIL: usize = 8;

/// Ids of the demands and of the rejections counted for one actor.
type Sides<'a> = (Vec<&'a str>, Vec<&'a str>);

/// Every stance with the evidence `contradictions` (rolled up or not)
/// answers from, and no articles: of the thousands that evidence cites,
/// a caller printing rows reads only those its rows cite.
///
/// With a `scope`, only the topics it can answer are read: its topic, or
/// the topics on which an actor it names holds a stance (contradictions
/// are found topic by topic, so the others cannot hold its rows). The
/// caller still keeps only the rows in scope.
pub fn contradiction_view(index: &Index, roll_up: bool, overlay: Option<&CorrectedRecords>, scope: ContradictionScope<'_>) -> Result<GraphData> {
    read(index, roll_up, overlay, scope, true)
}

/// [`contradiction_view`] without corrections, its evidence only the keys
/// the index's timelines gave ([`TimelineKey::cut`]: no sentence text, the
/// row in place of the resolution), none of its rows read: all the query
/// ranks and pairs by. [`fill`] reads the evidence of the rows it keeps
/// (at 100k articles, 600 rows instead of 4,000).
pub fn contradiction_keys(index: &Index, roll_up: bool, scope: ContradictionScope<'_>) -> Result<GraphData> {
    read(index, roll_up, None, scope, false)
}

/// The whole evidence of `rows` found on a [`contradiction_keys`] view.
pub fn fill(index: &Index, rows: &mut [Contradiction]) -> Result<()> {
    let mut read: HashMap<Text, Evidence> = HashMap::new();
    for e in rows.iter_mut().flat_map(|c| [&mut c.first.evidence, &mut c.second.evidence]) {
        *e = match read.get(&e.resolution) {
            Some(whole) => whole.clone(),
            None => {
                let whole = index.evidence_by_row(e)?;
                read.insert(e.resolution.clone(), whole.clone());
                whole
            }
        };
    }
    Ok(())
}

fn read(index: &Index, roll_up: bool, overlay: Option<&CorrectedRecords>, scope: ContradictionScope<'_>, whole_rows: bool) -> Result<GraphData> {
    let mut view = base(index, overlay)?;
    let topic = scope.topic.map(|q| resolve_topic(&view, q).unwrap_or(q).to_string());
    let mut stances = index.stance_heads(topic.as_deref())?;
    let map = roll_up_map(&view);
    if let Some(q) = scope.actor {
        let holds = |s: &&Stance| {
            let (counted, via) = counted_for(&map, &s.actor, roll_up);
            actor_matches(q, &s.actor) || actor_matches(q, &counted) || via.as_deref().is_some_and(|v| actor_matches(q, v))
        };
        // Corrections may give the actor a stance the index does not hold.
        let held = overlay.into_iter().flat_map(|o| o.data.stances.iter());
        let topics: BTreeSet<String> = stances.iter().chain(held).filter(holds).map(|s| s.topic.clone()).collect();
        stances.retain(|s| topics.contains(&s.topic));
    }
    // Stances read whole: those the overlay changes, and those counted
    // with one it holds (see the module doc).
    let mut whole: BTreeSet<String> = BTreeSet::new();
    if let Some(o) = overlay {
        let groups: BTreeSet<(String, &str)> = o
            .data
            .stances
            .iter()
            .chain(stances.iter().filter(|s| o.stance_ids.contains(&s.id)))
            .map(|s| (counted_for(&map, &s.actor, roll_up).0, s.topic.as_str()))
            .collect();
        whole.extend(o.stance_ids.iter().cloned());
        whole.extend(stances.iter().filter(|s| groups.contains(&(counted_for(&map, &s.actor, roll_up).0, s.topic.as_str()))).map(|s| s.id.clone()));
    }
    // The rows read, with their stance.
    let mut keep: BTreeMap<i64, (String, TimelineKey)> = BTreeMap::new();
    // (counted actor, topic) → its demands and its rejections.
    let mut sides: HashMap<(String, &str), Sides<'_>> = HashMap::new();
    for s in stances.iter().filter(|s| !whole.contains(&s.id)) {
        keep.extend(index.latest_by_rule_kind(&s.id)?.into_iter().map(|k| (k.rowid, (s.id.clone(), k))));
        let (actor, _) = counted_for(&map, &s.actor, roll_up);
        let (demands, rejects) = sides.entry((actor, s.topic.as_str())).or_default();
        match s.stance {
            StanceKind::Demands => demands.push(&s.id),
            StanceKind::Rejects => rejects.push(&s.id),
        }
    }
    for (demands, rejects) in sides.values() {
        for d in demands {
            for r in rejects {
                let ids = [d, r];
                keep.extend(reversal_rows(index, d, r)?.into_iter().map(|(side, k)| (k.rowid, (ids[usize::from(side)].to_string(), k))));
            }
        }
    }
    drop(sides);
    let mut rows = if whole_rows { index.stance_evidence_rows(&keep.keys().copied().collect())? } else { cut_rows(&keep) };
    for s in &mut stances {
        s.evidence = rows.remove(&s.id).unwrap_or_default();
    }
    stances.retain(|s| !whole.contains(&s.id));
    stances.extend(index.stances_by_ids(&whole)?);
    view.stances = stances;
    Ok(corrected(view, overlay))
}

/// The order `contradictions` merges a demand's (side 0) and a
/// rejection's (side 1) evidence in: by date, article and sentence, the
/// demand first on a tie, each side in its own order.
fn merged(a: &(&TimelineKey, u8), b: &(&TimelineKey, u8)) -> Ordering {
    fn key<'a>((k, side): &(&'a TimelineKey, u8)) -> (&'a Option<String>, &'a str, i64, u8, i64, i64, &'a str, &'a str, i64) {
        (&k.date, &k.article, k.sentence_start, *side, k.span_start, k.span_end, &k.rule, &k.cue, k.rowid)
    }
    key(a).cmp(&key(b))
}

/// The rows of the demand `d` and rejection `r` a reversal between them
/// can cite (see the module doc).
fn reversal_rows(index: &Index, d: &str, r: &str) -> Result<Vec<(u8, TimelineKey)>> {
    let mut n = FIRST_TAIL;
    loop {
        let ((td, d_whole), (tr, r_whole)) = (index.timeline_tail(d, n)?, index.timeline_tail(r, n)?);
        let whole = d_whole && r_whole;
        // A cut read that kept nothing tells nothing: read more.
        if (!d_whole && td.is_empty()) || (!r_whole && tr.is_empty()) {
            n *= 4;
            continue;
        }
        // Below the later of the two cut ends some rows of one side are
        // missing; from it on both sides are complete.
        let floor = [(&td, d_whole, 0u8), (&tr, r_whole, 1u8)].into_iter().filter(|(_, whole, _)| !whole).map(|(t, _, side)| (&t[0], side)).max_by(merged);
        let mut timeline: Vec<(&TimelineKey, u8)> = td
            .iter()
            .map(|k| (k, 0))
            .chain(tr.iter().map(|k| (k, 1)))
            .filter(|e| floor.as_ref().is_none_or(|f| merged(e, f) != Ordering::Less))
            .collect();
        timeline.sort_by(merged);
        if let Some(rows) = around_last_change(&timeline, whole) {
            return Ok(rows);
        }
        if whole {
            return Ok(Vec::new());
        }
        n *= 4;
    }
}

/// The rows from just before the first one dated as the later side of the
/// last change on; `None` when `timeline` (a suffix of the whole one, or
/// all of it when `whole`) does not reach back that far.
fn around_last_change(timeline: &[(&TimelineKey, u8)], whole: bool) -> Option<Vec<(u8, TimelineKey)>> {
    let later = (1..timeline.len()).rev().find(|&i| timeline[i - 1].1 != timeline[i].1)?;
    let date = &timeline[later].0.date;
    let first = timeline.iter().position(|e| &e.0.date == date)?;
    if first == 0 && !whole {
        return None;
    }
    Some(timeline[first.saturating_sub(1)..].iter().map(|&(k, side)| (side, k.clone())).collect())
}
