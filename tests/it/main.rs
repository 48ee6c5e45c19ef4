//! The one integration-test binary: one module per area.
// The library's error carries the source text for its report (see lib.rs).
#![allow(clippy::result_large_err)]
mod ingest;
mod store;
mod index;
mod index_corrections;
mod dot;
mod report;
mod eval;
mod corpus;
mod rules;
mod extract;
mod quotes;
mod reported;
mod speakers;
mod stances;
mod query;
mod row_caps;
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
mod scale_views;
mod parquet_export;
mod relabel;

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

/// The bundled rule tree (`data/rules`), compiled once for every test that
/// extracts with it.
pub static BUNDLED_RULES: std::sync::LazyLock<claimgraph::rules::CompiledRules> = std::sync::LazyLock::new(|| {
    claimgraph::rules::RuleSet::load(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/rules"))
        .and_then(|r| r.compile())
        .unwrap_or_else(|e| panic!("bundled rules must load: {e}"))
});

/// The statements the bundled rules find in `text`; every span must slice
/// the text to its statement.
pub fn statements(text: &str) -> Vec<claimgraph::model::FoundStatement> {
    let article = claimgraph::source::parse_article(std::path::Path::new("fixture.txt"), text, &BUNDLED_RULES.read_options(None, None));
    let ex = claimgraph::extract::extract(&article, &BUNDLED_RULES);
    for s in &ex.statements {
        assert_eq!(&text[s.evidence.span.start..s.evidence.span.end], s.text, "span must slice the text");
    }
    ex.statements
}

/// Whether `found` holds a statement of this kind, speaker and text.
pub fn has(found: &[claimgraph::model::FoundStatement], kind: claimgraph::model::QuoteKind, speaker: &str, text: &str) -> bool {
    found.iter().any(|s| s.kind == kind && s.speaker == speaker && s.text == text)
}

/// `found`, one statement a line, for assertion messages.
pub fn dump(found: &[claimgraph::model::FoundStatement]) -> String {
    found.iter().map(|s| format!("{:?} {} | {}\n", s.kind, s.speaker, s.text)).collect()
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
