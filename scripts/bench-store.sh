#!/usr/bin/env bash
# Store and query figures at scale (issue 16): from-scratch ingest, index
# build, adding one article, and each query, with the query index and
# without it (CLAIMGRAPH_INDEX=off, the graph read as before the index).
#
#   [PROFILE=eval] scripts/bench-store.sh 10000 [WORKDIR]
#
# Builds with the `eval` profile (PROFILE=release for release), runs
# copies of the binaries, and also times `report`, `dot` and the Parquet
# export.
#
# Prints a Markdown table. Wall time, CPU time (user + system) and peak
# RSS come from /usr/bin/time;
# each query is run three times and the best is kept. Needs ~5 GB free per
# 100k articles in WORKDIR (default /tmp/cg-bench).
set -euo pipefail
N=${1:?usage: scripts/bench-store.sh N [WORKDIR]}
WORK=${2:-/tmp/cg-bench}/$N
cd "$(dirname "$0")/.."
cargo build --profile "${PROFILE:-eval}" --quiet --example gen_corpus --bin claimgraph
rm -rf "$WORK" && mkdir -p "$WORK"
# Copies, so a rebuild while the benchmark runs cannot change what it measures.
cp "target/${PROFILE:-eval}/claimgraph" "target/${PROFILE:-eval}/examples/gen_corpus" "$WORK/"
BIN=$WORK/claimgraph
GEN=$WORK/gen_corpus
"$GEN" --n "$N" --seed 7 --out "$WORK/corpus" 2>/dev/null
"$GEN" --n 1 --start "$N" --seed 7 --out "$WORK/extra" 2>/dev/null
G=$WORK/graph/graph.ron
export CLAIMGRAPH_GRAPH=$G

# run LABEL CMD...: one measured run; prints "seconds peak-MiB".
measure() {
    /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || { cat "$WORK/stderr" >&2; return 1; }
    awk '{printf "%.2f s (cpu %.2f s)|%.0f MiB", $1, $3+$4, $2/1024}' "$WORK/time"
}
# best of three, in milliseconds, and the peak of the best run.
best() {
    local best=""
    for _ in 1 2 3; do
        /usr/bin/time -f "%e %M %U %S" -o "$WORK/time" "$@" >/dev/null 2>"$WORK/stderr" || true
        local t; t=$(awk '{printf "%d|%.0f MiB, cpu %d ms", $1*1000, $2/1024, ($3+$4)*1000}' "$WORK/time")
        if [ -z "$best" ] || [ "${t%%|*}" -lt "${best%%|*}" ]; then best=$t; fi
    done
    echo "${best%%|*} ms|${best#*|}"
}
size() { du -sh "$@" | awk '{print $1}' | paste -sd+; }

echo "| $N articles | measured | peak RSS |"
echo "|---|---|---|"
echo "| ingest from scratch | $(measure "$BIN" ingest -q "$WORK/corpus") |"
echo "| graph on disk | $(size "$G" "$G.d") | |"
# Each listing query at its default row cap (1,000), with --limit 20 and
# with --all (the whole answer). Not `who-said` alone: without the index
# it reads every statement (6 GiB at 100k).
QUERIES=()
for q in "contradictions" "contradictions --actor putin" "who-said --actor putin" "who-said --about ceasefire" "ledger" "ledger --topic ceasefire"; do
    QUERIES+=("$q --json" "$q --limit 20 --json" "$q --all --json")
done
QUERIES+=("positions --actor putin --json")
cp -r "$WORK/graph" "$WORK/before"
for q in "${QUERIES[@]}"; do
    # shellcheck disable=SC2086
    echo "| \`$q\`, graph read (no index) | $(CLAIMGRAPH_INDEX=off best "$BIN" $q) |"
done
echo "| \`index\` (build the query index) | $(measure "$BIN" index) |"
echo "| index on disk | $(size "$G.index.sqlite") | |"
for q in "${QUERIES[@]}"; do
    # shellcheck disable=SC2086
    echo "| \`$q\`, from the index | $(best "$BIN" $q) |"
done
# The drawing and export commands (they read the whole graph).
echo "| \`report\` (default caps) | $(measure "$BIN" report -o "$WORK/report.html") |"
echo "| report.html | $(size "$WORK/report.html") | |"
echo "| \`dot\` who-said-what (default caps) | $(measure "$BIN" dot -o "$WORK/who-said-what.dot") |"
echo "| who-said-what.dot | $(size "$WORK/who-said-what.dot") | |"
echo "| \`export -f parquet\` | $(measure "$BIN" export -f parquet -o "$WORK/parquet") |"
echo "| Parquet tables on disk | $(size "$WORK/parquet") | |"
echo "| add one article, graph rewritten (no index) | $(measure "$BIN" ingest -q -g "$WORK/before/graph.ron" "$WORK/extra") |"
echo "| add one article, appended (index current) | $(measure "$BIN" ingest -q "$WORK/extra") |"
for q in "${QUERIES[@]}"; do
    # shellcheck disable=SC2086
    echo "| \`$q\`, from the index after the add | $(best "$BIN" $q) |"
done
echo "| \`verify\` after the add (log replayed) | $(measure "$BIN" verify) |"
