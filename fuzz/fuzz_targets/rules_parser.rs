//! Arbitrary text as one of the four rule files (the first byte picks
//! which; the other three are the bundled ones), then validation and
//! compilation. Any input must give rules or a typed error, never a panic,
//! and a compiled rule set must extract a small article without panicking.

#![no_main]

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;

use claimgraph::rules::{self, RuleSet};

const BUNDLED: [(&str, &str); 4] = [
    (rules::ACTORS_FILE, include_str!("../../data/rules/actors.ron")),
    (rules::SPEECH_FILE, include_str!("../../data/rules/speech.ron")),
    (rules::TOPICS_FILE, include_str!("../../data/rules/topics.ron")),
    (rules::STANCES_FILE, include_str!("../../data/rules/stances.ron")),
];

const ARTICLE: &str = "Talks stall\n\nBy A. Writer March 3, 2025\n\n\
“We will not accept a ceasefire on these terms,” Ukrainian President Volodymyr Zelensky said. \
Moscow rejected the idea of a truce. He added that talks would go on.\n";

fn parse(texts: &[String; 4]) -> claimgraph::Result<RuleSet> {
    let dir = PathBuf::from("fuzz-rules");
    let path = |i: usize| dir.join(BUNDLED[i].0);
    let set = RuleSet {
        actors: rules::parse_ron(&path(0), &texts[0])?,
        speech: rules::parse_ron(&path(1), &texts[1])?,
        topics: rules::parse_ron(&path(2), &texts[2])?,
        stances: rules::parse_ron(&path(3), &texts[3])?,
        sources: (0..4).map(|i| (path(i), texts[i].clone())).collect::<HashMap<_, _>>(),
        dir,
    };
    set.validate()?;
    Ok(set)
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let mut texts = BUNDLED.map(|(_, t)| t.to_string());
    texts[usize::from(which % 4)] = text.to_string();
    let Ok(set) = parse(&texts) else { return };
    // Error rendering walks the source text: exercise it on failures too.
    match set.compile() {
        Ok(compiled) => {
            let article = claimgraph::source::parse_article(Path::new("a.txt"), ARTICLE, &Default::default());
            let _ = claimgraph::extract::extract(&article, &compiled);
        }
        Err(e) => {
            let _ = e.to_string();
            let _ = e.location();
        }
    }
});
