//! The queries answered from the store's SQLite index
//! ([`crate::store::index`]): each reads, through the index, the part of
//! the graph its answer depends on (a *view*) and runs the same query
//! function on it as on the whole graph, so the rows are the same by
//! construction and only the reading differs.
//!
//! - who-said `--actor`: the speakers' statements (index on speaker).
//! - who-said `--about` a topic: the stances on the topic (index on topic),
//!   the statements with evidence in the articles those cite (index on
//!   article), and those whose text contains the topic's label (FTS5
//!   trigram index, checked again by the query itself).
//! - positions `--actor`, contradictions, ledger: stances and their
//!   evidence only, never statements.
//!
//! With reviewers' corrections, each view is read with
//! [`CorrectedRecords`]: the index's records the corrections may change
//! are replaced by their corrected versions, all added whole (the query
//! filters those as it filters the graph), with the actors as corrected.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::error::Result;
use crate::model::GraphData;
use crate::store::index::Index;
use crate::store::index_ledger_read::{LedgerGroup, StoredMove, TieKey};
use crate::store::index_timeline::LedgerRank;
use super::overlay::CorrectedRecords;
use super::queries::{Ledger, LedgerEntry, Move, PositionFilter, Side, StatementFilter, actor_matches, counted_for, positions_counted, resolve_topic, roll_up_map, topic_label};

/// Actors, topics and nothing else (as corrected, with an overlay): what
/// every view starts from.
pub fn base(index: &Index, overlay: Option<&CorrectedRecords>) -> Result<GraphData> {
    Ok(match overlay {
        Some(o) => GraphData { actors: o.data.actors.clone(), topics: o.data.topics.clone(), ..GraphData::default() },
        None => GraphData { actors: index.actors()?, topics: index.topics()?, ..GraphData::default() },
    })
}

/// The view's records as corrected (see [`CorrectedRecords::correct`]).
pub(crate) fn corrected(mut view: GraphData, overlay: Option<&CorrectedRecords>) -> GraphData {
    if let Some(o) = overlay {
        o.correct(&mut view);
    }
    view
}

/// Adds the articles the view's evidence cites (for titles and file names).
pub fn with_cited_articles(index: &Index, mut view: GraphData) -> Result<GraphData> {
    let cited: BTreeSet<&str> = view
        .statements
        .iter()
        .flat_map(|s| s.evidence.iter())
        .chain(view.stances.iter().flat_map(|s| s.evidence.iter()))
        .map(|e| e.article.as_str())
        .collect();
    let articles = index.articles_by_ids(&cited)?;
    view.articles = articles;
    Ok(view)
}

/// The topic `--about q` names (an id), if any, and the text a statement
/// must contain to name it: the topic's label, else `q` itself.
pub(crate) fn about_needle(view: &GraphData, q: &str) -> (Option<String>, String) {
    let topic = resolve_topic(view, q).map(str::to_string);
    let needle = match &topic {
        Some(t) => topic_label(view, t),
        None => q.trim().to_string(),
    };
    (topic, needle)
}

/// Every statement `who_said` with `filter` could return, with what it
/// needs to decide (the topic's stances), from the index.
pub fn who_said_view(index: &Index, filter: &StatementFilter, overlay: Option<&CorrectedRecords>) -> Result<GraphData> {
    let mut view = base(index, overlay)?;
    let about_topic = filter.about.as_deref().and_then(|q| resolve_topic(&view, q)).map(str::to_string);
    view.statements = if let Some(q) = &filter.actor {
        let speakers: Vec<String> = index.speakers()?.into_iter().filter(|s| actor_matches(q, s)).collect();
        index.statements_by_speakers(&speakers)?
    } else if let Some(q) = &filter.about {
        let (_, needle) = about_needle(&view, q);
        // Whole statements whose text names it; of the others, only the
        // evidences that share a sentence with a stance on the topic.
        let ids = index.statement_ids_containing(&needle)?;
        let mut statements = index.statements_by_ids(&ids)?;
        if let Some(t) = &about_topic {
            let (in_sentences, shared) = index.statements_in_topic_sentences(t, &ids)?;
            statements.extend(in_sentences);
            // Of the topic's stance evidence, only what shares a sentence
            // with a statement: all `who_said` asks of it.
            let mut rows = index.stance_evidence_rows(&shared)?;
            view.stances = index.stance_heads(Some(t))?;
            for s in &mut view.stances {
                s.evidence = rows.remove(&s.id).unwrap_or_default();
            }
        }
        statements.sort_by(|a, b| a.id.cmp(&b.id));
        statements
    } else {
        index.all_statements()?
    };
    with_cited_articles(index, corrected(view, overlay))
}

/// A view holding the newest `cap` rows `who_said` with `filter` gives
/// (see [`super::limit`]): every occurrence at or after the `cap`-th
/// newest, ranked and counted by SQLite through covering indexes before
/// any text is read, and how many rows the whole answer has. With
/// `--about`, the rows are those of the statements naming it and of the
/// occurrences sharing a sentence with a stance on the topic, and the
/// view holds the stance evidence those share a sentence with. `None`
/// (read whole) with both an actor and `--about`. Without reviewers'
/// corrections: [`super::capped`] lays those over.
pub fn who_said_newest(index: &Index, filter: &StatementFilter, cap: usize) -> Result<Option<(GraphData, usize)>> {
    if filter.actor.is_some() && filter.about.is_some() {
        return Ok(None);
    }
    index.copy_pages_in()?;
    let mut view = base(index, None)?;
    let (rows, total) = match (&filter.actor, &filter.about) {
        (Some(q), _) => {
            let speakers: Vec<String> = index.speakers()?.into_iter().filter(|s| actor_matches(q, s)).collect();
            let (keys, total) = index.newest_by_speakers(&speakers, cap)?;
            (super::limit::at_or_after(keys, cap), total)
        }
        (None, Some(q)) => {
            let (topic, needle) = about_needle(&view, q);
            let named = index.statement_ids_naming(&needle)?;
            let (keys, total) = index.newest_about(&named, topic.as_deref(), cap)?;
            let rows = super::limit::at_or_after(keys, cap);
            if let Some(t) = &topic {
                let mut evidence = index.stance_evidence_rows(&index.stance_rows_sharing(t, &rows)?)?;
                view.stances = index.stance_heads(Some(t))?;
                for s in &mut view.stances {
                    s.evidence = evidence.remove(&s.id).unwrap_or_default();
                }
            }
            (rows, total)
        }
        (None, None) => {
            let (keys, total) = index.newest_statement_keys(cap)?;
            (super::limit::at_or_after(keys, cap), total)
        }
    };
    view.statements = index.statements_with_rows(&rows)?;
    Ok(Some((with_cited_articles(index, view)?, total)))
}

/// The stances a positions, contradictions or ledger query reads: on
/// `topic` (an id or label; all when `None`), of actors an `actor` query
/// could match (the actor itself, or with `roll_up` a person counted for
/// it), with all their evidence.
pub fn stance_view(index: &Index, topic: Option<&str>, actor: Option<&str>, roll_up: bool, overlay: Option<&CorrectedRecords>) -> Result<GraphData> {
    let mut view = base(index, overlay)?;
    // An unknown topic matches nothing, as in the queries themselves.
    let topic_id = topic.map(|q| resolve_topic(&view, q).unwrap_or(q).to_string());
    let holders = holders(index, &view, actor, roll_up)?;
    view.stances = index.stances(topic_id.as_deref(), holders.as_deref())?;
    with_cited_articles(index, corrected(view, overlay))
}

/// The stance holders an `actor` query could match in `view` (the actor
/// itself, or with `roll_up` a person counted for it); `None` for all.
fn holders(index: &Index, view: &GraphData, actor: Option<&str>, roll_up: bool) -> Result<Option<Vec<String>>> {
    let Some(q) = actor else { return Ok(None) };
    let map = roll_up_map(view);
    let holders = index
        .stance_actors()?
        .into_iter()
        .filter(|a| {
            let (counted, via) = counted_for(&map, a, roll_up);
            actor_matches(q, &counted) || via.as_deref().is_some_and(|v| actor_matches(q, v))
        })
        .collect();
    Ok(Some(holders))
}

/// The stances [`stance_view`] reads for `positions` with `filter`, but
/// with evidence only for the first `rows` rows the answer shows (all
/// when `None`), and of those only the newest `filter.evidence_limit`
/// (read from the end of each stance's timeline, see
/// [`Index::newest_stance_evidence`]), with how many evidences each of
/// those stances has in all, for [`super::queries::positions_counted`].
/// The rows past the cap keep their stance without evidence, so the
/// answer's row count (and the actor check) are the whole view's. No
/// articles: [`with_cited_articles`] adds them for a text table. `None`
/// (read whole) when every evidence is asked for.
pub fn positions_view(index: &Index, filter: &PositionFilter, rows: Option<usize>) -> Result<Option<(GraphData, HashMap<String, usize>)>> {
    let Some(limit) = filter.evidence_limit else { return Ok(None) };
    let mut view = base(index, None)?;
    let topic_id = filter.topic.as_deref().map(|q| resolve_topic(&view, q).unwrap_or(q).to_string());
    view.stances = match holders(index, &view, filter.actor.as_deref(), filter.roll_up)? {
        Some(holders) => {
            let holders: HashSet<String> = holders.into_iter().collect();
            index.stance_heads(topic_id.as_deref())?.into_iter().filter(|s| holders.contains(&s.actor)).collect()
        }
        None => index.stance_heads(topic_id.as_deref())?,
    };
    // The rows' order depends on the stances alone, not their evidence.
    let shown: HashSet<String> = super::limit::first(positions_counted(&view, filter, None), rows).rows.into_iter().map(|r| r.stance_id).collect();
    let mut counts = HashMap::new();
    for s in view.stances.iter_mut().filter(|s| shown.contains(&s.id)) {
        counts.insert(s.id.clone(), index.stance_evidence_count(&s.id)?);
        s.evidence = index.newest_stance_evidence(&s.id, limit)?;
    }
    Ok(Some((view, counts)))
}

/// The stances a capped ledger ranks, on `topic` (an id or label; all
/// when `None`), their evidence without its text (see
/// [`Index::stances_without_text`]); [`fill_ledger`] reads the text of
/// the rows the ledger keeps.
pub fn ledger_view(index: &Index, topic: Option<&str>) -> Result<GraphData> {
    let mut view = base(index, None)?;
    let topic_id = topic.map(|q| resolve_topic(&view, q).unwrap_or(q).to_string());
    view.stances = index.stances_without_text(topic_id.as_deref())?;
    Ok(view)
}

/// A capped ledger with no window and no roll-up, from the index's
/// ledger tables ([`crate::store::index_ledger`]): every entry of the
/// (actor, topic) pairs on `topic` (an id or label) of actors `actor`
/// names (all when `None`), the newest `cap` moves as
/// [`super::limit::newest`] keeps them, and how many moves the whole
/// ledger has, without reading any timeline (the whole ledger has 417k
/// moves at 100k articles). Evidence is cut to its key as
/// [`ledger_view`]'s is, for [`fill_ledger`].
pub fn capped_ledger(index: &Index, view: &GraphData, topic: Option<&str>, actor: Option<&str>, cap: usize) -> Result<(Ledger, usize)> {
    let topic_id = topic.map(|q| resolve_topic(view, q).unwrap_or(q).to_string());
    let mut groups = index.ledger_groups(topic_id.as_deref())?;
    groups.retain(|g| actor.is_none_or(|q| actor_matches(q, &g.actor)));
    // The answer's order.
    groups.sort_by(|a, b| (&a.actor, &a.topic).cmp(&(&b.actor, &b.topic)));
    let total = groups.iter().map(|g| g.moves).sum();
    let place: HashMap<i64, usize> = groups.iter().enumerate().map(|(i, g)| (g.id, i)).collect();
    let scoped = (topic_id.is_some() || actor.is_some()).then(|| groups.iter().map(|g| (g.id, g.moves)).collect::<HashMap<_, _>>());
    let found = index.newest_moves(scoped.as_ref(), cap)?;
    let rows: BTreeSet<i64> = found.iter().flat_map(|m| [m.from_row, m.to.row]).collect();
    let keys = index.ledger_row_keys(&rows)?;
    // Newest first: by the key of the evidence moved to, then the place
    // in the answer (its pair, then its timeline), the later of equals
    // being the newer.
    let mut kept: Vec<(LedgerRank<'_>, usize, &TieKey, &StoredMove)> = found
        .iter()
        .filter_map(|m| Some((m.to.rank(), *place.get(&m.group)?, &keys.get(&m.to.row)?.1, m)))
        .collect();
    kept.sort_unstable_by(|a, b| (b.0, b.1, b.2).cmp(&(a.0, a.1, a.2)));
    kept.truncate(cap);
    kept.sort_unstable_by(|a, b| (a.1, a.0, a.2).cmp(&(b.1, b.0, b.2)));
    let labels: Vec<String> = groups.iter().map(|g| topic_label(view, &g.topic)).collect();
    let side = |g: &LedgerGroup, row: i64| {
        let (key, tie) = &keys[&row];
        Side { actor: g.actor.clone(), via: None, stance: tie.0, evidence: key.cut() }
    };
    let moves = kept
        .iter()
        .map(|&(_, p, _, m)| {
            let g = &groups[p];
            Move { actor: g.actor.clone(), topic: g.topic.clone(), topic_label: labels[p].clone(), from: side(g, m.from_row), to: side(g, m.to.row) }
        })
        .collect();
    let entries = groups
        .iter()
        .zip(labels)
        .map(|(g, topic_label)| LedgerEntry { actor: g.actor.clone(), via: None, topic: g.topic.clone(), topic_label, stance: g.stance, evidence: g.last.cut() })
        .collect();
    Ok((Ledger { since: None, until: None, entries, moves }, total))
}

/// The whole evidence of every entry and move of a ledger computed on a
/// [`ledger_view`], by [`capped_ledger`] or by
/// [`super::capped::ledger`], and the articles they cite
/// added to `view`. Evidence read without its text (cut to its key) is
/// read whole by its row; evidence with its text (a corrected
/// timeline's) is kept.
pub fn fill_ledger(index: &Index, ledger: &mut Ledger, view: &mut GraphData) -> Result<()> {
    let sides = ledger.moves.iter_mut().flat_map(|m| [&mut m.from.evidence, &mut m.to.evidence]);
    for e in ledger.entries.iter_mut().map(|e| &mut e.evidence).chain(sides) {
        if e.sentence_text.is_empty() {
            *e = index.evidence_by_row(e)?;
        }
    }
    let cited: BTreeSet<&str> = ledger.entries.iter().map(|e| e.evidence.article.as_str()).chain(ledger.moves.iter().flat_map(|m| [m.from.evidence.article.as_str(), m.to.evidence.article.as_str()])).collect();
    view.articles = index.articles_by_ids(&cited)?;
    Ok(())
}

/// Every name the graph knows an actor by (its actor list, stance holders
/// and speakers), for telling a user an actor is unknown. With an
/// overlay, the names corrections gave and not those merged away (a name
/// only a corrected occurrence bore may linger: it is then only not
/// reported unknown, and matches nothing).
pub fn actor_names(index: &Index, overlay: Option<&CorrectedRecords>) -> Result<BTreeSet<String>> {
    let mut names: BTreeSet<String> = base(index, overlay)?.actors.into_iter().map(|a| a.name).collect();
    names.extend(index.stance_actors()?);
    names.extend(index.speakers()?);
    if let Some(o) = overlay {
        for m in &o.merged {
            names.remove(m);
        }
        names.extend(o.data.statements.iter().map(|s| s.speaker.clone()));
        names.extend(o.data.stances.iter().map(|s| s.actor.clone()));
    }
    Ok(names)
}
