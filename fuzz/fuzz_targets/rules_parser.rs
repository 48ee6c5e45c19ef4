//! Arbitrary text as one of the five rule files (the first byte picks
//! which; the others are the bundled ones), then validation and
//! compilation. Any input must give rules or a typed error, never a panic,
//! and a compiled rule set must extract a small article without panicking.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

use claimgraph::rules::{self, RuleSet};

const BUNDLED: [(&str, &str); 5] = [
    (rules::ACTORS_FILE, include_str!("../../data/rules/domains/ukraine-war/actors.ron")),
    (rules::SPEECH_FILE, include_str!("../../data/rules/core/speech.ron")),
    (rules::TOPICS_FILE, include_str!("../../data/rules/domains/ukraine-war/topics.ron")),
    (rules::STANCES_FILE, include_str!("../../data/rules/core/stances.ron")),
    (rules::LEXICON_FILE, include_str!("../../data/rules/core/lexicon.ron")),
];

const ARTICLE: &str = "Talks stall\n\nBy A. Writer March 3, 2025\n\n\
“We will not accept a ceasefire on these terms,” Ukrainian President Volodymyr Zelensky said. \
Moscow rejected the idea of a truce. He added that talks would go on.\n";

fn parse(texts: &[String; 5]) -> claimgraph::Result<RuleSet> {
    let dir = PathBuf::from("fuzz-rules");
    let mut set = RuleSet::empty(vec![dir.clone()]);
    for (i, text) in texts.iter().enumerate() {
        set.add_file(&dir.join(BUNDLED[i].0), text.clone())?;
    }
    set.validate()?;
    Ok(set)
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut texts = BUNDLED.map(|(_, t)| t.to_string());
    texts[usize::from(which % 5)] = text.to_string();
    let Ok(set) = parse(&texts) else { return };
    // Error rendering walks the source text: exercise it on failures too.
    match set.compile() {
        Ok(compiled) => {
            let article = claimgraph::source::parse_article(Path::new("a.txt"), ARTICLE, &compiled.read_options(None, None));
            let _ = claimgraph::extract::extract(&article, &compiled);
        }
        Err(e) => {
            let _ = e.to_string();
            let _ = e.location();
        }
    }
});
