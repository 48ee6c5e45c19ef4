//! `claimgraph stats`: articles, statements and stances per outlet and per
//! month, as tables or JSON.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use comfy_table::{CellAlignment, ContentArrangement, Table, presets};

use claimgraph::query::stats::{CountRow, stats};
use claimgraph::{Error, Result, store};

use super::GraphArg;

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum By {
    Outlet,
    Month,
    /// Both tables.
    All,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Which table: per outlet, per month, or both.
    #[arg(long, value_enum, default_value = "all")]
    pub by: By,
    /// Count only articles published on or after this day (YYYY-MM-DD).
    #[arg(long)]
    pub since: Option<NaiveDate>,
    /// Count only articles published on or before this day.
    #[arg(long)]
    pub until: Option<NaiveDate>,
    /// Print the counts as JSON (`total`, `by_outlet`, `by_month`).
    #[arg(long)]
    pub json: bool,
}

const HEADER: [&str; 10] =
    ["articles", "statements", "direct", "indirect", "speakers", "female", "male", "stances", "demands", "rejects"];

fn table(first: &str, rows: &[CountRow], total: &CountRow) -> Table {
    let mut t = Table::new();
    let mut header = vec![first];
    header.extend(HEADER);
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    for r in rows.iter().chain(std::iter::once(total)) {
        t.add_row(vec![
            r.key.clone(),
            r.articles.to_string(),
            r.statements.to_string(),
            r.direct.to_string(),
            r.indirect.to_string(),
            r.speakers.to_string(),
            r.statements_female.to_string(),
            r.statements_male.to_string(),
            r.stances.to_string(),
            r.demands.to_string(),
            r.rejects.to_string(),
        ]);
    }
    for i in 1..=10 {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

pub fn run(a: StatsArgs) -> Result<ExitCode> {
    let graph = store::load_existing(&a.graph.graph)?;
    let s = stats(&graph, a.since, a.until);
    if a.json {
        let json = serde_json::to_string_pretty(&s).map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        println!("{json}");
        return Ok(ExitCode::SUCCESS);
    }
    if matches!(a.by, By::Outlet | By::All) {
        println!("{}", table("outlet", &s.by_outlet, &s.total));
    }
    if a.by == By::All {
        println!();
    }
    if matches!(a.by, By::Month | By::All) {
        println!("{}", table("month", &s.by_month, &s.total));
    }
    println!("female / male: statements by speakers the actor rules mark so; the rest are unknown.");
    Ok(ExitCode::SUCCESS)
}
