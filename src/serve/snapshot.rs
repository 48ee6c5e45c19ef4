//! What the explorer knows between requests: the corrections file, the
//! actors and topics as corrected, and the *overlay*
//! ([`IndexOverlay`]): every occurrence a correction may change (those in
//! a corrected article, and those of a merged actor), read from the index
//! once and corrected in memory. Every other occurrence is read page by
//! page from the query index, which leaves the overlay's out, so each
//! page is the index's rows and the overlay's, merged in one order.

use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

use crate::error::Result;
use crate::model::{Corrections, GraphData, Stance};
pub use crate::query::overlay::{IndexOverlay, OccKey, group_stances, group_statements, occ_key};
use crate::query::{self, Contradiction, ContradictionKind};
use crate::store::index::Index;
use crate::store::index_browse::StanceCount;

/// A cell filled once per snapshot.
pub fn once<T>(cell: &OnceLock<T>, f: impl FnOnce() -> Result<T>) -> Result<&T> {
    if let Some(v) = cell.get() {
        return Ok(v);
    }
    let v = f()?;
    Ok(cell.get_or_init(|| v))
}

/// The explorer's view of the graph at one seal and one corrections file.
pub struct Snapshot {
    /// The index seal (graph checksum) it was built from.
    pub seal: String,
    /// The corrections file's (modified time, length) when read.
    pub stamp: Option<(std::time::SystemTime, u64)>,
    pub corrections: Corrections,
    /// The overlay (`applied`, `data`, `touched`, `merged`), which the
    /// snapshot derefs to.
    pub overlay: IndexOverlay,
    pub outlets: Vec<String>,
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

impl std::ops::Deref for Snapshot {
    type Target = IndexOverlay;
    fn deref(&self) -> &IndexOverlay {
        &self.overlay
    }
}

impl Snapshot {
    /// Reads what the snapshot holds from `index` and applies `corrections`.
    pub fn build(index: &Index, corrections: Corrections, stamp: Option<(std::time::SystemTime, u64)>) -> Result<Snapshot> {
        let overlay = IndexOverlay::build(index, &corrections)?;
        let data = &overlay.data;
        let mut index_names: BTreeSet<String> = index.speakers()?.into_iter().collect();
        index_names.extend(index.stance_actors()?);
        let touched_set: BTreeSet<&str> = overlay.touched.iter().map(String::as_str).collect();
        let mut sentence_topics: HashMap<(String, usize), Vec<String>> = HashMap::new();
        for s in &data.stances {
            for e in &s.evidence {
                sentence_topics.entry((e.article.to_string(), e.sentence.start)).or_default().push(s.topic.clone());
            }
        }
        // A merged actor's words outside the corrected articles share their
        // sentence with stances the index holds.
        for s in &data.statements {
            for e in &s.evidence {
                if !touched_set.contains(e.article.as_str()) {
                    let from_index = index.sentence_topics(&e.article, e.sentence.start)?;
                    sentence_topics.entry((e.article.to_string(), e.sentence.start)).or_default().extend(from_index);
                }
            }
        }
        Ok(Snapshot {
            seal: index.seal()?,
            stamp,
            corrections,
            overlay,
            outlets: index.outlets()?,
            index_names: index_names.into_iter().collect(),
            sentence_topics,
            evidence_rows: index.evidence_rows()?,
            counts: OnceLock::new(),
            stance_counts: OnceLock::new(),
            latest: OnceLock::new(),
        })
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
