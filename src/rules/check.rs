//! `rules check`: every error and warning in a rule directory, not just
//! the first. Static: it reads the rule files and never runs the extractor.
//!
//! Nothing here prints; the CLI renders what these functions return.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use regex_syntax::hir::{Hir, HirKind, Look};
use thiserror::Error as ThisError;

use crate::error::{Error, Position};
use super::load::{ACTORS_FILE, RuleSet, SPEECH_FILE, STANCES_FILE, TOPICS_FILE, read_text};

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
        for p in &t.not {
            patterns.push((TOPICS_FILE, &t.id, "not", p));
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
