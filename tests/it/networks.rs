//! Discourse networks and the research exports, through the CLI, on the
//! made-up graph of the DOT tests: Müller demands sanctions and Ørsted
//! rejects them (conflict); Freedonia demands a ceasefire and later rejects
//! it, the Union of Ports demands one (agreement and conflict).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use assert_cmd::cargo::cargo_bin_cmd;
use claimgraph::export::schema::{EXPORT_SCHEMA, validate};
use claimgraph::export::statements::COLUMNS;

use super::dot::{MULLER, ORSTED, fixture, have_tool, write_graph};

fn graph(dir: &Path) -> PathBuf {
    write_graph(dir, &fixture())
}

/// `claimgraph ARGS -g GRAPH -o -`, its standard output.
fn run_to_stdout(graph: &Path, args: &[&str]) -> String {
    let out = cargo_bin_cmd!("claimgraph").args(args).arg("-g").arg(graph).args(["-o", "-"]).assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

/// The (from, to, label) of every edge line in DOT text (`"a" -- "b" [..
/// label="x" ..]`), names unescaped.
fn dot_edges(dot: &str) -> BTreeSet<(String, String, String)> {
    let unquote = |s: &str| s.trim().trim_matches('"').replace("\\\"", "\"").replace("\\\\", "\\");
    dot.lines()
        .filter_map(|l| {
            let (pair, attrs) = l.split_once('[')?;
            let (a, b) = pair.split_once(" -- ")?;
            let label = attrs.split("label=\"").nth(1)?.split('"').next()?.to_string();
            Some((unquote(a), unquote(b), label))
        })
        .collect()
}

fn edge(a: &str, b: &str, label: &str) -> (String, String, String) {
    (a.to_string(), b.to_string(), label.to_string())
}

#[test]
fn dot_conflict_and_congruence_views_link_the_right_actors() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let conflict = run_to_stdout(&g, &["dot", "--view", "conflict"]);
    assert!(conflict.starts_with("graph \"conflict\""), "{conflict}");
    assert_eq!(
        dot_edges(&conflict),
        BTreeSet::from([edge("Freedonia", "Union of Ports", "1"), edge(MULLER, ORSTED, "1")]),
        "{conflict}"
    );
    // Freedonia both demands and rejects a ceasefire: no edge to itself.
    assert!(!conflict.contains("\"Freedonia\" -- \"Freedonia\""));
    let congruence = run_to_stdout(&g, &["dot", "--view", "congruence"]);
    assert_eq!(dot_edges(&congruence), BTreeSet::from([edge("Freedonia", "Union of Ports", "1")]));
    // Jaccard: Freedonia holds two (topic, stance) pairs, the union one; one shared.
    let jaccard = run_to_stdout(&g, &["dot", "--view", "congruence", "--normalize", "jaccard"]);
    assert_eq!(dot_edges(&jaccard), BTreeSet::from([edge("Freedonia", "Union of Ports", "0.5")]));
    // Gender shows in the actor's tooltip.
    assert!(conflict.contains("(person), female, member of Ruritania"), "{conflict}");
    if have_tool("dot", "-V", "graphviz") {
        for dot in [&conflict, &congruence] {
            let mut child = Command::new("dot")
                .arg("-Tsvg")
                .stdin(std::process::Stdio::piped())
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap();
            std::io::Write::write_all(&mut child.stdin.take().unwrap(), dot.as_bytes()).unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

#[test]
fn dot_network_time_windows_drop_evidence_outside() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    // Ørsted's rejection is dated 2026-01-12: gone before it.
    let early = run_to_stdout(&g, &["dot", "--view", "conflict", "--until", "2026-01-11"]);
    assert!(dot_edges(&early).is_empty(), "{early}");
    assert!(early.contains("until 2026-01-11"));
    // Freedonia's demand (2026-01-10) is before the window: no agreement.
    let late = run_to_stdout(&g, &["dot", "--view", "congruence", "--since", "2026-01-15"]);
    assert!(dot_edges(&late).is_empty(), "{late}");
    let late_conflict = run_to_stdout(&g, &["dot", "--view", "conflict", "--since", "2026-01-15"]);
    assert_eq!(dot_edges(&late_conflict), BTreeSet::from([edge("Freedonia", "Union of Ports", "1")]));
}

#[test]
fn dot_actor_topic_view_is_two_mode() {
    let dir = tempfile::tempdir().unwrap();
    let two = run_to_stdout(&graph(dir.path()), &["dot", "--view", "actor-topic"]);
    let edges = dot_edges(&two);
    assert!(edges.contains(&edge("Freedonia", "topic:ceasefire", "2")), "{two}");
    assert!(edges.contains(&edge(MULLER, "topic:sanctions", "1")), "{two}");
    assert_eq!(edges.len(), 4, "{two}");
    assert!(two.contains("\"topic:sanctions\"[label=\"Sanctions\""), "{two}");
}

/// Nodes (id → attributes) and edges (source, target, weight) of a GEXF file.
pub(crate) type Gexf = (BTreeMap<String, BTreeMap<String, String>>, Vec<(String, String, String)>);

pub(crate) fn read_gexf(xml: &str) -> Gexf {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut nodes, mut edges) = (BTreeMap::new(), Vec::new());
    let mut node: Option<String> = None;
    let attr = |e: &quick_xml::events::BytesStart, k: &str| {
        e.try_get_attribute(k)
            .unwrap()
            .map(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).unwrap().into_owned())
    };
    loop {
        match reader.read_event().unwrap() {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "node" => {
                    let id = attr(&e, "id").unwrap();
                    nodes.insert(id.clone(), BTreeMap::from([("label".to_string(), attr(&e, "label").unwrap())]));
                    node = Some(id);
                }
                "attvalue" => {
                    if let Some(n) = &node {
                        nodes.get_mut(n).unwrap().insert(attr(&e, "for").unwrap(), attr(&e, "value").unwrap());
                    }
                }
                "edge" => {
                    node = None;
                    edges.push((attr(&e, "source").unwrap(), attr(&e, "target").unwrap(), attr(&e, "weight").unwrap()));
                }
                _ => {}
            },
            Event::End(e) if e.name().as_ref() == "node" => node = None,
            _ => {}
        }
    }
    (nodes, edges)
}

#[test]
fn gexf_conflict_network_for_gephi() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("conflict.gexf");
    cargo_bin_cmd!("claimgraph")
        .args(["export", "-f", "gexf", "--network", "conflict", "-g"])
        .arg(graph(dir.path()))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let xml = std::fs::read_to_string(&out).unwrap();
    assert!(xml.contains("xmlns=\"http://www.gexf.net/1.2draft\"") && xml.contains("defaultedgetype=\"undirected\""));
    let (nodes, edges) = read_gexf(&xml);
    assert_eq!(nodes[MULLER]["gender"], "male");
    assert_eq!(nodes[ORSTED]["gender"], "female");
    assert_eq!(nodes[ORSTED]["member_of"], "Ruritania");
    assert!(!nodes["Freedonia"].contains_key("gender"), "no gender for a country");
    assert_eq!(edges.len(), 2);
    for (s, t, _) in &edges {
        assert!(nodes.contains_key(s) && nodes.contains_key(t), "edge {s} -- {t} has no node");
    }
    assert!(edges.contains(&(MULLER.to_string(), ORSTED.to_string(), "1".to_string())), "{edges:?}");
}

#[test]
fn network_formats_need_a_network_and_only_they_take_one() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    cargo_bin_cmd!("claimgraph")
        .args(["export", "-f", "pajek", "-o", "-", "-g"])
        .arg(&g)
        .assert()
        .failure()
        .stderr(predicates::str::contains("add --network"));
    cargo_bin_cmd!("claimgraph")
        .args(["export", "-f", "json", "--network", "conflict", "-o", "-", "-g"])
        .arg(&g)
        .assert()
        .failure()
        .stderr(predicates::str::contains("--network applies to"));
}

#[test]
fn pajek_numbers_vertices_and_marks_two_mode() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let one = run_to_stdout(&g, &["export", "-f", "pajek", "--network", "conflict"]);
    let lines: Vec<&str> = one.lines().collect();
    // Actors with a stance: Freedonia, Müller, Union of Ports, Ørsted.
    assert_eq!(lines[0], "*Vertices 4");
    assert!(lines.contains(&"2 \"Jürgen 'JM' Müller\""), "{one}");
    let at = lines.iter().position(|l| *l == "*Edges").unwrap();
    let edges: Vec<&str> = lines[at + 1..].to_vec();
    assert_eq!(edges, ["1 3 1", "2 4 1"], "{one}");
    let two = run_to_stdout(&g, &["export", "-f", "pajek", "--network", "actor-topic"]);
    assert!(two.starts_with("*Vertices 6 4\n"), "{two}");
    assert!(two.contains("\n6 \"Sanctions\"\n"), "{two}");
}

#[test]
fn matrix_csv_is_square_and_symmetric_or_actors_by_topics() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let text = run_to_stdout(&g, &["export", "-f", "matrix", "--network", "conflict"]);
    let rows: Vec<Vec<String>> = csv::Reader::from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    let header: Vec<String> =
        csv::Reader::from_reader(text.as_bytes()).headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header[1..], rows.iter().map(|r| r[0].clone()).collect::<Vec<_>>()[..]);
    for i in 0..rows.len() {
        assert_eq!(rows[i][i + 1], "0", "diagonal");
        for j in 0..rows.len() {
            assert_eq!(rows[i][j + 1], rows[j][i + 1], "not symmetric at {i},{j}");
        }
    }
    let m = rows.iter().position(|r| r[0] == MULLER).unwrap();
    let o = header.iter().position(|h| h == ORSTED).unwrap();
    assert_eq!(rows[m][o], "1");
    let two = run_to_stdout(&g, &["export", "-f", "matrix", "--network", "actor-topic", "--normalize", "topics"]);
    let mut lines = two.lines();
    assert_eq!(lines.next(), Some(",ceasefire,sanctions"));
    assert!(two.contains("\nFreedonia,1,0\n"), "{two}");
    let edgelist = run_to_stdout(&g, &["export", "-f", "edgelist", "--network", "congruence"]);
    assert_eq!(
        edgelist,
        "Source,Target,Type,Weight,count,evidence,topics,demands,rejects,signed\nFreedonia,Union of Ports,Undirected,1,1,2,ceasefire,0,0,0\n"
    );
}

#[test]
fn statements_csv_and_tsv_carry_every_attribute() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let text = run_to_stdout(&g, &["export", "-f", "statements-csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header, COLUMNS);
    let rows: Vec<BTreeMap<String, String>> = reader
        .records()
        .map(|r| header.iter().cloned().zip(r.unwrap().iter().map(str::to_string)).collect())
        .collect();
    // Five statement occurrences and five stance evidences.
    assert_eq!(rows.iter().filter(|r| r["type"] == "statement").count(), 5);
    assert_eq!(rows.iter().filter(|r| r["type"] == "stance").count(), 5);
    let muller = rows.iter().find(|r| r["type"] == "statement" && r["speaker"] == MULLER).unwrap();
    for (col, want) in [
        ("speaker_gender", "male"),
        ("speaker_kind", "person"),
        ("member_of", "Freedonia"),
        ("outlet", "The Daily <Test>"),
        ("article", "talks.txt"),
        ("kind", "direct"),
        ("cue", "said"),
        ("rule", "speech-said"),
        ("date", "2026-01-10"),
        ("start", "0"),
        ("sentence_end", "Müller said the fix was no fix.".len().to_string().as_str()),
    ] {
        assert_eq!(muller[col], want, "{col}");
    }
    let rejects = rows.iter().find(|r| r["kind"] == "rejects" && r["speaker"] == ORSTED).unwrap();
    assert_eq!((rejects["topic"].as_str(), rejects["speaker_gender"].as_str()), ("sanctions", "female"));
    // Text survives CSV quoting exactly: quotes and all.
    assert_eq!(rejects["text"], "Ørsted rejected \"any\" sanctions.");

    let tsv = run_to_stdout(&g, &["export", "-f", "statements-tsv"]);
    assert_eq!(tsv.lines().count(), 11, "one line per record:\n{tsv}");
    for line in tsv.lines() {
        assert_eq!(line.split('\t').count(), COLUMNS.len(), "{line}");
    }
}

#[test]
fn json_export_conforms_to_the_printed_schema() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let printed = cargo_bin_cmd!("claimgraph").arg("schema").assert().success().get_output().stdout.clone();
    let schema: serde_json::Value = serde_json::from_slice(&printed).unwrap();
    assert_eq!(schema, serde_json::from_str::<serde_json::Value>(EXPORT_SCHEMA).unwrap());
    let out = dir.path().join("export.json");
    cargo_bin_cmd!("claimgraph").args(["export", "-f", "json", "-g"]).arg(&g).arg("-o").arg(&out).assert().success();
    let mut export: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(validate(&schema, &export), Vec::<String>::new());
    assert!(export["actors"].as_array().unwrap().iter().any(|a| a["gender"] == "female"));
    // The check bites: a renamed field is caught.
    let row = export["statements"][0].as_object_mut().unwrap();
    let speaker = row.remove("speaker").unwrap();
    row.insert("who".to_string(), speaker);
    let errors = validate(&schema, &export).join("\n");
    assert!(errors.contains("missing speaker") && errors.contains("unexpected field who"), "{errors}");
}

#[test]
fn stats_counts_per_outlet_and_month() {
    let dir = tempfile::tempdir().unwrap();
    let g = graph(dir.path());
    let table = cargo_bin_cmd!("claimgraph").args(["stats", "-g"]).arg(&g).assert().success();
    let table = String::from_utf8_lossy(&table.get_output().stdout).into_owned();
    for part in ["The Daily <Test>", "(none)", "2026-01", "2026-02", "female"] {
        assert!(table.contains(part), "{part} missing:\n{table}");
    }
    let json = cargo_bin_cmd!("claimgraph").args(["stats", "--json", "-g"]).arg(&g).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&json.get_output().stdout).unwrap();
    let t = &v["total"];
    assert_eq!((t["articles"].as_u64(), t["statements"].as_u64(), t["stances"].as_u64()), (Some(2), Some(5), Some(5)));
    assert_eq!((t["statements_female"].as_u64(), t["statements_male"].as_u64()), (Some(2), Some(1)));
    let months: Vec<(&str, u64)> =
        v["by_month"].as_array().unwrap().iter().map(|r| (r["key"].as_str().unwrap(), r["statements"].as_u64().unwrap())).collect();
    assert_eq!(months, [("2026-01", 2), ("2026-02", 3)]);
    let outlets: Vec<&str> = v["by_outlet"].as_array().unwrap().iter().map(|r| r["key"].as_str().unwrap()).collect();
    assert_eq!(outlets, ["The Daily <Test>", "(none)"]);
    // A window before any article counts nothing.
    let none = cargo_bin_cmd!("claimgraph").args(["stats", "--json", "--until", "2025-12-31", "-g"]).arg(&g).assert().success();
    let v: serde_json::Value = serde_json::from_slice(&none.get_output().stdout).unwrap();
    assert_eq!(v["total"]["articles"], 0);
}

#[test]
fn dna_export_builds_a_database_whose_statements_point_at_their_words() {
    if !have_tool("sqlite3", "--version", "sqlite3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sql = dir.path().join("out.sql");
    cargo_bin_cmd!("claimgraph")
        .args(["export", "-f", "dna", "-g"])
        .arg(graph(dir.path()))
        .arg("-o")
        .arg(&sql)
        .assert()
        .success();
    let db = dir.path().join("out.dna");
    let query = |q: &str| {
        let out = Command::new("sqlite3").arg(&db).arg(q).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let load = Command::new("sqlite3")
        .arg(&db)
        .stdin(std::fs::File::open(&sql).unwrap())
        .output()
        .unwrap();
    assert!(load.status.success() && load.stderr.is_empty(), "{}", String::from_utf8_lossy(&load.stderr));
    assert_eq!(query("PRAGMA foreign_key_check;"), "");
    // Stances are DNA Statements (type 1), quotes type 4.
    assert_eq!(query("SELECT StatementTypeId, COUNT(*) FROM STATEMENTS GROUP BY 1;"), "1|5\n4|5\n");
    // The fixture's articles are not on disk: documents are their cited
    // sentences, and each statement's span cuts out its words.
    let cut = query(
        "SELECT substr(d.Text, s.Start + 1, s.Stop - s.Start) FROM STATEMENTS s JOIN DOCUMENTS d ON d.ID = s.DocumentId \
         WHERE s.StatementTypeId = 1 ORDER BY s.ID;",
    );
    assert!(cut.contains("Ørsted rejected \"any\" sanctions.\n"), "{cut}");
    assert!(cut.contains("Müller called for sanctions.\n"), "{cut}");
    let coded = query(
        "SELECT o.Value, c.Value, b.Value FROM STATEMENTS s \
         JOIN DATASHORTTEXT so ON so.StatementId = s.ID AND so.VariableId = 2 JOIN ENTITIES o ON o.ID = so.Entity \
         JOIN DATASHORTTEXT sc ON sc.StatementId = s.ID AND sc.VariableId = 3 JOIN ENTITIES c ON c.ID = sc.Entity \
         JOIN DATABOOLEAN b ON b.StatementId = s.ID AND b.VariableId = 4 ORDER BY s.ID;",
    );
    for row in ["Freedonia|Ceasefire|1", "Freedonia|Ceasefire|0", "Ruritania|Sanctions|0", "Union of Ports|Ceasefire|1"] {
        assert!(coded.lines().any(|l| l == row), "{row} missing:\n{coded}");
    }
    assert_eq!(
        query("SELECT a.AttributeValue FROM ENTITIES e JOIN ATTRIBUTEVALUES a ON a.EntityId = e.ID JOIN ATTRIBUTEVARIABLES v ON v.ID = a.AttributeVariableId WHERE e.VariableId = 1 AND e.Value = 'Zoë Ørsted' AND v.AttributeVariable = 'Gender';"),
        "female\n"
    );
}

#[test]
fn gender_is_written_only_when_known_and_old_graphs_still_load() {
    let dir = tempfile::tempdir().unwrap();
    let ron = std::fs::read_to_string(graph(dir.path())).unwrap();
    assert_eq!(ron.matches("gender: Some(male)").count(), 1, "{ron}");
    assert_eq!(ron.matches("gender: Some(female)").count(), 1);
    assert_eq!(ron.matches("gender").count(), 2, "unknown gender is left out of the file");
    // The committed sample was written before the field existed.
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("graphs/graph.ron");
    cargo_bin_cmd!("claimgraph").args(["stats", "--json", "-g"]).arg(sample).assert().success();
}
