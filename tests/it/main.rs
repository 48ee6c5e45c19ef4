//! The one integration-test binary: one module per area.
// The library's error carries the source text for its report (see lib.rs).
#![allow(clippy::result_large_err)]
mod ingest;
mod store;
mod index;
mod dot;
mod report;
mod eval;
mod corpus;
mod rules;
mod extract;
mod quotes;
mod speakers;
mod stances;
mod query;
mod robustness;
mod hostile;
mod architecture;
mod networks;
mod cli;
mod mapreduce;
mod python;
mod serve;
mod review;
mod browser;
mod first_hour;

/// Whether what a test needs (a tool, the shared corpus) is `available`.
/// Under `CI=true` a missing one fails the test, as CI provides them all;
/// elsewhere the test is skipped and says why.
pub fn require(what: &str, available: bool) -> bool {
    if !available {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{what} is required when CI=true");
        }
        eprintln!("skipping: {what} not available");
    }
    available
}

/// Where the bundled rule file `name` lives: the domain-free core holds the
/// speech cues, generic stance cues and the lexicon; the Ukraine-war domain
/// its actors and topics.
pub fn bundled_rule_file(name: &str) -> std::path::PathBuf {
    let rules = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules");
    match name {
        "actors.ron" | "topics.ron" => rules.join("domains/ukraine-war").join(name),
        _ => rules.join("core").join(name),
    }
}
