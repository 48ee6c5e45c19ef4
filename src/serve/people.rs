//! Actor and topic pages: positions over time, the ledger, contradictions,
//! who demands and who rejects.

use std::collections::BTreeMap;

use maud::{Markup, html};

use crate::model::{StanceKind, evidence_key};
use crate::query::{self, PositionFilter, stats::month_key};

use super::data::{Filter, Page, PAGE_SIZE, Snapshot};
use super::pages::{Echo, actor_link, actor_list, date, diagram, evidence_href, layout, pager, query, source, stance_mark, statement_table, topic_link};

/// Every actor, with how many statements and stances it has, one page.
pub fn actors(snap: &Snapshot, page: usize) -> Markup {
    let mut said: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for s in &snap.data.statements {
        said.entry(&s.speaker).or_default().0 += s.evidence.len();
    }
    for s in &snap.data.stances {
        said.entry(&s.actor).or_default().1 += s.evidence.len();
    }
    let rows: Vec<_> = snap.data.actors.iter().collect();
    let total = rows.len();
    let page = page.max(1);
    let shown: Vec<_> = rows.into_iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).collect();
    let p = Page { rows: shown, total, page };
    layout("Actors", html! {
        h1 { "Actors" }
        (pager(&p, &Echo::default(), "/actors"))
        table {
            thead { tr { th { "Actor" } th { "Kind" } th { "Member of" } th { "Statements" } th { "Stance evidence" } th { "Defined by" } } }
            tbody {
                @for a in &p.rows {
                    @let (st, sn) = said.get(a.name.as_str()).copied().unwrap_or_default();
                    tr {
                        td { (actor_link(&a.name)) }
                        td { (a.kind.as_str()) }
                        td { @if let Some(m) = &a.member_of { (actor_link(m)) } }
                        td { (st) }
                        td { (sn) }
                        td.muted { (a.rule) }
                    }
                }
            }
        }
    })
}

/// One actor's page.
pub fn actor(snap: &Snapshot, name: &str, page: usize) -> Option<Markup> {
    let a = snap.data.actors.iter().find(|a| a.name == name)?;
    let filter = PositionFilter { actor: Some(name.to_string()), ..Default::default() };
    let positions: Vec<_> = query::positions(&snap.data, &filter).into_iter().filter(|r| r.actor == name).collect();
    let ledger = snap.ledger();
    let entries: Vec<_> = ledger.entries.iter().filter(|e| e.actor == name).collect();
    let moves: Vec<_> = ledger.moves.iter().filter(|m| m.actor == name).collect();
    let contradictions: Vec<_> =
        snap.contradictions().iter().filter(|c| c.first.actor == name || c.second.actor == name).collect();
    // Positions over time: every stance evidence, oldest first.
    let mut timeline: Vec<(&crate::model::Stance, usize)> = snap
        .data
        .stances
        .iter()
        .filter(|s| s.actor == name)
        .flat_map(|s| (0..s.evidence.len()).map(move |n| (s, n)))
        .collect();
    timeline.sort_by(|x, y| evidence_key(&x.0.evidence[x.1]).cmp(&evidence_key(&y.0.evidence[y.1])));
    let f = Filter { actor: Some(name.to_string()), ..Default::default() };
    let statements = snap.statements(&f, page);
    let echo = Echo { pairs: vec![("name", name.to_string())] };
    Some(layout(name, html! {
        h1 { bdi { (a.name) } }
        p.muted {
            (a.kind.as_str())
            @if let Some(m) = &a.member_of { " · member of " (actor_link(m)) }
            " · defined by " code { (a.rule) }
            " · " a href={ "/" (query(&[("actor", name)])) } { "search statements" }
            " · " a href={ "/" (query(&[("actor", name), ("show", "stances")])) } { "search stances" }
        }
        h2 { "Positions" }
        @if positions.is_empty() { p.muted { "No stance recorded." } } @else {
            table.positions {
                thead { tr { th { "Topic" } th { "Stance" } th { "Evidence" } th { "First" } th { "Last" } } }
                tbody { @for r in &positions {
                    tr {
                        td { (topic_link(snap, &r.topic)) }
                        td { (stance_mark(r.stance)) }
                        td { (r.evidence_count) }
                        td { @if let Some(e) = r.evidence.first() { a href=(evidence_href("stance", &r.stance_id, 0)) { (date(e)) } } }
                        td { @if let Some(e) = r.evidence.last() { a href=(evidence_href("stance", &r.stance_id, r.evidence.len() - 1)) { (date(e)) } } }
                    }
                } }
            }
        }
        h2 { "Positions over time" }
        @if timeline.is_empty() { p.muted { "No dated stance." } } @else {
            table.timeline {
                thead { tr { th { "Date" } th { "Stance" } th { "Topic" } th { "Sentence" } th { "Source" } } }
                tbody { @for (s, n) in timeline.iter().rev().take(PAGE_SIZE) {
                    @let e = &s.evidence[*n];
                    tr {
                        td.nowrap { a href=(evidence_href("stance", &s.id, *n)) { (date(e)) } }
                        td { (stance_mark(s.stance)) }
                        td { (topic_link(snap, &s.topic)) }
                        td { bdi { (e.sentence_text) } }
                        td { (source(snap, e)) }
                    }
                } }
            }
            @if timeline.len() > PAGE_SIZE { p.muted { "The newest " (PAGE_SIZE) " of " (timeline.len()) "; search stances for all." } }
        }
        h2 { "Ledger" }
        @if entries.is_empty() { p.muted { "Nothing in the ledger." } } @else {
            table.ledger {
                thead { tr { th { "Topic" } th { "Latest stance" } th { "As of" } } }
                tbody { @for e in &entries { tr { td { (topic_link(snap, &e.topic)) } td { (stance_mark(e.stance)) } td { (date(&e.evidence)) } } } }
            }
            @for m in &moves {
                p { "Moved on " (topic_link(snap, &m.topic)) ": " (stance_mark(m.from.stance)) " (" (date(&m.from.evidence)) ") → " (stance_mark(m.to.stance)) " (" (date(&m.to.evidence)) ")" }
            }
        }
        h2 { "Contradictions" }
        @if contradictions.is_empty() { p.muted { "None found." } } @else {
            table.contradictions {
                thead { tr { th { "Kind" } th { "Topic" } th { "First" } th { "Second" } } }
                tbody { @for c in &contradictions {
                    tr {
                        td { (c.kind.as_str()) }
                        td { (topic_link(snap, &c.topic)) }
                        td { (actor_link(&c.first.actor)) " " (stance_mark(c.first.stance)) br; span.muted { bdi { (c.first.evidence.sentence_text) } } }
                        td { (actor_link(&c.second.actor)) " " (stance_mark(c.second.stance)) br; span.muted { bdi { (c.second.evidence.sentence_text) } } }
                    }
                } }
            }
        }
        h2 { "Statements" }
        (pager(&statements, &echo, "/actor"))
        (statement_table(snap, &statements.rows))
        h2 { "Diagrams" }
        (diagram("who-said-what", &Echo { pairs: vec![("actor", name.to_string())] }))
        (diagram("stances", &Echo { pairs: vec![("actor", name.to_string())] }))
        h2 { "Merge" }
        form.review method="post" action="/correct" {
            input type="hidden" name="of" value="actor";
            input type="hidden" name="id" value=(name);
            input type="hidden" name="action" value="merge";
            label { "Same actor as" input name="speaker" list="actors" required; }
            label { "Coder" input name="coder" required; }
            label.wide { "Why" input name="why"; }
            button type="submit" { "Merge into that actor" }
            (actor_list(snap))
        }
    }))
}

/// Every topic.
pub fn topics(snap: &Snapshot) -> Markup {
    let mut count: BTreeMap<(&str, StanceKind), usize> = BTreeMap::new();
    for s in &snap.data.stances {
        *count.entry((&s.topic, s.stance)).or_default() += s.evidence.len();
    }
    layout("Topics", html! {
        h1 { "Topics" }
        table {
            thead { tr { th { "Topic" } th { "Demands" } th { "Rejects" } } }
            tbody { @for t in &snap.data.topics {
                tr {
                    td { (topic_link(snap, &t.id)) }
                    td { (count.get(&(t.id.as_str(), StanceKind::Demands)).copied().unwrap_or(0)) }
                    td { (count.get(&(t.id.as_str(), StanceKind::Rejects)).copied().unwrap_or(0)) }
                }
            } }
        }
    })
}

/// One topic: who demands, who rejects, and the balance per month.
pub fn topic(snap: &Snapshot, id: &str) -> Option<Markup> {
    let t = snap.data.topics.iter().find(|t| t.id == id)?;
    let rows = query::positions(&snap.data, &PositionFilter { topic: Some(id.to_string()), ..Default::default() });
    let side = |k: StanceKind| -> Vec<_> {
        let mut v: Vec<_> = rows.iter().filter(|r| r.stance == k).collect();
        v.sort_by(|a, b| b.evidence_count.cmp(&a.evidence_count).then(a.actor.cmp(&b.actor)));
        v
    };
    let mut months: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for s in snap.data.stances.iter().filter(|s| s.topic == id) {
        for e in &s.evidence {
            let m = months.entry(month_key(e.date)).or_default();
            match s.stance {
                StanceKind::Demands => m.0 += 1,
                StanceKind::Rejects => m.1 += 1,
            }
        }
    }
    let most = months.values().map(|(d, r)| d.max(r)).copied().max().unwrap_or(1).max(1);
    let echo = Echo { pairs: vec![("topic", id.to_string())] };
    Some(layout(&t.label, html! {
        h1 { bdi { (t.label) } }
        p.muted { code { (t.id) } " · " a href={ "/" (query(&[("topic", id), ("show", "stances")])) } { "search stances" } " · " a href={ "/" (query(&[("topic", id)])) } { "search statements" } }
        div.cols {
            @for k in [StanceKind::Demands, StanceKind::Rejects] {
                section {
                    h2 { "Who " (stance_mark(k)) }
                    @let v = side(k);
                    @if v.is_empty() { p.muted { "Nobody." } } @else {
                        table { tbody { @for r in v {
                            tr { td { (actor_link(&r.actor)) } td { a href=(evidence_href("stance", &r.stance_id, r.evidence.len().saturating_sub(1))) { (r.evidence_count) " evidence" } } }
                        } } }
                    }
                }
            }
        }
        h2 { "Over time" }
        table.months {
            thead { tr { th { "Month" } th { "Demands" } th { "Rejects" } } }
            tbody { @for (m, (d, r)) in &months {
                tr {
                    td { (m) }
                    td { meter.demands min="0" max=(most) value=(d) {} " " (d) }
                    td { meter.rejects min="0" max=(most) value=(r) {} " " (r) }
                }
            } }
        }
        (diagram("stances", &echo))
    }))
}
