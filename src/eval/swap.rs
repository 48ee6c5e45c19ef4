//! The name-swap check: every person in a gold file is renamed to an
//! invented name, consistently in the article texts and in the gold, while
//! the rules stay as they are. A score that holds under the swap comes from
//! how people are written about, not from names the rules happen to list.

use std::collections::HashMap;
use std::path::Path;

use rayon::prelude::*;
use regex::Regex;

use crate::error::Result;
use crate::extract::extract;
use crate::model::ActorKind;
use crate::rules::CompiledRules;
use crate::source::{decode_text, parse_article};

use super::gold::{Gold, GoldActor};
use super::report::EvalReport;
use super::score::{ArticlePrediction, score};

/// A consistent renaming of name words ("Donald" → "Tavemo").
#[derive(Debug, Clone)]
pub struct NameSwap {
    map: HashMap<String, String>,
    words: Option<Regex>,
}

const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
const VOWELS: &[u8] = b"aeiou";

/// An invented word of `syllables` consonant-vowel pairs, capitalised.
fn invented(rng: &mut fastrand::Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push(CONSONANTS[rng.usize(..CONSONANTS.len())] as char);
        w.push(VOWELS[rng.usize(..VOWELS.len())] as char);
    }
    w.push(CONSONANTS[rng.usize(..CONSONANTS.len())] as char);
    let mut c = w.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

/// The words of a person's names that identify them: every word of the
/// canonical name, and single-word aliases (other spellings, nicknames).
fn name_words(a: &GoldActor) -> Vec<String> {
    let plain = |w: &str| w.len() > 2 && w.chars().next().is_some_and(char::is_uppercase) && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '\'');
    let mut out: Vec<String> = a.name.split_whitespace().filter(|w| plain(w)).map(str::to_string).collect();
    out.extend(a.aliases.iter().filter(|al| !al.contains(' ') && plain(al)).cloned());
    out
}

impl NameSwap {
    /// A renaming of every person in `gold`, the same for the same `seed`.
    pub fn for_gold(gold: &Gold, seed: u64) -> NameSwap {
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut map = HashMap::new();
        let mut taken = std::collections::HashSet::new();
        for a in gold.actors.iter().filter(|a| a.kind == ActorKind::Person) {
            for w in name_words(a) {
                if map.contains_key(&w) {
                    continue;
                }
                let new = loop {
                    let syllables = 2 + rng.usize(..2);
                    let candidate = invented(&mut rng, syllables);
                    if taken.insert(candidate.clone()) {
                        break candidate;
                    }
                };
                map.insert(w, new);
            }
        }
        let mut keys: Vec<&String> = map.keys().collect();
        // Longest first, so a word is never replaced by a shorter one's prefix.
        keys.sort_by_key(|k| std::cmp::Reverse(k.len()));
        let alternation = keys.iter().map(|k| regex::escape(k)).collect::<Vec<_>>().join("|");
        let words = (!keys.is_empty()).then(|| Regex::new(&format!(r"\b(?:{alternation})\b"))).and_then(|r| r.ok());
        NameSwap { map, words }
    }

    /// The renaming, old word → new word.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.map.iter().map(|(a, b)| (a.as_str(), b.as_str()))
    }

    /// `text` with every name word replaced.
    pub fn text(&self, text: &str) -> String {
        match &self.words {
            Some(re) => re.replace_all(text, |c: &regex::Captures| self.map.get(&c[0]).cloned().unwrap_or_else(|| c[0].to_string())).into_owned(),
            None => text.to_string(),
        }
    }

    /// `gold` with every name word replaced in names, aliases, speakers,
    /// quotation texts and evidence.
    pub fn gold(&self, gold: &Gold) -> Gold {
        let mut g = gold.clone();
        for a in &mut g.actors {
            a.name = self.text(&a.name);
            a.aliases = a.aliases.iter().map(|s| self.text(s)).collect();
            a.member_of = a.member_of.as_deref().map(|s| self.text(s));
        }
        for art in &mut g.articles {
            for q in &mut art.quotes {
                q.speaker = self.text(&q.speaker);
                q.text = self.text(&q.text);
            }
            for s in &mut art.stances {
                s.actor = self.text(&s.actor);
                s.evidence = self.text(&s.evidence);
            }
        }
        g
    }
}

/// Scores extraction on the articles of `gold` under `corpus` with every
/// person renamed by `swap`, against the renamed gold.
pub fn evaluate_swapped(gold: &Gold, corpus: &Path, rules: &CompiledRules, swap: &NameSwap) -> Result<EvalReport> {
    let renamed = swap.gold(gold);
    let opts = rules.read_options(None, None);
    let predictions = gold
        .articles
        .par_iter()
        .map(|ga| {
            let path = corpus.join(&ga.file);
            let bytes = std::fs::read(&path).map_err(|e| crate::error::Error::io(&path, e))?;
            let text = swap.text(&decode_text(&path, &bytes)?);
            let article = parse_article(&path, &text, &opts);
            let x = extract(&article, rules);
            Ok(ArticlePrediction::from_extraction(&ga.file, &article.text, x))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(score(&renamed, &predictions))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold() -> Gold {
        serde_json::from_str(
            r#"{"corpus": "t", "actors": [
                {"name": "Jane Roe", "kind": "person", "aliases": ["Roe", "Ms. Roe", "Janey"]},
                {"name": "Ruritania", "kind": "country", "aliases": ["Strel"]}],
              "articles": [{"file": "a.txt", "quotes": [{"speaker": "Jane Roe", "kind": "direct", "cue": "said", "text": "Roe is here"}], "stances": []}]}"#,
        )
        .expect("test gold parses")
    }

    #[test]
    fn people_are_renamed_consistently_and_places_are_not() {
        let swap = NameSwap::for_gold(&gold(), 7);
        let text = swap.text("Jane Roe said Roe's plan for Ruritania, Janey, was Roeish. Strel agreed.");
        assert!(!text.contains("Jane") && !text.contains("Roe ") && !text.contains("Janey"), "{text}");
        assert!(text.contains("Ruritania") && text.contains("Strel") && text.contains("Roeish"), "{text}");
        let g = swap.gold(&gold());
        let roe = swap.text("Roe");
        assert_eq!(g.actors[0].name, format!("{} {roe}", swap.text("Jane")));
        assert_eq!(g.articles[0].quotes[0].text, format!("{roe} is here"));
        assert!(text.contains(&format!("{roe}'s plan")), "{text}");
    }

    #[test]
    fn the_same_seed_gives_the_same_names() {
        let a: Vec<_> = NameSwap::for_gold(&gold(), 3).text("Jane Roe").split(' ').map(str::to_string).collect();
        let b: Vec<_> = NameSwap::for_gold(&gold(), 3).text("Jane Roe").split(' ').map(str::to_string).collect();
        assert_eq!(a, b);
        assert_ne!(NameSwap::for_gold(&gold(), 3).text("Jane Roe"), NameSwap::for_gold(&gold(), 4).text("Jane Roe"));
    }
}
