#!/usr/bin/env bash
# Articles per second per core through the CLI, the Python package and the
# Spark job, back to back on the same corpus (the README's Python and
# Cluster figures). Needs a release build of the CLI and the package
# installed in .venv with a release build (`.venv/bin/maturin develop -r`).
#   scripts/bench-python.sh [CORPUS_DIR]   (default ../shared/corpus/polnear-train/text)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=$(realpath "${1:-../shared/corpus/polnear-train/text}")
n=$(find "$corpus" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.html' -o -name '*.htm' \) | wc -l)
py=.venv/bin/python
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
rate() { python3 -c "import sys; n, s, c = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]); print(f'{n/s/c:.0f} articles/s per core ({n:.0f} articles, {s:.2f} s, {c:.0f} cores)')" "$@"; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); python3 -c "print($t1 - $t0)"; }

s=$(RAYON_NUM_THREADS=1 secs target/release/claimgraph -q extract --jsonl "$corpus")
echo "CLI extract --jsonl, 1 thread:      $(rate "$n" "$s" 1)"
s=$(secs "$py" - "$corpus" <<'PY'
import os, sys, claimgraph
rules = claimgraph.Rules.load()
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if name.endswith((".txt", ".html", ".htm")):
        p = os.path.join(d, name)
        with open(p, encoding="utf-8-sig") as f:
            rules.extract(f.read(), article_id=p)
PY
)
echo "Python Rules.extract, 1 process:    $(rate "$n" "$s" 1)"
s=$(RAYON_NUM_THREADS=2 secs target/release/claimgraph -q extract --jsonl "$corpus")
echo "CLI extract --jsonl, 2 threads:     $(rate "$n" "$s" 2)"
s=$(secs "$py" examples/spark/claimgraph_job.py --master 'local[2]' --partitions 2 "$corpus" "$out/spark")
echo "Spark local[2] job, whole process:  $(rate "$n" "$s" 2)"
# The job once the session is up (extract, write records, merge), and the
# same job on a warm session (its Python workers already started).
PYSPARK_PYTHON="$PWD/$py" "$py" - "$corpus" "$out" "$n" <<'PY' 2>/dev/null
import sys, time
sys.path.insert(0, "examples/spark")
from pyspark.sql import SparkSession
import claimgraph_job
corpus, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
t = time.time()
spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
print(f"Spark session start-up:             {time.time() - t:.2f} s")
for run in ("first", "warm"):
    t = time.time()
    claimgraph_job.run(spark, corpus, f"{out}/{run}", partitions=2)
    s = time.time() - t
    print(f"Spark job, {run} run on the session: {n / s / 2:.0f} articles/s per core ({n} articles, {s:.2f} s, 2 cores)")
spark.stop()
PY
s=$(secs target/release/claimgraph -q merge "$out/spark/records"/part-* -g "$out/merged.ron")
echo "CLI merge of the job's records:     ${s} s"
