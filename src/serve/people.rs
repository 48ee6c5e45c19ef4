//! Actor and topic pages: positions over time, the ledger, contradictions,
//! who demands and who rejects.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use maud::{Markup, html};

use crate::error::Result;
use crate::model::{GraphData, Stance, StanceKind, evidence_key};
use crate::query::{self, PositionFilter, stats::month_key};
use crate::store::index_browse::{Answered, StanceCount};

use super::data::{Filter, PAGE_SIZE, Page, Reader};
use super::snapshot::once;
use super::pages::{Echo, actor_link, actor_list, date, diagram, evidence_href, layout, pager, query, source, stance_mark, statement_table, topic_link};

/// Every actor, with how many statements and stances it has, one page.
pub fn actors(snap: &Reader, page: usize) -> Result<Markup> {
    let ex = snap.snap.exclude();
    let from_index = once(&snap.snap.counts, || snap.index.actor_counts(&ex))?;
    let mut overlay: HashMap<&str, (usize, usize)> = HashMap::new();
    for s in &snap.snap.data.statements {
        overlay.entry(&s.speaker).or_default().0 += s.evidence.len();
    }
    for s in &snap.snap.data.stances {
        overlay.entry(&s.actor).or_default().1 += s.evidence.len();
    }
    let said = |name: &str| {
        let (a, b) = from_index.get(name).copied().unwrap_or_default();
        let (c, d) = overlay.get(name).copied().unwrap_or_default();
        (a + c, b + d)
    };
    let rows: Vec<_> = snap.snap.data.actors.iter().collect();
    let total = rows.len();
    let page = page.max(1);
    let shown: Vec<_> = rows.into_iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).collect();
    let p = Page { rows: shown, total, page, articles: HashMap::new() };
    Ok(layout("Actors", html! {
        h1 { "Actors" }
        (pager(&p, &Echo::default(), "/actors"))
        table {
            thead { tr { th { "Actor" } th { "Kind" } th { "Member of" } th { "Statements" } th { "Stance evidence" } th { "Defined by" } } }
            tbody {
                @for a in &p.rows {
                    @let (st, sn) = said(a.name.as_str());
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
    }))
}

/// Who `name` answers (see the page's definition), from the index and
/// from the corrected articles.
fn answers(snap: &Reader, name: &str) -> Result<Vec<Answered>> {
    let mut out = snap.index.answered(name, &snap.snap.exclude())?;
    // The corrected articles: the same pairs over the overlay's stances.
    let mut by_article: HashMap<&str, Vec<(&Stance, &crate::model::Evidence)>> = HashMap::new();
    for s in &snap.snap.data.stances {
        for e in &s.evidence {
            by_article.entry(e.article.as_str()).or_default().push((s, e));
        }
    }
    let mut extra: BTreeMap<&str, Answered> = BTreeMap::new();
    for list in by_article.values() {
        for (b, be) in list.iter().filter(|(b, _)| b.actor == name) {
            let mut answered: BTreeSet<&str> = BTreeSet::new();
            for (a, ae) in list {
                if a.topic == b.topic && a.stance != b.stance && a.actor != b.actor && ae.span.start < be.span.start {
                    answered.insert(&a.actor);
                }
            }
            for other in answered {
                let x = extra.entry(other).or_insert_with(|| Answered { other: other.to_string(), times: 0, stance_id: b.id.clone(), article: be.article.to_string(), at: be.span.start });
                x.times += 1;
            }
        }
    }
    for (other, x) in extra {
        match out.iter_mut().find(|o| o.other == other) {
            Some(o) => o.times += x.times,
            None => out.push(x),
        }
    }
    out.sort_by(|a, b| b.times.cmp(&a.times).then(a.other.cmp(&b.other)));
    Ok(out)
}

/// One actor's page.
pub fn actor(snap: &Reader, name: &str, page: usize) -> Result<Option<Markup>> {
    let Some(a) = snap.snap.data.actors.iter().find(|a| a.name == name) else { return Ok(None) };
    // The actor's stances with all their evidence: what positions and the
    // ledger read (per actor, so no other actor's rows are needed).
    let view = GraphData {
        actors: snap.snap.data.actors.clone(),
        topics: snap.snap.data.topics.clone(),
        stances: snap.stances_of(name)?,
        ..GraphData::default()
    };
    let filter = PositionFilter { actor: Some(name.to_string()), ..Default::default() };
    let positions: Vec<_> = query::positions(&view, &filter).into_iter().filter(|r| r.actor == name).collect();
    let ledger = query::ledger(&view, None, None, false);
    let entries: Vec<_> = ledger.entries.iter().filter(|e| e.actor == name).collect();
    let moves: Vec<_> = ledger.moves.iter().filter(|m| m.actor == name).collect();
    let contradictions = snap.snap.contradictions_of(&snap.index, name, &view.stances)?;
    // Positions over time: every stance evidence, oldest first.
    let mut timeline: Vec<(&Stance, &crate::model::Evidence)> =
        view.stances.iter().flat_map(|s| s.evidence.iter().map(move |e| (s, e))).collect();
    timeline.sort_by(|x, y| evidence_key(x.1).cmp(&evidence_key(y.1)));
    let newest: Vec<_> = timeline.iter().rev().take(PAGE_SIZE).collect();
    let cited = snap_articles(snap, newest.iter().map(|(_, e)| e.article.to_string()))?;
    let f = Filter { actor: Some(name.to_string()), ..Default::default() };
    let statements = snap.statements(&f, page)?;
    let answered = answers(snap, name)?;
    let echo = Echo { pairs: vec![("name", name.to_string())] };
    Ok(Some(layout(name, html! {
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
                        td { @if let Some(e) = r.evidence.first() { a href=(evidence_href("stance", &r.stance_id, e)) { (date(e)) } } }
                        td { @if let Some(e) = r.evidence.last() { a href=(evidence_href("stance", &r.stance_id, e)) { (date(e)) } } }
                    }
                } }
            }
        }
        h2 { "Positions over time" }
        @if timeline.is_empty() { p.muted { "No dated stance." } } @else {
            table.timeline {
                thead { tr { th { "Date" } th { "Stance" } th { "Topic" } th { "Sentence" } th { "Source" } } }
                tbody { @for (s, e) in &newest {
                    tr {
                        td.nowrap { a href=(evidence_href("stance", &s.id, e)) { (date(e)) } }
                        td { (stance_mark(s.stance)) }
                        td { (topic_link(snap, &s.topic)) }
                        td { bdi { (e.sentence_text) } }
                        td { (source(&cited, e)) }
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
        h2 { "Who they answer" }
        p.muted { "Actors whose stance on a topic comes earlier in the same article than an opposite stance of this actor on that topic: a demand answered by a rejection, or the reverse. Counted once per stance of this actor and earlier actor." }
        @if answered.is_empty() { p.muted { "Nobody in the same article before them." } } @else {
            table.answers {
                thead { tr { th { "Answers" } th { "Times" } th { "Latest" } } }
                tbody { @for x in &answered {
                    tr {
                        td { (actor_link(&x.other)) }
                        td { (x.times) }
                        td { a href={ "/evidence" (query(&[("of", "stance"), ("id", &x.stance_id), ("article", &x.article), ("at", &x.at.to_string())])) } { "evidence" } }
                    }
                } }
            }
        }
        h2 { "Statements" }
        (pager(&statements, &echo, "/actor"))
        (statement_table(&statements))
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
    })))
}

/// Stance evidence counts of the index (once per snapshot) and of the overlay.
fn stance_counts(snap: &Reader, topic: Option<&str>) -> Result<Vec<StanceCount>> {
    let ex = snap.snap.exclude();
    let mut out: Vec<StanceCount> = match topic {
        None => once(&snap.snap.stance_counts, || snap.index.stance_months(None, &ex))?.clone(),
        Some(t) => snap.index.stance_months(Some(t), &ex)?,
    };
    for s in snap.snap.data.stances.iter().filter(|s| topic.is_none_or(|t| t == s.topic)) {
        for e in &s.evidence {
            out.push(StanceCount { id: s.id.clone(), actor: s.actor.clone(), stance: s.stance, topic: s.topic.clone(), month: e.date.map(|d| month_key(Some(d))), count: 1 });
        }
    }
    Ok(out)
}

/// Every topic.
pub fn topics(snap: &Reader) -> Result<Markup> {
    let mut count: BTreeMap<(String, StanceKind), usize> = BTreeMap::new();
    for c in stance_counts(snap, None)? {
        *count.entry((c.topic, c.stance)).or_default() += c.count;
    }
    let n = |t: &str, k: StanceKind| count.get(&(t.to_string(), k)).copied().unwrap_or(0);
    Ok(layout("Topics", html! {
        h1 { "Topics" }
        table {
            thead { tr { th { "Topic" } th { "Demands" } th { "Rejects" } } }
            tbody { @for t in &snap.snap.data.topics {
                tr {
                    td { (topic_link(snap, &t.id)) }
                    td { (n(&t.id, StanceKind::Demands)) }
                    td { (n(&t.id, StanceKind::Rejects)) }
                }
            } }
        }
    }))
}

/// One topic: who demands, who rejects, and the balance per month.
pub fn topic(snap: &Reader, id: &str) -> Result<Option<Markup>> {
    let Some(t) = snap.snap.data.topics.iter().find(|t| t.id == id) else { return Ok(None) };
    let counts = stance_counts(snap, Some(id))?;
    // Per stance edge: holder, polarity and evidence count.
    let mut edges: BTreeMap<&str, (&str, StanceKind, usize)> = BTreeMap::new();
    let mut months: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for c in &counts {
        edges.entry(&c.id).or_insert((&c.actor, c.stance, 0)).2 += c.count;
        let m = months.entry(c.month.clone().unwrap_or_else(|| month_key(None))).or_default();
        match c.stance {
            StanceKind::Demands => m.0 += c.count,
            StanceKind::Rejects => m.1 += c.count,
        }
    }
    let side = |k: StanceKind| -> Vec<(&str, &str, usize)> {
        let mut v: Vec<_> = edges.iter().filter(|(_, e)| e.1 == k).map(|(id, e)| (*id, e.0, e.2)).collect();
        v.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(b.1)));
        v
    };
    let most = months.values().map(|(d, r)| d.max(r)).copied().max().unwrap_or(1).max(1);
    let echo = Echo { pairs: vec![("topic", id.to_string())] };
    Ok(Some(layout(&t.label, html! {
        h1 { bdi { (t.label) } }
        p.muted { code { (t.id) } " · " a href={ "/" (query(&[("topic", id), ("show", "stances")])) } { "search stances" } " · " a href={ "/" (query(&[("topic", id)])) } { "search statements" } }
        div.cols {
            @for k in [StanceKind::Demands, StanceKind::Rejects] {
                section {
                    h2 { "Who " (stance_mark(k)) }
                    @let v = side(k);
                    @if v.is_empty() { p.muted { "Nobody." } } @else {
                        table { tbody { @for (sid, actor, n) in v {
                            tr { td { (actor_link(actor)) } td { a href={ "/evidence" (query(&[("of", "stance"), ("id", sid), ("n", &n.saturating_sub(1).to_string())])) } { (n) " evidence" } } }
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
    })))
}

/// The articles these ids name.
fn snap_articles(snap: &Reader, ids: impl Iterator<Item = String>) -> Result<HashMap<String, crate::model::ArticleMeta>> {
    let mut out = HashMap::new();
    for id in ids.collect::<BTreeSet<_>>() {
        if let Some(a) = snap.article(&id)? {
            out.insert(id, a);
        }
    }
    Ok(out)
}
