//! The HTML report: self-contained, escaped, and showing a reader the
//! actors, statements and contradictions (checked in headless Chromium).

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::cargo::cargo_bin_cmd;
use claimgraph::export::render::RendererChoice;
use claimgraph::export::report::report_html;

use super::dot::{LONG_QUOTE, MULLER, ORSTED, SPOKES, fixture, have_tool, write_graph};

/// Chromium flags that work in a container without a display or network.
pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
];

fn write_report(dir: &Path, renderer: &str) -> String {
    let graph = write_graph(dir, &fixture());
    let out = dir.join("out/report.html");
    cargo_bin_cmd!("claimgraph")
        .env("CLAIMGRAPH_RENDERER", renderer)
        .args(["report", "-g"])
        .arg(&graph)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    std::fs::read_to_string(out).unwrap()
}

#[test]
fn report_is_self_contained_and_escaped() {
    let (html, _) = report_html(&fixture(), RendererChoice::Builtin).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    for outside in ["<script", "<link", "src=\"http", "href=\"http", "@import"] {
        assert!(!html.contains(outside), "report refers outside itself: {outside}");
    }
    // CSS / SVG references only point inside the page (`url(#marker)`).
    for (i, _) in html.match_indices("url(") {
        let rest = html[i + 4..].trim_start_matches(['"', '\'']);
        assert!(rest.starts_with('#'), "external url(): {}", &html[i..i + 40.min(html.len() - i)]);
    }
    // Text is escaped: a speaker name with markup stays text.
    assert!(html.contains("Spokesperson &lt;b&gt;X&lt;/b&gt;"), "unescaped speaker");
    assert!(!html.contains("<b>X</b>"));
    assert!(html.contains("No comment &lt;yet&gt; &amp; none later"));
    // Five views (stances, contradictions, conflict, agreement, who said
    // what) and the per-month chart.
    assert_eq!(html.matches("<svg").count(), 6, "one inline SVG per view and the chart");
    assert!(!html.contains("<?xml"), "XML prolog inside HTML");
}

/// The report as Chromium shows it: the page's visible text
/// (`innerText`, which leaves out what CSS hides), the actor headings, the
/// contradiction rows, and the drawn size of each diagram.
struct Seen {
    text: String,
    actor_headings: Vec<String>,
    contradiction_rows: Vec<String>,
    svg_sizes: Vec<(f64, f64)>,
    bold_elements: usize,
    /// The text drawn in the conflict network's diagram.
    conflict_svg: String,
    /// The per-month table's rows.
    month_rows: Vec<String>,
}

fn view_in_chromium(report: &Path, dir: &Path) -> Seen {
    // A copy of the report with a script that records what is visible into
    // the DOM, which --dump-dom then prints after the script has run.
    let probe = r#"<script>
const seen = {
  text: document.body.innerText,
  actors: [...document.querySelectorAll('section.actor h3')].map(h => h.innerText),
  contradictions: [...document.querySelectorAll('table.contradictions tbody tr')].map(r => r.innerText),
  svgs: [...document.querySelectorAll('figure svg')].map(s => { const b = s.getBoundingClientRect(); return [b.width, b.height]; }),
  bold: document.querySelectorAll('b').length,
  conflict: (document.querySelector('#view-conflict svg') || {textContent: ''}).textContent,
  months: [...document.querySelectorAll('table.per-month tbody tr')].map(r => r.innerText),
};
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(seen);
document.body.appendChild(pre);
</script>"#;
    let html = std::fs::read_to_string(report).unwrap();
    let probed = html.replacen("</body>", &format!("{probe}</body>"), 1);
    let page = dir.join("probe.html");
    std::fs::write(&page, probed).unwrap();
    let profile = tempfile::tempdir().unwrap();
    let child = Command::new("chromium")
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--window-size=1280,2000")
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = wait_with_deadline(child, Duration::from_secs(90));
    assert!(out.status.success(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    let dom = scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout));
    let sel = scraper::Selector::parse("pre#probe").unwrap();
    let probe = dom
        .select(&sel)
        .next()
        .unwrap_or_else(|| panic!("probe did not run; chromium said: {}", String::from_utf8_lossy(&out.stderr)));
    let v: serde_json::Value = serde_json::from_str(&probe.text().collect::<String>()).unwrap();
    let strings = |k: &str| v[k].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
    Seen {
        text: v["text"].as_str().unwrap().to_string(),
        actor_headings: strings("actors"),
        contradiction_rows: strings("contradictions"),
        svg_sizes: v["svgs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| (p[0].as_f64().unwrap(), p[1].as_f64().unwrap()))
            .collect(),
        bold_elements: v["bold"].as_u64().unwrap() as usize,
        conflict_svg: v["conflict"].as_str().unwrap().to_string(),
        month_rows: strings("months"),
    }
}

/// A browser that hangs must fail the test, not the CI run.
fn wait_with_deadline(mut child: Child, limit: Duration) -> Output {
    let start = Instant::now();
    // Drained from threads so a full pipe cannot block the browser.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut v).map(|_| v)
    });
    let err = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("chromium did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    Output {
        status,
        stdout: out.join().unwrap().unwrap(),
        stderr: err.join().unwrap().unwrap(),
    }
}

#[test]
fn report_in_chromium_shows_actors_statements_and_contradictions() {
    if !have_tool("chromium", "--version", "chromium") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let renderer = if have_tool("dot", "-V", "graphviz") { "dot" } else { "builtin" };
    write_report(dir.path(), renderer);
    let seen = view_in_chromium(&dir.path().join("out/report.html"), dir.path());

    // One section per actor with something recorded, names as written.
    assert_eq!(
        seen.actor_headings,
        ["Dr. Back\\Slash", "Freedonia", MULLER, SPOKES, "Union of Ports", ORSTED]
    );
    for h in &seen.actor_headings {
        assert!(seen.text.contains(h.as_str()), "heading {h} not visible");
    }
    assert!(seen.text.contains("between actors") && seen.text.contains("reversal"), "contradictions not visible");
    assert!(seen.text.contains("Known actors with nothing recorded: Quiet Person, Ruritania"), "{}", seen.text);
    // The long quote is shown whole in the table (line break and all).
    let first_line = LONG_QUOTE.lines().next().unwrap();
    assert!(seen.text.contains(first_line), "{}", seen.text);
    // Evidence and source next to a stance.
    assert!(seen.text.contains("Ørsted rejected \"any\" sanctions."));
    assert!(seen.text.contains("Talks & \"truths\" — The Daily <Test>"), "{}", seen.text);
    // Markup in a name is shown as text, not applied.
    assert_eq!(seen.bold_elements, 0);
    assert!(seen.text.contains("No comment <yet> & none later"));

    // Contradictions: Müller vs Ørsted on sanctions, Freedonia's reversal.
    let between = seen
        .contradiction_rows
        .iter()
        .find(|r| r.starts_with("Sanctions"))
        .unwrap_or_else(|| panic!("{:?}", seen.contradiction_rows));
    for part in ["between actors", MULLER, "demands", ORSTED, "rejects", "Müller called for sanctions."] {
        assert!(between.contains(part), "{part} missing from {between:?}");
    }
    assert!(
        seen.contradiction_rows
            .iter()
            .any(|r| r.starts_with("Ceasefire") && r.contains("reversal") && r.contains("Freedonia now rejects")),
        "{:?}",
        seen.contradiction_rows
    );

    // The conflict network: the two sides of the sanctions clash drawn.
    assert!(seen.text.contains("Conflict network") && seen.text.contains("Agreement network"), "{}", seen.text);
    for name in [MULLER, ORSTED, "Union of Ports"] {
        assert!(seen.conflict_svg.contains(name), "{name} not in the conflict network: {}", seen.conflict_svg);
    }
    assert!(!seen.conflict_svg.contains("Quiet Person"), "an actor without stances in the conflict network");
    // Counts per month: January has one article, February one; then the total.
    assert_eq!(seen.month_rows.len(), 3, "{:?}", seen.month_rows);
    assert!(seen.month_rows[0].starts_with("2026-01\t1\t2"), "{:?}", seen.month_rows);
    assert!(seen.month_rows[2].starts_with("total\t2\t5"), "{:?}", seen.month_rows);
    assert!(seen.text.contains("Statements and stances per month"));

    // Five diagrams and the chart actually drawn on the page.
    assert_eq!(seen.svg_sizes.len(), 6);
    for (w, h) in &seen.svg_sizes {
        assert!(*w > 100.0 && *h > 50.0, "diagram drawn at {w}x{h}");
    }
}
