#!/usr/bin/env bash
# Regenerates graphs/ from the bundled sample articles in data/articles:
#   graphs/graph.ron                   the graph store
#   graphs/<view>.dot, graphs/<view>.svg for who-said-what, stances, contradictions
#   graphs/report.html                 the self-contained HTML report
#   docs/report.png                    screenshot of the report (when chromium is installed)
#
# Usage: scripts/regen-graphs.sh        (from anywhere; runs the release binary)
# Needs: cargo; Graphviz `dot` for the SVGs as committed (without it the
# built-in layout draws them, and says so); chromium for the screenshot.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cargo build --release --quiet
bin="$root/target/release/claimgraph"
out=graphs

mkdir -p "$out" docs
# A fresh graph each time, so the files depend only on the articles and rules.
rm -f "$out/graph.ron"
# The article files only (the folder also holds a README about them).
shopt -s nullglob
articles=(data/articles/*.txt data/articles/*.html)
"$bin" ingest --quiet --graph "$out/graph.ron" --rules data/rules "${articles[@]}"
rm -f "$out/graph.ron.lock"

for view in who-said-what stances contradictions; do
    "$bin" dot --graph "$out/graph.ron" --view "$view" -o "$out/$view.dot"
    "$bin" render --graph "$out/graph.ron" --view "$view" -f svg -o "$out/$view.svg"
done
"$bin" report --graph "$out/graph.ron" -o "$out/report.html"

if command -v chromium >/dev/null 2>&1; then
    profile="$(mktemp -d)"
    trap 'rm -rf "$profile"' EXIT
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-dev-shm-usage --hide-scrollbars --user-data-dir="$profile" \
        --window-size=1280,2000 --screenshot="$root/docs/report.png" \
        "file://$root/$out/report.html" 2>/dev/null
    echo "wrote docs/report.png"
else
    echo "chromium not found: docs/report.png not updated" >&2
fi
echo "wrote $(ls "$out" | tr '\n' ' ')"
