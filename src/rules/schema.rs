//! The RON schema of the rule files. Every struct denies unknown fields, so
//! a misspelled field is an error, not silence.

use serde::{Deserialize, Serialize};

use crate::model::{ActorKind, Gender, StanceKind};

/// An example carried inside a rule file and run by `rules test`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleExample {
    pub text: String,
    pub expect: Expect,
}

/// What a rule example expects when its text is extracted with the whole
/// rule set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum Expect {
    /// The rule fires somewhere in the text.
    Match,
    /// The rule does not fire.
    NoMatch,
    /// A statement with this speaker and text is extracted by this rule.
    Statement { speaker: String, text: String },
    /// A stance is extracted by this rule.
    Stance {
        actor: String,
        stance: StanceKind,
        topic: String,
    },
    /// No stance with this actor, stance and topic is extracted, by any
    /// rule: the counter-example of a stance rule.
    NoStance {
        actor: String,
        stance: StanceKind,
        topic: String,
    },
    /// The actor is mentioned (actor rules).
    Mention { actor: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorRule {
    pub id: String,
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub gender: Option<Gender>,
    #[serde(default)]
    pub member_of: Option<String>,
    /// Other names that always mean this actor ("Zelenskiy", "the Kremlin").
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Role nouns ("president", "leader"): a bare "the president" resolves to
    /// the most recently mentioned actor holding that role.
    #[serde(default)]
    pub roles: Vec<String>,
    /// For countries: the adjective that ties a description to it
    /// ("Russian" in "a Russian deputy foreign minister").
    #[serde(default)]
    pub adjectives: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActorFile {
    pub actors: Vec<ActorRule>,
}

/// How a speech cue relates to its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CueForm {
    /// Speaker before or after the verb: "X said", "said X", "X told reporters".
    Verb,
    /// Source phrase before the speaker: "according to X".
    Source,
    /// A participle continuing the previous speaker: ", adding".
    Participle,
    /// A noun naming what was said, with its holder as possessor or after
    /// "by"/"from" and the content in a "that" clause: "her claim that …",
    /// "the senator's warning that …", "the pledge by X that …".
    Noun,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CueRule {
    pub id: String,
    pub form: CueForm,
    /// Regex matched at word boundaries, case-insensitively.
    pub pattern: String,
    /// Whether the cue introduces reported (indirect) speech as well as
    /// attributing direct quotes.
    #[serde(default = "yes")]
    pub reported: bool,
    /// Whether an infinitive right after the cue is what was said ("vowed to
    /// resign", "called for the council to act"); for other cues a reported
    /// clause never opens with "to" ("said to a crowd").
    #[serde(default)]
    pub infinitive: bool,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechFile {
    pub cues: Vec<CueRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicRule {
    pub id: String,
    pub label: String,
    #[serde(default)]
    pub definition: String,
    /// Plain words or phrases that name the topic (head terms and
    /// synonyms): matched case-insensitively, with any run of spaces or
    /// hyphens between words and an optional plural ending.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Regexes (case-insensitive) that mention the topic.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Regexes for what the topic is not: a mention overlapping one of
    /// these is no mention of the topic ("school levy" is not "levy on imports").
    #[serde(default)]
    pub not: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

/// The regex a plain topic term stands for: words joined by any run of
/// spaces or hyphens, an optional plural ending on the last.
pub fn term_pattern(term: &str) -> String {
    let words: Vec<String> = term
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(regex::escape)
        .collect();
    format!("{}(?:s|es)?", words.join(r"[\s-]+"))
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicFile {
    pub topics: Vec<TopicRule>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceRule {
    pub id: String,
    pub stance: StanceKind,
    /// Regex (case-insensitive) for the stance cue.
    pub pattern: String,
    /// Restrict the rule to these topic ids (empty: any topic).
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegationRule {
    pub id: String,
    pub pattern: String,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceFile {
    pub stances: Vec<StanceRule>,
    /// Negations that flip a stance cue ("will not accept", "never").
    #[serde(default)]
    pub negations: Vec<NegationRule>,
}

