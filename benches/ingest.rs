//! Whole-corpus ingest through the CLI binary (parallel extraction, merge,
//! store write) of 2,000 generated articles into a fresh graph, and a
//! re-ingest of the same corpus, which skips every article by content hash:
//! `cargo bench --bench ingest`.

use std::path::Path;
use std::process::Command;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

use claimgraph::source::synth::{self, SynthOptions};

const N: u64 = 2000;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    let mut bytes = 0;
    for a in synth::generate(&SynthOptions::default(), N) {
        bytes += a.text.len();
        std::fs::write(corpus.join(&a.name), &a.text).expect("write article");
    }
    let bin = env!("CARGO_BIN_EXE_claimgraph");
    let ingest = |graph: &Path| {
        let out = Command::new(bin)
            .arg("ingest")
            .arg(&corpus)
            .arg("--graph")
            .arg(graph)
            .args(["--rules", "data/rules", "-q"])
            .output()
            .expect("run claimgraph");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };

    let mut g = c.benchmark_group("ingest");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    let mut run = 0;
    g.bench_function("2000 generated articles, fresh graph", |b| {
        b.iter(|| {
            run += 1;
            ingest(&dir.path().join(format!("fresh-{run}/graph.ron")));
        })
    });
    let warm = dir.path().join("warm/graph.ron");
    ingest(&warm);
    g.bench_function("2000 generated articles, all unchanged", |b| b.iter(|| ingest(&warm)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
