//! Times the stance view of a (large) graph and a positions query on it,
//! the path `claimgraph positions --topic T` takes on a split graph:
//!
//!     cargo run --release --example positions_at_scale -- /tmp/big/graph.ron ceasefire
//!
//! Prints the load and query times and the size of the answer.

use std::path::PathBuf;
use std::time::Instant;

use claimgraph::query::{self, PositionFilter};
use claimgraph::store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let graph = PathBuf::from(args.next().ok_or("usage: positions_at_scale GRAPH [TOPIC] [--full]")?);
    let topic = args.next();
    let t = Instant::now();
    let g = store::load_stances(&graph, topic.as_deref())?;
    let load = t.elapsed();
    let t = Instant::now();
    let filter = PositionFilter {
        topic: topic.clone(),
        ..PositionFilter::default()
    };
    let rows = query::positions(&g, &filter);
    let q = t.elapsed();
    let evidence: usize = rows.iter().map(|r| r.evidence.len()).sum();
    println!(
        "stance view: {} stances, {} cited articles, loaded in {:.1} ms; positions: {} rows, {} evidences, in {:.1} ms",
        g.stances.len(),
        g.articles.len(),
        load.as_secs_f64() * 1e3,
        rows.len(),
        evidence,
        q.as_secs_f64() * 1e3
    );
    if args.next().as_deref() == Some("--full") {
        let t = Instant::now();
        let full = store::load_existing(&graph)?;
        println!(
            "full load: {} articles, {} statements, {} stances in {:.2} s",
            full.articles.len(),
            full.statements.len(),
            full.stances.len(),
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
