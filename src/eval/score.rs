//! Scoring extraction against a gold annotation file, exactly as
//! `../shared/gold/GUIDELINES.md` §5 defines it.
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
use std::path::Path;

use rayon::prelude::*;

use crate::error::Result;
use crate::eval::gold::{Gold, GoldQuote, GoldStance};
use crate::eval::matching::{AliasTable, assign};
use crate::eval::report::{EvalError, EvalReport, ErrorKind, Family, Prf, QuoteScore, QuoteScores, RuleScore, ratio};
use crate::extract::extract;
use crate::source::read_article;
use crate::model::{Extraction, FoundStance, FoundStatement, QuoteKind, StanceKind};
use crate::rules::CompiledRules;

// ---------------------------------------------------------------------------
// Predictions

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
            let e = rules.entry((Family::Statement, s.evidence.rule.to_string())).or_default();
            e.0 += 1;
            let quote_error = |kind: ErrorKind, gold_speaker: Option<&str>| EvalError {
                article: ga.file.clone(),
                kind,
                item: s.kind.as_str().to_string(),
                predicted_speaker: Some(s.speaker.clone()),
                gold_speaker: gold_speaker.map(str::to_string),
                text: s.text.clone(),
                rule: Some(s.evidence.rule.to_string()),
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
            stance_rule.insert((s.evidence.rule.to_string(), key.clone()));
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
                rule: Some(s.evidence.rule.to_string()),
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
    Ok(score(gold, &predict(gold, corpus, rules)?))
}

/// Reads every gold article from `corpus` and extracts it, in parallel.
pub(crate) fn predict(gold: &Gold, corpus: &Path, rules: &CompiledRules) -> Result<Vec<ArticlePrediction>> {
    gold
        .articles
        .par_iter()
        .map(|ga| {
            let article = read_article(&corpus.join(&ga.file), &rules.read_options(None, None))?;
            let x = extract(&article, rules);
            Ok(ArticlePrediction::from_extraction(&ga.file, &article.text, x))
        })
        .collect::<Result<Vec<_>>>()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::eval::gold::{GoldActor, GoldArticle};
    use crate::model::{ActorKind, Evidence, Span};

    pub(crate) fn ev(rule: &str) -> Evidence {
        Evidence {
            article: "art".into(),
            span: Span::new(0, 0),
            sentence: Span::new(0, 0),
            sentence_text: "sentence".into(),
            cue: "said".into(),
            rule: rule.into(),
            date: None,
            resolution: String::new().into(),
        }
    }

    pub(crate) fn st(speaker: &str, kind: QuoteKind, text: &str, rule: &str) -> FoundStatement {
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
}
