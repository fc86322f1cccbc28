#!/usr/bin/env bash
# kip against DuckDB running the same rules in SQL (scripts/duckdb_rules.py), timed in
# one run on the generator's batch: 10,000 bodies × 150 questions as JSON Lines, the
# verification and stage scores as pretty JSON, the roster as CSV. Installs duckdb for
# Python into a fresh virtual environment (from PyPI). Prints both medians, the ratio,
# and how many bodies' finals, qualifications and ranks agree.
# Usage: bash scripts/duckdb_rules.sh [bodies] [runs]   (default: 10000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
bodies="${1:-10000}"
runs="${2:-5}"
cargo build -q --release -p kip-cli
cargo build -q --release --example generate
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q --disable-pip-version-check duckdb
target/release/examples/generate --bodies "$bodies" --questions 150 --seed 7 \
    --submissions jsonl --side pretty --out "$work/batch" >/dev/null 2>&1
"$work/venv/bin/python" scripts/duckdb_rules.py target/release/kip "$work/batch" --runs "$runs"
