//! Analyst queries over the graph: positions, who said what, contradictions
//! and the stance ledger. Every function is a pure function of
//! [`GraphData`] and returns plain, serializable rows; the CLI prints them
//! as tables or JSON and the views (DOT, report) draw them.
//!
//! Roll-up: when asked, a person's stance is counted for the country named
//! in its `member_of`; such rows keep the person in `via`, so a rolled-up
//! answer always says whose words it rests on.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{ActorKind, Evidence, StanceKind, Statement};
use crate::model::{GraphData, evidence_key, newest_evidence};
use super::limit::{Capped, Newest, later};

pub use crate::model::{CLAIM_RULE_PREFIX, DENIAL_RULE_PREFIX};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PositionFilter {
    /// Actor name, case-insensitive; a surname alone matches ("putin").
    pub actor: Option<String>,
    /// Topic id or label, case-insensitive.
    pub topic: Option<String>,
    pub roll_up: bool,
    /// Keep only the newest this many evidences of each stance (all when
    /// `None`); `evidence_count` still says how many there are.
    pub evidence_limit: Option<usize>,
}

/// One actor's stance on one topic, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PositionRow {
    /// The actor the stance is counted for (the country, when rolled up).
    pub actor: String,
    /// The person whose stance was rolled up to `actor`.
    pub via: Option<String>,
    pub stance: StanceKind,
    pub topic: String,
    pub topic_label: String,
    /// Id of the stored stance edge.
    pub stance_id: String,
    /// Oldest first; the newest ones only, when the filter has a limit.
    pub evidence: Vec<Evidence>,
    /// How many evidences the stance has in all.
    pub evidence_count: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatementFilter {
    pub actor: Option<String>,
    /// A topic id or label (statements sharing a sentence with a stance on
    /// that topic, or naming its label), or else free text to look for.
    pub about: Option<String>,
}

/// One occurrence of a statement in one article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementRow {
    pub statement_id: String,
    pub speaker: String,
    pub kind: crate::model::QuoteKind,
    pub text: String,
    pub article: String,
    pub article_title: String,
    pub date: Option<NaiveDate>,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContradictionKind {
    /// Actor A demands what actor B rejects.
    BetweenActors,
    /// One actor (or country, rolled up) both demanded and rejected a topic;
    /// `first` is the earlier side.
    Reversal,
    /// One actor claims something happened, another denies it.
    ClaimDenial,
}

impl ContradictionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ContradictionKind::BetweenActors => "between actors",
            ContradictionKind::Reversal => "reversal",
            ContradictionKind::ClaimDenial => "claim vs denial",
        }
    }
}

/// One side of a contradiction: who, which stance, and the evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Side {
    pub actor: String,
    pub via: Option<String>,
    pub stance: StanceKind,
    pub evidence: Evidence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contradiction {
    pub kind: ContradictionKind,
    pub topic: String,
    pub topic_label: String,
    /// BetweenActors: the side that demands; Reversal: the earlier stance;
    /// ClaimDenial: the claim.
    pub first: Side,
    /// BetweenActors: the side that rejects; Reversal: the later stance;
    /// ClaimDenial: the denial.
    pub second: Side,
}

/// Which contradictions a user asks for: on one topic (an id or label)
/// and involving one actor (either side, or the person a side came via).
#[derive(Debug, Clone, Copy, Default)]
pub struct ContradictionScope<'a> {
    pub topic: Option<&'a str>,
    pub actor: Option<&'a str>,
}

impl ContradictionScope<'_> {
    /// Whether `c` is in scope; `topic` is the resolved topic id.
    pub fn holds(&self, topic: Option<&str>, c: &Contradiction) -> bool {
        fn side(s: &Side) -> (&str, Option<&str>) {
            (s.actor.as_str(), s.via.as_deref())
        }
        self.holds_sides(topic, &c.topic, [side(&c.first), side(&c.second)])
    }

    /// Whether a row on `row_topic` whose sides are these (actor, via) is
    /// in scope; `topic` is the resolved topic id.
    fn holds_sides(&self, topic: Option<&str>, row_topic: &str, sides: [(&str, Option<&str>); 2]) -> bool {
        topic.is_none_or(|t| row_topic == t) && (self.actor.is_none() || sides.into_iter().any(|s| self.names(s)))
    }

    /// Whether the actor asked for names this (actor, via) side; true
    /// when none is asked for.
    fn names(&self, (actor, via): (&str, Option<&str>)) -> bool {
        self.actor.is_none_or(|q| actor_matches(q, actor) || via.is_some_and(|v| actor_matches(q, v)))
    }
}

/// An actor's latest stance on a topic as of the ledger's end date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerEntry {
    pub actor: String,
    pub via: Option<String>,
    pub topic: String,
    pub topic_label: String,
    pub stance: StanceKind,
    pub evidence: Evidence,
}

/// An actor whose stance on a topic changed, with the evidence before and
/// after the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub actor: String,
    pub topic: String,
    pub topic_label: String,
    pub from: Side,
    pub to: Side,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub entries: Vec<LedgerEntry>,
    /// Changes whose later evidence falls between `since` and `until`.
    pub moves: Vec<Move>,
}

impl Ledger {
    /// Keeps the entries and moves on `topic` (an id) of the actors `actor`
    /// names, as counted (with roll-up, the country or organisation).
    pub fn retain_scope(&mut self, topic: Option<&str>, actor: Option<&str>) {
        let keep = |t: &str, a: &str| topic.is_none_or(|x| x == t) && actor.is_none_or(|q| actor_matches(q, a));
        self.entries.retain(|e| keep(&e.topic, &e.actor));
        self.moves.retain(|m| keep(&m.topic, &m.actor));
    }
}

/// Whether a user's actor query names `name`: equal ignoring case, or the
/// trailing words of the name ("putin", "Vladimir Putin").
pub fn actor_matches(query: &str, name: &str) -> bool {
    // Word by word from the end, without allocating: a scoped
    // `contradictions` asks this of 135k rows at 100k articles.
    let same = |a: &str, b: &str| if a.is_ascii() && b.is_ascii() { a.eq_ignore_ascii_case(b) } else { a.to_lowercase() == b.to_lowercase() };
    let mut n = name.split_whitespace().rev();
    let mut words = 0;
    for q in query.split_whitespace().rev() {
        match n.next() {
            Some(w) if same(q, w) => words += 1,
            _ => return false,
        }
    }
    words > 0
}

/// The topic id a user's query means: an id or a label, ignoring case.
pub fn resolve_topic<'a>(graph: &'a GraphData, query: &str) -> Option<&'a str> {
    let q = query.trim();
    graph
        .topics
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(q) || t.label.eq_ignore_ascii_case(q))
        .map(|t| t.id.as_str())
}

pub(crate) fn topic_label(graph: &GraphData, id: &str) -> String {
    graph
        .topics
        .iter()
        .find(|t| t.id == id)
        .map_or_else(|| id.to_string(), |t| t.label.clone())
}

/// Persons mapped to the country they belong to.
pub(crate) fn roll_up_map(graph: &GraphData) -> HashMap<&str, &str> {
    let countries: HashMap<&str, ActorKind> = graph
        .actors
        .iter()
        .map(|a| (a.name.as_str(), a.kind))
        .collect();
    graph
        .actors
        .iter()
        .filter(|a| a.kind == ActorKind::Person)
        .filter_map(|a| {
            let m = a.member_of.as_deref()?;
            (countries.get(m) == Some(&ActorKind::Country)).then_some((a.name.as_str(), m))
        })
        .collect()
}

/// The actor a stance counts for, and the person it came through.
pub(crate) fn counted_for(map: &HashMap<&str, &str>, actor: &str, roll_up: bool) -> (String, Option<String>) {
    match map.get(actor) {
        Some(country) if roll_up => (country.to_string(), Some(actor.to_string())),
        _ => (actor.to_string(), None),
    }
}

/// Each actor's stances with their evidence, sorted by actor, topic, stance.
pub fn positions(graph: &GraphData, filter: &PositionFilter) -> Vec<PositionRow> {
    positions_counted(graph, filter, None)
}

/// [`positions`] over stances whose evidence may have been cut short (the
/// store's positions summary): `evidence_counts` gives the full count by
/// stance id.
pub fn positions_counted(graph: &GraphData, filter: &PositionFilter, evidence_counts: Option<&HashMap<String, usize>>) -> Vec<PositionRow> {
    let map = roll_up_map(graph);
    let topic = filter
        .topic
        .as_deref()
        .map(|t| resolve_topic(graph, t).unwrap_or(t).to_string());
    let mut rows = Vec::new();
    for s in &graph.stances {
        if topic.as_deref().is_some_and(|t| t != s.topic) {
            continue;
        }
        let (actor, via) = counted_for(&map, &s.actor, filter.roll_up);
        if let Some(q) = &filter.actor
            && !actor_matches(q, &actor)
            && !via.as_deref().is_some_and(|v| actor_matches(q, v))
        {
            continue;
        }
        let evidence = newest_evidence(&s.evidence, filter.evidence_limit).into_iter().cloned().collect();
        rows.push(PositionRow {
            actor,
            via,
            stance: s.stance,
            topic: s.topic.clone(),
            topic_label: topic_label(graph, &s.topic),
            stance_id: s.id.clone(),
            evidence,
            evidence_count: evidence_counts.and_then(|c| c.get(&s.id)).copied().unwrap_or(s.evidence.len()),
        });
    }
    rows.sort_by(|a, b| {
        (&a.actor, &a.topic, a.stance, &a.via).cmp(&(&b.actor, &b.topic, b.stance, &b.via))
    });
    rows
}

/// Statements, one row per occurrence, oldest first.
pub fn who_said(graph: &GraphData, filter: &StatementFilter) -> Vec<StatementRow> {
    let titles: HashMap<&str, &str> = graph
        .articles
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    let about_topic = filter
        .about
        .as_deref()
        .and_then(|q| resolve_topic(graph, q));
    // Sentences that carry a stance on the asked topic, by article, so an
    // evidence is compared only with the sentences of its own article.
    let mut topic_sentences: HashMap<&str, Vec<crate::model::Span>> = HashMap::new();
    if let Some(t) = about_topic {
        for e in graph.stances.iter().filter(|s| s.topic == t).flat_map(|s| s.evidence.iter()) {
            topic_sentences.entry(e.article.as_str()).or_default().push(e.sentence);
        }
    }
    let needle = match (about_topic, filter.about.as_deref()) {
        (Some(t), _) => Some(topic_label(graph, t).to_lowercase()),
        (None, Some(q)) => Some(q.trim().to_lowercase()),
        (None, None) => None,
    };
    let about = |st: &Statement, e: &Evidence| -> bool {
        if filter.about.is_none() {
            return true;
        }
        let in_topic_sentence = topic_sentences
            .get(e.article.as_str())
            .is_some_and(|spans| spans.iter().any(|span| span.start < e.sentence.end && e.sentence.start < span.end));
        in_topic_sentence
            || needle
                .as_deref()
                .is_some_and(|n| st.text.to_lowercase().contains(n))
    };
    let mut rows = Vec::new();
    for st in &graph.statements {
        if filter
            .actor
            .as_deref()
            .is_some_and(|q| !actor_matches(q, &st.speaker))
        {
            continue;
        }
        for e in &st.evidence {
            if !about(st, e) {
                continue;
            }
            rows.push(StatementRow {
                statement_id: st.id.clone(),
                speaker: st.speaker.clone(),
                kind: st.kind,
                text: st.text.clone(),
                article: e.article.to_string(),
                article_title: titles
                    .get(e.article.as_str())
                    .map_or_else(String::new, |t| t.to_string()),
                date: e.date,
                evidence: e.clone(),
            });
        }
    }
    rows.sort_by(|a, b| {
        (evidence_key(&a.evidence), &a.speaker).cmp(&(evidence_key(&b.evidence), &b.speaker))
    });
    rows
}

/// The rule that governed an extraction: the first of the `+`-joined ids.
/// Only a claim on the demanding side and a denial on the rejecting side
/// pair up, so a negated claim ("did not claim") never counts as one.
fn governing_rule(e: &Evidence) -> &str {
    e.rule.split('+').next().unwrap_or("")
}

fn is_claim(e: &Evidence) -> bool {
    governing_rule(e).starts_with(CLAIM_RULE_PREFIX)
}

fn is_denial(e: &Evidence) -> bool {
    governing_rule(e).starts_with(DENIAL_RULE_PREFIX)
}

/// One (actor as counted, stance, topic) with its evidence, oldest first.
struct Counted<'a> {
    actor: String,
    via: Option<String>,
    stance: StanceKind,
    topic: &'a str,
    evidence: Vec<&'a Evidence>,
}

impl Counted<'_> {
    fn side_of(&self) -> (&str, Option<&str>) {
        (self.actor.as_str(), self.via.as_deref())
    }
}

fn counted(graph: &GraphData, roll_up: bool) -> Vec<Counted<'_>> {
    let map = roll_up_map(graph);
    let mut out: Vec<Counted<'_>> = graph
        .stances
        .iter()
        .map(|s| {
            let (actor, via) = counted_for(&map, &s.actor, roll_up);
            let mut evidence: Vec<&Evidence> = s.evidence.iter().collect();
            evidence.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
            Counted {
                actor,
                via,
                stance: s.stance,
                topic: &s.topic,
                evidence,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.actor, a.topic, a.stance, &a.via).cmp(&(&b.actor, b.topic, b.stance, &b.via))
    });
    out
}

fn side(c: &Counted<'_>, e: &Evidence) -> Side {
    Side {
        actor: c.actor.clone(),
        via: c.via.clone(),
        stance: c.stance,
        evidence: e.clone(),
    }
}

/// A contradiction before it is kept: borrowed sides, so the rows a scope
/// or cap leaves out (and the candidates a newer one replaces) never copy
/// their evidence.
struct Found<'c, 'g> {
    kind: ContradictionKind,
    topic: &'g str,
    first: (&'c Counted<'g>, &'g Evidence),
    second: (&'c Counted<'g>, &'g Evidence),
}

/// Where actors contradict each other or themselves. One row per pair of
/// (counted) actors, topic and kind, citing the latest evidence of each
/// side; reversals cite the stance before and the one after the change.
pub fn contradictions(graph: &GraphData, roll_up: bool) -> Vec<Contradiction> {
    contradictions_in(graph, roll_up, ContradictionScope::default(), None, None).rows
}

/// [`contradictions`] in `scope` (`topic` is its resolved topic id), capped
/// to the newest `cap` rows as [`super::limit::newest`] keeps them (a row
/// is as new as the later of its two evidences): only the rows kept are
/// copied out of the graph.
pub fn contradictions_in(graph: &GraphData, roll_up: bool, scope: ContradictionScope<'_>, topic: Option<&str>, cap: Option<usize>) -> Capped<Contradiction> {
    let all = counted(graph, roll_up);
    // Whether the scope's actor names each counted stance's side, asked
    // once per stance rather than for each of its 135k rows.
    let named: HashSet<*const Counted<'_>> = all.iter().filter(|c| scope.actor.is_some() && scope.names(c.side_of())).map(std::ptr::from_ref).collect();
    let in_scope = |f: &Found<'_, '_>| topic.is_none_or(|t| f.topic == t) && (scope.actor.is_none() || [f.first.0, f.second.0].into_iter().any(|c| named.contains(&std::ptr::from_ref(c))));
    let mut kept = Newest::new(cap);
    each_contradiction(&all, |f| {
        if in_scope(&f) {
            let dated = later(f.first.1, f.second.1);
            kept.offer(f, dated);
        }
    });
    let shown = kept.finish();
    let mut labels: HashMap<&str, String> = HashMap::new();
    let rows = shown
        .rows
        .iter()
        .map(|f| Contradiction {
            kind: f.kind,
            topic: f.topic.to_string(),
            topic_label: labels.entry(f.topic).or_insert_with(|| topic_label(graph, f.topic)).clone(),
            first: side(f.first.0, f.first.1),
            second: side(f.second.0, f.second.1),
        })
        .collect();
    Capped { rows, total: shown.total }
}

/// Every contradiction of the counted stances `all`, one per (kind,
/// topic, first actor, second actor), handed to `found` in that order.
///
/// `all` is sorted by actor, so within a topic each actor's demands (and
/// its rejections) are one run: a pair of runs holds every candidate for
/// one row, met in the order a scan of all pairs would meet them, and the
/// pairs of runs come in the answer's order, with no map or sort over the
/// 135k rows of a 100k-article store. One pass per kind (reversals pair
/// an actor's own runs, the other kinds two actors' runs), so no row is
/// held back for the order.
fn each_contradiction<'c, 'g>(all: &'c [Counted<'g>], mut found: impl FnMut(Found<'c, 'g>)) {
    let mut by_topic: BTreeMap<&'g str, Vec<Ends<'c, 'g>>> = BTreeMap::new();
    for c in all {
        by_topic.entry(c.topic).or_default().push(Ends::of(c));
    }
    let runs = |group: &[Ends<'c, 'g>], kind: StanceKind| -> Runs<'c, 'g> {
        let sided: Vec<Ends<'c, 'g>> = group.iter().copied().filter(|e| e.c.stance == kind).collect();
        sided.chunk_by(|a, b| a.c.actor == b.c.actor).map(<[_]>::to_vec).collect()
    };
    let topics: Vec<(&'g str, Runs<'c, 'g>, Runs<'c, 'g>)> =
        by_topic.iter().map(|(topic, group)| (*topic, runs(group, StanceKind::Demands), runs(group, StanceKind::Rejects))).collect();
    for kind in [ContradictionKind::BetweenActors, ContradictionKind::Reversal, ContradictionKind::ClaimDenial] {
        for (topic, demands, rejects) in &topics {
            for ds in demands {
                for rs in rejects {
                    if (ds[0].c.actor == rs[0].c.actor) != (kind == ContradictionKind::Reversal) {
                        continue;
                    }
                    // The row citing the most recent evidence wins; of
                    // equally recent ones, the first met.
                    let mut best: Option<Found<'c, 'g>> = None;
                    let mut keep = |c: Found<'c, 'g>| {
                        let recency = |c: &Found<'c, 'g>| evidence_key(c.first.1).max(evidence_key(c.second.1)).0;
                        if c.kind == kind && best.as_ref().is_none_or(|old| recency(&c) > recency(old)) {
                            best = Some(c);
                        }
                    };
                    for d in ds {
                        for r in rs {
                            pair(topic, d, r, &mut keep);
                        }
                    }
                    if let Some(f) = best {
                        found(f);
                    }
                }
            }
        }
    }
}

/// A topic's demands (or rejections), one run per actor.
type Runs<'c, 'g> = Vec<Vec<Ends<'c, 'g>>>;

/// A counted stance with the latest evidence of each kind a row between
/// actors cites, found once instead of for each of the stance's pairs
/// (a 100k-article store pairs 1.5k stances 135k times): for a demand,
/// its latest claim and latest other evidence; for a rejection, its
/// latest denial and latest other evidence.
#[derive(Clone, Copy)]
struct Ends<'c, 'g> {
    c: &'c Counted<'g>,
    /// The latest claim (of a demand) or denial (of a rejection).
    marked: Option<&'g Evidence>,
    /// The latest evidence that is not.
    other: Option<&'g Evidence>,
}

impl<'c, 'g> Ends<'c, 'g> {
    fn of(c: &'c Counted<'g>) -> Self {
        let marks: fn(&Evidence) -> bool = match c.stance {
            StanceKind::Demands => is_claim,
            StanceKind::Rejects => is_denial,
        };
        Ends { c, marked: c.evidence.iter().copied().rfind(|e| marks(e)), other: c.evidence.iter().copied().rfind(|e| !marks(e)) }
    }
}

/// The candidate rows of the demand `d` and the rejection `r` on `topic`.
fn pair<'c, 'g>(topic: &'g str, d: &Ends<'c, 'g>, r: &Ends<'c, 'g>, keep: &mut impl FnMut(Found<'c, 'g>)) {
    let (dc, rc) = (d.c, r.c);
    if dc.actor == rc.actor {
        // Same actor: a reversal, at the change between the two stances
        // closest in time.
        let mut timeline: Vec<(&Evidence, &Counted<'_>)> = dc.evidence.iter().map(|e| (*e, dc)).chain(rc.evidence.iter().map(|e| (*e, rc))).collect();
        timeline.sort_by(|a, b| evidence_key(a.0).cmp(&evidence_key(b.0)));
        for w in timeline.windows(2) {
            let ((e1, c1), (e2, c2)) = (w[0], w[1]);
            if c1.stance != c2.stance {
                keep(Found { kind: ContradictionKind::Reversal, topic, first: (c1, e1), second: (c2, e2) });
            }
        }
        return;
    }
    // A claim and its denial, when both sides came through claim / denial
    // rules.
    if let (Some(c), Some(n)) = (d.marked, r.marked) {
        keep(Found { kind: ContradictionKind::ClaimDenial, topic, first: (dc, c), second: (rc, n) });
    }
    if let (Some(de), Some(re)) = (d.other, r.other) {
        keep(Found { kind: ContradictionKind::BetweenActors, topic, first: (dc, de), second: (rc, re) });
    }
}

/// Each actor's latest stance per topic as of `until`, and every change of
/// stance whose later evidence is dated between `since` and `until`
/// (inclusive). Undated evidence counts as older than any date and is left
/// out of a bounded window.
pub fn ledger(
    graph: &GraphData,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    roll_up: bool,
) -> Ledger {
    let all = counted(graph, roll_up);
    let in_range = |e: &Evidence| match (until, e.date) {
        (None, _) => true,
        (Some(_), None) => since.is_none(),
        (Some(u), Some(d)) => d <= u,
    };
    // (actor, topic) → timeline of (evidence, counted stance).
    let mut timelines: BTreeMap<(String, &str), Vec<(&Evidence, &Counted<'_>)>> = BTreeMap::new();
    for c in &all {
        for e in &c.evidence {
            if in_range(e) {
                timelines
                    .entry((c.actor.clone(), c.topic))
                    .or_default()
                    .push((e, c));
            }
        }
    }
    let mut entries = Vec::new();
    let mut moves = Vec::new();
    for ((actor, topic), mut timeline) in timelines {
        timeline.sort_by(|a, b| evidence_key(a.0).cmp(&evidence_key(b.0)));
        let label = topic_label(graph, topic);
        let Some(&(last_e, last_c)) = timeline.last() else {
            continue;
        };
        entries.push(LedgerEntry {
            actor: actor.clone(),
            via: last_c.via.clone(),
            topic: topic.to_string(),
            topic_label: label.clone(),
            stance: last_c.stance,
            evidence: last_e.clone(),
        });
        for w in timeline.windows(2) {
            let ((e1, c1), (e2, c2)) = (w[0], w[1]);
            let after_since = match (since, e2.date) {
                (None, _) => true,
                (Some(_), None) => false,
                (Some(s), Some(d)) => d >= s,
            };
            if c1.stance != c2.stance && after_since {
                moves.push(Move {
                    actor: actor.clone(),
                    topic: topic.to_string(),
                    topic_label: label.clone(),
                    from: side(c1, e1),
                    to: side(c2, e2),
                });
            }
        }
    }
    Ledger {
        since,
        until,
        entries,
        moves,
    }
}

#[cfg(test)]
mod tests {
    use super::actor_matches;

    #[test]
    fn actor_matches_as_lowercased_trailing_words_do() {
        fn words(s: &str) -> Vec<String> {
            s.split_whitespace().map(str::to_lowercase).collect()
        }
        let names = ["Vladimir Putin", "putin", "Ilona  Varga", "Ruritania", "", "Jean-Luc Picard", "Ödön Kovács", "ΟΔΥΣΣΕΑΣ ΑΡΗΣ", "Οδυσσεας Αρης"];
        let queries = ["putin", "PUTIN", "vladimir putin", "Vladimir", "varga", "ilona varga", " ", "", "ödön KOVÁCS", "kovács", "kovacs", "αρης", "ΟΔΥΣΣΕΑΣ αρης", "x putin"];
        for q in queries {
            for n in names {
                let want = !words(q).is_empty() && words(n).ends_with(&words(q));
                assert_eq!(actor_matches(q, n), want, "{q:?} {n:?}");
            }
        }
        assert!(actor_matches("putin", "Vladimir Putin") && !actor_matches("vladimir", "Vladimir Putin"));
    }
}
