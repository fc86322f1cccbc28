#!/usr/bin/env bash
# Time and peak memory of `kip score` on the same generated answers in every framing
# (JSON Lines, a compact and a pretty JSON array, an Indonesian CSV is in the benches),
# at 10,000 and 100,000 bodies of 150 questions: the median of five runs each, with
# GNU time. Usage: bash scripts/framings.sh [bodies...]   (default: 10000 100000)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p kip-cli
cargo build -q --release --example generate
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
sizes=("${@:-10000 100000}")
for bodies in ${sizes[@]}; do
    for shape in jsonl compact pretty; do
        out="$work/$shape-$bodies"
        target/release/examples/generate --bodies "$bodies" --questions 150 --seed 7 \
            --submissions "$shape" --out "$out" >/dev/null 2>&1
        file=$(ls "$out"/submissions.*)
        for run in 1 2 3 4 5; do
            /usr/bin/time -f "%e %M" -o "$work/time" target/release/kip score \
                "$out/instrument.json" "$file" --without-stage-scores -o "$work/results.json" \
                2>/dev/null || true
            cat "$work/time"
        done | sort -n | sed -n 3p | {
            read -r seconds kilobytes
            printf '%7d bodies  %-8s %6s MB file  %6.2f s  %6d MB peak\n' "$bodies" "$shape" \
                "$(( $(stat -c %s "$file") >> 20 ))" "$seconds" "$(( kilobytes >> 10 ))"
        }
        rm -rf "$out"
    done
done
