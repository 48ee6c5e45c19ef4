//! Re-ingesting with edited rules: which articles a change of rule units
//! can touch (they are extracted again), and which keep their extraction
//! and are only relabelled with the new rules' hash. The graph afterwards
//! is the graph an ingest from scratch with the new rules gives.
//!
//! Soundness rests on three facts. A bounded unit acts on an article only
//! through matches of its patterns (see [`crate::rules::units`]): an article
//! where no changed unit's pattern, old or new, matches, nor whose evidence
//! cites one, extracts the same under both rule sets. Everything else in
//! the graph that depends on more than one article is settled again from
//! the evidence: a statement's text is the least of its occurrences' (see
//! `merge::drop_evidence_of`), and a discovered speaker's row is the
//! preferred one of the articles discovering it, which needs the articles
//! re-extracted to cover every article that could discover a name whose
//! row may change; a discovered name occurs in the article's text, so
//! [`Plan::second_round`] extracts those too.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;

use crate::model::{Article, GraphData};
use crate::rules::{Touched, diff_units};
use super::merge::ArticleStatus;
use super::snapshot::RuleSnapshot;

/// What an ingest does with each of its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Stored and extracted with these rules: nothing.
    Skip,
    /// New, changed, or touched by a rule change: extract.
    Extract,
    /// Extracted with other rules none of whose changes can touch it:
    /// keep its extraction under the new rules' hash.
    Relabel,
}

/// The actions of one ingest.
#[derive(Debug, Default)]
pub struct Plan {
    pub actions: Vec<Action>,
    /// Articles whose stored rules differ from the ingest's.
    pub rules_changed: usize,
    /// Whether any article is relabelled (then the merge must settle
    /// discovered names as [`super::merge::Merge::keep_rows_except`] says).
    pub relabels: bool,
    /// Discovered names whose every possible article is extracted.
    pub complete: HashSet<String>,
    /// Discovered names of the graph an article extracted again could
    /// have discovered.
    pub suspects: HashSet<String>,
}

impl Plan {
    /// Decides for each article (with its `status` against `graph`) what to
    /// do under `rules`.
    pub fn new(graph: &GraphData, articles: &[Article], statuses: &[ArticleStatus], rules: &RuleSnapshot) -> Plan {
        let mut actions: Vec<Action> = statuses.iter().map(|s| if *s == ArticleStatus::Unchanged { Action::Skip } else { Action::Extract }).collect();
        // Articles changed by their rules alone, grouped by the old rules.
        let stored: HashMap<&str, &crate::model::ArticleMeta> = graph.articles.iter().map(|a| (a.id.as_str(), a)).collect();
        let mut by_rules: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut rules_changed = 0;
        for (i, a) in articles.iter().enumerate() {
            let Some(old_rules) = graph.article_rules.get(&a.meta.id) else { continue };
            if *old_rules == rules.hash {
                continue;
            }
            rules_changed += 1;
            if statuses[i] == ArticleStatus::Changed && stored.get(a.meta.id.as_str()).is_some_and(|m| same_meta(m, &a.meta)) {
                by_rules.entry(old_rules.as_str()).or_default().push(i);
            }
        }
        let mut cite_check: HashMap<&str, &HashSet<String>> = HashMap::new();
        let mut changes = Vec::new();
        for (old_rules, members) in &by_rules {
            let Some(old_units) = graph.rule_units.get(*old_rules) else { continue };
            let Touched::Some(change) = diff_units(old_units, &rules.units) else { continue };
            changes.push((members, change));
        }
        for (members, change) in &changes {
            for &i in members.iter() {
                if !change.may_touch(&articles[i].text) {
                    actions[i] = Action::Relabel;
                    cite_check.insert(articles[i].meta.id.as_str(), &change.ids);
                }
            }
        }
        // Evidence that cites a changed rule (its id in the `+`-joined
        // rule, or a stance's topic) is extracted again even where the
        // pattern test missed it.
        let cites = cited_changes(graph, &cite_check);
        for (i, a) in articles.iter().enumerate() {
            if actions[i] == Action::Relabel && cites.contains(a.meta.id.as_str()) {
                actions[i] = Action::Extract;
            }
        }
        let relabels = actions.contains(&Action::Relabel);
        let mut plan = Plan { actions, rules_changed, relabels, ..Plan::default() };
        if relabels {
            plan.names_complete(graph, articles, statuses);
        }
        plan
    }

    /// Old discovered names whose row may come from an article extracted
    /// again (its text holds the name): the suspects
    /// [`super::merge::Merge::names_to_settle`] checks after the first round.
    fn names_complete(&mut self, graph: &GraphData, articles: &[Article], statuses: &[ArticleStatus]) {
        let names: Vec<&str> = graph.actors.iter().filter(|a| a.rule == "discovered").map(|a| a.name.as_str()).collect();
        let keys = NameKeys::new(&names);
        for (i, a) in articles.iter().enumerate() {
            if self.actions[i] == Action::Extract && statuses[i] == ArticleStatus::Changed {
                self.suspects.extend(keys.found_in(&a.text).into_iter().map(|n| names[n].to_string()));
            }
        }
    }

    /// Marks for extraction every article not already extracted whose
    /// text could hold one of `names`; returns their indices.
    fn pull_in(&mut self, articles: &[Article], names: &HashSet<String>) -> Vec<usize> {
        if names.is_empty() {
            return Vec::new();
        }
        let list: Vec<&str> = names.iter().map(String::as_str).collect();
        let keys = NameKeys::new(&list);
        let mut out = Vec::new();
        for (i, a) in articles.iter().enumerate() {
            if self.actions[i] != Action::Extract && !a.text.is_empty() && !keys.found_in(&a.text).is_empty() {
                self.actions[i] = Action::Extract;
                out.push(i);
            }
        }
        out
    }

    /// After the first round: the names whose row the first round cannot
    /// settle (see [`super::merge::Merge::names_to_settle`]) may be
    /// discovered by articles kept as they were; every article whose text
    /// could hold one is extracted in a second round. Returns their
    /// indices, and adds the names to [`Plan::complete`].
    pub fn second_round(&mut self, names: HashSet<String>, articles: &[Article]) -> Vec<usize> {
        let more = self.pull_in(articles, &names);
        self.complete.extend(names);
        more
    }
}

/// Whether two readings of an article have the same metadata (the path
/// aside, as [`GraphData::article_statuses`] compares them).
fn same_meta(a: &crate::model::ArticleMeta, b: &crate::model::ArticleMeta) -> bool {
    a.title == b.title && a.date == b.date && a.source == b.source && a.hash == b.hash && a.len == b.len
}

/// The articles among `check`'s whose stored evidence cites one of its
/// changed rule ids.
fn cited_changes<'g>(graph: &'g GraphData, check: &HashMap<&str, &HashSet<String>>) -> HashSet<&'g str> {
    let mut out = HashSet::new();
    if check.is_empty() {
        return out;
    }
    let cites = |ids: &HashSet<String>, rule: &str| ids.contains(rule) || rule.split('+').any(|r| ids.contains(r.trim()));
    for s in &graph.statements {
        for e in &s.evidence {
            if let Some(ids) = check.get(e.article.as_str())
                && cites(ids, &e.rule)
            {
                out.insert(e.article.as_str());
            }
        }
    }
    for s in &graph.stances {
        for e in &s.evidence {
            if let Some(ids) = check.get(e.article.as_str())
                && (ids.contains(&s.topic) || cites(ids, &e.rule))
            {
                out.insert(e.article.as_str());
            }
        }
    }
    out
}

/// Finds which of a list of names could occur in a text: each name by its
/// longest run of ASCII letters and digits, case-insensitively (a name
/// the extractor discovered is cut from the text, whatever it normalised
/// around it); a name without such a run could be anywhere.
struct NameKeys {
    automaton: Option<AhoCorasick>,
    /// The name each key stands for.
    owners: Vec<usize>,
    everywhere: Vec<usize>,
}

impl NameKeys {
    fn new(names: &[&str]) -> NameKeys {
        let mut keys = Vec::new();
        let mut owners = Vec::new();
        let mut everywhere = Vec::new();
        for (i, n) in names.iter().enumerate() {
            let key = n.split(|c: char| !c.is_ascii_alphanumeric()).max_by_key(|w| w.len()).unwrap_or("");
            if key.is_empty() {
                everywhere.push(i);
            } else {
                keys.push(key.to_string());
                owners.push(i);
            }
        }
        let automaton = AhoCorasick::builder().ascii_case_insensitive(true).build(&keys).ok();
        if automaton.is_none() {
            everywhere.append(&mut owners);
        }
        NameKeys { automaton, owners, everywhere }
    }

    /// The indices of the names that could occur in `text`.
    fn found_in(&self, text: &str) -> Vec<usize> {
        let mut out = self.everywhere.clone();
        if let Some(ac) = &self.automaton {
            out.extend(ac.find_overlapping_iter(text).map(|m| self.owners[m.pattern().as_usize()]));
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_found_by_their_longest_ascii_run() {
        let keys = NameKeys::new(&["Jane Doe-Smithers", "Jürgen Müller", "Анна"]);
        // "Smithers" in capitals, "ller" inside "MÜLLER", and a name with
        // no ASCII run anywhere.
        assert_eq!(keys.found_in("SMITHERS spoke"), vec![0, 2]);
        assert_eq!(keys.found_in("Herr MÜLLER sprach"), vec![1, 2]);
        assert_eq!(keys.found_in("nobody"), vec![2]);
    }
}
