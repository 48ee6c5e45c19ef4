//! Rule files: their RON schema, loading with precise error positions, and
//! compilation into matchers the extractor uses.
//!
//! A rule directory holds four files: `actors.ron`, `speech.ron`,
//! `topics.ron` and `stances.ron`. Every rule has an id; every extraction
//! records the id of the rule that produced it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder};
use serde::{Deserialize, Serialize};

use crate::error::{located, Error, Result};
use crate::model::{ActorKind, Gender, StanceKind};

/// Compiled regexes larger than this are refused: a rule that blows up the
/// automaton would otherwise stall every ingest.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Regexes (case-insensitive) that mention the topic.
    pub patterns: Vec<String>,
    #[serde(default)]
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StanceFile {
    pub stances: Vec<StanceRule>,
    /// Negations that flip a stance cue ("will not accept", "never").
    #[serde(default)]
    pub negations: Vec<NegationRule>,
}

/// The rule files of one directory, as written, with their sources kept for
/// error positions.
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub dir: PathBuf,
    pub actors: ActorFile,
    pub speech: SpeechFile,
    pub topics: TopicFile,
    pub stances: StanceFile,
    pub sources: HashMap<PathBuf, String>,
}

pub const ACTORS_FILE: &str = "actors.ron";
pub const SPEECH_FILE: &str = "speech.ron";
pub const TOPICS_FILE: &str = "topics.ron";
pub const STANCES_FILE: &str = "stances.ron";

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    crate::ingest::decode_text(path, &bytes)
}

/// Parses one RON rule file, turning a syntax error or unknown field into an
/// error that names the file, line and column.
pub fn parse_ron<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T> {
    ron::Options::default()
        .from_str::<T>(text)
        .map_err(|e| ron_error(path, text, &e, |path, pos, message, src, at| Error::RuleSyntax { path, pos, message, src, at }))
}

/// Converts a RON error into one of our located errors.
pub(crate) fn ron_error(
    path: &Path,
    text: &str,
    e: &ron::error::SpannedError,
    make: impl FnOnce(PathBuf, crate::error::Position, String, miette::NamedSource<String>, miette::SourceSpan) -> Error,
) -> Error {
    let pos = crate::error::Position {
        line: e.span.start.line.max(1),
        column: e.span.start.col.max(1),
    };
    let offset = pos.to_offset(text);
    let (pos, src, at) = located(path, text, offset, 1);
    make(path.to_path_buf(), pos, e.code.to_string(), src, at)
}

impl RuleSet {
    /// Loads and validates the four rule files of `dir`.
    pub fn load(dir: &Path) -> Result<RuleSet> {
        let mut sources = HashMap::new();
        let mut load = |name: &str| -> Result<(PathBuf, String)> {
            let path = dir.join(name);
            let text = read_text(&path)?;
            sources.insert(path.clone(), text.clone());
            Ok((path, text))
        };
        let (ap, at) = load(ACTORS_FILE)?;
        let (sp, st) = load(SPEECH_FILE)?;
        let (tp, tt) = load(TOPICS_FILE)?;
        let (xp, xt) = load(STANCES_FILE)?;
        let set = RuleSet {
            dir: dir.to_path_buf(),
            actors: parse_ron(&ap, &at)?,
            speech: parse_ron(&sp, &st)?,
            topics: parse_ron(&tp, &tt)?,
            stances: parse_ron(&xp, &xt)?,
            sources,
        };
        set.validate()?;
        Ok(set)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// An error located at the first occurrence of `needle` after the rule
    /// with id `rule` in `file` (ron gives no spans for values, so we find
    /// the literal in the source).
    pub fn error_at(&self, file: &str, rule: &str, needle: &str, message: String) -> Error {
        let path = self.path(file);
        let text = self.sources.get(&path).cloned().unwrap_or_default();
        let offset = find_after_rule(&text, rule, needle);
        let (pos, src, at) = located(&path, &text, offset, needle.len().max(1));
        Error::RuleInvalid { path, pos, message, src, at }
    }

    fn regex_error(&self, file: &str, rule: &str, pattern: &str, e: regex::Error) -> Error {
        let path = self.path(file);
        let text = self.sources.get(&path).cloned().unwrap_or_default();
        let pattern_offset = find_after_rule(&text, rule, pattern);
        let message = match &e {
            regex::Error::CompiledTooBig(limit) => {
                format!("regex is too large (compiled size exceeds {limit} bytes); split or simplify it")
            }
            other => other.to_string().lines().last().unwrap_or("invalid regex").trim().trim_start_matches("error: ").to_string(),
        };
        // regex-syntax reports the failing position inside the pattern; point at it.
        let inner = regex_error_offset(&e, pattern);
        let offset = pattern_offset + inner.min(pattern.len());
        let (pos, src, at) = located(&path, &text, offset, 1);
        Error::RuleRegex {
            path,
            pos,
            rule: rule.to_string(),
            message,
            src,
            at,
        }
    }

    /// Checks what serde cannot: unique ids, compilable regexes, references
    /// to actors and topics that exist.
    pub fn validate(&self) -> Result<()> {
        let mut ids: HashSet<String> = HashSet::new();
        let mut check_id = |file: &str, id: &str| -> Result<()> {
            if !ids.insert(id.to_string()) {
                return Err(self.error_at(file, id, &format!("\"{id}\""), format!("duplicate rule id `{id}`")));
            }
            Ok(())
        };
        for a in &self.actors.actors {
            check_id(ACTORS_FILE, &a.id)?;
        }
        for c in &self.speech.cues {
            check_id(SPEECH_FILE, &c.id)?;
        }
        for t in &self.topics.topics {
            check_id(TOPICS_FILE, &t.id)?;
        }
        for s in &self.stances.stances {
            check_id(STANCES_FILE, &s.id)?;
        }
        for n in &self.stances.negations {
            check_id(STANCES_FILE, &n.id)?;
        }
        let names: HashSet<&str> = self.actors.actors.iter().map(|a| a.name.as_str()).collect();
        for a in &self.actors.actors {
            if let Some(m) = &a.member_of {
                if !names.contains(m.as_str()) {
                    return Err(self.error_at(ACTORS_FILE, &a.id, &format!("\"{m}\""), format!("rule `{}`: member_of refers to undefined actor `{m}`", a.id)));
                }
            }
        }
        let topics: HashSet<&str> = self.topics.topics.iter().map(|t| t.id.as_str()).collect();
        for s in &self.stances.stances {
            for t in &s.topics {
                if !topics.contains(t.as_str()) {
                    return Err(self.error_at(STANCES_FILE, &s.id, &format!("\"{t}\""), format!("rule `{}` refers to undefined topic `{t}`", s.id)));
                }
            }
        }
        self.compile().map(|_| ())
    }

    /// Compiles every pattern into matchers.
    pub fn compile(&self) -> Result<CompiledRules> {
        let build = |file: &str, rule: &str, pattern: &str| -> Result<Regex> {
            RegexBuilder::new(&format!(r"(?i)\b(?:{pattern})\b"))
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .or_else(|_| {
                    // Report against the pattern as written, not our wrapper.
                    RegexBuilder::new(pattern).size_limit(REGEX_SIZE_LIMIT).build()
                })
                .map_err(|e| self.regex_error(file, rule, pattern, e))
        };
        let mut cues = Vec::new();
        for c in &self.speech.cues {
            cues.push(CompiledCue {
                id: c.id.clone(),
                form: c.form,
                reported: c.reported,
                regex: build(SPEECH_FILE, &c.id, &c.pattern)?,
            });
        }
        let mut topics = Vec::new();
        for t in &self.topics.topics {
            let mut patterns = Vec::new();
            for p in &t.patterns {
                patterns.push(build(TOPICS_FILE, &t.id, p)?);
            }
            topics.push(CompiledTopic {
                id: t.id.clone(),
                label: t.label.clone(),
                patterns,
            });
        }
        let mut stances = Vec::new();
        for s in &self.stances.stances {
            stances.push(CompiledStance {
                id: s.id.clone(),
                stance: s.stance,
                topics: s.topics.clone(),
                regex: build(STANCES_FILE, &s.id, &s.pattern)?,
            });
        }
        let mut negations = Vec::new();
        for n in &self.stances.negations {
            negations.push((n.id.clone(), build(STANCES_FILE, &n.id, &n.pattern)?));
        }
        Ok(CompiledRules {
            actors: self.actors.actors.clone(),
            cues,
            topics,
            stances,
            negations,
        })
    }
}

/// Byte offset of `needle` after the `id: "rule"` entry, or of the id, or 0.
fn find_after_rule(text: &str, rule: &str, needle: &str) -> usize {
    let id_at = text.find(&format!("\"{rule}\"")).unwrap_or(0);
    text[id_at..].find(needle).map_or(id_at, |i| id_at + i)
}

/// The offset inside the pattern where regex-syntax located the error.
fn regex_error_offset(e: &regex::Error, pattern: &str) -> usize {
    // regex's message draws the pattern then a `^` under the failing span; the
    // caret's column is the character offset in the pattern.
    let msg = e.to_string();
    let lines: Vec<&str> = msg.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.trim_start().starts_with('^') && i > 0 {
            let col = line.chars().take_while(|c| *c == ' ').count();
            // The pattern line is printed with the same indentation as the caret line.
            let indent = lines[i - 1].len() - lines[i - 1].trim_start().len();
            let chars = col.saturating_sub(indent);
            return pattern.char_indices().nth(chars).map_or(pattern.len(), |(b, _)| b);
        }
    }
    0
}

#[derive(Debug, Clone)]
pub struct CompiledCue {
    pub id: String,
    pub form: CueForm,
    pub reported: bool,
    pub regex: Regex,
}

#[derive(Debug, Clone)]
pub struct CompiledTopic {
    pub id: String,
    pub label: String,
    pub patterns: Vec<Regex>,
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
    pub cues: Vec<CompiledCue>,
    pub topics: Vec<CompiledTopic>,
    pub stances: Vec<CompiledStance>,
    pub negations: Vec<(String, Regex)>,
}
