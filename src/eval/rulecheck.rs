//! Rule authoring tools: `rules check` (every error and warning in a rule
//! directory, not just the first), `rules test` (the examples rule files
//! carry), and the diagnostics behind `explain --why-not`.
//!
//! Nothing here prints; the CLI renders what these functions return.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use regex_syntax::hir::{Hir, HirKind, Look};
use thiserror::Error as ThisError;

use crate::error::{Error, Position, Result};
use crate::model::Article;
use crate::source::{self, ReadOptions};
use crate::model::{Extraction, Span, fold_text};
use crate::rules::{
    ACTORS_FILE, CompiledRules, Expect, RuleExample, RuleSet, SPEECH_FILE, STANCES_FILE,
    TOPICS_FILE, read_text,
};
use crate::extract::{actors, segment, stances};

/// Something legal but probably wrong in a rule file.
#[derive(Debug, ThisError, Diagnostic)]
#[error("{}:{pos}: {message}", path.display())]
#[diagnostic(severity(Warning), code(claimgraph::rules::warning))]
pub struct Warning {
    pub path: PathBuf,
    pub pos: Position,
    pub message: String,
    #[source_code]
    pub src: NamedSource<String>,
    #[label("here")]
    pub at: SourceSpan,
}

/// What `rules check` found in one directory.
#[derive(Debug, Default)]
pub struct CheckReport {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
    /// Number of rules (of every kind) in the files that parsed.
    pub rules: usize,
}

/// Checks a rule directory, collecting every error it can: each file is
/// parsed on its own (a syntax error in one does not hide the others), then
/// ids, references and regexes are checked across the files that parsed.
/// Warnings are only computed when there is no error.
pub fn check(dir: &Path) -> CheckReport {
    let mut report = CheckReport::default();
    let mut errors = Vec::new();
    let (folders, files) = match RuleSet::files_in(&[dir.to_path_buf()]) {
        Ok(found) => found,
        Err(e) => {
            report.errors.push(e);
            return report;
        }
    };
    let mut set = RuleSet::empty(folders);
    let mut topics_ok = true;
    for path in files {
        let parsed = read_text(&path).and_then(|text| set.add_file(&path, text));
        if let Err(e) = parsed {
            topics_ok &= !path.ends_with(TOPICS_FILE);
            errors.push(e);
        }
    }
    errors.extend(set.collect_problems(topics_ok));
    report.rules = set.actors.actors.len()
        + set.speech.cues.len()
        + set.topics.topics.len()
        + set.stances.stances.len()
        + set.stances.negations.len();
    if errors.is_empty() {
        report.warnings = warnings(&set);
    }
    report.errors = errors;
    report
}

/// Warnings for a rule set that loads: patterns that can never match
/// usefully, and names or aliases two actors share.
pub fn warnings(set: &RuleSet) -> Vec<Warning> {
    let mut out = Vec::new();
    let warn = |file: &str, rule: &str, field: &str, needle: &str, message: String| {
        // Warnings run only without errors, so ids are unique: nth is 0.
        let (path, pos, src, at) = set.locate(file, rule, 0, field, needle, 0, needle.len());
        Warning {
            path,
            pos,
            message,
            src,
            at,
        }
    };
    let mut patterns: Vec<(&str, &str, &str, &str)> = Vec::new();
    for c in &set.speech.cues {
        patterns.push((SPEECH_FILE, &c.id, "pattern", &c.pattern));
    }
    for t in &set.topics.topics {
        for p in &t.patterns {
            patterns.push((TOPICS_FILE, &t.id, "patterns", p));
        }
    }
    for s in &set.stances.stances {
        patterns.push((STANCES_FILE, &s.id, "pattern", &s.pattern));
    }
    for n in &set.stances.negations {
        patterns.push((STANCES_FILE, &n.id, "pattern", &n.pattern));
    }
    for (file, id, field, pattern) in patterns {
        if let Some(why) = never_matches(pattern) {
            let message = format!("rule `{id}`: pattern can never match: {why}");
            out.push(warn(file, id, field, pattern, message));
        } else if matches_empty(pattern) {
            let message = format!(
                "rule `{id}`: pattern can match the empty string, so it fires at every word boundary; make some part of it required"
            );
            out.push(warn(file, id, field, pattern, message));
        }
    }
    // Names and aliases as the matcher sees them (case-sensitive, spacing
    // normalised): a term two actors share makes every mention ambiguous.
    let mut owner: HashMap<String, &str> = HashMap::new();
    for a in &set.actors.actors {
        let mut mine: Vec<String> = Vec::new();
        let terms =
            std::iter::once(("name", &a.name)).chain(a.aliases.iter().map(|t| ("aliases", t)));
        for (field, term) in terms {
            let key = fold_term(term);
            if key.is_empty() {
                let message = format!("actor `{}`: empty {field} entry can never match", a.id);
                out.push(warn(ACTORS_FILE, &a.id, field, term, message));
                continue;
            }
            if mine.contains(&key) {
                continue;
            }
            match owner.get(&key) {
                Some(other) => {
                    let message = format!(
                        "actor `{}`: `{term}` is also a name or alias of actor `{other}`; its mentions are ambiguous",
                        a.id
                    );
                    out.push(warn(ACTORS_FILE, &a.id, field, term, message));
                }
                None => {
                    owner.insert(key.clone(), &a.id);
                }
            }
            mine.push(key);
        }
    }
    out.sort_by_key(|w| (w.path.clone(), w.pos.line, w.pos.column));
    out
}

fn fold_term(term: &str) -> String {
    term.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why `pattern`, as the extractor wraps it (`(?i)\b(?:pattern)\b`), can
/// never produce a useful match, if we can tell. Detected: patterns that
/// match nothing (an empty class such as `[^\s\S]`, or every alternative
/// impossible), patterns that only match the empty string, and adjacent
/// assertions that contradict each other (`\b\B`, text after `$`, text
/// before `^`, including a `\B` at the pattern's edge against the `\b` the
/// extractor adds). Anything subtler is not detected.
pub fn never_matches(pattern: &str) -> Option<String> {
    let wrapped = format!(r"\b(?:{pattern})\b");
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(&wrapped)
        .ok()?;
    if hir.properties().minimum_len().is_none() {
        return Some("it matches no text at all (e.g. an empty character class)".into());
    }
    if hir.properties().maximum_len() == Some(0) {
        return Some("it only matches the empty string".into());
    }
    impossible(&hir)
}

/// Whether `pattern` can match without consuming text (`(?:said)?`,
/// `x*`): an empty cue or topic mention at every word boundary.
pub fn matches_empty(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .is_ok_and(|hir| hir.properties().minimum_len() == Some(0))
}

fn impossible(hir: &Hir) -> Option<String> {
    match hir.kind() {
        HirKind::Concat(_) => {
            let mut items = Vec::new();
            flatten(hir, &mut items);
            for w in items.windows(2) {
                if let Some(why) = conflict(w[0], w[1]) {
                    return Some(why);
                }
            }
            // `^` after text or `$` before text.
            for (i, item) in items.iter().enumerate() {
                if let HirKind::Look(look @ (Look::Start | Look::End)) = item.kind() {
                    let text_before = items[..i]
                        .iter()
                        .any(|h| h.properties().minimum_len().unwrap_or(0) > 0);
                    let text_after = items[i + 1..]
                        .iter()
                        .any(|h| h.properties().minimum_len().unwrap_or(0) > 0);
                    if *look == Look::Start && text_before {
                        return Some("`^` (start of text) comes after text".into());
                    }
                    if *look == Look::End && text_after {
                        return Some("`$` (end of text) comes before text".into());
                    }
                }
            }
            items.iter().find_map(|h| impossible(h))
        }
        HirKind::Alternation(alts) => {
            let reasons: Vec<String> = alts.iter().filter_map(impossible).collect();
            (reasons.len() == alts.len())
                .then(|| format!("every alternative is impossible ({})", reasons.join("; ")))
        }
        HirKind::Capture(c) => impossible(&c.sub),
        HirKind::Repetition(r) if r.min > 0 => impossible(&r.sub),
        _ => None,
    }
}

/// The items of a concatenation with groups and nested concatenations
/// opened, so assertions that end up side by side are compared.
fn flatten<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Concat(items) => items.iter().for_each(|h| flatten(h, out)),
        HirKind::Capture(c) => flatten(&c.sub, out),
        _ => out.push(hir),
    }
}

fn conflict(a: &Hir, b: &Hir) -> Option<String> {
    let (HirKind::Look(x), HirKind::Look(y)) = (a.kind(), b.kind()) else {
        return None;
    };
    let pair = |p: Look, q: Look| (*x == p && *y == q) || (*x == q && *y == p);
    (pair(Look::WordUnicode, Look::WordUnicodeNegate) || pair(Look::WordAscii, Look::WordAsciiNegate))
        .then(|| "a word boundary `\\b` and a non-boundary `\\B` at the same place (the extractor adds `\\b` around every pattern)".into())
}

/// One example of one rule, ready to run.
#[derive(Debug, Clone)]
pub struct ExampleCase {
    pub file: &'static str,
    pub rule: String,
    /// 1-based, in file order.
    pub index: usize,
    pub example: RuleExample,
}

impl ExampleCase {
    /// `actors.ron::actor.putin example 1`
    pub fn name(&self) -> String {
        format!("{}::{} example {}", self.file, self.rule, self.index)
    }
}

/// Every example in the rule set, in file order, and the ids of rules that
/// carry none.
pub fn examples(set: &RuleSet) -> (Vec<ExampleCase>, Vec<String>) {
    let mut cases = Vec::new();
    let mut bare = Vec::new();
    let mut add = |file: &'static str, rule: &str, examples: &[RuleExample]| {
        if examples.is_empty() {
            bare.push(format!("{file}::{rule}"));
        }
        for (i, e) in examples.iter().enumerate() {
            cases.push(ExampleCase {
                file,
                rule: rule.to_string(),
                index: i + 1,
                example: e.clone(),
            });
        }
    };
    for a in &set.actors.actors {
        add(ACTORS_FILE, &a.id, &a.examples);
    }
    for c in &set.speech.cues {
        add(SPEECH_FILE, &c.id, &c.examples);
    }
    for t in &set.topics.topics {
        add(TOPICS_FILE, &t.id, &t.examples);
    }
    for s in &set.stances.stances {
        add(STANCES_FILE, &s.id, &s.examples);
    }
    for n in &set.stances.negations {
        add(STANCES_FILE, &n.id, &n.examples);
    }
    (cases, bare)
}

/// An example's text as a one-paragraph article.
pub fn example_article(text: &str) -> Article {
    source::parse_article(Path::new("<example>"), text, &ReadOptions::default())
}

/// Result of one example.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Pass,
    Fail { expected: String, got: String },
}

/// Runs one example: extracts its text with the whole rule set and checks
/// the expectation against what the example's rule produced.
pub fn run_example(case: &ExampleCase, rules: &CompiledRules) -> Outcome {
    let article = example_article(&case.example.text);
    let ex = crate::extract::extract(&article, rules);
    let fired = Fired::new(case, rules, &article, &ex);
    let fail = |expected: String, got: String| Outcome::Fail { expected, got };
    match &case.example.expect {
        Expect::Match => {
            if fired.any() {
                Outcome::Pass
            } else {
                fail(
                    format!("rule `{}` fires", case.rule),
                    fired.describe_all(&ex),
                )
            }
        }
        Expect::NoMatch => {
            if fired.any() {
                fail(
                    format!("rule `{}` does not fire", case.rule),
                    fired.describe(),
                )
            } else {
                Outcome::Pass
            }
        }
        Expect::Statement { speaker, text } => {
            let want = fold_text(text);
            let ok = fired.statements.iter().any(|&i| {
                ex.statements[i].speaker == *speaker
                    && fold_text(&ex.statements[i].text).contains(&want)
            });
            if ok {
                Outcome::Pass
            } else {
                fail(
                    format!("statement by {speaker}: \"{text}\" (rule `{}`)", case.rule),
                    fired.describe_all(&ex),
                )
            }
        }
        Expect::Stance {
            actor,
            stance,
            topic,
        } => {
            let ok = fired.stances.iter().any(|&i| {
                let s = &ex.stances[i];
                s.actor == *actor && s.stance == *stance && s.topic == *topic
            });
            if ok {
                Outcome::Pass
            } else {
                fail(
                    format!("{actor} {} {topic} (rule `{}`)", stance.as_str(), case.rule),
                    fired.describe_all(&ex),
                )
            }
        }
        Expect::Mention { actor } => {
            let mentioned = mentioned_actors(rules, &article);
            if mentioned.iter().any(|m| m == actor) {
                Outcome::Pass
            } else if mentioned.is_empty() {
                fail(format!("{actor} mentioned"), "no actor mentioned".into())
            } else {
                fail(
                    format!("{actor} mentioned"),
                    format!("mentioned: {}", mentioned.join(", ")),
                )
            }
        }
    }
}

/// Which extractions a rule took part in.
struct Fired {
    statements: Vec<usize>,
    stances: Vec<usize>,
    mentioned: bool,
}

/// Whether an evidence's rule field names `rule` (it may list several ids
/// joined by `+`, e.g. a stance cue and the negation that flipped it).
fn names_rule(evidence_rule: &str, rule: &str) -> bool {
    evidence_rule == rule || evidence_rule.split(['+', ',', ' ']).any(|r| r == rule)
}

impl Fired {
    fn new(case: &ExampleCase, rules: &CompiledRules, article: &Article, ex: &Extraction) -> Fired {
        let rule = case.rule.as_str();
        let actor = rules
            .actors
            .iter()
            .find(|a| a.id == rule)
            .map(|a| a.name.as_str());
        let topic = (case.file == TOPICS_FILE).then_some(rule);
        let negation = rules
            .negations
            .iter()
            .find(|(id, _)| id == rule)
            .map(|(_, re)| re);
        let statements = ex
            .statements
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                names_rule(&s.evidence.rule, rule) || actor == Some(s.speaker.as_str())
            })
            .map(|(i, _)| i)
            .collect();
        let stances = ex
            .stances
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                names_rule(&s.evidence.rule, rule)
                    || actor == Some(s.actor.as_str())
                    || topic == Some(s.topic.as_str())
                    || negation.is_some_and(|re| re.is_match(&s.evidence.sentence_text))
            })
            .map(|(i, _)| i)
            .collect();
        // An actor rule fires when its actor is mentioned; a topic rule when
        // one of its patterns matches (it need not end up in a stance).
        let mentioned = actor
            .is_some_and(|name| mentioned_actors(rules, article).iter().any(|m| m == name))
            || topic.is_some_and(|id| {
                rules
                    .topics
                    .iter()
                    .filter(|t| t.id == id)
                    .any(|t| t.patterns.iter().any(|p| p.is_match(&article.text)))
            });
        Fired {
            statements,
            stances,
            mentioned,
        }
    }

    fn any(&self) -> bool {
        !self.statements.is_empty() || !self.stances.is_empty() || self.mentioned
    }

    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.mentioned {
            parts.push("actor or topic mentioned".to_string());
        }
        if !self.statements.is_empty() {
            parts.push(format!("{} statement(s)", self.statements.len()));
        }
        if !self.stances.is_empty() {
            parts.push(format!("{} stance(s)", self.stances.len()));
        }
        if parts.is_empty() {
            "nothing".into()
        } else {
            format!("rule fired: {}", parts.join(", "))
        }
    }

    /// Everything the text produced, so a failure shows what came out
    /// instead of what was hoped for.
    fn describe_all(&self, ex: &Extraction) -> String {
        let mut lines = Vec::new();
        for s in &ex.statements {
            lines.push(format!(
                "statement by {}: \"{}\" (rule `{}`)",
                s.speaker, s.text, s.evidence.rule
            ));
        }
        for s in &ex.stances {
            lines.push(format!(
                "{} {} {} (rule `{}`)",
                s.actor,
                s.stance.as_str(),
                s.topic,
                s.evidence.rule
            ));
        }
        if lines.is_empty() {
            "no statement or stance".into()
        } else {
            lines.join("\n")
        }
    }
}

/// Names of the actors the extractor finds mentioned in the article (by
/// name, alias, role or pronoun).
pub fn mentioned_actors(rules: &CompiledRules, article: &Article) -> Vec<String> {
    let seg = segment::segment(&article.text, &article.boilerplate);
    let cast = actors::find_mentions(&article.text, &seg, rules);
    let mut names: Vec<String> = cast
        .mentions
        .iter()
        .map(|m| cast.name(m.actor).to_string())
        .collect();
    names.sort();
    names.dedup();
    names
}

/// An actor mention as the extractor resolved it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub actor: String,
    pub span: Span,
    pub surface: String,
    /// name, alias, discovered, role or pronoun.
    pub kind: &'static str,
    pub in_quote: bool,
    /// The extractor's own reason for choosing this actor.
    pub reason: String,
}

/// The extractor's mentions (quoted or not) that start inside `within`.
pub fn actor_mentions(cast: &actors::Cast, text: &str, within: Span) -> Vec<Mention> {
    cast.mentions
        .iter()
        .filter(|m| within.start <= m.span.start && m.span.start < within.end)
        .map(|m| Mention {
            actor: cast.name(m.actor).to_string(),
            span: m.span,
            surface: text
                .get(m.span.start..m.span.end)
                .unwrap_or_default()
                .to_string(),
            kind: match m.kind {
                actors::MentionKind::Name => "name",
                actors::MentionKind::Discovered => "discovered",
                actors::MentionKind::Role => "role",
                actors::MentionKind::Pronoun => "pronoun",
            },
            in_quote: m.in_quote,
            reason: m.reason.clone(),
        })
        .collect()
}

/// One regex rule that matched in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleHit {
    pub rule: String,
    /// Absolute byte span in the article.
    pub span: Span,
    pub text: String,
    /// A cue the extractor set aside: a speech cue inside a quotation, not
    /// used as a verb (a capitalised "Says" mid-sentence) or overlapped by a
    /// longer cue; a stance cue that is part of a topic's wording or
    /// overlapped by a longer cue.
    pub dropped: bool,
}

/// What the rules see in one sentence, and what the extractor made of it.
#[derive(Debug, Clone)]
pub struct SentenceReport {
    pub span: Span,
    pub text: String,
    /// Whether the searched text lies inside a quotation.
    pub in_quote: bool,
    pub cues: Vec<RuleHit>,
    pub mentions: Vec<Mention>,
    pub topics: Vec<RuleHit>,
    pub stance_cues: Vec<RuleHit>,
    pub negations: Vec<RuleHit>,
    /// Statements and stances the extractor did produce in this sentence,
    /// one line each.
    pub produced: Vec<String>,
    /// Plain reasons, most specific first.
    pub reasons: Vec<String>,
}

/// Why a piece of text produced (or did not produce) a statement or stance.
#[derive(Debug, Clone)]
pub struct WhyNot {
    pub article: String,
    /// Where the text was found.
    pub found: Span,
    pub sentences: Vec<SentenceReport>,
}

/// Finds `needle` in the article (exactly, or else ignoring differences in
/// whitespace) and reports, per sentence it touches, which rules came close.
pub fn why_not(article: &Article, needle: &str, rules: &CompiledRules) -> Result<WhyNot> {
    let found = find_text(&article.text, needle).ok_or_else(|| {
        Error::Usage(format!(
            "the text {needle:?} does not occur in {} (it must be copied from the article)",
            article.meta.path
        ))
    })?;
    let seg = segment::segment(&article.text, &article.boilerplate);
    let ex = crate::extract::extract(article, rules);
    let look = ArticleView {
        text: &article.text,
        seg: &seg,
        cast: actors::find_mentions(&article.text, &seg, rules),
        kept_cues: crate::extract::cues::find_cues(&article.text, &seg, rules)
            .into_iter()
            .map(|c| c.span)
            .collect(),
        rules,
        ex: &ex,
    };
    let mut sentences = Vec::new();
    for s in seg
        .sentences
        .iter()
        .filter(|s| s.span.start < found.end.max(found.start + 1) && found.start < s.span.end)
    {
        sentences.push(look.sentence(s.span, found));
    }
    Ok(WhyNot {
        article: article.meta.path.clone(),
        found,
        sentences,
    })
}

/// Byte span of `needle` in `text`, tolerating runs of whitespace that
/// differ (a phrase copied from a wrapped terminal line).
pub fn find_text(text: &str, needle: &str) -> Option<Span> {
    let needle = needle.trim();
    if needle.is_empty() {
        return None;
    }
    if let Some(i) = text.find(needle) {
        return Some(Span::new(i, i + needle.len()));
    }
    let pattern = needle
        .split_whitespace()
        .map(regex::escape)
        .collect::<Vec<_>>()
        .join(r"\s+");
    let re = regex::Regex::new(&pattern).ok()?;
    re.find(text).map(|m| Span::new(m.start(), m.end()))
}

fn hits<'a>(
    rules: impl Iterator<Item = (&'a str, &'a regex::Regex)>,
    text: &str,
    span: Span,
) -> Vec<RuleHit> {
    let Some(hay) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, re) in rules {
        for m in re.find_iter(hay) {
            out.push(RuleHit {
                rule: id.to_string(),
                span: Span::new(span.start + m.start(), span.start + m.end()),
                text: m.as_str().to_string(),
                dropped: false,
            });
        }
    }
    out.sort_by_key(|h| h.span);
    out
}

fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end
}

/// What `why_not` looks at, computed once per article.
struct ArticleView<'a> {
    text: &'a str,
    seg: &'a segment::Segments,
    cast: actors::Cast,
    /// Spans of the cues the extractor keeps.
    kept_cues: Vec<Span>,
    rules: &'a CompiledRules,
    ex: &'a Extraction,
}

impl ArticleView<'_> {
    fn sentence(&self, span: Span, found: Span) -> SentenceReport {
        let (text, seg, rules, ex) = (self.text, self.seg, self.rules, self.ex);
        let mut cues = hits(
            rules.cues.iter().map(|c| (c.id.as_str(), &c.regex)),
            text,
            span,
        );
        for c in &mut cues {
            c.dropped = !self.kept_cues.contains(&c.span);
        }
        let topics = hits(
            rules
                .topics
                .iter()
                .flat_map(|t| t.patterns.iter().map(move |p| (t.id.as_str(), p))),
            text,
            span,
        );
        let mut stance_cues = hits(
            rules.stances.iter().map(|s| (s.id.as_str(), &s.regex)),
            text,
            span,
        );
        // The stance extractor drops cues inside a topic's wording and
        // cues overlapped by a longer one.
        let kept_stance_cues =
            stances::find_cues(text, span, rules, &stances::find_topics(text, span, rules));
        for c in &mut stance_cues {
            c.dropped = !kept_stance_cues.iter().any(|k| k.span == c.span);
        }
        let negations = hits(
            rules.negations.iter().map(|(id, re)| (id.as_str(), re)),
            text,
            span,
        );
        let mentions = actor_mentions(&self.cast, text, span);
        let in_quote = seg.in_quote(found.start);
        let mut produced = Vec::new();
        for s in ex
            .statements
            .iter()
            .filter(|s| overlaps(s.evidence.sentence, span) || overlaps(s.evidence.span, span))
        {
            produced.push(format!(
                "statement by {} ({}): \"{}\" via rule `{}`; {}",
                s.speaker,
                s.kind.as_str(),
                s.text,
                s.evidence.rule,
                s.evidence.resolution
            ));
        }
        for s in ex
            .stances
            .iter()
            .filter(|s| overlaps(s.evidence.sentence, span) || overlaps(s.evidence.span, span))
        {
            produced.push(format!(
                "stance: {} {} {} via rule `{}`; {}",
                s.actor,
                s.stance.as_str(),
                s.topic,
                s.evidence.rule,
                s.evidence.resolution
            ));
        }
        let mut reasons = Vec::new();
        let statement_here = ex
            .statements
            .iter()
            .any(|s| overlaps(s.evidence.span, found) || overlaps(s.evidence.sentence, span));
        if !statement_here {
            if cues.is_empty() {
                if in_quote {
                    reasons.push("no statement: the text is inside a quotation and no speech cue matched in this sentence; no attribution from a neighbouring sentence was made".into());
                } else {
                    reasons.push("no statement: no speech cue matched in this sentence".into());
                }
            } else {
                for c in &cues {
                    let speakers = mentions.iter().filter(|m| !m.in_quote);
                    let before = speakers.clone().any(|m| m.span.end <= c.span.start);
                    let after = speakers.clone().any(|m| m.span.start >= c.span.end);
                    let why = if c.dropped {
                        "the extractor set it aside (inside a quotation, not used as a verb, or overlapped by a longer cue)"
                    } else {
                        match (before, after) {
                            (false, false) => {
                                "no actor mention outside quotations in the sentence (no known name, role or resolvable pronoun)"
                            }
                            (false, true) => "the only actor mentions come after it",
                            (true, _) => {
                                "an actor is mentioned before it, yet no statement was made (no quotation or reported clause the cue could attach to?)"
                            }
                        }
                    };
                    reasons.push(format!(
                        "no statement: cue `{}` ({}) matched at {}..{} but {why}",
                        c.text, c.rule, c.span.start, c.span.end
                    ));
                }
            }
        }
        let stance_here = ex
            .stances
            .iter()
            .any(|s| overlaps(s.evidence.sentence, span));
        if !stance_here {
            match (stance_cues.is_empty(), topics.is_empty()) {
                (true, true) => {
                    reasons.push("no stance: no stance cue and no topic pattern matched".into())
                }
                (true, false) => reasons.push(format!(
                    "no stance: topic {} mentioned but no stance cue matched",
                    topics
                        .iter()
                        .map(|t| format!("`{}`", t.rule))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                (false, true) => reasons.push(format!(
                    "no stance: stance cue {} matched but no topic pattern matched",
                    stance_cues
                        .iter()
                        .map(|t| format!("`{}` ({})", t.text, t.rule))
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
                (false, false) => {
                    let restricted: Vec<String> = stance_cues
                        .iter()
                        .filter_map(|c| {
                            let rule = rules.stances.iter().find(|s| s.id == c.rule)?;
                            (!rule.topics.is_empty()
                                && !topics.iter().any(|t| rule.topics.contains(&t.rule)))
                            .then(|| {
                                format!(
                                    "`{}` only applies to topics {}",
                                    c.rule,
                                    rule.topics.join(", ")
                                )
                            })
                        })
                        .collect();
                    if stance_cues.iter().all(|c| c.dropped) {
                        reasons.push("no stance: every stance cue was set aside (part of a topic's wording, or overlapped by a longer cue)".into());
                    } else if restricted.is_empty() {
                        reasons.push("no stance: a stance cue and a topic matched, but no actor named before the cue (outside prepositions and passives), or a clause break between cue and topic".into());
                    } else {
                        reasons.push(format!(
                            "no stance: stance cue and topic matched but {}",
                            restricted.join("; ")
                        ));
                    }
                }
            }
        }
        SentenceReport {
            span,
            text: text
                .get(span.start..span.end)
                .unwrap_or_default()
                .to_string(),
            in_quote,
            cues,
            mentions,
            topics,
            stance_cues,
            negations,
            produced,
            reasons,
        }
    }
}

/// The evidence's sentence with the extracted text in `[[...]]` and the cue
/// in `{...}`. Falls back to the plain sentence when the stored spans do not
/// fit it (an article edited since ingest).
pub fn mark_evidence(ev: &crate::model::Evidence) -> String {
    let s = &ev.sentence_text;
    let base = ev.sentence.start;
    let (Some(a), Some(b)) = (
        ev.span.start.checked_sub(base),
        ev.span.end.checked_sub(base),
    ) else {
        return s.clone();
    };
    if b > s.len() || !s.is_char_boundary(a) || !s.is_char_boundary(b) {
        return s.clone();
    }
    let mut marks: Vec<(usize, &str)> = vec![(a, "[["), (b, "]]")];
    if !ev.cue.is_empty() {
        // The cue's position is not stored: take its first occurrence outside
        // the extracted span (a quote's cue), else inside it (a stance's
        // span covers its cue).
        let at = |outside: bool| {
            s.match_indices(ev.cue.as_str()).map(|(i, _)| i).find(|&i| {
                (i + ev.cue.len() <= a || i >= b) == outside && (outside || i + ev.cue.len() <= b)
            })
        };
        let cue_at = at(true).or_else(|| at(false));
        if let Some(i) = cue_at {
            marks.push((i, "{"));
            marks.push((i + ev.cue.len(), "}"));
        }
    }
    // At one offset: closers before openers, and the span outside the cue.
    let rank = |m: &str| match m {
        "}" => 0,
        "]]" => 1,
        "[[" => 2,
        _ => 3,
    };
    marks.sort_by_key(|(i, m)| (*i, rank(m)));
    let mut out = String::with_capacity(s.len() + 8);
    let mut last = 0;
    for (i, m) in marks {
        out.push_str(&s[last..i]);
        out.push_str(m);
        last = i;
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Evidence;

    #[test]
    fn never_matching_patterns_are_detected() {
        assert!(never_matches(r"[^\s\S]").is_some());
        assert!(never_matches(r"said\b\Bx").is_some());
        assert!(
            never_matches(r"\Bsaid").is_some(),
            "\\B against the added \\b"
        );
        assert!(never_matches(r"said$ more").is_some());
        assert!(never_matches(r"(?:)").is_some());
        assert!(never_matches(r"[^\s\S]|[^\w\W]").is_some());
    }

    #[test]
    fn optional_patterns_match_empty() {
        assert!(matches_empty(r"(?:said)?"));
        assert!(matches_empty(r"said|"));
        assert!(!matches_empty(r"said|says"));
        assert!(!matches_empty(r"calls? for"));
    }

    #[test]
    fn ordinary_patterns_are_not_flagged() {
        for p in [
            r"said|says",
            r"according to",
            r"call(?:s|ed)? for",
            r"cease-?fire",
            r"(?:not|never)\s+accept",
            r"said$",
            r"^said",
        ] {
            assert_eq!(never_matches(p), None, "{p}");
        }
    }

    #[test]
    fn text_is_found_across_whitespace_differences() {
        let text = "He said the\n  talks would go on.";
        assert_eq!(find_text(text, "said the talks"), Some(Span::new(3, 19)));
        assert_eq!(find_text(text, "talks would"), Some(Span::new(14, 25)));
        assert_eq!(find_text(text, "nowhere"), None);
        assert_eq!(find_text(text, "   "), None);
    }

    #[test]
    fn evidence_marks_span_and_cue() {
        let sentence = "“We want peace,” Smith said on Monday.";
        let base = 100;
        let q = sentence.find("We").unwrap();
        let e = sentence.find(',').unwrap();
        let ev = Evidence {
            article: "art-1".into(),
            span: Span::new(base + q, base + e),
            sentence: Span::new(base, base + sentence.len()),
            sentence_text: sentence.into(),
            cue: "said".into(),
            rule: "speech.said".into(),
            date: None,
            resolution: "named before cue".into(),
        };
        assert_eq!(
            mark_evidence(&ev),
            "“[[We want peace]],” Smith {said} on Monday."
        );
        // A stance's span covers its cue.
        let c = sentence.find("want").unwrap();
        let stance = Evidence {
            span: Span::new(base + c, base + e),
            cue: "want".into(),
            ..ev.clone()
        };
        assert_eq!(
            mark_evidence(&stance),
            "“We [[{want} peace]],” Smith said on Monday."
        );
        // Spans that no longer fit the sentence leave it unmarked.
        let stale = Evidence {
            span: Span::new(base + 500, base + 510),
            ..ev
        };
        assert_eq!(mark_evidence(&stale), sentence);
    }
}
