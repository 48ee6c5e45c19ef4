//! `dot`, `render` and `report`: the commands that draw the graph.

use std::path::{Component, Path};
use std::process::ExitCode;

use claimgraph::export::dot::{View, ViewFilter};
use claimgraph::export::scope::{Cap, Omitted, to_dot_capped};
use claimgraph::export::render::{self, ImageFormat, Renderer, RendererChoice};
use claimgraph::query::networks::Normalization;
use claimgraph::export::report as html_report;
use claimgraph::store::GraphData;
use claimgraph::{Error, Result};

use super::output::{note, usage, write_output};
use super::suggest::{check_actor, check_topic, require_graph};
use super::{CapArgs, DotArgs, RenderArgs, ReportArgs, ViewArgs};

/// Set to `dot` or `builtin` to force a renderer (default: `auto`).
pub const RENDERER_ENV: &str = "CLAIMGRAPH_RENDERER";

fn view_of(v: super::View) -> View {
    match v {
        super::View::WhoSaidWhat => View::WhoSaidWhat,
        super::View::Stances => View::Stances,
        super::View::Contradictions => View::Contradictions,
        super::View::Congruence => View::Congruence,
        super::View::Conflict => View::Conflict,
        super::View::ActorTopic => View::ActorTopic,
    }
}

/// A cap from the flags: 0 lifts it.
fn limit(n: usize) -> Option<usize> {
    (n > 0).then_some(n)
}

fn cap_of(a: &CapArgs) -> Cap {
    Cap {
        actors: limit(a.top_actors),
        topics: limit(a.top_topics),
        statements: limit(a.top_statements),
        evidence: limit(a.tooltip_evidence),
    }
}

/// Says on stderr what a capped view left out (the diagram's title says
/// it too).
fn note_omitted(omitted: &Omitted) {
    if let Some(n) = omitted.note() {
        note(&n);
    }
}

/// The graph and the view asked for, or the usage message when the filter
/// names an actor or topic the graph does not hold.
fn load_view(a: &ViewArgs) -> Result<std::result::Result<(GraphData, View, ViewFilter), String>> {
    require_graph(&a.graph.graph)?;
    let data = claimgraph::query::corrections::load_corrected(&a.graph.graph)?.0;
    if let Err(message) = check_topic(&data, a.topic.as_deref()).and_then(|()| check_actor(&data, a.actor.as_deref())) {
        return Ok(Err(message));
    }
    let filter = ViewFilter {
        actor: a.actor.clone(),
        topic: a.topic.clone(),
        since: a.since,
        until: a.until,
        normalization: normalization(a.normalize),
        roll_up: a.roll_up,
    };
    Ok(Ok((data, view_of(a.view), filter)))
}

/// The library's normalisation for the command-line choice.
pub fn normalization(n: super::Normalize) -> Normalization {
    match n {
        super::Normalize::None => Normalization::None,
        super::Normalize::Topics => Normalization::Topics,
        super::Normalize::Average => Normalization::Average,
        super::Normalize::Jaccard => Normalization::Jaccard,
        super::Normalize::Cosine => Normalization::Cosine,
    }
}

pub fn renderer_choice() -> Result<RendererChoice> {
    match std::env::var(RENDERER_ENV) {
        Err(_) => Ok(RendererChoice::Auto),
        Ok(v) => RendererChoice::parse(&v)
            .ok_or_else(|| Error::Usage(format!("{RENDERER_ENV}={v}: expected `auto`, `dot` or `builtin`"))),
    }
}

/// The one line saying which renderer drew the picture, and why.
fn notice(renderer: Renderer, choice: RendererChoice) {
    match (renderer, choice) {
        (Renderer::Graphviz, _) => note("rendered with Graphviz dot"),
        (Renderer::Builtin, RendererChoice::Builtin) => {
            note(&format!("rendered with the built-in layout (layout-rs), as {RENDERER_ENV} asks"))
        }
        (Renderer::Builtin, _) => note("Graphviz dot not found; rendered with the built-in layout (layout-rs)"),
    }
}

pub fn dot(a: DotArgs) -> Result<ExitCode> {
    let (data, view, filter) = match load_view(&a.view)? {
        Ok(v) => v,
        Err(message) => return Ok(usage(&message)),
    };
    let (dot, omitted) = to_dot_capped(&data, view, &filter, &cap_of(&a.view.cap));
    write_output(&a.output, dot.as_bytes())?;
    note_omitted(&omitted);
    Ok(ExitCode::SUCCESS)
}

pub fn render(a: RenderArgs) -> Result<ExitCode> {
    let (data, view, filter) = match load_view(&a.view)? {
        Ok(v) => v,
        Err(message) => return Ok(usage(&message)),
    };
    let format = match a.format {
        super::ImageFormat::Svg => ImageFormat::Svg,
        super::ImageFormat::Png => ImageFormat::Png,
    };
    let choice = renderer_choice()?;
    let (dot, omitted) = to_dot_capped(&data, view, &filter, &cap_of(&a.view.cap));
    let rendered = render::render(&dot, format, choice)?;
    write_output(&a.output, &rendered.bytes)?;
    notice(rendered.renderer, choice);
    note_omitted(&omitted);
    Ok(ExitCode::SUCCESS)
}

pub fn report(a: ReportArgs) -> Result<ExitCode> {
    require_graph(&a.graph.graph)?;
    let mut data = claimgraph::query::corrections::load_corrected(&a.graph.graph)?.0;
    // A report is shared; the folders of the machine it was made on are
    // nobody else's business, and mean nothing elsewhere.
    let cwd = std::env::current_dir().ok();
    for article in &mut data.articles {
        article.path = shareable_path(&article.path, cwd.as_deref());
    }
    let choice = renderer_choice()?;
    let opts = html_report::ReportOptions { cap: cap_of(&a.cap), rows: limit(a.rows), list_rows: limit(a.list_rows) };
    let (page, renderer) = html_report::report_html_with(&data, choice, &opts)?;
    write_output(&a.output, page.as_bytes())?;
    notice(renderer, choice);
    Ok(ExitCode::SUCCESS)
}

/// An article path fit to show to others: relative paths as stored, an
/// absolute one relative to the current folder when it lies inside it, else
/// only its file name.
fn shareable_path(stored: &str, cwd: Option<&Path>) -> String {
    let path = Path::new(stored);
    if !path.has_root() && !matches!(path.components().next(), Some(Component::Prefix(_))) {
        return stored.to_string();
    }
    if let Some(rel) = cwd.and_then(|c| path.strip_prefix(c).ok()) {
        return rel.to_string_lossy().into_owned();
    }
    path.file_name().map_or_else(|| stored.to_string(), |n| n.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_paths_never_show_the_machine_folders() {
        let cwd = std::path::PathBuf::from("/home/someone/work");
        assert_eq!(shareable_path("news/a.txt", Some(&cwd)), "news/a.txt");
        assert_eq!(shareable_path("/home/someone/work/news/a.txt", Some(&cwd)), "news/a.txt");
        assert_eq!(shareable_path("/srv/private/b.html", Some(&cwd)), "b.html");
        assert_eq!(shareable_path("/srv/private/b.html", None), "b.html");
    }
}
