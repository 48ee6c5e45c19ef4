//! Arbitrary bytes as an HTML page: the nesting check, the text and the
//! metadata it gives (headline, byline, outlet, date from meta tags,
//! JSON-LD and the page's elements), then extraction. Must not panic; the
//! text must hold no markup the parser took for text twice, and every
//! span must slice it.

#![no_main]

use std::path::Path;
use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

use claimgraph::rules::{CompiledRules, RuleSet};
use claimgraph::source;

static RULES: LazyLock<CompiledRules> = LazyLock::new(|| {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../data/rules");
    RuleSet::load(&dir).and_then(|r| r.compile()).expect("bundled rules load")
});

fuzz_target!(|data: &[u8]| {
    let path = Path::new("page.html");
    let Ok(raw) = source::decode_text(path, data) else { return };
    let opts = RULES.read_options(None, None);
    let article = source::parse_article(path, &raw, &opts);
    let meta = &article.meta;
    for field in [Some(&meta.title), meta.source.as_ref(), meta.byline.as_ref()].into_iter().flatten() {
        assert!(!field.contains('\n'), "metadata holds a line break: {field:?}");
        assert_eq!(field.trim(), field, "metadata is not trimmed: {field:?}");
    }
    assert_eq!(meta.len, article.text.len());
    for b in &article.boilerplate {
        assert!(article.text.get(b.start..b.end).is_some(), "boilerplate span {b:?} does not slice the text");
    }
    let ex = claimgraph::extract::extract(&article, &RULES);
    for s in &ex.statements {
        assert_eq!(s.evidence.span.slice(&article.text), s.text);
    }
});
