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
    let path = &a.graph.graph;
    require_graph(path)?;
    let stored = store::check(path).err().unwrap_or_default();
    // A graph too damaged to load is reported by what `check` found.
    let graph = match store::load_unchecked(path) {
        Ok(g) => g,
        Err(e) => {
            for p in stored.iter().map(String::as_str).chain(std::iter::once(e.to_string().as_str())) {
                println!("damaged: {p}");
            }
            println!("the graph cannot be read; `claimgraph ingest --repair ARTICLES` rebuilds it");
            return Ok(ExitCode::from(1));
        }
    };
    let mut report = verify::verify(&graph, a.corpus.as_deref());
    report.damage.splice(0..0, stored);
    if a.json {
        print_json(&report)?;
        return Ok(if report.ok() { ExitCode::SUCCESS } else { ExitCode::from(1) });
    }
    if report.ok() {
        println!("{} articles, {} spans verified; checksums and cross-references sound", report.articles, report.spans);
        return Ok(ExitCode::SUCCESS);
    }
    for d in &report.damage {
        println!("damaged: {d}");
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
        "{} damaged, {} mismatches in {} articles, {} spans checked",
        report.damage.len(),
        report.mismatches.len(),
        report.articles,
        report.spans
    );
    Ok(ExitCode::from(1))
}
