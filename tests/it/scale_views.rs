//! Diagrams and the report on a graph too large to draw whole: the caps
//! keep the most active actors and topics, share the statements among
//! them, say what they left out, and change nothing on a graph inside them.

use assert_cmd::cargo::cargo_bin_cmd;
use chrono::NaiveDate;
use claimgraph::export::dot::{View, ViewFilter, to_dot};
use claimgraph::export::render::RendererChoice;
use claimgraph::export::report::{ReportOptions, report_html, report_html_with};
use claimgraph::export::scope::{Cap, to_dot_capped};
use claimgraph::model::{Actor, ActorKind, ArticleMeta, Evidence, QuoteKind, Span, Stance, StanceKind, Statement};
use claimgraph::store::{GraphData, TopicInfo};

use super::dot::{fixture, write_graph};

fn ev(article: usize, day: u32) -> Evidence {
    let sentence = format!("Sentence {day} of article {article}.");
    Evidence {
        article: format!("art-{article:012}").into(),
        span: Span::new(0, sentence.len()),
        sentence: Span::new(0, sentence.len()),
        sentence_text: sentence.into(),
        cue: "said".into(),
        rule: "speech-said".into(),
        date: NaiveDate::from_ymd_opt(2026, 1, day.clamp(1, 28)),
        resolution: "named before cue".into(),
    }
}

/// `Speaker k` (k = 0..actors) makes k + 1 statements, each said once, and
/// takes a stance on topic `t{k % topics}`; speaker 0 also repeats one
/// statement `repeats` times.
fn wide(actors: usize, topics: usize, repeats: usize) -> GraphData {
    let mut g = GraphData {
        articles: (0..=actors)
            .map(|i| ArticleMeta {
                id: format!("art-{i:012}"),
                path: format!("wide/{i}.txt"),
                title: format!("Article {i}"),
                date: NaiveDate::from_ymd_opt(2026, 1, 1),
                source: None,
                byline: None,
                hash: format!("{i:064}"),
                len: 100,
            })
            .collect(),
        topics: (0..topics).map(|t| TopicInfo { id: format!("t{t}"), label: format!("Topic {t}") }).collect(),
        ..GraphData::default()
    };
    for k in 0..actors {
        let name = format!("Speaker {k}");
        g.actors.push(Actor { name: name.clone(), kind: ActorKind::Person, member_of: None, rule: "test".to_string(), gender: None });
        for j in 0..=k {
            let mut evidence = vec![ev(k, j as u32 + 1)];
            if k == 0 {
                evidence.extend((0..repeats).map(|r| ev(actors, r as u32 + 1)));
            }
            g.statements.push(Statement {
                id: format!("st-{k:04}-{j:04}"),
                speaker: name.clone(),
                kind: QuoteKind::Direct,
                text: format!("Statement {j} by speaker {k}"),
                evidence,
            });
        }
        let stance = if k % 2 == 0 { StanceKind::Demands } else { StanceKind::Rejects };
        g.stances.push(Stance {
            id: format!("sn-{k:04}"),
            actor: name,
            stance,
            topic: format!("t{}", k % topics),
            evidence: (0..=k).map(|j| ev(k, j as u32 + 1)).collect(),
        });
    }
    g
}

fn statement_nodes(dot: &str) -> usize {
    dot.lines().filter(|l| l.contains("shape=\"note\"")).count()
}

#[test]
fn capped_who_said_what_keeps_the_most_active_and_shares_the_statements() {
    let g = wide(40, 4, 0);
    let cap = Cap { actors: Some(5), statements: Some(12), ..Cap::READABLE };
    let (dot, omitted) = to_dot_capped(&g, View::WhoSaidWhat, &ViewFilter::default(), &cap);
    assert_eq!(omitted.actors, Some((5, 40)));
    let total: usize = (35..40).map(|k| k + 1).sum();
    assert_eq!(omitted.statements, Some((12, total)));
    assert_eq!(statement_nodes(&dot), 12);
    // The five most active speakers, none of the quiet ones.
    for k in 35..40 {
        assert!(dot.contains(&format!("\"Speaker {k}\" ->")), "Speaker {k} missing");
    }
    assert!(!dot.contains("\"Speaker 34\""));
    // Taken in turns: each shown speaker has at least two statements.
    for k in 35..40 {
        assert!(dot.matches(&format!("\"Speaker {k}\" ->")).count() >= 2, "Speaker {k}");
    }
    let note = omitted.note().unwrap();
    assert!(note.contains("the 5 most active of 40 actors"), "{note}");
    assert!(note.contains("--top-actors") && note.contains("--top-statements"), "{note}");
    assert!(dot.contains(&note), "the diagram's title says what was left out");
}

#[test]
fn capped_views_keep_the_actor_the_filter_names() {
    let g = wide(40, 4, 0);
    let cap = Cap { actors: Some(5), ..Cap::READABLE };
    let filter = ViewFilter { actor: Some("Speaker 2".to_string()), ..ViewFilter::default() };
    let (dot, _) = to_dot_capped(&g, View::WhoSaidWhat, &filter, &cap);
    assert_eq!(statement_nodes(&dot), 3);
    let (stances, _) = to_dot_capped(&g, View::Stances, &filter, &cap);
    assert!(stances.contains("\"Speaker 2\" -> \"topic:t2\""), "{stances}");
}

#[test]
fn capped_stance_views_keep_the_top_topics() {
    let g = wide(12, 6, 0);
    let cap = Cap { topics: Some(2), ..Cap::READABLE };
    let (dot, omitted) = to_dot_capped(&g, View::Stances, &ViewFilter::default(), &cap);
    assert_eq!(omitted.topics, Some((2, 6)));
    // Topic 5 (speakers 5 and 11) and 4 (speakers 4 and 10) carry the most.
    assert!(dot.contains("\"topic:t5\"") && dot.contains("\"topic:t4\""));
    assert!(!dot.contains("\"topic:t0\""));
}

#[test]
fn tooltips_list_the_newest_evidence_and_count_the_rest() {
    let g = wide(3, 2, 14);
    let (capped, omitted) = to_dot_capped(&g, View::WhoSaidWhat, &ViewFilter::default(), &Cap::READABLE);
    assert!(omitted.is_empty());
    assert!(capped.contains("… 5 older evidences not listed"), "{capped}");
    // Counter-example: without the cap every evidence is listed.
    let whole = to_dot(&g, View::WhoSaidWhat, &ViewFilter::default());
    assert!(!whole.contains("not listed"));
}

#[test]
fn a_graph_inside_the_caps_is_drawn_as_without_them() {
    let g = fixture();
    for view in View::ALL {
        let (capped, omitted) = to_dot_capped(&g, view, &ViewFilter::default(), &Cap::READABLE);
        assert!(omitted.is_empty(), "{view:?}");
        assert_eq!(capped, to_dot(&g, view, &ViewFilter::default()), "{view:?}");
    }
    // The diagrams' DOT is compared above; the built-in layout places
    // nodes differently from run to run, so the pictures are left out here.
    let (whole, _) = report_html(&g, RendererChoice::Builtin).unwrap();
    let (capped, _) = report_html_with(&g, RendererChoice::Builtin, &ReportOptions::READABLE).unwrap();
    assert_eq!(without_pictures(&capped), without_pictures(&whole));
}

fn without_pictures(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(i) = rest.find("<svg") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("</svg>").map_or("", |j| &rest[i + j + "</svg>".len()..]);
    }
    out.push_str(rest);
    assert!(out.contains("Contradictions") && !out.contains("<svg"));
    out
}

#[test]
fn capped_report_says_what_it_left_out_and_how_to_see_it() {
    let g = wide(30, 3, 0);
    let opts = ReportOptions { rows: Some(4), list_rows: Some(10), cap: Cap { actors: Some(6), ..Cap::READABLE } };
    let (page, _) = report_html_with(&g, RendererChoice::Builtin, &opts).unwrap();
    assert!(page.contains("Showing the 6 most active of 30 actors"), "actors cut");
    assert_eq!(page.matches("<section class=\"actor\"").count(), 6);
    assert!(page.contains("Showing the 4 newest of 30 statement occurrences"));
    assert!(page.contains("claimgraph who-said --actor &quot;Speaker 29&quot;"));
    assert!(page.contains("Showing the 10 newest of 31 articles"));
    assert!(page.contains("30 actors with statements or stances"), "the summary counts them all");
    assert!(!page.contains("id=\"actor-0-Speaker-0\""));
}

#[test]
fn dot_cli_caps_by_default_and_zero_lifts_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &wide(30, 3, 0));
    let capped = cargo_bin_cmd!("claimgraph").args(["dot", "-g"]).arg(&graph).output().unwrap();
    assert!(capped.status.success());
    let stderr = String::from_utf8_lossy(&capped.stderr);
    assert!(stderr.contains("the 25 most active of 30 actors"), "{stderr}");
    assert_eq!(statement_nodes(&String::from_utf8_lossy(&capped.stdout)), 100);
    let all = cargo_bin_cmd!("claimgraph")
        .args(["dot", "--top-actors", "0", "--top-statements", "0", "-g"])
        .arg(&graph)
        .output()
        .unwrap();
    assert!(all.status.success());
    assert!(!String::from_utf8_lossy(&all.stderr).contains("Showing"));
    assert_eq!(statement_nodes(&String::from_utf8_lossy(&all.stdout)), (1..=30).sum::<usize>());
}

