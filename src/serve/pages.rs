//! The page frame, links, the filter form and the search page. maud escapes
//! all text; names and quotes sit in `<bdi>` so a right-to-left mark in one
//! cannot reorder the text around it.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, html};

use crate::error::Result;
use crate::model::{ArticleMeta, Evidence, QuoteKind, StanceKind};

use super::data::{Filter, Page, Reader, StanceRow, StatementHit};

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A query string from pairs, leaving out empty values.
pub fn query(pairs: &[(&str, &str)]) -> String {
    let parts: Vec<String> = pairs.iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| format!("{k}={}", enc(v))).collect();
    if parts.is_empty() { String::new() } else { format!("?{}", parts.join("&")) }
}

pub fn layout(title: &str, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · claimgraph explorer" }
                link rel="stylesheet" href="/assets/explorer.css";
            }
            body {
                header {
                    a.brand href="/" { "claimgraph explorer" }
                    a href="/" { "Statements" }
                    a href={ "/" (query(&[("show", "stances")])) } { "Stances" }
                    a href="/actors" { "Actors" }
                    a href="/topics" { "Topics" }
                    a href="/corrections" { "Corrections" }
                }
                main { (body) }
            }
        }
    }
}

pub fn actor_link(name: &str) -> Markup {
    html! { a.actor href={ "/actor" (query(&[("name", name)])) } { bdi { (name) } } }
}

pub fn topic_link(r: &Reader, id: &str) -> Markup {
    let label = r.topic_label(id);
    html! { a.topic href={ "/topic" (query(&[("id", id)])) } { bdi { (label) } } }
}

/// The evidence page of `e`, named by where it is (its position in the
/// record's list would cost a count per row to find).
pub fn evidence_href(kind: &str, id: &str, e: &Evidence) -> String {
    format!("/evidence{}", query(&[("of", kind), ("id", id), ("article", &e.article), ("at", &e.span.start.to_string())]))
}

pub fn stance_mark(s: StanceKind) -> Markup {
    html! { span class=(s.as_str()) { (s.as_str()) } }
}

pub fn date(e: &Evidence) -> String {
    e.date.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

/// The article's title and outlet.
pub fn source(articles: &HashMap<String, ArticleMeta>, e: &Evidence) -> Markup {
    match articles.get(e.article.as_str()) {
        Some(a) => html! { span.source { bdi { (a.title) } @if let Some(s) = &a.source { " — " bdi { (s) } } } },
        None => html! { span.source { code { (e.article) } } },
    }
}

/// The search form's fields as given, to keep them in links.
#[derive(Debug, Clone, Default)]
pub struct Echo {
    pub pairs: Vec<(&'static str, String)>,
}

impl Echo {
    pub fn get(&self, k: &str) -> &str {
        self.pairs.iter().find(|(n, _)| *n == k).map_or("", |(_, v)| v.as_str())
    }
    /// The query string with `page` replaced.
    pub fn with_page(&self, page: usize) -> String {
        let p = page.to_string();
        let mut pairs: Vec<(&str, &str)> = self.pairs.iter().filter(|(k, _)| *k != "page").map(|(k, v)| (*k, v.as_str())).collect();
        pairs.push(("page", &p));
        query(&pairs)
    }
}

fn select(name: &str, current: &str, options: &[(&str, &str)]) -> Markup {
    html! {
        select name=(name) {
            @for (value, label) in options {
                option value=(value) selected[*value == current] { (label) }
            }
        }
    }
}

pub fn filter_form(snap: &Reader, echo: &Echo) -> Markup {
    let show = if echo.get("show") == "stances" { "stances" } else { "statements" };
    html! {
        form.filter id="filter" method="get" action="/" {
            label.wide { "Text" input type="search" name="q" value=(echo.get("q")) placeholder="words in the statement or sentence"; }
            label { "Show" (select("show", show, &[("statements", "statements"), ("stances", "stances")])) }
            label { "Actor" input name="actor" list="actors" value=(echo.get("actor")); }
            label { "Topic"
                select name="topic" {
                    option value="" { "any" }
                    @for t in &snap.snap.data.topics {
                        option value=(t.id) selected[t.id == echo.get("topic")] { (t.label) }
                    }
                }
            }
            label { "Kind" (select("kind", echo.get("kind"), &[("", "any"), ("direct", "direct"), ("indirect", "indirect")])) }
            label { "Stance" (select("stance", echo.get("stance"), &[("", "any"), ("demands", "demands"), ("rejects", "rejects")])) }
            label { "Outlet" input name="outlet" list="outlets" value=(echo.get("outlet")); }
            label { "From" input type="date" name="since" value=(echo.get("since")); }
            label { "To" input type="date" name="until" value=(echo.get("until")); }
            label { "\u{a0}" button type="submit" { "Search" } }
            (actor_list(snap))
            datalist id="outlets" {
                @for o in &snap.snap.outlets { option value=(o) {} }
            }
        }
    }
}

/// Every actor's name, for inputs that choose one (or type a new one).
pub fn actor_list(snap: &Reader) -> Markup {
    html! { datalist id="actors" { @for a in &snap.snap.data.actors { option value=(a.name) {} } } }
}

pub fn pager<T>(page: &Page<T>, echo: &Echo, base: &str) -> Markup {
    html! {
        div.pager {
            span.muted { (page.total) " results · page " (page.page) " of " (page.pages()) }
            @if page.page > 1 { a rel="prev" href={ (base) (echo.with_page(page.page - 1)) } { "← previous" } }
            @if page.page < page.pages() { a rel="next" href={ (base) (echo.with_page(page.page + 1)) } { "next →" } }
        }
    }
}

pub fn statement_table(p: &Page<StatementHit>) -> Markup {
    html! {
        table.statements {
            thead { tr { th { "Date" } th { "Speaker" } th { "Kind" } th { "Statement" } th { "Source" } th { "" } } }
            tbody {
                @for h in &p.rows {
                    tr {
                        td.nowrap { (date(&h.evidence)) }
                        td { (actor_link(&h.speaker)) }
                        td { (h.kind.as_str()) }
                        td.quote { bdi { (h.text) } }
                        td { (source(&p.articles, &h.evidence)) }
                        td { a.evidence href=(evidence_href("statement", &h.id, &h.evidence)) { "evidence" } }
                    }
                }
            }
        }
    }
}

pub fn stance_table(snap: &Reader, p: &Page<StanceRow>) -> Markup {
    html! {
        table.stances {
            thead { tr { th { "Date" } th { "Actor" } th { "Stance" } th { "Topic" } th { "Sentence" } th { "Source" } th { "" } } }
            tbody {
                @for r in &p.rows {
                    tr {
                        td.nowrap { (date(&r.evidence)) }
                        td { (actor_link(&r.actor)) }
                        td { (stance_mark(r.stance)) }
                        td { (topic_link(snap, &r.topic)) }
                        td { bdi { (r.evidence.sentence_text) } }
                        td { (source(&p.articles, &r.evidence)) }
                        td { a.evidence href=(evidence_href("stance", &r.stance_id, &r.evidence)) { "evidence" } }
                    }
                }
            }
        }
    }
}

/// The diagram of the current filter, drawn by `/diagram.svg`.
pub fn diagram(view: &str, f: &Echo) -> Markup {
    let q = query(&[("view", view), ("actor", f.get("actor")), ("topic", f.get("topic")), ("since", f.get("since")), ("until", f.get("until"))]);
    let title = if view == "stances" { "Stances" } else { "Who said what" };
    html! {
        figure {
            figcaption { (title) " " a href={ "/diagram.svg" (q) } { "(open SVG)" } }
            img src={ "/diagram.svg" (q) } alt={ (title) " diagram for this filter" } loading="lazy";
        }
    }
}

/// The search page.
pub fn search(snap: &Reader, f: &Filter, echo: &Echo, page: usize) -> Result<Markup> {
    let stances = echo.get("show") == "stances" || (f.stance.is_some() && f.kind.is_none());
    let table = if stances {
        let p = snap.stances(f, page)?;
        html! { (pager(&p, echo, "/")) (stance_table(snap, &p)) (pager(&p, echo, "/")) }
    } else {
        let p = snap.statements(f, page)?;
        html! { (pager(&p, echo, "/")) (statement_table(&p)) (pager(&p, echo, "/")) }
    };
    let body = html! {
        h1 { @if stances { "Stances" } @else { "Statements" } }
        (filter_form(snap, echo))
        (table)
        @if f.actor.is_some() || f.topic.is_some() {
            (diagram(if stances { "stances" } else { "who-said-what" }, echo))
        } @else {
            p.muted { "Choose an actor or a topic to draw the diagram of the selection." }
        }
    };
    Ok(layout(if stances { "Stances" } else { "Statements" }, body))
}

/// Parses the kind and stance filter values.
pub fn parse_kind(s: &str) -> Option<QuoteKind> {
    match s {
        "direct" => Some(QuoteKind::Direct),
        "indirect" => Some(QuoteKind::Indirect),
        _ => None,
    }
}

pub fn parse_stance(s: &str) -> Option<StanceKind> {
    match s {
        "demands" => Some(StanceKind::Demands),
        "rejects" => Some(StanceKind::Rejects),
        _ => None,
    }
}
