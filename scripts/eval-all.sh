#!/usr/bin/env bash
# Scores extraction on every corpus beside the project at once: the seeds and
# dev gold files (claimgraph eval) and PolNeAR train (its own scorer on a JSON
# export), so a rule or code change that helps one corpus and hurts another
# shows in one table. Reads ../shared at run time; copies nothing into the project.
#   scripts/eval-all.sh [--rules DIR]... [--no-build]
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
build=1
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0 ;;
    *) args+=("$1") ;;
  esac
  shift
done
# The eval profile (Cargo.toml) rebuilds in seconds after a change; set
# PROFILE=release to score the release binary.
profile=${PROFILE:-eval}
[ "$build" = 1 ] && cargo build --profile "$profile" --locked -q
bin=target/$profile/claimgraph
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

row() { # name eval-output
  awk -v name="$1" '
    $1=="direct"   { d=$NF }
    $1=="indirect" { i=$NF }
    $1=="stances"  { s=$(NF-1) }
    END { printf "%-14s %8s %10s %9s\n", name, d, i, s }' <<<"$2"
}

printf "%-14s %8s %10s %9s\n" corpus direct indirect stances
for c in seeds dev; do
  out=$("$bin" eval --gold "$shared/gold/$c.json" --corpus "$shared/corpus/$c" "${args[@]}")
  row "$c" "$out"
done
# The seeds with every gold person renamed (rules unchanged): a score that
# drops here depends on the names the rules list.
out=$("$bin" eval --gold "$shared/gold/seeds.json" --corpus "$shared/corpus/seeds" --swap-names 1 "${args[@]}")
row "seeds-renamed" "$out"

pn="$shared/corpus/polnear-train"
"$bin" ingest "$pn/text" --graph "$work/g.ron" -q "${args[@]}" >"$work/ingest.log" 2>&1 || { echo "polnear ingest failed:"; tail -5 "$work/ingest.log"; exit 1; }
"$bin" export --graph "$work/g.ron" --format json -o "$work/export.json"
score=$(python3 "$shared/tools/score_polnear.py" "$pn/gold.json" "$work/export.json")
d=$(awk '/^claimgraph\/direct/ {print $NF}' <<<"$score" | sed 's/F1=//')
i=$(awk '/^claimgraph\/indirect/ {print $NF}' <<<"$score" | sed 's/F1=//')
printf "%-14s %8s %10s %9s\n" polnear-train "$d" "$i" "-"
[ -n "${VERBOSE:-}" ] && echo "$score"
exit 0
