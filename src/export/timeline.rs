//! The report's counts: statements and stances per month as a table and a
//! small bar chart drawn as inline SVG (no script, nothing fetched), and
//! the same counts per outlet.

use maud::{Markup, html};

use crate::query::stats::{CountRow, Stats, UNDATED};

pub const STATEMENTS_COLOR: &str = "#0969da";
pub const STANCES_COLOR: &str = "#bf8700";

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 40.0;
const BOTTOM: f64 = 40.0;
const TOP: f64 = 20.0;

/// Bars per dated month: statements and stances side by side, with the
/// month under them and the largest count on the axis.
pub fn chart(rows: &[CountRow]) -> Markup {
    let months: Vec<&CountRow> = rows.iter().filter(|r| r.key != UNDATED).collect();
    let max = months.iter().map(|r| r.statements.max(r.stances)).max().unwrap_or(0).max(1) as f64;
    let slot = (WIDTH - LEFT - 10.0) / months.len().max(1) as f64;
    let bar = (slot * 0.35).min(40.0);
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: usize| TOP + plot_h * (1.0 - v as f64 / max);
    // Month labels thin out so they never overlap.
    let every = (months.len() as f64 * 60.0 / (WIDTH - LEFT)).ceil().max(1.0) as usize;
    html! {
        svg.timeline xmlns="http://www.w3.org/2000/svg" width=(WIDTH) height=(HEIGHT)
            viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label="Statements and stances per month" {
            title { "Statements and stances per month" }
            line x1=(LEFT) y1=(TOP + plot_h) x2=(WIDTH - 5.0) y2=(TOP + plot_h) stroke="#57606a" {}
            line x1=(LEFT) y1=(TOP) x2=(LEFT) y2=(TOP + plot_h) stroke="#57606a" {}
            text x=(LEFT - 4.0) y=(TOP + 4.0) text-anchor="end" font-size="10" { (max as usize) }
            text x=(LEFT - 4.0) y=(TOP + plot_h) text-anchor="end" font-size="10" { "0" }
            @for (i, r) in months.iter().enumerate() {
                @let x = LEFT + slot * i as f64 + slot / 2.0;
                rect x=(format!("{:.1}", x - bar)) y=(format!("{:.1}", y(r.statements))) width=(format!("{bar:.1}"))
                    height=(format!("{:.1}", TOP + plot_h - y(r.statements))) fill=(STATEMENTS_COLOR) {
                    title { (r.key) ": " (r.statements) " statements" }
                }
                rect x=(format!("{x:.1}")) y=(format!("{:.1}", y(r.stances))) width=(format!("{bar:.1}"))
                    height=(format!("{:.1}", TOP + plot_h - y(r.stances))) fill=(STANCES_COLOR) {
                    title { (r.key) ": " (r.stances) " stances" }
                }
                @if i % every == 0 {
                    text x=(format!("{x:.1}")) y=(HEIGHT - BOTTOM + 14.0) text-anchor="middle" font-size="10" { (r.key) }
                }
            }
            rect x=(LEFT + 10.0) y=(HEIGHT - 16.0) width="10" height="10" fill=(STATEMENTS_COLOR) {}
            text x=(LEFT + 24.0) y=(HEIGHT - 7.0) font-size="11" { "statements" }
            rect x=(LEFT + 110.0) y=(HEIGHT - 16.0) width="10" height="10" fill=(STANCES_COLOR) {}
            text x=(LEFT + 124.0) y=(HEIGHT - 7.0) font-size="11" { "stances" }
        }
    }
}

fn counts_table(class: &str, first: &str, rows: &[CountRow], total: &CountRow) -> Markup {
    html! {
        table class=(class) {
            thead { tr {
                th { (first) } th { "Articles" } th { "Statements" } th { "Direct" } th { "Indirect" }
                th { "Speakers" } th { "By women" } th { "By men" } th { "Stances" } th { "Demands" } th { "Rejects" }
            } }
            tbody {
                @for r in rows.iter().chain(std::iter::once(total)) {
                    tr {
                        td.nowrap { (r.key) } td { (r.articles) } td { (r.statements) } td { (r.direct) } td { (r.indirect) }
                        td { (r.speakers) } td { (r.statements_female) } td { (r.statements_male) }
                        td { (r.stances) } td { (r.demands) } td { (r.rejects) }
                    }
                }
            }
        }
    }
}

/// The "Over time" section's body: chart, then the month and outlet tables.
pub fn section(s: &Stats) -> Markup {
    html! {
        @if s.by_month.iter().any(|r| r.key != UNDATED) {
            figure #timeline-chart {
                figcaption { "Statements and stances per month" }
                (chart(&s.by_month))
            }
        }
        (counts_table("per-month", "Month", &s.by_month, &s.total))
        (counts_table("per-outlet", "Outlet", &s.by_outlet, &s.total))
        p.meta { "By women / by men: statements whose speaker the actor rules mark female or male; the rest are unknown." }
    }
}
