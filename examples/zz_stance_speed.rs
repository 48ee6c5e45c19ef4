use std::time::Instant;
fn main() {
    let rules = claimgraph::rules::RuleSet::load(std::path::Path::new("data/rules")).unwrap().compile().unwrap();
    let mut arts = Vec::new();
    for e in std::fs::read_dir("../shared/corpus/seeds").unwrap() {
        arts.push(claimgraph::ingest::read_article(&e.unwrap().path(), &Default::default()).unwrap());
    }
    let bytes: usize = arts.iter().map(|a| a.text.len()).sum();
    let n = 40;
    let (mut all, mut st) = (0f64, 0f64);
    for _ in 0..n { for a in &arts {
        let i = Instant::now();
        let x = claimgraph::extract::extract(a, &rules);
        all += i.elapsed().as_secs_f64();
        let seg = claimgraph::segment::segment(&a.text, &a.boilerplate);
        let cues = claimgraph::quotes::find_cues(&a.text, &seg, &rules); let cast = claimgraph::actors::find_mentions_with_cues(&a.text, &seg, &rules, &cues);
        let i = Instant::now();
        let _ = claimgraph::stances::extract_stances(&claimgraph::stances::StanceInput { text: &a.text, seg: &seg, cast: &cast, statements: &x.statements, rules: &rules, article: &a.meta });
        st += i.elapsed().as_secs_f64();
    }}
    println!("extract {:.2} MB/s; stances alone {:.0}% of extract time", (bytes*n) as f64/all/1e6, 100.0*st/all);
}
