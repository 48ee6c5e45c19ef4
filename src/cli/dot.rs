//! `dot`, `render` and `report`, and the GraphML / CSV branches of `export`:
//! the commands that draw the graph.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use claimgraph::export::dot::{View, ViewFilter, to_dot};
use claimgraph::export::render::{self, ImageFormat, Renderer, RendererChoice};
use claimgraph::query::networks::Normalization;
use claimgraph::export::{csv, graphml, report as html_report};
use claimgraph::store::{self, GraphData};
use claimgraph::{Error, Result};

use super::{DotArgs, ExportArgs, ExportFormat, RenderArgs, ReportArgs, ViewArgs};

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

fn load_view(a: &ViewArgs) -> Result<(GraphData, View, ViewFilter)> {
    let data = store::load_existing(&a.graph.graph)?;
    let filter = ViewFilter {
        actor: a.actor.clone(),
        topic: a.topic.clone(),
        since: a.since,
        until: a.until,
        normalization: normalization(a.normalize),
        roll_up: a.roll_up,
    };
    Ok((data, view_of(a.view), filter))
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

fn renderer_choice() -> Result<RendererChoice> {
    match std::env::var(RENDERER_ENV) {
        Err(_) => Ok(RendererChoice::Auto),
        Ok(v) => RendererChoice::parse(&v)
            .ok_or_else(|| Error::Usage(format!("{RENDERER_ENV}={v}: expected `auto`, `dot` or `builtin`"))),
    }
}

/// Writes `bytes` to `path`, or to standard output for `-`.
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    if path == Path::new("-") {
        let mut out = std::io::stdout().lock();
        return out.write_all(bytes).and_then(|()| out.flush()).map_err(|e| Error::io("<stdout>", e));
    }
    store::write_atomic(path, bytes)
}

/// The one line saying which renderer drew the picture, and why.
fn notice(renderer: Renderer, choice: RendererChoice) {
    match (renderer, choice) {
        (Renderer::Graphviz, _) => eprintln!("claimgraph: rendered with Graphviz dot"),
        (Renderer::Builtin, RendererChoice::Builtin) => {
            eprintln!("claimgraph: rendered with the built-in layout (layout-rs), as {RENDERER_ENV} asks")
        }
        (Renderer::Builtin, _) => {
            eprintln!("claimgraph: Graphviz dot not found; rendered with the built-in layout (layout-rs)")
        }
    }
}

pub fn dot(a: DotArgs) -> Result<ExitCode> {
    let (data, view, filter) = load_view(&a.view)?;
    write_output(&a.output, to_dot(&data, view, &filter).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

pub fn render(a: RenderArgs) -> Result<ExitCode> {
    let (data, view, filter) = load_view(&a.view)?;
    let format = match a.format {
        super::ImageFormat::Svg => ImageFormat::Svg,
        super::ImageFormat::Png => ImageFormat::Png,
    };
    let choice = renderer_choice()?;
    let rendered = render::render(&to_dot(&data, view, &filter), format, choice)?;
    write_output(&a.output, &rendered.bytes)?;
    notice(rendered.renderer, choice);
    Ok(ExitCode::SUCCESS)
}

pub fn report(a: ReportArgs) -> Result<ExitCode> {
    let data = store::load_existing(&a.graph.graph)?;
    let choice = renderer_choice()?;
    let (page, renderer) = html_report::report_html(&data, choice)?;
    write_output(&a.output, page.as_bytes())?;
    notice(renderer, choice);
    Ok(ExitCode::SUCCESS)
}

/// `export --format graphml|csv`.
pub fn export_table(a: &ExportArgs) -> Result<ExitCode> {
    let data = store::load_existing(&a.graph.graph)?;
    match a.format {
        ExportFormat::Graphml => write_output(&a.output, graphml::to_graphml(&data).as_bytes())?,
        ExportFormat::Csv => csv::write_csv(&data, &a.output)?,
        other => return Err(Error::Usage(format!("{other:?} is not a table export"))),
    }
    Ok(ExitCode::SUCCESS)
}
