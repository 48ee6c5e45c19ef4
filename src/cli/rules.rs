//! `rules check`, `rules test`, `rules init` and `explain`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::{Value, json};

use claimgraph::model::Evidence;
use claimgraph::eval::{self, Outcome};
use claimgraph::rules::{self, BUNDLED, BUNDLED_FILES, RuleSet};
use claimgraph::{Error, Result, store};

use super::ExplainArgs;
use super::output::{note, print_json};
use super::suggest::require_graph;

/// One problem as JSON: where, and what.
fn problem(severity: &str, location: Option<(&Path, claimgraph::error::Position)>, message: String) -> Value {
    let (file, line, column) = match location {
        Some((p, pos)) => (Some(p.display().to_string()), Some(pos.line), Some(pos.column)),
        None => (None, None, None),
    };
    json!({"severity": severity, "file": file, "line": line, "column": column, "message": message})
}

/// Every error and warning in a rule directory; exit 1 on any error.
pub fn check(dir: &Path, as_json: bool) -> Result<ExitCode> {
    let report = rules::check(dir);
    let (errors, warnings) = (report.errors.len(), report.warnings.len());
    let code = if errors > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    if as_json {
        let mut problems: Vec<Value> = report.errors.iter().map(|e| problem("error", e.location(), e.to_string())).collect();
        problems.extend(report.warnings.iter().map(|w| problem("warning", Some((w.path.as_path(), w.pos)), w.to_string())));
        print_json(&json!({"rules": dir.display().to_string(), "rule_count": report.rules, "errors": errors, "warnings": warnings, "problems": problems}))?;
        return Ok(code);
    }
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
    Ok(code)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Runs every example in the rule files, like a test runner.
pub fn test(dir: &Path, as_json: bool) -> Result<ExitCode> {
    let set = RuleSet::load(dir)?;
    let compiled = set.compile()?;
    let (cases, bare) = eval::examples(&set);
    let (mut passed, mut failed) = (0, 0);
    let mut failures = Vec::new();
    let mut results = Vec::new();
    for case in &cases {
        match eval::run_example(case, &compiled) {
            Outcome::Pass => {
                passed += 1;
                results.push(json!({"name": case.name(), "ok": true}));
                if !as_json {
                    println!("test {} ... ok", case.name());
                }
            }
            Outcome::Fail { expected, got } => {
                failed += 1;
                results.push(json!({"name": case.name(), "ok": false, "text": case.example.text, "expected": expected.to_string(), "got": got}));
                if !as_json {
                    println!("test {} ... FAILED", case.name());
                }
                failures.push((case, expected, got));
            }
        }
    }
    let code = if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS };
    if as_json {
        print_json(&json!({"passed": passed, "failed": failed, "tests": results, "rules_without_examples": bare}))?;
        return Ok(code);
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
    Ok(code)
}

/// `rules init DIR`: the bundled rules as files, to edit and load with
/// `--rules DIR`. Refuses to overwrite a rule file unless `force`.
pub fn init(dir: &Path, force: bool) -> Result<ExitCode> {
    let targets: Vec<(PathBuf, &str)> = BUNDLED_FILES
        .iter()
        .filter_map(|(name, text)| Path::new(name).strip_prefix(BUNDLED).ok().map(|rel| (dir.join(rel), *text)))
        .collect();
    if !force && let Some((existing, _)) = targets.iter().find(|(p, _)| p.exists()) {
        return Err(Error::Usage(format!("{} exists; pass --force to overwrite the rule files in {}", existing.display(), dir.display())));
    }
    for (path, text) in &targets {
        store::write_atomic(path, text.as_bytes())?;
    }
    note(&format!(
        "wrote {} rule files into {}; use them with --rules {} (check with `claimgraph rules check {}`)",
        targets.len(),
        dir.display(),
        dir.display(),
        dir.display()
    ));
    Ok(ExitCode::SUCCESS)
}

pub fn explain(a: ExplainArgs) -> Result<ExitCode> {
    match (&a.id, &a.why_not, &a.article) {
        (_, Some(text), Some(article)) => why_not(&a.rules.dirs(), article, text, a.json),
        (Some(id), None, _) => explain_id(&a.graph.graph, id, a.json),
        _ => Err(Error::Usage(
            "give a statement or stance id, or --why-not \"<text>\" --article <file>".into(),
        )),
    }
}

fn explain_id(graph: &Path, id: &str, as_json: bool) -> Result<ExitCode> {
    require_graph(graph)?;
    let data = claimgraph::store::load_existing(graph)?;
    if as_json {
        let article = |ev: &Evidence| data.articles.iter().find(|m| m.id == ev.article).map(|m| m.path.clone());
        let evidence = |evs: &[Evidence]| -> Vec<Value> {
            evs.iter().map(|ev| json!({"evidence": ev, "article_path": article(ev), "marked": eval::mark_evidence(ev)})).collect()
        };
        if let Some(s) = data.statements.iter().find(|s| s.id == id) {
            print_json(&json!({"kind": "statement", "id": s.id, "speaker": s.speaker, "quote": s.kind, "text": s.text, "evidence": evidence(&s.evidence)}))?;
            return Ok(ExitCode::SUCCESS);
        }
        if let Some(s) = data.stances.iter().find(|s| s.id == id) {
            print_json(&json!({"kind": "stance", "id": s.id, "actor": s.actor, "stance": s.stance, "topic": s.topic, "evidence": evidence(&s.evidence)}))?;
            return Ok(ExitCode::SUCCESS);
        }
    }
    let date = |ev: &Evidence| {
        ev.date
            .map_or_else(|| "undated".to_string(), |d| d.to_string())
    };
    let article = |ev: &Evidence| {
        data.articles
            .iter()
            .find(|m| m.id == ev.article)
            .map_or_else(|| ev.article.to_string(), |m| format!("{} ({})", m.id, m.path))
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

fn hit_json(h: &eval::RuleHit) -> Value {
    json!({"rule": h.rule, "text": h.text, "start": h.span.start, "end": h.span.end, "set_aside": h.dropped})
}

fn why_not_json(report: &eval::WhyNot) -> Value {
    let hits = |hs: &[eval::RuleHit]| hs.iter().map(hit_json).collect::<Vec<_>>();
    let sentences: Vec<Value> = report
        .sentences
        .iter()
        .map(|s| {
            let mentions: Vec<Value> = s
                .mentions
                .iter()
                .map(|m| json!({"actor": m.actor, "surface": m.surface, "start": m.span.start, "end": m.span.end, "kind": m.kind, "in_quote": m.in_quote, "reason": m.reason}))
                .collect();
            json!({
                "start": s.span.start, "end": s.span.end, "text": s.text, "in_quote": s.in_quote,
                "speech_cues": hits(&s.cues), "mentions": mentions, "topics": hits(&s.topics),
                "stance_cues": hits(&s.stance_cues), "negations": hits(&s.negations),
                "produced": s.produced, "why_not": s.reasons,
            })
        })
        .collect();
    json!({"article": report.article, "start": report.found.start, "end": report.found.end, "sentences": sentences})
}

fn why_not(rules: &[PathBuf], article: &Path, text: &str, as_json: bool) -> Result<ExitCode> {
    let compiled = RuleSet::load_all_compiled(rules)?.1;
    let art =
        claimgraph::source::read_article(article, &compiled.read_options(None, None))?;
    let report = eval::why_not(&art, text, &compiled)?;
    if as_json {
        print_json(&why_not_json(&report))?;
        return Ok(ExitCode::SUCCESS);
    }
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
