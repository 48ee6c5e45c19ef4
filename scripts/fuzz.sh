#!/usr/bin/env bash
# Nightly fuzzing (issue 17): runs each cargo-fuzz target in fuzz/ for a few
# minutes, with corpora seeded at run time from the texts in ../shared/corpus
# (nothing from there is copied into the project) plus the small committed
# seeds in fuzz/corpus/. Exits non-zero if any target crashed; the crashing
# input is in fuzz/artifacts/TARGET/ (turn it into a regression test).
#
#   scripts/fuzz.sh                      # every target, 300 s each
#   FUZZ_SECONDS=60 scripts/fuzz.sh html # one target, one minute
#
# Needs a nightly toolchain and cargo-fuzz (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${SHARED:-../shared}
seconds=${FUZZ_SECONDS:-300}
# Seed texts per corpus; libFuzzer reads each seed once at start-up.
seeds=${FUZZ_SEEDS:-150}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(extract html rules_parser store)

rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
texts=()
if [ -d "$shared/corpus" ]; then
  mapfile -t texts < <(find "$shared/corpus" -name '*.txt' -size -64k | sort | head -n "$seeds")
else
  echo "note: $shared/corpus not found; only the committed seeds are used" >&2
fi

seed_extract() {
  local t
  for t in "${texts[@]}"; do cp "$t" "$1/$(basename "$t")"; done
}

# Each text as a page, with the metadata shapes the reader looks for.
seed_html() {
  local i=0 t
  for t in "${texts[@]}"; do
    i=$((i + 1))
    {
      printf '<!doctype html><html><head><title>%s</title>' "$(head -n1 "$t" | sed 's/[<&]/ /g')"
      case $((i % 3)) in
        0) printf '<meta property="og:site_name" content="Seed %d"><meta name="author" content="Seed Writer">' "$i" ;;
        1) printf '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Seed %d","datePublished":"2025-01-0%d","author":[{"name":"A B"}]}</script>' "$i" $((i % 9 + 1)) ;;
        2) printf '<meta property="article:published_time" content="2024-12-31">' ;;
      esac
      printf '</head><body><article><h1>Seed %d</h1><p class="byline">By Seed Writer</p>\n' "$i"
      sed 's/[<&]/ /g; s/^$/<\/p><p>/' "$t"
      printf '</article><footer>Share</footer></body></html>\n'
    } > "$1/page-$i.html"
  done
}

# The first byte picks the rule file (see fuzz_targets/rules_parser.rs).
seed_rules_parser() {
  local files=(domains/ukraine-war/actors.ron core/speech.ron domains/ukraine-war/topics.ron core/stances.ron core/lexicon.ron)
  for i in "${!files[@]}"; do
    { printf "\\x0$i"; cat "data/rules/${files[$i]}"; } > "$1/rules-$i.ron"
  done
}

# Graphs written by the current binary from a few shared texts (the first
# byte picks a graph file when even, a split graph's manifest when odd).
seed_store() {
  cargo build --profile eval --locked -q
  local g="$work/graph-build"
  mkdir -p "$g/in"
  local n=0 t
  for t in "${texts[@]}"; do
    n=$((n + 1)); [ $n -gt 8 ] && break
    cp "$t" "$g/in/"
  done
  if [ $n -gt 0 ]; then
    target/eval/claimgraph ingest "$g/in" -g "$g/one.ron" -q || true
    [ -f "$g/one.ron" ] && { printf '\x00'; cat "$g/one.ron"; } > "$1/graph-single.ron"
    # The same text read as a split graph's manifest: its error paths.
    [ -f "$g/one.ron" ] && { printf '\x01'; cat "$g/one.ron"; } > "$1/graph-as-manifest.ron"
  fi
  [ -f graphs/graph.ron ] && { printf '\x00'; cat graphs/graph.ron; } > "$1/graph-sample.ron"
  return 0
}

failed=()
for target in "${targets[@]}"; do
  corpus="$work/corpus-$target"
  mkdir -p "$corpus"
  "seed_$target" "$corpus"
  committed=()
  [ -d "fuzz/corpus/$target" ] && committed=("fuzz/corpus/$target")
  echo "== $target: $(find "$corpus" "${committed[@]}" -type f | wc -l) seeds, ${seconds} s" >&2
  # New inputs go to the temporary corpus (first); the committed one is read only.
  if ! (cd fuzz && cargo +nightly fuzz run "$target" "$corpus" "${committed[@]/#/../}" -- \
        -max_total_time="$seconds" -max_len=65536 -timeout=30 -rss_limit_mb=4096 -print_final_stats=1); then
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "no crash in ${targets[*]}" >&2
