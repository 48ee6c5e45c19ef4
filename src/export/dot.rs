//! Graphviz DOT views of the graph: who said what, stances, contradictions.
//!
//! The graph is built with graphviz-rust's types, which print ids exactly as
//! given, so every id and attribute value goes through [`quote_id`]. Nodes,
//! clusters and edges are emitted in sorted order so that the same graph
//! always prints the same DOT (the snapshot tests depend on it).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::model::{ActorKind, ArticleMeta, Evidence, QuoteKind, StanceKind};
use crate::query::networks::{NetworkKind, NetworkOptions, Normalization, network};
use crate::query::{self, Contradiction, PositionFilter, StatementFilter};

use super::networks::network_dot_noted;
use crate::store::GraphData;

/// Statement labels longer than this (in characters) are shortened; the
/// full text stays in the node's tooltip.
pub const LABEL_CHARS: usize = 60;

pub use super::dot_text::{DEMANDS_COLOR, REJECTS_COLOR, noted, quote_id};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum View {
    /// Actors linked to the statements they made.
    WhoSaidWhat,
    /// Actors linked to topics by demands (green) and rejects (red) edges.
    Stances,
    /// Pairs of actors whose stances on a topic contradict each other.
    Contradictions,
    /// Actor × actor: shared stances (see [`crate::query::networks`]).
    Congruence,
    /// Actor × actor: opposed stances.
    Conflict,
    /// Actors and the topics they take stances on, two-mode.
    ActorTopic,
}

impl View {
    pub const ALL: [View; 6] =
        [View::WhoSaidWhat, View::Stances, View::Contradictions, View::Congruence, View::Conflict, View::ActorTopic];

    /// The discourse network a view draws, if it is one.
    pub fn network(self) -> Option<NetworkKind> {
        match self {
            View::Congruence => Some(NetworkKind::Congruence),
            View::Conflict => Some(NetworkKind::Conflict),
            View::ActorTopic => Some(NetworkKind::ActorTopic),
            _ => None,
        }
    }

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            View::WhoSaidWhat => "who-said-what",
            View::Stances => "stances",
            View::Contradictions => "contradictions",
            View::Congruence => "congruence",
            View::Conflict => "conflict",
            View::ActorTopic => "actor-topic",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            View::WhoSaidWhat => "Who said what",
            View::Stances => "Stances",
            View::Contradictions => "Contradictions",
            View::Congruence => "Agreement network",
            View::Conflict => "Conflict network",
            View::ActorTopic => "Actors and topics",
        }
    }
}

/// Which part of the graph a view shows. Actor and topic match as in the
/// queries (case-insensitive; a surname alone names a person); `since` and
/// `until` keep evidence dated inside them, so undated evidence drops out.
/// `normalization` and `roll_up` shape the network views only.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewFilter {
    pub actor: Option<String>,
    pub topic: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    pub normalization: Normalization,
    pub roll_up: bool,
}

impl ViewFilter {
    fn keeps(&self, e: &Evidence) -> bool {
        self.network_options().keeps(e)
    }

    /// The same filter as the network computations take it.
    pub fn network_options(&self) -> NetworkOptions {
        NetworkOptions {
            since: self.since,
            until: self.until,
            topic: self.topic.clone(),
            actor: self.actor.clone(),
            roll_up: self.roll_up,
            normalization: self.normalization,
        }
    }
}

/// How a view is drawn beyond what it selects: how many evidences a tooltip
/// lists before it says how many more there are, and a note under the title
/// (what a size cap left out). The default draws everything as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Look {
    pub evidence_lines: Option<usize>,
    pub note: Option<String>,
}

/// `text` on one line, cut at a word boundary to at most `max` characters
/// with an ellipsis when it was longer.
pub fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), quote_id(value))
}

fn node_id(id: &str) -> NodeId {
    NodeId(quote_id(id), None)
}

fn topic_node(topic: &str) -> String {
    format!("topic:{topic}")
}

/// One evidence as a reader wants it in a tooltip: the sentence, then where
/// it comes from.
pub fn evidence_line(e: &Evidence, articles: &HashMap<&str, &ArticleMeta>) -> String {
    let date = e.date.map_or_else(|| "undated".to_string(), |d| d.to_string());
    let source = match articles.get(e.article.as_str()) {
        Some(a) => match &a.source {
            Some(s) => format!("{} ({s})", a.title),
            None => a.title.clone(),
        },
        None => e.article.to_string(),
    };
    format!("{}\n— {source}, {date}; rule {}", e.sentence_text.trim(), e.rule)
}

/// The dates of a list of evidence as an edge label: one date, or the first
/// and last.
fn date_span(evidence: &[&Evidence]) -> Option<String> {
    let dates: BTreeSet<NaiveDate> = evidence.iter().filter_map(|e| e.date).collect();
    match (dates.first(), dates.last()) {
        (Some(a), Some(b)) if a == b => Some(a.to_string()),
        (Some(a), Some(b)) => Some(format!("{a} … {b}")),
        _ => None,
    }
}

fn stance_color(s: StanceKind) -> &'static str {
    match s {
        StanceKind::Demands => DEMANDS_COLOR,
        StanceKind::Rejects => REJECTS_COLOR,
    }
}

/// Nodes and edges collected in maps so the output order is sorted and a
/// node added twice is printed once.
struct Builder<'a> {
    data: &'a GraphData,
    look: &'a Look,
    articles: HashMap<&'a str, &'a ArticleMeta>,
    actors: BTreeSet<String>,
    nodes: BTreeMap<String, Vec<Attribute>>,
    edges: BTreeMap<(String, String, String), Vec<Attribute>>,
}

impl<'a> Builder<'a> {
    fn new(data: &'a GraphData, look: &'a Look) -> Self {
        Builder {
            data,
            look,
            articles: data.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
            actors: BTreeSet::new(),
            nodes: BTreeMap::new(),
            edges: BTreeMap::new(),
        }
    }

    fn actor(&mut self, name: &str) {
        self.actors.insert(name.to_string());
    }

    fn node(&mut self, id: String, attrs: Vec<Attribute>) {
        self.nodes.entry(id).or_insert(attrs);
    }

    /// `key` tells apart parallel edges between the same two nodes.
    fn edge(&mut self, from: &str, to: &str, key: String, attrs: Vec<Attribute>) {
        self.edges.entry((from.to_string(), to.to_string(), key)).or_insert(attrs);
    }

    /// The newest evidences when a tooltip would list more than the look
    /// allows, with how many are left out.
    fn evidence_text(&self, evidence: &[&Evidence]) -> String {
        let shown = self.look.evidence_lines.unwrap_or(usize::MAX).min(evidence.len());
        let skipped = evidence.len() - shown;
        let mut lines: Vec<String> =
            evidence[skipped..].iter().map(|e| evidence_line(e, &self.articles)).collect();
        if skipped > 0 {
            lines.insert(0, format!("… {skipped} older evidences not listed"));
        }
        lines.join("\n\n")
    }

    fn topic(&mut self, topic: &str, label: &str) {
        self.node(
            topic_node(topic),
            vec![
                attr("label", label),
                attr("shape", "box"),
                attr("style", "rounded,filled"),
                attr("fillcolor", "lightyellow"),
                attr("tooltip", &format!("topic {topic}")),
            ],
        );
    }

    fn actor_stmt(&self, name: &str) -> Stmt {
        let actor = self.data.actors.iter().find(|a| a.name == name);
        let kind = actor.map(|a| a.kind);
        let shape = match kind {
            Some(ActorKind::Country) => "box",
            Some(ActorKind::Organization) => "hexagon",
            Some(ActorKind::Person) | None => "ellipse",
        };
        let mut tooltip = match kind {
            Some(ActorKind::Country) => format!("{name} (country)"),
            Some(ActorKind::Organization) => format!("{name} (organization)"),
            Some(ActorKind::Person) => format!("{name} (person)"),
            None => name.to_string(),
        };
        if let Some(g) = actor.and_then(|a| a.gender) {
            tooltip.push_str(&format!(", {}", g.as_str()));
        }
        if let Some(m) = actor.and_then(|a| a.member_of.as_deref()) {
            tooltip.push_str(&format!(", member of {m}"));
        }
        let mut attrs = vec![attr("label", name), attr("shape", shape), attr("tooltip", &tooltip)];
        if kind == Some(ActorKind::Country) {
            attrs.push(attr("style", "filled"));
            attrs.push(attr("fillcolor", "lightgrey"));
        }
        Stmt::Node(Node::new(node_id(name), attrs))
    }

    fn finish(self, view: View, filter: &ViewFilter) -> Graph {
        let mut stmts = vec![
            Stmt::GAttribute(GraphAttributes::Graph(vec![
                attr("rankdir", "LR"),
                attr("label", &noted(graph_title(view, filter), self.look.note.as_deref())),
                attr("labelloc", "t"),
                attr("fontname", "Helvetica"),
            ])),
            Stmt::GAttribute(GraphAttributes::Node(vec![attr("fontname", "Helvetica"), attr("fontsize", "10")])),
            Stmt::GAttribute(GraphAttributes::Edge(vec![attr("fontname", "Helvetica"), attr("fontsize", "9")])),
        ];

        // Actors go into a cluster per country they belong to; the country
        // itself sits in its own cluster.
        let member_of: HashMap<&str, &str> =
            self.data.actors.iter().filter_map(|a| Some((a.name.as_str(), a.member_of.as_deref()?))).collect();
        let is_country =
            |name: &str| self.data.actors.iter().any(|a| a.name == name && a.kind == ActorKind::Country);
        let mut clusters: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for name in &self.actors {
            if let Some(country) = member_of.get(name.as_str()) {
                clusters.entry(country.to_string()).or_default();
            } else if is_country(name) {
                clusters.entry(name.clone()).or_default();
            }
        }
        let mut loose: Vec<&String> = Vec::new();
        for name in &self.actors {
            // A country heads its own cluster even when it is itself a
            // member of something, so no node lands in two clusters.
            if clusters.contains_key(name) {
                continue;
            }
            if let Some(country) = member_of.get(name.as_str()) {
                clusters.entry(country.to_string()).or_default().insert(name.clone());
            } else {
                loose.push(name);
            }
        }
        for (country, members) in &clusters {
            let mut inner = vec![
                Stmt::Attribute(attr("label", country)),
                Stmt::Attribute(attr("style", "rounded,dashed")),
                Stmt::Attribute(attr("color", "grey")),
                self.actor_stmt(country),
            ];
            inner.extend(members.iter().map(|m| self.actor_stmt(m)));
            stmts.push(Stmt::Subgraph(Subgraph {
                id: quote_id(&format!("cluster_{country}")),
                stmts: inner,
            }));
        }
        for name in loose {
            stmts.push(self.actor_stmt(name));
        }
        for (id, attrs) in self.nodes {
            stmts.push(Stmt::Node(Node::new(node_id(&id), attrs)));
        }
        for ((from, to, _), attrs) in self.edges {
            stmts.push(Stmt::Edge(Edge {
                ty: EdgeTy::Pair(Vertex::N(node_id(&from)), Vertex::N(node_id(&to))),
                attributes: attrs,
            }));
        }
        Graph::DiGraph {
            id: quote_id(view.name()),
            strict: false,
            stmts,
        }
    }
}

fn graph_title(view: View, filter: &ViewFilter) -> String {
    let mut title = view.title().to_string();
    if let Some(a) = &filter.actor {
        title.push_str(&format!(" — actor {a}"));
    }
    if let Some(t) = &filter.topic {
        title.push_str(&format!(" — topic {t}"));
    }
    if let Some(d) = filter.since {
        title.push_str(&format!(" — since {d}"));
    }
    if let Some(d) = filter.until {
        title.push_str(&format!(" — until {d}"));
    }
    title
}

/// The view as a graphviz-rust graph.
pub fn view_graph(data: &GraphData, view: View, filter: &ViewFilter) -> Graph {
    view_graph_with(data, view, filter, &Look::default())
}

/// [`view_graph`] drawn with a [`Look`].
pub fn view_graph_with(data: &GraphData, view: View, filter: &ViewFilter, look: &Look) -> Graph {
    let mut b = Builder::new(data, look);
    match view {
        View::WhoSaidWhat => who_said_what(&mut b, filter),
        View::Stances => stances(&mut b, filter),
        View::Contradictions => contradictions(&mut b, filter),
        // Drawn by `to_dot` from the network itself.
        View::Congruence | View::Conflict | View::ActorTopic => {}
    }
    b.finish(view, filter)
}

/// The view as DOT text.
pub fn to_dot(data: &GraphData, view: View, filter: &ViewFilter) -> String {
    to_dot_with(data, view, filter, &Look::default())
}

/// [`to_dot`] drawn with a [`Look`].
pub fn to_dot_with(data: &GraphData, view: View, filter: &ViewFilter, look: &Look) -> String {
    if let Some(kind) = view.network() {
        return network_dot_noted(&network(data, kind, &filter.network_options()), look.note.as_deref());
    }
    let mut out = view_graph_with(data, view, filter, look).print(&mut PrinterContext::default());
    out.push('\n');
    out
}

fn who_said_what(b: &mut Builder<'_>, filter: &ViewFilter) {
    let rows = query::who_said(
        b.data,
        &StatementFilter {
            actor: filter.actor.clone(),
            about: filter.topic.clone(),
        },
    );
    let mut kept: BTreeMap<&str, Vec<&Evidence>> = BTreeMap::new();
    for r in &rows {
        if filter.keeps(&r.evidence) {
            kept.entry(r.statement_id.as_str()).or_default().push(&r.evidence);
        }
    }
    for st in &b.data.statements {
        let Some(evidence) = kept.get(st.id.as_str()) else { continue };
        let short = shorten(&st.text, LABEL_CHARS);
        let (label, style) = match st.kind {
            QuoteKind::Direct => (format!("“{short}”"), "solid"),
            QuoteKind::Indirect => (short, "dashed"),
        };
        let tooltip = format!("{}\n\n{}", st.text.trim(), b.evidence_text(evidence));
        b.actor(&st.speaker);
        b.node(
            st.id.clone(),
            vec![
                attr("label", &label),
                attr("shape", "note"),
                attr("style", style),
                attr("tooltip", &tooltip),
            ],
        );
        let mut attrs = vec![attr("tooltip", &b.evidence_text(evidence))];
        if let Some(d) = date_span(evidence) {
            attrs.push(attr("label", &d));
        }
        if st.kind == QuoteKind::Indirect {
            attrs.push(attr("style", "dashed"));
        }
        b.edge(&st.speaker, &st.id, String::new(), attrs);
    }
}

fn stances(b: &mut Builder<'_>, filter: &ViewFilter) {
    let rows = query::positions(
        b.data,
        &PositionFilter {
            actor: filter.actor.clone(),
            topic: filter.topic.clone(),
            roll_up: false,
            evidence_limit: None,
        },
    );
    for r in &rows {
        let evidence: Vec<&Evidence> = r.evidence.iter().filter(|e| filter.keeps(e)).collect();
        if evidence.is_empty() {
            continue;
        }
        b.actor(&r.actor);
        b.topic(&r.topic, &r.topic_label);
        let label = match date_span(&evidence) {
            Some(d) => format!("{} {d}", r.stance.as_str()),
            None => r.stance.as_str().to_string(),
        };
        let tooltip = format!("{} {} {}\n\n{}", r.actor, r.stance.as_str(), r.topic_label, b.evidence_text(&evidence));
        b.edge(
            &r.actor,
            &topic_node(&r.topic),
            r.stance.as_str().to_string(),
            vec![
                attr("label", &label),
                attr("color", stance_color(r.stance)),
                attr("fontcolor", stance_color(r.stance)),
                attr("tooltip", &tooltip),
            ],
        );
    }
}

/// Whether a contradiction is inside the filter: either side's actor
/// matches, the topic matches, and both sides' evidence is recent enough.
fn contradiction_kept(data: &GraphData, c: &Contradiction, filter: &ViewFilter) -> bool {
    let side_matches = |s: &query::Side, q: &str| {
        query::actor_matches(q, &s.actor) || s.via.as_deref().is_some_and(|v| query::actor_matches(q, v))
    };
    let actor_ok = filter.actor.as_deref().is_none_or(|q| side_matches(&c.first, q) || side_matches(&c.second, q));
    let topic_ok = filter
        .topic
        .as_deref()
        .is_none_or(|t| query::resolve_topic(data, t).unwrap_or(t) == c.topic);
    actor_ok && topic_ok && filter.keeps(&c.first.evidence) && filter.keeps(&c.second.evidence)
}

fn contradictions(b: &mut Builder<'_>, filter: &ViewFilter) {
    let found = query::contradictions(b.data, false);
    // Contested topics are hubs: each side's stance is one edge into the
    // topic, so a pair reads `A → topic ← B` and a third party joins the
    // same hub instead of adding another copy of the topic.
    let mut pairs: BTreeMap<&str, Vec<&Contradiction>> = BTreeMap::new();
    // (actor, topic, stance) → the evidence the contradictions cite.
    let mut sides: BTreeMap<(&str, &str, StanceKind), Vec<&Evidence>> = BTreeMap::new();
    for c in found.iter().filter(|c| contradiction_kept(b.data, c, filter)) {
        pairs.entry(c.topic.as_str()).or_default().push(c);
        for side in [&c.first, &c.second] {
            let cited = sides.entry((side.actor.as_str(), c.topic.as_str(), side.stance)).or_default();
            if !cited.contains(&&side.evidence) {
                cited.push(&side.evidence);
            }
        }
    }
    for (topic, list) in &pairs {
        let label = &list[0].topic_label;
        // Like evidence, a hub's tooltip lists no more contradictions than
        // the look allows.
        let listed = b.look.evidence_lines.unwrap_or(usize::MAX).min(list.len());
        let mut tooltip = list[..listed]
            .iter()
            .map(|c| {
                format!(
                    "{} {} vs {} {} ({}):\n{}\n{}",
                    c.first.actor,
                    c.first.stance.as_str(),
                    c.second.actor,
                    c.second.stance.as_str(),
                    c.kind.as_str(),
                    evidence_line(&c.first.evidence, &b.articles),
                    evidence_line(&c.second.evidence, &b.articles)
                )
            })
            .collect::<Vec<_>>()
            .join("\n\n");
        if listed < list.len() {
            tooltip.push_str(&format!("\n\n… {} more not listed", list.len() - listed));
        }
        let count = match list.len() {
            1 => "1 contradiction".to_string(),
            n => format!("{n} contradictions"),
        };
        b.node(
            topic_node(topic),
            vec![
                attr("label", &format!("{label}\n{count}")),
                attr("shape", "box"),
                attr("style", "rounded,filled"),
                attr("fillcolor", "mistyrose"),
                attr("tooltip", &tooltip),
            ],
        );
    }
    for ((actor, topic, stance), mut evidence) in sides {
        evidence.sort_by_key(|e| (e.date, e.article.clone(), e.sentence.start));
        b.actor(actor);
        let label = match date_span(&evidence) {
            Some(d) => format!("{} {d}", stance.as_str()),
            None => stance.as_str().to_string(),
        };
        let topic_label = pairs.get(topic).map_or(topic, |l| l[0].topic_label.as_str());
        let tooltip = format!("{actor} {} {topic_label}\n\n{}", stance.as_str(), b.evidence_text(&evidence));
        b.edge(
            actor,
            &topic_node(topic),
            stance.as_str().to_string(),
            vec![
                attr("label", &label),
                attr("color", stance_color(stance)),
                attr("fontcolor", stance_color(stance)),
                attr("tooltip", &tooltip),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(s: &str) -> String {
        match quote_id(s) {
            Id::Escaped(v) => v,
            other => panic!("not escaped: {other:?}"),
        }
    }

    #[test]
    fn quote_id_escapes_quotes_backslashes_and_newlines() {
        assert_eq!(printed(r#"Jürgen "JM" Müller"#), r#""Jürgen \"JM\" Müller""#);
        assert_eq!(printed("a\\b"), r#""a\\b""#);
        assert_eq!(printed("a\r\nb\nc\rd"), r#""a\nb\nc\nd""#);
        assert_eq!(printed("ends with \\"), r#""ends with \\""#);
    }

    /// Reads a quoted DOT string back the way Graphviz reads an escString
    /// label: `\\` is a backslash, `\"` a quote, `\n` a line break.
    fn unquote(q: &str) -> Option<String> {
        let inner = q.strip_prefix('"')?.strip_suffix('"')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    '\\' => out.push('\\'),
                    '"' => out.push('"'),
                    'n' => out.push('\n'),
                    _ => return None,
                },
                // An unescaped quote would end the id early.
                '"' | '\n' | '\r' => return None,
                c => out.push(c),
            }
        }
        Some(out)
    }

    proptest::proptest! {
        #[test]
        fn quote_id_reads_back_as_the_text(s in "[\\\\\"\n a-zA-Zü→\\PC]{0,40}") {
            let expected: String = s.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
            proptest::prop_assert_eq!(unquote(&printed(&s)), Some(expected));
        }
    }

    #[test]
    fn shorten_cuts_at_a_word_and_keeps_short_text() {
        assert_eq!(shorten("short  text\n", 60), "short text");
        let long = "word ".repeat(30);
        let s = shorten(&long, 60);
        assert!(s.chars().count() <= 60, "{s}");
        assert!(s.ends_with("word…"), "{s}");
        let unbroken = "x".repeat(100);
        assert_eq!(shorten(&unbroken, 10).chars().count(), 10);
    }
}
