//! Bounded views of large graphs. A diagram of every actor and statement of
//! a 100k-article archive is a file of hundreds of megabytes that no
//! renderer lays out and no reader reads, so the drawing commands and the
//! report show the most active actors and topics, and a fair share of each
//! shown actor's most repeated statements, and say what they left out and
//! which flag shows more. A graph inside the caps is drawn exactly as
//! without them.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{Evidence, GraphData, Statement};
use crate::query::{self, StatementFilter};

use super::dot::{Look, View, ViewFilter, to_dot_with};

/// How much a view shows; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cap {
    /// The most active actors (statement and stance evidence).
    pub actors: Option<usize>,
    /// The topics with the most stance evidence.
    pub topics: Option<usize>,
    /// Statement nodes of the who-said-what view, shared among the actors.
    pub statements: Option<usize>,
    /// Evidences listed in one tooltip (the newest).
    pub evidence: Option<usize>,
}

impl Cap {
    /// Everything.
    pub const ALL: Cap = Cap { actors: None, topics: None, statements: None, evidence: None };
    /// What a person can still read in one diagram; the command-line
    /// defaults.
    pub const READABLE: Cap = Cap { actors: Some(25), topics: Some(25), statements: Some(100), evidence: Some(10) };
}

impl Default for Cap {
    fn default() -> Self {
        Cap::ALL
    }
}

/// What a cap left out: (shown, in all) for each kind that was cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Omitted {
    pub actors: Option<(usize, usize)>,
    pub topics: Option<(usize, usize)>,
    pub statements: Option<(usize, usize)>,
}

/// The command-line flag that raises each cap (0 lifts it).
pub const ACTORS_FLAG: &str = "--top-actors";
pub const TOPICS_FLAG: &str = "--top-topics";
pub const STATEMENTS_FLAG: &str = "--top-statements";

impl Omitted {
    pub fn is_empty(&self) -> bool {
        self.actors.is_none() && self.topics.is_none() && self.statements.is_none()
    }

    /// One sentence: what is shown of how many, and the flags that show
    /// more; `None` when nothing was left out.
    pub fn note(&self) -> Option<String> {
        let parts: Vec<(String, &str)> = [
            self.actors.map(|(s, n)| (format!("the {s} most active of {n} actors"), ACTORS_FLAG)),
            self.topics.map(|(s, n)| (format!("the {s} most discussed of {n} topics"), TOPICS_FLAG)),
            self.statements.map(|(s, n)| (format!("{s} of {n} statements"), STATEMENTS_FLAG)),
        ]
        .into_iter()
        .flatten()
        .collect();
        if parts.is_empty() {
            return None;
        }
        let shown: Vec<&str> = parts.iter().map(|(p, _)| p.as_str()).collect();
        let flags: Vec<&str> = parts.iter().map(|(_, f)| *f).collect();
        Some(format!(
            "Showing {}; {} N shows more (0 shows all).",
            join_and(&shown),
            flags.join(" / ")
        ))
    }
}

fn join_and(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Evidence counts inside the filter's dates, most first, ties by name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Activity<'a> {
    pub actors: Vec<(&'a str, usize)>,
    pub topics: Vec<(&'a str, usize)>,
}

/// How much each actor said and stood for, and how often each topic came
/// up, in one pass over the graph.
pub fn activity<'a>(data: &'a GraphData, filter: &ViewFilter) -> Activity<'a> {
    let mut actors: HashMap<&str, usize> = HashMap::new();
    let mut topics: HashMap<&str, usize> = HashMap::new();
    for st in &data.statements {
        let n = kept(&st.evidence, filter);
        if n > 0 {
            *actors.entry(st.speaker.as_str()).or_default() += n;
        }
    }
    for s in &data.stances {
        let n = kept(&s.evidence, filter);
        if n > 0 {
            *actors.entry(s.actor.as_str()).or_default() += n;
            *topics.entry(s.topic.as_str()).or_default() += n;
        }
    }
    Activity { actors: ranked(actors), topics: ranked(topics) }
}

fn kept(evidence: &[Evidence], filter: &ViewFilter) -> usize {
    let opts = filter.network_options();
    evidence.iter().filter(|e| opts.keeps(e)).count()
}

fn ranked(counts: HashMap<&str, usize>) -> Vec<(&str, usize)> {
    let mut v: Vec<(&str, usize)> = counts.into_iter().collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v
}

/// The first `cap` names, plus every later one `always` asks for; and
/// (shown, in all) when some were left out.
pub fn top<'a>(ranked: &[(&'a str, usize)], cap: Option<usize>, always: impl Fn(&str) -> bool) -> (HashSet<&'a str>, Option<(usize, usize)>) {
    let cap = cap.unwrap_or(usize::MAX);
    let shown: HashSet<&str> =
        ranked.iter().enumerate().filter(|(i, (n, _))| *i < cap || always(n)).map(|(_, (n, _))| *n).collect();
    let cut = (shown.len() < ranked.len()).then_some((shown.len(), ranked.len()));
    (shown, cut)
}

/// The graph a capped view draws (the graph itself when nothing is cut)
/// and what was left out.
pub struct Focus<'a> {
    pub data: Cow<'a, GraphData>,
    pub omitted: Omitted,
}

/// The part of `data` that `view` shows under `cap`: the most active
/// actors (and any the filter names), the most discussed topics (and the
/// filter's), and for who-said-what a round-robin share of each shown
/// actor's most repeated statements.
pub fn focus<'a>(data: &'a GraphData, view: View, filter: &ViewFilter, cap: &Cap) -> Focus<'a> {
    let act = activity(data, filter);
    let (actors, actors_cut) =
        top(&act.actors, cap.actors, |n| filter.actor.as_deref().is_some_and(|q| query::actor_matches(q, n)));
    let wanted_topic = filter.topic.as_deref().map(|t| query::resolve_topic(data, t).unwrap_or(t));
    if view == View::WhoSaidWhat {
        let (chosen, statements_cut) = statements(data, filter, &actors, cap.statements);
        let omitted = Omitted { actors: actors_cut, topics: None, statements: statements_cut };
        if omitted.is_empty() {
            return Focus { data: Cow::Borrowed(data), omitted };
        }
        let statements: Vec<Statement> = data.statements.iter().filter(|s| chosen.contains(s.id.as_str())).cloned().collect();
        // `who_said --about` looks for the topic's stance sentences, whoever
        // holds the stance; other stances play no part in this view.
        let stances = data.stances.iter().filter(|s| wanted_topic == Some(s.topic.as_str())).cloned().collect();
        return Focus { data: Cow::Owned(part(data, statements, stances)), omitted };
    }
    let (topics, topics_cut) = top(&act.topics, cap.topics, |t| wanted_topic == Some(t));
    let omitted = Omitted { actors: actors_cut, topics: topics_cut, statements: None };
    if omitted.is_empty() {
        return Focus { data: Cow::Borrowed(data), omitted };
    }
    let stances = data
        .stances
        .iter()
        .filter(|s| actors.contains(s.actor.as_str()) && topics.contains(s.topic.as_str()))
        .cloned()
        .collect();
    Focus { data: Cow::Owned(part(data, Vec::new(), stances)), omitted }
}

/// The statements who-said-what draws: those of shown actors with
/// evidence inside the filter, taken in turn from each actor (most active
/// first), each actor's most repeated first, until the cap.
fn statements<'a>(data: &'a GraphData, filter: &ViewFilter, actors: &HashSet<&str>, cap: Option<usize>) -> (HashSet<&'a str>, Option<(usize, usize)>) {
    // The topic filter of this view is `who_said --about`; ask it which
    // statements qualify, so the cap counts only those.
    let about: Option<HashSet<String>> = filter.topic.as_ref().map(|t| {
        let rows = query::who_said(data, &StatementFilter { actor: filter.actor.clone(), about: Some(t.clone()) });
        rows.into_iter().map(|r| r.statement_id).collect()
    });
    let mut by_actor: BTreeMap<&str, Vec<(usize, &str)>> = BTreeMap::new();
    let mut total = 0;
    for st in &data.statements {
        if !actors.contains(st.speaker.as_str())
            || filter.actor.as_deref().is_some_and(|q| !query::actor_matches(q, &st.speaker))
            || about.as_ref().is_some_and(|ids| !ids.contains(&st.id))
        {
            continue;
        }
        let n = kept(&st.evidence, filter);
        if n == 0 {
            continue;
        }
        total += 1;
        by_actor.entry(st.speaker.as_str()).or_default().push((n, st.id.as_str()));
    }
    let cap = cap.unwrap_or(usize::MAX);
    if total <= cap {
        let all = by_actor.into_values().flatten().map(|(_, id)| id).collect();
        return (all, None);
    }
    // Most active speakers take their turn first.
    let mut queues: Vec<(usize, Vec<(usize, &str)>)> = by_actor
        .into_values()
        .map(|mut v| {
            v.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
            (v.iter().map(|(n, _)| n).sum(), v)
        })
        .collect();
    queues.sort_by(|a, b| b.0.cmp(&a.0).then(a.1[0].1.cmp(b.1[0].1)));
    let mut chosen = HashSet::new();
    let mut round = 0;
    while chosen.len() < cap {
        let mut any = false;
        for (_, q) in &queues {
            if let Some((_, id)) = q.get(round) {
                any = true;
                if chosen.len() < cap {
                    chosen.insert(*id);
                }
            }
        }
        if !any {
            break;
        }
        round += 1;
    }
    let shown = chosen.len();
    (chosen, Some((shown, total)))
}

/// A graph of these statements and stances with the articles they cite;
/// actors and topics stay whole (clusters and labels need them).
fn part(data: &GraphData, statements: Vec<Statement>, stances: Vec<crate::model::Stance>) -> GraphData {
    let cited: HashSet<&str> = statements
        .iter()
        .flat_map(|s| &s.evidence)
        .chain(stances.iter().flat_map(|s| &s.evidence))
        .map(|e| e.article.as_str())
        .collect();
    GraphData {
        format: data.format,
        articles: data.articles.iter().filter(|a| cited.contains(a.id.as_str())).cloned().collect(),
        actors: data.actors.clone(),
        topics: data.topics.clone(),
        statements,
        stances,
        article_rules: Default::default(),
        rule_units: Default::default(),
    }
}

/// The view as DOT under `cap`, with what was left out (also written under
/// the diagram's title).
pub fn to_dot_capped(data: &GraphData, view: View, filter: &ViewFilter, cap: &Cap) -> (String, Omitted) {
    let f = focus(data, view, filter, cap);
    let look = Look { evidence_lines: cap.evidence, note: f.omitted.note() };
    (to_dot_with(&f.data, view, filter, &look), f.omitted)
}
