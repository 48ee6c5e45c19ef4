//! `rules test`: runs the examples rule files carry and checks each
//! expectation against what the example's rule produced.
//!
//! Nothing here prints; the CLI renders what these functions return.

use std::path::Path;

use crate::eval::explain::mentioned_actors;
use crate::model::{Article, Extraction, fold_text};
use crate::rules::{ACTORS_FILE, CompiledRules, Expect, RuleExample, RuleSet, SPEECH_FILE, STANCES_FILE, TOPICS_FILE};
use crate::source::{self};

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
pub fn example_article(text: &str, rules: &CompiledRules) -> Article {
    source::parse_article(Path::new("<example>"), text, &rules.read_options(None, None))
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
    let article = example_article(&case.example.text, rules);
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
        Expect::NoStance {
            actor,
            stance,
            topic,
        } => {
            let found = ex
                .stances
                .iter()
                .find(|s| s.actor == *actor && s.stance == *stance && s.topic == *topic);
            match found {
                None => Outcome::Pass,
                Some(s) => fail(
                    format!("no stance {actor} {} {topic}", stance.as_str()),
                    format!("extracted by rule `{}`", s.evidence.rule),
                ),
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
