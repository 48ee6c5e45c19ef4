//! Reviewers' corrections over the query index. The index holds the
//! machine's speakers and stances; a correction can only change the
//! occurrences in the article it names, and all of a merged actor's. So
//! those (the *overlay*) are read from the index once and corrected in
//! memory, and every index read leaves them out ([`Exclude`]): the rows
//! of a view are the index's, minus the overlay's, plus the overlay's as
//! corrected. The explorer (`serve`) and the CLI queries
//! ([`super::indexed`], [`super::contradiction_view`]) both read this way.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::error::Result;
use crate::model::{Action, Correction, Corrections, Evidence, evidence_key, FoundStance, FoundStatement, GraphData, Stance, Statement, Target};
use crate::store::index::Index;
use crate::store::order::evidence_key as graph_order;
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
    // Every field in the order, so that equal evidences (one occurrence
    // read twice: in a corrected article and as a merged actor's) are
    // neighbours for `dedup`, even beside another of the same place.
    ev.sort_by(|a, b| {
        occ_key(a, who).cmp(&occ_key(b, who)).then_with(|| {
            (a.span.end, &a.rule, &a.cue, a.sentence.end, &a.sentence_text, &a.resolution).cmp(&(b.span.end, &b.rule, &b.cue, b.sentence.end, &b.sentence_text, &b.resolution))
        })
    });
    ev.dedup();
}

/// The articles and merged actors the corrections name, and their
/// occurrences read from the index as records (not yet corrected), with
/// the index's actors and topics.
fn read_reach(index: &Index, corrections: &Corrections) -> Result<(Vec<String>, Vec<String>, GraphData)> {
    let (touched, merged) = reach(corrections);
    let (found_statements, found_stances) = index.occurrences(&touched, &merged)?;
    let data = GraphData {
        actors: index.actors()?,
        topics: index.topics()?,
        statements: group_statements(found_statements),
        stances: group_stances(found_stances),
        ..GraphData::default()
    };
    Ok((touched, merged, data))
}

/// Whether an occurrence of `who` lies in what the overlay replaces.
fn replaced(touched: &[String], merged: &[String], who: &str, e: &Evidence) -> bool {
    merged.iter().any(|m| m == who) || touched.binary_search_by(|t| t.as_str().cmp(&e.article)).is_ok()
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
}

impl IndexOverlay {
    /// Reads the overlay of `corrections` from `index` and corrects it.
    pub fn build(index: &Index, corrections: &Corrections) -> Result<IndexOverlay> {
        let (touched, merged, mut data) = read_reach(index, corrections)?;
        let applied = apply(&mut data, corrections);
        for s in &mut data.statements {
            sort_dedup(&mut s.evidence, &s.speaker.clone());
        }
        for s in &mut data.stances {
            sort_dedup(&mut s.evidence, &s.actor.clone());
        }
        Ok(IndexOverlay { applied, data, touched, merged })
    }

    pub fn exclude(&self) -> Exclude<'_> {
        Exclude { articles: &self.touched, actors: &self.merged }
    }

    /// Whether the index's copy of this evidence is replaced by the overlay.
    pub fn excluded(&self, who: &str, e: &Evidence) -> bool {
        replaced(&self.touched, &self.merged, who, e)
    }

    /// Records read whole from the index, corrected: the evidence the
    /// overlay replaces removed, the overlay's records with the same id
    /// (or, for `extra`, that the caller wants) added.
    pub fn corrected_stances(&self, from_index: Vec<Stance>, extra: impl Fn(&Stance) -> bool) -> Vec<Stance> {
        self.corrected(from_index, &self.data.stances, extra)
    }

    pub fn corrected_statements(&self, from_index: Vec<Statement>, extra: impl Fn(&Statement) -> bool) -> Vec<Statement> {
        self.corrected(from_index, &self.data.statements, extra)
    }

    fn corrected<R: Cited>(&self, from_index: Vec<R>, overlay: &[R], extra: impl Fn(&R) -> bool) -> Vec<R> {
        let mut by: BTreeMap<String, R> = BTreeMap::new();
        for mut r in from_index {
            let who = r.who().to_string();
            r.evidence_mut().retain(|e| !self.excluded(&who, e));
            if !r.evidence().is_empty() {
                by.insert(r.id().to_string(), r);
            }
        }
        let wanted: BTreeSet<String> = by.keys().cloned().collect();
        for r in overlay.iter().filter(|r| wanted.contains(r.id()) || extra(r)) {
            match by.get_mut(r.id()) {
                Some(have) => have.evidence_mut().extend(r.evidence().iter().cloned()),
                None => {
                    by.insert(r.id().to_string(), r.clone());
                }
            }
        }
        let mut out: Vec<R> = by.into_values().collect();
        for r in &mut out {
            let who = r.who().to_string();
            sort_dedup(r.evidence_mut(), &who);
        }
        out
    }
}

/// A statement or a stance, as the overlays correct both:
/// an id, who holds it, and its evidence.
trait Cited: Clone {
    fn id(&self) -> &str;
    fn who(&self) -> &str;
    fn evidence(&self) -> &[Evidence];
    fn evidence_mut(&mut self) -> &mut Vec<Evidence>;
}

impl Cited for Statement {
    fn id(&self) -> &str {
        &self.id
    }
    fn who(&self) -> &str {
        &self.speaker
    }
    fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    fn evidence_mut(&mut self) -> &mut Vec<Evidence> {
        &mut self.evidence
    }
}

impl Cited for Stance {
    fn id(&self) -> &str {
        &self.id
    }
    fn who(&self) -> &str {
        &self.actor
    }
    fn evidence(&self) -> &[Evidence] {
        &self.evidence
    }
    fn evidence_mut(&mut self) -> &mut Vec<Evidence> {
        &mut self.evidence
    }
}

/// The occurrences corrections may change (in a corrected article, or of
/// a merged actor), read from the index in the graph's evidence order and
/// corrected as [`apply`] corrects the whole graph, so that, merged into
/// the index's records, each record lists the same evidence in the same
/// order as on the corrected graph. What the CLI's query views read
/// through; the explorer, which pages occurrences in its own order, keeps
/// them as [`IndexOverlay`].
pub struct CorrectedRecords {
    /// Actors and topics as corrected; the occurrences, corrected, as
    /// records.
    pub data: GraphData,
    /// Ids of the index's records with such an occurrence (as extracted).
    pub stance_ids: BTreeSet<String>,
    pub touched: Vec<String>,
    pub merged: Vec<String>,
}

impl CorrectedRecords {
    pub fn build(index: &Index, corrections: &Corrections) -> Result<CorrectedRecords> {
        let (touched, merged, mut data) = read_reach(index, corrections)?;
        let stance_ids: BTreeSet<String> = data.stances.iter().map(|s| s.id.clone()).collect();
        let read: HashMap<String, (String, usize)> = data.statements.iter().map(|s| (s.id.clone(), (s.text.clone(), s.evidence.len()))).collect();
        for e in data.statements.iter_mut().map(|s| &mut s.evidence).chain(data.stances.iter_mut().map(|s| &mut s.evidence)) {
            e.sort_by(|a, b| graph_order(a).cmp(&graph_order(b)));
        }
        apply(&mut data, corrections);
        index_texts(index, &mut data.statements, &read)?;
        Ok(CorrectedRecords { data, stance_ids, touched, merged })
    }

    /// Whether the overlay replaces the occurrences of `who` in `article`.
    pub fn replaces(&self, who: &str, article: &str) -> bool {
        self.touches(article) || self.merged.iter().any(|m| m == who)
    }

    /// Whether the overlay replaces every occurrence in `article`.
    pub fn touches(&self, article: &str) -> bool {
        self.touched.binary_search_by(|t| t.as_str().cmp(article)).is_ok()
    }

    /// Whether the index's copy of this evidence is replaced.
    fn excluded(&self, who: &str, e: &Evidence) -> bool {
        replaced(&self.touched, &self.merged, who, e)
    }

    /// `view`'s records (read from the index) as corrected: the
    /// occurrences read here left out of them, and every corrected record
    /// added (its evidence after the view's when the view holds its id,
    /// as `apply` keeps them).
    pub fn correct(&self, view: &mut GraphData) {
        view.actors = self.data.actors.clone();
        view.topics = self.data.topics.clone();
        view.statements = merge(self.kept(std::mem::take(&mut view.statements)), &self.data.statements);
        view.stances = merge(self.kept(std::mem::take(&mut view.stances)), &self.data.stances);
    }

    /// The records with the occurrences read here left out, and those left
    /// with none dropped.
    fn kept<R: Cited>(&self, records: Vec<R>) -> impl Iterator<Item = R> {
        records.into_iter().filter_map(|mut r| {
            let who = r.who().to_string();
            r.evidence_mut().retain(|e| !self.excluded(&who, e));
            (!r.evidence().is_empty()).then_some(r)
        })
    }
}

/// Gives each corrected statement the text the index's record of that id
/// has when that record keeps occurrences outside the overlay (`read`:
/// the text and occurrence count of each record the overlay read): so the
/// corrected graph words it, as its kept record's text wins there. A
/// statement moved to another speaker or kind may meet a record of the
/// same id (equal up to case and punctuation) worded otherwise. Few are
/// asked: only records the corrections made or reworded.
fn index_texts(index: &Index, statements: &mut [Statement], read: &HashMap<String, (String, usize)>) -> Result<()> {
    for s in statements {
        let had = read.get(&s.id);
        if had.is_some_and(|(text, _)| *text == s.text) {
            continue;
        }
        if let Some((text, n)) = index.statement_text_and_count(&s.id)?
            && n > had.map_or(0, |h| h.1)
        {
            s.text = text;
        }
    }
    Ok(())
}

/// Records by id: `kept`'s, with `corrected`'s added (evidence appended
/// to a kept record with the same id, then in date, article and sentence
/// order, stably, as `apply` orders it).
fn merge<R: Cited>(kept: impl Iterator<Item = R>, corrected: &[R]) -> Vec<R> {
    let mut by: BTreeMap<String, R> = kept.map(|r| (r.id().to_string(), r)).collect();
    for r in corrected {
        match by.get_mut(r.id()) {
            Some(k) => {
                let e = k.evidence_mut();
                e.extend(r.evidence().iter().cloned());
                e.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
            }
            None => {
                by.insert(r.id().to_string(), r.clone());
            }
        }
    }
    by.into_values().collect()
}
