//! Rule files: their RON schema, loading with precise error positions, and
//! compilation into matchers the extractor uses.
//!
//! A rule directory holds four files: `actors.ron`, `speech.ron`,
//! `topics.ron` and `stances.ron`. Every rule has an id; every extraction
//! records the id of the rule that produced it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder};

use crate::error::{located, Error, Result};
use super::compiled::{Banks, CompiledCue, CompiledRules, CompiledStance, CompiledTopic};
use super::scan::PatternBank;
use super::schema::{ActorFile, SpeechFile, StanceFile, TopicFile};

/// Compiled regexes larger than this are refused: a rule that blows up the
/// automaton would otherwise stall every ingest.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

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

pub(crate) fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    crate::source::decode_text(path, &bytes)
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
        let set = RuleSet::parse_dir(dir)?;
        set.validate()?;
        Ok(set)
    }

    /// Reads and parses the four files, without the checks serde cannot do.
    fn parse_dir(dir: &Path) -> Result<RuleSet> {
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
        Ok(RuleSet {
            dir: dir.to_path_buf(),
            actors: parse_ron(&ap, &at)?,
            speech: parse_ron(&sp, &st)?,
            topics: parse_ron(&tp, &tt)?,
            stances: parse_ron(&xp, &xt)?,
            sources,
        })
    }

    /// [`RuleSet::load`] and [`RuleSet::compile`] with one compilation of the
    /// regexes instead of two.
    pub fn load_compiled(dir: &Path) -> Result<(RuleSet, CompiledRules)> {
        let set = RuleSet::parse_dir(dir)?;
        let (errors, compiled) = set.problems_and_compiled(true);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok((set, compiled)),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Where `needle` stands inside the `nth` (0-based) rule with id `rule`
    /// in `file`, in its field `field` if that is not empty: path, position,
    /// source and a span `len` bytes long starting `inner` bytes into the
    /// needle's value. ron gives no spans for
    /// values, so the value is found in the source text; when it cannot be
    /// found the rule's id is pointed at instead, and failing that the file
    /// start.
    #[allow(clippy::too_many_arguments)]
    pub fn locate(
        &self,
        file: &str,
        rule: &str,
        nth: usize,
        field: &str,
        needle: &str,
        inner: usize,
        len: usize,
    ) -> (PathBuf, crate::error::Position, miette::NamedSource<String>, miette::SourceSpan) {
        let path = self.path(file);
        let text = self.sources.get(&path).map_or("", String::as_str);
        let (offset, len) = match locate_in_rule(text, rule, nth, field, needle) {
            Some(lit) => {
                let start = lit.file_offset(needle, inner.min(needle.len()));
                let end = lit.file_offset(needle, (inner + len).min(needle.len()));
                (start, (end - start).max(1))
            }
            None => (id_offsets(text, rule).get(nth).copied().unwrap_or(0), rule.len() + 2),
        };
        let (pos, src, at) = located(&path, text, offset, len);
        (path, pos, src, at)
    }

    /// An error located at `needle` (a string value, given without quotes)
    /// in the rule with id `rule` in `file`.
    pub fn error_at(&self, file: &str, rule: &str, needle: &str, message: String) -> Error {
        self.error_at_nth(file, rule, 0, needle, message)
    }

    /// Like [`RuleSet::error_at`] for the `nth` rule carrying this id in
    /// `file`, so a duplicate id points at the duplicate, not the original.
    pub fn error_at_nth(&self, file: &str, rule: &str, nth: usize, needle: &str, message: String) -> Error {
        self.error_in_field(file, rule, nth, "", needle, message)
    }

    /// Like [`RuleSet::error_at_nth`], looking for `needle` in the rule's
    /// field `field` (so `member_of: Some("X")` is found, not an earlier "X").
    pub fn error_in_field(&self, file: &str, rule: &str, nth: usize, field: &str, needle: &str, message: String) -> Error {
        let needle = needle.trim_matches('"');
        let (path, pos, src, at) = self.locate(file, rule, nth, field, needle, 0, needle.len());
        Error::RuleInvalid { path, pos, message, src, at }
    }

    /// Compiles one pattern the way the extractor uses it, or says where in
    /// the file it breaks: a syntax error points at the failing character
    /// inside the pattern, a size-limit error at the whole pattern.
    fn build_regex(&self, file: &str, rule: &str, nth: usize, field: &str, pattern: &str) -> Result<Regex> {
        // regex-syntax reports byte spans inside the pattern; regex itself
        // only renders them into its message.
        if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
            let (start, end, message) = match &e {
                regex_syntax::Error::Parse(a) => (a.span().start.offset, a.span().end.offset, a.kind().to_string()),
                regex_syntax::Error::Translate(h) => (h.span().start.offset, h.span().end.offset, h.kind().to_string()),
                other => (0, pattern.len(), other.to_string()),
            };
            return Err(self.regex_error(file, rule, nth, field, pattern, start, end.saturating_sub(start), message));
        }
        // ASCII word boundaries keep the lazy DFA usable on non-ASCII text
        // (a Unicode \b makes regex fall back to a much slower engine).
        RegexBuilder::new(&format!(r"(?i)(?-u:\b)(?:{pattern})(?-u:\b)"))
            .size_limit(REGEX_SIZE_LIMIT)
            .build()
            .map_err(|e| {
                let message = match &e {
                    regex::Error::CompiledTooBig(limit) => {
                        format!("regex is too large (compiled size exceeds the limit of {limit} bytes); split or simplify it")
                    }
                    other => other.to_string().lines().last().unwrap_or("invalid regex").trim().trim_start_matches("error: ").to_string(),
                };
                self.regex_error(file, rule, nth, field, pattern, 0, pattern.len(), message)
            })
    }

    #[allow(clippy::too_many_arguments)]
    fn regex_error(&self, file: &str, rule: &str, nth: usize, field: &str, pattern: &str, inner: usize, len: usize, message: String) -> Error {
        let (path, pos, src, at) = self.locate(file, rule, nth, field, pattern, inner, len.max(1));
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
    /// to actors and topics that exist. Returns the first problem; see
    /// [`RuleSet::problems`] for all of them.
    pub fn validate(&self) -> Result<()> {
        match self.problems().into_iter().next() {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// Every problem serde cannot see, in file order: duplicate ids,
    /// undefined `member_of` actors and stance topics, regexes that do not
    /// compile or exceed [`REGEX_SIZE_LIMIT`].
    pub fn problems(&self) -> Vec<Error> {
        self.collect_problems(true)
    }

    /// [`RuleSet::problems`], optionally without the stance → topic
    /// references (when `topics.ron` did not parse, every reference would
    /// look undefined).
    pub fn collect_problems(&self, check_topic_refs: bool) -> Vec<Error> {
        self.problems_and_compiled(check_topic_refs).0
    }

    /// Every problem, and the rules compiled in the same pass (regexes are
    /// the slow part of checking, so they are built once).
    fn problems_and_compiled(&self, check_topic_refs: bool) -> (Vec<Error>, CompiledRules) {
        let mut errors = Vec::new();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut per_file: HashMap<(&str, &str), usize> = HashMap::new();
        let ids = self
            .actors
            .actors
            .iter()
            .map(|a| (ACTORS_FILE, a.id.as_str()))
            .chain(self.speech.cues.iter().map(|c| (SPEECH_FILE, c.id.as_str())))
            .chain(self.topics.topics.iter().map(|t| (TOPICS_FILE, t.id.as_str())))
            .chain(self.stances.stances.iter().map(|s| (STANCES_FILE, s.id.as_str())))
            .chain(self.stances.negations.iter().map(|n| (STANCES_FILE, n.id.as_str())));
        for (file, id) in ids {
            let nth = per_file.entry((file, id)).or_insert(0);
            let count = seen.entry(id).or_insert(0);
            if *count > 0 {
                errors.push(self.error_in_field(file, id, *nth, "id", id, format!("duplicate rule id `{id}`")));
            }
            *count += 1;
            *nth += 1;
        }
        let names: HashSet<&str> = self.actors.actors.iter().map(|a| a.name.as_str()).collect();
        let mut nth = Occurrences::default();
        for a in &self.actors.actors {
            let n = nth.next(&a.id);
            if let Some(m) = &a.member_of
                && !names.contains(m.as_str())
            {
                errors.push(self.error_in_field(ACTORS_FILE, &a.id, n, "member_of", m, format!("rule `{}`: member_of refers to undefined actor `{m}`", a.id)));
            }
        }
        if check_topic_refs {
            let topics: HashSet<&str> = self.topics.topics.iter().map(|t| t.id.as_str()).collect();
            let mut nth = Occurrences::default();
            for s in &self.stances.stances {
                let n = nth.next(&s.id);
                for t in &s.topics {
                    if !topics.contains(t.as_str()) {
                        errors.push(self.error_in_field(STANCES_FILE, &s.id, n, "topics", t, format!("rule `{}` refers to undefined topic `{t}`", s.id)));
                    }
                }
            }
        }
        let compiled = self.compile_collect(&mut errors);
        (errors, compiled)
    }

    /// Compiles every pattern into matchers.
    pub fn compile(&self) -> Result<CompiledRules> {
        let mut errors = Vec::new();
        let compiled = self.compile_collect(&mut errors);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(compiled),
        }
    }

    /// Compiles what compiles; every pattern that does not is left out and
    /// its error pushed onto `errors`.
    fn compile_collect(&self, errors: &mut Vec<Error>) -> CompiledRules {
        let mut keep = |r: Result<Regex>| match r {
            Ok(re) => Some(re),
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let mut cues = Vec::new();
        let mut nth = Occurrences::default();
        for c in &self.speech.cues {
            let n = nth.next(&c.id);
            if let Some(regex) = keep(self.build_regex(SPEECH_FILE, &c.id, n, "pattern", &c.pattern)) {
                cues.push(CompiledCue {
                    id: c.id.clone(),
                    form: c.form,
                    reported: c.reported,
                    regex,
                });
            }
        }
        let mut topics = Vec::new();
        let mut nth = Occurrences::default();
        for t in &self.topics.topics {
            let n = nth.next(&t.id);
            let mut patterns = Vec::new();
            for p in &t.patterns {
                patterns.extend(keep(self.build_regex(TOPICS_FILE, &t.id, n, "patterns", p)));
            }
            topics.push(CompiledTopic {
                id: t.id.clone(),
                label: t.label.clone(),
                patterns,
            });
        }
        let mut stances = Vec::new();
        let mut nth = Occurrences::default();
        for s in &self.stances.stances {
            let n = nth.next(&s.id);
            if let Some(regex) = keep(self.build_regex(STANCES_FILE, &s.id, n, "pattern", &s.pattern)) {
                stances.push(CompiledStance {
                    id: s.id.clone(),
                    stance: s.stance,
                    topics: s.topics.clone(),
                    regex,
                });
            }
        }
        let mut negations = Vec::new();
        for n in &self.stances.negations {
            let k = nth.next(&n.id);
            if let Some(regex) = keep(self.build_regex(STANCES_FILE, &n.id, k, "pattern", &n.pattern)) {
                negations.push((n.id.clone(), regex));
            }
        }
        let topic_of_pattern = topics
            .iter()
            .enumerate()
            .flat_map(|(ti, t): (usize, &CompiledTopic)| t.patterns.iter().map(move |_| ti))
            .collect();
        let mut all: Vec<&Regex> = cues.iter().map(|c: &CompiledCue| &c.regex).collect();
        let cue_range = 0..all.len();
        all.extend(topics.iter().flat_map(|t: &CompiledTopic| &t.patterns));
        let topic_range = cue_range.end..all.len();
        all.extend(stances.iter().map(|s: &CompiledStance| &s.regex));
        let stance_range = topic_range.end..all.len();
        all.extend(negations.iter().map(|(_, re): &(String, Regex)| re));
        let negation_range = stance_range.end..all.len();
        all.push(&*super::lexicon::ROLE_NOUN_WORD);
        let role_range = negation_range.end..all.len();
        all.push(&*super::lexicon::ANAPHOR_NOUN);
        let anaphor_range = role_range.end..all.len();
        let banks = Banks {
            all: PatternBank::new(all),
            cues: cue_range,
            topics: topic_range,
            topic_of_pattern,
            stances: stance_range,
            negations: negation_range,
            roles: role_range,
            anaphor_nouns: anaphor_range,
        };
        CompiledRules {
            banks,
            aliases: std::sync::Arc::new(super::aliases::AliasIndex::new(&self.actors.actors)),
            actors: self.actors.actors.clone(),
            cues,
            topics,
            stances,
            negations,
        }
    }
}

/// Counts how often each rule id has been seen so far in one file, so the
/// n-th rule with a (duplicated) id is located at its own entry.
#[derive(Default)]
struct Occurrences(HashMap<String, usize>);

impl Occurrences {
    fn next(&mut self, id: &str) -> usize {
        let n = self.0.entry(id.to_string()).or_insert(0);
        *n += 1;
        *n - 1
    }
}

/// Byte offsets of the string literal in every `id: "rule"` field.
fn id_offsets(text: &str, rule: &str) -> Vec<usize> {
    let pattern = format!(r#"\bid\s*:\s*("{}")"#, regex::escape(&escape_ron(rule)));
    match Regex::new(&pattern) {
        Ok(re) => re.captures_iter(text).filter_map(|c| c.get(1)).map(|m| m.start()).collect(),
        Err(_) => Vec::new(),
    }
}

/// The text of the `nth` rule with this id: from the `(` opening it (ids
/// usually come first) to the next rule's id.
fn rule_region(text: &str, rule: &str, nth: usize) -> Option<(usize, usize)> {
    let id_at = *id_offsets(text, rule).get(nth)?;
    let start = text[..id_at].rfind('(').unwrap_or(id_at);
    let after = id_at + rule.len() + 2;
    let next_id = Regex::new(r#"\bid\s*:\s*""#).ok().and_then(|re| re.find_at(text, after).map(|m| m.start()));
    Some((start, next_id.unwrap_or(text.len())))
}

/// A string value found in a rule file.
struct Literal {
    /// Offset of the value's first byte (after the opening quote).
    start: usize,
    /// Raw strings hold the value verbatim; plain strings escape `\` and `"`.
    raw: bool,
}

impl Literal {
    /// File offset of byte `inner` of the value.
    fn file_offset(&self, value: &str, inner: usize) -> usize {
        if self.raw {
            self.start + inner
        } else {
            let escapes = value.as_bytes()[..inner].iter().filter(|&&b| b == b'\\' || b == b'"').count();
            self.start + inner + escapes
        }
    }
}

fn escape_ron(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"")
}

/// Finds `value` as a quoted string inside the `nth` rule with id `rule`,
/// after `field:` when the rule has that field.
fn locate_in_rule(text: &str, rule: &str, nth: usize, field: &str, value: &str) -> Option<Literal> {
    let (mut from, to) = rule_region(text, rule, nth)?;
    if !field.is_empty() {
        let re = Regex::new(&format!(r"\b{}\s*:", regex::escape(field))).ok()?;
        if let Some(m) = re.find(&text[from..to]) {
            from += m.end();
        }
    }
    let region = &text[from..to];
    // The escaped form first: in `"\\b"` the raw form `\b` also occurs, one
    // byte late.
    let escaped = escape_ron(value);
    if let Some(i) = region.find(&format!("\"{escaped}\"")) {
        let raw = region[..i].ends_with('r') && escaped != value;
        if !raw {
            return Some(Literal { start: from + i + 1, raw: false });
        }
    }
    let mut at = 0;
    while let Some(i) = region[at..].find(&format!("\"{value}\"")) {
        let i = at + i;
        let before = region[..i].trim_end_matches('#');
        if before.ends_with('r') || escaped == value {
            return Some(Literal { start: from + i + 1, raw: true });
        }
        at = i + 1;
    }
    None
}

