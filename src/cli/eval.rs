use std::process::ExitCode;

use claimgraph::eval::{self, EvalError, EvalReport, Prf, QuoteScore};
use claimgraph::rules::RuleSet;
use claimgraph::{Error, Result};

use super::EvalArgs;

pub fn run(args: EvalArgs) -> Result<ExitCode> {
    let gold = eval::load_gold(&args.gold)?;
    let rules = RuleSet::load_all_compiled(&args.rules.dirs())?.1;
    if let Some(path) = &args.corrections {
        let corrections = claimgraph::store::load_corrections(path)?;
        if !path.exists() {
            return Err(Error::Usage(format!("{}: no such corrections file", path.display())));
        }
        let (before, after) = eval::evaluate_reviewed(&gold, &args.corpus, &rules, &corrections)?;
        if args.json {
            let v = serde_json::json!({"machine": before, "after_review": after, "corrections": corrections.corrections.len()});
            let json = serde_json::to_string_pretty(&v).map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
            println!("{json}");
        } else {
            print!("{}", render(&EvalReport { per_rule: Vec::new(), errors: Vec::new(), ..before }));
            println!("\nafter review ({} corrections from {})", corrections.corrections.len(), path.display());
            print!("{}", render(&EvalReport { per_rule: Vec::new(), errors: Vec::new(), ..after }));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut report = match args.swap_names {
        Some(seed) => eval::evaluate_swapped(&gold, &args.corpus, &rules, &eval::NameSwap::for_gold(&gold, seed))?,
        None => eval::evaluate(&gold, &args.corpus, &rules)?,
    };
    if !args.per_rule {
        report.per_rule.clear();
    }
    if !args.errors {
        report.errors.clear();
    }
    if args.json {
        let json =
            serde_json::to_string_pretty(&report).map_err(|e| Error::Usage(format!("cannot write JSON: {e}")))?;
        println!("{json}");
    } else {
        print!("{}", render(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn f(x: f64) -> String {
    format!("{x:.3}")
}

fn quote_row(name: &str, q: &QuoteScore) -> String {
    let d = &q.detection;
    let e = &q.end_to_end;
    format!(
        "{name:<9} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} | {:>6} {:>6} {:>6}\n",
        d.gold,
        d.predicted,
        f(d.precision),
        f(d.recall),
        f(d.f1),
        f(q.attribution_accuracy),
        f(e.precision),
        f(e.recall),
        f(e.f1)
    )
}

fn stance_row(s: &Prf) -> String {
    format!(
        "{:<9} {:>5} {:>5} | {:>6} {:>6} {:>6} |\n",
        "stances",
        s.gold,
        s.predicted,
        f(s.precision),
        f(s.recall),
        f(s.f1)
    )
}

/// The report as aligned tables (scores, then per-rule and errors when
/// asked for).
pub fn render(r: &EvalReport) -> String {
    let mut out = format!("eval {} ({} articles)\n", r.corpus, r.articles);
    out.push_str(&format!(
        "{:<9} {:>5} {:>5} | {:>6} {:>6} {:>6} | {:>6} | {:>6} {:>6} {:>6}\n",
        "quotes", "gold", "pred", "det.P", "det.R", "det.F1", "attr", "e2e.P", "e2e.R", "e2e.F1"
    ));
    out.push_str(&quote_row("direct", &r.quotes.direct));
    out.push_str(&quote_row("indirect", &r.quotes.indirect));
    out.push_str(&quote_row("all", &r.quotes.all));
    out.push_str(&format!(
        "{:<9} {:>5} {:>5} | {:>6} {:>6} {:>6} |\n",
        "", "gold", "pred", "P", "R", "F1"
    ));
    out.push_str(&stance_row(&r.stances));

    if !r.per_rule.is_empty() {
        let w = r.per_rule.iter().map(|s| s.rule.len()).max().unwrap_or(4).max(4);
        out.push_str(&format!(
            "\n{:<w$}  {:<9} {:>5} {:>7} {:>6} {:>6}\n",
            "rule", "family", "pred", "correct", "P", "R"
        ));
        for s in &r.per_rule {
            let family = match s.family {
                eval::Family::Statement => "statement",
                eval::Family::Stance => "stance",
            };
            out.push_str(&format!(
                "{:<w$}  {:<9} {:>5} {:>7} {:>6} {:>6}\n",
                s.rule,
                family,
                s.predicted,
                s.correct,
                f(s.precision),
                f(s.recall)
            ));
        }
    }

    if !r.errors.is_empty() {
        out.push_str(&format!(
            "\n{} errors (article  kind  item  speaker pred/gold  text  [rule])\n",
            r.errors.len()
        ));
        // Pad the speaker column to the longest (capped) so texts line up.
        let w = r
            .errors
            .iter()
            .map(|e| who(e).chars().count())
            .max()
            .unwrap_or(0)
            .min(30);
        for e in &r.errors {
            out.push_str(&error_line(e, w));
            out.push('\n');
        }
    }
    out
}

fn who(e: &EvalError) -> String {
    format!(
        "{}/{}",
        e.predicted_speaker.as_deref().unwrap_or("-"),
        e.gold_speaker.as_deref().unwrap_or("-")
    )
}

/// One error per line, grep-friendly: article, kind, item, speaker
/// (predicted/gold) padded to `who_width`, quoted text, rule.
pub fn error_line(e: &EvalError, who_width: usize) -> String {
    let rule = e.rule.as_deref().map(|r| format!("  [{r}]")).unwrap_or_default();
    format!(
        "{}  {:<9} {:<8} {:<who_width$}  \"{}\"{rule}",
        e.article,
        e.kind.as_str(),
        e.item,
        who(e),
        truncate(&e.text, 120)
    )
}

/// Whitespace folded to single spaces, cut at `max` characters with an
/// ellipsis.
pub fn truncate(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut s: String = flat.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}
