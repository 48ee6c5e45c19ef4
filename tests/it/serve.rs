//! The explorer (`claimgraph serve`): every route through the router
//! itself (tower's `oneshot`), hostile text on every page, reviews that
//! change what every page and query shows, and a review that survives a
//! re-ingest with changed rules. Articles are our own invented ones.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use assert_cmd::cargo::cargo_bin_cmd;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt;
use tower::ServiceExt;

use claimgraph::export::render::RendererChoice;
use claimgraph::serve::{App, Explorer, router};
use claimgraph::store::{corrections_path, load_corrections};

/// A right-to-left override: shown raw it would reverse what follows it.
pub const RLO: char = '\u{202e}';

pub fn harbour() -> String {
    format!(
        "Harbour talks <b>resume</b> & \"more\"\n\n\
         “We will <script>alert(1)</script> rebuild the {RLO}pier by May,” said Ada Quill, the harbour chief of Eastport, on Monday.\n\n\
         Bram Ostler, a union leader, said the port workers would strike again in June.\n\n\
         Ada Quill demanded an immediate ceasefire in the region.\n\n\
         Bram Ostler rejected any ceasefire talks.\n"
    )
}

pub const FERRY: &str = "Ferry strike ends\n\n“The ferries run again,” said Cy Wren, a transport official, on Tuesday.\n\nCy Wren called for a ceasefire.\n";

/// The hostile name a review gives a speaker.
pub fn hostile_name() -> String {
    format!("Eve \"<script>x()</script>\" {RLO}Mallory")
}

pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    /// Two articles ingested with the bundled rules.
    pub fn new() -> Site {
        let s = Site { dir: tempfile::tempdir().unwrap() };
        s.write("arts/harbour.txt", &harbour());
        s.write("arts/ferry.txt", FERRY);
        s.ingest(&[]);
        s
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn graph(&self) -> PathBuf {
        self.path("g.ron")
    }

    pub fn ingest(&self, extra: &[&str]) -> String {
        let out = cargo_bin_cmd!("claimgraph")
            .current_dir(self.dir.path())
            .args(["ingest", "arts", "-g", "g.ron", "--date", "2026-03-02", "--source", "The <Daily> \"Test\""])
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        // The summary line goes to standard output.
        format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
    }

    /// Ingests the articles again with other rules: a copy of the bundled
    /// ones with one more speech verb, so every article is re-extracted.
    pub fn ingest_with_changed_rules(&self) {
        let out = cargo_bin_cmd!("claimgraph").current_dir(self.dir.path()).args(["rules", "init", "myrules"]).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let speech = self.path("myrules/core/speech.ron");
        let text = std::fs::read_to_string(&speech).unwrap();
        let said = "|said|says|say\"";
        assert!(text.contains(said), "the speech cue rule lists `said`");
        std::fs::write(&speech, text.replacen(said, "|said|says|say|grumbled\"", 1)).unwrap();
        let report = self.ingest(&["--rules", "myrules"]);
        assert!(report.contains("2 updated"), "new rules re-extract both articles: {report}");
        assert!(report.contains("corrections apply to") && report.contains("0 no longer find their target"), "{report}");
    }

    pub fn app(&self) -> axum::Router {
        // The graph stores paths as given to ingest (relative to the site).
        let explorer = Explorer::open(&self.graph(), Some(&self.path("arts"))).unwrap();
        router(Arc::new(App { explorer, renderer: RendererChoice::Builtin, hosts: Vec::new(), any_host: false }))
    }
}

pub async fn get(app: &axum::Router, uri: &str) -> (StatusCode, String) {
    let req = Request::get(uri).header(header::HOST, "127.0.0.1:8080").body(Body::empty()).unwrap();
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

pub async fn post(app: &axum::Router, uri: &str, form: &[(&str, &str)], origin: Option<&str>) -> (StatusCode, String) {
    let body: Vec<String> = form.iter().map(|(k, v)| format!("{k}={}", claimgraph::serve::pages::enc(v))).collect();
    let mut req = Request::post(uri)
        .header(header::HOST, "127.0.0.1:8080")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    let res = app.clone().oneshot(req.body(Body::from(body.join("&"))).unwrap()).await.unwrap();
    let status = res.status();
    let location = res.headers().get(header::LOCATION).map(|l| l.to_str().unwrap().to_string());
    let body = res.into_body().collect().await.unwrap().to_bytes();
    (status, location.unwrap_or_else(|| String::from_utf8_lossy(&body).into_owned()))
}

/// The first `href` in `html` starting with `prefix`, unescaped.
pub fn first_link(html: &str, prefix: &str) -> String {
    let at = html.find(&format!("href=\"{prefix}")).unwrap_or_else(|| panic!("no link to {prefix} in {html}"));
    let rest = &html[at + 6..];
    rest[..rest.find('"').unwrap()].replace("&amp;", "&")
}

/// The evidence link of the statement row containing `words`.
fn evidence_of(html: &str, words: &str) -> String {
    let at = html.find(words).unwrap_or_else(|| panic!("{words} not listed"));
    first_link(&html[at..], "/evidence")
}

/// The id of the statement listed at `uri` whose row contains `words`.
pub async fn statement_id_of(app: &axum::Router, uri: &str, words: &str) -> String {
    let (_, page) = get(app, uri).await;
    let link = evidence_of(&page, words);
    link.split("id=").nth(1).unwrap().split('&').next().unwrap().to_string()
}

#[tokio::test]
async fn every_route_answers_with_its_content() {
    let site = Site::new();
    let app = site.app();
    let (s, home) = get(&app, "/").await;
    assert_eq!(s, StatusCode::OK);
    assert!(home.contains("5 results") && home.contains("The ferries run again"), "{home}");
    // The actor filter keeps only that speaker.
    let (_, quill) = get(&app, "/?actor=quill").await;
    assert!(quill.contains("2 results") && !quill.contains("The ferries run again"), "{quill}");
    let (_, direct) = get(&app, "/?kind=direct&q=FERRIES").await;
    assert!(direct.contains("1 results") && direct.contains("The ferries run again"));
    let (_, outlet) = get(&app, "/?outlet=elsewhere").await;
    assert!(outlet.contains("0 results"));
    let (_, dated) = get(&app, "/?since=2026-03-03").await;
    assert!(dated.contains("0 results"), "undated range keeps nothing after the article date");
    let (_, stances) = get(&app, "/?show=stances&topic=ceasefire&stance=rejects").await;
    assert!(stances.contains("1 results") && stances.contains("Bram Ostler rejected any ceasefire talks."), "{stances}");
    // Statements sharing a sentence with a stance on the topic.
    let (_, about) = get(&app, "/?topic=ceasefire").await;
    assert!(about.contains("an immediate ceasefire in the region") && !about.contains("strike again"), "{about}");

    let (s, actor) = get(&app, "/actor?name=Ada%20Quill").await;
    assert_eq!(s, StatusCode::OK);
    for part in ["Positions", "Positions over time", "Ledger", "Contradictions", "between actors", "Merge"] {
        assert!(actor.contains(part), "{part} missing from the actor page");
    }
    let (_, actors) = get(&app, "/actors").await;
    assert!(actors.contains("Cy Wren"));
    let (_, topics) = get(&app, "/topics").await;
    assert!(topics.contains("/topic?id=ceasefire"));
    let (s, topic) = get(&app, "/topic?id=ceasefire").await;
    assert_eq!(s, StatusCode::OK);
    assert!(topic.contains("Who ") && topic.contains("2026-03") && topic.contains("Bram Ostler"), "{topic}");

    let link = evidence_of(&home, "The ferries run again");
    let (s, ev) = get(&app, &link).await;
    assert_eq!(s, StatusCode::OK, "{link}");
    assert!(ev.contains("<mark id=\"span\">The ferries run again</mark>"), "{ev}");
    assert!(ev.contains("speech.") && ev.contains("[[The ferries run again]]"), "rule and explain output: {ev}");
    let (s, stance_ev) = get(&app, &first_link(&stances, "/evidence")).await;
    assert_eq!(s, StatusCode::OK);
    assert!(stance_ev.contains("stance.reject"));

    let (s, svg) = get(&app, "/diagram.svg?view=stances&topic=ceasefire").await;
    assert_eq!(s, StatusCode::OK);
    assert!(svg.contains("<svg") && svg.contains("Bram Ostler"), "{svg}");
    let (s, css) = get(&app, "/assets/explorer.css").await;
    assert_eq!(s, StatusCode::OK);
    assert!(css.contains("form.review"));
    let (s, corrections) = get(&app, "/corrections").await;
    assert_eq!(s, StatusCode::OK);
    assert!(corrections.contains("0 recorded"));

    // Counter-examples: what is not there says so.
    for (uri, want) in [
        ("/nowhere", StatusCode::NOT_FOUND),
        ("/actor?name=Nobody", StatusCode::NOT_FOUND),
        ("/topic?id=nothing", StatusCode::NOT_FOUND),
        ("/evidence?of=statement&id=st-000000000000&n=0", StatusCode::NOT_FOUND),
        ("/evidence?of=poem&id=x&n=0", StatusCode::BAD_REQUEST),
        ("/?since=yesterday", StatusCode::BAD_REQUEST),
        ("/?page=0", StatusCode::BAD_REQUEST),
        ("/diagram.svg?view=pie", StatusCode::BAD_REQUEST),
    ] {
        assert_eq!(get(&app, uri).await.0, want, "{uri}");
    }
}

#[tokio::test]
async fn lists_paginate() {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    for i in 0..60 {
        site.write(&format!("arts/a{i:02}.txt"), &format!("Pier report {i}\n\n“Pier {i} holds,” said Cy Wren, a transport official.\n"));
    }
    site.ingest(&[]);
    let app = site.app();
    let (_, one) = get(&app, "/").await;
    assert!(one.contains("60 results · page 1 of 2") && one.contains("rel=\"next\""), "{one}");
    assert_eq!(one.matches("class=\"evidence\"").count(), 50);
    let (_, two) = get(&app, &first_link(&one, "/?page=2")).await;
    assert_eq!(two.matches("class=\"evidence\"").count(), 10);
    assert!(two.contains("rel=\"prev\"") && !two.contains("rel=\"next\""));
}

/// Every page that shows `name` must escape it and isolate its direction.
/// Marks inside a tag (an attribute value) or the window title are not
/// laid out with the page's text.
fn assert_safe(page: &str, what: &str) {
    assert!(!page.contains("<script>"), "{what}: raw <script> in {page}");
    assert!(!page.contains("<b>resume"), "{what}: raw markup from the title");
    for (i, _) in page.match_indices(RLO) {
        let before = &page[..i];
        let in_tag = before.rfind('<') > before.rfind('>');
        let in_title = before.rfind("<title>") > before.rfind("</title>");
        if in_tag || in_title {
            continue;
        }
        let open = before.rfind("<bdi>").unwrap_or_else(|| panic!("{what}: RTL mark outside <bdi>"));
        assert!(!before[open..].contains("</bdi>"), "{what}: RTL mark outside <bdi>");
    }
}

#[tokio::test]
async fn hostile_text_is_escaped_and_isolated_on_every_page() {
    let site = Site::new();
    let app = site.app();
    let id = statement_id_of(&app, "/", "rebuild the").await;
    // A reviewer names a hostile new speaker.
    let name = hostile_name();
    let (s, to) = post(
        &app,
        "/correct",
        &[("of", "statement"), ("id", &id), ("n", "0"), ("action", "speaker"), ("speaker", &name), ("coder", "<i>coder</i>"), ("why", "\"quoted\" </td>")],
        Some("http://127.0.0.1:8080"),
    )
    .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let (_, home) = get(&app, "/").await;
    assert!(home.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the quote is shown, escaped");
    let ev_link = evidence_of(&home, "rebuild the");
    let actor = format!("/actor?name={}", claimgraph::serve::pages::enc(&name));
    for uri in ["/", "/?show=stances", "/actors", actor.as_str(), "/topics", "/topic?id=ceasefire", ev_link.as_str(), "/corrections", "/?q=%3Cscript%3E"] {
        let (s, page) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert_safe(&page, uri);
    }
    let (_, actor_page) = get(&app, &actor).await;
    assert!(actor_page.contains("Eve &quot;&lt;script&gt;x()&lt;/script&gt;&quot;"), "{actor_page}");
    let (_, svg) = get(&app, &format!("/diagram.svg?actor={}", claimgraph::serve::pages::enc(&name))).await;
    assert!(!svg.contains("<script>"), "{svg}");
    // The counter-example: the check does catch raw markup.
    let caught = std::panic::catch_unwind(|| assert_safe("<p><script>x()</script></p>", "sample"));
    assert!(caught.is_err());
    let caught = std::panic::catch_unwind(|| assert_safe(&format!("<p>{RLO}x</p>"), "sample"));
    assert!(caught.is_err());
}

#[tokio::test]
async fn a_review_changes_every_page_and_query_and_foreign_requests_are_refused() {
    let site = Site::new();
    let app = site.app();
    let id = statement_id_of(&app, "/?actor=ostler", "strike again").await;
    let form = [("of", "statement"), ("id", id.as_str()), ("n", "0"), ("action", "wrong"), ("coder", "ann"), ("why", "a forecast, not a claim")];
    // A form on another site, and a page reached under a foreign host name
    // (DNS rebinding), are refused; nothing is written.
    assert_eq!(post(&app, "/correct", &form, Some("http://evil.example")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(post(&app, "/correct", &form, Some("null")).await.0, StatusCode::FORBIDDEN);
    let cross_site = Request::post("/correct")
        .header(header::HOST, "127.0.0.1:8080")
        .header("sec-fetch-site", "cross-site")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("of=statement&id=x&n=0&action=wrong&coder=z"))
        .unwrap();
    assert_eq!(app.clone().oneshot(cross_site).await.unwrap().status(), StatusCode::FORBIDDEN);
    let req = Request::get("/").header(header::HOST, "evil.example").body(Body::empty()).unwrap();
    assert_eq!(app.clone().oneshot(req).await.unwrap().status(), StatusCode::MISDIRECTED_REQUEST);
    assert!(!corrections_path(&site.graph()).exists());
    // Incomplete reviews say what is missing.
    let (s, page) = post(&app, "/correct", &[("of", "statement"), ("id", &id), ("n", "0"), ("action", "wrong")], None).await;
    assert_eq!(s, StatusCode::BAD_REQUEST);
    assert!(page.contains("coder"));

    let (s, to) = post(&app, "/correct", &form, Some("http://127.0.0.1:8080")).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, done) = get(&app, &to).await;
    assert!(done.contains("Correction recorded") && done.contains("a forecast, not a claim") && done.contains("1 recorded"), "{done}");
    let (_, after) = get(&app, "/?actor=ostler").await;
    assert!(after.contains("0 results"), "{after}");
    let saved = load_corrections(&corrections_path(&site.graph())).unwrap();
    assert_eq!(saved.corrections.len(), 1);
    assert_eq!(saved.corrections[0].who, "ann");

    // The CLI queries read the same corrections.
    let who_said = |graph: &Path| {
        let out = cargo_bin_cmd!("claimgraph").args(["who-said", "--json", "-g"]).arg(graph).output().unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    assert!(!who_said(&site.graph()).contains("strike again"));

    // A merge: Cy Wren's words become Ada Quill's in every list.
    let (s, _) = post(&app, "/correct", &[("of", "actor"), ("id", "Cy Wren"), ("action", "merge"), ("speaker", "Ada Quill"), ("coder", "ann")], None).await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, quill) = get(&app, "/?actor=Ada%20Quill").await;
    assert!(quill.contains("The ferries run again"), "{quill}");
    assert_eq!(get(&app, "/actor?name=Cy%20Wren").await.0, StatusCode::NOT_FOUND);
    assert!(!who_said(&site.graph()).contains("\"speaker\": \"Cy Wren\""));
}

#[tokio::test]
async fn a_review_survives_a_re_ingest_with_changed_rules() {
    let site = Site::new();
    let app = site.app();
    let id = statement_id_of(&app, "/?actor=ostler", "strike again").await;
    let form = [("of", "statement"), ("id", id.as_str()), ("n", "0"), ("action", "speaker"), ("speaker", "Dee Hollis"), ("coder", "ann")];
    assert_eq!(post(&app, "/correct", &form, None).await.0, StatusCode::SEE_OTHER);

    site.ingest_with_changed_rules();
    let data = claimgraph::store::load_existing(&site.graph()).unwrap();
    assert!(data.statements.iter().any(|s| s.speaker == "Bram Ostler" && s.text.contains("strike again")), "the graph keeps the machine's answer");

    // Re-extracted with other rules, the review still applies.
    let app = site.app();
    let (_, bram) = get(&app, "/?actor=ostler").await;
    assert!(bram.contains("0 results"), "{bram}");
    let (_, dee) = get(&app, "/?actor=Dee%20Hollis").await;
    assert!(dee.contains("the port workers would strike again in June"), "{dee}");
    let (_, list) = get(&app, "/corrections").await;
    assert!(list.contains("0 no longer find their target"), "{list}");
}

#[tokio::test]
async fn an_ingest_while_serving_shows_on_the_next_request() {
    let site = Site::new();
    let app = site.app();
    let (_, before) = get(&app, "/?actor=Dara%20Venn").await;
    assert!(before.contains("0 results"), "{before}");
    // A review first, so the new rows meet an overlay of corrections too.
    let id = statement_id_of(&app, "/?actor=ostler", "strike again").await;
    let form = [("of", "statement"), ("id", id.as_str()), ("n", "0"), ("action", "speaker"), ("speaker", "Dee Hollis"), ("coder", "ann")];
    assert_eq!(post(&app, "/correct", &form, None).await.0, StatusCode::SEE_OTHER);
    site.write("arts/bridge.txt", "Bridge reopens\n\n“The bridge is safe again,” said Dara Venn, the city engineer, on Friday.\n");
    site.ingest(&[]);
    // The same server, no restart: the graph's new seal is noticed.
    let (_, after) = get(&app, "/?actor=Dara%20Venn").await;
    assert!(after.contains("1 results") && after.contains("The bridge is safe again"), "{after}");
    let (_, dee) = get(&app, "/?actor=Dee%20Hollis").await;
    assert!(dee.contains("1 results"), "the review still applies: {dee}");
    assert_eq!(get(&app, "/actor?name=Dara%20Venn").await.0, StatusCode::OK);
}

#[tokio::test]
async fn the_actor_page_says_who_they_answer() {
    let site = Site::new();
    let app = site.app();
    // Ada Quill demands a ceasefire; later in the article Bram Ostler
    // rejects ceasefire talks: Bram answers Ada.
    let (_, bram) = get(&app, "/actor?name=Bram%20Ostler").await;
    let at = bram.find("Who they answer").expect("the section");
    let section = &bram[at..bram[at..].find("<h2>Statements").map_or(bram.len(), |e| at + e)];
    assert!(section.contains("Ada Quill") && section.contains("/evidence?of=stance"), "{section}");
    // Counter-example: Ada spoke first, so she answers nobody.
    let (_, ada) = get(&app, "/actor?name=Ada%20Quill").await;
    let at = ada.find("Who they answer").expect("the section");
    let section = &ada[at..ada[at..].find("<h2>Statements").map_or(ada.len(), |e| at + e)];
    assert!(section.contains("Nobody") && !section.contains("Bram Ostler"), "{section}");
    // A review that makes Bram's stance a demand: he no longer answers her.
    let (_, stances) = get(&app, "/?show=stances&actor=ostler").await;
    let link = first_link(&stances, "/evidence");
    let id = link.split("id=").nth(1).unwrap().split('&').next().unwrap().to_string();
    let form = [("of", "stance"), ("id", id.as_str()), ("n", "0"), ("action", "stance"), ("coder", "ann")];
    assert_eq!(post(&app, "/correct", &form, None).await.0, StatusCode::SEE_OTHER);
    let (_, bram) = get(&app, "/actor?name=Bram%20Ostler").await;
    let at = bram.find("Who they answer").unwrap();
    assert!(bram[at..].contains("Nobody in the same article"), "{}", &bram[at..]);
}

#[tokio::test]
async fn a_review_keeps_pages_and_counts_exact() {
    let site = Site { dir: tempfile::tempdir().unwrap() };
    for i in 0..60 {
        site.write(&format!("arts/a{i:02}.txt"), &format!("Pier report {i}\n\n“Pier {i} holds,” said Cy Wren, a transport official.\n"));
    }
    site.ingest(&[]);
    let app = site.app();
    // Reviews in two articles: one occurrence wrong, one given a new speaker.
    let wrong = statement_id_of(&app, "/?q=r%207%20hol", "Pier 7 holds").await;
    let form = [("of", "statement"), ("id", wrong.as_str()), ("n", "0"), ("action", "wrong"), ("coder", "ann")];
    assert_eq!(post(&app, "/correct", &form, None).await.0, StatusCode::SEE_OTHER);
    let moved = statement_id_of(&app, "/?q=r%2042%20hol", "Pier 42 holds").await;
    let form = [("of", "statement"), ("id", moved.as_str()), ("n", "0"), ("action", "speaker"), ("speaker", "Lior Nadel"), ("coder", "ann")];
    assert_eq!(post(&app, "/correct", &form, None).await.0, StatusCode::SEE_OTHER);
    let (_, one) = get(&app, "/").await;
    assert!(one.contains("59 results · page 1 of 2"), "{one}");
    let (_, two) = get(&app, "/?page=2").await;
    assert_eq!(two.matches("class=\"evidence\"").count(), 9);
    // Every row once across the two pages, the reviewed one among them.
    let rows = |html: &str| -> Vec<String> {
        html.match_indices("Pier ").filter_map(|(i, _)| html[i..].split(" holds").next().map(str::to_string)).filter(|s| s.len() <= 7).collect()
    };
    let mut all = rows(&one);
    all.extend(rows(&two));
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 59, "{all:?}");
    assert!(!all.contains(&"Pier 7".to_string()) && all.contains(&"Pier 42".to_string()));
    // The new speaker is found by name; the old one no longer has the row.
    let (_, nadel) = get(&app, "/?actor=Nadel").await;
    assert!(nadel.contains("1 results") && nadel.contains("Pier 42 holds"), "{nadel}");
    let (_, wren) = get(&app, "/?actor=Wren").await;
    assert!(wren.contains("58 results"), "{wren}");
    // Counter-example: a date filter that leaves everything out stays empty.
    assert!(get(&app, "/?actor=Nadel&since=2030-01-01").await.1.contains("0 results"));
}

#[tokio::test]
async fn pages_still_answer_when_the_index_is_rebuilt_under_the_server() {
    let site = Site::new();
    let app = site.app();
    // A rebuild drops the explorer's own indexes; the graph's seal, and so
    // the snapshot, stay the same.
    let out = cargo_bin_cmd!("claimgraph").current_dir(site.dir.path()).args(["index", "--rebuild", "-g", "g.ron"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for (uri, want) in [("/", "5 results"), ("/?show=stances", "Bram Ostler rejected"), ("/?topic=ceasefire", "immediate ceasefire")] {
        let (s, page) = get(&app, uri).await;
        assert_eq!(s, StatusCode::OK, "{uri}");
        assert!(page.contains(want), "{uri}: {page}");
    }
}
