//! The analyst queries: positions, who-said, contradictions, ledger. Each
//! loads the graph, calls `claimgraph::query`, and prints a text table or,
//! with `--json`, the rows as JSON.

use std::collections::{BTreeSet, HashMap};
use std::process::ExitCode;

use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};

use claimgraph::model::Evidence;
use claimgraph::query::limit::{self, Capped};
use claimgraph::query::{self, Contradiction, PositionFilter, Side, StatementFilter};
use claimgraph::store::{self, GraphData};
use claimgraph::{Error, Result};

use super::output::{no_match, print_json, usage};
use super::index::{for_query, overlay};
use super::rows::say_left_out;
use super::suggest::{check_actor, check_actor_names, check_topic, require_graph};
use super::{ContradictionsArgs, LedgerArgs, PositionsArgs, WhoSaidArgs};

/// Sentences longer than this are cut in tables (JSON keeps them whole).
const SENTENCE_WIDTH: usize = 220;

/// Queries read the graph with reviewers' corrections applied (the
/// corrections file beside it; see `claimgraph serve`).
fn load(path: &std::path::Path) -> Result<GraphData> {
    require_graph(path)?;
    Ok(query::corrections::load_corrected(path)?.0)
}

/// Whether the graph has corrections beside it.
fn reviewed(path: &std::path::Path) -> bool {
    store::corrections_path(path).exists()
}

/// Only what stance queries need (no statements): from the query index
/// when there is one (the stances on `topic` of the actors an `actor`
/// query can match), else from the graph (on a split graph a fraction of
/// its files).
fn load_stances(path: &std::path::Path, topic: Option<&str>, actor: Option<&str>, roll_up: bool) -> Result<GraphData> {
    require_graph(path)?;
    match for_query(path) {
        Some(index) => query::indexed::stance_view(&index, topic, actor, roll_up, overlay(path, &index)?.as_ref()),
        None => {
            let mut data = store::load_stances(path, topic)?;
            query::corrections::correct_loaded(path, &mut data)?;
            Ok(data)
        }
    }
}

/// The rows as JSON, or the no-match exit code when there are none (the
/// empty list is still printed, so a pipeline reads valid JSON).
fn json_rows<T: serde::Serialize>(rows: &[T], none: &str) -> Result<ExitCode> {
    print_json(rows)?;
    Ok(if rows.is_empty() { no_match(none) } else { ExitCode::SUCCESS })
}

/// A text table fitted to the terminal. `COLUMNS` sets the width when it
/// is set, as in most terminal tools (and so tests can pin it).
fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    if let Some(width) = std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<u16>().ok()) {
        t.set_width(width);
    }
    t
}

/// Words longer than this may still be cut, or one long URL would widen
/// its column past any screen.
const LONGEST_WORD: usize = 40;

/// Prints `t` with every column at least as wide as its longest word, so
/// wrapping happens between words: ids, file names, dates and rule ids are
/// never split (a split id cannot be copied into `explain`).
fn show(mut t: Table) {
    let mut widest: Vec<usize> = Vec::new();
    let rows = t.header().into_iter().chain(t.row_iter());
    for row in rows {
        for (i, cell) in row.cell_iter().enumerate() {
            let w = cell.content().split_whitespace().map(|w| w.chars().count()).max().unwrap_or(0);
            if widest.len() <= i {
                widest.resize(i + 1, 0);
            }
            widest[i] = widest[i].max(w.min(LONGEST_WORD));
        }
    }
    // Padding: comfy-table counts one space either side in a column's width.
    let bounds = widest.iter().map(|&w| ColumnConstraint::LowerBoundary(Width::Fixed(u16::try_from(w + 2).unwrap_or(u16::MAX))));
    t.set_constraints(bounds);
    println!("{t}");
}

/// Article ids shown as the file they were read from.
struct Articles(HashMap<String, String>);

impl Articles {
    fn new(graph: &GraphData) -> Self {
        Articles(
            graph
                .articles
                .iter()
                .map(|a| {
                    let file = a.path.rsplit('/').next().unwrap_or(&a.path).to_string();
                    (a.id.clone(), file)
                })
                .collect(),
        )
    }
    fn name<'a>(&'a self, id: &'a str) -> &'a str {
        self.0.get(id).map_or(id, String::as_str)
    }
}

fn cut(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}

fn date(e: &Evidence) -> String {
    e.date
        .map_or_else(|| "undated".to_string(), |d| d.to_string())
}

fn who(actor: &str, via: Option<&str>) -> String {
    match via {
        Some(p) => format!("{actor} (via {p})"),
        None => actor.to_string(),
    }
}

fn cite(arts: &Articles, e: &Evidence) -> String {
    format!(
        "{} · {} · {}\n“{}”",
        date(e),
        arts.name(&e.article),
        e.rule,
        cut(&e.sentence_text, SENTENCE_WIDTH)
    )
}

fn side_cell(arts: &Articles, s: &Side) -> String {
    format!(
        "{} {}\n{}",
        who(&s.actor, s.via.as_deref()),
        s.stance.as_str(),
        cite(arts, &s.evidence)
    )
}

pub fn positions(a: PositionsArgs) -> Result<ExitCode> {
    // The summary holds every stance with its newest evidences: enough
    // unless more are asked for, and far quicker to read on a big graph.
    require_graph(&a.graph.graph)?;
    // Corrections may drop any evidence, so they need every one.
    let summary = if a.actor.is_none() && !a.all && a.limit <= store::split::SUMMARY_EVIDENCE && !reviewed(&a.graph.graph) {
        store::load_position_summary(&a.graph.graph, a.topic.as_deref())?
    } else {
        None
    };
    let filter = PositionFilter {
        actor: a.actor,
        topic: a.topic,
        roll_up: a.roll_up,
        evidence_limit: (!a.all).then_some(a.limit),
    };
    let cap = (!a.all && a.rows > 0).then_some(a.rows);
    // Else from the index, only the evidence shown (corrections may drop
    // any evidence, so they need every one).
    let index = if summary.is_none() && !a.all && !reviewed(&a.graph.graph) { for_query(&a.graph.graph) } else { None };
    let newest = match &index {
        Some(index) => query::indexed::positions_view(index, &filter, cap)?,
        None => None,
    };
    let (mut graph, counts) = match (summary, newest) {
        (Some(s), _) => (s.data, Some(s.evidence_counts)),
        (None, Some((view, counts))) => (view, Some(counts)),
        (None, None) => (load_stances(&a.graph.graph, filter.topic.as_deref(), filter.actor.as_deref(), a.roll_up)?, None),
    };
    if let Err(message) = check_topic(&graph, filter.topic.as_deref()).and_then(|()| check_actor(&graph, filter.actor.as_deref())) {
        return Ok(usage(&message));
    }
    let shown = limit::first(query::positions_counted(&graph, &filter, counts.as_ref()), cap);
    say_left_out(&shown, "stances", "the first", "--rows");
    let rows = shown.rows;
    if a.json {
        return json_rows(&rows, "no stances match");
    }
    if rows.is_empty() {
        return Ok(no_match("no stances match"));
    }
    // The index's view has no articles: read those the table cites (its
    // only evidence is the rows').
    if let Some(index) = &index {
        graph = query::indexed::with_cited_articles(index, graph)?;
    }
    let arts = Articles::new(&graph);
    let mut t = table(&[
        "actor", "stance", "topic", "evidences", "date", "article", "rule", "evidence",
    ]);
    let mut hidden = 0;
    for r in &rows {
        hidden += r.evidence_count - r.evidence.len();
        // Newest first: the latest word on a topic is what is asked for.
        for (i, e) in r.evidence.iter().rev().enumerate() {
            t.add_row(vec![
                who(&r.actor, r.via.as_deref()),
                r.stance.as_str().to_string(),
                r.topic.clone(),
                if i == 0 { r.evidence_count.to_string() } else { String::new() },
                date(e),
                arts.name(&e.article).to_string(),
                e.rule.to_string(),
                cut(&e.sentence_text, SENTENCE_WIDTH),
            ]);
        }
    }
    show(t);
    if hidden > 0 {
        println!("{} stances; {hidden} older evidences not shown (--limit N or --all to see them)", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn who_said(a: WhoSaidArgs) -> Result<ExitCode> {
    let filter = StatementFilter {
        actor: a.actor,
        about: a.about,
    };
    require_graph(&a.graph.graph)?;
    let cap = a.rows.cap();
    // With a filter or a cap the index reads only the statements it can
    // match (with a cap, only the newest); every statement of the whole
    // graph is read either way.
    let index = if filter.actor.is_some() || filter.about.is_some() || cap.is_some() { for_query(&a.graph.graph) } else { None };
    // `total`: the whole answer's rows, when the view holds only the newest.
    let (graph, known, total) = match index {
        Some(index) => {
            let overlay = overlay(&a.graph.graph, &index)?;
            let known = match &filter.actor {
                Some(_) => Some(query::indexed::actor_names(&index, overlay.as_ref())?),
                None => None,
            };
            let newest = match cap {
                Some(cap) => query::capped::who_said_newest(&index, &filter, cap, overlay.as_ref())?,
                None => None,
            };
            match newest {
                Some((view, total)) => (view, known, Some(total)),
                None => (query::indexed::who_said_view(&index, &filter, overlay.as_ref())?, known, None),
            }
        }
        None => (load(&a.graph.graph)?, None, None),
    };
    let checked = match &known {
        Some(names) => check_actor_names(&names.iter().map(String::as_str).collect(), filter.actor.as_deref()),
        None => check_actor(&graph, filter.actor.as_deref()),
    };
    if let Err(message) = checked {
        return Ok(usage(&message));
    }
    let mut shown = limit::newest(query::who_said(&graph, &filter), cap, |r| &r.evidence);
    if let Some(total) = total {
        shown.total = total;
    }
    say_left_out(&shown, "statement occurrences", "the newest", "--limit");
    let rows = shown.rows;
    if a.json {
        return json_rows(&claimgraph::export::json::who_said_rows(&graph, &rows), "no statements match");
    }
    if rows.is_empty() {
        return Ok(no_match("no statements match"));
    }
    let arts = Articles::new(&graph);
    let mut t = table(&["id", "speaker", "kind", "date", "article", "cue", "statement"]);
    for r in &rows {
        t.add_row(vec![
            r.statement_id.clone(),
            r.speaker.clone(),
            r.kind.as_str().to_string(),
            date(&r.evidence),
            arts.name(&r.article).to_string(),
            r.evidence.cue.to_string(),
            cut(&r.text, SENTENCE_WIDTH),
        ]);
    }
    show(t);
    Ok(ExitCode::SUCCESS)
}

fn contradiction_row(arts: &Articles, c: &Contradiction) -> Vec<String> {
    vec![
        c.kind.as_str().to_string(),
        c.topic.clone(),
        side_cell(arts, &c.first),
        side_cell(arts, &c.second),
    ]
}

pub fn contradictions(a: ContradictionsArgs) -> Result<ExitCode> {
    require_graph(&a.graph.graph)?;
    // From the index, only the evidence the query can cite.
    let scope = query::ContradictionScope { topic: a.topic.as_deref(), actor: a.actor.as_deref() };
    let index = for_query(&a.graph.graph);
    let overlay = match &index {
        Some(index) => overlay(&a.graph.graph, index)?,
        None => None,
    };
    // Capped and without corrections, the keys of that evidence and no
    // text: the rows printed are filled in once the query has picked
    // them (with `--all`, every row is printed: reading them whole is
    // quicker than filling 135k rows in).
    let keys_only = index.is_some() && overlay.is_none() && a.rows.cap().is_some();
    let mut graph = match &index {
        Some(index) if keys_only => query::contradiction_view::contradiction_keys(index, a.roll_up, scope)?,
        Some(index) => query::contradiction_view::contradiction_view(index, a.roll_up, overlay.as_ref(), scope)?,
        None => load_stances(&a.graph.graph, a.topic.as_deref(), None, a.roll_up)?,
    };
    if let Err(message) = check_topic(&graph, a.topic.as_deref()).and_then(|()| check_actor(&graph, a.actor.as_deref())) {
        return Ok(usage(&message));
    }
    let topic = a.topic.as_deref().map(|q| query::resolve_topic(&graph, q).unwrap_or(q).to_string());
    // Only the rows kept are copied out of the graph (a row is as new as
    // the later of the two evidences it cites).
    let shown = query::contradictions_in(&graph, a.roll_up, scope, topic.as_deref(), a.rows.cap());
    say_left_out(&shown, "contradictions", "the newest", "--limit");
    let mut rows = shown.rows;
    if let Some(index) = index.as_ref().filter(|_| keys_only) {
        query::contradiction_view::fill(index, &mut rows)?;
    }
    if a.json {
        return json_rows(&rows, "no contradictions found");
    }
    if rows.is_empty() {
        return Ok(no_match("no contradictions found"));
    }
    // The index's view has no articles: only those the rows cite are read.
    if let Some(index) = &index {
        let cited: BTreeSet<&str> = rows.iter().flat_map(|c| [c.first.evidence.article.as_str(), c.second.evidence.article.as_str()]).collect();
        graph.articles = index.articles_by_ids(&cited)?;
    }
    let arts = Articles::new(&graph);
    let mut t = table(&[
        "kind",
        "topic",
        "first (demands / earlier / claim)",
        "second (rejects / later / denial)",
    ]);
    for c in &rows {
        t.add_row(contradiction_row(&arts, c));
    }
    show(t);
    Ok(ExitCode::SUCCESS)
}

pub fn ledger(a: LedgerArgs) -> Result<ExitCode> {
    if let (Some(s), Some(u)) = (a.since, a.until)
        && s > u
    {
        return Err(Error::Usage(format!("--since {s} is after --until {u}")));
    }
    let cap = a.rows.cap();
    // With no window and no roll-up, the index's ledger tables give every
    // entry, the newest moves and their count, and only the kept rows are
    // read whole; reviewers' corrections are laid over the timeline
    // index's keys (see `query::capped::ledger`).
    let keys_only = a.since.is_none() && a.until.is_none() && !a.roll_up;
    // Otherwise, capped, the index ranks every evidence by its keys alone
    // and the text of only the kept rows is read (an actor's ledger is
    // small, and corrections may change any row: those read whole).
    let index = match cap {
        Some(_) if reviewed(&a.graph.graph) => a.actor.is_none() && keys_only,
        Some(_) => a.actor.is_none() || keys_only,
        None => false,
    };
    let index = if index { for_query(&a.graph.graph) } else { None };
    let corrected = match &index {
        Some(index) => overlay(&a.graph.graph, index)?,
        None => None,
    };
    let mut graph = match &index {
        Some(index) if keys_only => query::indexed::base(index, corrected.as_ref())?,
        Some(index) => query::indexed::ledger_view(index, a.topic.as_deref())?,
        None => load_stances(&a.graph.graph, a.topic.as_deref(), a.actor.as_deref(), a.roll_up)?,
    };
    let stored = match (&index, cap) {
        (Some(index), Some(cap)) if keys_only => Some(query::capped::ledger(index, &graph, a.topic.as_deref(), a.actor.as_deref(), cap, corrected.as_ref())?),
        _ => None,
    };
    // A stance holder answering to the actor has an entry (the graph's
    // view holds no stances to check against).
    let holder = stored.as_ref().is_some_and(|(l, _)| !l.entries.is_empty());
    if let Err(message) = check_topic(&graph, a.topic.as_deref()).and_then(|()| if holder { Ok(()) } else { check_actor(&graph, a.actor.as_deref()) }) {
        return Ok(usage(&message));
    }
    let (mut ledger, moves_total) = match stored {
        Some((ledger, total)) => (ledger, Some(total)),
        None => (query::ledger(&graph, a.since, a.until, a.roll_up), None),
    };
    // The view holds the stances an actor query could need; of what they
    // add up to, only the actor's own (counted) entries are its ledger.
    let topic = a.topic.as_deref().map(|q| query::resolve_topic(&graph, q).unwrap_or(q).to_string());
    ledger.retain_scope(topic.as_deref(), a.actor.as_deref());
    let entries: Capped<_> = limit::newest(std::mem::take(&mut ledger.entries), cap, |e| &e.evidence);
    say_left_out(&entries, "ledger entries", "the newest", "--limit");
    ledger.entries = entries.rows;
    // A move is as new as the evidence it moved to.
    let moves: Capped<_> = match moves_total {
        Some(total) => Capped { rows: std::mem::take(&mut ledger.moves), total },
        None => limit::newest(std::mem::take(&mut ledger.moves), cap, |m| &m.to.evidence),
    };
    say_left_out(&moves, "stance changes", "the newest", "--limit");
    ledger.moves = moves.rows;
    if let Some(index) = &index {
        query::indexed::fill_ledger(index, &mut ledger, &mut graph)?;
    }
    if a.json {
        print_json(&ledger)?;
        return Ok(if ledger.entries.is_empty() { no_match("no stances") } else { ExitCode::SUCCESS });
    }
    let arts = Articles::new(&graph);
    let as_of = a.until.map_or_else(String::new, |u| format!(" as of {u}"));
    if ledger.entries.is_empty() {
        println!("no stances{as_of}");
    } else {
        println!("Latest stance per actor and topic{as_of}:");
        let mut t = table(&[
            "actor", "topic", "stance", "date", "article", "rule", "evidence",
        ]);
        for e in &ledger.entries {
            t.add_row(vec![
                who(&e.actor, e.via.as_deref()),
                e.topic.clone(),
                e.stance.as_str().to_string(),
                date(&e.evidence),
                arts.name(&e.evidence.article).to_string(),
                e.evidence.rule.to_string(),
                cut(&e.evidence.sentence_text, SENTENCE_WIDTH),
            ]);
        }
        show(t);
    }
    let window = match (a.since, a.until) {
        (Some(s), Some(u)) => format!(" between {s} and {u}"),
        (Some(s), None) => format!(" since {s}"),
        (None, Some(u)) => format!(" until {u}"),
        (None, None) => String::new(),
    };
    if ledger.moves.is_empty() {
        println!("\nNo actor changed stance{window}.");
    } else {
        println!("\nActors who changed stance{window}:");
        let mut t = table(&["actor", "topic", "from", "to"]);
        for m in &ledger.moves {
            t.add_row(vec![
                m.actor.clone(),
                m.topic.clone(),
                side_cell(&arts, &m.from),
                side_cell(&arts, &m.to),
            ]);
        }
        show(t);
    }
    Ok(if ledger.entries.is_empty() { ExitCode::from(super::output::EXIT_NO_MATCH) } else { ExitCode::SUCCESS })
}
