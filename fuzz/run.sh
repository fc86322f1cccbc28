#!/usr/bin/env bash
# Fuzzes kip-index with libFuzzer through cargo-fuzz on the stable toolchain.
#   fuzz/run.sh               every target for 10 minutes each
#   fuzz/run.sh batch 60      one target for 60 seconds
#   FAST=1 fuzz/run.sh csv    throughput: no AddressSanitizer (the crate is safe Rust;
#                             panics and aborts are still caught) and no comparison
#                             tracing: about 2-3 times the executions a second
# cargo-fuzz is installed here if missing; crashes land in fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")"
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
targets=("${1:-instrument submission batch csv workbook diff differential}")
seconds="${2:-600}"
for target in ${targets[@]}; do
    mkdir -p "corpus/$target"
    RUSTC_BOOTSTRAP=1 cargo fuzz run ${FAST:+-s none --no-trace-compares} "$target" "corpus/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -print_final_stats=1
done
