#!/usr/bin/env bash
# Writes what `kip` makes of the bundled examples into DIR, one file per command, so
# that two builds can be compared byte for byte (a refactoring changes none of it):
#
#   scripts/outputs.sh target/outputs-before            # with target/debug/kip
#   (change the code; cargo build -p kip-cli)
#   scripts/outputs.sh target/outputs-after && diff -r target/outputs-before target/outputs-after
#
# KIP names the binary (default target/debug/kip). The HTML report carries the date it
# was made, so its date line is left out.
set -uo pipefail
out="${1:?usage: scripts/outputs.sh DIR}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kip="${KIP:-$root/target/debug/kip}"
case "$kip" in /*) ;; *) kip="$PWD/$kip" ;; esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"
cd "$root"
m=examples/monev-2025
batch=("$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" "$m/submissions/banten-opd.json"
    --verification "$m/verification.json" --stage-scores "$m/stage-scores.json" --roster "$m/roster.json")
ikip=(examples/ikip-2024/instrument.json examples/ikip-2024/submissions.jsonl
    --stage-scores examples/ikip-2024/stage-scores.csv --roster examples/ikip-2024/roster.csv)
run() { # NAME ARGS...: standard output, standard error and the exit status
    local name="$1"
    shift
    "$kip" "$@" > "$out/$name.out" 2> "$out/$name.err"
    echo "$?" > "$out/$name.status"
}
run score-json score "${batch[@]}" --format json
run score-csv score "${batch[@]}" --format csv
run score-csv-id score "${batch[@]}" --format csv --csv-locale id
run score-table score "${batch[@]}" --format table
run score-table-en score "${batch[@]}" --format table --lang en
run score-ikip score "${ikip[@]}" --format json
run score-csv-input score "$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" --without-stage-scores
run report score "${batch[@]}" --format html
sed -i '/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]/d' "$out/report.out"
run explain explain "$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" --agency 3601 \
    --verification "$m/verification.json" --stage-scores "$m/stage-scores.json"
run explain-json explain "$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" --agency 3673 --json
run validate validate "$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" "$m/submissions/banten-opd.json" \
    --verification "$m/verification.json" --stage-scores "$m/stage-scores.json" --roster "$m/roster.json"
run validate-invalid validate "$m/instrument.json" examples/invalid/batch.jsonl examples/invalid/submission-problems.json
run validate-instrument validate examples/invalid/instrument-problems.json
run score-invalid score "$m/instrument.json" examples/invalid/batch.jsonl examples/invalid/not-json.json --without-stage-scores
run sensitivity sensitivity "${batch[@]}" --samples 200 --seed 7
(cd "$out" && "$kip" template "$root/$m/instrument.json" --output template.csv > template.out 2> template.err)
"$kip" score "${batch[@]}" --format json > "$out/new.json" 2> /dev/null
"$kip" score "$m/instrument.json" "$m/submissions/banten-kabkota.jsonl" --without-stage-scores --format json > "$out/old.json" 2> /dev/null
run diff diff "$out/old.json" "$out/new.json" --instrument "$m/instrument.json"
for command in "" score report explain diff validate sensitivity template schemas; do
    run "help-${command:-kip}" $command --help
done
echo "scripts/outputs.sh: $(ls "$out" | wc -l) files in $out"
