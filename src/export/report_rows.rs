//! The rows of the report's tables under its caps: each shown actor's
//! statement occurrences and stance evidence (the newest, when there are
//! more than the report shows), built for the shown actors only, so a
//! 100k-article graph is never turned into millions of rows.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Evidence, GraphData, Statement, evidence_key, newest_evidence};
use crate::query::{Contradiction, PositionRow, StatementRow};

/// One actor's tables, and how many rows each left out.
#[derive(Debug, Default)]
pub struct ActorRows {
    pub statements: Vec<StatementRow>,
    pub statements_left: usize,
    pub stances: Vec<PositionRow>,
    pub stances_left: usize,
}

/// The tables of the `shown` actors, by name: statement occurrences oldest
/// first (the newest `rows` when there are more), stances by topic and
/// stance (the most evidenced, and their newest evidence, when their
/// evidence rows exceed `rows`). Without a cut these are the rows
/// `who_said` and `positions` give for the actor.
pub fn actor_rows<'a>(data: &'a GraphData, shown: &HashSet<&'a str>, rows: Option<usize>) -> BTreeMap<&'a str, ActorRows> {
    let titles: HashMap<&str, &str> = data.articles.iter().map(|a| (a.id.as_str(), a.title.as_str())).collect();
    let labels: HashMap<&str, &str> = data.topics.iter().map(|t| (t.id.as_str(), t.label.as_str())).collect();
    let mut said: BTreeMap<&str, Vec<(&Statement, &Evidence)>> = BTreeMap::new();
    for st in data.statements.iter().filter(|s| shown.contains(s.speaker.as_str())) {
        said.entry(st.speaker.as_str()).or_default().extend(st.evidence.iter().map(|e| (st, e)));
    }
    let mut held: BTreeMap<&str, Vec<&crate::model::Stance>> = BTreeMap::new();
    for s in data.stances.iter().filter(|s| shown.contains(s.actor.as_str())) {
        held.entry(s.actor.as_str()).or_default().push(s);
    }
    let cap = rows.unwrap_or(usize::MAX);
    let mut out: BTreeMap<&str, ActorRows> = BTreeMap::new();
    for (actor, mut list) in said {
        // Stable, as `who_said` sorts: equal keys keep the graph's order.
        list.sort_by(|a, b| evidence_key(a.1).cmp(&evidence_key(b.1)));
        let left = list.len().saturating_sub(cap);
        let entry = out.entry(actor).or_default();
        entry.statements_left = left;
        entry.statements = list[left..]
            .iter()
            .map(|(st, e)| StatementRow {
                statement_id: st.id.clone(),
                speaker: st.speaker.clone(),
                kind: st.kind,
                text: st.text.clone(),
                article: e.article.to_string(),
                article_title: titles.get(e.article.as_str()).map_or_else(String::new, |t| t.to_string()),
                date: e.date,
                evidence: (*e).clone(),
            })
            .collect();
    }
    for (actor, mut list) in held {
        list.sort_by(|a, b| (&a.topic, a.stance).cmp(&(&b.topic, b.stance)));
        let total: usize = list.iter().map(|s| s.evidence.len()).sum();
        let mut per_stance = None;
        if total > cap {
            // The most evidenced stances, each with its newest evidence, so
            // every shown stance keeps at least one row.
            let mut by_weight: Vec<usize> = (0..list.len()).collect();
            by_weight.sort_by(|&a, &b| list[b].evidence.len().cmp(&list[a].evidence.len()).then(a.cmp(&b)));
            let keep: HashSet<usize> = by_weight.into_iter().take(cap.max(1)).collect();
            list = list.into_iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, s)| s).collect();
            per_stance = Some((cap / list.len()).max(1));
        }
        let entry = out.entry(actor).or_default();
        entry.stances = list
            .iter()
            .map(|s| PositionRow {
                actor: s.actor.clone(),
                via: None,
                stance: s.stance,
                topic: s.topic.clone(),
                topic_label: labels.get(s.topic.as_str()).map_or_else(|| s.topic.clone(), |l| l.to_string()),
                stance_id: s.id.clone(),
                evidence: newest_evidence(&s.evidence, per_stance).into_iter().cloned().collect(),
                evidence_count: s.evidence.len(),
            })
            .collect();
        entry.stances_left = total - entry.stances.iter().map(|r| r.evidence.len()).sum::<usize>();
    }
    out
}

/// The newest `cap` contradictions (by the later side's evidence), in
/// the order given, and how many were left out.
pub fn newest_contradictions(found: &[Contradiction], cap: Option<usize>) -> (Vec<&Contradiction>, usize) {
    let cap = cap.unwrap_or(usize::MAX);
    if found.len() <= cap {
        return (found.iter().collect(), 0);
    }
    let recency = |c: &Contradiction| evidence_key(&c.first.evidence).max(evidence_key(&c.second.evidence)).0;
    let mut order: Vec<usize> = (0..found.len()).collect();
    order.sort_by(|&a, &b| recency(&found[b]).cmp(&recency(&found[a])).then(a.cmp(&b)));
    let keep: HashSet<usize> = order.into_iter().take(cap).collect();
    let kept = found.iter().enumerate().filter(|(i, _)| keep.contains(i)).map(|(_, c)| c).collect();
    (kept, found.len() - cap)
}
