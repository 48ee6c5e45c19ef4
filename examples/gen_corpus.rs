//! Writes a deterministic synthetic corpus for benchmarks and scale tests.
//!
//!     cargo run --release --example gen_corpus -- --n 100000 --seed 7 --out /tmp/corpus
//!
//! `--start K` writes articles K..K+N instead (more of the same corpus).
//! Articles go into subfolders of 1,000 so no directory gets huge.

use std::path::PathBuf;

use claimgraph::source::synth::{self, SynthOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut n = 1000u64;
    let mut seed = 7u64;
    let mut start = 0u64;
    let mut out = PathBuf::from("/tmp/corpus");
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--n" => n = value()?.parse()?,
            "--seed" => seed = value()?.parse()?,
            "--start" => start = value()?.parse()?,
            "--out" => out = PathBuf::from(value()?),
            _ => return Err(format!("unknown argument {a}; usage: gen_corpus --n N [--start K] --seed S --out DIR").into()),
        }
    }
    let opts = SynthOptions { seed, ..SynthOptions::default() };
    let mut bytes = 0usize;
    for i in start..start + n {
        let a = synth::article(&opts, i);
        let dir = out.join(format!("{:04}", i / 1000));
        if i == start || i % 1000 == 0 {
            std::fs::create_dir_all(&dir)?;
        }
        bytes += a.text.len();
        std::fs::write(dir.join(&a.name), &a.text)?;
    }
    eprintln!("{n} articles, {:.1} MB, in {}", bytes as f64 / 1e6, out.display());
    Ok(())
}
