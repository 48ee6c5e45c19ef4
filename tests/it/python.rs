//! The Python package's own tests (python/tests, pytest), run from here so
//! the README's `cargo test` covers them: the package and its Spark job.
//! They need the venv `.ci/run` makes (`.venv` at the repository root,
//! with maturin, pytest, pandas, networkx and pyspark); the package is
//! rebuilt into it first, so it is never stale.

use std::path::Path;
use std::process::Command;

#[test]
fn python_package_and_spark_job_tests_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = root.join(".venv/bin");
    let ready = bin.join("maturin").is_file() && bin.join("pytest").is_file();
    if !crate::require("the Python venv .venv with maturin and pytest (bash .ci/run makes it)", ready) {
        return;
    }
    let built = Command::new(bin.join("maturin"))
        .args(["develop", "--quiet"])
        .current_dir(root)
        .env("VIRTUAL_ENV", root.join(".venv"))
        .output()
        .expect("run maturin");
    assert!(built.status.success(), "maturin develop failed:\n{}", String::from_utf8_lossy(&built.stderr));
    let out = Command::new(bin.join("python"))
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "python/tests"])
        .current_dir(root)
        .env("CLAIMGRAPH_BIN", env!("CARGO_BIN_EXE_claimgraph"))
        .output()
        .expect("run pytest");
    let report = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "pytest failed:\n{report}");
    // pytest skips what it lacks (the shared corpus, Java) only outside CI,
    // as `require` does; say so rather than pass quietly.
    if report.contains("skipped") {
        eprintln!("{report}");
    }
}
