//! Word lists that shape extraction, read from `lexicon.ron` files: which
//! lines are page furniture, which capitalised words never start a name,
//! titles, role nouns, anaphor nouns, venues. The lists are data so a user
//! can read and extend them; this file only compiles them into matchers.

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::source::HeaderLabels;
use super::lazy_regex::lazy_dfa_regex;

/// A `lexicon.ron` file as written. Every list may be left out; the lists of
/// several rule folders are concatenated.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LexiconFile {
    /// Regexes, each matched against a whole line (case-insensitive): such
    /// lines are navigation, share buttons or section labels.
    pub boilerplate_lines: Vec<String>,
    /// Capitalised words that never start a person's name (case-sensitive).
    pub not_name_start: Vec<String>,
    /// Titles and honorifics dropped from the front of a discovered name.
    pub title_words: Vec<String>,
    /// Role nouns ("foreign minister", "spokesman"), longer phrases first.
    pub role_nouns: Vec<String>,
    /// Nouns that refer back to the previous sentence's topics.
    pub anaphor_nouns: Vec<String>,
    /// The anaphor nouns that take every topic of that sentence.
    pub list_anaphor_nouns: Vec<String>,
    /// Where a statement was made ("on Telegram"), skipped between a
    /// speaker and the speech verb.
    pub venues: Vec<String>,
    /// Honorifics that say a man is meant ("Mr."), case-sensitive.
    pub male_honorifics: Vec<String>,
    /// Honorifics that say a woman is meant ("Ms.", "Mrs."), case-sensitive.
    pub female_honorifics: Vec<String>,
    /// Given names used overwhelmingly for men ("John"), case-sensitive.
    pub male_given_names: Vec<String>,
    /// Given names used overwhelmingly for women ("Mary"), case-sensitive.
    pub female_given_names: Vec<String>,
    /// Lower-case words that may stand in a title before a name besides
    /// the words of the role nouns ("former", "press", "campaign").
    pub title_modifiers: Vec<String>,
    /// Last words of an organisation's name ("Party", "Union", "Corp."),
    /// case-sensitive: a capitalised run ending in one names an organisation.
    pub organization_heads: Vec<String>,
    /// Head nouns of descriptions that may speak when no name does ("the
    /// campaign", "officials"), besides the role nouns, which speak as
    /// persons; these speak as groups or organisations. Case-insensitive.
    pub speaker_nouns: Vec<String>,
    /// Function words that never stand inside a title before a name: a
    /// lead holding one is a clause or a prepositional phrase.
    /// Case-insensitive.
    pub clause_words: Vec<String>,
    /// Words right before a quotation that make it the name of something
    /// ("on “Morning Joe”"). Case-insensitive.
    pub name_after: Vec<String>,
    /// Verbs that name or nickname a quotation within the three words before
    /// it ("called his rival “Little Joe”"). Case-insensitive.
    pub naming_verbs: Vec<String>,
    /// Lower-case words a quoted title keeps ("Meet the Press").
    pub title_small_words: Vec<String>,
    /// Whole objects of "told"/"tell" that are listeners, not speech
    /// ("told reporters"). Case-sensitive, as written.
    pub told_objects: Vec<String>,
    /// Heads of "the/a … NOUN" objects of "told" ("told the local
    /// paper"). Case-sensitive, as written.
    pub told_object_nouns: Vec<String>,
    /// Words that open a condition ("if", "until"): the subject right
    /// after one takes no stance ("sanctions stay until Moscow agrees to a
    /// ceasefire" is no demand of Moscow's). Case-insensitive.
    pub condition_words: Vec<String>,
    /// Words that open a trailing phrase after an attribution inside a
    /// sentence ("…, she said, after the vote"), where the words after
    /// "X said," are not the rest of the reported clause ("The plan, she
    /// said, will fail"). Case-insensitive.
    pub trailing_phrase_words: Vec<String>,
    /// Labels of the header lines a plain-text article may open with
    /// ("Title:", "By", "Date:"), by the field each gives.
    pub header_labels: HeaderLabels,
}

impl LexiconFile {
    /// Appends `other`'s lists to this one's.
    pub fn extend(&mut self, other: LexiconFile) {
        self.boilerplate_lines.extend(other.boilerplate_lines);
        self.not_name_start.extend(other.not_name_start);
        self.title_words.extend(other.title_words);
        self.role_nouns.extend(other.role_nouns);
        self.anaphor_nouns.extend(other.anaphor_nouns);
        self.list_anaphor_nouns.extend(other.list_anaphor_nouns);
        self.venues.extend(other.venues);
        self.male_honorifics.extend(other.male_honorifics);
        self.female_honorifics.extend(other.female_honorifics);
        self.male_given_names.extend(other.male_given_names);
        self.female_given_names.extend(other.female_given_names);
        self.title_modifiers.extend(other.title_modifiers);
        self.organization_heads.extend(other.organization_heads);
        self.speaker_nouns.extend(other.speaker_nouns);
        self.clause_words.extend(other.clause_words);
        self.name_after.extend(other.name_after);
        self.naming_verbs.extend(other.naming_verbs);
        self.title_small_words.extend(other.title_small_words);
        self.told_objects.extend(other.told_objects);
        self.told_object_nouns.extend(other.told_object_nouns);
        self.condition_words.extend(other.condition_words);
        self.trailing_phrase_words.extend(other.trailing_phrase_words);
        self.header_labels.extend(other.header_labels);
    }
}

/// The lexicon compiled for extraction.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub not_name_start: Vec<String>,
    pub title_words: Vec<String>,
    /// Lower-cased, in file order.
    pub role_nouns: Vec<String>,
    pub list_anaphor_nouns: Vec<String>,
    pub male_honorifics: Vec<String>,
    pub female_honorifics: Vec<String>,
    /// Given name → the gender it tells.
    pub given_names: std::collections::HashMap<String, crate::model::Gender>,
    /// Every word of the role nouns and the title modifiers, lower-cased:
    /// the lower-case words a title before a name may hold.
    pub title_vocabulary: std::collections::HashSet<String>,
    pub organization_heads: Vec<String>,
    /// Lower-cased.
    pub speaker_nouns: std::collections::HashSet<String>,
    /// Whole lines of page furniture.
    pub boilerplate: Regex,
    /// Labels of a plain-text article's header lines.
    pub header_labels: std::sync::Arc<HeaderLabels>,
    /// Finds role nouns inside a description, ASCII case aside.
    pub role_ac: aho_corasick::AhoCorasick,
    /// A role noun as a whole word. The rule pattern bank carries it (see
    /// [`crate::rules::Banks::roles`]), so the sentences that name a role are
    /// known from the pass over the article the bank makes anyway; a search of
    /// every sentence for role nouns cost more than the rest of resolution.
    pub role_word: Regex,
    /// "the foreign minister", "his chief of staff".
    pub role_mention: Regex,
    /// "these conditions" and the like: refers back to the previous sentence.
    pub anaphor: Regex,
    /// The anaphor nouns as whole words, a necessary part of any
    /// [`Lexicon::anaphor`] match (each follows whitespace); carried by the
    /// pattern bank like [`Lexicon::role_word`].
    pub anaphor_noun: Regex,
    /// Time, place and manner phrases between a speaker and the speech verb
    /// ("on Tuesday", "in a statement", "on Telegram").
    pub leading_adjunct: Regex,
    /// Lower-cased; see [`LexiconFile::clause_words`].
    pub clause_words: Vec<String>,
    /// Lower-cased; see [`LexiconFile::name_after`].
    pub name_after: Vec<String>,
    /// Lower-cased; see [`LexiconFile::naming_verbs`].
    pub naming_verbs: Vec<String>,
    /// Lower-cased; see [`LexiconFile::title_small_words`].
    pub title_small_words: Vec<String>,
    /// The listener a "told" cue names right after it: a listed object, a
    /// determiner and up to three words before a listed noun, or a
    /// capitalised name ("told CNN").
    pub told_object: Regex,
    /// Lower-cased; see [`LexiconFile::condition_words`].
    pub condition_words: Vec<String>,
    /// Lower-cased; see [`LexiconFile::trailing_phrase_words`].
    pub trailing_phrase_words: Vec<String>,
}

/// Lower-cased copies of `words`, for comparisons that ignore ASCII case.
fn lower(words: &[String]) -> Vec<String> {
    words.iter().map(|w| w.to_lowercase()).collect()
}

/// An alternation of `words`, each escaped; `(?!)` never matches when
/// there are none.
fn alternation(words: &[String]) -> String {
    if words.is_empty() {
        return "(?!)".to_string();
    }
    words.iter().map(|w| regex::escape(w)).collect::<Vec<_>>().join("|")
}

impl Lexicon {
    /// Compiles the lists; `path` names the file for errors.
    pub fn compile(file: &LexiconFile, path: &std::path::Path) -> Result<Lexicon> {
        let bad = |what: &str, e: String| Error::Usage(format!("{}: {what}: {e}", path.display()));
        let boilerplate = if file.boilerplate_lines.is_empty() {
            "(?!)".to_string()
        } else {
            file.boilerplate_lines.join("|")
        };
        let boilerplate = Regex::new(&format!(r"(?i)^\s*(?:{boilerplate})\s*$")).map_err(|e| bad("boilerplate_lines", e.to_string()))?;
        let role_nouns: Vec<String> = file.role_nouns.iter().map(|r| r.to_lowercase()).collect();
        let roles = alternation(&role_nouns);
        let role_ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&role_nouns)
            .map_err(|e| bad("role_nouns", e.to_string()))?;
        let role_word = Regex::new(&format!(r"(?i)(?-u:\b)(?:{roles})(?-u:\b)")).map_err(|e| bad("role_nouns", e.to_string()))?;
        let role_mention = Regex::new(&format!(r"(?i)(?-u:\b)(?:the|his|her|its|their)\s+((?:[\p{{L}}.’'-]+\s+){{0,3}}?)({roles})(?-u:\b)"))
            .map_err(|e| bad("role_nouns", e.to_string()))?;
        let nouns = alternation(&file.anaphor_nouns);
        // The noun starts at an ASCII word boundary, as in `anaphor_noun`,
        // which gates it: without one, "these ſteps" (long s, which (?i)
        // folds to "s") matched here but not at the gate.
        let anaphor = Regex::new(&format!(r"(?i)(?-u:\b)(?:these|those|such|this|that|the)\s+(?:[\w-]+\s+)?(?-u:\b)(?P<noun>{nouns})(?-u:\b)"))
            .map_err(|e| bad("anaphor_nouns", e.to_string()))?;
        let anaphor_noun = Regex::new(&format!(r"(?i)(?-u:\b)(?:{nouns})(?-u:\b)")).map_err(|e| bad("anaphor_nouns", e.to_string()))?;
        let venues = alternation(&file.venues);
        // A bare weekday ("said Tuesday that …", "said Tuesday.") must end
        // in a space or a stop: "said Tuesday's vote was rigged" has neither.
        let leading_adjunct = lazy_dfa_regex(&format!(
            r"^,?\s*(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:\s+(?:night|morning|afternoon|evening))?(?:,?\s|[.;:]|$)|(?:(?:on|last|this|earlier|late|early)\s+(?:\p{{Lu}}\w+day(?:\s+(?:night|morning|afternoon|evening))?|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.? \d{{1,2}}|\d{{1,2}} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*|year|week|month|night|morning|evening)|earlier|later|recently|again|repeatedly|previously|publicly|also|then|now|yesterday|today|in (?:a|an|his|her) [\w -]{{0,40}}?(?:interview|statement|post|address|speech)(?: (?:with|to|on) (?:\p{{Lu}}[\w.]*\s?){{1,3}})?|on (?:{venues})|during [^,]{{1,40}},|during (?:his|her|the|a|an|their) (?:[\w-]+ ){{0,4}}?(?:campaign|visit|meeting|speech|interview|address|conference|call|trip|talks|summit)|in (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*(?: \d{{4}})?|to (?:reporters|journalists)|in \p{{Lu}}\w+)(?-u:\b),?)"
        ))
        .map_err(|e| bad("venues", e.to_string()))?;
        // The first alternative that matches wins: "told her supporters"
        // is one listener, not "her" and a clause "supporters that …";
        // "told cheering supporters" and "told Iowa voters" take the
        // modifiers of a listed noun without a determiner; a name after
        // the noun is the listener's ("told radio host Jane Doe that").
        let nouns = alternation(&file.told_object_nouns);
        let told_object = lazy_dfa_regex(&format!(
            r"^\s+(?:(?:(?:the|a|an|his|her|their|its|our|my) (?:[\w-]+ ){{0,3}}|(?:[\w-]+ ){{1,2}})(?:{nouns})(?-u:\b)(?:\s\p{{Lu}}[\p{{L}}.’'-]*){{0,3}}|(?:{})(?-u:\b)|(?:the )?\p{{Lu}}[\p{{L}}.]*(?:\s\p{{Lu}}[\p{{L}}.]*)*)",
            alternation(&file.told_objects),
        ))
        .map_err(|e| bad("told_objects", e.to_string()))?;
        Ok(Lexicon {
            not_name_start: file.not_name_start.clone(),
            title_words: file.title_words.clone(),
            role_nouns,
            list_anaphor_nouns: file.list_anaphor_nouns.iter().map(|n| n.to_lowercase()).collect(),
            male_honorifics: file.male_honorifics.clone(),
            female_honorifics: file.female_honorifics.clone(),
            // A name on both lists tells nothing.
            given_names: {
                let male = file.male_given_names.iter().map(|n| (n.clone(), crate::model::Gender::Male));
                let female = file.female_given_names.iter().map(|n| (n.clone(), crate::model::Gender::Female));
                let mut names = std::collections::HashMap::new();
                let mut both = std::collections::HashSet::new();
                for (n, g) in male.chain(female) {
                    if names.insert(n.clone(), g).is_some_and(|old| old != g) {
                        both.insert(n);
                    }
                }
                names.retain(|n, _| !both.contains(n));
                names
            },
            title_vocabulary: file
                .role_nouns
                .iter()
                .map(|r| r.to_lowercase())
                .collect::<Vec<_>>()
                .iter()
                .flat_map(|r| r.split([' ', '-']))
                .map(str::to_string)
                .chain(file.title_modifiers.iter().map(|m| m.to_lowercase()))
                .collect(),
            organization_heads: file.organization_heads.clone(),
            speaker_nouns: file.speaker_nouns.iter().map(|n| n.to_lowercase()).collect(),
            boilerplate,
            header_labels: std::sync::Arc::new(file.header_labels.clone()),
            role_ac,
            role_word,
            role_mention,
            anaphor,
            anaphor_noun,
            leading_adjunct,
            clause_words: lower(&file.clause_words),
            name_after: lower(&file.name_after),
            naming_verbs: lower(&file.naming_verbs),
            title_small_words: lower(&file.title_small_words),
            told_object,
            condition_words: lower(&file.condition_words),
            trailing_phrase_words: lower(&file.trailing_phrase_words),
        })
    }

    /// The lexicon of the bundled `data/rules/core/lexicon.ron`, for callers
    /// that have no rules at hand (unit tests, examples of one stage).
    pub fn bundled() -> Lexicon {
        let path = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/rules/core/lexicon.ron"));
        #[allow(clippy::expect_used)]
        let file: LexiconFile = ron::from_str(BUNDLED).expect("the bundled lexicon parses");
        #[allow(clippy::expect_used)]
        Lexicon::compile(&file, path).expect("the bundled lexicon compiles")
    }

    /// Whether `word` is a title or honorific.
    pub fn is_title(&self, word: &str) -> bool {
        self.title_words.iter().any(|t| t == word)
    }

    /// The gender an honorific says, if `word` is one that does.
    pub fn honorific_gender(&self, word: &str) -> Option<crate::model::Gender> {
        if self.male_honorifics.iter().any(|h| h == word) {
            Some(crate::model::Gender::Male)
        } else if self.female_honorifics.iter().any(|h| h == word) {
            Some(crate::model::Gender::Female)
        } else {
            None
        }
    }

    /// The gender a person's full name tells by its given name ("Mary
    /// Roe"); a lone word tells nothing, being most likely a surname.
    pub fn given_name_gender(&self, name: &str) -> Option<crate::model::Gender> {
        let (first, _) = name.split_once(' ')?;
        self.given_names.get(first).copied()
    }

    /// Whether a lower-case `word` may stand in a title before a name.
    pub fn in_title(&self, word: &str) -> bool {
        self.title_vocabulary.contains(word)
    }

    /// Whether `word` ends an organisation's name.
    pub fn is_organization_head(&self, word: &str) -> bool {
        self.organization_heads.iter().any(|h| h == word)
    }

    /// Whether `word` is one of `list` (a lower-cased list), ASCII case aside.
    pub fn in_list(list: &[String], word: &str) -> bool {
        list.iter().any(|l| l.eq_ignore_ascii_case(word))
    }

    /// Whether a capitalised run starting with `word` cannot be a name.
    pub fn cannot_start_name(&self, word: &str) -> bool {
        self.not_name_start.iter().any(|t| t == word)
    }

    /// Lines of `text` that are page furniture, as byte spans.
    pub fn boilerplate_lines(&self, text: &str) -> Vec<crate::model::Span> {
        crate::source::boilerplate_lines(text, &self.boilerplate)
    }
}

const BUNDLED: &str = include_str!("../../data/rules/core/lexicon.ron");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn told_objects_come_from_the_lists() {
        let lex = Lexicon::bundled();
        let object = |s: &str| lex.told_object.find(s).map(|m| m.as_str().trim().to_string());
        assert_eq!(object(" reporters that"), Some("reporters".into()));
        assert_eq!(object(" the local paper that"), Some("the local paper".into()));
        assert_eq!(object(" Harbour Radio on"), Some("Harbour Radio".into()));
        assert_eq!(object(" her supporters that"), Some("her supporters".into()));
        assert_eq!(object(" cheering supporters that"), Some("cheering supporters".into()));
        assert_eq!(object(" her that"), Some("her".into()));
        assert_eq!(object(" radio host Jane Doe that"), Some("radio host Jane Doe".into()));
        // Counter-examples: the speech itself, and a word that only starts
        // like a listed object.
        assert_eq!(object(" that the plan"), None);
        assert_eq!(object(" hermits stories"), None);
        // A user's lexicon adds listeners of its own.
        let mut file: LexiconFile = ron::from_str(BUNDLED).expect("bundled lexicon");
        file.extend(LexiconFile { told_object_nouns: vec!["fishermen".into()], ..LexiconFile::default() });
        let lex = Lexicon::compile(&file, std::path::Path::new("x.ron")).expect("compiles");
        assert!(lex.told_object.is_match(" the assembled fishermen that"));
        assert!(!Lexicon::bundled().told_object.is_match(" the assembled fishermen that"));
    }
}
