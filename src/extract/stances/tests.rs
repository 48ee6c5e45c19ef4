
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
