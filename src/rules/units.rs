//! A rule set cut into units with their own hashes, and what a change of
//! units can touch: re-ingesting with edited rules re-extracts only the
//! articles where a changed rule could act.
//!
//! A bounded unit (a speech cue, a topic, a stance cue, a negation) acts on
//! an article only through matches of its patterns in the article's text:
//! every other part of the extractor sees the rule only as matches found
//! by the pattern bank. So if none of a unit's patterns, old or new, can
//! match anywhere in an article, the article's extraction is the same under
//! both versions. Everything else (the lexicon, the actors, the extractor's
//! version, a change in the relative order of rules of one kind, which
//! breaks ties) is one `global` unit: when it changes, everything is
//! re-extracted.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
use serde::Serialize;

use crate::model::RuleUnit;

use super::load::{LEXICON_FILE, RuleSet};
use super::schema::term_pattern;

/// The unit name of everything that is not a bounded rule.
pub const GLOBAL_UNIT: &str = "global";

fn hash_of<T: Serialize>(parts: &[&T]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for p in parts {
        // serde_json cannot fail on these plain structs; an error would
        // only make the hash differ, which re-extracts (the safe side).
        h.update(serde_json::to_vec(p).unwrap_or_default());
        h.update([0u8]);
    }
    hex::encode(h.finalize())[..16].to_string()
}

/// The units of `set`, in rule order: the global unit, then every speech
/// cue, topic, stance cue and negation. Examples are left out of every
/// hash, and comments and layout never reach the parsed rules.
pub fn rule_units(set: &RuleSet) -> Vec<RuleUnit> {
    let mut actors = set.actors.actors.clone();
    actors.iter_mut().for_each(|a| a.examples.clear());
    // Which lexicon applies: the files' lists, or the bundled one when no
    // folder has a lexicon (its text is in the binary, so the version says it).
    let has_lexicon = set.files.iter().any(|f| f.ends_with(LEXICON_FILE));
    let global = hash_of(&[&(env!("CARGO_PKG_VERSION"), has_lexicon, &set.lexicon, &actors)]);
    let mut out = vec![RuleUnit { unit: GLOBAL_UNIT.into(), hash: global, triggers: Vec::new() }];
    for c in &set.speech.cues {
        let mut c = c.clone();
        c.examples.clear();
        out.push(RuleUnit { unit: format!("cue/{}", c.id), hash: hash_of(&[&c]), triggers: vec![c.pattern.clone()] });
    }
    for t in &set.topics.topics {
        let mut t = t.clone();
        t.examples.clear();
        let triggers = t.terms.iter().map(|term| term_pattern(term)).chain(t.patterns.iter().cloned()).collect();
        out.push(RuleUnit { unit: format!("topic/{}", t.id), hash: hash_of(&[&t]), triggers });
    }
    for s in &set.stances.stances {
        let mut s = s.clone();
        s.examples.clear();
        out.push(RuleUnit { unit: format!("stance/{}", s.id), hash: hash_of(&[&s]), triggers: vec![s.pattern.clone()] });
    }
    for n in &set.stances.negations {
        let mut n = n.clone();
        n.examples.clear();
        out.push(RuleUnit { unit: format!("negation/{}", n.id), hash: hash_of(&[&n]), triggers: vec![n.pattern.clone()] });
    }
    out
}

/// What a change from one rule set's units to another's can touch.
#[derive(Debug)]
pub enum Touched {
    /// Every article (a global unit changed, the order of rules changed,
    /// or a changed rule's patterns cannot be tested).
    All,
    /// Only articles that cite one of `ids` or where `matcher` matches.
    Some(UnitChange),
}

/// The bounded units that differ between two rule sets.
#[derive(Debug)]
pub struct UnitChange {
    /// Ids (without their kind) of the rules added, removed or changed.
    pub ids: HashSet<String>,
    /// Matches an article's text wherever one of those rules, in either
    /// version, could match; `None` when no rule changed at all.
    pub matcher: Option<Regex>,
}

impl UnitChange {
    /// Whether a change of these units could act on an article with this text.
    pub fn may_touch(&self, text: &str) -> bool {
        self.matcher.as_ref().is_some_and(|m| m.is_match(text))
    }
}

/// What changing rules from units `old` to `new` can touch.
pub fn diff(old: &[RuleUnit], new: &[RuleUnit]) -> Touched {
    let global = |units: &[RuleUnit]| units.iter().find(|u| u.unit == GLOBAL_UNIT).map(|u| u.hash.clone());
    if global(old).is_none() || global(old) != global(new) {
        return Touched::All;
    }
    let old_by: HashMap<&str, &RuleUnit> = old.iter().map(|u| (u.unit.as_str(), u)).collect();
    let new_by: HashMap<&str, &RuleUnit> = new.iter().map(|u| (u.unit.as_str(), u)).collect();
    // Rules of one kind break ties by their order: the rules both sets
    // have must stand in the same order.
    let common = |units: &[RuleUnit], other: &HashMap<&str, &RuleUnit>| -> Vec<String> {
        units.iter().filter(|u| other.contains_key(u.unit.as_str())).map(|u| u.unit.clone()).collect()
    };
    if common(old, &new_by) != common(new, &old_by) {
        return Touched::All;
    }
    let mut ids = HashSet::new();
    let mut triggers = Vec::new();
    for (units, other) in [(old, &new_by), (new, &old_by)] {
        for u in units {
            if other.get(u.unit.as_str()).is_some_and(|o| o.hash == u.hash) {
                continue;
            }
            let Some((_, id)) = u.unit.split_once('/') else { return Touched::All };
            ids.insert(id.to_string());
            triggers.extend(u.triggers.iter().map(String::as_str));
        }
    }
    if ids.is_empty() {
        return Touched::Some(UnitChange { ids, matcher: None });
    }
    match necessary_matcher(&triggers) {
        Some(m) => Touched::Some(UnitChange { ids, matcher: Some(m) }),
        None => Touched::All,
    }
}

/// One regex that matches a text wherever any of `patterns`, compiled as
/// the extractor compiles them, could match in the text or in any slice of
/// it: the patterns with their look-arounds (word boundaries, anchors)
/// dropped, since the extractor also runs rule patterns on slices (a
/// sentence, a word), where a boundary may hold that does not hold in the
/// whole text. `None` when a pattern does not parse or the result is too
/// large: the caller then re-extracts everything.
pub fn necessary_matcher(patterns: &[&str]) -> Option<Regex> {
    let mut alternatives = Vec::new();
    for p in patterns {
        let hir = regex_syntax::Parser::new().parse(&format!("(?i)(?:{p})")).ok()?;
        alternatives.push(format!("(?:{})", without_looks(hir)));
    }
    regex::RegexBuilder::new(&alternatives.join("|")).size_limit(64 << 20).build().ok()
}

/// `hir` with every look-around assertion replaced by the empty match: it
/// matches every string `hir` matches, and more.
fn without_looks(hir: Hir) -> Hir {
    match hir.into_kind() {
        HirKind::Look(_) => Hir::empty(),
        HirKind::Repetition(r) => Hir::repetition(Repetition { sub: Box::new(without_looks(*r.sub)), ..r }),
        HirKind::Capture(c) => Hir::capture(Capture { sub: Box::new(without_looks(*c.sub)), ..c }),
        HirKind::Concat(v) => Hir::concat(v.into_iter().map(without_looks).collect()),
        HirKind::Alternation(v) => Hir::alternation(v.into_iter().map(without_looks).collect()),
        HirKind::Empty => Hir::empty(),
        HirKind::Literal(l) => Hir::literal(l.0),
        HirKind::Class(c) => Hir::class(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(unit: &str, hash: &str, triggers: &[&str]) -> RuleUnit {
        RuleUnit { unit: unit.into(), hash: hash.into(), triggers: triggers.iter().map(|s| s.to_string()).collect() }
    }

    #[test]
    fn the_necessary_matcher_matches_wherever_a_slice_could() {
        let m = necessary_matcher(&[r"\bcalls? for\b", r"^refus\w+"]).unwrap();
        // Inside a longer word, where a slice could start: still a match.
        assert!(m.is_match("xcalls forth"));
        assert!(m.is_match("They REFUSED it"));
        assert!(!m.is_match("she said no"));
    }

    #[test]
    fn diffs_say_what_changed_and_fall_back_to_all() {
        let old = [unit("global", "g", &[]), unit("stance/a", "1", &["wants"]), unit("stance/b", "2", &["rejects"])];
        let same = diff(&old, &old);
        assert!(matches!(&same, Touched::Some(c) if c.ids.is_empty() && !c.may_touch("wants")));
        let edited = [unit("global", "g", &[]), unit("stance/a", "1", &["wants"]), unit("stance/b", "3", &["refuses"])];
        let Touched::Some(c) = diff(&old, &edited) else { panic!("bounded") };
        assert_eq!(c.ids, HashSet::from(["b".to_string()]));
        // The old pattern and the new one both count.
        assert!(c.may_touch("Jo rejects it") && c.may_touch("Jo refuses it") && !c.may_touch("Jo wants it"));
        let global = [unit("global", "h", &[]), unit("stance/a", "1", &["wants"]), unit("stance/b", "2", &["rejects"])];
        assert!(matches!(diff(&old, &global), Touched::All));
        let swapped = [unit("global", "g", &[]), unit("stance/b", "2", &["rejects"]), unit("stance/a", "1", &["wants"])];
        assert!(matches!(diff(&old, &swapped), Touched::All));
        assert!(matches!(diff(&[], &old), Touched::All), "unknown old units");
    }
}
