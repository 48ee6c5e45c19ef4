//! What the explorer knows between requests: the corrections file, the
//! actors and topics as corrected, and the *overlay*: every occurrence a
//! correction may change (those in a corrected article, and those of a
//! merged actor), read from the index once and corrected in memory. Every
//! other occurrence is read page by page from the query index, which
//! leaves the overlay's out ([`Exclude`]), so each page is the index's
//! rows and the overlay's, merged in one order.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::error::Result;
use crate::model::{Action, Correction, Corrections, Evidence, FoundStance, FoundStatement, GraphData, Stance, Statement, Target};
use crate::query::corrections::{Applied, apply};
use crate::query::{self, Contradiction, ContradictionKind};
use crate::store::index::Index;
use crate::store::index_browse::{Exclude, StanceCount};

/// A cell filled once per snapshot.
pub fn once<T>(cell: &OnceLock<T>, f: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = f()?;
    Ok(cell.get_or_init(|| v))
}

/// The explorer's order of occurrences: oldest first, by article and
/// sentence, then by who and where (as the index's browse order).
pub type OccKey<'a> = (Option<chrono::NaiveDate>, &'a str, usize, &'a str, usize);

pub fn occ_key<'a>(e: &'a Evidence, who: &'a str) -> OccKey<'a> {
    (e.date, e.article.as_str(), e.sentence.start, who, e.span.start)
}

/// The explorer's view of the graph at one seal and one corrections file.
pub struct Snapshot {
    /// The index seal (graph checksum) it was built from.
    pub seal: String,
    /// The corrections file's (modified time, length) when read.
    pub stamp: Option<(std::time::SystemTime, u64)>,
    pub corrections: Corrections,
    pub applied: Applied,
    /// Actors and topics as corrected; statements and stances of the
    /// overlay only, corrected.
    pub data: GraphData,
    pub outlets: Vec<String>,
    /// Articles and actors whose occurrences the overlay holds.
    pub touched: Vec<String>,
    pub merged: Vec<String>,
    /// Every speaker and stance holder the index knows (as extracted).
    pub index_names: Vec<String>,
    /// Topics with a stance in each (article, sentence start) of an
    /// overlay statement.
    pub sentence_topics: HashMap<(String, usize), Vec<String>>,
    /// Rows in the statement and stance evidence tables.
    pub evidence_rows: (usize, usize),
    pub(super) counts: OnceLock<HashMap<String, (usize, usize)>>,
    pub(super) stance_counts: OnceLock<Vec<StanceCount>>,
    pub(super) latest: OnceLock<Vec<Stance>>,
}

/// Groups occurrences read from the index into records by id, evidence
/// sorted and deduplicated (an occurrence may be both in a corrected
/// article and of a merged actor).
pub fn group_statements(found: Vec<(String, FoundStatement)>) -> Vec<Statement> {
    let mut by: BTreeMap<String, Statement> = BTreeMap::new();
    for (id, s) in found {
        by.entry(id.clone())
            .or_insert_with(|| Statement { id, speaker: s.speaker, kind: s.kind, text: s.text, evidence: Vec::new() })
            .evidence
            .push(s.evidence);
    }
    let mut out: Vec<Statement> = by.into_values().collect();
    for s in &mut out {
        sort_dedup(&mut s.evidence, &s.speaker.clone());
    }
    out
}

pub fn group_stances(found: Vec<(String, FoundStance)>) -> Vec<Stance> {
    let mut by: BTreeMap<String, Stance> = BTreeMap::new();
    for (id, s) in found {
        by.entry(id.clone())
            .or_insert_with(|| Stance { id, actor: s.actor, stance: s.stance, topic: s.topic, evidence: Vec::new() })
            .evidence
            .push(s.evidence);
    }
    let mut out: Vec<Stance> = by.into_values().collect();
    for s in &mut out {
        sort_dedup(&mut s.evidence, &s.actor.clone());
    }
    out
}

pub fn sort_dedup(ev: &mut Vec<Evidence>, who: &str) {
    ev.sort_by(|a, b| occ_key(a, who).cmp(&occ_key(b, who)).then_with(|| (a.span.end, &a.rule, &a.cue).cmp(&(b.span.end, &b.rule, &b.cue))));
    ev.dedup();
}

/// The articles and merged actors the corrections name.
fn reach(c: &Corrections) -> (Vec<String>, Vec<String>) {
    let mut latest: BTreeMap<&Target, &Correction> = BTreeMap::new();
    for x in &c.corrections {
        latest.insert(&x.target, x);
    }
    let mut articles = BTreeSet::new();
    let mut merged = BTreeSet::new();
    for x in latest.values() {
        match (&x.target, &x.action) {
            (Target::Actor { name }, Action::Merge { into }) if name != into => {
                merged.insert(name.clone());
            }
            (t, _) => {
                if let Some(a) = t.article() {
                    articles.insert(a.to_string());
                }
            }
        }
    }
    (articles.into_iter().collect(), merged.into_iter().collect())
}

impl Snapshot {
    /// Reads what the snapshot holds from `index` and applies `corrections`.
    pub fn build(index: &Index, corrections: Corrections, stamp: Option<(std::time::SystemTime, u64)>) -> Result<Snapshot> {
        let (touched, merged) = reach(&corrections);
        let (found_statements, found_stances) = index.occurrences(&touched, &merged)?;
        let mut data = GraphData {
            actors: index.actors()?,
            topics: index.topics()?,
            statements: group_statements(found_statements),
            stances: group_stances(found_stances),
            ..GraphData::default()
        };
        let applied = apply(&mut data, &corrections);
        for s in &mut data.statements {
            sort_dedup(&mut s.evidence, &s.speaker.clone());
        }
        for s in &mut data.stances {
            sort_dedup(&mut s.evidence, &s.actor.clone());
        }
        let mut index_names: BTreeSet<String> = index.speakers()?.into_iter().collect();
        index_names.extend(index.stance_actors()?);
        let touched_set: BTreeSet<&str> = touched.iter().map(String::as_str).collect();
        let mut sentence_topics: HashMap<(String, usize), Vec<String>> = HashMap::new();
        for s in &data.stances {
            for e in &s.evidence {
                sentence_topics.entry((e.article.clone(), e.sentence.start)).or_default().push(s.topic.clone());
            }
        }
        // A merged actor's words outside the corrected articles share their
        // sentence with stances the index holds.
        for s in &data.statements {
            for e in &s.evidence {
                if !touched_set.contains(e.article.as_str()) {
                    let from_index = index.sentence_topics(&e.article, e.sentence.start)?;
                    sentence_topics.entry((e.article.clone(), e.sentence.start)).or_default().extend(from_index);
                }
            }
        }
        Ok(Snapshot {
            seal: index.seal()?,
            stamp,
            corrections,
            applied,
            data,
            outlets: index.outlets()?,
            touched,
            merged,
            index_names: index_names.into_iter().collect(),
            sentence_topics,
            evidence_rows: index.evidence_rows()?,
            counts: OnceLock::new(),
            stance_counts: OnceLock::new(),
            latest: OnceLock::new(),
        })
    }

    pub fn exclude(&self) -> Exclude<'_> {
        Exclude { articles: &self.touched, actors: &self.merged }
    }

    /// Whether the index's copy of this evidence is replaced by the overlay.
    pub fn excluded(&self, who: &str, e: &Evidence) -> bool {
        self.merged.iter().any(|m| m == who) || self.touched.binary_search(&e.article).is_ok()
    }

    /// Records read whole from the index, corrected: the evidence the
    /// overlay replaces removed, the overlay's records with the same id
    /// (or, for `extra`, that the caller wants) added.
    pub fn corrected_stances(&self, from_index: Vec<Stance>, extra: impl Fn(&Stance) -> bool) -> Vec<Stance> {
        let mut by: BTreeMap<String, Stance> = BTreeMap::new();
        for mut s in from_index {
            let actor = s.actor.clone();
            s.evidence.retain(|e| !self.excluded(&actor, e));
            if !s.evidence.is_empty() {
                by.insert(s.id.clone(), s);
            }
        }
        let wanted: BTreeSet<String> = by.keys().cloned().collect();
        for s in self.data.stances.iter().filter(|s| wanted.contains(&s.id) || extra(s)) {
            by.entry(s.id.clone()).or_insert_with(|| Stance { evidence: Vec::new(), ..s.clone() }).evidence.extend(s.evidence.iter().cloned());
        }
        let mut out: Vec<Stance> = by.into_values().collect();
        for s in &mut out {
            sort_dedup(&mut s.evidence, &s.actor.clone());
        }
        out
    }

    pub fn corrected_statements(&self, from_index: Vec<Statement>, extra: impl Fn(&Statement) -> bool) -> Vec<Statement> {
        let mut by: BTreeMap<String, Statement> = BTreeMap::new();
        for mut s in from_index {
            let speaker = s.speaker.clone();
            s.evidence.retain(|e| !self.excluded(&speaker, e));
            if !s.evidence.is_empty() {
                by.insert(s.id.clone(), s);
            }
        }
        let wanted: BTreeSet<String> = by.keys().cloned().collect();
        for s in self.data.statements.iter().filter(|s| wanted.contains(&s.id) || extra(s)) {
            by.entry(s.id.clone()).or_insert_with(|| Statement { evidence: Vec::new(), ..s.clone() }).evidence.extend(s.evidence.iter().cloned());
        }
        let mut out: Vec<Statement> = by.into_values().collect();
        for s in &mut out {
            sort_dedup(&mut s.evidence, &s.speaker.clone());
        }
        out
    }

    /// Every stance as corrected, with of the index's evidence only the
    /// latest per rule (read once per snapshot; see
    /// `Index::stances_latest_per_rule`) and the overlay's in full.
    pub fn latest_stances(&self, index: &Index) -> Result<&[Stance]> {
        let from_index = once(&self.latest, || Ok(group_stances(index.stances_latest_per_rule(&self.exclude())?)))?;
        Ok(from_index)
    }

    /// The contradictions `actor` is part of. Reversals come from its own
    /// stances in full (`own`); contradictions with others cite the latest
    /// evidence of a kind of rule on each side, so for those every stance,
    /// its own too, is read by its latest evidence per rule: the same rows
    /// as from every evidence, for a fraction of the work.
    pub fn contradictions_of(&self, index: &Index, actor: &str, own: &[Stance]) -> Result<Vec<Contradiction>> {
        let topics: BTreeSet<&str> = own.iter().map(|s| s.topic.as_str()).collect();
        let view = |stances: Vec<Stance>| GraphData { actors: self.data.actors.clone(), topics: self.data.topics.clone(), stances, ..GraphData::default() };
        let latest: Vec<Stance> = self
            .corrected_stances(self.latest_stances(index)?.to_vec(), |_| true)
            .into_iter()
            .filter(|s| topics.contains(s.topic.as_str()))
            .collect();
        let mut out: Vec<Contradiction> =
            query::contradictions(&view(own.to_vec()), false).into_iter().filter(|c| c.kind == ContradictionKind::Reversal).collect();
        out.extend(
            query::contradictions(&view(latest), false)
                .into_iter()
                .filter(|c| c.kind != ContradictionKind::Reversal && (c.first.actor == actor || c.second.actor == actor)),
        );
        out.sort_by(|a, b| (a.kind, &a.topic, &a.first.actor, &a.second.actor).cmp(&(b.kind, &b.topic, &b.first.actor, &b.second.actor)));
        Ok(out)
    }
}
