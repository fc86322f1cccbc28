#!/usr/bin/env bash
# The national run, end to end: the generator's national batch (100,000 bodies × 150
# questions as JSON Lines, the verification and stage scores as pretty JSON, the roster
# as CSV) scored by the release `kip`, five times; prints each run's wall time and peak
# memory (GNU time) and their medians. Usage: bash scripts/national.sh [bodies]
set -euo pipefail
cd "$(dirname "$0")/.."
bodies="${1:-100000}"
cargo build -q --release -p kip-cli
cargo build -q --release --example generate
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
target/release/examples/generate --bodies "$bodies" --questions 150 --seed 7 \
    --submissions jsonl --side pretty --out "$work/national" >/dev/null 2>&1
n="$work/national"
echo "national batch: $bodies bodies, $(( $(stat -c %s "$n/submissions.jsonl") >> 20 )) MB of JSON Lines"
for run in 1 2 3 4 5; do
    /usr/bin/time -f "%e %M" -o "$work/time" target/release/kip score "$n/instrument.json" \
        "$n/submissions.jsonl" --verification "$n/verification.json" \
        --stage-scores "$n/stage-scores.json" --roster "$n/roster.csv" \
        -o "$work/results.json" 2>/dev/null || true
    read -r seconds kilobytes < "$work/time"
    printf 'run %d: %5.2f s  %4d MB peak\n' "$run" "$seconds" "$(( kilobytes >> 10 ))"
    echo "$seconds $kilobytes" >> "$work/runs"
done
sort -n "$work/runs" | sed -n 3p | {
    read -r seconds kilobytes
    printf 'median: %5.2f s  %4d MB peak (results: %d MB)\n' "$seconds" "$(( kilobytes >> 10 ))" \
        "$(( $(stat -c %s "$work/results.json") >> 20 ))"
}
