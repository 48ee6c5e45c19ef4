//! The SQLite query index: its answers equal the in-memory queries' on the
//! same graph (seed articles, generated corpora, random graphs), it follows
//! ingests incrementally, a stale one is never used, and a killed writer
//! leaves an index that is current or detected as stale.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use assert_cmd::cargo::CommandCargoExt;
use proptest::prelude::*;

use claimgraph::model::{Actor, ActorKind, ArticleMeta, Evidence, QuoteKind, Span, Stance, StanceKind, Statement};
use claimgraph::query::contradiction_view::{contradiction_keys, contradiction_view, fill};
use claimgraph::query::overlay::CorrectedRecords;
use claimgraph::query::{self, ContradictionScope, PositionFilter, StatementFilter, indexed};
use claimgraph::source::synth::{self, SynthOptions};
use claimgraph::store::{self, GraphData, Layout, TopicInfo, index};

fn bundled() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules")
}

pub(crate) fn ingest(graph: &Path, inputs: &[&Path]) -> Command {
    let mut cmd = Command::cargo_bin("claimgraph").unwrap();
    cmd.arg("ingest").arg("-q").arg("--graph").arg(graph).arg("--rules").arg(bundled()).args(inputs);
    cmd
}

pub(crate) fn write_corpus(dir: &Path, seed: u64, n: u64) -> Vec<PathBuf> {
    let corpus = dir.join(format!("corpus-{seed}"));
    std::fs::create_dir_all(&corpus).unwrap();
    let mut paths = Vec::new();
    for a in synth::generate(&SynthOptions { seed, paragraphs: (4, 10) }, n) {
        let p = corpus.join(&a.name);
        std::fs::write(&p, a.text).unwrap();
        paths.push(p);
    }
    paths.sort();
    paths
}

/// Queries worth asking of `g`: every actor's last word and full name,
/// every topic's id and label, free text, and an unknown name.
pub(crate) fn probes(g: &GraphData) -> (Vec<Option<String>>, Vec<Option<String>>) {
    let mut actors: BTreeSet<Option<String>> = BTreeSet::from([None, Some("Nobody Atall".into())]);
    for name in g.actors.iter().map(|a| &a.name).chain(g.statements.iter().map(|s| &s.speaker)).chain(g.stances.iter().map(|s| &s.actor)) {
        actors.insert(Some(name.clone()));
        if let Some(last) = name.split_whitespace().last() {
            actors.insert(Some(last.to_uppercase()));
        }
    }
    let mut topics: BTreeSet<Option<String>> = BTreeSet::from([None, Some("no such topic".into()), Some("the".into()), Some("WAR".into()), Some("a".into())]);
    for t in &g.topics {
        topics.insert(Some(t.id.clone()));
        topics.insert(Some(t.label.to_uppercase()));
    }
    (actors.into_iter().collect(), topics.into_iter().collect())
}

/// Every index-backed answer equals the in-memory one on the whole graph.
fn assert_same_answers(graph_path: &Path, g: &GraphData, sample: usize) {
    let idx = store::open_index(graph_path, || {}, store::load_existing).unwrap();
    assert_same_answers_over(&idx, g, sample, None);
}

/// Every answer of `idx`'s views read with `overlay` equals the in-memory
/// one on `g` (the graph, corrected when there is an overlay).
pub(crate) fn assert_same_answers_over(idx: &index::Index, g: &GraphData, sample: usize, overlay: Option<&CorrectedRecords>) {
    let (actors, topics) = probes(g);
    let step = (actors.len() / sample.max(1)).max(1);
    for roll_up in [false, true] {
        let view = indexed::stance_view(idx, None, None, roll_up, overlay).unwrap();
        assert_eq!(query::contradictions(&view, roll_up), query::contradictions(g, roll_up));
        // Only the evidence contradictions can cite: the same answer.
        let cut = contradiction_view(idx, roll_up, overlay, ContradictionScope::default()).unwrap();
        assert_eq!(query::contradictions(&cut, roll_up), query::contradictions(g, roll_up), "roll-up {roll_up}");
        // Capped, one row at a time: the whole answer's newest rows; from
        // the timelines' keys alone, then filled: the same rows.
        let whole = query::contradictions(g, roll_up);
        let keys = (overlay.is_none()).then(|| contradiction_keys(idx, roll_up, ContradictionScope::default()).unwrap());
        for cap in [None, Some(0), Some(1), Some(3), Some(whole.len())] {
            let want = query::limit::newest(whole.clone(), cap, |c| query::limit::later(&c.first.evidence, &c.second.evidence));
            assert_eq!(query::contradictions_in(g, roll_up, ContradictionScope::default(), None, cap), want, "cap {cap:?}");
            if let Some(keys) = &keys {
                let mut got = query::contradictions_in(keys, roll_up, ContradictionScope::default(), None, cap);
                fill(idx, &mut got.rows).unwrap();
                assert_eq!(got, want, "keys, cap {cap:?} roll-up {roll_up}");
            }
        }
        assert_eq!(query::ledger(&view, None, None, roll_up), query::ledger(g, None, None, roll_up));
        let mid = g.articles.iter().filter_map(|a| a.date).nth(g.articles.len() / 2);
        assert_eq!(query::ledger(&view, mid, None, roll_up), query::ledger(g, mid, None, roll_up));
        for actor in actors.iter().step_by(step) {
            for topic in topics.iter().step_by(3) {
                let f = PositionFilter { actor: actor.clone(), topic: topic.clone(), roll_up, evidence_limit: Some(2) };
                let v = indexed::stance_view(idx, topic.as_deref(), actor.as_deref(), roll_up, overlay).unwrap();
                assert_eq!(query::positions(&v, &f), query::positions(g, &f), "positions {f:?}");
                // Evidence read from each timeline's end, for the first
                // rows only: the whole answer's first rows, with the
                // whole counts, and the same stances (for the actor check).
                if overlay.is_none() {
                    for (limit, rows) in [(2, None), (1, Some(1)), (3, Some(2)), (0, Some(3)), (9, Some(1))] {
                        let f = PositionFilter { evidence_limit: Some(limit), ..f.clone() };
                        let (light, counts) = indexed::positions_view(idx, &f, rows).unwrap().unwrap();
                        let got = query::limit::first(query::positions_counted(&light, &f, Some(&counts)), rows);
                        assert_eq!(got, query::limit::first(query::positions(g, &f), rows), "positions {f:?} rows {rows:?}");
                        let ids = |d: &GraphData| d.stances.iter().map(|s| s.id.clone()).collect::<Vec<_>>();
                        assert_eq!(ids(&light), ids(&v));
                    }
                    assert!(indexed::positions_view(idx, &PositionFilter { evidence_limit: None, ..f.clone() }, None).unwrap().is_none());
                }
                // An actor's or a topic's contradictions and ledger, read
                // for that scope only: the whole answer's rows in scope.
                let scope = ContradictionScope { topic: topic.as_deref(), actor: actor.as_deref() };
                let id = topic.as_deref().map(|q| query::resolve_topic(g, q).unwrap_or(q).to_string());
                let scoped = contradiction_view(idx, roll_up, overlay, scope).unwrap();
                let mut got = query::contradictions(&scoped, roll_up);
                got.retain(|c| scope.holds(id.as_deref(), c));
                let mut want = query::contradictions(g, roll_up);
                want.retain(|c| scope.holds(id.as_deref(), c));
                assert_eq!(got, want, "contradictions {scope:?} roll-up {roll_up}");
                if overlay.is_none() {
                    let keys = contradiction_keys(idx, roll_up, scope).unwrap();
                    let mut got = query::contradictions_in(&keys, roll_up, scope, id.as_deref(), Some(2));
                    fill(idx, &mut got.rows).unwrap();
                    assert_eq!(got, query::limit::newest(want, Some(2), |c| query::limit::later(&c.first.evidence, &c.second.evidence)), "keys {scope:?} roll-up {roll_up}");
                }
                let mut got = query::ledger(&v, None, None, roll_up);
                got.retain_scope(id.as_deref(), actor.as_deref());
                let mut want = query::ledger(g, None, None, roll_up);
                want.retain_scope(id.as_deref(), actor.as_deref());
                assert_eq!(got, want, "ledger {scope:?} roll-up {roll_up}");
            }
        }
    }
    for actor in actors.iter().step_by(step) {
        let f = StatementFilter { actor: actor.clone(), about: None };
        assert_eq!(query::who_said(&indexed::who_said_view(idx, &f, overlay).unwrap(), &f), query::who_said(g, &f), "{f:?}");
    }
    for about in &topics {
        let f = StatementFilter { actor: None, about: about.clone() };
        assert_eq!(query::who_said(&indexed::who_said_view(idx, &f, overlay).unwrap(), &f), query::who_said(g, &f), "{f:?}");
    }
    // Capped, who-said (by actor, by topic or text, or all) reads only the
    // rows at or after its newest `cap`: its answer is the whole answer's
    // last `cap` rows (oldest first, so the newest), with its count.
    for cap in [1, 2, 3, 40] {
        let by_actor = actors.iter().step_by(step).chain([&None]).map(|a| StatementFilter { actor: a.clone(), about: None });
        let by_topic = topics.iter().flatten().map(|t| StatementFilter { actor: None, about: Some(t.clone()) });
        for f in by_actor.chain(by_topic) {
            let all = query::who_said(g, &f);
            let whole = query::limit::newest(all.clone(), Some(cap), |r| &r.evidence);
            assert_eq!(whole.rows, all[all.len().saturating_sub(cap)..].to_vec());
            match query::capped::who_said_newest(idx, &f, cap, overlay).unwrap() {
                Some((view, total)) => {
                    let mut got = query::limit::newest(query::who_said(&view, &f), Some(cap), |r| &r.evidence);
                    got.total = total;
                    assert_eq!(got, whole, "{f:?} cap {cap}");
                }
                None => panic!("{f:?}: only an actor with --about is read whole"),
            }
        }
    }
    // A capped ledger ranks text-less evidence from the timeline index and
    // reads whole only the rows it keeps: the whole ledger's newest rows.
    if overlay.is_none() {
        for roll_up in [false, true] {
            for topic in topics.iter() {
                let id = topic.as_deref().map(|q| query::resolve_topic(g, q).unwrap_or(q).to_string());
                for cap in [1, 3] {
                    let mut light = indexed::ledger_view(idx, topic.as_deref()).unwrap();
                    let mut got = query::ledger(&light, None, None, roll_up);
                    got.retain_scope(id.as_deref(), None);
                    let mut got = newest_of(got, cap);
                    indexed::fill_ledger(idx, &mut got, &mut light).unwrap();
                    let mut want = query::ledger(g, None, None, roll_up);
                    want.retain_scope(id.as_deref(), None);
                    assert_eq!(got, newest_of(want, cap), "ledger {topic:?} cap {cap} roll-up {roll_up}");
                }
            }
        }
    }
    // With no roll-up, the ledger read from the index's ledger tables, or
    // with corrections from the timeline index's keys (of all, a topic,
    // an actor, or both): the same newest rows and the whole ledger's
    // count.
    {
        let base = indexed::base(idx, overlay).unwrap();
        let stance_holders: BTreeSet<&str> = g.stances.iter().map(|s| s.actor.as_str()).collect();
        let some_holders = stance_holders.iter().step_by((stance_holders.len() / 4).max(1)).map(|a| Some(a.to_string()));
        for actor in [None].into_iter().chain(some_holders).chain(actors.iter().step_by(step).cloned()) {
            for topic in topics.iter() {
                let id = topic.as_deref().map(|q| query::resolve_topic(g, q).unwrap_or(q).to_string());
                let mut want = query::ledger(g, None, None, false);
                want.retain_scope(id.as_deref(), actor.as_deref());
                for cap in [0, 1, 2, 3, 7, usize::MAX] {
                    let (mut got, total) = query::capped::ledger(idx, &base, topic.as_deref(), actor.as_deref(), cap, overlay).unwrap();
                    assert_eq!(total, want.moves.len(), "ledger {actor:?} {topic:?} move count");
                    got.entries = query::limit::newest(std::mem::take(&mut got.entries), Some(cap), |e| &e.evidence).rows;
                    let mut light = base.clone();
                    indexed::fill_ledger(idx, &mut got, &mut light).unwrap();
                    assert_eq!(got, newest_of(want.clone(), cap), "capped ledger {actor:?} {topic:?} cap {cap}");
                }
            }
        }
    }
    let names: BTreeSet<String> = g
        .actors
        .iter()
        .map(|a| a.name.clone())
        .chain(g.stances.iter().map(|s| s.actor.clone()))
        .chain(g.statements.iter().map(|s| s.speaker.clone()))
        .collect();
    let known = indexed::actor_names(idx, overlay).unwrap();
    match overlay {
        None => assert_eq!(known, names),
        // A name only corrected occurrences bore may linger (see
        // `actor_names`); every corrected name is known, no merged one.
        Some(o) => {
            assert!(known.is_superset(&names), "{:?}", names.difference(&known).collect::<Vec<_>>());
            assert!(o.merged.iter().all(|m| !known.contains(m)));
        }
    }
}

/// The ledger's newest `cap` entries and moves, as `ledger --limit` keeps them.
pub(crate) fn newest_of(mut l: query::Ledger, cap: usize) -> query::Ledger {
    l.entries = query::limit::newest(std::mem::take(&mut l.entries), Some(cap), |e| &e.evidence).rows;
    l.moves = query::limit::newest(std::mem::take(&mut l.moves), Some(cap), |m| &m.to.evidence).rows;
    l
}

#[test]
fn index_answers_as_the_graph_does_on_the_seed_articles() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/seeds");
    if !crate::require("../shared/corpus/seeds", seeds.is_dir()) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[&seeds]).status().unwrap().success());
    let g = store::load_existing(&graph).unwrap();
    assert!(!g.stances.is_empty() && !g.statements.is_empty());
    assert_same_answers(&graph, &g, 40);
}

#[test]
fn index_answers_as_the_graph_does_on_a_generated_split_graph() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 5, 40);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[paths[0].parent().unwrap()]).status().unwrap().success());
    let g = store::load_existing(&graph).unwrap();
    store::save_as(&graph, &g, Layout::Split).unwrap();
    assert_same_answers(&graph, &g, 15);
    newest_moves_read_either_way_alike(&graph);
}

/// The newest moves of some (actor, topic) pairs, read by the walk over
/// all moves or by each pair's newest (the counts passed steer the
/// choice): the same rows, those at or after the cap-th newest key.
fn newest_moves_read_either_way_alike(graph: &Path) {
    let idx = store::open_index(graph, || {}, store::load_existing).unwrap();
    let groups = idx.ledger_groups(None).unwrap();
    assert!(groups.iter().filter(|g| g.moves > 0).count() > 3, "too few pairs with moves");
    let all = idx.newest_moves(None, usize::MAX).unwrap();
    assert_eq!(all.len(), groups.iter().map(|g| g.moves).sum::<usize>());
    for (i, cap) in [1, 2, 5, 40].into_iter().enumerate() {
        // A few pairs with moves. Counts of 1 make the walk over all seem
        // dear (each pair's newest is read); huge counts make it cheap.
        let some: Vec<i64> = groups.iter().filter(|g| g.moves > 0).skip(i % 2).step_by(2).take(3).map(|g| g.id).collect();
        let each: std::collections::HashMap<i64, usize> = some.iter().map(|&g| (g, 1)).collect();
        let walk: std::collections::HashMap<i64, usize> = some.iter().map(|&g| (g, 1usize << 40)).collect();
        let rows = |of| {
            let mut m: Vec<(i64, i64)> = idx.newest_moves(Some(of), cap).unwrap().into_iter().map(|m| (m.to.row, m.from_row)).collect();
            m.sort_unstable();
            m
        };
        let mut mine: Vec<_> = all.iter().filter(|m| some.contains(&m.group)).collect();
        assert!(cap > 2 || mine.len() > cap, "cap {cap} cuts nothing");
        mine.sort_by(|a, b| b.to.rank().cmp(&a.to.rank()));
        let mut want: Vec<(i64, i64)> = match mine.get(cap - 1) {
            Some(floor) => mine.iter().filter(|m| m.to.rank() >= floor.to.rank()).map(|m| (m.to.row, m.from_row)).collect(),
            None => mine.iter().map(|m| (m.to.row, m.from_row)).collect(),
        };
        want.sort_unstable();
        assert_eq!(rows(&each), want, "each pair's newest, cap {cap}");
        assert_eq!(rows(&walk), want, "the walk over all, cap {cap}");
    }
}

/// Every row of the index's tables, and what the full-text index finds,
/// as text: two indexes of the same graph dump alike.
fn dump(index_file: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(index_file).unwrap();
    let mut out = Vec::new();
    for (t, order) in [
        ("articles", "id"),
        ("actors", "name"),
        ("topics", "id"),
        ("statements", "id"),
        ("statement_evidence", "statement_id, date, article, span_start, span_end, rule, sentence_start, cue, sentence_text, resolution"),
        ("stances", "id"),
        ("stance_evidence", "stance_id, date, article, span_start, span_end, rule, sentence_start, cue, sentence_text, resolution"),
    ] {
        let cols = if t == "statements" { "id, speaker, kind, text" } else { "*" };
        let mut q = conn.prepare(&format!("SELECT {cols} FROM {t} ORDER BY {order}")).unwrap();
        let n = q.column_count();
        let rows = q.query_map([], |r| Ok((0..n).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap();
        out.extend(rows.map(|r| format!("{t}: {}", r.unwrap())));
    }
    // The statement and stance evidence sharing a sentence, kept as the
    // index is written (rowids differ between an updated index and a
    // rebuild; the rows they name must not, and none may dangle).
    let mut q = conn
        .prepare(
            "SELECT p.stance_id, te.stance_id, p.date, se.date, p.article, se.article, te.article, p.sentence_start, se.sentence_start, \
                    se.statement_id, se.span_start, se.span_end, se.rule, te.span_start, te.span_end, te.rule, te.sentence_start \
               FROM topic_sentences p LEFT JOIN statement_evidence se ON se.rowid = p.statement_row \
               LEFT JOIN stance_evidence te ON te.rowid = p.stance_row",
        )
        .unwrap();
    let mut pairs: Vec<String> =
        q.query_map([], |r| Ok((0..17).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap().map(Result::unwrap).map(|r| format!("topic_sentences: {r}")).collect();
    pairs.sort();
    out.extend(pairs);
    // The ledger's pairs and changes, by the evidence rows they name.
    let ev = |t: &str| format!("{t}.stance_id, {t}.date, {t}.article, {t}.span_start, {t}.span_end, {t}.rule, {t}.sentence_start, {t}.cue");
    for (what, sql) in [
        ("ledger_groups", format!("SELECT g.actor, g.topic, g.moves, {} FROM ledger_groups g LEFT JOIN stance_evidence l ON l.rowid = g.last_row", ev("l"))),
        (
            "ledger_moves",
            format!(
                "SELECT g.actor, g.topic, m.date, m.article, m.sentence_start, {}, {} FROM ledger_moves m LEFT JOIN ledger_groups g ON g.id = m.group_id \
                 LEFT JOIN stance_evidence f ON f.rowid = m.from_row LEFT JOIN stance_evidence t ON t.rowid = m.to_row",
                ev("f"),
                ev("t")
            ),
        ),
        ("ledger_dirty", "SELECT actor, topic FROM ledger_dirty".to_string()),
    ] {
        let mut q = conn.prepare(&sql).unwrap();
        let n = q.column_count();
        let mut rows: Vec<String> = q.query_map([], |r| Ok((0..n).map(|i| cell(r.get_ref(i).unwrap())).collect::<Vec<_>>().join("|"))).unwrap().map(|r| format!("{what}: {}", r.unwrap())).collect();
        rows.sort();
        out.extend(rows);
    }
    for needle in ["\"said\"", "\"ceasefire\"", "\"the\""] {
        let mut q = conn
            .prepare("SELECT s.id FROM statement_text JOIN statements s ON s.rowid = statement_text.rowid WHERE statement_text MATCH ?1 ORDER BY s.id")
            .unwrap();
        let ids: Vec<String> = q.query_map([needle], |r| r.get(0)).unwrap().map(Result::unwrap).collect();
        out.push(format!("fts {needle}: {}", ids.join(",")));
    }
    out
}

fn cell(v: rusqlite::types::ValueRef<'_>) -> String {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(n) => n.to_string(),
        ValueRef::Real(x) => x.to_string(),
        ValueRef::Text(t) | ValueRef::Blob(t) => String::from_utf8_lossy(t).into_owned(),
    }
}

/// Equal dumps, or the first rows that differ.
fn assert_same_dump(left: &[String], right: &[String], what: &str) {
    let only_left: Vec<&String> = left.iter().filter(|l| !right.contains(l)).take(3).collect();
    let only_right: Vec<&String> = right.iter().filter(|r| !left.contains(r)).take(3).collect();
    assert!(left == right, "{what}: index rows differ from a rebuild's:\n  only in the index: {only_left:#?}\n  only in the rebuild: {only_right:#?}");
}

/// The dump of an index built from scratch for the graph at `graph`.
fn fresh_dump(dir: &Path, graph: &Path) -> Vec<String> {
    let g = store::load_existing(graph).unwrap();
    let copy = dir.join("fresh/g.ron");
    let _ = std::fs::remove_dir_all(dir.join("fresh"));
    store::save_as(&copy, &g, store::layout_of(graph).unwrap()).unwrap();
    index::rebuild(&copy, &g).unwrap();
    dump(&index::index_path(&copy))
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().ino()
}

/// An ingest into a graph with an index updates the index in place (the
/// same file, not a rebuild) to what a rebuild would give, for new
/// articles, re-ingested ones, and in either layout.
#[cfg(unix)]
#[test]
fn ingest_updates_the_index_in_place_to_what_a_rebuild_gives() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 9, 24);
    for layout in [Layout::Single, Layout::Split] {
        let graph = dir.path().join(format!("{layout:?}/g.ron"));
        let first: Vec<&Path> = paths[..12].iter().map(PathBuf::as_path).collect();
        assert!(ingest(&graph, &first).status().unwrap().success());
        let g = store::load_existing(&graph).unwrap();
        store::save_as(&graph, &g, layout).unwrap();
        let idx_path = index::index_path(&graph);
        drop(store::open_index(&graph, || {}, store::load_existing).unwrap());
        let before = inode(&idx_path);
        let rest: Vec<&Path> = paths[12..].iter().map(PathBuf::as_path).collect();
        assert!(ingest(&graph, &rest).status().unwrap().success());
        assert!(index::open_fresh(&graph).unwrap().is_some(), "{layout:?}: the ingest left the index stale");
        assert_eq!(inode(&idx_path), before, "{layout:?}: the index was rebuilt, not updated");
        assert_same_dump(&dump(&idx_path), &fresh_dump(dir.path(), &graph), &format!("{layout:?}"));

        // An article's text changed: its old evidence goes, the new comes.
        let changed = &paths[3];
        let text = std::fs::read_to_string(changed).unwrap();
        std::fs::write(changed, text.replacen(". ", ". Officials said nothing more. ", 1)).unwrap();
        assert!(ingest(&graph, &[changed]).status().unwrap().success());
        std::fs::write(changed, text).unwrap();
        assert_eq!(inode(&idx_path), before);
        assert_same_dump(&dump(&idx_path), &fresh_dump(dir.path(), &graph), &format!("{layout:?} after a changed article"));
        assert_same_answers(&graph, &store::load_existing(&graph).unwrap(), 5);
    }
}

/// `topic_sentences` follows every insert into and delete from either
/// evidence table, whichever of a pair's rows comes last: emptying one
/// table and filling it again gives back the rows a build made.
#[test]
fn topic_sentences_follow_each_evidence_table() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 5, 10);
    let graph = dir.path().join("g.ron");
    let inputs: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    assert!(ingest(&graph, &inputs).status().unwrap().success());
    drop(store::open_index(&graph, || {}, store::load_existing).unwrap());
    let path = index::index_path(&graph);
    let built = dump(&path);
    assert!(built.iter().any(|r| r.starts_with("topic_sentences: ")), "no statement shares a sentence with a stance");
    let cols = "statement_id, article, date, span_start, span_end, sentence_start, sentence_end, sentence_text, cue, rule, resolution";
    for (table, key) in [("statement_evidence", "statement_id"), ("stance_evidence", "stance_id")] {
        let cols = cols.replace("statement_id", key);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!("CREATE TEMP TABLE kept AS SELECT {cols} FROM {table}; DELETE FROM {table};")).unwrap();
        let left: i64 = conn.query_row("SELECT count(*) FROM topic_sentences", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0, "{table} emptied, its pairs stay");
        conn.execute_batch(&format!("INSERT INTO {table}({cols}) SELECT {cols} FROM kept ORDER BY rowid DESC;")).unwrap();
        // The ledger's rows follow once refreshed, as every writer does
        // before committing: the triggers noted every pair touched.
        let dirty: i64 = conn.query_row("SELECT count(*) FROM ledger_dirty", [], |r| r.get(0)).unwrap();
        let pairs: i64 = conn.query_row("SELECT count(*) FROM (SELECT DISTINCT actor, topic FROM stances)", [], |r| r.get(0)).unwrap();
        assert_eq!(dirty, if table == "stance_evidence" { pairs } else { 0 }, "{table}");
        claimgraph::store::index_ledger::refresh(&conn).unwrap();
        drop(conn);
        assert_same_dump(&dump(&path), &built, &format!("{table} filled again"));
    }
}

/// A graph changed behind the index's back (here: written without it) is
/// detected by its seal: the stale index is not used, and is rebuilt.
#[test]
fn a_stale_index_is_never_used() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 3, 6);
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &[paths[0].parent().unwrap()]).status().unwrap().success());
    drop(store::open_index(&graph, || {}, store::load_existing).unwrap());
    assert!(index::open_fresh(&graph).unwrap().is_some());
    let mut g = store::load_existing(&graph).unwrap();
    g.stances.clear();
    store::write_atomic(&graph, store::seal(store::to_ron(&g).unwrap()).as_bytes()).unwrap();
    assert!(index::open_fresh(&graph).unwrap().is_none());
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    assert!(indexed::stance_view(&idx, None, None, false, None).unwrap().stances.is_empty());
    drop(idx);
    // A damaged index file is no answer either: it is rebuilt.
    std::fs::write(index::index_path(&graph), b"not a database").unwrap();
    assert!(index::open_fresh(&graph).unwrap().is_none());
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    assert_eq!(indexed::who_said_view(&idx, &StatementFilter::default(), None).unwrap().statements, g.statements);
}

/// SIGKILLs an ingest at several moments: afterwards the index is either
/// current (and then equal to a rebuild) or detected as stale.
#[test]
fn a_killed_ingest_never_leaves_an_index_that_disagrees_with_the_graph() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 13, 30);
    let corpus = paths[0].parent().unwrap().to_path_buf();
    let first: Vec<&Path> = paths[..10].iter().map(PathBuf::as_path).collect();
    let graph = dir.path().join("g.ron");
    assert!(ingest(&graph, &first).status().unwrap().success());
    let base = store::load_existing(&graph).unwrap();
    store::save_as(&graph, &base, Layout::Split).unwrap();
    drop(store::open_index(&graph, || {}, store::load_existing).unwrap());
    let t = Instant::now();
    let probe = dir.path().join("probe/g.ron");
    store::save_as(&probe, &base, Layout::Split).unwrap();
    drop(store::open_index(&probe, || {}, store::load_existing).unwrap());
    assert!(ingest(&probe, &[&corpus]).status().unwrap().success());
    let full = t.elapsed();
    let mut seen_fresh = 0;
    for fraction in [0.3, 0.6, 0.85, 0.93, 0.97, 0.99, 1.02] {
        let mut child = ingest(&graph, &[&corpus]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full.mul_f64(fraction));
        let _ = child.kill();
        let _ = child.wait();
        if let Some(idx) = index::open_fresh(&graph).unwrap() {
            drop(idx);
            seen_fresh += 1;
            assert_same_dump(&dump(&index::index_path(&graph)), &fresh_dump(dir.path(), &graph), &format!("killed at {fraction}"));
        }
        // Back to the old graph, with its index in step.
        store::save_as(&graph, &base, Layout::Split).unwrap();
        assert!(index::open_fresh(&graph).unwrap().is_some());
    }
    assert!(seen_fresh > 0);
}

/// A small graph with evidence spread over a few articles, dates, actors
/// and topics (shared names, so queries overlap).
pub(crate) fn graph_from(picks: &[(u8, u8, u8, u8, u8, bool)]) -> GraphData {
    let people = ["Ada Lind", "Bo Lind", "Cyr Moss", "Ruritania"];
    let topics = ["truce", "aid", "talks"];
    // One text names a topic's label, so `--about talks` finds statements
    // both by their text and by a stance's sentence.
    let texts = ["we want a truce now", "no aid for them", "the Talks Label is over", "the aid must flow", "A"];
    let mut g = GraphData {
        actors: vec![
            Actor { name: "Ada Lind".into(), kind: ActorKind::Person, member_of: Some("Ruritania".into()), rule: "r".into(), gender: None },
            Actor { name: "Ruritania".into(), kind: ActorKind::Country, member_of: None, rule: "r".into(), gender: None },
        ],
        topics: topics.iter().map(|t| TopicInfo { id: t.to_string(), label: format!("{t} label") }).collect(),
        ..GraphData::default()
    };
    for a in 0..4u8 {
        g.articles.push(ArticleMeta {
            id: format!("art-{a}"),
            path: format!("a{a}.txt"),
            title: format!("Title {a}"),
            date: (a > 0).then(|| chrono::NaiveDate::from_ymd_opt(2024, 1, u32::from(a) * 3).unwrap()),
            source: None,
            byline: (a == 2).then(|| "Jo Penn".to_string()),
            hash: String::new(),
            len: 500,
        });
    }
    for (i, &(who, topic, art, at, text, demand)) in picks.iter().enumerate() {
        let (who, topic, art) = (people[usize::from(who) % 4], topics[usize::from(topic) % 3], usize::from(art) % 4);
        let start = usize::from(at) % 5 * 40;
        let ev = Evidence {
            article: format!("art-{art}").into(),
            span: Span::new(start, start + 10),
            sentence: Span::new(start, start + 30),
            sentence_text: format!("sentence {i}").into(),
            cue: "said".into(),
            rule: if i % 3 == 0 { "stance.claim.x".into() } else if i % 3 == 1 { "stance.deny.y".into() } else { "stance.z".into() },
            date: g.articles[art].date,
            resolution: String::new().into(),
        };
        let kind = if demand { StanceKind::Demands } else { StanceKind::Rejects };
        let sid = store::stance_id(who, kind, topic);
        match g.stances.iter_mut().find(|s| s.id == sid) {
            Some(s) => s.evidence.push(ev.clone()),
            None => g.stances.push(Stance { id: sid, actor: who.into(), stance: kind, topic: topic.into(), evidence: vec![ev.clone()] }),
        }
        let text = texts[usize::from(text) % texts.len()];
        let qid = store::statement_id(who, QuoteKind::Direct, text);
        match g.statements.iter_mut().find(|s| s.id == qid) {
            Some(s) => s.evidence.push(ev),
            None => g.statements.push(Statement { id: qid, speaker: who.into(), kind: QuoteKind::Direct, text: text.into(), evidence: vec![ev] }),
        }
    }
    g.normalize();
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn index_answers_as_the_graph_does_on_random_graphs(picks in prop::collection::vec((0u8..4, 0u8..3, 0u8..4, 0u8..5, 0u8..5, any::<bool>()), 1..70)) {
        let g = graph_from(&picks);
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        store::save(&graph, &g).unwrap();
        assert_same_answers(&graph, &g, 100);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]
    /// Two actors (a person and the country she is counted for) on one
    /// topic, with long timelines and many ties: the contradictions view
    /// reads each timeline from its end, a few rows at a time.
    #[test]
    fn contradictions_from_timeline_ends_answer_as_the_graph_does(picks in prop::collection::vec((prop::sample::select(vec![0u8, 3]), 0u8..1, 0u8..4, 0u8..5, 0u8..5, any::<bool>()), 20..120)) {
        let g = graph_from(&picks);
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        store::save(&graph, &g).unwrap();
        let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
        for roll_up in [false, true] {
            let cut = contradiction_view(&idx, roll_up, None, ContradictionScope::default()).unwrap();
            prop_assert_eq!(query::contradictions(&cut, roll_up), query::contradictions(&g, roll_up));
            let keys = contradiction_keys(&idx, roll_up, ContradictionScope::default()).unwrap();
            let mut got = query::contradictions_in(&keys, roll_up, ContradictionScope::default(), None, None).rows;
            fill(&idx, &mut got).unwrap();
            prop_assert_eq!(got, query::contradictions(&g, roll_up));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Stance evidence equal but for its sentence end (and text), which the
    /// timeline index orders by sentence end and the graph by row: the
    /// positions and contradictions read from the timelines' ends (in the
    /// index's order) answer as the graph does.
    #[test]
    fn timeline_ends_follow_the_graphs_order_among_ties(picks in prop::collection::vec((prop::sample::select(vec![0u8, 3]), 0u8..1, 0u8..4, 0u8..5, 0u8..5, any::<bool>()), 20..120)) {
        let mut g = graph_from(&picks);
        for s in &mut g.stances {
            for (j, e) in s.evidence.iter_mut().enumerate() {
                e.sentence.end = e.sentence.start + 30 + (j * 2) % 3;
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let graph = dir.path().join("g.ron");
        store::save(&graph, &g).unwrap();
        let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
        for roll_up in [false, true] {
            let whole = query::contradictions(&g, roll_up);
            let cut = contradiction_view(&idx, roll_up, None, ContradictionScope::default()).unwrap();
            prop_assert_eq!(&query::contradictions(&cut, roll_up), &whole);
            let keys = contradiction_keys(&idx, roll_up, ContradictionScope::default()).unwrap();
            let mut got = query::contradictions_in(&keys, roll_up, ContradictionScope::default(), None, None).rows;
            fill(&idx, &mut got).unwrap();
            prop_assert_eq!(&got, &whole);
            for limit in [1, 2, 3, 7] {
                let f = PositionFilter { actor: None, topic: None, roll_up, evidence_limit: Some(limit) };
                let (light, counts) = indexed::positions_view(&idx, &f, None).unwrap().unwrap();
                prop_assert_eq!(query::positions_counted(&light, &f, Some(&counts)), query::positions(&g, &f), "limit {}", limit);
            }
        }
    }
}

/// A reversal whose change sits where a timeline read is cut: three
/// demands equal but for their sentence end (the index orders them by it,
/// highest first, the graph by row), six later demands and one rejection
/// just before those, on their day. The row cites the last of the three.
#[test]
fn a_reversal_cut_among_equal_rows_cites_the_graphs_last() {
    let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2024, 2, d);
    let ev = |text: &str, article: &str, date: u32, start: usize, end: usize| Evidence {
        article: article.into(),
        span: Span::new(start, start + 10),
        sentence: Span::new(start, end),
        sentence_text: text.into(),
        cue: "said".into(),
        rule: "stance.z".into(),
        date: day(date),
        resolution: String::new().into(),
    };
    let mut demands: Vec<Evidence> = [("first of three", 60), ("second of three", 50), ("third of three", 40)].iter().map(|&(t, end)| ev(t, "art-a", 1, 0, end)).collect();
    demands.extend((1..=6).map(|k| ev(&format!("later {k}"), "art-b", 2, k * 100, k * 100 + 50)));
    let stance = |kind: StanceKind, evidence: Vec<Evidence>| Stance { id: store::stance_id("Ada Lind", kind, "truce"), actor: "Ada Lind".into(), stance: kind, topic: "truce".into(), evidence };
    let mut g = GraphData {
        topics: vec![TopicInfo { id: "truce".into(), label: "truce".into() }],
        stances: vec![stance(StanceKind::Demands, demands), stance(StanceKind::Rejects, vec![ev("the rejection", "art-b", 2, 50, 90)])],
        ..GraphData::default()
    };
    for (id, d) in [("art-a", 1), ("art-b", 2)] {
        g.articles.push(ArticleMeta { id: id.into(), path: format!("{id}.txt"), title: id.into(), date: day(d), source: None, byline: None, hash: String::new(), len: 900 });
    }
    g.normalize();
    let whole = query::contradictions(&g, false);
    let reversal = whole.iter().find(|c| c.kind == query::ContradictionKind::Reversal).unwrap();
    assert_eq!(reversal.first.evidence.sentence_text.as_str(), "third of three");
    let dir = tempfile::tempdir().unwrap();
    let graph = dir.path().join("g.ron");
    store::save(&graph, &g).unwrap();
    let idx = store::open_index(&graph, || {}, store::load_existing).unwrap();
    assert_eq!(query::contradictions(&contradiction_view(&idx, false, None, ContradictionScope::default()).unwrap(), false), whole);
    let keys = contradiction_keys(&idx, false, ContradictionScope::default()).unwrap();
    let mut got = query::contradictions_in(&keys, false, ContradictionScope::default(), None, None).rows;
    fill(&idx, &mut got).unwrap();
    assert_eq!(got, whole);
    for limit in 1..=4 {
        let f = PositionFilter { evidence_limit: Some(limit), ..PositionFilter::default() };
        let (light, counts) = indexed::positions_view(&idx, &f, None).unwrap().unwrap();
        assert_eq!(query::positions_counted(&light, &f, Some(&counts)), query::positions(&g, &f), "limit {limit}");
    }
}

/// `contradictions` as written before it paired runs of stances: every
/// demand against every rejection on a topic, one row per (kind, topic,
/// first actor, second actor) in a map, the row citing the most recent
/// evidence kept (the first met of equals).
fn contradictions_by_brute_force(g: &GraphData, roll_up: bool) -> Vec<query::Contradiction> {
    use claimgraph::model::evidence_key;
    use query::{ContradictionKind as K, Side};
    let country = |name: &str| g.actors.iter().any(|a| a.name == name && a.kind == ActorKind::Country);
    let counted = |s: &Stance| -> (String, Option<String>) {
        match g.actors.iter().find(|a| a.name == s.actor && a.kind == ActorKind::Person).and_then(|a| a.member_of.clone()) {
            Some(c) if roll_up && country(&c) => (c, Some(s.actor.clone())),
            _ => (s.actor.clone(), None),
        }
    };
    let mut all: Vec<(String, Option<String>, &Stance, Vec<&Evidence>)> = g
        .stances
        .iter()
        .map(|s| {
            let (actor, via) = counted(s);
            let mut ev: Vec<&Evidence> = s.evidence.iter().collect();
            ev.sort_by(|a, b| evidence_key(a).cmp(&evidence_key(b)));
            (actor, via, s, ev)
        })
        .collect();
    all.sort_by(|a, b| (&a.0, &a.2.topic, a.2.stance, &a.1).cmp(&(&b.0, &b.2.topic, b.2.stance, &b.1)));
    let side = |c: &(String, Option<String>, &Stance, Vec<&Evidence>), e: &Evidence| Side { actor: c.0.clone(), via: c.1.clone(), stance: c.2.stance, evidence: e.clone() };
    let mut rows: std::collections::BTreeMap<(K, String, String, String), query::Contradiction> = std::collections::BTreeMap::new();
    let mut keep = |c: query::Contradiction| {
        let recency = |c: &query::Contradiction| evidence_key(&c.first.evidence).max(evidence_key(&c.second.evidence)).0;
        let key = (c.kind, c.topic.clone(), c.first.actor.clone(), c.second.actor.clone());
        if rows.get(&key).is_none_or(|old| recency(&c) > recency(old)) {
            rows.insert(key, c);
        }
    };
    let is = |e: &Evidence, prefix: &str| e.rule.split('+').next().unwrap_or("").starts_with(prefix);
    for d in all.iter().filter(|c| c.2.stance == StanceKind::Demands) {
        for r in all.iter().filter(|c| c.2.stance == StanceKind::Rejects && c.2.topic == d.2.topic) {
            let row = |kind, first: (&_, &Evidence), second: (&_, &Evidence)| query::Contradiction { kind, topic: d.2.topic.clone(), topic_label: format!("{} label", d.2.topic), first: side(first.0, first.1), second: side(second.0, second.1) };
            if d.0 == r.0 {
                let mut timeline: Vec<(&Evidence, _)> = d.3.iter().map(|e| (*e, d)).chain(r.3.iter().map(|e| (*e, r))).collect();
                timeline.sort_by(|a, b| evidence_key(a.0).cmp(&evidence_key(b.0)));
                for w in timeline.windows(2) {
                    if w[0].1.2.stance != w[1].1.2.stance {
                        keep(row(K::Reversal, (w[0].1, w[0].0), (w[1].1, w[1].0)));
                    }
                }
                continue;
            }
            let claim = d.3.iter().rfind(|e| is(e, query::CLAIM_RULE_PREFIX));
            let denial = r.3.iter().rfind(|e| is(e, query::DENIAL_RULE_PREFIX));
            if let (Some(c), Some(n)) = (claim, denial) {
                keep(row(K::ClaimDenial, (d, c), (r, n)));
            }
            let de = d.3.iter().rfind(|e| !is(e, query::CLAIM_RULE_PREFIX));
            let re = r.3.iter().rfind(|e| !is(e, query::DENIAL_RULE_PREFIX));
            if let (Some(de), Some(re)) = (de, re) {
                keep(row(K::BetweenActors, (d, de), (r, re)));
            }
        }
    }
    rows.into_values().collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    /// Pairing runs of one actor's stances finds the rows, in the order,
    /// that pairing every demand with every rejection through a map does.
    #[test]
    fn contradictions_pair_runs_as_brute_force_does(picks in prop::collection::vec((0u8..4, 0u8..3, 0u8..4, 0u8..5, 0u8..5, any::<bool>()), 1..90)) {
        let g = graph_from(&picks);
        for roll_up in [false, true] {
            prop_assert_eq!(query::contradictions(&g, roll_up), contradictions_by_brute_force(&g, roll_up));
        }
    }
}

fn part_files(graph: &Path) -> BTreeSet<String> {
    std::fs::read_dir(store::split::parts_dir(graph)).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect()
}

/// A small ingest into a large graph with a current index appends one log
/// part and rewrites no other part; the graph reads exactly as the same
/// ingest through a full rewrite gives, the index equals a rebuild, and a
/// full save folds the log back into the parts.
#[test]
fn a_small_ingest_appends_to_the_log_and_reads_as_a_full_rewrite() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 17, 16);
    let graph = dir.path().join("logged/g.ron");
    let plain = dir.path().join("plain/g.ron");
    let first: Vec<&Path> = paths[..12].iter().map(PathBuf::as_path).collect();
    assert!(ingest(&graph, &first).status().unwrap().success());
    let base = store::load_existing(&graph).unwrap();
    store::save_as(&graph, &base, Layout::Split).unwrap();
    store::save_as(&plain, &base, Layout::Split).unwrap();
    drop(store::open_index(&graph, || {}, store::load_existing).unwrap());

    let before = part_files(&graph);
    let mut steps: Vec<Vec<&Path>> = vec![vec![&paths[12]], vec![&paths[13], &paths[14]], vec![&paths[15], &paths[2]]];
    // An article whose text changed: re-extracted, its old evidence gone.
    let changed = dir.path().join("changed.txt");
    let text = std::fs::read_to_string(&paths[5]).unwrap();
    std::fs::write(&changed, text.replacen(". ", ". The minister said the talks would go on. ", 2)).unwrap();
    steps.push(vec![changed.as_path()]);
    for (i, step) in steps.iter().enumerate() {
        let out = ingest(&graph, step).arg("--json").output().unwrap();
        assert!(out.status.success());
        assert!(ingest(&plain, step).status().unwrap().success());
        let now = part_files(&graph);
        let added: Vec<&String> = now.difference(&before).collect();
        assert!(before.is_subset(&now), "step {i}: a part was rewritten");
        assert_eq!(added.len(), i + 1, "step {i}: {added:?}");
        assert!(added.iter().all(|f| f.starts_with("log-")), "{added:?}");
        let logged = store::load_existing(&graph).unwrap();
        assert_eq!(logged, store::load_existing(&plain).unwrap(), "step {i}: the log reads differently from a rewrite");
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["statements"].as_u64().unwrap() as usize, logged.statements.len());
        assert_eq!(report["actors"].as_u64().unwrap() as usize, logged.actors.len());
        assert_same_dump(&dump(&index::index_path(&graph)), &fresh_dump(dir.path(), &graph), &format!("step {i}"));
        assert_eq!(store::load_stances(&graph, None).unwrap(), store::load_stances(&plain, None).unwrap());
        assert!(store::check(&graph).is_ok());
    }
    let verify = Command::cargo_bin("claimgraph").unwrap().arg("verify").arg("--graph").arg(&graph).output().unwrap();
    assert!(verify.status.success(), "{}", String::from_utf8_lossy(&verify.stdout));
    let answers = |g: &Path| {
        let out = Command::cargo_bin("claimgraph").unwrap().args(["positions", "--json", "--graph"]).arg(g).output().unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(answers(&graph), answers(&plain));

    // A full save compacts: no log parts, the same graph.
    let logged = store::load_existing(&graph).unwrap();
    store::save(&graph, &logged).unwrap();
    assert!(part_files(&graph).iter().all(|f| !f.starts_with("log-")));
    assert_eq!(store::load_existing(&graph).unwrap(), logged);
    assert!(index::open_fresh(&graph).unwrap().is_some());
}

/// Two small ingests running at once into a graph with a current index
/// both land, through the log, and the index follows both.
#[test]
fn concurrent_appends_both_land() {
    let dir = tempfile::tempdir().unwrap();
    let paths = write_corpus(dir.path(), 19, 14);
    let graph = dir.path().join("g.ron");
    let first: Vec<&Path> = paths[..6].iter().map(PathBuf::as_path).collect();
    assert!(ingest(&graph, &first).status().unwrap().success());
    let base = store::load_existing(&graph).unwrap();
    store::save_as(&graph, &base, Layout::Split).unwrap();
    drop(store::open_index(&graph, || {}, store::load_existing).unwrap());
    let children: Vec<_> = [&paths[6..10], &paths[10..]]
        .iter()
        .map(|batch| ingest(&graph, &batch.iter().map(PathBuf::as_path).collect::<Vec<_>>()).stdout(Stdio::null()).spawn().unwrap())
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let g = store::load_existing(&graph).unwrap();
    assert_eq!(g.articles.len(), 14);
    assert!(part_files(&graph).iter().filter(|f| f.starts_with("log-")).count() == 2);
    assert_same_dump(&dump(&index::index_path(&graph)), &fresh_dump(dir.path(), &graph), "after two concurrent appends");
}
