//! Rules ready for extraction: every pattern compiled, and the pattern bank
//! that finds them all in one pass over an article.

use regex::Regex;

use crate::model::StanceKind;

use super::scan::PatternBank;
use super::schema::{ActorRule, CueForm};

#[derive(Debug, Clone)]
pub struct CompiledCue {
    pub id: String,
    pub form: CueForm,
    pub reported: bool,
    /// See [`super::schema::CueRule::infinitive`].
    pub infinitive: bool,
    pub regex: Regex,
}

#[derive(Debug, Clone)]
pub struct CompiledTopic {
    pub id: String,
    pub label: String,
    pub patterns: Vec<Regex>,
    /// What the topic is not: a mention overlapping one of these is dropped.
    pub not: Vec<Regex>,
}

#[derive(Debug, Clone)]
pub struct CompiledStance {
    pub id: String,
    pub stance: StanceKind,
    pub topics: Vec<String>,
    pub regex: Regex,
}

/// Rules ready for extraction.
#[derive(Debug, Clone)]
pub struct CompiledRules {
    pub actors: Vec<ActorRule>,
    /// The patterns below, each kind searched in one pass per article.
    pub banks: Banks,
    /// Names and aliases of `actors`, ready to search (built once).
    pub aliases: std::sync::Arc<super::aliases::AliasIndex>,
    /// The word lists of `lexicon.ron`, compiled.
    pub lexicon: std::sync::Arc<super::lexicon::Lexicon>,
    pub cues: Vec<CompiledCue>,
    pub topics: Vec<CompiledTopic>,
    pub stances: Vec<CompiledStance>,
    pub negations: Vec<(String, Regex)>,
}

/// Every rule pattern in one bank, searched in one pass per article; each
/// kind is a range of it, in the order of the lists in [`CompiledRules`]
/// (topic patterns flattened in order), then the role-noun and anaphor-noun
/// patterns.
#[derive(Debug, Clone)]
pub struct Banks {
    pub all: PatternBank,
    pub cues: std::ops::Range<usize>,
    pub topics: std::ops::Range<usize>,
    /// The topic each flattened topic pattern belongs to.
    pub topic_of_pattern: Vec<usize>,
    pub stances: std::ops::Range<usize>,
    pub negations: std::ops::Range<usize>,
    /// Not a rule: the role nouns of [`crate::extract::actors`] as whole words, so
    /// the one pass over the article also finds where roles are named.
    pub roles: std::ops::Range<usize>,
    /// Not a rule either: the nouns an anaphor of [`crate::extract::stances`] ends on.
    pub anaphor_nouns: std::ops::Range<usize>,
}

impl CompiledRules {
    /// Reading options that find page furniture with this rule set's lexicon.
    pub fn read_options(&self, date: Option<chrono::NaiveDate>, source: Option<String>) -> crate::source::ReadOptions {
        crate::source::ReadOptions {
            date,
            source,
            boilerplate: Some(std::sync::Arc::new(self.lexicon.boilerplate.clone())),
            header_labels: Some(self.lexicon.header_labels.clone()),
            ..Default::default()
        }
    }
}
