#!/usr/bin/env bash
# Explorer page latencies on a stored graph (issue 20): starts
# `claimgraph serve` on GRAPH, fetches each page three times with curl and
# prints the best time as a Markdown row, then the same with one review
# recorded (so the corrections overlay is in play). Make the store with
# examples/gen_corpus and `claimgraph ingest` (see scripts/bench-store.sh).
#
#   scripts/bench-serve.sh GRAPH [BIN]
set -eu
G=${1:?usage: scripts/bench-serve.sh GRAPH [BIN]}
BIN=${2:-target/eval/claimgraph}
PORT=${PORT:-18420}
rm -f "$G.corrections.ron"
start=$(date +%s.%N)
"$BIN" serve -q -g "$G" --port "$PORT" >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null' EXIT
until curl -s -o /dev/null "http://127.0.0.1:$PORT/assets/explorer.css"; do sleep 0.2; done
echo "| start (index opened, overlay read) | $(echo "$(date +%s.%N) - $start" | bc | xargs printf '%.1f s') |"
best() {
    local b=""
    for _ in 1 2 3; do
        local t; t=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$PORT$1")
        if [ -z "$b" ] || [ "$(echo "$t < $b" | bc)" = 1 ]; then b=$t; fi
    done
    printf '%.0f ms' "$(echo "$b * 1000" | bc)"
}
URLS=(
    "/"
    "/?page=2000"
    "/?q=ceasefire"
    "/?actor=Zakharova"
    "/?topic=ceasefire"
    "/?kind=indirect&since=2025-06-01&until=2025-06-30"
    "/?outlet=Reuters"
    "/?show=stances"
    "/?show=stances&topic=ceasefire&stance=rejects"
    "/actors"
    "/actor?name=Maria%20Zakharova"
    "/topics"
    "/topic?id=ceasefire"
    "/diagram.svg?actor=Zakharova&since=2025-06-01&until=2025-06-30"
    "/diagram.svg?view=stances&topic=ceasefire"
)
run_all() {
    for u in "${URLS[@]}"; do echo "| \`$u\` $1| $(best "$u") |"; done
    local ev; ev=$(curl -s "http://127.0.0.1:$PORT/?actor=Zakharova" | grep -o 'href="/evidence[^"]*"' | head -1 | sed 's/href="//; s/"$//; s/&amp;/\&/g')
    echo "| evidence page $1| $(best "$ev") |"
}
run_all ""
# One review: the first statement of the actor is wrong.
ev=$(curl -s "http://127.0.0.1:$PORT/?actor=Zakharova" | grep -o 'href="/evidence[^"]*"' | head -1 | sed 's/href="\/evidence?//; s/"$//; s/&amp;/\&/g')
t=$(curl -s -o /dev/null -w '%{time_total}' -X POST --data "$ev&action=wrong&coder=bench" "http://127.0.0.1:$PORT/correct")
printf '| record a correction | %.0f ms |\n' "$(echo "$t * 1000" | bc)"
run_all "(1 review) "
rm -f "$G.corrections.ron"
