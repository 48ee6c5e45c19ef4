//! Scoring extraction against a gold annotation file, exactly as
//! `../shared/gold/GUIDELINES.md` §5 defines it, and comparing two rule
//! directories over a corpus.
//!
//! Definitions (the numbers `eval` prints depend on them):
//!
//! * **Text match.** Both texts are folded with [`fold_text`] and split into
//!   words. Their overlap is the *multiset* intersection (a word counts as
//!   many times as it occurs in both), so "no, no, no" does not match a
//!   single "no" three times over. A predicted and a gold quote match when
//!   `2 × overlap ≥ words in the longer text` (exactly half matches) and the
//!   overlap is not empty.
//! * **Assignment.** Within one article, every candidate pair is ranked by
//!   overlap ratio (overlap / longer length), then raw overlap, then whether
//!   the speaker is right (so a tie never costs an attribution), then
//!   position; pairs are taken best first while both sides are free. Each
//!   gold quote and each prediction is used at most once. First-come
//!   assignment would let an early, sloppy prediction steal the gold quote a
//!   later exact prediction should have.
//! * **Speaker.** Names are compared folded. A predicted speaker is right when
//!   it equals the gold speaker, or when some gold actor entry lists both
//!   names (as its name or among its aliases).
//! * **Rows.** `direct` scores direct predictions against direct gold,
//!   `indirect` likewise, `all` everything against everything (kind ignored).
//!   Detection P/R/F1 count matched pairs; attribution accuracy is correct
//!   speakers over matched pairs; end-to-end P/R/F1 count pairs that are
//!   matched *and* correctly attributed.
//! * **Stances.** Sets of (article, actor, stance, topic) tuples, the actor
//!   mapped to its canonical gold name through the alias table; duplicate
//!   predictions of one tuple count once.
//! * **Per rule.** For each rule id (`Evidence::rule`): `predicted` is the
//!   number of statements (or distinct stance tuples) the rule produced,
//!   `correct` those that are end-to-end right in the `all` assignment (for
//!   stances: in the gold set), precision = correct / predicted, recall =
//!   correct / all gold items of that family (quotes or stances), i.e. the
//!   share of the gold the rule recovered on its own. Recalls of rules that
//!   produce the same item can add up to more than the overall recall.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Position, Result};
use crate::extract::extract;
use crate::source::{ReadOptions, read_article};
use crate::model::{ActorKind, Extraction, FoundStance, FoundStatement, QuoteKind, StanceKind, fold_text};
use crate::rules::CompiledRules;

// ---------------------------------------------------------------------------
// Gold file format

/// A gold annotation file (GUIDELINES "File format").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gold {
    pub corpus: String,
    #[serde(default)]
    pub topics: Vec<GoldTopic>,
    #[serde(default)]
    pub actors: Vec<GoldActor>,
    pub articles: Vec<GoldArticle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldTopic {
    pub id: String,
    #[serde(default)]
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldActor {
    pub name: String,
    pub kind: ActorKind,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub member_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldArticle {
    /// File name relative to the corpus folder.
    pub file: String,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub stances: Vec<GoldStance>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldQuote {
    pub speaker: String,
    pub kind: QuoteKind,
    #[serde(default)]
    pub cue: String,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldStance {
    pub actor: String,
    pub stance: StanceKind,
    pub topic: String,
    #[serde(default)]
    pub evidence: String,
}

/// Parses gold JSON; syntax errors and unknown fields point at their line and
/// column.
pub fn parse_gold(path: &Path, text: &str) -> Result<Gold> {
    serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        // serde_json appends " at line L column C"; we carry those separately.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_string(),
            None => message,
        };
        Error::Gold {
            path: path.to_path_buf(),
            pos: Position {
                line: e.line().max(1),
                column: e.column().max(1),
            },
            message,
        }
    })
}

/// Reads and parses a gold file.
pub fn load_gold(path: &Path) -> Result<Gold> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let text = crate::source::decode_text(path, &bytes)?;
    parse_gold(path, &text)
}

// ---------------------------------------------------------------------------
// Predictions and the report

/// What the extractor produced for one gold article.
#[derive(Debug, Clone, Default)]
pub struct ArticlePrediction {
    /// The gold `file` this prediction is for.
    pub file: String,
    pub statements: Vec<FoundStatement>,
    pub stances: Vec<FoundStance>,
    /// The article text, used only to place gold items so the error listing
    /// follows the article (may be empty).
    pub text: String,
}

impl ArticlePrediction {
    pub fn from_extraction(file: &str, text: &str, x: Extraction) -> Self {
        ArticlePrediction {
            file: file.to_string(),
            statements: x.statements,
            stances: x.stances,
            text: text.to_string(),
        }
    }

    /// Byte offset of a gold text in the article, if it stands there as is.
    fn locate(&self, needle: &str) -> Option<usize> {
        if needle.is_empty() {
            None
        } else {
            self.text.find(needle)
        }
    }
}

/// Precision, recall and F1 with the counts they come from. A ratio with a
/// zero denominator is reported as 0.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub predicted: usize,
    pub gold: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    pub fn new(true_positives: usize, predicted: usize, gold: usize) -> Self {
        let precision = ratio(true_positives, predicted);
        let recall = ratio(true_positives, gold);
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf {
            true_positives,
            predicted,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Scores of one row (direct, indirect or all).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct QuoteScore {
    /// Matched quotes, speaker ignored.
    pub detection: Prf,
    /// Matched quotes whose speaker is right.
    pub attributed: usize,
    /// `attributed / detection.true_positives`.
    pub attribution_accuracy: f64,
    /// Matched and correctly attributed.
    pub end_to_end: Prf,
}

#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct QuoteScores {
    pub direct: QuoteScore,
    pub indirect: QuoteScore,
    pub all: QuoteScore,
}

/// Which family a rule's predictions belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Statement,
    Stance,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RuleScore {
    pub rule: String,
    pub family: Family,
    pub predicted: usize,
    pub correct: usize,
    pub precision: f64,
    /// Share of all gold items of the family this rule recovered.
    pub recall: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorKind {
    /// A predicted quote no gold quote matches.
    FalsePositive,
    /// A gold quote no prediction matches.
    FalseNegative,
    /// Matched, but the speaker is wrong.
    WrongSpeaker,
    /// Matched with the right speaker, but direct/indirect differ (counts as
    /// a miss and a false alarm in the per-kind rows).
    WrongKind,
    /// A predicted stance tuple not in the gold.
    StanceFalsePositive,
    /// A gold stance tuple not predicted.
    StanceFalseNegative,
}

impl ErrorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::FalsePositive => "FP",
            ErrorKind::FalseNegative => "FN",
            ErrorKind::WrongSpeaker => "SPEAKER",
            ErrorKind::WrongKind => "KIND",
            ErrorKind::StanceFalsePositive => "STANCE-FP",
            ErrorKind::StanceFalseNegative => "STANCE-FN",
        }
    }
}

/// One scoring error, for tuning rules.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalError {
    pub article: String,
    pub kind: ErrorKind,
    /// `direct`/`indirect` for quotes (the predicted kind where there is a
    /// prediction), `demands`/`rejects` for stances.
    pub item: String,
    pub predicted_speaker: Option<String>,
    pub gold_speaker: Option<String>,
    /// The quote text, or `topic` for stances (with the evidence sentence
    /// after it).
    pub text: String,
    /// The rule that made the prediction, if any.
    pub rule: Option<String>,
    /// Byte offset in the article (the prediction's span, or where the gold
    /// text stands); errors are listed in this order within an article, so
    /// a prediction with wrong boundaries sits next to the gold it missed.
    pub offset: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvalReport {
    pub corpus: String,
    pub articles: usize,
    pub quotes: QuoteScores,
    pub stances: Prf,
    pub per_rule: Vec<RuleScore>,
    pub errors: Vec<EvalError>,
}

// ---------------------------------------------------------------------------
// Names

/// The gold actor table: which entries each folded name belongs to.
pub struct AliasTable {
    canonical: Vec<String>,
    entries: HashMap<String, Vec<usize>>,
}

impl AliasTable {
    pub fn new(actors: &[GoldActor]) -> Self {
        let mut entries: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in actors.iter().enumerate() {
            for n in std::iter::once(&a.name).chain(&a.aliases) {
                let v = entries.entry(fold_text(n)).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        AliasTable {
            canonical: actors.iter().map(|a| a.name.clone()).collect(),
            entries,
        }
    }

    /// Whether two names denote the same actor.
    pub fn same(&self, predicted: &str, gold: &str) -> bool {
        let (p, g) = (fold_text(predicted), fold_text(gold));
        if p == g {
            return true;
        }
        match (self.entries.get(&p), self.entries.get(&g)) {
            (Some(a), Some(b)) => a.iter().any(|i| b.contains(i)),
            _ => false,
        }
    }

    /// The folded canonical name: an entry's own name wins over an alias that
    /// several entries share; unknown names stay as they are (folded).
    pub fn canonical(&self, name: &str) -> String {
        let f = fold_text(name);
        match self.entries.get(&f) {
            Some(ids) => {
                let own = ids.iter().find(|&&i| fold_text(&self.canonical[i]) == f);
                fold_text(&self.canonical[*own.unwrap_or(&ids[0])])
            }
            None => f,
        }
    }
}

// ---------------------------------------------------------------------------
// Text matching

/// Words shared by two folded texts, counted as a multiset.
pub fn word_overlap(a: &str, b: &str) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in a.split(' ').filter(|w| !w.is_empty()) {
        *counts.entry(w).or_default() += 1;
    }
    let mut shared = 0;
    for w in b.split(' ').filter(|w| !w.is_empty()) {
        if let Some(c) = counts.get_mut(w).filter(|c| **c > 0) {
            *c -= 1;
            shared += 1;
        }
    }
    shared
}

fn word_count(folded: &str) -> usize {
    folded.split(' ').filter(|w| !w.is_empty()).count()
}

/// Overlap and longer length when two texts match under the half rule.
fn text_match(pred: &str, gold: &str) -> Option<(usize, usize)> {
    let (p, g) = (fold_text(pred), fold_text(gold));
    let longer = word_count(&p).max(word_count(&g));
    let shared = word_overlap(&p, &g);
    (shared > 0 && 2 * shared >= longer).then_some((shared, longer))
}

/// Whether two texts match under the GUIDELINES §5 rule.
pub fn texts_match(pred: &str, gold: &str) -> bool {
    text_match(pred, gold).is_some()
}

/// A one-to-one best-first assignment: `(pred index, gold index)` pairs.
/// `right(p, g)` says whether the speaker is right, used only to break ties.
pub fn assign(preds: &[&str], golds: &[&str], right: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize)> {
    let mut cands = Vec::new();
    for (pi, p) in preds.iter().enumerate() {
        for (gi, g) in golds.iter().enumerate() {
            if let Some((shared, longer)) = text_match(p, g) {
                cands.push((shared, longer, right(pi, gi), pi, gi));
            }
        }
    }
    // shared/longer compared without floats: a/b > c/d  ⇔  a·d > c·b.
    cands.sort_by(|x, y| {
        (y.0 * x.1)
            .cmp(&(x.0 * y.1))
            .then(y.0.cmp(&x.0))
            .then(y.2.cmp(&x.2))
            .then(x.3.cmp(&y.3))
            .then(x.4.cmp(&y.4))
    });
    let mut pred_used = vec![false; preds.len()];
    let mut gold_used = vec![false; golds.len()];
    let mut out = Vec::new();
    for (_, _, _, pi, gi) in cands {
        if !pred_used[pi] && !gold_used[gi] {
            pred_used[pi] = true;
            gold_used[gi] = true;
            out.push((pi, gi));
        }
    }
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// Scoring

#[derive(Default, Clone, Copy)]
struct Counts {
    predicted: usize,
    gold: usize,
    matched: usize,
    attributed: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.predicted += o.predicted;
        self.gold += o.gold;
        self.matched += o.matched;
        self.attributed += o.attributed;
    }
    fn score(self) -> QuoteScore {
        QuoteScore {
            detection: Prf::new(self.matched, self.predicted, self.gold),
            attributed: self.attributed,
            attribution_accuracy: ratio(self.attributed, self.matched),
            end_to_end: Prf::new(self.attributed, self.predicted, self.gold),
        }
    }
}

/// Matches one article's predictions of `kind` (None: all) against its gold.
/// Returns counts and the pairs, indexed into the full lists.
fn score_quotes(
    table: &AliasTable,
    preds: &[FoundStatement],
    golds: &[GoldQuote],
    kind: Option<QuoteKind>,
) -> (Counts, Vec<(usize, usize)>) {
    let pi: Vec<usize> = (0..preds.len())
        .filter(|&i| kind.is_none_or(|k| preds[i].kind == k))
        .collect();
    let gi: Vec<usize> = (0..golds.len())
        .filter(|&i| kind.is_none_or(|k| golds[i].kind == k))
        .collect();
    let ptexts: Vec<&str> = pi.iter().map(|&i| preds[i].text.as_str()).collect();
    let gtexts: Vec<&str> = gi.iter().map(|&i| golds[i].text.as_str()).collect();
    let right = |p: usize, g: usize| table.same(&preds[pi[p]].speaker, &golds[gi[g]].speaker);
    let pairs: Vec<(usize, usize)> = assign(&ptexts, &gtexts, right)
        .into_iter()
        .map(|(p, g)| (pi[p], gi[g]))
        .collect();
    let attributed = pairs
        .iter()
        .filter(|&&(p, g)| table.same(&preds[p].speaker, &golds[g].speaker))
        .count();
    (
        Counts {
            predicted: pi.len(),
            gold: gi.len(),
            matched: pairs.len(),
            attributed,
        },
        pairs,
    )
}

type StanceKey = (String, String, StanceKind, String);

/// Scores predictions against the gold. Gold articles with no prediction
/// count as predicting nothing; predictions for files not in the gold are
/// ignored.
pub fn score(gold: &Gold, predictions: &[ArticlePrediction]) -> EvalReport {
    let table = AliasTable::new(&gold.actors);
    let by_file: HashMap<&str, &ArticlePrediction> = predictions.iter().map(|p| (p.file.as_str(), p)).collect();
    let empty = ArticlePrediction::default();

    let (mut direct, mut indirect, mut all) = (Counts::default(), Counts::default(), Counts::default());
    let mut errors = Vec::new();
    let mut gold_quotes_total = 0;
    // rule -> (family, predicted, correct)
    let mut rules: BTreeMap<(Family, String), (usize, usize)> = BTreeMap::new();
    let mut stance_pred: BTreeSet<StanceKey> = BTreeSet::new();
    let mut stance_gold: BTreeSet<StanceKey> = BTreeSet::new();
    let mut stance_rule: BTreeSet<(String, StanceKey)> = BTreeSet::new();
    let mut stance_first: BTreeMap<StanceKey, (&FoundStance, Option<usize>)> = BTreeMap::new();
    let mut gold_stance_first: BTreeMap<StanceKey, (&GoldStance, Option<usize>)> = BTreeMap::new();

    for ga in &gold.articles {
        let pred = by_file.get(ga.file.as_str()).copied().unwrap_or(&empty);
        let st = &pred.statements;
        gold_quotes_total += ga.quotes.len();
        direct.add(score_quotes(&table, st, &ga.quotes, Some(QuoteKind::Direct)).0);
        indirect.add(score_quotes(&table, st, &ga.quotes, Some(QuoteKind::Indirect)).0);
        let (c, pairs) = score_quotes(&table, st, &ga.quotes, None);
        all.add(c);

        let mut pred_pair = vec![None; st.len()];
        let mut gold_pair = vec![None; ga.quotes.len()];
        for &(p, g) in &pairs {
            pred_pair[p] = Some(g);
            gold_pair[g] = Some(p);
        }
        for (p, s) in st.iter().enumerate() {
            let e = rules.entry((Family::Statement, s.evidence.rule.clone())).or_default();
            e.0 += 1;
            let quote_error = |kind: ErrorKind, gold_speaker: Option<&str>| EvalError {
                article: ga.file.clone(),
                kind,
                item: s.kind.as_str().to_string(),
                predicted_speaker: Some(s.speaker.clone()),
                gold_speaker: gold_speaker.map(str::to_string),
                text: s.text.clone(),
                rule: Some(s.evidence.rule.clone()),
                offset: Some(s.evidence.span.start),
            };
            match pred_pair[p] {
                None => errors.push(quote_error(ErrorKind::FalsePositive, None)),
                Some(g) => {
                    let gq = &ga.quotes[g];
                    if !table.same(&s.speaker, &gq.speaker) {
                        errors.push(quote_error(ErrorKind::WrongSpeaker, Some(&gq.speaker)));
                    } else {
                        e.1 += 1;
                        if gq.kind != s.kind {
                            let mut err = quote_error(ErrorKind::WrongKind, Some(&gq.speaker));
                            err.item = format!("{}→{}", s.kind.as_str(), gq.kind.as_str());
                            errors.push(err);
                        }
                    }
                }
            }
        }
        for (g, q) in ga.quotes.iter().enumerate() {
            if gold_pair[g].is_none() {
                errors.push(EvalError {
                    article: ga.file.clone(),
                    kind: ErrorKind::FalseNegative,
                    item: q.kind.as_str().to_string(),
                    predicted_speaker: None,
                    gold_speaker: Some(q.speaker.clone()),
                    text: q.text.clone(),
                    rule: None,
                    offset: pred.locate(&q.text),
                });
            }
        }

        for s in &pred.stances {
            let key = (ga.file.clone(), table.canonical(&s.actor), s.stance, s.topic.clone());
            stance_first
                .entry(key.clone())
                .or_insert((s, Some(s.evidence.sentence.start)));
            stance_rule.insert((s.evidence.rule.clone(), key.clone()));
            stance_pred.insert(key);
        }
        for s in &ga.stances {
            let key = (ga.file.clone(), table.canonical(&s.actor), s.stance, s.topic.clone());
            gold_stance_first
                .entry(key.clone())
                .or_insert((s, pred.locate(&s.evidence)));
            stance_gold.insert(key);
        }
    }

    for (rule, key) in &stance_rule {
        let e = rules.entry((Family::Stance, rule.clone())).or_default();
        e.0 += 1;
        if stance_gold.contains(key) {
            e.1 += 1;
        }
    }
    for (key, &(s, offset)) in &stance_first {
        if !stance_gold.contains(key) {
            errors.push(EvalError {
                article: key.0.clone(),
                kind: ErrorKind::StanceFalsePositive,
                item: s.stance.as_str().to_string(),
                predicted_speaker: Some(s.actor.clone()),
                gold_speaker: None,
                text: format!("{}: {}", s.topic, s.evidence.sentence_text),
                rule: Some(s.evidence.rule.clone()),
                offset,
            });
        }
    }
    for (key, &(s, offset)) in &gold_stance_first {
        if !stance_pred.contains(key) {
            errors.push(EvalError {
                article: key.0.clone(),
                kind: ErrorKind::StanceFalseNegative,
                item: s.stance.as_str().to_string(),
                predicted_speaker: None,
                gold_speaker: Some(s.actor.clone()),
                text: format!("{}: {}", s.topic, s.evidence),
                rule: None,
                offset,
            });
        }
    }
    // Reading order: by article, quotes before stances, then by position in
    // the article (unplaced items last), then kind. The sort is stable.
    let is_stance = |e: &EvalError| matches!(e.kind, ErrorKind::StanceFalsePositive | ErrorKind::StanceFalseNegative);
    errors.sort_by(|a, b| {
        a.article
            .cmp(&b.article)
            .then(is_stance(a).cmp(&is_stance(b)))
            .then(a.offset.is_none().cmp(&b.offset.is_none()))
            .then(a.offset.cmp(&b.offset))
            .then(a.kind.cmp(&b.kind))
    });

    let stance_tp = stance_pred.intersection(&stance_gold).count();
    let per_rule = rules
        .into_iter()
        .map(|((family, rule), (predicted, correct))| {
            let gold_total = match family {
                Family::Statement => gold_quotes_total,
                Family::Stance => stance_gold.len(),
            };
            RuleScore {
                rule,
                family,
                predicted,
                correct,
                precision: ratio(correct, predicted),
                recall: ratio(correct, gold_total),
            }
        })
        .collect();

    EvalReport {
        corpus: gold.corpus.clone(),
        articles: gold.articles.len(),
        quotes: QuoteScores {
            direct: direct.score(),
            indirect: indirect.score(),
            all: all.score(),
        },
        stances: Prf::new(stance_tp, stance_pred.len(), stance_gold.len()),
        per_rule,
        errors,
    }
}

/// Reads every gold article from `corpus`, extracts it, and scores the lot.
pub fn evaluate(gold: &Gold, corpus: &Path, rules: &CompiledRules) -> Result<EvalReport> {
    let predictions = gold
        .articles
        .par_iter()
        .map(|ga| {
            let article = read_article(&corpus.join(&ga.file), &ReadOptions::default())?;
            let x = extract(&article, rules);
            Ok(ArticlePrediction::from_extraction(&ga.file, &article.text, x))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(score(gold, &predictions))
}

// ---------------------------------------------------------------------------
// Comparing two rule sets

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
                rule: s.evidence.rule.clone(),
            };
            *st.entry(item).or_insert(0) += 1;
        }
        for s in &x.stances {
            let item = DiffItem {
                article: article.clone(),
                who: s.actor.clone(),
                kind: s.stance.as_str().to_string(),
                text: s.topic.clone(),
                rule: s.evidence.rule.clone(),
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
            let a = read_article(p, &ReadOptions::default())?;
            Ok((extract(&a, old), extract(&a, new)))
        })
        .collect::<Result<Vec<_>>>()?;
    let (o, n): (Vec<_>, Vec<_>) = pairs.into_iter().unzip();
    Ok(diff_extractions(&o, &n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Evidence, Span};

    fn ev(rule: &str) -> Evidence {
        Evidence {
            article: "art".into(),
            span: Span::new(0, 0),
            sentence: Span::new(0, 0),
            sentence_text: "sentence".into(),
            cue: "said".into(),
            rule: rule.into(),
            date: None,
            resolution: String::new(),
        }
    }

    fn st(speaker: &str, kind: QuoteKind, text: &str, rule: &str) -> FoundStatement {
        FoundStatement {
            speaker: speaker.into(),
            kind,
            text: text.into(),
            evidence: ev(rule),
        }
    }

    fn fs(actor: &str, stance: StanceKind, topic: &str, rule: &str) -> FoundStance {
        FoundStance {
            actor: actor.into(),
            stance,
            topic: topic.into(),
            evidence: ev(rule),
        }
    }

    fn gq(speaker: &str, kind: QuoteKind, text: &str) -> GoldQuote {
        GoldQuote {
            speaker: speaker.into(),
            kind,
            cue: "said".into(),
            text: text.into(),
        }
    }

    fn gs(actor: &str, stance: StanceKind, topic: &str) -> GoldStance {
        GoldStance {
            actor: actor.into(),
            stance,
            topic: topic.into(),
            evidence: String::new(),
        }
    }

    fn actor(name: &str, aliases: &[&str]) -> GoldActor {
        GoldActor {
            name: name.into(),
            kind: ActorKind::Person,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            member_of: None,
        }
    }

    fn gold(actors: Vec<GoldActor>, articles: Vec<GoldArticle>) -> Gold {
        Gold {
            corpus: "test".into(),
            topics: Vec::new(),
            actors,
            articles,
        }
    }

    fn article(file: &str, quotes: Vec<GoldQuote>, stances: Vec<GoldStance>) -> GoldArticle {
        GoldArticle {
            file: file.into(),
            quotes,
            stances,
        }
    }

    fn pred(file: &str, statements: Vec<FoundStatement>, stances: Vec<FoundStance>) -> ArticlePrediction {
        ArticlePrediction {
            file: file.into(),
            statements,
            stances,
            text: String::new(),
        }
    }

    use QuoteKind::{Direct, Indirect};
    use StanceKind::{Demands, Rejects};

    #[test]
    fn exactly_half_of_the_longer_text_matches() {
        // 2 of 4 words shared: exactly half.
        assert!(texts_match("We want peace now", "we WANT, no war"));
        // 2 of 5: less than half of the longer.
        assert!(!texts_match("We want peace now please", "we want no war at"));
        // The longer text decides, whichever side it is on.
        assert!(!texts_match("we want", "we want peace now please"));
        assert!(!texts_match("we want peace now please", "we want"));
        assert!(texts_match("we want", "we want peace now"));
        assert!(!texts_match("", ""));
    }

    #[test]
    fn overlap_counts_words_as_a_multiset() {
        assert_eq!(word_overlap("no no no no", "no"), 1);
        assert!(!texts_match("No, no, no, no", "no"));
        assert!(texts_match("No, no, no, no", "no no yes maybe"));
        assert_eq!(word_overlap("a b a", "a a a b"), 3);
    }

    #[test]
    fn each_gold_quote_matches_at_most_once() {
        let g = gold(
            vec![],
            vec![article(
                "a.txt",
                vec![gq("Ann", Direct, "we will never give up")],
                vec![],
            )],
        );
        let p = pred(
            "a.txt",
            vec![
                st("Ann", Direct, "we will never give up", "r1"),
                st("Ann", Direct, "We will never give up!", "r2"),
            ],
            vec![],
        );
        let r = score(&g, &[p]);
        let d = r.quotes.direct.detection;
        assert_eq!((d.true_positives, d.predicted, d.gold), (1, 2, 1));
        assert_eq!(d.precision, 0.5);
        assert_eq!(d.recall, 1.0);
        assert_eq!(
            r.errors.iter().filter(|e| e.kind == ErrorKind::FalsePositive).count(),
            1
        );
    }

    #[test]
    fn assignment_is_best_first_not_first_come() {
        // P1 matches both golds; P2 matches only G1. First-come would give
        // G1 to P1 and leave P2 unmatched.
        let preds = ["a b c d x y", "a b c d"];
        let golds = ["a b c d", "a b c d x y z w v"];
        let pairs = assign(&preds, &golds, |_, _| true);
        assert_eq!(pairs, vec![(0, 1), (1, 0)]);
    }

    #[test]
    fn ties_prefer_the_right_speaker() {
        let g = gold(
            vec![],
            vec![article(
                "a.txt",
                vec![gq("Ann", Direct, "no deal"), gq("Bob", Direct, "no deal")],
                vec![],
            )],
        );
        let p = pred("a.txt", vec![st("Bob", Direct, "no deal", "r")], vec![]);
        let r = score(&g, &[p]);
        assert_eq!(r.quotes.direct.attributed, 1);
    }

    #[test]
    fn speakers_are_matched_through_aliases() {
        let actors = vec![
            actor("Volodymyr Zelensky", &["Zelenskiy", "the Ukrainian leader"]),
            actor("Vladimir Putin", &["Putin"]),
        ];
        let g = gold(
            actors,
            vec![article(
                "a.txt",
                vec![
                    gq("Volodymyr Zelensky", Direct, "one two three"),
                    gq("Zelenskiy", Direct, "four five six"),
                    gq("Volodymyr Zelensky", Direct, "seven eight nine"),
                    gq("Volodymyr Zelensky", Indirect, "ten eleven twelve"),
                ],
                vec![],
            )],
        );
        let p = pred(
            "a.txt",
            vec![
                st("Zelenskiy", Direct, "one two three", "r"),
                st("Volodymyr Zelensky", Direct, "four five six", "r"),
                st("The Ukrainian leader", Direct, "seven eight nine", "r"),
                st("Putin", Indirect, "ten eleven twelve", "r"),
            ],
            vec![],
        );
        let r = score(&g, &[p]);
        assert_eq!(r.quotes.direct.attributed, 3);
        assert_eq!(r.quotes.direct.attribution_accuracy, 1.0);
        assert_eq!(r.quotes.indirect.detection.true_positives, 1);
        assert_eq!(r.quotes.indirect.attribution_accuracy, 0.0);
        assert_eq!(r.quotes.indirect.end_to_end.f1, 0.0);
        assert_eq!(r.quotes.all.attributed, 3);
        assert_eq!(r.quotes.all.end_to_end.precision, 0.75);
        let wrong: Vec<_> = r.errors.iter().filter(|e| e.kind == ErrorKind::WrongSpeaker).collect();
        assert_eq!(wrong.len(), 1);
        assert_eq!(wrong[0].predicted_speaker.as_deref(), Some("Putin"));
        assert_eq!(wrong[0].gold_speaker.as_deref(), Some("Volodymyr Zelensky"));
    }

    #[test]
    fn unknown_names_must_match_exactly() {
        let t = AliasTable::new(&[actor("Ann Lee", &["Lee"])]);
        assert!(t.same("ann lee", "Ann Lee"));
        assert!(t.same("Lee", "Ann Lee"));
        assert!(!t.same("Ann", "Ann Lee"));
        assert!(t.same("Carl Moe", "carl moe"));
        assert!(!t.same("Carl Moe", "Ann Lee"));
    }

    #[test]
    fn kinds_are_scored_separately_and_together() {
        let g = gold(
            vec![],
            vec![article(
                "a.txt",
                vec![gq("Ann", Indirect, "the talks had failed")],
                vec![],
            )],
        );
        let p = pred("a.txt", vec![st("Ann", Direct, "the talks had failed", "r")], vec![]);
        let r = score(&g, &[p]);
        assert_eq!(r.quotes.direct.detection, Prf::new(0, 1, 0));
        assert_eq!(r.quotes.indirect.detection, Prf::new(0, 0, 1));
        assert_eq!(r.quotes.all.end_to_end, Prf::new(1, 1, 1));
        assert!(r.errors.iter().any(|e| e.kind == ErrorKind::WrongKind));
    }

    #[test]
    fn quotes_match_only_within_their_article() {
        let g = gold(
            vec![],
            vec![
                article("a.txt", vec![gq("Ann", Direct, "same words here")], vec![]),
                article("b.txt", vec![], vec![]),
            ],
        );
        let p = pred("b.txt", vec![st("Ann", Direct, "same words here", "r")], vec![]);
        let r = score(&g, &[p]);
        assert_eq!(r.quotes.all.detection, Prf::new(0, 1, 1));
    }

    #[test]
    fn stance_tuples_use_canonical_actors() {
        let actors = vec![actor("Russia", &["the Kremlin", "Moscow"])];
        let g = gold(
            actors,
            vec![
                article(
                    "a.txt",
                    vec![],
                    vec![gs("Russia", Rejects, "ceasefire"), gs("Russia", Demands, "talks")],
                ),
                article("b.txt", vec![], vec![gs("Russia", Rejects, "ceasefire")]),
            ],
        );
        let p = vec![
            pred(
                "a.txt",
                vec![],
                vec![
                    fs("the Kremlin", Rejects, "ceasefire", "s1"),
                    // The same tuple again: counts once.
                    fs("Moscow", Rejects, "ceasefire", "s2"),
                    // Wrong stance on the right topic.
                    fs("Russia", Rejects, "talks", "s1"),
                ],
            ),
            // Right tuple, wrong article for it is not needed: b's gold is missed.
            pred("b.txt", vec![], vec![]),
        ];
        let r = score(&g, &p);
        assert_eq!(r.stances, Prf::new(1, 2, 3));
        assert_eq!(
            r.errors
                .iter()
                .filter(|e| e.kind == ErrorKind::StanceFalsePositive)
                .count(),
            1
        );
        assert_eq!(
            r.errors
                .iter()
                .filter(|e| e.kind == ErrorKind::StanceFalseNegative)
                .count(),
            2
        );
        let s1 = r
            .per_rule
            .iter()
            .find(|s| s.rule == "s1")
            .map(|s| (s.predicted, s.correct));
        assert_eq!(s1, Some((2, 1)));
    }

    #[test]
    fn per_rule_counts_end_to_end_correct_predictions() {
        let g = gold(
            vec![],
            vec![article(
                "a.txt",
                vec![
                    gq("Ann", Direct, "alpha beta gamma"),
                    gq("Bob", Indirect, "delta epsilon zeta"),
                ],
                vec![],
            )],
        );
        let p = pred(
            "a.txt",
            vec![
                st("Ann", Direct, "alpha beta gamma", "said"),
                st("Ann", Indirect, "delta epsilon zeta", "said"),
                st("Bob", Direct, "unrelated words entirely", "told"),
            ],
            vec![],
        );
        let r = score(&g, &[p]);
        let said = r.per_rule.iter().find(|s| s.rule == "said").cloned();
        let said = said.map(|s| (s.predicted, s.correct, s.precision, s.recall));
        assert_eq!(said, Some((2, 1, 0.5, 0.5)));
        let told = r
            .per_rule
            .iter()
            .find(|s| s.rule == "told")
            .map(|s| (s.predicted, s.correct));
        assert_eq!(told, Some((1, 0)));
    }

    #[test]
    fn errors_follow_the_article_so_near_misses_sit_together() {
        let text = "Ann said the war is over for good. Bob said peace is close.";
        let g = gold(
            vec![],
            vec![article(
                "a.txt",
                vec![
                    gq("Bob", Indirect, "peace is close"),
                    gq("Ann", Indirect, "the war is over for good"),
                ],
                vec![],
            )],
        );
        let mut wrong = st("Ann", Indirect, "the war", "r");
        wrong.evidence.span = Span::new(9, 16);
        let mut p = pred("a.txt", vec![wrong], vec![]);
        p.text = text.into();
        let r = score(&g, &[p]);
        let order: Vec<(ErrorKind, Option<usize>)> = r.errors.iter().map(|e| (e.kind, e.offset)).collect();
        assert_eq!(
            order,
            vec![
                (ErrorKind::FalsePositive, Some(9)),
                (ErrorKind::FalseNegative, Some(9)),
                (ErrorKind::FalseNegative, Some(44)),
            ]
        );
    }

    #[test]
    fn f1_is_the_harmonic_mean() {
        let p = Prf::new(2, 4, 2);
        assert_eq!((p.precision, p.recall), (0.5, 1.0));
        assert!((p.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!(Prf::new(0, 0, 0).f1, 0.0);
    }

    #[test]
    fn malformed_gold_points_at_line_and_column() {
        let text = "{\n  \"corpus\": \"x\",\n  \"articles\": [ {\"file\": \"a.txt\", \"quotes\": [ {\"speaker\": \"A\" \"kind\": \"direct\"} ] } ]\n}";
        let err = parse_gold(Path::new("g.json"), text).unwrap_err();
        match err {
            Error::Gold { path, pos, message } => {
                assert_eq!(path, Path::new("g.json"));
                assert_eq!(pos.line, 3);
                assert_eq!(pos.column, 63);
                assert!(message.contains("expected"), "{message}");
                assert!(!message.contains("at line"), "{message}");
            }
            other => panic!("wrong error: {other:?}"),
        }
        let typo = r#"{"corpus": "x", "articles": [{"file": "a", "quotes": [{"speaker": "A", "kind": "direct", "txt": "t"}]}]}"#;
        assert!(matches!(parse_gold(Path::new("g.json"), typo), Err(Error::Gold { .. })));
    }

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
