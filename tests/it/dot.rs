//! DOT views, rendering, and the GraphML / CSV exports, on a made-up graph
//! whose names and quotes need escaping.

use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use chrono::NaiveDate;
use claimgraph::export::dot::{View, ViewFilter, quote_id, to_dot};
use claimgraph::export::render::{ImageFormat, Renderer, RendererChoice, builtin_svg, render};
use claimgraph::export::{csv as csv_export, graphml};
use claimgraph::model::{Actor, ActorKind, ArticleMeta, Evidence, Gender, QuoteKind, Span, Stance, StanceKind, Statement};
use claimgraph::store::{self, GraphData, TopicInfo};

pub const MULLER: &str = r#"Jürgen "JM" Müller"#;
pub const ORSTED: &str = "Zoë Ørsted";
pub const SLASH: &str = r"Dr. Back\Slash";
pub const SPOKES: &str = "Spokesperson <b>X</b>";
/// Long, with a quote, a backslash and a line break: shortened in labels,
/// whole in tooltips.
pub const LONG_QUOTE: &str = "We will not accept a \"temporary\" fix stored under C:\\temp\\deal,\nand we will say so at every summit until the ports reopen";

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn ev(article: &str, day: &str, sentence: &str, rule: &str) -> Evidence {
    Evidence {
        article: article.into(),
        span: Span::new(0, sentence.len()),
        sentence: Span::new(0, sentence.len()),
        sentence_text: sentence.into(),
        cue: "said".into(),
        rule: rule.into(),
        date: Some(date(day)),
        resolution: "named before cue".into(),
    }
}

fn actor(name: &str, kind: ActorKind, member_of: Option<&str>) -> Actor {
    Actor {
        name: name.to_string(),
        kind,
        member_of: member_of.map(str::to_string),
        rule: "test-actor".to_string(),
        gender: None,
    }
}

fn stance(id: &str, who: &str, s: StanceKind, topic: &str, evidence: Vec<Evidence>) -> Stance {
    Stance {
        id: id.to_string(),
        actor: who.to_string(),
        stance: s,
        topic: topic.to_string(),
        evidence,
    }
}

/// A small graph: two countries with members, an organisation, a speaker
/// not in the rules, opposite stances between actors and a reversal.
pub fn fixture() -> GraphData {
    let a1 = "art-0000000000a1";
    let a2 = "art-0000000000a2";
    GraphData {
        articles: vec![
            ArticleMeta {
                id: a1.to_string(),
                path: "fixtures/talks.txt".to_string(),
                title: r#"Talks & "truths""#.to_string(),
                date: Some(date("2026-01-10")),
                source: Some("The Daily <Test>".to_string()),
                byline: None,
                hash: "00".repeat(32),
                len: 1000,
            },
            ArticleMeta {
                id: a2.to_string(),
                path: "fixtures/ports.txt".to_string(),
                title: "Ports stay shut".to_string(),
                date: Some(date("2026-02-01")),
                source: None,
                byline: None,
                hash: "11".repeat(32),
                len: 800,
            },
        ],
        actors: vec![
            actor("Freedonia", ActorKind::Country, None),
            actor("Ruritania", ActorKind::Country, None),
            Actor {
                gender: Some(Gender::Male),
                ..actor(MULLER, ActorKind::Person, Some("Freedonia"))
            },
            Actor {
                gender: Some(Gender::Female),
                ..actor(ORSTED, ActorKind::Person, Some("Ruritania"))
            },
            actor(SLASH, ActorKind::Person, None),
            actor("Union of Ports", ActorKind::Organization, None),
            actor("Quiet Person", ActorKind::Person, Some("Ruritania")),
        ],
        topics: vec![
            TopicInfo {
                id: "sanctions".to_string(),
                label: "Sanctions".to_string(),
            },
            TopicInfo {
                id: "ceasefire".to_string(),
                label: "Ceasefire".to_string(),
            },
        ],
        statements: vec![
            Statement {
                id: "st-000000000001".to_string(),
                speaker: MULLER.to_string(),
                kind: QuoteKind::Direct,
                text: LONG_QUOTE.to_string(),
                evidence: vec![ev(a1, "2026-01-10", "Müller said the fix was no fix.", "speech-said")],
            },
            Statement {
                id: "st-000000000002".to_string(),
                speaker: ORSTED.to_string(),
                kind: QuoteKind::Indirect,
                text: "the sanctions would hurt Ruritania's farmers".to_string(),
                evidence: vec![
                    ev(a1, "2026-01-12", "Ørsted warned the sanctions would hurt farmers.", "speech-warned"),
                    ev(a2, "2026-02-01", "Ørsted repeated the warning.", "speech-repeated"),
                ],
            },
            Statement {
                id: "st-000000000003".to_string(),
                speaker: SPOKES.to_string(),
                kind: QuoteKind::Direct,
                text: "No comment <yet> & none later".to_string(),
                evidence: vec![ev(a2, "2026-02-01", "A spokesperson said: no comment.", "speech-said")],
            },
            Statement {
                id: "st-000000000004".to_string(),
                speaker: SLASH.to_string(),
                kind: QuoteKind::Direct,
                text: r"Paths like \\server\share are fine".to_string(),
                evidence: vec![ev(a2, "2026-02-01", r"Back\Slash said paths are fine.", "speech-said")],
            },
        ],
        stances: vec![
            stance(
                "sn-000000000001",
                MULLER,
                StanceKind::Demands,
                "sanctions",
                vec![ev(a1, "2026-01-10", "Müller called for sanctions.", "demand-call-for")],
            ),
            stance(
                "sn-000000000002",
                ORSTED,
                StanceKind::Rejects,
                "sanctions",
                vec![ev(a1, "2026-01-12", "Ørsted rejected \"any\" sanctions.", "reject-rejected")],
            ),
            stance(
                "sn-000000000003",
                "Freedonia",
                StanceKind::Demands,
                "ceasefire",
                vec![ev(a1, "2026-01-10", "Freedonia demanded a ceasefire.", "demand-demanded")],
            ),
            stance(
                "sn-000000000004",
                "Freedonia",
                StanceKind::Rejects,
                "ceasefire",
                vec![ev(a2, "2026-02-01", "Freedonia now rejects a ceasefire.", "reject-rejects")],
            ),
            stance(
                "sn-000000000005",
                "Union of Ports",
                StanceKind::Demands,
                "ceasefire",
                vec![ev(a2, "2026-02-01", "The union urged a ceasefire.", "demand-urged")],
            ),
        ],
        ..GraphData::default()
    }
}

/// Every DOT output the tests check against Graphviz: the three views whole
/// and filtered.
fn all_views(g: &GraphData) -> Vec<(String, String)> {
    let filters = [
        ("all", ViewFilter::default()),
        (
            "actor",
            ViewFilter {
                actor: Some("müller".to_string()),
                ..ViewFilter::default()
            },
        ),
        (
            "topic",
            ViewFilter {
                topic: Some("Ceasefire".to_string()),
                ..ViewFilter::default()
            },
        ),
        (
            "since",
            ViewFilter {
                since: Some(date("2026-01-11")),
                ..ViewFilter::default()
            },
        ),
    ];
    let mut out = Vec::new();
    for view in View::ALL {
        for (name, f) in &filters {
            out.push((format!("{}-{name}", view.name()), to_dot(g, view, f)));
        }
    }
    out
}

/// Whether an external tool can be used (see [`crate::require`]).
pub fn have_tool(program: &str, version_arg: &str, package: &str) -> bool {
    let found = Command::new(program).arg(version_arg).output().is_ok_and(|o| o.status.success());
    crate::require(&format!("`{program}` (apt-get install {package})"), found)
}

fn run_dot(dot: &str, format: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
    child.wait_with_output().unwrap()
}

pub fn write_graph(dir: &Path, g: &GraphData) -> PathBuf {
    let path = dir.join("graph.ron");
    std::fs::write(&path, store::to_ron(g).unwrap()).unwrap();
    path
}

#[test]
fn dot_view_who_said_what_snapshot() {
    insta::assert_snapshot!("who_said_what", to_dot(&fixture(), View::WhoSaidWhat, &ViewFilter::default()));
}

#[test]
fn dot_view_stances_snapshot() {
    insta::assert_snapshot!("stances", to_dot(&fixture(), View::Stances, &ViewFilter::default()));
}

#[test]
fn dot_view_contradictions_snapshot() {
    insta::assert_snapshot!("contradictions", to_dot(&fixture(), View::Contradictions, &ViewFilter::default()));
}

#[test]
fn dot_escapes_quotes_backslashes_newlines_and_keeps_utf8() {
    let dot = to_dot(&fixture(), View::WhoSaidWhat, &ViewFilter::default());
    assert!(dot.contains(r#""Jürgen \"JM\" Müller""#), "{dot}");
    assert!(dot.contains(r#""Dr. Back\\Slash""#), "{dot}");
    // The long quote: newline escaped, backslashes doubled, label shortened.
    assert!(dot.contains(r"C:\\temp\\deal,\nand we will say so"), "{dot}");
    assert!(!dot.contains("deal,\nand"), "raw newline inside a quoted id");
    assert!(dot.contains("…”"), "long quote not shortened: {dot}");
    // Names and labels are not ASCII-folded.
    assert!(dot.contains("Zoë Ørsted"));
}

/// What Graphviz drew: the text of every `<text>` element and every
/// tooltip (`xlink:title`), entities decoded.
fn svg_texts_and_tooltips(svg: &str) -> (Vec<String>, Vec<String>) {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(svg);
    let (mut texts, mut tooltips) = (Vec::new(), Vec::new());
    // The text of the <text> element being read, when inside one.
    let mut current: Option<String> = None;
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => {
                if e.name().as_ref() == "text" {
                    current = Some(String::new());
                }
                if let Some(a) = e.try_get_attribute("xlink:title").unwrap() {
                    tooltips.push(a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned());
                }
            }
            Event::Text(t) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(t.as_ref());
                }
            }
            Event::GeneralRef(r) => {
                let c = match r.as_ref() {
                    "quot" => '"',
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "apos" => '\'',
                    other => r.resolve_char_ref().unwrap().unwrap_or_else(|| panic!("unknown entity {other}")),
                };
                if let Some(cur) = current.as_mut() {
                    cur.push(c);
                }
            }
            Event::End(e) if e.name().as_ref() == "text" => texts.extend(current.take()),
            _ => {}
        }
    }
    (texts, tooltips)
}

#[test]
fn dot_quote_id_round_trips_through_graphviz() {
    if !have_tool("dot", "-V", "graphviz") {
        return;
    }
    let dot = to_dot(&fixture(), View::WhoSaidWhat, &ViewFilter::default());
    let out = run_dot(&dot, "svg");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (texts, tooltips) = svg_texts_and_tooltips(&String::from_utf8(out.stdout).unwrap());
    // Labels come out exactly as the names were written.
    for name in [MULLER, SLASH, ORSTED, SPOKES] {
        assert!(texts.iter().any(|t| t == name), "{name} not drawn; texts: {texts:?}");
    }
    // The tooltip holds the whole quote, line break and backslashes intact.
    assert!(tooltips.iter().any(|t| t.starts_with(LONG_QUOTE)), "{tooltips:?}");
    // One quote_id used as a label on its own.
    let id = match quote_id("a \"b\" \\ c\\") {
        graphviz_rust::dot_structures::Id::Escaped(s) => s,
        other => panic!("{other:?}"),
    };
    let out = run_dot(&format!("digraph {{ n [label={id}] }}"), "svg");
    let (texts, _) = svg_texts_and_tooltips(&String::from_utf8(out.stdout).unwrap());
    assert_eq!(texts, ["a \"b\" \\ c\\"]);
}

#[test]
fn dot_every_view_renders_with_graphviz() {
    if !have_tool("dot", "-V", "graphviz") {
        return;
    }
    for (name, dot) in all_views(&fixture()) {
        let out = run_dot(&dot, "svg");
        assert!(out.status.success(), "{name}: {}\n{dot}", String::from_utf8_lossy(&out.stderr));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.trim().is_empty(), "{name}: dot warned: {stderr}");
        let svg = String::from_utf8(out.stdout).unwrap();
        assert!(svg.contains("<svg"), "{name}");
    }
    // Also an empty graph.
    let empty = to_dot(&GraphData::default(), View::Stances, &ViewFilter::default());
    assert!(run_dot(&empty, "svg").status.success());
}

#[test]
fn dot_stance_colours_and_country_clusters() {
    let dot = to_dot(&fixture(), View::Stances, &ViewFilter::default());
    let line = |needle: &str| dot.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {dot}"));
    let demand = line(r#""Jürgen \"JM\" Müller" -> "topic:sanctions""#);
    assert!(demand.contains("forestgreen") && demand.contains("demands 2026-01-10"), "{demand}");
    let reject = line(r#""Zoë Ørsted" -> "topic:sanctions""#);
    assert!(reject.contains("firebrick") && reject.contains("rejects 2026-01-12"), "{reject}");
    // Müller sits in Freedonia's cluster, Ørsted in Ruritania's.
    let cluster = |country: &str| {
        let start = dot.find(&format!("subgraph \"cluster_{country}\"")).unwrap_or_else(|| panic!("{dot}"));
        let end = start + dot[start..].find('}').unwrap();
        dot[start..end].to_string()
    };
    assert!(cluster("Freedonia").contains("Müller"));
    assert!(cluster("Ruritania").contains("Ørsted"));
    assert!(!cluster("Ruritania").contains("Quiet Person"), "actor with nothing in this view drawn");
}

#[test]
fn dot_filters_by_actor_topic_and_date() {
    let g = fixture();
    let by_actor = to_dot(
        &g,
        View::Stances,
        &ViewFilter {
            actor: Some("müller".to_string()),
            ..ViewFilter::default()
        },
    );
    assert!(by_actor.contains("topic:sanctions") && !by_actor.contains("topic:ceasefire"), "{by_actor}");
    assert!(!by_actor.contains("Ørsted"));
    let by_topic = to_dot(
        &g,
        View::Stances,
        &ViewFilter {
            topic: Some("ceasefire".to_string()),
            ..ViewFilter::default()
        },
    );
    assert!(by_topic.contains("Union of Ports") && !by_topic.contains("Müller"), "{by_topic}");
    let since = to_dot(
        &g,
        View::WhoSaidWhat,
        &ViewFilter {
            since: Some(date("2026-01-11")),
            ..ViewFilter::default()
        },
    );
    assert!(!since.contains("st-000000000001"), "statement from 2026-01-10 kept: {since}");
    assert!(since.contains("st-000000000002"));
}

#[test]
fn dot_contradictions_view_links_both_sides() {
    let dot = to_dot(&fixture(), View::Contradictions, &ViewFilter::default());
    let line = |needle: &str| dot.lines().find(|l| l.contains(needle)).unwrap_or_else(|| panic!("{needle}: {dot}"));
    // Müller demands what Ørsted rejects: both lead into the sanctions hub,
    // whose tooltip cites both sides.
    let hub = line(r#""topic:sanctions"[label="Sanctions\n1 contradiction""#);
    assert!(hub.contains("Müller called for sanctions.") && hub.contains(r#"rejected \"any\" sanctions"#), "{hub}");
    assert!(line(r#""Jürgen \"JM\" Müller" -> "topic:sanctions""#).contains("forestgreen"));
    assert!(line(r#""Zoë Ørsted" -> "topic:sanctions""#).contains("firebrick"));
    // Freedonia reversed itself and also contradicts the union: two
    // contradictions on one hub, Freedonia with an edge of each colour.
    let hub = line(r#""topic:ceasefire"[label="Ceasefire\n2 contradictions""#);
    assert!(hub.contains("(reversal)") && hub.contains("(between actors)"), "{hub}");
    assert_eq!(dot.matches(r#""Freedonia" -> "topic:ceasefire""#).count(), 2);
    // Actors with no contradiction stay out.
    assert!(!dot.contains("Back\\Slash"));
}

#[test]
fn dot_cli_writes_the_view() {
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &fixture());
    let out = dir.path().join("views/stances.dot");
    cargo_bin_cmd!("claimgraph")
        .args(["dot", "--view", "stances", "--actor", "Ørsted", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let written = std::fs::read_to_string(&out).unwrap();
    let expected = to_dot(
        &fixture(),
        View::Stances,
        &ViewFilter {
            actor: Some("Ørsted".to_string()),
            ..ViewFilter::default()
        },
    );
    assert_eq!(written, expected);
}

#[test]
fn dot_cli_missing_graph_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    cargo_bin_cmd!("claimgraph")
        .args(["dot", "-g"])
        .arg(dir.path().join("nope.ron"))
        .arg("-o")
        .arg(dir.path().join("x.dot"))
        .assert()
        .failure()
        .stderr(predicates::str::contains("nope.ron"));
}

#[test]
fn render_builtin_layout_draws_svg_without_graphviz() {
    for (name, dot) in all_views(&fixture()) {
        let svg = builtin_svg(&dot).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(svg.contains("<svg"), "{name}: {svg}");
    }
    let dot = to_dot(&fixture(), View::Stances, &ViewFilter::default());
    assert!(builtin_svg(&dot).unwrap().contains("Ørsted"));
    let r = render(&dot, ImageFormat::Svg, RendererChoice::Builtin).unwrap();
    assert_eq!(r.renderer, Renderer::Builtin);
    let png = render(&dot, ImageFormat::Png, RendererChoice::Builtin).unwrap_err();
    assert!(png.to_string().contains("PNG needs Graphviz"), "{png}");
}

#[test]
fn render_cli_says_which_renderer_drew_it() {
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &fixture());
    let svg = dir.path().join("w.svg");
    cargo_bin_cmd!("claimgraph")
        .env("CLAIMGRAPH_RENDERER", "builtin")
        .args(["render", "--view", "who-said-what", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&svg)
        .assert()
        .success()
        .stderr(predicates::str::contains("built-in layout (layout-rs)"));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
    if !have_tool("dot", "-V", "graphviz") {
        return;
    }
    let png = dir.path().join("s.png");
    cargo_bin_cmd!("claimgraph")
        .env_remove("CLAIMGRAPH_RENDERER")
        .args(["render", "--view", "stances", "-f", "png", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&png)
        .assert()
        .success()
        .stderr(predicates::str::contains("rendered with Graphviz dot"));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
}

#[test]
fn export_graphml_declares_typed_keys_and_escapes() {
    let xml = graphml::to_graphml(&fixture());
    insta::assert_snapshot!("graphml", xml);
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &fixture());
    let out = dir.path().join("g.graphml");
    cargo_bin_cmd!("claimgraph")
        .args(["export", "--format", "graphml", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    assert_eq!(std::fs::read_to_string(&out).unwrap(), xml);
    assert!(xml.contains(r#"attr.name="evidence_count" attr.type="int""#));
    assert!(xml.contains(r#"attr.name="weight" attr.type="double""#));
    assert!(xml.contains("Jürgen &quot;JM&quot; Müller"));
    assert!(xml.contains("Spokesperson &lt;b&gt;X&lt;/b&gt;"));
    // Well-formed, and every edge end is a node.
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut nodes, mut ends) = (std::collections::BTreeSet::new(), Vec::new());
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Eof => break,
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                let attr = |k: &str| {
                    e.try_get_attribute(k)
                        .unwrap()
                        .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
                };
                match e.name().as_ref() {
                    "node" => {
                        nodes.insert(attr("id").unwrap());
                    }
                    "edge" => {
                        ends.push(attr("source").unwrap());
                        ends.push(attr("target").unwrap());
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }
    assert!(nodes.contains(MULLER));
    for end in ends {
        assert!(nodes.contains(&end), "edge end {end} is not a node");
    }
}

#[test]
fn export_csv_writes_nodes_and_edges() {
    let dir = tempfile::tempdir().unwrap();
    let graph = write_graph(dir.path(), &fixture());
    let out = dir.path().join("csv");
    cargo_bin_cmd!("claimgraph")
        .args(["export", "--format", "csv", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let nodes = std::fs::read_to_string(out.join("nodes.csv")).unwrap();
    let edges = std::fs::read_to_string(out.join("edges.csv")).unwrap();
    assert_eq!(nodes, csv_export::nodes_csv(&fixture()));
    insta::assert_snapshot!("edges_csv", edges);
    let mut r = csv::Reader::from_reader(nodes.as_bytes());
    assert_eq!(r.headers().unwrap().iter().take(2).collect::<Vec<_>>(), ["Id", "Label"]);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let long = rows.iter().find(|r| &r[0] == "st-000000000001").unwrap();
    assert_eq!(&long[7], LONG_QUOTE, "full text survives CSV quoting");
    assert!(rows.iter().any(|r| &r[0] == MULLER && &r[3] == "person" && &r[4] == "Freedonia" && &r[5] == "male"));
    assert!(rows.iter().any(|r| &r[0] == "Freedonia" && r[5].is_empty()), "no gender for a country");
    let mut r = csv::Reader::from_reader(edges.as_bytes());
    assert_eq!(r.headers().unwrap().iter().take(4).collect::<Vec<_>>(), ["Id", "Source", "Target", "Type"]);
    assert!(r.records().map(Result::unwrap).any(|e| &e[1] == ORSTED && &e[4] == "rejects"));
}
