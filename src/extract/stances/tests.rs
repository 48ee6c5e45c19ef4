
use crate::model::Span;
use crate::rules::Lexicon;
use proptest::prelude::*;

static LEXICON: std::sync::LazyLock<Lexicon> = std::sync::LazyLock::new(Lexicon::bundled);

proptest! {
    #[test]
    fn the_anaphor_gate_passes_every_regex_match(
        parts in proptest::collection::vec((
            "(these|THOSE|Such|this|that|the|The|new|peace-|ceasefire|conditions|Demands|TERMS|proposal|ultimatums|steps|measures|discussions|talks|TALKS|negotiations|agreement|agreements|deal|idea|plan|offer|condition|demand|tal\u{212A}s|\u{212A}|\u{17F}teps|mea\u{17F}ures|tal|dea|x|é|_|1)",
            "(| |  |\n|\u{a0}|-|,|\\.|é)",
        ), 0..10)
    ) {
        let text: String = parts.into_iter().map(|(word, sep)| word + &sep).collect();
        let bank = crate::rules::scan::PatternBank::new([&LEXICON.anaphor_noun]);
        let nouns = bank.find_all(&text, &[Span::new(0, text.len())]);
        prop_assert!(!LEXICON.anaphor.is_match(&text) || !nouns.is_empty(), "{:?}", text);
    }
}

#[test]
fn the_anaphor_and_its_gate_agree_on_a_long_s() {
    // Found by the proptest above in CI: "ſ" folds to "s" under (?i).
    for text in ["these ſteps", "these steps", "those new meaſures"] {
        let bank = crate::rules::scan::PatternBank::new([&LEXICON.anaphor_noun]);
        let gate = !bank.find_all(text, &[Span::new(0, text.len())]).is_empty();
        assert!(!LEXICON.anaphor.is_match(text) || gate, "{text}");
    }
}

#[test]
fn a_topic_term_matches_its_plural_and_any_joining_space_or_hyphen() {
    let re = regex::Regex::new(&format!("(?i)^(?:{})$", crate::rules::schema::term_pattern("security guarantee"))).expect("term regex");
    for yes in ["security guarantee", "Security Guarantees", "security-guarantee", "security  guarantees"] {
        assert!(re.is_match(yes), "{yes}");
    }
    for no in ["security", "securityguarantee", "security guarantor"] {
        assert!(!re.is_match(no), "{no}");
    }
    // Regex syntax in a term is literal.
    let dotted = regex::Regex::new(&crate::rules::schema::term_pattern("U.S. aid")).expect("term regex");
    assert!(dotted.is_match("U.S. aid") && !dotted.is_match("UXS aid"));
}

proptest! {
    #[test]
    fn the_covering_statement_is_the_first_listed_that_covers(
        spans in proptest::collection::vec((0usize..60, 0usize..12), 0..12),
        offset in 0usize..80,
    ) {
        use crate::model::{Evidence, FoundStatement, QuoteKind};
        let statements: Vec<FoundStatement> = spans
            .iter()
            .map(|&(start, len)| FoundStatement {
                speaker: "Jane Roe".into(),
                kind: QuoteKind::Indirect,
                text: String::new(),
                evidence: Evidence {
                    article: "a".into(),
                    span: Span::new(start, start + len),
                    sentence: Span::new(0, 80),
                    sentence_text: String::new().into(),
                    cue: String::new().into(),
                    rule: String::new().into(),
                    date: None,
                    resolution: String::new().into(),
                },
            })
            .collect();
        // The definition: the first in list order; an empty span covers its start.
        let want = statements.iter().position(|st| {
            st.evidence.span.start <= offset && offset < st.evidence.span.end.max(st.evidence.span.start + 1)
        });
        prop_assert_eq!(super::hits::StatementsAt::new(&statements).first_covering(offset), want);
    }
}
