//! Comparing what two rule sets extract from one corpus: the statements
//! and stances one finds and the other does not.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::error::Result;
use crate::extract::extract;
use crate::model::Extraction;
use crate::rules::CompiledRules;
use crate::source::read_article;

/// One statement or stance that one rule set finds and the other does not.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DiffItem {
    /// Article file name.
    pub article: String,
    /// Speaker or actor.
    pub who: String,
    /// `direct`/`indirect` for statements, `demands`/`rejects` for stances.
    pub kind: String,
    /// Quote text, or the topic id for stances.
    pub text: String,
    pub rule: String,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct RuleDiff {
    pub articles: usize,
    pub statements_added: Vec<DiffItem>,
    pub statements_removed: Vec<DiffItem>,
    pub stances_added: Vec<DiffItem>,
    pub stances_removed: Vec<DiffItem>,
}

impl RuleDiff {
    pub fn is_empty(&self) -> bool {
        self.statements_added.is_empty()
            && self.statements_removed.is_empty()
            && self.stances_added.is_empty()
            && self.stances_removed.is_empty()
    }
}

fn article_name(x: &Extraction) -> String {
    Path::new(&x.article.path)
        .file_name()
        .map_or_else(|| x.article.path.clone(), |n| n.to_string_lossy().into_owned())
}

/// Items keyed without their rule: a statement whose rule changed but whose
/// speaker, kind and text did not is not a difference.
fn diff_items(xs: &[Extraction]) -> (BTreeMap<DiffItem, usize>, BTreeMap<DiffItem, usize>) {
    let mut st = BTreeMap::new();
    let mut sn = BTreeMap::new();
    for x in xs {
        let article = article_name(x);
        for s in &x.statements {
            let item = DiffItem {
                article: article.clone(),
                who: s.speaker.clone(),
                kind: s.kind.as_str().to_string(),
                text: s.text.clone(),
                rule: s.evidence.rule.to_string(),
            };
            *st.entry(item).or_insert(0) += 1;
        }
        for s in &x.stances {
            let item = DiffItem {
                article: article.clone(),
                who: s.actor.clone(),
                kind: s.stance.as_str().to_string(),
                text: s.topic.clone(),
                rule: s.evidence.rule.to_string(),
            };
            *sn.entry(item).or_insert(0) += 1;
        }
    }
    (st, sn)
}

/// Multiset difference of `a` minus `b`, ignoring the rule when comparing.
fn minus(a: &BTreeMap<DiffItem, usize>, b: &BTreeMap<DiffItem, usize>) -> Vec<DiffItem> {
    let strip = |d: &DiffItem| (d.article.clone(), d.who.clone(), d.kind.clone(), d.text.clone());
    let mut other: HashMap<_, usize> = HashMap::new();
    for (d, n) in b {
        *other.entry(strip(d)).or_default() += n;
    }
    let mut out = Vec::new();
    for (d, n) in a {
        let left = other.entry(strip(d)).or_default();
        let take = (*left).min(*n);
        *left -= take;
        out.extend(std::iter::repeat_n(d.clone(), n - take));
    }
    out
}

/// Compares what two rule sets extract from the same articles.
pub fn diff_extractions(old: &[Extraction], new: &[Extraction]) -> RuleDiff {
    let (os, on) = diff_items(old);
    let (ns, nn) = diff_items(new);
    RuleDiff {
        articles: old.len().max(new.len()),
        statements_added: minus(&ns, &os),
        statements_removed: minus(&os, &ns),
        stances_added: minus(&nn, &on),
        stances_removed: minus(&on, &nn),
    }
}

/// Extracts every article under `corpus` with both rule sets and compares.
pub fn diff_rules(old: &CompiledRules, new: &CompiledRules, corpus: &Path) -> Result<RuleDiff> {
    let paths: Vec<PathBuf> = crate::source::collect_article_paths(&[corpus.to_path_buf()])?;
    let pairs = paths
        .par_iter()
        .map(|p| {
            // Each rule set reads the article with its own lexicon, since
            // page-furniture lines are part of what the rules decide.
            let a = read_article(p, &old.read_options(None, None))?;
            let b = read_article(p, &new.read_options(None, None))?;
            Ok((extract(&a, old), extract(&b, new)))
        })
        .collect::<Result<Vec<_>>>()?;
    let (o, n): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
    Ok(diff_extractions(&o, &n))
}

#[cfg(test)]
mod tests {
    use super::*;
    // The statement builder of the scoring tests.
    use crate::eval::score::tests::st;
    use crate::model::{FoundStatement, QuoteKind};

    use QuoteKind::{Direct, Indirect};

    #[test]
    fn diff_ignores_rule_only_changes_and_counts_duplicates() {
        use crate::model::ArticleMeta;
        let x = |statements: Vec<FoundStatement>| Extraction {
            article: ArticleMeta {
                id: "art-1".into(),
                path: "corpus/a.txt".into(),
                title: String::new(),
                date: None,
                source: None,
                byline: None,
                hash: String::new(),
                len: 0,
            },
            statements,
            stances: vec![],
            discovered: vec![],
        };
        let old = x(vec![
            st("Ann", Direct, "one", "r1"),
            st("Ann", Direct, "two", "r1"),
            st("Ann", Direct, "two", "r1"),
        ]);
        let new = x(vec![
            st("Ann", Direct, "one", "r2"),
            st("Ann", Direct, "two", "r1"),
            st("Bob", Indirect, "three", "r3"),
        ]);
        let d = diff_extractions(&[old], &[new]);
        assert_eq!(d.statements_removed.len(), 1);
        assert_eq!(d.statements_removed[0].text, "two");
        assert_eq!(d.statements_removed[0].article, "a.txt");
        assert_eq!(d.statements_added.len(), 1);
        assert_eq!(d.statements_added[0].rule, "r3");
    }
}
