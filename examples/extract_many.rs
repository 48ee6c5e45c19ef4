//! Extracts generated articles (and the shared seed articles, when they sit
//! beside the crate) once each with the bundled rules, and prints totals.
//! A fixed, short workload for profilers such as callgrind, whose
//! instruction counts do not depend on what else the machine is doing:
//!
//!     cargo build --release --example extract_many
//!     valgrind --tool=callgrind target/release/examples/extract_many 50 [REPEAT]
//!
//! Rule patterns are compiled on first use, so the steady cost of one pass
//! is the difference between REPEAT 2 and REPEAT 1.

use std::path::Path;

use claimgraph::source::{self};
use claimgraph::rules::RuleSet;
use claimgraph::source::synth::{self, SynthOptions};
use sha2::{Digest, Sha256};

// The allocator the `claimgraph` binary uses, so profiles show its costs.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u64 = std::env::args().nth(1).map(|a| a.parse()).transpose()?.unwrap_or(50);
    let repeat: usize = std::env::args().nth(2).map(|a| a.parse()).transpose()?.unwrap_or(1);
    let (_, rules) = RuleSet::load_compiled(Path::new("data/rules"))?;
    let opts = rules.read_options(None, None);
    let mut articles: Vec<_> = synth::generate(&SynthOptions::default(), n)
        .map(|a| source::parse_article(Path::new(&a.name), &a.text, &opts))
        .collect();
    if let Ok(dir) = std::fs::read_dir("../shared/corpus/seeds") {
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        articles.extend(paths.iter().filter_map(|p| source::read_article(p, &opts).ok()));
    }
    let (mut bytes, mut statements, mut stances) = (0, 0, 0);
    // A digest of every extraction, to show a speed-up changed no output.
    let mut digest = Sha256::new();
    for a in articles.iter().cycle().take(articles.len() * repeat) {
        let x = claimgraph::extract::extract(a, &rules);
        bytes += a.text.len();
        statements += x.statements.len();
        stances += x.stances.len();
        digest.update(serde_json::to_vec(&x)?);
    }
    println!("{} articles × {repeat}, {bytes} bytes: {statements} statements, {stances} stances", articles.len());
    println!("output digest {}", hex::encode(digest.finalize()));
    Ok(())
}
