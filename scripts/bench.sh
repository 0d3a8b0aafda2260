#!/usr/bin/env bash
# Run the benchmarks (`make bench`): every bench/bench_<name>.py, or only the names given, with the venv's python.
#
#   bash scripts/bench.sh            # all
#   bash scripts/bench.sh diff cloud # bench/bench_diff.py and bench/bench_cloud.py
#
# Each benchmark prints its report on stdout and writes bench/results/<name>.json (an ignored folder); this
# script removes the old report first and checks that the run wrote a valid one. Exit status: 0 when every
# benchmark succeeded (or there are none yet), 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${BENCH_PYTHON:-$ROOT/.venv/bin/python}"
RESULTS="$ROOT/bench/results"

log() { echo "==> bench: $*"; }

[[ -x "$PYTHON" ]] || {
	echo "==> bench: ERROR: no python at $PYTHON (run \`make venv\`)" >&2
	exit 1
}
mkdir -p "$RESULTS"

benches=()
if [[ $# -gt 0 ]]; then
	for name in "$@"; do
		file="$ROOT/bench/bench_${name#bench_}"
		file="${file%.py}.py"
		[[ -f "$file" ]] || {
			echo "==> bench: ERROR: no benchmark $file" >&2
			exit 1
		}
		benches+=("$file")
	done
else
	shopt -s nullglob
	benches=("$ROOT"/bench/bench_*.py)
	shopt -u nullglob
fi

if [[ ${#benches[@]} -eq 0 ]]; then
	log "no benchmarks yet (bench/bench_*.py)"
	exit 0
fi

failed=()
for file in "${benches[@]}"; do
	name="$(basename "$file" .py)"
	name="${name#bench_}"
	report="$RESULTS/$name.json"
	rm -f "$report"
	log "$name"
	started=$SECONDS
	if (cd "$ROOT" && "$PYTHON" "$file"); then
		if [[ ! -f "$report" ]]; then
			echo "==> bench: ERROR: $name did not write bench/results/$name.json" >&2
			failed+=("$name")
		elif ! "$PYTHON" -m json.tool "$report" >/dev/null 2>&1; then
			echo "==> bench: ERROR: bench/results/$name.json is not valid JSON" >&2
			failed+=("$name")
		else
			log "$name done in $((SECONDS - started))s -> bench/results/$name.json"
		fi
	else
		echo "==> bench: ERROR: $name failed (exit $?)" >&2
		failed+=("$name")
	fi
done

if [[ ${#failed[@]} -gt 0 ]]; then
	echo "==> bench: ${#failed[@]} of ${#benches[@]} failed: ${failed[*]}" >&2
	exit 1
fi
log "${#benches[@]} benchmark(s) done"
