//! The HTML report: one self-contained file (inline CSS, inline SVG, no
//! scripts, nothing fetched) with the diagrams, each actor's statements and
//! stances with their evidence, and the contradictions. maud escapes every
//! piece of text; only the SVG from the renderer goes in unescaped.

use std::collections::{HashMap, HashSet};

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::error::Result;
use crate::model::{Actor, ActorKind, ArticleMeta, Evidence, StanceKind};
use crate::query::{self, Contradiction, PositionRow, StatementRow};
use crate::store::GraphData;

use super::dot::{View, ViewFilter};
use super::scope::{ACTORS_FLAG, Cap, activity, to_dot_capped, top};
use super::render::{ImageFormat, Renderer, RendererChoice, render};
use super::report_rows::{actor_rows, newest_contradictions};
use super::timeline;
use crate::query::stats::stats;

const CSS: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 2rem 4rem; color: #1f2328; line-height: 1.4; }
h1 { margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #d0d7de; padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { margin: 1.8rem 0 .3rem; }
nav a { margin-right: 1rem; }
.summary { color: #57606a; }
.meta { color: #57606a; font-size: .9rem; margin: 0 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
.stance { font-weight: 600; white-space: nowrap; }
.demands { color: #1a7f37; }
.rejects { color: #cf222e; }
.quote { font-style: italic; }
.source { color: #57606a; font-size: .85rem; }
.nowrap { white-space: nowrap; }
figure { margin: 1rem 0 2rem; border: 1px solid #d0d7de; border-radius: 6px; padding: .5rem; overflow: auto; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-weight: 600; margin-bottom: .5rem; }
.empty { color: #57606a; font-style: italic; }
"#;

struct Ctx<'a> {
    articles: HashMap<&'a str, &'a ArticleMeta>,
}

impl Ctx<'_> {
    fn source(&self, e: &Evidence) -> Markup {
        match self.articles.get(e.article.as_str()) {
            Some(a) => html! {
                span.source {
                    (a.title)
                    @if let Some(s) = &a.source { " — " (s) }
                    br;
                    code { (a.path) }
                }
            },
            None => html! { span.source { code { (e.article) } } },
        }
    }
}

fn date(e: &Evidence) -> String {
    e.date.map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn stance_badge(s: StanceKind) -> Markup {
    html! { span.stance.(s.as_str()) { (s.as_str()) } }
}

/// `Name (via Person)` for rolled-up sides.
fn who(actor: &str, via: Option<&str>) -> String {
    match via {
        Some(v) => format!("{actor} (via {v})"),
        None => actor.to_string(),
    }
}

/// An HTML id from an actor name: letters and digits kept, everything else
/// a dash, plus an index so two names that fold alike stay apart.
fn anchor(i: usize, name: &str) -> String {
    let slug: String = name.chars().map(|c| if c.is_alphanumeric() { c } else { '-' }).collect();
    format!("actor-{i}-{slug}")
}

fn statements_table(ctx: &Ctx<'_>, rows: &[StatementRow]) -> Markup {
    html! {
        table.statements {
            caption { "Statements" }
            thead { tr { th { "Date" } th { "Kind" } th { "Statement" } th { "Evidence" } th { "Source" } th { "Rule" } } }
            tbody {
                @for r in rows {
                    tr {
                        td.nowrap { (date(&r.evidence)) }
                        td { (r.kind.as_str()) }
                        td.quote { (r.text) }
                        td { (r.evidence.sentence_text) }
                        td { (ctx.source(&r.evidence)) }
                        td { code { (r.evidence.rule) } }
                    }
                }
            }
        }
    }
}

fn stances_table(ctx: &Ctx<'_>, rows: &[PositionRow]) -> Markup {
    html! {
        table.stances {
            caption { "Stances" }
            thead { tr { th { "Date" } th { "Stance" } th { "Topic" } th { "Evidence" } th { "Source" } th { "Rule" } } }
            tbody {
                @for r in rows {
                    @for e in &r.evidence {
                        tr {
                            td.nowrap { (date(e)) }
                            td { (stance_badge(r.stance)) }
                            td { (r.topic_label) }
                            td { (e.sentence_text) }
                            td { (ctx.source(e)) }
                            td { code { (e.rule) } }
                        }
                    }
                }
            }
        }
    }
}

fn contradictions_table(ctx: &Ctx<'_>, found: &[&Contradiction]) -> Markup {
    let side = |s: &query::Side| {
        html! {
            strong { (who(&s.actor, s.via.as_deref())) } " " (stance_badge(s.stance)) " · " span.nowrap { (date(&s.evidence)) }
            br;
            span.quote { (s.evidence.sentence_text) }
            br;
            (ctx.source(&s.evidence))
        }
    };
    html! {
        @if found.is_empty() {
            p.empty { "No contradictions found." }
        } @else {
            table.contradictions {
                thead { tr { th { "Topic" } th { "Kind" } th { "One side" } th { "Other side" } } }
                tbody {
                    @for c in found {
                        tr {
                            td { (c.topic_label) }
                            td.nowrap { (c.kind.as_str()) }
                            td { (side(&c.first)) }
                            td { (side(&c.second)) }
                        }
                    }
                }
            }
        }
    }
}

/// What a network diagram's edges mean.
fn network_note(view: View) -> Option<&'static str> {
    match view {
        View::Conflict => Some("Actors joined when one demands what the other rejects; the label counts the topics they clash on."),
        View::Congruence => Some("Actors joined when they take the same stance on a topic; the label counts the topics they agree on."),
        _ => None,
    }
}

/// The SVG element of a rendered picture, without the XML prolog and
/// doctype that may not appear inside HTML.
fn svg_element(svg: &str) -> &str {
    svg.find("<svg").map_or(svg, |i| &svg[i..])
}

/// How much the report shows of a large graph; `None` is no limit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportOptions {
    /// The diagrams' caps; `actors` also caps the actors section.
    pub cap: Cap,
    /// Rows of each actor's statements and stances tables.
    pub rows: Option<usize>,
    /// Rows of the contradictions and articles tables.
    pub list_rows: Option<usize>,
}

impl ReportOptions {
    /// Everything, however large.
    pub const ALL: ReportOptions = ReportOptions { cap: Cap::ALL, rows: None, list_rows: None };
    /// A page a browser opens at any graph size; the command-line defaults.
    pub const READABLE: ReportOptions = ReportOptions { cap: Cap::READABLE, rows: Some(25), list_rows: Some(200) };
}

/// A line saying how many rows a table left out, and what shows them.
fn left_out(left: usize, shown: usize, what: &str, how: &str) -> Markup {
    html! {
        @if left > 0 {
            p.meta { "Showing the " (shown) " newest of " (shown + left) " " (what) "; " (how) }
        }
    }
}

/// The report, and the renderer that drew its diagrams.
pub fn report_html(data: &GraphData, choice: RendererChoice) -> Result<(String, Renderer)> {
    report_html_with(data, choice, &ReportOptions::ALL)
}

/// [`report_html`] under caps: each part that was cut says so and names
/// the flag or command that shows the rest.
pub fn report_html_with(data: &GraphData, choice: RendererChoice, opts: &ReportOptions) -> Result<(String, Renderer)> {
    let ctx = Ctx {
        articles: data.articles.iter().map(|a| (a.id.as_str(), a)).collect(),
    };
    let mut renderer = Renderer::Graphviz;
    let mut diagrams = Vec::new();
    // Stances first: the densest summary; then the discourse networks;
    // who-said-what is the largest.
    for view in [View::Stances, View::Contradictions, View::Conflict, View::Congruence, View::WhoSaidWhat] {
        let (dot, omitted) = to_dot_capped(data, view, &ViewFilter::default(), &opts.cap);
        let rendered = render(&dot, ImageFormat::Svg, choice)?;
        renderer = rendered.renderer;
        diagrams.push((view, String::from_utf8_lossy(&rendered.bytes).into_owned(), omitted.note()));
    }
    let found = query::contradictions(data, false);
    let (shown_found, found_left) = newest_contradictions(&found, opts.list_rows);

    // Actors with something recorded, in name order (the most active, when
    // capped); the rest are listed.
    let act = activity(data, &ViewFilter::default());
    let (shown, actors_cut) = top(&act.actors, opts.cap.actors, |_| false);
    let by_actor = actor_rows(data, &shown, opts.rows);
    let recorded: HashSet<&str> = act.actors.iter().map(|(n, _)| *n).collect();
    let mut silent: Vec<&str> =
        data.actors.iter().map(|a| a.name.as_str()).filter(|n| !recorded.contains(n)).collect();
    silent.sort_unstable();
    let mut actor_by_name: HashMap<&str, &Actor> = HashMap::new();
    for a in &data.actors {
        actor_by_name.entry(a.name.as_str()).or_insert(a);
    }
    let actor_info = |name: &str| -> String {
        match actor_by_name.get(name) {
            Some(a) => {
                let kind = match a.kind {
                    ActorKind::Person => "person",
                    ActorKind::Country => "country",
                    ActorKind::Organization => "organization",
                };
                let kind = match a.gender {
                    Some(g) => format!("{kind}, {}", g.as_str()),
                    None => kind.to_string(),
                };
                match &a.member_of {
                    Some(m) => format!("{kind}, member of {m}"),
                    None => kind,
                }
            }
            None => "not in the actor rules".to_string(),
        }
    };

    let mut articles: Vec<&ArticleMeta> = data.articles.iter().collect();
    articles.sort_by(|a, b| (a.date, &a.title).cmp(&(b.date, &b.title)));
    let articles_left = articles.len().saturating_sub(opts.list_rows.unwrap_or(usize::MAX));
    let articles = &articles[articles_left..];

    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "claimgraph report" }
                style { (PreEscaped(CSS)) }
            }
            body {
                header {
                    h1 { "claimgraph report" }
                    p.summary {
                        (data.articles.len()) " articles · " (act.actors.len()) " actors with statements or stances · "
                        (data.statements.len()) " statements · " (data.stances.len()) " stances · "
                        (found.len()) " contradictions"
                    }
                    p.meta { "Diagrams drawn by " (renderer.describe()) ". Hover over a node or edge for its evidence." }
                    nav {
                        a href="#contradictions" { "Contradictions" }
                        a href="#diagrams" { "Diagrams" }
                        a href="#over-time" { "Over time" }
                        a href="#actors" { "Actors" }
                        a href="#articles" { "Articles" }
                    }
                }
                section #contradictions {
                    h2 { "Contradictions" }
                    (contradictions_table(&ctx, &shown_found))
                    (left_out(found_left, shown_found.len(), "contradictions", "`claimgraph contradictions` lists them all, and --list-rows 0 shows them here."))
                }
                section #diagrams {
                    h2 { "Diagrams" }
                    @for (view, svg, omitted) in &diagrams {
                        figure id=(format!("view-{}", view.name())) {
                            figcaption { (view.title()) }
                            @if let Some(note) = network_note(*view) { p.meta { (note) } }
                            @if let Some(note) = omitted { p.meta { (note) } }
                            (PreEscaped(svg_element(svg)))
                        }
                    }
                }
                section #over-time {
                    h2 { "Over time and by outlet" }
                    (timeline::section(&stats(data, None, None)))
                }
                section #actors {
                    h2 { "Actors" }
                    @if let Some((n, all)) = actors_cut {
                        p.meta { "Showing the " (n) " most active of " (all) " actors with statements or stances; " (ACTORS_FLAG) " N shows more (0 shows all)." }
                    }
                    @for (i, (name, rows)) in by_actor.iter().enumerate() {
                        section.actor id=(anchor(i, name)) {
                            h3 { (name) }
                            p.meta { (actor_info(name)) }
                            @if !rows.statements.is_empty() {
                                (statements_table(&ctx, &rows.statements))
                                (left_out(rows.statements_left, rows.statements.len(), "statement occurrences", &format!("`claimgraph who-said --actor \"{name}\"` lists them all, and --rows 0 shows them here.")))
                            }
                            @if !rows.stances.is_empty() {
                                (stances_table(&ctx, &rows.stances))
                                (left_out(rows.stances_left, rows.stances.iter().map(|r| r.evidence.len()).sum(), "stance evidences", &format!("`claimgraph positions --actor \"{name}\"` lists them all, and --rows 0 shows them here.")))
                            }
                        }
                    }
                    @if by_actor.is_empty() { p.empty { "No statements or stances recorded." } }
                    @if !silent.is_empty() {
                        p.meta { "Known actors with nothing recorded: " (silent.join(", ")) }
                    }
                }
                section #articles {
                    h2 { "Articles" }
                    table.articles {
                        thead { tr { th { "Date" } th { "Title" } th { "Source" } th { "Path" } th { "Id" } } }
                        tbody {
                            @for a in articles {
                                tr {
                                    td.nowrap { (a.date.map_or_else(|| "undated".to_string(), |d| d.to_string())) }
                                    td { (a.title) }
                                    td { (a.source.as_deref().unwrap_or("")) }
                                    td { code { (a.path) } }
                                    td { code { (a.id) } }
                                }
                            }
                        }
                    }
                    (left_out(articles_left, articles.len(), "articles", "`claimgraph export --format json` lists them all, and --list-rows 0 shows them here."))
                }
            }
        }
    };
    Ok((page.into_string(), renderer))
}
