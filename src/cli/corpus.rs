use std::process::ExitCode;

use claimgraph::eval::{self, DiffItem, RuleDiff};
use claimgraph::rules::RuleSet;
use claimgraph::store::verify;
use claimgraph::{Result, store};

use super::eval::truncate;
use super::output::print_json;
use super::suggest::require_graph;
use super::{DiffRulesArgs, VerifyArgs};

pub fn diff_rules(a: DiffRulesArgs) -> Result<ExitCode> {
    let old = RuleSet::load_compiled(&a.old)?.1;
    let new = RuleSet::load_compiled(&a.new)?.1;
    let diff = eval::diff_rules(&old, &new, &a.corpus)?;
    if a.json {
        print_json(&diff)?;
    } else {
        print!("{}", render_diff(&diff));
    }
    Ok(ExitCode::SUCCESS)
}

fn diff_line(sign: char, d: &DiffItem) -> String {
    format!(
        "{sign} {}  {}  {}  \"{}\"  [{}]\n",
        d.article,
        d.who,
        d.kind,
        truncate(&d.text, 120),
        d.rule
    )
}

fn render_diff(d: &RuleDiff) -> String {
    let mut out = String::new();
    if !d.statements_added.is_empty() || !d.statements_removed.is_empty() {
        out.push_str("statements:\n");
        d.statements_removed
            .iter()
            .for_each(|x| out.push_str(&diff_line('-', x)));
        d.statements_added.iter().for_each(|x| out.push_str(&diff_line('+', x)));
    }
    if !d.stances_added.is_empty() || !d.stances_removed.is_empty() {
        out.push_str("stances:\n");
        d.stances_removed.iter().for_each(|x| out.push_str(&diff_line('-', x)));
        d.stances_added.iter().for_each(|x| out.push_str(&diff_line('+', x)));
    }
    out.push_str(&format!(
        "{} articles: statements +{} -{}, stances +{} -{}\n",
        d.articles,
        d.statements_added.len(),
        d.statements_removed.len(),
        d.stances_added.len(),
        d.stances_removed.len()
    ));
    out
}

pub fn verify(a: VerifyArgs) -> Result<ExitCode> {
    require_graph(&a.graph.graph)?;
    let graph = store::load_existing(&a.graph.graph)?;
    let report = verify::verify(&graph, a.corpus.as_deref());
    if a.json {
        print_json(&report)?;
        return Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    if report.ok() {
        println!("{} articles, {} spans verified", report.articles, report.spans);
        return Ok(ExitCode::SUCCESS);
    }
    for m in &report.mismatches {
        println!(
            "{}  {}  {}: expected \"{}\", found \"{}\"",
            m.article,
            m.id,
            m.what,
            truncate(&m.expected, 120),
            truncate(&m.found, 120)
        );
    }
    println!(
        "{} mismatches in {} articles, {} spans checked",
        report.mismatches.len(),
        report.articles,
        report.spans
    );
    Ok(ExitCode::from(1))
}
