//! `rules check`, `rules test` and `explain`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use claimgraph::model::Evidence;
use claimgraph::eval::{self, Outcome};
use claimgraph::rules::{self, RuleSet};
use claimgraph::{Error, Result};

use super::ExplainArgs;

/// Every error and warning in a rule directory; exit 1 on any error.
pub fn check(dir: &Path) -> Result<ExitCode> {
    let report = rules::check(dir);
    let (errors, warnings) = (report.errors.len(), report.warnings.len());
    for e in report.errors {
        eprintln!("{:?}", miette::Report::new(e));
    }
    for w in report.warnings {
        eprintln!("{:?}", miette::Report::new(w));
    }
    println!(
        "{}: {} rules, {errors} error{}, {warnings} warning{}",
        dir.display(),
        report.rules,
        plural(errors),
        plural(warnings)
    );
    Ok(if errors > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Runs every example in the rule files, like a test runner.
pub fn test(dir: &Path) -> Result<ExitCode> {
    let set = RuleSet::load(dir)?;
    let compiled = set.compile()?;
    let (cases, bare) = eval::examples(&set);
    let (mut passed, mut failed) = (0, 0);
    let mut failures = Vec::new();
    for case in &cases {
        match eval::run_example(case, &compiled) {
            Outcome::Pass => {
                passed += 1;
                println!("test {} ... ok", case.name());
            }
            Outcome::Fail { expected, got } => {
                failed += 1;
                println!("test {} ... FAILED", case.name());
                failures.push((case, expected, got));
            }
        }
    }
    if !failures.is_empty() {
        println!("\nfailures:");
        for (case, expected, got) in &failures {
            println!("\n---- {} ----", case.name());
            println!("text:     {}", case.example.text);
            println!("expected: {expected}");
            let mut lines = got.lines();
            println!("got:      {}", lines.next().unwrap_or(""));
            for l in lines {
                println!("          {l}");
            }
        }
        println!();
    }
    if !bare.is_empty() {
        // The full list is only useful while it is short enough to act on.
        let shown = if bare.len() <= 10 {
            bare.join(", ")
        } else {
            format!("{}, ... ({} more)", bare[..10].join(", "), bare.len() - 10)
        };
        println!(
            "{} rule{} without examples: {shown}",
            bare.len(),
            plural(bare.len())
        );
    }
    println!("{passed} passed, {failed} failed");
    Ok(if failed > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

pub fn explain(a: ExplainArgs) -> Result<ExitCode> {
    match (&a.id, &a.why_not, &a.article) {
        (_, Some(text), Some(article)) => why_not(&a.rules.rules, article, text),
        (Some(id), None, _) => explain_id(&a.graph.graph, id),
        _ => Err(Error::Usage(
            "give a statement or stance id, or --why-not \"<text>\" --article <file>".into(),
        )),
    }
}

fn explain_id(graph: &Path, id: &str) -> Result<ExitCode> {
    let data = claimgraph::store::load_existing(graph)?;
    let date = |ev: &Evidence| {
        ev.date
            .map_or_else(|| "undated".to_string(), |d| d.to_string())
    };
    let article = |ev: &Evidence| {
        data.articles
            .iter()
            .find(|m| m.id == ev.article)
            .map_or_else(|| ev.article.clone(), |m| format!("{} ({})", m.id, m.path))
    };
    let print_evidence = |evidence: &[Evidence], who: &str| {
        for (i, ev) in evidence.iter().enumerate() {
            println!("\nevidence {} of {}", i + 1, evidence.len());
            println!("  article:  {}, {}", article(ev), date(ev));
            println!("  sentence: {}", eval::mark_evidence(ev));
            println!(
                "  spans:    text {}..{}, sentence {}..{}",
                ev.span.start, ev.span.end, ev.sentence.start, ev.sentence.end
            );
            if !ev.cue.is_empty() {
                println!("  cue:      `{}`", ev.cue);
            }
            println!("  rule:     {}", ev.rule);
            println!("  {who:<9} {}", ev.resolution);
        }
    };
    if let Some(s) = data.statements.iter().find(|s| s.id == id) {
        println!("statement {}: {} ({})", s.id, s.speaker, s.kind.as_str());
        println!("  \"{}\"", s.text);
        print_evidence(&s.evidence, "speaker:");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(s) = data.stances.iter().find(|s| s.id == id) {
        println!(
            "stance {}: {} {} {}",
            s.id,
            s.actor,
            s.stance.as_str(),
            s.topic
        );
        print_evidence(&s.evidence, "actor:");
        return Ok(ExitCode::SUCCESS);
    }
    Err(Error::Usage(format!(
        "no statement or stance with id `{id}` in {} (ids appear in query output and in `export`)",
        graph.display()
    )))
}

fn why_not(rules: &[PathBuf], article: &Path, text: &str) -> Result<ExitCode> {
    let compiled = RuleSet::load_all_compiled(rules)?.1;
    let art =
        claimgraph::source::read_article(article, &compiled.read_options(None, None))?;
    let report = eval::why_not(&art, text, &compiled)?;
    println!(
        "{}: found at {}..{}",
        report.article, report.found.start, report.found.end
    );
    for s in &report.sentences {
        println!("\nsentence {}..{}: {}", s.span.start, s.span.end, s.text);
        println!(
            "  inside a quotation: {}",
            if s.in_quote { "yes" } else { "no" }
        );
        let list = |hits: &[eval::RuleHit]| {
            if hits.is_empty() {
                "none".to_string()
            } else {
                hits.iter()
                    .map(|h| {
                        let dropped = if h.dropped { " (set aside)" } else { "" };
                        format!(
                            "`{}` {} at {}..{}{dropped}",
                            h.text, h.rule, h.span.start, h.span.end
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        };
        println!("  speech cues:    {}", list(&s.cues));
        let mentions = if s.mentions.is_empty() {
            "none".to_string()
        } else {
            s.mentions
                .iter()
                .map(|m| {
                    let quoted = if m.in_quote { ", in quotation" } else { "" };
                    format!(
                        "`{}` = {} at {}..{} ({}{quoted})",
                        m.surface, m.actor, m.span.start, m.span.end, m.kind
                    )
                })
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!("  actor mentions: {mentions}");
        println!("  topics:         {}", list(&s.topics));
        println!("  stance cues:    {}", list(&s.stance_cues));
        println!("  negations:      {}", list(&s.negations));
        for p in &s.produced {
            println!("  produced: {p}");
        }
        for r in &s.reasons {
            println!("  why not: {r}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
