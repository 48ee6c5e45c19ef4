//! Reviewers' corrections over the query index. The index holds the
//! machine's speakers and stances; a correction can only change the
//! occurrences in the article it names, and all of a merged actor's. So
//! those (the *overlay*) are read from the index once and corrected in
//! memory, and every index read leaves them out ([`Exclude`]): the rows
//! of a view are the index's, minus the overlay's, plus the overlay's as
//! corrected. The explorer (`serve`) and the CLI queries
//! ([`super::indexed`], [`super::contradiction_view`]) both read this way.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::Result;
use crate::model::{Action, Correction, Corrections, Evidence, FoundStance, FoundStatement, GraphData, Stance, Statement, Target};
use crate::store::index::Index;
use crate::store::index_browse::Exclude;
use super::corrections::{Applied, apply};

/// The explorer's order of occurrences: oldest first, by article and
/// sentence, then by who and where (as the index's browse order).
pub type OccKey<'a> = (Option<chrono::NaiveDate>, &'a str, usize, &'a str, usize);

pub fn occ_key<'a>(e: &'a Evidence, who: &'a str) -> OccKey<'a> {
    (e.date, e.article.as_str(), e.sentence.start, who, e.span.start)
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

/// The occurrences corrections may change, read from the index and
/// corrected.
pub struct IndexOverlay {
    pub applied: Applied,
    /// Actors and topics as corrected; statements and stances of the
    /// overlay only, corrected.
    pub data: GraphData,
    /// Articles and actors whose occurrences the overlay holds (sorted).
    pub touched: Vec<String>,
    pub merged: Vec<String>,
    /// Ids of the index's stances some of whose evidence the overlay
    /// replaces (as extracted, before correcting).
    pub index_stance_ids: BTreeSet<String>,
}

impl IndexOverlay {
    /// Reads the overlay of `corrections` from `index` and corrects it.
    pub fn build(index: &Index, corrections: &Corrections) -> Result<IndexOverlay> {
        let (touched, merged) = reach(corrections);
        let (found_statements, found_stances) = index.occurrences(&touched, &merged)?;
        let index_stance_ids = found_stances.iter().map(|(id, _)| id.clone()).collect();
        let mut data = GraphData {
            actors: index.actors()?,
            topics: index.topics()?,
            statements: group_statements(found_statements),
            stances: group_stances(found_stances),
            ..GraphData::default()
        };
        let applied = apply(&mut data, corrections);
        for s in &mut data.statements {
            sort_dedup(&mut s.evidence, &s.speaker.clone());
        }
        for s in &mut data.stances {
            sort_dedup(&mut s.evidence, &s.actor.clone());
        }
        Ok(IndexOverlay { applied, data, touched, merged, index_stance_ids })
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
}
