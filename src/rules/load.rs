//! Loading rule folders with precise error positions, and compiling them
//! into the matchers the extractor uses.
//!
//! A rule folder holds any of `actors.ron`, `speech.ron`, `topics.ron`,
//! `stances.ron` and `lexicon.ron`. A folder with `core/` and `domains/*/`
//! inside stands for the core and every domain. Several folders load as one
//! rule set: their rules are concatenated, so ids must be unique across
//! them. Every rule has an id; every extraction records the id of the rule
//! that produced it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use regex::{Regex, RegexBuilder};

use crate::error::{located, Error, Result};
use super::bundled::{BUNDLED, bundled_folders, bundled_text, is_bundled};
use super::compiled::{Banks, CompiledCue, CompiledRules, CompiledStance, CompiledTopic};
use super::scan::PatternBank;
use super::lexicon::{Lexicon, LexiconFile};
use super::schema::{ActorFile, SpeechFile, StanceFile, TopicFile};

/// Compiled regexes larger than this are refused: a rule that blows up the
/// automaton would otherwise stall every ingest.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;

/// The rule files of one or more folders, as written, with their sources
/// kept for error positions.
#[derive(Debug, Clone)]
pub struct RuleSet {
    /// The rule folders read, in order (a core/domains tree expanded).
    pub dirs: Vec<PathBuf>,
    /// Every rule file read, in order.
    pub files: Vec<PathBuf>,
    pub actors: ActorFile,
    pub speech: SpeechFile,
    pub topics: TopicFile,
    pub stances: StanceFile,
    /// The word lists of every `lexicon.ron`; the bundled core lexicon when
    /// no folder has one.
    pub lexicon: LexiconFile,
    pub sources: HashMap<PathBuf, String>,
}

pub const ACTORS_FILE: &str = "actors.ron";
pub const SPEECH_FILE: &str = "speech.ron";
pub const TOPICS_FILE: &str = "topics.ron";
pub const STANCES_FILE: &str = "stances.ron";
pub const LEXICON_FILE: &str = "lexicon.ron";

/// The rule files a folder may hold, in load order.
pub const RULE_FILES: [&str; 5] = [ACTORS_FILE, SPEECH_FILE, TOPICS_FILE, STANCES_FILE, LEXICON_FILE];

/// The folders `dir` stands for: its `core/` and each `domains/*/` (in name
/// order) when it has them, else itself.
pub fn rule_folders(dir: &Path) -> Result<Vec<PathBuf>> {
    if is_bundled(dir) {
        return Ok(bundled_folders(dir));
    }
    let core = dir.join("core");
    let domains = dir.join("domains");
    if !core.is_dir() && !domains.is_dir() {
        return Ok(vec![dir.to_path_buf()]);
    }
    let mut out = Vec::new();
    if core.is_dir() {
        out.push(core);
    }
    if domains.is_dir() {
        let mut found: Vec<PathBuf> = std::fs::read_dir(&domains)
            .map_err(|e| Error::io(&domains, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

pub(crate) fn read_text(path: &Path) -> Result<String> {
    if is_bundled(path) {
        return bundled_text(path)
            .map(str::to_string)
            .ok_or_else(|| Error::io(path, std::io::Error::new(std::io::ErrorKind::NotFound, "no such bundled rule file")));
    }
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
    /// Loads and validates the rule folder `dir` (see [`rule_folders`]).
    pub fn load(dir: &Path) -> Result<RuleSet> {
        RuleSet::load_all(&[dir.to_path_buf()])
    }

    /// The rules compiled into the binary: the core and every bundled domain.
    pub fn bundled() -> Result<RuleSet> {
        RuleSet::load(Path::new(BUNDLED))
    }

    /// Loads and validates several rule folders as one rule set.
    pub fn load_all(dirs: &[PathBuf]) -> Result<RuleSet> {
        let set = RuleSet::parse_dirs(dirs)?;
        set.validate()?;
        Ok(set)
    }

    /// An empty rule set over `dirs`, to fill file by file.
    pub fn empty(dirs: Vec<PathBuf>) -> RuleSet {
        RuleSet {
            dirs,
            files: Vec::new(),
            actors: ActorFile::default(),
            speech: SpeechFile::default(),
            topics: TopicFile::default(),
            stances: StanceFile::default(),
            lexicon: LexiconFile::default(),
            sources: HashMap::new(),
        }
    }

    /// Adds one parsed rule file, of the kind its name says.
    pub fn add_file(&mut self, path: &Path, text: String) -> Result<()> {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match name {
            ACTORS_FILE => self.actors.actors.extend(parse_ron::<ActorFile>(path, &text)?.actors),
            SPEECH_FILE => self.speech.cues.extend(parse_ron::<SpeechFile>(path, &text)?.cues),
            TOPICS_FILE => self.topics.topics.extend(parse_ron::<TopicFile>(path, &text)?.topics),
            STANCES_FILE => {
                let f = parse_ron::<StanceFile>(path, &text)?;
                self.stances.stances.extend(f.stances);
                self.stances.negations.extend(f.negations);
            }
            LEXICON_FILE => self.lexicon.extend(parse_ron::<LexiconFile>(path, &text)?),
            _ => return Err(Error::Usage(format!("{}: not a rule file (expected one of {})", path.display(), RULE_FILES.join(", ")))),
        }
        self.files.push(path.to_path_buf());
        self.sources.insert(path.to_path_buf(), text);
        Ok(())
    }

    /// The rule files present in the folders `dirs` stands for; an error
    /// when a folder is missing or none holds a rule file.
    pub fn files_in(dirs: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
        let mut folders = Vec::new();
        for d in dirs {
            if is_bundled(d) {
                let found = bundled_folders(d);
                if found.is_empty() {
                    let known: Vec<String> = bundled_folders(Path::new(BUNDLED)).iter().map(|f| f.display().to_string()).collect();
                    return Err(Error::Usage(format!("{}: no such bundled rule folder (there are {BUNDLED}, {})", d.display(), known.join(", "))));
                }
                folders.extend(found);
                continue;
            }
            if !d.is_dir() {
                return Err(Error::io(d, std::io::Error::new(std::io::ErrorKind::NotFound, "rule folder not found")));
            }
            folders.extend(rule_folders(d)?);
        }
        let exists = |p: &PathBuf| if is_bundled(p) { bundled_text(p).is_some() } else { p.is_file() };
        let files: Vec<PathBuf> = folders.iter().flat_map(|f| RULE_FILES.iter().map(move |n| f.join(n))).filter(exists).collect();
        if files.is_empty() {
            let names = dirs.iter().map(|d| d.display().to_string()).collect::<Vec<_>>().join(", ");
            return Err(Error::Usage(format!("no rule files ({}) in {names}", RULE_FILES.join(", "))));
        }
        Ok((folders, files))
    }

    /// Reads and parses every rule file, without the checks serde cannot do.
    fn parse_dirs(dirs: &[PathBuf]) -> Result<RuleSet> {
        let (folders, files) = RuleSet::files_in(dirs)?;
        let mut set = RuleSet::empty(folders);
        for path in files {
            let text = read_text(&path)?;
            set.add_file(&path, text)?;
        }
        Ok(set)
    }

    /// [`RuleSet::load`] and [`RuleSet::compile`] with one compilation of the
    /// regexes instead of two.
    pub fn load_compiled(dir: &Path) -> Result<(RuleSet, CompiledRules)> {
        RuleSet::load_all_compiled(&[dir.to_path_buf()])
    }

    /// [`RuleSet::load_all`] and [`RuleSet::compile`] in one pass.
    pub fn load_all_compiled(dirs: &[PathBuf]) -> Result<(RuleSet, CompiledRules)> {
        let set = RuleSet::parse_dirs(dirs)?;
        let (errors, compiled) = set.problems_and_compiled(true);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok((set, compiled)),
        }
    }

    /// The file of kind `name` that holds the `nth` rule with id `rule`, and
    /// which occurrence of that id it is within the file.
    fn file_of(&self, name: &str, rule: &str, nth: usize) -> (PathBuf, usize) {
        let mut left = nth;
        let mut last = None;
        for f in self.files.iter().filter(|f| f.file_name().and_then(|n| n.to_str()) == Some(name)) {
            let text = self.sources.get(f).map_or("", String::as_str);
            let here = id_offsets(text, rule).len();
            if left < here {
                return (f.clone(), left);
            }
            left -= here;
            last = Some(f.clone());
        }
        let fallback = self.dirs.first().map_or_else(|| PathBuf::from(name), |d| d.join(name));
        (last.unwrap_or(fallback), left)
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
        let (path, nth) = self.file_of(file, rule, nth);
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
                    infinitive: c.infinitive,
                    regex,
                });
            }
        }
        let mut topics = Vec::new();
        let mut nth = Occurrences::default();
        for t in &self.topics.topics {
            let n = nth.next(&t.id);
            let mut patterns = Vec::new();
            for term in &t.terms {
                patterns.extend(keep(self.build_regex(TOPICS_FILE, &t.id, n, "terms", &super::schema::term_pattern(term))));
            }
            for p in &t.patterns {
                patterns.extend(keep(self.build_regex(TOPICS_FILE, &t.id, n, "patterns", p)));
            }
            let mut not = Vec::new();
            for p in &t.not {
                not.extend(keep(self.build_regex(TOPICS_FILE, &t.id, n, "not", p)));
            }
            topics.push(CompiledTopic {
                id: t.id.clone(),
                label: t.label.clone(),
                patterns,
                not,
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
        let lexicon = self.compile_lexicon(errors);
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
        all.push(&lexicon.role_word);
        let role_range = negation_range.end..all.len();
        all.push(&lexicon.anaphor_noun);
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
            lexicon: std::sync::Arc::new(lexicon),
            actors: self.actors.actors.clone(),
            cues,
            topics,
            stances,
            negations,
        }
    }
}

impl RuleSet {
    /// The lexicon compiled; a list that does not compile is reported and
    /// the bundled lexicon used in its place.
    fn compile_lexicon(&self, errors: &mut Vec<Error>) -> Lexicon {
        let path = self.files.iter().find(|f| f.ends_with(LEXICON_FILE)).cloned();
        let Some(path) = path else { return Lexicon::bundled() };
        match Lexicon::compile(&self.lexicon, &path) {
            Ok(l) => l,
            Err(e) => {
                errors.push(e);
                Lexicon::bundled()
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_rules_are_gated_by_the_boundary_automaton_alone() {
        let (_, rules) = RuleSet::load_compiled(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data/rules"))).unwrap();
        let bank = &rules.banks.all;
        assert!(bank.at_boundaries.is_some());
        assert!(bank.literals.is_none(), "every rule pattern starts at a word boundary");
    }
}
