//! Extraction throughput on generated articles, single thread, with the
//! bundled rules: `cargo bench --bench extract`.

use std::path::Path;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use claimgraph::ingest::{self, ReadOptions};
use claimgraph::rules::RuleSet;
use claimgraph::synth::{self, SynthOptions};

fn bench(c: &mut Criterion) {
    let rules = RuleSet::load(Path::new("data/rules")).and_then(|r| r.compile()).expect("bundled rules");
    let opts = SynthOptions::default();
    let articles: Vec<_> = synth::generate(&opts, 200)
        .map(|a| ingest::parse_article(Path::new(&a.name), &a.text, &ReadOptions::default()))
        .collect();
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    let mut g = c.benchmark_group("extract");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("200 generated articles", |b| {
        b.iter(|| {
            for a in &articles {
                std::hint::black_box(claimgraph::extract::extract(a, &rules));
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
