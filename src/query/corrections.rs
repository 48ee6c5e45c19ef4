//! Laying reviewers' corrections over the machine's output. The same
//! decisions apply to a stored graph (every query, `serve`) and to one
//! article's extraction (`eval` scores before and after review), so both
//! go through the per-occurrence functions here.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::error::Result;
use crate::model::{
    Action, Actor, ActorKind, Correction, Corrections, Evidence, Extraction, FoundStance, FoundStatement, GraphData,
    Stance, Statement, Target, evidence_key, stance_id, statement_id,
};
use crate::store::{corrections_path, load_corrections, load_existing};

/// The rule id of actors created by a correction.
pub const CORRECTED_ACTOR_RULE: &str = "corrected";

/// What applying corrections did.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// Corrections in the file.
    pub total: usize,
    /// Statement or stance occurrences a correction changed or dropped.
    pub changed: usize,
    /// Corrections whose target is not in the data (its article is not
    /// in the graph, or the extractor no longer finds the statement).
    pub unmatched: usize,
}

/// The corrections in a form fit for applying: the decisions per
/// occurrence target, grouped by article, and the actor merges.
pub struct Overlay<'c> {
    by_article: HashMap<&'c str, Vec<&'c Correction>>,
    /// Every decision per target, oldest first (see [`Overlay::net`]).
    history: BTreeMap<&'c Target, Vec<&'c Correction>>,
    merges: HashMap<&'c str, &'c str>,
    /// Index into the corrections file of each correction used, to count
    /// the unmatched ones.
    used: HashSet<*const Correction>,
    total: usize,
    /// The latest decision per target, the ones that can match.
    decisions: usize,
    changed: usize,
}

impl<'c> Overlay<'c> {
    pub fn new(c: &'c Corrections) -> Self {
        // Time order: a later decision on the same target wins.
        let mut latest: BTreeMap<&Target, &Correction> = BTreeMap::new();
        let mut history: BTreeMap<&Target, Vec<&Correction>> = BTreeMap::new();
        for x in &c.corrections {
            latest.insert(&x.target, x);
            history.entry(&x.target).or_default().push(x);
        }
        let mut by_article: HashMap<&str, Vec<&Correction>> = HashMap::new();
        let mut merges = HashMap::new();
        for x in latest.values() {
            match (&x.target, &x.action) {
                (Target::Actor { name }, Action::Merge { into }) if name != into => {
                    merges.insert(name.as_str(), into.as_str());
                }
                (t, _) => {
                    if let Some(a) = t.article() {
                        by_article.entry(a).or_default().push(x);
                    }
                }
            }
        }
        Overlay { by_article, history, merges, used: HashSet::new(), total: c.corrections.len(), decisions: latest.len(), changed: 0 }
    }

    /// The actor `name` ends up as after merges (chains followed, a cycle
    /// stops where it closes).
    pub fn actor<'a>(&'a self, name: &'a str) -> &'a str {
        let mut at = name;
        let mut seen = HashSet::new();
        while let Some(next) = self.merges.get(at) {
            if !seen.insert(at) {
                break;
            }
            at = next;
        }
        at
    }

    /// The net effect of every decision on a target, oldest first: a later
    /// decision on a field replaces an earlier one on that field, so a
    /// coder who fixes the speaker and then the kind keeps both; `Wrong`
    /// drops the occurrence until a later decision keeps it.
    fn net(&self, t: &Target) -> Net<'c> {
        let mut n = Net::default();
        for c in self.history.get(t).into_iter().flatten() {
            match &c.action {
                Action::Wrong => n.wrong = true,
                Action::Confirm => n.wrong = false,
                Action::Speaker { name, .. } => (n.wrong, n.speaker) = (false, Some(name.as_str())),
                Action::Kind(k) => (n.wrong, n.kind) = (false, Some(*k)),
                Action::Stance(k) => (n.wrong, n.stance) = (false, Some(*k)),
                Action::Merge { .. } => {}
            }
        }
        n.changes = n.wrong || n.speaker.is_some() || n.kind.is_some() || n.stance.is_some();
        n
    }

    /// Counts `c` as used and gives its target's net effect, or None when
    /// the occurrence is to be dropped.
    fn decide(&mut self, c: &'c Correction) -> Option<Net<'c>> {
        self.used.insert(c as *const Correction);
        let n = self.net(&c.target);
        self.changed += usize::from(n.changes);
        (!n.wrong).then_some(n)
    }

    fn touches_article(&self, article: &str) -> bool {
        self.by_article.contains_key(article)
    }

    fn renames(&self, actor: &str) -> bool {
        self.merges.contains_key(actor)
    }

    /// Corrects one article's statement occurrences in place.
    pub fn statements(&mut self, found: Vec<FoundStatement>) -> Vec<FoundStatement> {
        let mut out = Vec::with_capacity(found.len());
        for mut s in found {
            let hit = self.by_article.get(s.evidence.article.as_str()).and_then(|cs| {
                cs.iter().copied().filter(|c| c.target.names_statement(&s.evidence, &s.text)).max_by(|a, b| a.when.cmp(&b.when))
            });
            if let Some(c) = hit {
                let Some(n) = self.decide(c) else { continue };
                s.speaker = n.speaker.map_or(s.speaker, str::to_string);
                s.kind = n.kind.unwrap_or(s.kind);
                note(&mut s.evidence, c);
            }
            s.speaker = self.actor(&s.speaker).to_string();
            out.push(s);
        }
        out
    }

    /// Corrects one or more articles' stance evidences in place. A target
    /// names the stances on its topic in its sentence; when there are
    /// several, see [`Target::narrow_stances`].
    pub fn stances(&mut self, found: Vec<FoundStance>) -> Vec<FoundStance> {
        let mut out = Vec::with_capacity(found.len());
        let candidates = |c: &Correction, found: &[FoundStance]| -> Vec<usize> {
            (0..found.len()).filter(|&i| c.target.names_stance_sentence(&found[i].evidence, &found[i].topic)).collect()
        };
        let mut decided: HashMap<usize, &Correction> = HashMap::new();
        let articles: HashSet<&str> = found.iter().map(|s| s.evidence.article.as_str()).collect();
        for a in articles {
            for c in self.by_article.get(a).into_iter().flatten() {
                let mut hits: Vec<(usize, &str, &Evidence)> =
                    candidates(c, &found).into_iter().map(|i| (i, found[i].actor.as_str(), &found[i].evidence)).collect();
                c.target.narrow_stances(&mut hits);
                for (i, _, _) in hits {
                    let e = decided.entry(i).or_insert(c);
                    if c.when > e.when {
                        *e = c;
                    }
                }
            }
        }
        for (i, mut s) in found.into_iter().enumerate() {
            if let Some(c) = decided.get(&i).copied() {
                let Some(n) = self.decide(c) else { continue };
                s.actor = n.speaker.map_or(s.actor, str::to_string);
                s.stance = n.stance.unwrap_or(s.stance);
                note(&mut s.evidence, c);
            }
            s.actor = self.actor(&s.actor).to_string();
            out.push(s);
        }
        out
    }

    /// Actors a correction names that `known` lacks, to be created.
    fn new_actors(&self, known: &HashSet<&str>) -> Vec<Actor> {
        let mut out: BTreeMap<&str, Actor> = BTreeMap::new();
        for c in self.history.values().flatten() {
            if let Action::Speaker { name, kind } = &c.action
                && !known.contains(name.as_str())
                && !self.renames(name)
                && self.net(&c.target).speaker == Some(name.as_str())
            {
                out.entry(name).or_insert_with(|| Actor {
                    name: name.clone(),
                    kind: kind.unwrap_or(ActorKind::Person),
                    member_of: None,
                    rule: CORRECTED_ACTOR_RULE.to_string(),
                    gender: None,
                });
            }
        }
        out.into_values().collect()
    }

    pub fn report(&self) -> Applied {
        let used_merges = self.merges.len();
        Applied {
            total: self.total,
            changed: self.changed,
            unmatched: self.decisions.saturating_sub(self.used.len() + used_merges),
        }
    }
}

/// The net effect of the decisions on one target.
#[derive(Debug, Default)]
struct Net<'c> {
    wrong: bool,
    speaker: Option<&'c str>,
    kind: Option<crate::model::QuoteKind>,
    stance: Option<crate::model::StanceKind>,
    changes: bool,
}

/// Says in the evidence who changed it, so every answer that cites it
/// (explain, the explorer, exports) shows the review.
fn note(ev: &mut Evidence, c: &Correction) {
    let day = c.when.get(..10).unwrap_or(&c.when);
    let why = if c.why.is_empty() { String::new() } else { format!(": {}", c.why) };
    ev.resolution = format!("{} [reviewed by {} on {day}, {}{why}]", ev.resolution, c.who, c.action.label()).into();
}

/// Applies corrections to a whole graph. Only statements and stances that
/// a correction may touch (an evidence in a corrected article, or a merged
/// actor) are taken apart and put back under their new ids.
pub fn apply(data: &mut GraphData, corrections: &Corrections) -> Applied {
    if corrections.corrections.is_empty() {
        return Applied::default();
    }
    let mut o = Overlay::new(corrections);

    let mut moved: Vec<FoundStatement> = Vec::new();
    let mut kept: BTreeMap<String, Statement> = BTreeMap::new();
    for mut st in std::mem::take(&mut data.statements) {
        let all = o.renames(&st.speaker);
        let (take, keep): (Vec<Evidence>, Vec<Evidence>) =
            st.evidence.into_iter().partition(|e| all || o.touches_article(&e.article));
        moved.extend(take.into_iter().map(|evidence| FoundStatement {
            speaker: st.speaker.clone(),
            kind: st.kind,
            text: st.text.clone(),
            evidence,
        }));
        st.evidence = keep;
        if !st.evidence.is_empty() {
            kept.insert(st.id.clone(), st);
        }
    }
    for s in o.statements(moved) {
        let id = statement_id(&s.speaker, s.kind, &s.text);
        kept.entry(id.clone())
            .or_insert_with(|| Statement { id, speaker: s.speaker, kind: s.kind, text: s.text, evidence: Vec::new() })
            .evidence
            .push(s.evidence);
    }
    data.statements = kept.into_values().collect();

    let mut moved: Vec<FoundStance> = Vec::new();
    let mut kept: BTreeMap<String, Stance> = BTreeMap::new();
    for mut sn in std::mem::take(&mut data.stances) {
        let all = o.renames(&sn.actor);
        let (take, keep): (Vec<Evidence>, Vec<Evidence>) =
            sn.evidence.into_iter().partition(|e| all || o.touches_article(&e.article));
        moved.extend(take.into_iter().map(|evidence| FoundStance {
            actor: sn.actor.clone(),
            stance: sn.stance,
            topic: sn.topic.clone(),
            evidence,
        }));
        sn.evidence = keep;
        if !sn.evidence.is_empty() {
            kept.insert(sn.id.clone(), sn);
        }
    }
    for s in o.stances(moved) {
        let id = stance_id(&s.actor, s.stance, &s.topic);
        kept.entry(id.clone())
            .or_insert_with(|| Stance { id, actor: s.actor, stance: s.stance, topic: s.topic, evidence: Vec::new() })
            .evidence
            .push(s.evidence);
    }
    data.stances = kept.into_values().collect();
    for s in &mut data.statements {
        s.evidence.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
    }
    for s in &mut data.stances {
        s.evidence.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
    }

    // Merged actors go; their memberships follow the merge.
    let known: HashSet<&str> = data.actors.iter().map(|a| a.name.as_str()).collect();
    let mut created = o.new_actors(&known);
    let mut merged_into: BTreeMap<&str, Actor> = BTreeMap::new();
    for a in data.actors.iter().filter(|a| o.renames(&a.name)) {
        let into = o.actor(&a.name);
        if !known.contains(into) {
            merged_into.entry(into).or_insert_with(|| Actor { name: into.to_string(), rule: CORRECTED_ACTOR_RULE.to_string(), ..a.clone() });
        }
    }
    let speakers: HashSet<String> = created.iter().map(|a| a.name.clone()).collect();
    created.extend(merged_into.into_values().filter(|a| !speakers.contains(&a.name)));
    data.actors.retain(|a| !o.renames(&a.name));
    for a in &mut data.actors {
        if let Some(m) = &a.member_of {
            a.member_of = Some(o.actor(m).to_string());
        }
    }
    data.actors.extend(created);
    data.actors.sort_by(|a, b| a.name.cmp(&b.name));
    o.report()
}

/// Applies corrections to one article's extraction.
pub fn apply_to_extraction(x: &mut Extraction, corrections: &Corrections) {
    apply_to_found(&mut x.statements, &mut x.stances, corrections);
}

/// Applies corrections to statements and stances as the extractor found
/// them (for `eval`, which scores those).
pub fn apply_to_found(statements: &mut Vec<FoundStatement>, stances: &mut Vec<FoundStance>, corrections: &Corrections) {
    let mut o = Overlay::new(corrections);
    *statements = o.statements(std::mem::take(statements));
    *stances = o.stances(std::mem::take(stances));
}

/// Loads the graph at `path` with the corrections beside it applied: what
/// every query and the explorer read.
pub fn load_corrected(path: &Path) -> Result<(GraphData, Applied)> {
    let mut data = load_existing(path)?;
    let applied = correct_loaded(path, &mut data)?;
    Ok((data, applied))
}

/// Applies the corrections beside the graph at `path` to `data`, already
/// loaded (perhaps only in part).
pub fn correct_loaded(path: &Path, data: &mut GraphData) -> Result<Applied> {
    let c = load_corrections(&corrections_path(path))?;
    Ok(apply(data, &c))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{QuoteKind, Span, StanceKind};

    fn ev(article: &str, sentence: &str, cue: &str) -> Evidence {
        Evidence {
            article: article.into(),
            span: Span::new(0, 3),
            sentence: Span::new(0, sentence.len()),
            sentence_text: sentence.into(),
            cue: cue.into(),
            rule: "r".into(),
            date: None,
            resolution: "named before cue".into(),
        }
    }

    const S1: &str = "“The ferry will run again,” said Ada Quill, the harbour chief.";
    const S2: &str = "Bram Ostler demanded a ferry levy, which Ada Quill rejected.";

    fn graph() -> GraphData {
        let st = |speaker: &str, text: &str, evs: Vec<Evidence>| Statement {
            id: statement_id(speaker, QuoteKind::Direct, text),
            speaker: speaker.into(),
            kind: QuoteKind::Direct,
            text: text.into(),
            evidence: evs,
        };
        let sn = |actor: &str, stance: StanceKind, cue: &str| Stance {
            id: stance_id(actor, stance, "levy"),
            actor: actor.into(),
            stance,
            topic: "levy".into(),
            evidence: vec![ev("a2", S2, cue)],
        };
        let actor = |name: &str| Actor { name: name.into(), kind: ActorKind::Person, member_of: None, rule: "discovered".into(), gender: None };
        GraphData {
            actors: vec![actor("Ada Quill"), actor("Bram Ostler"), actor("A. Quill")],
            statements: vec![
                st("Ada Quill", "The ferry will run again", vec![ev("a1", S1, "said"), ev("a3", S1, "said")]),
                st("A. Quill", "Tolls stay", vec![ev("a4", "Tolls stay, A. Quill said.", "said")]),
            ],
            stances: vec![sn("Bram Ostler", StanceKind::Demands, "demanded"), sn("Ada Quill", StanceKind::Rejects, "rejected")],
            ..Default::default()
        }
    }

    fn corr(when: &str, target: Target, action: Action) -> Correction {
        Correction { who: "tester".into(), when: when.into(), target, action, why: "checked".into() }
    }

    #[test]
    fn a_speaker_fix_moves_one_occurrence_and_creates_the_actor() {
        let mut g = graph();
        let t = Target::statement(&ev("a1", S1, "said"), "The ferry will run again");
        let c = Corrections {
            corrections: vec![corr("2026-01-01T00:00:00Z", t, Action::Speaker { name: "Cy Wren".into(), kind: None })],
            ..Default::default()
        };
        let applied = apply(&mut g, &c);
        assert_eq!(applied, Applied { total: 1, changed: 1, unmatched: 0 });
        let by: Vec<(&str, usize)> = g.statements.iter().map(|s| (s.speaker.as_str(), s.evidence.len())).collect();
        // The other article's occurrence keeps its speaker.
        assert!(by.contains(&("Cy Wren", 1)) && by.contains(&("Ada Quill", 1)), "{by:?}");
        let moved = g.statements.iter().find(|s| s.speaker == "Cy Wren").unwrap();
        assert_eq!(moved.id, statement_id("Cy Wren", QuoteKind::Direct, "The ferry will run again"));
        assert!(moved.evidence[0].resolution.contains("reviewed by tester"));
        assert!(g.actors.iter().any(|a| a.name == "Cy Wren" && a.rule == CORRECTED_ACTOR_RULE));
    }

    #[test]
    fn wrong_drops_kind_changes_and_the_latest_decision_wins() {
        let mut g = graph();
        let t = Target::statement(&ev("a3", S1, "said"), "The ferry will run again");
        let c = Corrections {
            corrections: vec![
                corr("2026-01-01T00:00:00Z", t.clone(), Action::Wrong),
                corr("2026-01-02T00:00:00Z", t, Action::Kind(QuoteKind::Indirect)),
            ],
            ..Default::default()
        };
        apply(&mut g, &c);
        let ada: Vec<(QuoteKind, &str)> =
            g.statements.iter().filter(|s| s.speaker == "Ada Quill").map(|s| (s.kind, s.evidence[0].article.as_str())).collect();
        assert_eq!(ada.len(), 2, "{ada:?}");
        assert!(ada.contains(&(QuoteKind::Indirect, "a3")) && ada.contains(&(QuoteKind::Direct, "a1")));
        // Wrong alone drops the occurrence.
        let mut g = graph();
        let c = Corrections {
            corrections: vec![corr("2026-01-01T00:00:00Z", Target::statement(&ev("a3", S1, "said"), "The ferry will run again"), Action::Wrong)],
            ..Default::default()
        };
        apply(&mut g, &c);
        let ada = g.statements.iter().find(|s| s.speaker == "Ada Quill").unwrap();
        assert_eq!(ada.evidence.len(), 1);
    }

    #[test]
    fn decisions_on_one_target_compose_field_by_field() {
        let t = Target::statement(&ev("a1", S1, "said"), "The ferry will run again");
        let c = Corrections {
            corrections: vec![
                corr("2026-01-01T00:00:00Z", t.clone(), Action::Speaker { name: "Cy Wren".into(), kind: None }),
                corr("2026-01-02T00:00:00Z", t.clone(), Action::Kind(QuoteKind::Indirect)),
            ],
            ..Default::default()
        };
        let mut g = graph();
        apply(&mut g, &c);
        let moved = g.statements.iter().find(|s| s.evidence.iter().any(|e| e.article == "a1")).unwrap();
        assert_eq!((moved.speaker.as_str(), moved.kind), ("Cy Wren", QuoteKind::Indirect));
        // A later "right as it is" takes back a "wrong", not the other fixes.
        let mut g = graph();
        let mut c2 = c.clone();
        c2.corrections.push(corr("2026-01-03T00:00:00Z", t.clone(), Action::Wrong));
        apply(&mut g, &c2);
        assert!(!g.statements.iter().any(|s| s.evidence.iter().any(|e| e.article == "a1")));
        c2.corrections.push(corr("2026-01-04T00:00:00Z", t, Action::Confirm));
        let mut g = graph();
        apply(&mut g, &c2);
        let back = g.statements.iter().find(|s| s.evidence.iter().any(|e| e.article == "a1")).unwrap();
        assert_eq!((back.speaker.as_str(), back.kind), ("Cy Wren", QuoteKind::Indirect));
    }

    #[test]
    fn a_stance_target_uses_its_cue_when_the_sentence_holds_two() {
        let mut g = graph();
        let t = Target::stance(&ev("a2", S2, "rejected"), "levy", "Ada Quill");
        let c = Corrections { corrections: vec![corr("2026-01-01T00:00:00Z", t, Action::Stance(StanceKind::Demands))], ..Default::default() };
        apply(&mut g, &c);
        let rows: Vec<(&str, StanceKind)> = g.stances.iter().map(|s| (s.actor.as_str(), s.stance)).collect();
        assert!(rows.contains(&("Ada Quill", StanceKind::Demands)), "{rows:?}");
        assert!(rows.contains(&("Bram Ostler", StanceKind::Demands)), "{rows:?}");
        assert_eq!(rows.len(), 2);
    }

    #[test]
    fn a_stance_target_names_its_actor_when_two_share_topic_and_cue() {
        const S3: &str = "Ada Quill and Bram Ostler rejected the levy.";
        let stance = |actor: &str| Stance {
            id: stance_id(actor, StanceKind::Rejects, "levy"),
            actor: actor.into(),
            stance: StanceKind::Rejects,
            topic: "levy".into(),
            evidence: vec![ev("a5", S3, "rejected")],
        };
        let two = || GraphData { stances: vec![stance("Ada Quill"), stance("Bram Ostler")], ..Default::default() };
        let holders = |g: &GraphData| -> Vec<(String, StanceKind)> { g.stances.iter().map(|s| (s.actor.clone(), s.stance)).collect() };
        let t = Target::stance(&ev("a5", S3, "rejected"), "levy", "Bram Ostler");
        let mut g = two();
        apply(&mut g, &Corrections { corrections: vec![corr("2026-01-01T00:00:00Z", t, Action::Wrong)], ..Default::default() });
        assert_eq!(holders(&g), [("Ada Quill".to_string(), StanceKind::Rejects)]);
        // A file written before targets named the actor still reads, and
        // its target, which cannot tell the two apart, names both.
        let old = r#"(format: 1, corrections: [(who: "ann", when: "2026-01-01T00:00:00Z",
            target: Stance(article: "a5", sentence: "SENTENCE", topic: "levy", cue: "rejected"), action: Wrong)])"#;
        let old = old.replace("SENTENCE", &crate::model::sentence_key(S3));
        let file = crate::store::parse_corrections(Path::new("old.ron"), &old).unwrap();
        let mut g = two();
        apply(&mut g, &file);
        assert!(g.stances.is_empty(), "{:?}", holders(&g));
    }

    #[test]
    fn merging_actors_moves_their_words_and_a_stale_target_is_unmatched() {
        let mut g = graph();
        let c = Corrections {
            corrections: vec![
                corr("2026-01-01T00:00:00Z", Target::Actor { name: "A. Quill".into() }, Action::Merge { into: "Ada Quill".into() }),
                corr("2026-01-01T00:00:00Z", Target::statement(&ev("a9", "Gone now.", "said"), "Gone"), Action::Wrong),
            ],
            ..Default::default()
        };
        let applied = apply(&mut g, &c);
        assert_eq!(applied.unmatched, 1);
        assert!(g.statements.iter().all(|s| s.speaker == "Ada Quill"));
        assert!(!g.actors.iter().any(|a| a.name == "A. Quill"));
        // The extraction path gives the same answer for one article.
        let mut x = Extraction {
            article: crate::model::ArticleMeta { id: "a4".into(), path: "x".into(), title: String::new(), date: None, source: None, byline: None, hash: String::new(), len: 0 },
            statements: vec![FoundStatement { speaker: "A. Quill".into(), kind: QuoteKind::Direct, text: "Tolls stay".into(), evidence: ev("a4", "Tolls stay, A. Quill said.", "said") }],
            stances: Vec::new(),
            discovered: Vec::new(),
        };
        apply_to_extraction(&mut x, &c);
        assert_eq!(x.statements[0].speaker, "Ada Quill");
    }
}
