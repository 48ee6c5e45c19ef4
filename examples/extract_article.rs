//! Extracts one article with the bundled rules and prints the statements and
//! stances as JSON lines: the library used without the CLI.
//!
//!     cargo run --example extract_article -- path/to/article.txt [rules-dir]

use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let article = PathBuf::from(args.next().ok_or("usage: extract_article ARTICLE [RULES]")?);
    let rules = PathBuf::from(args.next().unwrap_or_else(|| "data/rules".into()));
    let pipeline = claimgraph::Pipeline::load(&rules)?;
    let article = pipeline.read(&article, None, None)?;
    let ex = pipeline.extract(&article);
    for s in &ex.statements {
        println!("{}", serde_json::to_string(s)?);
    }
    for s in &ex.stances {
        println!("{}", serde_json::to_string(s)?);
    }
    Ok(())
}
