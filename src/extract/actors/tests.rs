use regex::Regex;

use super::names::*;
use super::references::*;
use super::roles::*;
use crate::model::*;
use crate::rules::aliases::*;
use crate::rules::Lexicon;
use proptest::prelude::*;

fn actor_rule(id: &str, name: &str, aliases: &[&str]) -> crate::rules::ActorRule {
    crate::rules::ActorRule {
        id: id.to_string(),
        name: name.to_string(),
        kind: ActorKind::Person,
        gender: None,
        member_of: None,
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        roles: Vec::new(),
        adjectives: Vec::new(),
        examples: Vec::new(),
    }
}

#[test]
pub(crate) fn a_pronoun_at_the_very_start_is_found() {
    // An 'h' at offset 0 once made a debug build overflow computing
    // where a "she" would start.
    assert_eq!(pronouns("he said").collect::<Vec<_>>(), vec![(0, 2)]);
    assert_eq!(pronouns("He").collect::<Vec<_>>(), vec![(0, 2)]);
    assert_eq!(pronouns("h").collect::<Vec<_>>(), vec![]);
    assert_eq!(pronouns("she").collect::<Vec<_>>(), vec![(0, 3)]);
}

proptest! {
    #[test]
    fn pronouns_are_what_the_regex_finds(text in "(he|she|He|She|HE|the|shed|x|_|1| |é|’|,|\n){0,14}") {
        let re = Regex::new(r"(?-u:\b)(?:[Hh]e|[Ss]he)(?-u:\b)").expect("regex");
        let want: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
        prop_assert_eq!(pronouns(&text).collect::<Vec<_>>(), want);
    }

    #[test]
    fn the_last_name_at_the_end_is_what_find_iter_finds(
        text in "(Jane|Doe|Ž|Šefčovič|de |von der |al-|Assad|the|he|said|Mr.|O’Brien|’s|'s|\\.|,|1|“| |  |\u{a0}|\n|-){0,12}"
    ) {
        let at_end = |n: &regex::Match| text[n.end()..].trim().is_empty();
        let want = CAP_NAME.find_iter(&text).last().filter(at_end).map(|m| m.range());
        let got = last_cap_name_at_end(&text).filter(at_end).map(|m| m.range());
        prop_assert_eq!(got, want);
    }

    #[test]
    fn the_appositive_is_what_the_regex_captures(
        text in "(, |,|,\u{a0}| |  |\n|\u{2003}|a|an|another|the|his|their|Trump|Trump's|Trump’s|U.S.’s|Šefčovič’s|Éva's|A_1's|x|é|_|1|\\.|;|:|“|”|\"|deputy foreign minister|’|'s|\
             a rather long description of someone who holds an office of some kind in a ministry somewhere){0,10}"
    ) {
        for text in [text.clone(), format!(",{text}"), format!(", {text}")] {
            let want = APPOSITIVE.captures(&text).and_then(|c| c.get(1)).map(|d| d.range());
            let got = appositive(&text).map(|d| {
                let start = d.as_ptr() as usize - text.as_ptr() as usize;
                start..start + d.len()
            });
            prop_assert_eq!(got, want, "{:?}", text);
        }
    }

    #[test]
    fn role_words_are_what_lower_casing_finds(
        desc in "(minister|Minister|FOREIGN|foreign |prime |vice-|vice |president|chief of staff|spo|\u{212A}|kesman|İ|i|\u{130}|national security |adviser|a|é|-| ){0,8}"
    ) {
        let lower = desc.to_lowercase();
        let lex = Lexicon::bundled();
        let want: Vec<String> = lex.role_nouns.iter().filter(|r| lower.contains(r.as_str())).cloned().collect();
        prop_assert_eq!(role_words(&desc, &lex), want);
    }

    #[test]
    fn rule_aliases_are_the_longest_at_each_word_start(text in "(Donald Trump|Trump|the US|The US|US|U.S.|the Kremlin|Kremlin|soothe|von der Leyen|x|-|_| |é|,|\n){0,12}") {
        let actor = actor_rule;
        let actors = [
            actor("trump", "Donald Trump", &["Trump"]),
            actor("us", "United States", &["the US", "US", "U.S."]),
            actor("russia", "Russia", &["the Kremlin", "Kremlin"]),
            actor("vdl", "Ursula von der Leyen", &["von der Leyen"]),
        ];
        let index = AliasIndex::new(&actors);
        // The reference, from the definition: left to right, at each
        // place a word may start, the longest alias there (of the first
        // actor listed on a tie), kept if it stands at word edges.
        let names: Vec<(String, usize)> = actors
            .iter()
            .enumerate()
            .flat_map(|(i, a)| std::iter::once(a.name.as_str()).chain(a.aliases.iter().map(String::as_str)).map(move |n| (n, i)))
            .flat_map(|(n, i)| std::iter::once((n.to_string(), i)).chain(n.strip_prefix("the ").map(|r| (format!("The {r}"), i))))
            .collect();
        let b = text.as_bytes();
        let mut want = Vec::new();
        let mut at = 0;
        while at < b.len() {
            let may_start = at == 0 || !(b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'-');
            let longest = names.iter().filter(|(n, _)| may_start && b[at..].starts_with(n.as_bytes())).max_by_key(|(n, _)| n.len());
            match longest {
                Some((n, i)) => {
                    let i = *i;
                    if at_word_edges(&text, at, at + n.len()) {
                        want.push((at, at + n.len(), i));
                    }
                    at += n.len();
                }
                None => at += 1,
            }
        }
        let got: Vec<(usize, usize, usize)> = index.find(&text).into_iter().map(|(s, e, a, _)| (s, e, a)).collect();
        prop_assert_eq!(got, want);
    }

    #[test]
    fn discovered_names_match_like_the_automaton(text in "(Jane Doe|Jane|Doe|Doe Ray|Ray|the Ray|The Ray|x|-| |é|,){0,12}") {
        let pairs: Vec<(String, usize)> =
            [("Jane Doe", 0), ("Doe", 0), ("Doe Ray", 1), ("Ray", 1), ("the Ray", 2)].iter().map(|(n, a)| (n.to_string(), *a)).collect();
        let (patterns, targets) = alias_patterns(&pairs);
        let ac = aho_corasick::AhoCorasick::builder().match_kind(aho_corasick::MatchKind::LeftmostLongest).build(&patterns).expect("automaton");
        let want: Vec<(usize, usize, usize)> = ac
            .find_iter(&text)
            .filter(|m| at_word_edges(&text, m.start(), m.end()))
            .map(|m| (m.start(), m.end(), targets[m.pattern().as_usize()].0))
            .collect();
        prop_assert_eq!(DiscoveredNames::new(&pairs).find(&text), want.clone());
        // Long texts discover many names and search them with an automaton.
        prop_assert_eq!(DiscoveredNames::with_automaton_from(&pairs, 0).find(&text), want);
    }

    #[test]
    fn discovered_names_win_over_rule_aliases_no_longer_than_themselves(text in "(Donald Trump|Trump Tower|Trump|Tower|the Kremlin|Kremlin Wall|Kremlin|Wall| |,){0,14}") {
        let actor = actor_rule;
        let index = AliasIndex::new(&[actor("trump", "Donald Trump", &["Trump"]), actor("russia", "Russia", &["the Kremlin", "Kremlin"])]);
        let pairs: Vec<(String, usize)> = [("Trump Tower", 5), ("Kremlin Wall", 6), ("Wall", 7), ("Tower", 8)].iter().map(|(n, a)| (n.to_string(), *a)).collect();
        let discovered = DiscoveredNames::new(&pairs);
        // The definition: each discovered name in turn drops the rule
        // matches it overlaps that are no longer, and is kept unless a
        // longer one remains.
        let mut want: Vec<(usize, usize, usize)> = index.find(&text).into_iter().map(|(s, e, a, _)| (s, e, a)).collect();
        for (s, e, a) in discovered.find(&text) {
            want.retain(|x| !(x.0 < e && s < x.1 && x.1 - x.0 <= e - s));
            if !want.iter().any(|x| x.0 < e && s < x.1) {
                want.push((s, e, a));
            }
        }
        want.sort_by_key(|x| x.0);
        prop_assert_eq!(find_aliases(&text, &index, &discovered), want);
    }
}

#[test]
fn ages_and_home_towns_between_a_name_and_its_cue_are_set_aside() {
    use super::discover::strip_apposition_and_aux as strip;
    assert_eq!(strip("Brianne Coltrane, 29, of Huntsville, Ala.,"), "Brianne Coltrane");
    assert_eq!(strip("Woodrow Pennick, 58, who lives outside Fenwick,"), "Woodrow Pennick");
    assert_eq!(strip("Jane Doe, a lawyer,"), "Jane Doe");
    // Counter-examples: a capitalised segment not after "of …" stays, and
    // a number that is part of a name is no age.
    assert_eq!(strip("The levy hit Fenwick, Harbour Board,"), "The levy hit Fenwick, Harbour Board,");
    assert_eq!(strip("Route 58"), "Route 58");
}
