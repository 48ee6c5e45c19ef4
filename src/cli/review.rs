//! `serve` (the explorer) and `corrections export/import`.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};

use claimgraph::eval::agreement::{Agreement, agreement};
use claimgraph::serve::{App, Explorer};
use claimgraph::store::{self, corrections_path, load_corrections, update_corrections};
use claimgraph::{Error, Result};

use super::GraphArg;
use super::output::{info, print_json};
use super::suggest::require_graph;

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub graph: GraphArg,
    /// Port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Address to listen on. The default answers this machine only; the
    /// explorer has no login, so bind wider only on a trusted network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Folder the articles are read from when their stored paths have moved.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum CorrectionsCommand {
    /// Write the graph's corrections (all, or one coder's) to share them.
    Export {
        #[command(flatten)]
        graph: GraphArg,
        /// Output file, `-` for standard output.
        #[arg(long, short = 'o', value_name = "FILE", default_value = "-")]
        output: PathBuf,
        /// Only this coder's corrections.
        #[arg(long)]
        coder: Option<String>,
    },
    /// Add another coder's corrections to the graph's, printing how far the
    /// two agree on the statements and stances both reviewed.
    Import {
        /// A corrections file (from `corrections export`).
        file: PathBuf,
        #[command(flatten)]
        graph: GraphArg,
        /// Print the agreement only; change nothing.
        #[arg(long)]
        dry_run: bool,
        /// Print the agreement as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn serve(a: ServeArgs) -> Result<ExitCode> {
    require_graph(&a.graph.graph)?;
    let explorer = Explorer::open(&a.graph.graph, a.corpus.as_deref())?;
    let renderer = super::dot::renderer_choice()?;
    let app = App { explorer, renderer, hosts: vec![a.bind.to_string()], any_host: a.bind.is_unspecified() };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    let addr = SocketAddr::new(a.bind, a.port);
    runtime.block_on(claimgraph::serve::run(app, addr, |local| {
        // Always printed: the address is the one thing a user needs, and a
        // test that asked for port 0 reads it here.
        println!("claimgraph explorer on http://{local}/ (Ctrl-C stops it)");
        info(&format!("corrections: {}", corrections_path(&a.graph.graph).display()));
    }))?;
    Ok(ExitCode::SUCCESS)
}

pub fn corrections(c: CorrectionsCommand) -> Result<ExitCode> {
    match c {
        CorrectionsCommand::Export { graph, output, coder } => {
            let mut all = load_corrections(&corrections_path(&graph.graph))?;
            if let Some(who) = &coder {
                all.corrections.retain(|c| &c.who == who);
            }
            let text = store::corrections_to_ron(&all)?;
            if output.as_os_str() == "-" {
                print!("{text}");
            } else {
                store::write_atomic(&output, text.as_bytes())?;
                info(&format!("{} corrections written to {}", all.corrections.len(), output.display()));
            }
            Ok(ExitCode::SUCCESS)
        }
        CorrectionsCommand::Import { file, graph, dry_run, json } => {
            if !file.exists() {
                return Err(Error::Usage(format!("{}: no such corrections file", file.display())));
            }
            let theirs = load_corrections(&file)?;
            let path = corrections_path(&graph.graph);
            let mine = load_corrections(&path)?;
            let g = agreement(&mine, &theirs);
            let added = if dry_run { 0 } else { update_corrections(&path, |c| c.absorb(theirs))? };
            if json {
                print_json(&serde_json::json!({"agreement": g, "added": added}))?;
            } else {
                print!("{}", render_agreement(&g));
                if !dry_run {
                    println!("{added} corrections added to {}", path.display());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn render_agreement(g: &Agreement) -> String {
    let pct = |x: Option<f64>| x.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    let mut out = format!(
        "agreement: {} decided by both, {} alike (observed {}, Cohen's kappa {}); {} only here, {} only in the file\n",
        g.both,
        g.agree,
        pct(g.observed),
        pct(g.kappa),
        g.only_first,
        g.only_second
    );
    for (t, mine, theirs) in &g.disagreements {
        out.push_str(&format!("  differ: {t:?}: here {mine:?}, file {theirs:?}\n"));
    }
    out
}
