//! Capped `who-said` and `ledger` (see [`super::limit`]) with or without
//! reviewers' corrections. Without, the index ranks and counts the rows
//! itself ([`super::indexed`]). With, the index's keys are ranked without
//! the occurrences the corrections replace, and the corrected records
//! (few: a corrected article's, a merged actor's) are ranked with them,
//! so the answer is the whole corrected answer's newest rows and count.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::error::Result;
use crate::model::{Evidence, GraphData, Stance, StanceKind, evidence_key};
use crate::store::index::Index;
use crate::store::index_newest::RowKey;
use crate::store::index_timeline::{LedgerKey, LedgerRank};
use super::indexed::{about_needle, base, corrected, with_cited_articles};
use super::overlay::CorrectedRecords;
use super::queries::{Ledger, LedgerEntry, Move, Side, StatementFilter, actor_matches, resolve_topic, topic_label, who_said};

/// A view holding the newest `cap` rows `who_said` with `filter` gives,
/// and how many rows the whole answer has; `None` (read whole) with both
/// an actor and `--about`. See [`super::indexed::who_said_newest`].
///
/// With reviewers' corrections, the keys are ranked without the
/// occurrences the overlay replaces, and the overlay's records are added
/// whole and corrected, so the view holds the newest `cap` rows of the
/// corrected answer among the index's and every row the overlay gives.
pub fn who_said_newest(index: &Index, filter: &StatementFilter, cap: usize, overlay: Option<&CorrectedRecords>) -> Result<Option<(GraphData, usize)>> {
    let Some(o) = overlay else {
        return super::indexed::who_said_newest(index, filter, cap);
    };
    let mut view = base(index, overlay)?;
    let merged_keys = if o.merged.is_empty() { Vec::new() } else { index.statement_keys_by_speakers(&o.merged)? };
    let merged_rows: HashSet<i64> = merged_keys.iter().map(|(_, row)| *row).collect();
    let replaced = |k: &RowKey, row: i64| o.touches(&k.1) || merged_rows.contains(&row);
    let (rows, total) = match (&filter.actor, &filter.about) {
        (Some(_), Some(_)) => return Ok(None),
        (Some(q), None) => {
            let speakers: Vec<String> = index.speakers()?.into_iter().filter(|s| actor_matches(q, s)).collect();
            let mut keys = index.statement_keys_by_speakers(&speakers)?;
            keys.retain(|(k, row)| !replaced(k, *row));
            let total = keys.len();
            (super::limit::at_or_after(keys, cap), total)
        }
        (None, Some(q)) => {
            let (topic, needle) = about_needle(&view, q);
            let named = index.statement_ids_naming(&needle)?;
            let mut keys: HashMap<i64, RowKey> = index.statement_keys_by_ids(&named)?.into_iter().map(|(k, row)| (row, k)).collect();
            // (statement row, stance row) sharing a sentence.
            let mut pairs = Vec::new();
            if let Some(t) = &topic {
                for (k, row, stance_row) in index.statement_keys_on_topic(t)? {
                    keys.entry(row).or_insert(k);
                    pairs.push((row, stance_row));
                }
            }
            keys.retain(|row, k| !replaced(k, *row));
            let total = keys.len();
            let rows = super::limit::at_or_after(keys.into_iter().map(|(row, k)| (k, row)).collect(), cap);
            if let Some(t) = &topic {
                // A merged actor's occurrences come back from the overlay
                // under the name they merge into, and need the stance
                // evidence of their sentences as the kept rows do.
                let kept: HashSet<i64> = rows.iter().copied().chain(merged_rows.iter().copied()).collect();
                let shared: BTreeSet<i64> = pairs.into_iter().filter(|(row, _)| kept.contains(row)).map(|(_, s)| s).collect();
                let mut evidence = index.stance_evidence_rows(&shared)?;
                view.stances = index.stance_heads(Some(t))?;
                for s in &mut view.stances {
                    s.evidence = evidence.remove(&s.id).unwrap_or_default();
                }
            }
            (rows, total)
        }
        (None, None) => {
            // The replaced rows, each once: a corrected article's, and a
            // merged actor's elsewhere.
            let replaced_rows = index.statement_rows_in(&o.touched)? + merged_keys.iter().filter(|(k, _)| !o.touches(&k.1)).count();
            // Enough of the newest that `cap` are left once those are out.
            let (mut keys, total) = index.newest_statement_keys(cap.saturating_add(replaced_rows))?;
            keys.retain(|(k, row)| !replaced(k, *row));
            (super::limit::at_or_after(keys, cap), total - replaced_rows)
        }
    };
    view.statements = index.statements_with_rows(&rows)?;
    view = corrected(view, overlay);
    // Each index row read is one row of the answer; the rest of the
    // view's rows are the overlay's.
    let total = total + who_said(&view, filter).len().saturating_sub(rows.len());
    Ok(Some((with_cited_articles(index, view)?, total)))
}

/// A capped ledger with no window and no roll-up, of actors `actor` names
/// (all when `None`) on `topic` (an id or label): every entry, the newest
/// `cap` moves as [`super::limit::newest`] keeps them, and how many moves
/// the whole ledger has. Evidence is cut to its key, for
/// [`super::indexed::fill_ledger`]. Without corrections, see
/// [`super::indexed::capped_ledger`].
///
/// With reviewers' corrections, each (actor, topic) timeline is built
/// from the timeline index's keys, without those of the occurrences the
/// overlay replaces, and with its corrected stances' evidence (whole),
/// in the order the corrected graph gives: a stance's kept evidence
/// before its corrected evidence, then all in time order, stably.
pub fn ledger(index: &Index, view: &GraphData, topic: Option<&str>, actor: Option<&str>, cap: usize, overlay: Option<&CorrectedRecords>) -> Result<(Ledger, usize)> {
    let Some(o) = overlay else {
        return super::indexed::capped_ledger(index, view, topic, actor, cap);
    };
    let topic_id = topic.map(|q| resolve_topic(view, q).unwrap_or(q).to_string());
    let heads = index.stance_heads(topic_id.as_deref())?;
    // As `ledger` counts stances: by actor and topic, demands first; each
    // stance's index evidence, then its corrected evidence.
    let mut groups: BTreeMap<(&str, &str), BTreeMap<StanceKind, Sources<'_>>> = BTreeMap::new();
    for s in &heads {
        groups.entry((&s.actor, &s.topic)).or_default().entry(s.stance).or_default().0 = Some(s);
    }
    for s in o.data.stances.iter().filter(|s| topic_id.as_deref().is_none_or(|t| t == s.topic)) {
        groups.entry((&s.actor, &s.topic)).or_default().entry(s.stance).or_default().1 = Some(s);
    }
    let mut timelines: Vec<((&str, &str), Timeline<'_>)> = Vec::new();
    for (group, stances) in groups {
        if actor.is_some_and(|q| !actor_matches(q, group.0)) {
            continue;
        }
        let mut timeline = Vec::new();
        for (kind, (machine, fixed)) in stances {
            let mut own: Vec<At<'_>> = Vec::new();
            if let Some(s) = machine {
                let mut keys = index.ledger_keys(&s.id)?;
                if o.stance_ids.contains(&s.id) {
                    keys.retain(|k| !o.replaces(&s.actor, &k.article));
                }
                own.extend(keys.into_iter().map(At::Key));
            }
            own.extend(fixed.iter().flat_map(|s| s.evidence.iter()).map(At::Ev));
            own.sort_by(|a, b| a.rank().cmp(&b.rank()));
            timeline.extend(own.into_iter().map(|at| (at, kind)));
        }
        timeline.sort_by(|a, b| a.0.rank().cmp(&b.0.rank()));
        if !timeline.is_empty() {
            timelines.push((group, timeline));
        }
    }
    // Every move by the key of the evidence it moved to, then its place
    // in the answer (the later of equals is the newer).
    let mut moves: Vec<(LedgerRank<'_>, usize, usize)> = Vec::new();
    for (g, (_, t)) in timelines.iter().enumerate() {
        for i in 1..t.len() {
            if t[i - 1].1 != t[i].1 {
                moves.push((t[i].0.rank(), g, i));
            }
        }
    }
    let total = moves.len();
    if total > cap {
        if cap > 0 {
            moves.select_nth_unstable_by(cap - 1, |a, b| b.cmp(a));
        }
        moves.truncate(cap);
        moves.sort_unstable_by_key(|m| (m.1, m.2));
    }
    let labels: Vec<String> = timelines.iter().map(|((_, topic), _)| topic_label(view, topic)).collect();
    let side = |actor: &str, (at, stance): &(At<'_>, StanceKind)| Side { actor: actor.to_string(), via: None, stance: *stance, evidence: at.evidence() };
    let moves = moves
        .iter()
        .map(|&(_, g, i)| {
            let ((actor, topic), t) = &timelines[g];
            Move { actor: actor.to_string(), topic: topic.to_string(), topic_label: labels[g].clone(), from: side(actor, &t[i - 1]), to: side(actor, &t[i]) }
        })
        .collect();
    let entries = timelines
        .iter()
        .zip(labels)
        .filter_map(|(((actor, topic), t), topic_label)| {
            let (at, stance) = t.last()?;
            Some(LedgerEntry { actor: actor.to_string(), via: None, topic: topic.to_string(), topic_label, stance: *stance, evidence: at.evidence() })
        })
        .collect();
    Ok((Ledger { since: None, until: None, entries, moves }, total))
}

/// A stance's record in the index and as corrected (either may lack).
type Sources<'a> = (Option<&'a Stance>, Option<&'a Stance>);

/// One actor's evidence on one topic, in time order, with the stance each
/// counts for.
type Timeline<'a> = Vec<(At<'a>, StanceKind)>;

/// An evidence in a corrected ledger's timeline: the index's, by its key,
/// or a corrected one, whole.
enum At<'a> {
    Key(LedgerKey),
    Ev(&'a Evidence),
}

impl At<'_> {
    fn rank(&self) -> LedgerRank<'_> {
        match self {
            At::Key(k) => k.rank(),
            At::Ev(e) => evidence_key(e),
        }
    }

    /// The evidence as the ledger holds it until
    /// [`super::indexed::fill_ledger`]: cut to its key, or whole.
    fn evidence(&self) -> Evidence {
        match self {
            At::Key(k) => k.cut(),
            At::Ev(e) => (*e).clone(),
        }
    }
}
