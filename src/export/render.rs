//! Turning DOT into a picture: Graphviz's `dot` when it is installed, else
//! layout-rs, a pure-Rust layout, so a machine without Graphviz still gets
//! an SVG. The caller learns which one drew it and says so.

use std::io::{ErrorKind, Write};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            ImageFormat::Svg => "svg",
            ImageFormat::Png => "png",
        }
    }
}

/// Which renderer to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RendererChoice {
    /// Graphviz if `dot` can be started, else the built-in layout.
    #[default]
    Auto,
    Graphviz,
    Builtin,
}

impl RendererChoice {
    /// `auto`, `dot`/`graphviz`, or `builtin`/`layout-rs` (as given in
    /// `CLAIMGRAPH_RENDERER`).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "" | "auto" => Some(RendererChoice::Auto),
            "dot" | "graphviz" => Some(RendererChoice::Graphviz),
            "builtin" | "layout-rs" => Some(RendererChoice::Builtin),
            _ => None,
        }
    }
}

/// The renderer that drew a picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Renderer {
    Graphviz,
    Builtin,
}

impl Renderer {
    pub fn describe(self) -> &'static str {
        match self {
            Renderer::Graphviz => "Graphviz dot",
            Renderer::Builtin => "the built-in layout (layout-rs)",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub renderer: Renderer,
}

/// Runs `dot -T<format>`; `Ok(None)` when no `dot` program can be started.
pub fn graphviz(dot: &str, format: ImageFormat) -> Result<Option<Vec<u8>>> {
    let render_err = |message: String| Error::Render {
        renderer: "dot".to_string(),
        message,
    };
    let mut child = match Command::new("dot")
        .arg(format!("-T{}", format.as_str()))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(render_err(format!("cannot start: {e}"))),
    };
    // Written from a thread: a large graph fills the output pipe before dot
    // has read all of its input.
    let mut stdin = child.stdin.take().ok_or_else(|| render_err("no stdin".to_string()))?;
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().map_err(|e| render_err(e.to_string()))?;
    let written = writer.join().map_err(|_| render_err("writer thread panicked".to_string()))?;
    if !out.status.success() {
        return Err(render_err(format!("failed ({}): {}", out.status, String::from_utf8_lossy(&out.stderr).trim())));
    }
    written.map_err(|e| render_err(format!("writing input: {e}")))?;
    Ok(Some(out.stdout))
}

/// Lays out and draws `dot` as SVG with layout-rs. Clusters are flattened
/// and tooltips dropped: it is a picture, not a replacement for Graphviz.
pub fn builtin_svg(dot: &str) -> Result<String> {
    let render_err = |message: String| Error::Render {
        renderer: "layout-rs".to_string(),
        message,
    };
    let dot = dot.to_string();
    // layout-rs asserts on inputs it cannot handle; a panic there must not
    // take the command down without a message.
    let result = std::panic::catch_unwind(move || -> std::result::Result<String, String> {
        use layout::backends::svg::SVGWriter;
        use layout::gv::{DotParser, GraphBuilder};
        let mut parser = DotParser::new(&dot);
        let ast = parser.process()?;
        let mut builder = GraphBuilder::new();
        builder.visit_graph(&ast);
        let mut graph = builder.get();
        let mut svg = SVGWriter::new();
        graph.do_it(false, false, false, &mut svg);
        Ok(svg.finalize())
    });
    match result {
        Ok(Ok(svg)) => Ok(svg),
        Ok(Err(message)) => Err(render_err(format!("cannot read the DOT: {message}"))),
        Err(_) => Err(render_err("layout failed on this graph".to_string())),
    }
}

/// Renders DOT text to an image with the chosen renderer.
pub fn render(dot: &str, format: ImageFormat, choice: RendererChoice) -> Result<Rendered> {
    if choice != RendererChoice::Builtin {
        match graphviz(dot, format)? {
            Some(bytes) => {
                return Ok(Rendered {
                    bytes,
                    renderer: Renderer::Graphviz,
                });
            }
            None if choice == RendererChoice::Graphviz => {
                return Err(Error::Render {
                    renderer: "dot".to_string(),
                    message: "Graphviz `dot` was asked for but is not on PATH".to_string(),
                });
            }
            None => {}
        }
    }
    match format {
        ImageFormat::Svg => Ok(Rendered {
            bytes: builtin_svg(dot)?.into_bytes(),
            renderer: Renderer::Builtin,
        }),
        ImageFormat::Png => Err(Error::Render {
            renderer: "layout-rs".to_string(),
            message: "PNG needs Graphviz `dot`, which was not found".to_string(),
        }),
    }
}
