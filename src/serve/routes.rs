//! The HTTP surface: routes, parameters, security headers and the checks
//! that keep a local server local (the Host header against DNS rebinding,
//! the Origin of a POST against cross-site forms).

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::NaiveDate;
use maud::{Markup, html};
use serde::Deserialize;

use crate::export::dot::{View, ViewFilter, to_dot};
use crate::export::render::{ImageFormat, RendererChoice, render};

use super::data::{EvidenceOf, Explorer, Filter, Reader, Which};
use super::evidence::{self, ReviewForm};
use super::pages::{Echo, layout, parse_kind, parse_stance, search};
use super::people;

const CSS: &str = include_str!("assets/explorer.css");

/// Diagrams with more edges than this are not drawn: Graphviz takes
/// minutes on thousands of nodes, and nobody can read them.
pub const DIAGRAM_LIMIT: usize = 300;

/// A diagram is drawn from at most this many of the selection's rows (the
/// newest): the edges' evidence counts and dates then describe those rows.
pub const DIAGRAM_ROWS: usize = 2000;

/// The server's state.
pub struct App {
    pub explorer: Explorer,
    pub renderer: RendererChoice,
    /// Host names the server answers to, besides loopback ones; empty when
    /// bound to every interface (then any Host is accepted).
    pub hosts: Vec<String>,
    pub any_host: bool,
}

type Shared = Arc<App>;

/// The explorer's routes over `app`.
pub fn router(app: Shared) -> Router {
    Router::new()
        .route("/", get(search_page))
        .route("/actors", get(actors_page))
        .route("/actor", get(actor_page))
        .route("/topics", get(topics_page))
        .route("/topic", get(topic_page))
        .route("/evidence", get(evidence_page))
        .route("/corrections", get(corrections_page))
        .route("/correct", post(correct))
        .route("/diagram.svg", get(diagram))
        .route("/assets/explorer.css", get(css))
        .fallback(not_found)
        .layer(from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

fn host_allowed(app: &App, headers: &HeaderMap) -> bool {
    if app.any_host {
        return true;
    }
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let name = match host.rsplit_once(':') {
        Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => host,
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]") || app.hosts.iter().any(|h| h == name)
}

/// A POST must come from a page of this server: a form on another site is
/// refused. Browsers that send `Sec-Fetch-Site` say so directly; others
/// send an Origin (`null` from a file or a sandbox, refused too).
fn same_origin(headers: &HeaderMap) -> bool {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let site = headers.get("sec-fetch-site").and_then(|s| s.to_str().ok());
    match (site, headers.get(header::ORIGIN).and_then(|o| o.to_str().ok())) {
        (Some(site), _) => site == "same-origin",
        (None, Some(origin)) => host.is_some_and(|h| origin == format!("http://{h}")),
        // No browser posts a form without either; a client without them
        // (curl, a script) is not something a web page can drive.
        (None, None) => true,
    }
}

async fn guard(State(app): State<Shared>, req: Request, next: Next) -> Response {
    if !host_allowed(&app, req.headers()) {
        return (StatusCode::MISDIRECTED_REQUEST, "unknown Host").into_response();
    }
    if req.method() == axum::http::Method::POST && !same_origin(req.headers()) {
        return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
            ),
        );
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    res
}

fn problem(status: StatusCode, message: &str) -> Response {
    let title = status.canonical_reason().unwrap_or("Error");
    let body = layout(title, html! { h1 { (title) } p.warn { (message) } p { a href="/" { "Back to the search" } } });
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body.into_string()).into_response()
}

async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "There is no such page.")
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], CSS).into_response()
}

/// The search and diagram parameters, as typed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    q: String,
    actor: String,
    topic: String,
    kind: String,
    stance: String,
    outlet: String,
    since: String,
    until: String,
    show: String,
    view: String,
    page: String,
}

fn opt(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn day(s: &str, what: &str) -> Result<Option<NaiveDate>, String> {
    match opt(s) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(&d, "%Y-%m-%d").map(Some).map_err(|_| format!("{what}: not a date (YYYY-MM-DD)")),
    }
}

fn page_number(s: &str) -> Result<usize, String> {
    match opt(s) {
        None => Ok(1),
        Some(p) => p.parse::<usize>().ok().filter(|&p| p >= 1).ok_or_else(|| "page: not a page number".to_string()),
    }
}

impl SearchParams {
    fn filter(&self) -> Result<Filter, String> {
        Ok(Filter {
            text: opt(&self.q),
            actor: opt(&self.actor),
            topic: opt(&self.topic),
            kind: opt(&self.kind).map(|k| parse_kind(&k).ok_or("kind: direct or indirect")).transpose()?,
            stance: opt(&self.stance).map(|k| parse_stance(&k).ok_or("stance: demands or rejects")).transpose()?,
            outlet: opt(&self.outlet),
            since: day(&self.since, "from")?,
            until: day(&self.until, "to")?,
        })
    }

    fn echo(&self) -> Echo {
        let pairs = [
            ("q", &self.q),
            ("show", &self.show),
            ("actor", &self.actor),
            ("topic", &self.topic),
            ("kind", &self.kind),
            ("stance", &self.stance),
            ("outlet", &self.outlet),
            ("since", &self.since),
            ("until", &self.until),
        ];
        Echo { pairs: pairs.into_iter().map(|(k, v)| (k, v.trim().to_string())).filter(|(_, v)| !v.is_empty()).collect() }
    }
}

/// Runs `f` with a reader of the current graph on a blocking thread (the
/// index reads are blocking I/O) and answers with its page: not found when
/// it gives none, a server error when the store fails.
async fn with_reader(app: &Shared, missing: &'static str, f: impl FnOnce(&Reader) -> crate::error::Result<Option<Markup>> + Send + 'static) -> Response {
    let app = Arc::clone(app);
    let out = tokio::task::spawn_blocking(move || {
        let r = app.explorer.read()?;
        f(&r).map(|m| m.map(Markup::into_string))
    })
    .await;
    match out {
        Ok(Ok(Some(html))) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Ok(Ok(None)) => problem(StatusCode::NOT_FOUND, missing),
        Ok(Err(e)) => problem(StatusCode::INTERNAL_SERVER_ERROR, &format!("The graph cannot be read: {e}")),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "The page failed."),
    }
}

async fn search_page(State(app): State<Shared>, Query(p): Query<SearchParams>) -> Response {
    let (f, n) = match (p.filter(), page_number(&p.page)) {
        (Ok(f), Ok(n)) => (f, n),
        (Err(e), _) | (_, Err(e)) => return problem(StatusCode::BAD_REQUEST, &e),
    };
    let echo = p.echo();
    with_reader(&app, "", move |r| search(r, &f, &echo, n).map(Some)).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NameParams {
    name: String,
    id: String,
    of: String,
    n: String,
    page: String,
    recorded: String,
    article: String,
    at: String,
}

async fn actors_page(State(app): State<Shared>, Query(p): Query<NameParams>) -> Response {
    match page_number(&p.page) {
        Ok(n) => with_reader(&app, "", move |r| people::actors(r, n).map(Some)).await,
        Err(e) => problem(StatusCode::BAD_REQUEST, &e),
    }
}

async fn actor_page(State(app): State<Shared>, Query(p): Query<NameParams>) -> Response {
    let n = match page_number(&p.page) {
        Ok(n) => n,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e),
    };
    with_reader(&app, "No actor of that name.", move |r| people::actor(r, &p.name, n)).await
}

async fn topics_page(State(app): State<Shared>) -> Response {
    with_reader(&app, "", |r| people::topics(r).map(Some)).await
}

async fn topic_page(State(app): State<Shared>, Query(p): Query<NameParams>) -> Response {
    with_reader(&app, "No topic with that id.", move |r| people::topic(r, &p.id)).await
}

async fn evidence_page(State(app): State<Shared>, Query(p): Query<NameParams>) -> Response {
    let of = match p.of.as_str() {
        "statement" => EvidenceOf::Statement,
        "stance" => EvidenceOf::Stance,
        _ => return problem(StatusCode::BAD_REQUEST, "of: statement or stance"),
    };
    let which = match (p.at.trim().parse::<usize>(), p.n.trim().parse::<usize>()) {
        (Ok(start), _) if !p.article.is_empty() => Which::At { article: p.article.clone(), start },
        (_, Ok(n)) => Which::Nth(n),
        _ => return problem(StatusCode::BAD_REQUEST, "n: the evidence number (or article and at: where it is)"),
    };
    with_reader(&app, "No such evidence (a correction may have moved it: see Corrections).", move |r| {
        evidence::page(r, of, &p.id, &which, None)
    })
    .await
}

async fn corrections_page(State(app): State<Shared>, Query(p): Query<NameParams>) -> Response {
    let n = match page_number(&p.page) {
        Ok(n) => n,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e),
    };
    let recorded = !p.recorded.is_empty();
    with_reader(&app, "", move |r| Ok(Some(evidence::list(r, n, recorded.then_some("Correction recorded."))))).await
}

async fn correct(State(app): State<Shared>, Form(f): Form<ReviewForm>) -> Response {
    let when = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let app2 = Arc::clone(&app);
    let out = tokio::task::spawn_blocking(move || -> Result<Result<String, String>, String> {
        let r = app2.explorer.read().map_err(|e| e.to_string())?;
        let c = match evidence::correction(&r, &f, when) {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        drop(r);
        let id = c.id();
        app2.explorer.record(c).map_err(|e| e.to_string())?;
        Ok(Ok(id))
    })
    .await;
    match out {
        Ok(Ok(Ok(id))) => Redirect::to(&format!("/corrections?recorded={id}")).into_response(),
        Ok(Ok(Err(e))) => problem(StatusCode::BAD_REQUEST, &e),
        Ok(Err(e)) => problem(StatusCode::INTERNAL_SERVER_ERROR, &format!("The correction was not saved: {e}")),
        Err(_) => problem(StatusCode::INTERNAL_SERVER_ERROR, "The correction was not saved."),
    }
}

fn svg_message(text: &str) -> String {
    let t = maud::html! { (text) }.into_string();
    format!(r#"<svg xmlns="http://www.w3.org/2000/svg" width="640" height="40"><text x="10" y="25" font-family="sans-serif" font-size="14">{t}</text></svg>"#)
}

async fn diagram(State(app): State<Shared>, Query(p): Query<SearchParams>) -> Response {
    let view = match p.view.as_str() {
        "" | "who-said-what" => View::WhoSaidWhat,
        "stances" => View::Stances,
        _ => return problem(StatusCode::BAD_REQUEST, "view: who-said-what or stances"),
    };
    let (since, until) = match (day(&p.since, "from"), day(&p.until, "to")) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(e), _) | (_, Err(e)) => return problem(StatusCode::BAD_REQUEST, &e),
    };
    let filter = ViewFilter { actor: opt(&p.actor), topic: opt(&p.topic), since, until, ..Default::default() };
    let renderer = app.renderer;
    let app2 = Arc::clone(&app);
    let out = tokio::task::spawn_blocking(move || {
        let r = app2.explorer.read()?;
        let f = Filter { actor: filter.actor.clone(), topic: filter.topic.clone(), since, until, ..Default::default() };
        let (data, edges, _) = r.diagram_view(&f, view == View::WhoSaidWhat, DIAGRAM_ROWS)?;
        if edges > DIAGRAM_LIMIT {
            return Ok(svg_message(&format!("{edges} edges: too many to draw; choose an actor, a topic or dates.")));
        }
        let dot = to_dot(&data, view, &filter);
        render(&dot, ImageFormat::Svg, renderer).map(|r| String::from_utf8_lossy(&r.bytes).into_owned())
    })
    .await;
    let svg = match out {
        Ok(Ok(svg)) => svg,
        Ok(Err(e)) => svg_message(&format!("cannot draw: {e}")),
        Err(_) => svg_message("cannot draw this selection"),
    };
    (
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            // Scripts in an SVG opened on its own would run as this origin.
            (header::CONTENT_SECURITY_POLICY, "default-src 'none'; style-src 'unsafe-inline'"),
        ],
        svg,
    )
        .into_response()
}

/// Binds `addr` and serves until Ctrl-C; `ready` hears the bound address
/// first (the port, when 0 was asked for).
pub async fn run(app: App, addr: SocketAddr, ready: impl FnOnce(SocketAddr)) -> crate::error::Result<()> {
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| crate::error::Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    let local = listener.local_addr().map_err(|e| crate::error::Error::Usage(format!("cannot listen on {addr}: {e}")))?;
    ready(local);
    axum::serve(listener, router(Arc::new(app)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| crate::error::Error::Usage(format!("server stopped: {e}")))
}
