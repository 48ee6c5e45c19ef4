#!/usr/bin/env bash
# Re-ingesting after a rule edit (issue 16): time and peak memory of an
# ingest of the same corpus into a graph built with the bundled rules,
# after (a) an edit of a rarely matching stance cue (stance.unacceptable),
# (b) an edit of a common one (stance.rule-out, in about half the
# generated articles), (c) a comment-only edit, (d) a lexicon edit
# (re-extracts everything).
#
#   scripts/bench-rules.sh N [WORKDIR] [BINARY...]
#
# Generates N articles with examples/gen_corpus (seed 7) unless CORPUS is
# set, and measures each binary (default: this tree's `eval` build); pass
# another build (e.g. main's) to compare. Prints a Markdown table; wall
# time and peak RSS from /usr/bin/time. Needs about 1 GB per 10k articles
# in WORKDIR (default /tmp/cg-bench-rules); removes it at the end.
set -euo pipefail
N=${1:?usage: scripts/bench-rules.sh N [WORKDIR] [BINARY...]}
WORK=${2:-/tmp/cg-bench-rules}/$N
shift $(( $# >= 2 ? 2 : 1 ))
cd "$(dirname "$0")/.."
cargo build --profile eval --quiet --example gen_corpus --bin claimgraph
rm -rf "$WORK" && mkdir -p "$WORK"
cp target/eval/claimgraph "$WORK/claimgraph-this"
BINS=("$WORK/claimgraph-this" "$@")
if [ -z "${CORPUS:-}" ]; then
    target/eval/examples/gen_corpus --n "$N" --seed 7 --out "$WORK/corpus" 2>/dev/null
    CORPUS=$WORK/corpus
fi

# The rule trees: the bundled rules, and each edit of them.
cp -r data/rules "$WORK/base"
edit() { rm -rf "$WORK/$1" && cp -r "$WORK/base" "$WORK/$1" && sed -i "$2" "$WORK/$1/$3"; }
edit rare 's/pattern: r"unacceptab(?:le|ly|ility)|/pattern: r"unacceptab(?:le|ly|ility)|untenable|/' core/stances.ron
edit common 's/pattern: r"rul(?:e|es|ed|ing) out|/pattern: r"rul(?:e|es|ed|ing) out|quagmire|/' core/stances.ron
edit comment '1i // reviewed' core/stances.ron
edit lexicon 's/venues: \["X",/venues: ["X", "Radio Quill",/' core/lexicon.ron
for e in rare common comment lexicon; do
    if diff -rq "$WORK/base" "$WORK/$e" >/dev/null; then echo "edit $e did not apply" >&2; exit 1; fi
done

measure() {
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$@" >"$WORK/out" 2>&1 || { cat "$WORK/out" >&2; return 1; }
    awk '{printf "%.1f s, %.0f MiB", $1, $2/1024}' "$WORK/time"
}

echo "| $N articles | ingest from scratch | stance edit, rare (stance.unacceptable) | stance edit, common (stance.rule-out) | comment only | lexicon edit |"
echo "|---|---|---|---|---|---|"
for bin in "${BINS[@]}"; do
    row="| $bin | $(measure "$bin" ingest -q "$CORPUS" --rules "$WORK/base" --graph "$WORK/base-graph/g.ron")"
    for e in rare common comment lexicon; do
        rm -rf "$WORK/run" && cp -r "$WORK/base-graph" "$WORK/run"
        row="$row | $(measure "$bin" ingest "$CORPUS" --rules "$WORK/$e" --graph "$WORK/run/g.ron")"
        line=$(grep -o "rules changed: [^;]*" "$WORK/out" || true)
        [ -n "$line" ] && row="$row ($line)"
    done
    echo "$row |"
    rm -rf "$WORK/base-graph" "$WORK/run"
done
rm -rf "$WORK"
