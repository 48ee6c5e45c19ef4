//! Helping a user who named something the graph does not hold: a missing
//! graph file, an unknown actor or topic ("did you mean ...?").

use std::collections::BTreeSet;
use std::path::Path;

use claimgraph::query::{actor_matches, resolve_topic};
use claimgraph::store::GraphData;
use claimgraph::{Error, Result};

use super::{DEFAULT_GRAPH, GRAPH_ENV};

/// An error naming a graph file that does not exist, with the ways to give
/// one (the default is relative to the current folder, which surprises).
pub fn require_graph(path: &Path) -> Result<()> {
    if path.exists() {
        return Ok(());
    }
    let how = if path == Path::new(DEFAULT_GRAPH) {
        format!(" (the default: {DEFAULT_GRAPH} in the current folder)")
    } else {
        String::new()
    };
    Err(Error::Usage(format!(
        "no graph at {}{how}; ingest articles into it first (`claimgraph ingest ARTICLES --graph {}`), \
         or name another with --graph FILE or {GRAPH_ENV}",
        path.display(),
        path.display()
    )))
}

/// Similarity above which a known value is offered as a correction.
const CLOSE: f64 = 0.8;

/// The known values closest to `query`, best first (at most three).
pub fn closest<'a>(query: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let q = query.trim().to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|k| {
            let lower = k.to_lowercase();
            // A surname alone is a fair query, so compare with each word too.
            let best_word = lower.split_whitespace().map(|w| strsim::jaro_winkler(&q, w)).fold(0.0, f64::max);
            (strsim::jaro_winkler(&q, &lower).max(best_word), k)
        })
        .filter(|(score, _)| *score >= CLOSE)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    // Only the near-ties of the best: a list of loose matches hides the one meant.
    let best = scored.first().map_or(1.0, |s| s.0);
    scored.into_iter().filter(|s| s.0 >= best - 0.03).take(3).map(|(_, k)| k.to_string()).collect()
}

fn hint(close: &[String], what: &str, listing: &str) -> String {
    if close.is_empty() {
        format!("; {listing} lists the {what} it has")
    } else {
        format!("; did you mean {}?", close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(" or "))
    }
}

/// Every actor name the graph holds: its actor list, stance holders and
/// speakers.
fn actor_names(graph: &GraphData) -> BTreeSet<&str> {
    let mut names: BTreeSet<&str> = graph.actors.iter().map(|a| a.name.as_str()).collect();
    names.extend(graph.stances.iter().map(|s| s.actor.as_str()));
    names.extend(graph.statements.iter().map(|s| s.speaker.as_str()));
    names
}

/// `Err(message)` when no actor of `graph` answers to `query`.
pub fn check_actor(graph: &GraphData, query: Option<&str>) -> std::result::Result<(), String> {
    check_actor_names(&actor_names(graph), query)
}

/// [`check_actor`] against a list of every actor name the graph holds.
pub fn check_actor_names(names: &BTreeSet<&str>, query: Option<&str>) -> std::result::Result<(), String> {
    let Some(q) = query else { return Ok(()) };
    if names.iter().any(|n| actor_matches(q, n)) {
        return Ok(());
    }
    let close = closest(q, names.iter().copied());
    Err(format!("no actor `{q}` in the graph{}", hint(&close, "actors", "`claimgraph who-said` or `positions` without --actor")))
}

/// `Err(message)` when `query` is neither a topic id nor a topic label.
pub fn check_topic(graph: &GraphData, query: Option<&str>) -> std::result::Result<(), String> {
    let Some(q) = query else { return Ok(()) };
    if resolve_topic(graph, q).is_some() {
        return Ok(());
    }
    let known = graph.topics.iter().flat_map(|t| [t.id.as_str(), t.label.as_str()]);
    let close = closest(q, known);
    let ids: Vec<&str> = graph.topics.iter().map(|t| t.id.as_str()).collect();
    let listing = if ids.is_empty() { "no topic".to_string() } else { ids.join(", ") };
    let hint = if close.is_empty() {
        format!("; the topics are: {listing}")
    } else {
        hint(&close, "topics", "")
    };
    Err(format!("no topic `{q}` in the graph{hint}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_are_offered_and_far_ones_are_not() {
        let known = ["Ilona Varga", "Ruritania", "Anna Kovalenko"];
        assert_eq!(closest("Varg", known), vec!["Ilona Varga"]);
        assert_eq!(closest("Marchenk", ["Oleh Marchenko", "Marco Rubio", "Emmanuel Macron"]), vec!["Oleh Marchenko"]);
        assert_eq!(closest("ruritnia", known), vec!["Ruritania"]);
        assert!(closest("Zebedee", known).is_empty());
    }
}
