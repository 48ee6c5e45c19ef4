//! Arbitrary bytes as an article, read as plain text and as HTML, extracted
//! with the bundled rules. Must not panic, and every span it reports must
//! slice the article's text on character boundaries.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

use claimgraph::source;
use claimgraph::model::{Evidence, Span};
use claimgraph::rules::{CompiledRules, RuleSet};

static RULES: LazyLock<CompiledRules> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/rules");
    RuleSet::load(&dir).and_then(|r| r.compile()).expect("bundled rules load")
});

fn check(text: &str, span: Span, what: &str) {
    assert!(span.start <= span.end && text.get(span.start..span.end).is_some(), "{what} {span:?} does not slice the text");
}

fn check_evidence(text: &str, e: &Evidence) {
    check(text, e.span, "span");
    check(text, e.sentence, "sentence");
    assert_eq!(e.sentence.slice(text), e.sentence_text, "sentence_text differs from the sentence span");
}

fuzz_target!(|data: &[u8]| {
    for name in ["a.txt", "a.html"] {
        let path = Path::new(name);
        let Ok(raw) = source::decode_text(path, data) else { return };
        let article = source::parse_article(path, &raw, &RULES.read_options(None, None));
        let ex = claimgraph::extract::extract(&article, &RULES);
        for s in &ex.statements {
            check_evidence(&article.text, &s.evidence);
            assert_eq!(s.evidence.span.slice(&article.text), s.text, "statement text differs from its span");
            assert!(s.evidence.sentence.contains(s.evidence.span), "statement outside its sentence");
        }
        for s in &ex.stances {
            check_evidence(&article.text, &s.evidence);
        }
    }
});
