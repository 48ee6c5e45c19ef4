//! Extraction throughput on generated articles, single thread, with the
//! bundled rules: `cargo bench --bench extract`.

use std::path::Path;

// The allocator the `claimgraph` binary uses, so the figures are its own.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use claimgraph::source::{self};
use claimgraph::rules::RuleSet;
use claimgraph::source::synth::{self, SynthOptions};

fn bench(c: &mut Criterion) {
    let (_, rules) = RuleSet::load_compiled(Path::new("data/rules")).expect("bundled rules");
    let read = rules.read_options(None, None);
    let articles: Vec<_> = synth::generate(&SynthOptions::default(), 200)
        .map(|a| source::parse_article(Path::new(&a.name), &a.text, &read))
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
    // The one literal pass over each article that gates every rule pattern.
    g.bench_function("pattern candidates, 200 generated articles", |b| {
        b.iter(|| {
            for a in &articles {
                std::hint::black_box(rules.banks.all.candidates(&a.text));
            }
        })
    });
    g.finish();

    // The five real seed articles, when the shared corpus sits beside the
    // crate: news prose has far more background per quote than the generator.
    let seeds = Path::new("../shared/corpus/seeds");
    if let Ok(dir) = std::fs::read_dir(seeds) {
        let mut paths: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let articles: Vec<_> = paths
            .iter()
            .filter_map(|p| source::read_article(p, &read).ok())
            .collect();
        let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
        let mut g = c.benchmark_group("extract");
        g.throughput(Throughput::Bytes(bytes as u64));
        g.bench_function("seed articles", |b| {
            b.iter(|| {
                for a in &articles {
                    std::hint::black_box(claimgraph::extract::extract(a, &rules));
                }
            })
        });
        g.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
