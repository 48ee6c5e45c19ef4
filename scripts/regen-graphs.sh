#!/usr/bin/env bash
# Regenerates graphs/ from the bundled sample articles in data/articles:
#   graphs/graph.ron                   the graph store
#   graphs/<view>.dot, graphs/<view>.svg for who-said-what, stances, contradictions
#   graphs/report.html                 the self-contained HTML report
#   docs/report.png                    screenshot of the report (when chromium is
#                                      installed and the report changed)
#
# Usage: scripts/regen-graphs.sh [--screenshot]   (from anywhere)
#   --screenshot   retake docs/report.png even when the report is unchanged
# Needs: cargo (Rust 1.89 or later); Graphviz `dot` for the SVGs as committed
# (without it the built-in layout draws them, and says so); chromium for the
# screenshot.
#
# It builds the debug profile, the one `cargo test` uses, so the two share
# one build of the dependencies (which are optimised in that profile).
set -euo pipefail

screenshot=0
for arg in "$@"; do
    case "$arg" in
        --screenshot) screenshot=1 ;;
        -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
        *) echo "unknown argument: $arg (see --help)" >&2; exit 2 ;;
    esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

say() { echo "regen-graphs: $*" >&2; }

if [ ! -x target/debug/claimgraph ]; then
    say "building claimgraph; the first build compiles every dependency and takes several minutes"
fi
cargo build --locked --bin claimgraph
bin="$root/target/debug/claimgraph"
out=graphs

mkdir -p "$out" docs
# The report as it was, to tell whether the screenshot needs retaking
# (chromium's PNG differs from run to run even for the same page).
old_report="$(mktemp)"
profile=""
trap 'rm -rf "$old_report" ${profile:+"$profile"}' EXIT
cp "$out/report.html" "$old_report" 2>/dev/null || true

# A fresh graph each time, so the files depend only on the articles and rules.
rm -f "$out/graph.ron"
# The article files only (the folder also holds a README about them).
shopt -s nullglob
articles=(data/articles/*.txt data/articles/*.html)
say "ingesting ${#articles[@]} articles from data/articles with the rules in data/rules"
"$bin" ingest --quiet --graph "$out/graph.ron" --rules data/rules "${articles[@]}"
rm -f "$out/graph.ron.lock"

for view in who-said-what stances contradictions; do
    say "drawing the $view view"
    "$bin" dot --graph "$out/graph.ron" --view "$view" -o "$out/$view.dot"
    "$bin" render --graph "$out/graph.ron" --view "$view" -f svg -o "$out/$view.svg"
done
say "writing the report"
"$bin" report --graph "$out/graph.ron" -o "$out/report.html"

if [ "$screenshot" = 0 ] && [ -f docs/report.png ] && cmp -s "$old_report" "$out/report.html"; then
    say "report unchanged: docs/report.png kept (--screenshot retakes it)"
elif command -v chromium >/dev/null 2>&1; then
    profile="$(mktemp -d)"
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" \
        --window-size=1280,2000 --screenshot="$root/docs/report.png" \
        "file://$root/$out/report.html" 2>/dev/null
    say "wrote docs/report.png"
else
    say "chromium not found: docs/report.png not updated"
fi
say "wrote $(ls "$out" | tr '\n' ' ')"
